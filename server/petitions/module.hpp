#pragma once
// What the rest of the server uses from the petitions module: the routes and the live room check.
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "http/router.hpp"

namespace plenary::petitions {

void register_routes(http::Router& router, const Clock& clock);

// Rooms "petition:<slug>": public, like the petition page; only counts are ever sent there.
Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room);

}  // namespace plenary::petitions
