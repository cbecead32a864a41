# The stories module's sources: stories sent in, the editors' review queue, the public section.
target_sources(plenary_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/module.cpp)
