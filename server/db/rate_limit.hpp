#pragma once
// Requests counted per bucket (e.g. "offer:<address>") and fixed window in the rate_limits
// table, so that a limit holds across every server process.
#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::db {

struct RateRule {
  std::string bucket;
  int limit = 0;  // requests allowed per window
  std::chrono::seconds window{600};
  std::string refusal;  // the detail of the 429 answer
};

// Counts one more request in the window `now` falls in, committed on its own so that refused
// requests are counted too; beyond the limit, too_many_requests with the seconds left.
Status count_request(Connection& db, TimePoint now, const RateRule& rule);

}  // namespace plenary::db
