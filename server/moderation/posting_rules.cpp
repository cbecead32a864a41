#include "moderation/posting_rules.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace plenary::moderation {
namespace {
using std::chrono::seconds;

// Whole seconds until `until`, rounded up and at least one: "retry in 0 seconds" would invite
// a request that is refused again.
int seconds_until(TimePoint until, TimePoint now) {
  const auto left = std::chrono::ceil<seconds>(until - now).count();
  return static_cast<int>(std::max<long long>(1, left));
}

std::string plural(long long count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string in_words(int total_seconds) {
  if (total_seconds < 60)
    return plural(total_seconds, "second", "seconds");
  const int minutes = (total_seconds + 59) / 60;
  if (minutes < 60)
    return plural(minutes, "minute", "minutes");
  const int hours = (minutes + 59) / 60;
  return plural(hours, "hour", "hours");
}

Error too_many(std::string detail, int retry_after, std::string code) {
  return {ErrorKind::too_many_requests, std::move(detail), {}, retry_after, std::move(code)};
}

// At most `limit` posts in any `window`: the (limit)th newest post must have left the window.
std::optional<int> window_wait(const std::vector<TimePoint>& newest_first, int limit,
                               seconds window, TimePoint now) {
  if (limit <= 0 || static_cast<int>(newest_first.size()) < limit)
    return std::nullopt;
  const TimePoint oldest_counted = newest_first[static_cast<std::size_t>(limit - 1)];
  if (oldest_counted + window <= now)
    return std::nullopt;
  return seconds_until(oldest_counted + window, now);
}

}  // namespace

std::chrono::seconds rate_lookback(const PostingLimits& limits) {
  return std::max(seconds(60), limits.new_account_window);
}

int rate_sample_size(const PostingLimits& limits) {
  return std::max(limits.posts_per_minute, limits.new_account_posts);
}

Status decide_posting(const PostingAttempt& attempt, const PostingRecord& record, TimePoint now,
                      const PostingLimits& limits) {
  if (record.suspension && record.suspension->ends_at > now) {
    const auto& suspension = *record.suspension;
    return forbidden("You are suspended from posting in " + suspension.group_name + " until " +
                         readable_time(suspension.ends_at) + ": " + suspension.reason,
                     "suspended");
  }

  if (attempt.thread_id && attempt.slow_mode_seconds > 0 && !attempt.moderator &&
      record.last_post_in_thread) {
    const TimePoint allowed_at = *record.last_post_in_thread + seconds(attempt.slow_mode_seconds);
    if (allowed_at > now) {
      const int wait = seconds_until(allowed_at, now);
      return too_many("This thread is in slow mode: everyone may post once every " +
                          in_words(attempt.slow_mode_seconds) + ". You can post again in " +
                          in_words(wait) + ".",
                      wait, "slow_mode");
    }
  }

  if (auto wait = window_wait(record.recent_posts, limits.posts_per_minute, seconds(60), now)) {
    return too_many("You are posting very quickly: at most " +
                        std::to_string(limits.posts_per_minute) +
                        " posts a minute. You can post again in " + in_words(*wait) + ".",
                    *wait, "rate_limited");
  }

  if (now - record.account_created_at < limits.new_account_age) {
    if (auto wait = window_wait(record.recent_posts, limits.new_account_posts,
                                limits.new_account_window, now)) {
      return too_many("New accounts may post " + std::to_string(limits.new_account_posts) +
                          " times every " +
                          in_words(static_cast<int>(limits.new_account_window.count())) +
                          " during their first day. You can post again in " + in_words(*wait) + ".",
                      *wait, "rate_limited");
    }
  }
  return ok();
}

std::string readable_time(TimePoint time) {
  const auto seconds_since_epoch =
      static_cast<std::time_t>(std::chrono::floor<seconds>(time.time_since_epoch()).count());
  std::tm utc{};
  gmtime_r(&seconds_since_epoch, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d UTC", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min);
  return buffer;
}

}  // namespace plenary::moderation
