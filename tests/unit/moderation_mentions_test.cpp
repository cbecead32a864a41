// Mentions and who hears of a new post: handles, person-<id>, one notification per person for
// the strongest reason, never the author.
#include <gtest/gtest.h>

#include "notifications/mentions.hpp"
#include "notifications/recipients.hpp"

namespace plenary::notifications {
namespace {

TEST(Mentions, HandleIsTheDisplayNameWithoutSpaces) {
  EXPECT_EQ(handle_for("Anna Smith"), "AnnaSmith");
  EXPECT_EQ(handle_for("  Mo  Ali \t"), "MoAli");
  EXPECT_EQ(handle_for("Zoë Ó Briain"), "ZoëÓBriain");
  EXPECT_EQ(handle_for(""), "");
}

TEST(Mentions, PersonIdHandlesNameThePersonDirectly) {
  const auto lookup = mention_lookup({"@person-42", "Person-7", "person-x", "person-", "person-0"});
  EXPECT_EQ(lookup.person_ids, (std::vector<std::int64_t>{42, 7}));
  // Not ids: kept as names, in case someone is called that.
  EXPECT_EQ(lookup.names, (std::vector<std::string>{"person-x", "person-", "person-0"}));
}

TEST(Mentions, NamesKeepTheirCaseForTheDatabaseToFold) {
  const auto lookup = mention_lookup({"@AnnaSmith", "annasmith", "@ANNASMITH", "Bob"});
  // The same handle in other cases is one mention; the database compares case-blind.
  EXPECT_EQ(lookup.names, (std::vector<std::string>{"AnnaSmith", "Bob"}));
  EXPECT_TRUE(lookup.person_ids.empty());
}

TEST(Mentions, EmptyHandlesAreIgnored) {
  const auto lookup = mention_lookup({"@", "", "  "});
  EXPECT_TRUE(lookup.names.empty());
  EXPECT_TRUE(lookup.person_ids.empty());
}

TEST(Mentions, AtMostTwentyPeoplePerPost) {
  std::vector<std::string> handles;
  for (int i = 0; i < 30; ++i)
    handles.push_back("Person" + std::to_string(i));
  const auto lookup = mention_lookup(handles);
  EXPECT_EQ(lookup.names.size(), max_mentions_per_post);
  EXPECT_EQ(lookup.names.front(), "Person0");
  EXPECT_EQ(lookup.names.back(), "Person19");
}

TEST(Recipients, OneNotificationEachForTheStrongestReason) {
  Interested interested;
  interested.author_id = 1;
  interested.parent_author_id = 2;
  interested.mentioned = {2, 3, 4};
  interested.thread_watchers = {3, 5, 6};
  interested.category_watchers = {2, 6, 7};
  EXPECT_EQ(plan_recipients(interested), (std::vector<Recipient>{
                                             {2, Reason::reply},
                                             {3, Reason::mention},
                                             {4, Reason::mention},
                                             {5, Reason::watched_thread},
                                             {6, Reason::watched_thread},
                                             {7, Reason::watched_category},
                                         }));
}

TEST(Recipients, NeverTheAuthor) {
  Interested interested;
  interested.author_id = 9;
  interested.parent_author_id = 9;  // replying to themselves
  interested.mentioned = {9};
  interested.thread_watchers = {9};
  interested.category_watchers = {9, 10};
  EXPECT_EQ(plan_recipients(interested), (std::vector<Recipient>{{10, Reason::watched_category}}));
}

TEST(Recipients, NobodyInterested) {
  Interested interested;
  interested.author_id = 1;
  EXPECT_TRUE(plan_recipients(interested).empty());
}

TEST(Recipients, KindsAreTheSchemaWords) {
  EXPECT_EQ(reason_kind(Reason::reply), "reply");
  EXPECT_EQ(reason_kind(Reason::mention), "mention");
  EXPECT_EQ(reason_kind(Reason::watched_thread), "watched_thread");
  EXPECT_EQ(reason_kind(Reason::watched_category), "watched_category");
}

}  // namespace
}  // namespace plenary::notifications
