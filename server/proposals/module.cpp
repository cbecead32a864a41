// What the rest of the server uses from the proposals module (module.hpp); routes are in
// routes.cpp.
#include "proposals/module.hpp"

#include "proposals/repo.hpp"
#include "proposals/service.hpp"
#include "votes/service.hpp"

namespace plenary::proposals {

Status on_ballot_change(db::Tx& tx, const votes::BallotChange& change) {
  const auto at = repo::ballot_change_time(tx, change.ballot_id, change.status);
  return ballot_changed(tx, change.ballot_id, change.status, change.outcome, at);
}

}  // namespace plenary::proposals
