#pragma once
// The demo's meetings of Riverside Branch, held through the same use cases as the web app: a
// September meeting that decided a plan in the room, an October meeting that approved its minutes,
// and the November meeting next week, its agenda published (with the October minutes to approve
// and a proposal to decide) and the first replies in.
#include <cstdint>
#include <map>
#include <string>

#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::demo {

// `groups` and `people` map the demo's keys ("riverside"; "chidi", "farah", …) to ids.
Status load_meetings(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                     const std::map<std::string, std::int64_t>& people);

}  // namespace plenary::demo
