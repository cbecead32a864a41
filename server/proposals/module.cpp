// What the rest of the server uses from the proposals module (module.hpp); routes are in
// routes.cpp.
#include "proposals/module.hpp"

#include "events/rooms.hpp"
#include "proposals/repo.hpp"
#include "proposals/service.hpp"
#include "votes/service.hpp"

namespace plenary::proposals {

Status on_ballot_change(db::Tx& tx, const votes::BallotChange& change) {
  const auto at = repo::ballot_change_time(tx, change.ballot_id, change.status);
  return ballot_changed(tx, change.ballot_id, change.status, change.outcome, at);
}

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  auto id = events::room_id(room, "proposals:");
  if (!id)
    return events::unknown_room(room);
  return authorize_live(db, viewer, *id);
}

}  // namespace plenary::proposals
