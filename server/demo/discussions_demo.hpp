#pragma once
// The demo organisation's discussions: categories of every visibility in the national group and
// in Riverside Branch, threads with nested replies, and thanks. Loaded by demo::load in its
// transaction, after the groups and people.
#include <cstdint>
#include <map>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::demo {

// `groups` and `people` map the demo's keys ("national", "riverside"; "alex", "chidi", …) to ids.
Status load_discussions(db::Tx& tx, const std::map<std::string, std::int64_t>& groups,
                        const std::map<std::string, std::int64_t>& people, TimePoint now);

}  // namespace plenary::demo
