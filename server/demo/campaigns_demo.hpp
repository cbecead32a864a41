#pragma once
// The demo's campaigns: a live petition with confirmed (some hidden) signatures, and a published
// story with comments, made through the petitions and stories use cases.
#include <cstdint>
#include <map>
#include <string>

#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::demo {

// `groups` and `people` map the demo's keys ("riverside"; "chidi", "farah", …) to ids.
Status load_campaigns(db::Connection& db, const std::map<std::string, std::int64_t>& groups,
                      const std::map<std::string, std::int64_t>& people);

}  // namespace plenary::demo
