#include "stories/module.hpp"

namespace plenary::stories {

void register_routes(http::Router&, const Clock&) {}

}  // namespace plenary::stories
