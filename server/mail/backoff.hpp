#pragma once
// When to try a mail again after the SMTP server did not take it. Pure. Delays double from a
// minute up to an hour, so a short outage costs little delay and a long one little traffic; a
// mail that could not be sent for days is given up (and kept, with its last error).
#include <chrono>
#include <optional>

#include "core/clock.hpp"

namespace plenary::mail {

struct RetryPolicy {
  std::chrono::seconds first_delay{60};
  std::chrono::seconds longest_delay{3600};
  std::chrono::seconds give_up_after{std::chrono::hours(24 * 3)};
};

// The wait after the given number of failed attempts (1 or more).
std::chrono::seconds retry_delay(int failed_attempts, const RetryPolicy& policy);

// When to try again after a failure at `now`, or nothing when the mail, queued at `queued_at`,
// has waited long enough and is given up.
std::optional<TimePoint> next_attempt_after_failure(int failed_attempts, TimePoint queued_at,
                                                    TimePoint now, const RetryPolicy& policy);

}  // namespace plenary::mail
