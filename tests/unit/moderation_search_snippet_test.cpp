// Search's pure parts: snippets that can carry <mark> and nothing else, the page cursor, the date
// filters, and which categories the policy lets a person search.
#include <gtest/gtest.h>

#include "search/readable.hpp"
#include "search/rules.hpp"

namespace plenary::search {
namespace {
using namespace std::chrono_literals;

TEST(Snippet, MarksSurviveAndTheDatabasesEscapesStay) {
  EXPECT_EQ(snippet_html("the <mark>lighthouse</mark> keeper &amp; &lt;b&gt; &quot;x&quot; &#39;"),
            "the <mark>lighthouse</mark> keeper &amp; &lt;b&gt; &quot;x&quot; &#39;");
}

TEST(Snippet, AnythingElseIsEscaped) {
  EXPECT_EQ(snippet_html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(snippet_html("<mark onclick=x>y</mark>"), "&lt;mark onclick=x&gt;y");
  EXPECT_EQ(snippet_html("<MARK>y</MARK>"), "&lt;MARK&gt;y&lt;/MARK&gt;");
  EXPECT_EQ(snippet_html("a \"b\" 'c' d > e"), "a &quot;b&quot; &#39;c&#39; d &gt; e");
}

TEST(Snippet, BareOrCutEntitiesAreEscaped) {
  // A fragment boundary can cut an escape in half; what is left must be text.
  EXPECT_EQ(snippet_html("Tom & Jerry"), "Tom &amp; Jerry");
  EXPECT_EQ(snippet_html("&#39"), "&amp;#39");
  EXPECT_EQ(snippet_html("&lt"), "&amp;lt");
  EXPECT_EQ(snippet_html("&nbsp;&#x3c;"), "&amp;nbsp;&amp;#x3c;");
}

TEST(Snippet, MarksAreBalanced) {
  EXPECT_EQ(snippet_html("<mark>open"), "<mark>open</mark>");
  EXPECT_EQ(snippet_html("close</mark> here"), "close here");
  EXPECT_EQ(snippet_html("<mark><mark>twice</mark></mark>"), "<mark>twice</mark>");
}

TEST(SearchCursor, RoundTrips) {
  const SearchCursor cursor{"0.06079271", 1, 42};
  EXPECT_EQ(encode_search_cursor(cursor), "0.06079271_1_42");
  EXPECT_EQ(decode_search_cursor("0.06079271_1_42"), cursor);
  EXPECT_EQ(decode_search_cursor("1e-20_0_7"), (SearchCursor{"1e-20", 0, 7}));
}

TEST(SearchCursor, DamagedCursorsAreRefused) {
  for (const char* text : {"", "abc", "0.5_1", "0.5_2_3", "0.5_1_0", "0.5_1_-3", "x_1_3",
                           "0.5;drop_1_3", "0.5_1_3_4"}) {
    EXPECT_FALSE(decode_search_cursor(text).has_value()) << text;
  }
}

TEST(SearchDates, ADateCountsAsTheWholeDay) {
  const TimePoint day = TimePoint(std::chrono::sys_days(std::chrono::year(2025) / 3 / 31));
  EXPECT_EQ(parse_from("2025-03-31"), day);
  EXPECT_EQ(parse_to("2025-03-31"), day + 24h);
  EXPECT_EQ(parse_from("2025-03-31T10:00:00Z"), day + 10h);
  EXPECT_EQ(parse_to("2025-03-31T10:00:00Z"), day + 10h + 1us);
  EXPECT_FALSE(parse_from("2025-02-30").has_value());
  EXPECT_FALSE(parse_to("31/03/2025").has_value());
  EXPECT_FALSE(parse_from("yesterday").has_value());
}

groups::ViewerIdentity signed_in() {
  return {true, false, true};
}

// National (1) > Region (2) > Branch (3); a workplace (4) beside the tree.
const std::vector<GroupNode> tree{
    {1, std::nullopt, "National", false},
    {2, 1, "Region", false},
    {3, 2, "Branch", false},
    {4, std::nullopt, "Workplace", false},
};
const std::vector<CategoryNode> categories{
    {10, 3, discussions::Visibility::members},    {11, 3, discussions::Visibility::officers},
    {12, 3, discussions::Visibility::supporters}, {13, 2, discussions::Visibility::members},
    {14, 4, discussions::Visibility::members},
};

TEST(ReadableCategories, PublicCategoriesAreOpenToEveryone) {
  const auto readable = decide_readable({}, tree, categories, {});
  EXPECT_TRUE(readable.public_open);
  EXPECT_TRUE(readable.ids.empty());
}

TEST(ReadableCategories, MembersReadTheirOwnGroupsNotTheOnesAbove) {
  const auto readable =
      decide_readable(signed_in(), tree, categories,
                      {{3, {groups::Role::member, groups::MembershipStatus::active}}});
  EXPECT_EQ(readable.ids, (std::vector<std::int64_t>{10, 12}));
}

TEST(ReadableCategories, SupportersReadSupporterCategoriesOnly) {
  const auto readable =
      decide_readable(signed_in(), tree, categories,
                      {{3, {groups::Role::supporter, groups::MembershipStatus::active}}});
  EXPECT_EQ(readable.ids, (std::vector<std::int64_t>{12}));
}

TEST(ReadableCategories, OfficersAboveReadEverythingBelow) {
  const auto readable =
      decide_readable(signed_in(), tree, categories,
                      {{1, {groups::Role::officer, groups::MembershipStatus::active}}});
  EXPECT_EQ(readable.ids, (std::vector<std::int64_t>{10, 11, 12, 13}));
}

TEST(ReadableCategories, MembersAboveDoNotInheritDownwards) {
  const auto readable =
      decide_readable(signed_in(), tree, categories,
                      {{1, {groups::Role::member, groups::MembershipStatus::active}}});
  EXPECT_TRUE(readable.ids.empty());
}

TEST(ReadableCategories, LapsedMembersReadNothing) {
  const auto readable =
      decide_readable(signed_in(), tree, categories,
                      {{3, {groups::Role::member, groups::MembershipStatus::lapsed}}});
  EXPECT_TRUE(readable.ids.empty());
}

TEST(ReadableCategories, SiteAdminsReadEverything) {
  const auto readable = decide_readable({true, true, true}, tree, categories, {});
  EXPECT_EQ(readable.ids, (std::vector<std::int64_t>{10, 11, 12, 13, 14}));
}

TEST(ReadableCategories, SignedOutReadersGetNoClosedCategory) {
  const auto readable = decide_readable(
      {}, tree, categories, {{3, {groups::Role::officer, groups::MembershipStatus::active}}});
  EXPECT_TRUE(readable.ids.empty());
}

}  // namespace
}  // namespace plenary::search
