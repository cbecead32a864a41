# The Markdown renderer for posts (owned by the markdown module). cmark-gfm and its extensions
# come from Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev.
target_sources(plenary_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/links.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mentions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_cost.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render.cpp)
find_library(CMARK_GFM_LIBRARY cmark-gfm REQUIRED)
find_library(CMARK_GFM_EXTENSIONS_LIBRARY cmark-gfm-extensions REQUIRED)
target_link_libraries(plenary_server PUBLIC ${CMARK_GFM_EXTENSIONS_LIBRARY} ${CMARK_GFM_LIBRARY})
