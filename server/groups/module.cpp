// What the rest of the server uses from the groups module (module.hpp); routes are in routes.cpp.
#include "groups/module.hpp"

#include "events/rooms.hpp"
#include "groups/json.hpp"
#include "groups/service.hpp"

namespace plenary::groups {

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  auto id = events::room_id(room, "group:");
  if (!id)
    return events::unknown_room(room);
  return authorize_live(db, viewer, *id);
}

nlohmann::json memberships_of(db::Connection& db, std::int64_t person_id) {
  return personal_memberships_json(memberships_of_person(db, person_id));
}

}  // namespace plenary::groups
