// Retry timing of the mail queue: doubling delays, the cap, and giving up.
#include <gtest/gtest.h>

#include <chrono>
#include <utility>
#include <vector>

#include "mail/backoff.hpp"

namespace plenary::mail {
namespace {

using namespace std::chrono;

TEST(MailBackoff, DoublesFromAMinuteUpToAnHour) {
  const RetryPolicy policy;
  const std::vector<std::pair<int, seconds>> table{
      {1, minutes(1)},   {2, minutes(2)},       {3, minutes(4)},  {4, minutes(8)},
      {5, minutes(16)},  {6, minutes(32)},      {7, minutes(60)}, {8, minutes(60)},
      {50, minutes(60)}, {100000, minutes(60)},
  };
  for (const auto& [failures, delay] : table)
    EXPECT_EQ(retry_delay(failures, policy), delay) << failures << " failures";
}

TEST(MailBackoff, FollowsAnotherPolicy) {
  const RetryPolicy policy{.first_delay = seconds(10), .longest_delay = seconds(45)};
  EXPECT_EQ(retry_delay(1, policy), seconds(10));
  EXPECT_EQ(retry_delay(2, policy), seconds(20));
  EXPECT_EQ(retry_delay(3, policy), seconds(40));
  EXPECT_EQ(retry_delay(4, policy), seconds(45));
}

TEST(MailBackoff, NextAttemptIsNowPlusTheDelay) {
  const RetryPolicy policy;
  const TimePoint queued = sys_days{year{2026} / 11 / 21};
  const TimePoint now = queued + hours(5);
  EXPECT_EQ(next_attempt_after_failure(1, queued, now, policy), now + minutes(1));
  EXPECT_EQ(next_attempt_after_failure(3, queued, now, policy), now + minutes(4));
  EXPECT_EQ(next_attempt_after_failure(12, queued, now, policy), now + hours(1));
}

TEST(MailBackoff, GivesUpAfterThreeDaysOfTrying) {
  const RetryPolicy policy;
  const TimePoint queued = sys_days{year{2026} / 11 / 21};
  EXPECT_TRUE(next_attempt_after_failure(80, queued, queued + hours(72) - seconds(1), policy));
  EXPECT_FALSE(next_attempt_after_failure(80, queued, queued + hours(72), policy));
  EXPECT_FALSE(next_attempt_after_failure(2, queued, queued + days(30), policy));
  const RetryPolicy patient{.give_up_after = days(7)};
  EXPECT_TRUE(next_attempt_after_failure(80, queued, queued + days(5), patient));
}

}  // namespace
}  // namespace plenary::mail
