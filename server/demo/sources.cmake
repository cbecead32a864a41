# The demo organisation: groups and people, then discussions, decisions and meetings made
# through the modules' own use cases.
target_sources(plenary_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/campaigns_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decisions_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/discussions_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/meetings_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/offers_demo.cpp)
