// The organisation tree's rules, dates and member-list cursors.
#include <gtest/gtest.h>

#include "groups/model.hpp"
#include "groups/rules.hpp"

namespace plenary::groups {
namespace {

TEST(GroupsModel, RolesAndKindsRoundTripThroughTheirNames) {
  for (const auto& name : role_names()) {
    auto role = parse_role(name);
    ASSERT_TRUE(role) << name;
    EXPECT_EQ(role_name(*role), name);
  }
  for (const auto& name : kind_names()) {
    auto kind = parse_kind(name);
    ASSERT_TRUE(kind) << name;
    EXPECT_EQ(kind_name(*kind), name);
  }
  EXPECT_FALSE(parse_role("emperor"));
  EXPECT_FALSE(parse_role("Member"));  // the API's words are lower case
  EXPECT_FALSE(parse_kind("empire"));
  EXPECT_EQ(kind_name(Kind::union_), "union");
  EXPECT_LT(Role::supporter, Role::member);
  EXPECT_LT(Role::officer, Role::admin);
}

TEST(GroupsRules, TreeGroupsSitInsideHigherTreeGroupsOrAtTheTop) {
  EXPECT_FALSE(placement_problem(Kind::region, ParentInfo{Kind::national, "Federation"}));
  EXPECT_FALSE(placement_problem(Kind::branch, ParentInfo{Kind::constituency, "Leith"}));
  EXPECT_FALSE(placement_problem(Kind::branch, ParentInfo{Kind::national, "Federation"}));
  EXPECT_FALSE(placement_problem(Kind::branch, std::nullopt));
  EXPECT_FALSE(placement_problem(Kind::national, std::nullopt));

  auto region_in_branch = placement_problem(Kind::region, ParentInfo{Kind::branch, "Riverside"});
  ASSERT_TRUE(region_in_branch);
  EXPECT_EQ(*region_in_branch,
            "A region can only be inside a national group, and Riverside is a branch.");
  auto branch_in_workplace =
      placement_problem(Kind::branch, ParentInfo{Kind::workplace, "Health Workers"});
  ASSERT_TRUE(branch_in_workplace);
  EXPECT_NE(branch_in_workplace->find("a national group, a region or a constituency"),
            std::string::npos)
      << *branch_in_workplace;
  EXPECT_TRUE(placement_problem(Kind::national, ParentInfo{Kind::national, "Other"}));
  EXPECT_TRUE(placement_problem(Kind::region, ParentInfo{Kind::region, "Sibling"}));
}

TEST(GroupsRules, GroupsBesideTheTreeMayGoAnywhere) {
  for (Kind kind : {Kind::workplace, Kind::union_, Kind::community}) {
    EXPECT_FALSE(placement_problem(kind, std::nullopt));
    EXPECT_FALSE(placement_problem(kind, ParentInfo{Kind::branch, "Riverside"}));
    EXPECT_FALSE(placement_problem(kind, ParentInfo{Kind::community, "Allotments"}));
  }
}

TEST(GroupsRules, AGroupCannotMoveUnderItselfOrItsDescendants) {
  // Tree: 1 → 2 → 3; and 4 elsewhere.
  EXPECT_TRUE(move_problem(1, {1}));
  EXPECT_TRUE(move_problem(1, {3, 2, 1}));
  EXPECT_TRUE(move_problem(2, {3, 2, 1}));
  EXPECT_FALSE(move_problem(3, {1}));
  EXPECT_FALSE(move_problem(1, {4}));
  EXPECT_FALSE(move_problem(1, {}));
}

TEST(GroupsRules, PathUpStopsAtTheRootAtTheStopGroupAndAtLoops) {
  std::unordered_map<std::int64_t, std::optional<std::int64_t>> parents{
      {1, std::nullopt}, {2, 1}, {3, 2}, {4, 3}};
  EXPECT_EQ(path_up(4, parents), (std::vector<std::int64_t>{4, 3, 2, 1}));
  EXPECT_EQ(path_up(4, parents, 2), (std::vector<std::int64_t>{4, 3, 2}));
  EXPECT_EQ(path_up(9, parents), (std::vector<std::int64_t>{9}));
  std::unordered_map<std::int64_t, std::optional<std::int64_t>> loop{{1, 2}, {2, 1}};
  EXPECT_EQ(path_up(1, loop), (std::vector<std::int64_t>{1, 2}));
}

TEST(GroupsRules, DatesMustExistOnTheCalendar) {
  for (const char* good : {"2024-02-29", "2023-12-31", "2000-02-29", "1900-01-01"}) {
    EXPECT_TRUE(valid_iso_date(good)) << good;
  }
  for (const char* bad : {"2023-02-29", "1900-02-29", "2023-02-30", "2023-13-01", "2023-00-10",
                          "2023-04-31", "30/01/2023", "2023-1-01", "2023-01-01T00:00", "1899-12-31",
                          "", "abcd-ef-gh", "+023-01-01"}) {
    EXPECT_FALSE(valid_iso_date(bad)) << bad;
  }
}

TEST(GroupsRules, IsoDateIsTheUtcCalendarDay) {
  // 2024-03-31T23:30:00Z
  const TimePoint late(std::chrono::seconds(1711927800));
  EXPECT_EQ(iso_date(late), "2024-03-31");
  EXPECT_EQ(iso_date(late + std::chrono::hours(1)), "2024-04-01");
}

TEST(GroupsRules, CursorsRoundTripAndRejectGarbage) {
  const MemberCursor cursor{"zoë o'brien, jr", 1234};
  const auto text = encode_cursor(cursor);
  EXPECT_EQ(
      text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << text;
  auto back = decode_cursor(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->sort_name, cursor.sort_name);
  EXPECT_EQ(back->person_id, cursor.person_id);

  EXPECT_FALSE(decode_cursor(""));
  EXPECT_FALSE(decode_cursor("not a cursor!"));
  EXPECT_FALSE(decode_cursor(encode_cursor({"x", 0})));
  EXPECT_FALSE(decode_cursor("YWJj"));  // "abc": no id
  EXPECT_FALSE(decode_cursor(std::string(2000, 'A')));
}

}  // namespace
}  // namespace plenary::groups
