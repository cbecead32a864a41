#include "mail/backoff.hpp"

#include <algorithm>

namespace plenary::mail {

std::chrono::seconds retry_delay(int failed_attempts, const RetryPolicy& policy) {
  auto delay = policy.first_delay;
  // Doubling stops at the cap, so a large count cannot overflow.
  for (int i = 1; i < failed_attempts && delay < policy.longest_delay; ++i)
    delay *= 2;
  return std::min(delay, policy.longest_delay);
}

std::optional<TimePoint> next_attempt_after_failure(int failed_attempts, TimePoint queued_at,
                                                    TimePoint now, const RetryPolicy& policy) {
  if (now - queued_at >= policy.give_up_after)
    return std::nullopt;
  return now + retry_delay(failed_attempts, policy);
}

}  // namespace plenary::mail
