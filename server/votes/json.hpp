#pragma once
// Ballots as the API shows them (see /api/v1/ballots in openapi.json).
#include <nlohmann/json.hpp>

#include "votes/model.hpp"

namespace plenary::votes {

nlohmann::json ballot_json(const Ballot& ballot);
nlohmann::json standing_json(const MyStanding& my);
nlohmann::json can_json(const BallotCan& can);

}  // namespace plenary::votes
