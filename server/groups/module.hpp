#pragma once
// What the rest of the server uses from the groups module.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "http/router.hpp"

namespace plenary::groups {

void register_routes(http::Router& router, const Clock& clock);

// May this viewer receive the live events of room "group:<id>"? (Other rooms: not_found.)
Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room);

// The person's memberships for /api/v1/me: [{group_id, group_name, group_kind, role, status,
// joined_at}].
nlohmann::json memberships_of(db::Connection& db, std::int64_t person_id);

}  // namespace plenary::groups
