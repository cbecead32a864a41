#pragma once
// What the rest of the server uses from the discussions module.
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "http/router.hpp"

namespace plenary::discussions {

void register_routes(http::Router& router, const Clock& clock);

// Rooms "thread:<id>" and "category:<id>": the viewer must be able to read the place.
Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room);

}  // namespace plenary::discussions
