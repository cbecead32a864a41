# The notifications module's sources, and search's (main wires both when this file exists).
target_sources(plenary_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/digest_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/digests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mentions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/notify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/preferences.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recipients.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../search/readable.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../search/routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../search/rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../search/service.cpp)
