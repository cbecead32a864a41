#pragma once
// What the rest of the server uses from the proposals module.
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

namespace plenary::proposals {

// Proposals put their questions (the main one and each amendment) to the vote through `votes`.
void register_routes(http::Router& router, const Clock& clock, votes::Service& votes);

// The votes module's on_change hook: moves the proposal or amendment whose ballot opened, closed
// or was cancelled. Runs inside the ballot's transaction, so an error rolls the ballot change
// back with it; a ballot that belongs to no proposal is left alone.
Status on_ballot_change(db::Tx& tx, const votes::BallotChange& change);

// A meeting decides a proposal scheduled "at a meeting" by a vote in the room: links the proposal
// to that meeting's ballot (made by the meetings module in the same transaction, before it
// opens), so that the votes hook moves it as the ballot opens and closes, as for any ballot.
// Conflict (code proposal_not_scheduled) unless the proposal waits to be decided at a meeting.
// `by`: the chair who opened the vote; `at`: now.
Status put_to_meeting_vote(db::Tx& tx, std::int64_t proposal_id, std::int64_t ballot_id,
                           std::int64_t by, const std::string& meeting_title,
                           const std::string& at);

// May this viewer receive the live events of room "proposals:<group id>"?
Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room);

}  // namespace plenary::proposals
