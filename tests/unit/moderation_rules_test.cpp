// Moderation's own rules: flag details, suspension checks, date-times and page cursors.
#include <gtest/gtest.h>

#include "moderation/rules.hpp"

namespace plenary::moderation {
namespace {
using namespace std::chrono_literals;

const TimePoint march_first = TimePoint(std::chrono::sys_days(std::chrono::year(2025) / 3 / 1));

TEST(FlagRules, OtherNeedsADetail) {
  EXPECT_TRUE(check_flag_detail("other", "").has_value());
  EXPECT_EQ(check_flag_detail("other", "")->field, "detail");
  EXPECT_FALSE(check_flag_detail("other", "Doxxing someone").has_value());
  EXPECT_FALSE(check_flag_detail("spam", "").has_value());
}

TEST(DateTimes, ReadsTheCommonShapes) {
  EXPECT_EQ(parse_date_time("2025-03-01T18:30Z"), march_first + 18h + 30min);
  EXPECT_EQ(parse_date_time("2025-03-01T18:30:15Z"), march_first + 18h + 30min + 15s);
  EXPECT_EQ(parse_date_time("2025-03-01T18:30:15.25Z"), march_first + 18h + 30min + 15s + 250ms);
  EXPECT_EQ(parse_date_time("2025-03-01T18:30:15.123456789Z"),
            march_first + 18h + 30min + 15s + 123456us);
  EXPECT_EQ(parse_date_time("2025-03-01T18:30"), march_first + 18h + 30min);
  EXPECT_EQ(parse_date_time("2025-03-01 18:30:00"), march_first + 18h + 30min);
  EXPECT_EQ(parse_date_time("2025-03-01T18:30:00+01:00"), march_first + 17h + 30min);
  EXPECT_EQ(parse_date_time("2025-03-01T00:30:00-02:00"), march_first + 2h + 30min);
}

TEST(DateTimes, RefusesTheRest) {
  for (const char* text :
       {"", "2025-03-01", "2025-13-01T10:00Z", "2025-02-29T10:00Z", "2025-03-01T24:00Z",
        "2025-03-01T10:60Z", "2025-03-01T10:00:61Z", "2025-03-01T10:00+1", "2025-03-01T10:00Zjunk",
        "2025-03-01T10:00:00.Z", "tomorrow", "2025-3-1T10:00Z"}) {
    EXPECT_FALSE(parse_date_time(text).has_value()) << text;
  }
}

TEST(SuspensionRules, MustEndInTheFuture) {
  const auto past = check_suspension(march_first - 1s, march_first, false, "North", false);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().fields.at(0).field, "ends_at");
  EXPECT_FALSE(check_suspension(march_first, march_first, false, "North", false).ok());
  EXPECT_TRUE(check_suspension(march_first + 1s, march_first, false, "North", false).ok());
}

TEST(SuspensionRules, NotOneselfNorAModerator) {
  const auto self = check_suspension(march_first + 1h, march_first, false, "North", true);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().fields.at(0).field, "person_id");
  const auto moderator = check_suspension(march_first + 1h, march_first, true, "North", false);
  ASSERT_FALSE(moderator.ok());
  EXPECT_EQ(moderator.error().kind, ErrorKind::forbidden);
  EXPECT_EQ(moderator.error().code, "target_is_moderator");
}

TEST(Cursors, QueueCursorRoundTrips) {
  const QueueCursor cursor{1740830400123456, 77};
  EXPECT_EQ(decode_queue_cursor(encode_queue_cursor(cursor)), cursor);
  for (const char* text : {"", "12", "12.", ".5", "a.5", "12.0", "12.-5", "-1.5", "1.2.3"}) {
    EXPECT_FALSE(decode_queue_cursor(text).has_value()) << text;
  }
}

TEST(Cursors, IdCursorRoundTrips) {
  EXPECT_EQ(decode_id_cursor(encode_id_cursor(981)), 981);
  for (const char* text : {"", "0", "-4", "12a", " 12"}) {
    EXPECT_FALSE(decode_id_cursor(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace plenary::moderation
