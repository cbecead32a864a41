#pragma once
// What the rest of the server uses from the meetings module: the routes (votes in the room are
// ballots of `votes`), the live room check, and the ticker's job.
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "http/router.hpp"

namespace plenary::votes {
class Service;
struct BallotChange;
}  // namespace plenary::votes

namespace plenary::meetings {

void register_routes(http::Router& router, const Clock& clock, votes::Service& votes);

// Rooms "meeting:<id>": whoever may see the meeting (its group's supporters and members, officers
// above it, site admins) may follow it.
Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room);

// The votes module's on_change hook: a meeting's vote that closed or was cancelled, by the
// meeting's chair, through the ballots API or otherwise, reaches the meeting's live room
// (vote.closed) and, when it approved earlier minutes, publishes them. Runs inside the ballot's
// transaction; a ballot that is no meeting's vote is left alone.
Status on_ballot_change(db::Tx& tx, const votes::BallotChange& change);

// For the ticker: publishes the agendas that are due (safe in several processes at once).
void run_due(db::Connection& db, const Clock& clock);

}  // namespace plenary::meetings
