# The meetings module's sources: scheduling, agenda, attendance, live chairing, votes in the room
# (through votes/), minutes and iCalendar feeds.
target_sources(plenary_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ical.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/module.cpp
  ${CMAKE_CURRENT_LIST_DIR}/policy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/repo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/service.cpp)
