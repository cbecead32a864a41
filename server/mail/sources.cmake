# The mail module's sources: outgoing mail queued in PostgreSQL and sent over SMTP with libcurl.
find_package(CURL REQUIRED)
target_sources(plenary_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/backoff.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outbox.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sender.cpp
  ${CMAKE_CURRENT_LIST_DIR}/smtp.cpp)
target_link_libraries(plenary_server PUBLIC CURL::libcurl)
