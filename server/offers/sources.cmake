# The offers module's sources: offers to volunteer, their routing, answers and escalation.
target_sources(plenary_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/module.cpp)
