// Notification digests without a database: when one is due, what turning one on does, and the
// mail that lists what the person has not read.
#include <gtest/gtest.h>

#include <chrono>

#include "notifications/digest_rules.hpp"

namespace plenary::notifications {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const TimePoint noon =
    TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 21)) + hours(12);

store::Notification reply_in(std::int64_t id, std::int64_t thread_id, const std::string& title,
                             std::int64_t post_id, const std::string& actor) {
  store::Notification notification;
  notification.id = id;
  notification.kind = "reply";
  notification.actor = store::PersonRef{7, actor};
  notification.thread = store::ThreadRef{thread_id, title};
  notification.post_id = post_id;
  return notification;
}

store::Notification about_page(std::int64_t id, const std::string& kind, const std::string& link,
                               const std::string& detail = "") {
  store::Notification notification;
  notification.id = id;
  notification.kind = kind;
  notification.link = link;
  notification.detail = detail;
  return notification;
}

TEST(NotificationsDigest, ChoicesReadBothWays) {
  for (const auto& name : digest_choice_names()) {
    auto choice = parse_digest_choice(name);
    ASSERT_TRUE(choice) << name;
    EXPECT_EQ(digest_choice_name(*choice), name);
  }
  EXPECT_EQ(digest_choice_names(), (std::vector<std::string>{"off", "daily", "weekly"}));
  EXPECT_FALSE(parse_digest_choice("monthly"));
  EXPECT_FALSE(parse_digest_choice("Daily"));
}

TEST(NotificationsDigest, PeriodsAreADayAndAWeek) {
  EXPECT_EQ(digest_period(DigestChoice::daily), seconds(86400));
  EXPECT_EQ(digest_period(DigestChoice::weekly), seconds(7 * 86400));
  EXPECT_FALSE(digest_period(DigestChoice::off));
}

TEST(NotificationsDigest, FirstDigestIsDueAtOnce) {
  EXPECT_TRUE(digest_due(DigestChoice::daily, std::nullopt, noon));
  EXPECT_TRUE(digest_due(DigestChoice::weekly, std::nullopt, noon));
  EXPECT_FALSE(digest_due(DigestChoice::off, std::nullopt, noon));
}

TEST(NotificationsDigest, DailyIsDueExactlyADayAfterThePrevious) {
  const auto last = noon - hours(24);
  EXPECT_TRUE(digest_due(DigestChoice::daily, last, noon));
  EXPECT_FALSE(digest_due(DigestChoice::daily, last + seconds(1), noon));
  EXPECT_FALSE(digest_due(DigestChoice::daily, noon, noon));
  EXPECT_TRUE(digest_due(DigestChoice::daily, noon - hours(24 * 30), noon));
}

TEST(NotificationsDigest, WeeklyWaitsSevenDays) {
  EXPECT_FALSE(digest_due(DigestChoice::weekly, noon - hours(24), noon));
  EXPECT_FALSE(digest_due(DigestChoice::weekly, noon - hours(24 * 7) + seconds(1), noon));
  EXPECT_TRUE(digest_due(DigestChoice::weekly, noon - hours(24 * 7), noon));
}

TEST(NotificationsDigest, OffIsNeverDue) {
  EXPECT_FALSE(digest_due(DigestChoice::off, noon - hours(24 * 365), noon));
}

TEST(NotificationsDigest, OnlyTurningADigestOnStartsItAfresh) {
  EXPECT_TRUE(digest_restarts(DigestChoice::off, DigestChoice::daily));
  EXPECT_TRUE(digest_restarts(DigestChoice::off, DigestChoice::weekly));
  EXPECT_FALSE(digest_restarts(DigestChoice::daily, DigestChoice::weekly));
  EXPECT_FALSE(digest_restarts(DigestChoice::weekly, DigestChoice::daily));
  EXPECT_FALSE(digest_restarts(DigestChoice::daily, DigestChoice::daily));
  EXPECT_FALSE(digest_restarts(DigestChoice::daily, DigestChoice::off));
  EXPECT_FALSE(digest_restarts(DigestChoice::off, DigestChoice::off));
}

TEST(NotificationsDigest, LinksLeadToThePostThreadOrPage) {
  const std::string base = "https://plenary.example.org/";
  EXPECT_EQ(digest_link(reply_in(1, 12, "Budget", 34, "Ada"), base),
            "https://plenary.example.org/threads/12?post=34");
  auto thread_only = reply_in(2, 12, "Budget", 0, "Ada");
  thread_only.post_id.reset();
  EXPECT_EQ(digest_link(thread_only, base), "https://plenary.example.org/threads/12");
  EXPECT_EQ(digest_link(about_page(3, "offer_received", "/offers/5"), base),
            "https://plenary.example.org/offers/5");
  store::Notification suspended;
  suspended.kind = "suspended";
  EXPECT_EQ(digest_link(suspended, "https://plenary.example.org"),
            "https://plenary.example.org/notifications");
}

TEST(NotificationsDigest, SentencesNameWhoAndWhere) {
  EXPECT_EQ(digest_sentence(reply_in(1, 12, "Budget", 34, "Ada Lovelace")),
            "Ada Lovelace replied to your post in \"Budget\"");
  auto mention = reply_in(2, 12, "Budget", 35, "Ben");
  mention.kind = "mention";
  EXPECT_EQ(digest_sentence(mention), "Ben mentioned you in \"Budget\"");
  auto offer = about_page(3, "offer_received", "/offers/5");
  EXPECT_EQ(digest_sentence(offer), "Someone offered to help");
  offer.actor = store::PersonRef{9, "Cat"};
  EXPECT_EQ(digest_sentence(offer), "Cat offered to help");
  EXPECT_EQ(digest_sentence(about_page(4, "story_submitted", "/stories/review")),
            "Someone sent in a story for review");
  for (const auto* kind : {"watched_thread", "watched_category", "post_hidden", "suspended",
                           "story_reviewed", "offer_escalated", "offer_answered"}) {
    EXPECT_FALSE(digest_sentence(about_page(5, kind, "/x")).empty()) << kind;
    EXPECT_EQ(digest_sentence(about_page(5, kind, "/x")).find("did something"), std::string::npos)
        << kind;
  }
}

TEST(NotificationsDigest, MailListsEachItemWithItsLinkAndHowToChange) {
  const std::vector<store::Notification> listed{
      reply_in(10, 12, "Budget", 34, "Ada"),
      about_page(11, "offer_answered", "/offers/mine", "Matched to a task: leaflets."),
  };
  const auto mail = digest_mail({"zoe@example.org", "Zoë"}, DigestChoice::weekly, listed, 2,
                                "http://127.0.0.1:8080");
  EXPECT_EQ(mail.kind, "notification_digest");
  EXPECT_EQ(mail.to_address, "zoe@example.org");
  EXPECT_EQ(mail.to_name, "Zoë");
  EXPECT_EQ(mail.subject, "Plenary: 2 unread notifications (your weekly digest)");
  EXPECT_TRUE(mail::check_outgoing(mail).ok());
  const auto& body = mail.body_text;
  EXPECT_NE(body.find("Hello Zoë,"), std::string::npos);
  EXPECT_NE(body.find("1. Ada replied to your post in \"Budget\".\n   "
                      "http://127.0.0.1:8080/threads/12?post=34\n"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("2. Your offer to help has been answered.\n   Matched to a task: "
                      "leaflets.\n   http://127.0.0.1:8080/offers/mine\n"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("http://127.0.0.1:8080/profile"), std::string::npos);
  EXPECT_NE(body.find("once a week"), std::string::npos);
  EXPECT_EQ(body.find("more."), std::string::npos);
}

TEST(NotificationsDigest, DailyMailOfOneSaysSo) {
  const auto mail = digest_mail({"ada@example.org", "Ada"}, DigestChoice::daily,
                                {reply_in(1, 3, "Rota", 4, "Ben")}, 1, "http://h");
  EXPECT_EQ(mail.subject, "Plenary: 1 unread notification (your daily digest)");
  EXPECT_NE(mail.body_text.find("You have 1 unread notification on Plenary"), std::string::npos);
  EXPECT_NE(mail.body_text.find("once a day"), std::string::npos);
}

TEST(NotificationsDigest, LongDigestsListFiftyAndCountTheRest) {
  std::vector<store::Notification> listed;
  for (std::int64_t i = 1; i <= 60; ++i)
    listed.push_back(reply_in(i, 100 + i, "Thread " + std::to_string(i), 1000 + i, "Ada"));
  const auto mail =
      digest_mail({"ada@example.org", "Ada"}, DigestChoice::daily, listed, 75, "http://h");
  EXPECT_EQ(mail.subject, "Plenary: 75 unread notifications (your daily digest)");
  EXPECT_NE(mail.body_text.find("50. Ada replied"), std::string::npos);
  EXPECT_EQ(mail.body_text.find("51. "), std::string::npos);
  EXPECT_NE(mail.body_text.find("... and 25 more."), std::string::npos);
  EXPECT_NE(mail.body_text.find("http://h/notifications"), std::string::npos);
}

TEST(NotificationsDigest, HiddenPostReasonIsLabelled) {
  auto hidden = reply_in(1, 3, "Rota", 4, "Mod");
  hidden.kind = "post_hidden";
  hidden.detail = "Off topic\nsecond line";
  const auto mail = digest_mail({"ada@example.org", "Ada"}, DigestChoice::daily, {hidden}, 1, "h");
  EXPECT_NE(mail.body_text.find("   Reason: Off topic\n   second line\n"), std::string::npos)
      << mail.body_text;
}

}  // namespace
}  // namespace plenary::notifications
