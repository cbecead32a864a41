#pragma once
// What the rest of the server uses from the stories module: campaign stories sent in by members,
// reviewed by editors and published with a discussion thread.
#include "core/clock.hpp"
#include "http/router.hpp"

namespace plenary::stories {

void register_routes(http::Router& router, const Clock& clock);

}  // namespace plenary::stories
