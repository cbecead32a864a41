#pragma once
// Checked inside the transaction that writes a post: is this person suspended in the group (or a
// group above it), is the thread in slow mode, are they posting too fast? Expected refusals are
// values: 403 `suspended`, 429 `slow_mode` / `rate_limited` with retry_after_seconds.
#include <cstdint>
#include <optional>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace plenary::moderation {

struct PostingAttempt {
  std::int64_t person_id = 0;
  std::int64_t group_id = 0;
  std::optional<std::int64_t> thread_id;  // nothing when starting a thread
  int slow_mode_seconds = 0;
  bool moderator = false;  // moderators are exempt from slow mode
};

Status check_posting(db::Tx& tx, const PostingAttempt& attempt, TimePoint now);

}  // namespace plenary::moderation
