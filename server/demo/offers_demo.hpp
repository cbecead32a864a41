#pragma once
// The demo's offers to volunteer: answered, waiting, and one old enough to be escalated, made
// through the offers use cases.
#include <cstdint>
#include <map>
#include <string>

#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::demo {

// `groups` and `people` map the demo's keys ("riverside"; "chidi", "farah", …) to ids.
Status load_offers(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                   const std::map<std::string, std::int64_t>& people);

}  // namespace plenary::demo
