# The moderation module's sources (main wires its routes when this file exists).
target_sources(plenary_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/guard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/log.cpp
  ${CMAKE_CURRENT_LIST_DIR}/posting_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/repo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/service.cpp)
