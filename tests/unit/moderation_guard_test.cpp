// The posting guard's decision as a table: suspension, slow mode, the per-minute limit and the
// new-account limit, each at and around its edge.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "moderation/posting_rules.hpp"

namespace plenary::moderation {
namespace {
using namespace std::chrono_literals;

// 2025-03-01T12:00:00Z
const TimePoint noon = TimePoint(std::chrono::sys_days(std::chrono::year(2025) / 3 / 1)) + 12h;

PostingAttempt reply_in_thread(int slow_mode_seconds = 0, bool moderator = false) {
  return {.person_id = 7,
          .group_id = 3,
          .thread_id = 11,
          .slow_mode_seconds = slow_mode_seconds,
          .moderator = moderator};
}

PostingAttempt new_thread() {
  return {.person_id = 7, .group_id = 3, .thread_id = std::nullopt};
}

PostingRecord seasoned() {
  PostingRecord record;
  record.account_created_at = noon - 24h * 90;
  return record;
}

// `count` posts, the newest `newest_age` ago and each `spacing` older than the one before.
std::vector<TimePoint> posts(int count, std::chrono::milliseconds newest_age,
                             std::chrono::milliseconds spacing) {
  std::vector<TimePoint> times;
  for (int i = 0; i < count; ++i)
    times.push_back(noon - newest_age - spacing * i);
  return times;
}

struct Case {
  std::string name;
  PostingAttempt attempt;
  PostingRecord record;
  // Expected: "" allowed, else the code and (for 429) the Retry-After seconds.
  std::string code;
  int retry_after = 0;
};

std::vector<Case> cases() {
  std::vector<Case> table;
  auto add = [&](std::string name, PostingAttempt attempt, PostingRecord record, std::string code,
                 int retry_after = 0) {
    table.push_back({std::move(name), attempt, std::move(record), std::move(code), retry_after});
  };

  add("nothing in the way", reply_in_thread(), seasoned(), "");

  {
    auto record = seasoned();
    record.suspension = ActiveSuspension{"North Branch", noon + 48h, "spam"};
    add("suspended here or above", reply_in_thread(), record, "suspended");
    add("suspended also for new threads", new_thread(), record, "suspended");
    add("suspension beats moderator status", reply_in_thread(0, true), record, "suspended");
  }
  {
    auto record = seasoned();
    record.suspension = ActiveSuspension{"North Branch", noon, "spam"};
    add("a suspension ending now no longer counts", reply_in_thread(), record, "");
  }

  {
    auto record = seasoned();
    record.last_post_in_thread = noon - 10s;
    add("slow mode: 60 s, posted 10 s ago", reply_in_thread(60), record, "slow_mode", 50);
    add("slow mode does not hold moderators", reply_in_thread(60, true), record, "");
    add("no slow mode", reply_in_thread(0), record, "");
    add(
        "slow mode is about replies, not new threads",
        [] {
          auto attempt = new_thread();
          attempt.slow_mode_seconds = 60;
          return attempt;
        }(),
        record, "");
  }
  {
    auto record = seasoned();
    record.last_post_in_thread = noon - 60s;
    add("slow mode: exactly the interval later", reply_in_thread(60), record, "");
  }
  {
    auto record = seasoned();
    record.last_post_in_thread = noon - 59s - 500ms;
    add("slow mode rounds the wait up", reply_in_thread(60), record, "slow_mode", 1);
  }
  {
    auto record = seasoned();
    add("slow mode with no earlier post of theirs", reply_in_thread(3600), record, "");
  }

  {
    auto record = seasoned();
    record.recent_posts = posts(9, 1s, 1s);
    add("9 posts in the last minute", reply_in_thread(), record, "");
  }
  {
    auto record = seasoned();
    record.recent_posts = posts(10, 1s, 2s);  // the oldest of them 19 s ago
    add("10 posts in the last minute", reply_in_thread(), record, "rate_limited", 41);
    add("moderators are held to the rate too", reply_in_thread(0, true), record, "rate_limited",
        41);
  }
  {
    auto record = seasoned();
    record.recent_posts = posts(10, 1s, 6s + 600ms);  // the tenth 60.4 s ago
    add("the tenth post has left the minute", reply_in_thread(), record, "");
  }

  {
    auto record = seasoned();
    record.account_created_at = noon - 2h;
    record.recent_posts = posts(2, 30s, 30s);
    add("new account, 2 posts in 10 minutes", reply_in_thread(), record, "");
    record.recent_posts = posts(3, 30s, 60s);  // the third 150 s ago
    add("new account, 3 posts in 10 minutes", reply_in_thread(), record, "rate_limited", 450);
    add("new account also for new threads", new_thread(), record, "rate_limited", 450);
  }
  {
    auto record = seasoned();
    record.account_created_at = noon - 2h;
    record.recent_posts = posts(3, 5min, 2min + 30s);  // the third 10 minutes ago exactly
    add("new account, third post exactly 10 minutes ago", reply_in_thread(), record, "");
  }
  {
    auto record = seasoned();
    record.account_created_at = noon - 24h;
    record.recent_posts = posts(3, 30s, 60s);
    add("a day-old account is no longer new", reply_in_thread(), record, "");
  }
  {
    auto record = seasoned();
    record.account_created_at = noon - 24h + 1s;
    record.recent_posts = posts(3, 30s, 60s);
    add("a second short of a day is still new", reply_in_thread(), record, "rate_limited", 450);
  }
  return table;
}

TEST(PostingGuard, DecisionTable) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto decision = decide_posting(c.attempt, c.record, noon);
    if (c.code.empty()) {
      EXPECT_TRUE(decision.ok()) << decision.error().detail;
      continue;
    }
    ASSERT_FALSE(decision.ok());
    EXPECT_EQ(decision.error().code, c.code);
    if (c.code == "suspended") {
      EXPECT_EQ(decision.error().kind, ErrorKind::forbidden);
    } else {
      EXPECT_EQ(decision.error().kind, ErrorKind::too_many_requests);
      EXPECT_EQ(decision.error().retry_after_seconds, c.retry_after) << decision.error().detail;
    }
  }
}

TEST(PostingGuard, SuspensionSaysWhereUntilWhenAndWhy) {
  auto record = seasoned();
  record.suspension = ActiveSuspension{"North Branch", noon + 48h + 30min, "Repeated insults"};
  const auto decision = decide_posting(reply_in_thread(), record, noon);
  ASSERT_FALSE(decision.ok());
  EXPECT_EQ(decision.error().detail,
            "You are suspended from posting in North Branch until 2025-03-03 12:30 UTC: "
            "Repeated insults");
}

TEST(PostingGuard, SlowModeMessageSaysHowLongToWait) {
  auto record = seasoned();
  record.last_post_in_thread = noon - 10min;
  const auto decision = decide_posting(reply_in_thread(3600), record, noon);
  ASSERT_FALSE(decision.ok());
  EXPECT_EQ(decision.error().retry_after_seconds, 3000);
  EXPECT_NE(decision.error().detail.find("once every 1 hour"), std::string::npos)
      << decision.error().detail;
  EXPECT_NE(decision.error().detail.find("again in 50 minutes"), std::string::npos)
      << decision.error().detail;
}

TEST(PostingGuard, SuspensionComesBeforeRateLimits) {
  auto record = seasoned();
  record.suspension = ActiveSuspension{"North", noon + 1h, "cool off"};
  record.recent_posts = posts(10, 1s, 1s);
  record.last_post_in_thread = noon - 1s;
  const auto decision = decide_posting(reply_in_thread(60), record, noon);
  ASSERT_FALSE(decision.ok());
  EXPECT_EQ(decision.error().code, "suspended");
}

TEST(PostingGuard, TheRepoLoadsEnoughForTheRules) {
  EXPECT_GE(rate_lookback(default_posting_limits), 60s);
  EXPECT_GE(rate_lookback(default_posting_limits), default_posting_limits.new_account_window);
  EXPECT_GE(rate_sample_size(default_posting_limits), default_posting_limits.posts_per_minute);
  EXPECT_GE(rate_sample_size(default_posting_limits), default_posting_limits.new_account_posts);
}

TEST(PostingGuard, ReadableTime) {
  EXPECT_EQ(readable_time(noon + 59s), "2025-03-01 12:00 UTC");
  EXPECT_EQ(readable_time(TimePoint(std::chrono::sys_days(std::chrono::year(1999) / 12 / 31)) +
                          23h + 59min),
            "1999-12-31 23:59 UTC");
}

}  // namespace
}  // namespace plenary::moderation
