// What the rest of the server uses from the votes module (module.hpp); routes are in routes.cpp.
#include "votes/module.hpp"

#include "events/rooms.hpp"

namespace plenary::votes {

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  auto id = events::room_id(room, "ballot:");
  if (!id)
    return events::unknown_room(room);
  return authorize_live(db, viewer, *id);
}

}  // namespace plenary::votes
