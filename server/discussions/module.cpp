// What the rest of the server uses from the discussions module (module.hpp); routes are in
// routes.cpp.
#include "discussions/module.hpp"

#include "discussions/service.hpp"
#include "events/rooms.hpp"

namespace plenary::discussions {

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  if (auto thread = events::room_id(room, "thread:"))
    return authorize_live(db, viewer, RoomKind::thread, *thread);
  if (auto category = events::room_id(room, "category:"))
    return authorize_live(db, viewer, RoomKind::category, *category);
  return events::unknown_room(room);
}

}  // namespace plenary::discussions
