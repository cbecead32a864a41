#pragma once
// What the rest of the server uses from the votes module: the service (other modules create,
// open and close ballots inside their own transactions), the routes, the live room check.
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "votes/service.hpp"

namespace plenary::votes {

void register_routes(http::Router& router, Service& service);

// Rooms "ballot:<id>": whoever can view the ballot's group may follow it.
Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room);

}  // namespace plenary::votes
