// What the rest of the server uses from the petitions module (module.hpp); routes are in
// routes.cpp.
#include "petitions/module.hpp"

#include "events/rooms.hpp"
#include "petitions/service.hpp"

namespace plenary::petitions {

Status authorize_room(db::Connection& db, const std::optional<Actor>&, const std::string& room) {
  constexpr std::string_view prefix = "petition:";
  if (!room.starts_with(prefix))
    return events::unknown_room(room);
  return authorize_live(db, room.substr(prefix.size()));
}

}  // namespace plenary::petitions
