// What the rest of the server uses from the meetings module (module.hpp); routes are in
// routes.cpp.
#include "meetings/module.hpp"

#include "events/rooms.hpp"
#include "meetings/service.hpp"
#include "votes/service.hpp"

namespace plenary::meetings {

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  auto id = events::room_id(room, "meeting:");
  if (!id)
    return events::unknown_room(room);
  return authorize_live(db, viewer, *id);
}

Status on_ballot_change(db::Tx& tx, const votes::BallotChange& change) {
  return ballot_changed(tx, change.ballot_id, change.status, change.outcome, change.result);
}

void run_due(db::Connection& db, const Clock& clock) {
  // Publishing agendas needs no ballots: the service's votes dependency is not used here.
  publish_due_agendas(db, clock);
}

}  // namespace plenary::meetings
