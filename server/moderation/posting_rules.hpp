#pragma once
// The posting guard's decision, apart from the database: given what was loaded about the person
// and the thread, may they post now? Pure, so every window and limit is tested as a table.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "moderation/guard.hpp"

namespace plenary::moderation {

struct ActiveSuspension {
  std::string group_name;  // the group it was given in: this one or one above it
  TimePoint ends_at;
  std::string reason;
};

// What the repo loaded for one attempt.
struct PostingRecord {
  std::optional<ActiveSuspension> suspension;  // the one that ends last, if several
  std::optional<TimePoint> last_post_in_thread;
  // The person's posts anywhere, newest first, at least those inside the longest rate window.
  std::vector<TimePoint> recent_posts;
  TimePoint account_created_at;
};

struct PostingLimits {
  int posts_per_minute = 10;
  std::chrono::seconds new_account_age{24 * 60 * 60};
  int new_account_posts = 3;
  std::chrono::seconds new_account_window{10 * 60};
};

inline constexpr PostingLimits default_posting_limits{};

// The longest window the rate rules look back over: what the repo must load.
std::chrono::seconds rate_lookback(const PostingLimits& limits);
// How many recent posts the rules need at most.
int rate_sample_size(const PostingLimits& limits);

Status decide_posting(const PostingAttempt& attempt, const PostingRecord& record, TimePoint now,
                      const PostingLimits& limits = default_posting_limits);

// "2025-06-01 14:30 UTC": the suspension's end as people read it.
std::string readable_time(TimePoint time);

}  // namespace plenary::moderation
