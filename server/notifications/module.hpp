#pragma once
// The notification list, its unread count, and search over the discussions.
#include "core/clock.hpp"
#include "http/router.hpp"

namespace plenary::notifications {

void register_routes(http::Router& router, const Clock& clock);

}  // namespace plenary::notifications
