#pragma once
// The demo's proposals and ballots, made through the same use cases as the web app: a branch
// that decided a proposal by secret ballot, a proposal still gathering support, a closed STV
// candidate selection whose BLT recount gives the published result, and an approval ballot open
// for a week.
#include <cstdint>
#include <map>
#include <string>

#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::demo {

Status load_decisions(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                      const std::map<std::string, std::int64_t>& people);

}  // namespace plenary::demo
