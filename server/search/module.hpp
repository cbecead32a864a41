#pragma once
// Full-text search over threads and posts, showing only what the viewer may read.
#include "core/clock.hpp"
#include "http/router.hpp"

namespace plenary::search {

void register_routes(http::Router& router, const Clock& clock);

}  // namespace plenary::search
