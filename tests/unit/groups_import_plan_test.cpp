// What a membership file does to the data: one test per outcome of a row.
#include <gtest/gtest.h>

#include <algorithm>

#include "groups/import_plan.hpp"

namespace plenary::groups {
namespace {

constexpr std::string_view today = "2026-06-15";

// Federation(1) ─ North Region(2) ─ Riverside(3)
//               │                 └ Closed Branch(7, archived)
//               └ South Region(6) ─ Riverside(5)
std::vector<ScopeGroup> federation() {
  return {{1, "Federation", std::nullopt, false},
          {2, "North Region", 1, false},
          {6, "South Region", 1, false},
          {3, "Riverside", 2, false},
          {5, "Riverside", 6, false},
          {7, "Closed Branch", 2, true}};
}

ImportScope scope_for(const ViewerIdentity& identity, const std::vector<ChainMembership>& above,
                      const std::unordered_map<std::int64_t, DirectMembership>& own = {}) {
  ImportScope scope{1, federation(), {}};
  scope.viewers = viewers_in_scope(identity, 1, scope.groups, above, own);
  return scope;
}

ImportScope admin_scope() {
  return scope_for({true, true, true}, {});
}
// An officer of the Federation itself, who is no admin.
ImportScope officer_scope() {
  return scope_for({true, false, true}, {{0, Role::officer, MembershipStatus::active}});
}

ImportRow row(std::size_t line, std::string email, Role role = Role::member, std::string group = "",
              std::optional<std::string> joined_at = std::nullopt, std::string name = "") {
  return {line, std::move(email), std::move(name), std::move(group), role, std::move(joined_at)};
}

std::vector<std::size_t> rejected_lines(const ImportPlan& plan) {
  std::vector<std::size_t> lines;
  for (const auto& r : plan.report.rejected)
    lines.push_back(r.line);
  return lines;
}

std::string reason_for(const ImportPlan& plan, std::size_t line) {
  for (const auto& r : plan.report.rejected) {
    if (r.line == line)
      return r.reason;
  }
  return "(not rejected)";
}

TEST(GroupsImportPlan, NewPeopleAreCreatedOnceWithTheirMemberships) {
  ImportRows rows{{row(2, "ann@example.org", Role::member, "", "2023-01-15", "Ann Ash"),
                   row(3, "ann@example.org", Role::supporter, "North Region"),
                   row(4, "bo.brown@example.org", Role::officer, "3")},
                  {}};
  auto plan = plan_import(rows, admin_scope(), {}, {}, today);
  EXPECT_EQ(plan.report.created, 3);
  EXPECT_EQ(plan.report.updated, 0);
  EXPECT_EQ(plan.report.unchanged, 0);
  EXPECT_TRUE(plan.report.rejected.empty());
  ASSERT_EQ(plan.new_people.size(), 2u);
  EXPECT_EQ(plan.new_people[0].email, "ann@example.org");
  EXPECT_EQ(plan.new_people[0].display_name, "Ann Ash");
  EXPECT_EQ(plan.new_people[1].display_name, "Bo Brown");  // made up from the address
  ASSERT_EQ(plan.writes.size(), 3u);
  EXPECT_EQ(plan.writes[0].group_id, 1);
  EXPECT_EQ(plan.writes[0].joined_at, "2023-01-15");
  EXPECT_EQ(plan.writes[1].group_id, 2);
  EXPECT_EQ(plan.writes[1].role, Role::supporter);
  EXPECT_EQ(plan.writes[1].joined_at, today);
  EXPECT_EQ(plan.writes[2].group_id, 3);
}

TEST(GroupsImportPlan, AGivenNameWinsOverAMadeUpOne) {
  ImportRows rows{{row(2, "cy@example.org", Role::member, "2"),
                   row(3, "cy@example.org", Role::member, "3", std::nullopt, "Cy Coe")},
                  {}};
  auto plan = plan_import(rows, admin_scope(), {}, {}, today);
  ASSERT_EQ(plan.new_people.size(), 1u);
  EXPECT_EQ(plan.new_people[0].display_name, "Cy Coe");
}

TEST(GroupsImportPlan, TheSameFileTwiceChangesNothing) {
  ImportRows rows{{row(2, "ann@example.org", Role::member, "", "2023-01-15"),
                   row(3, "bob@example.org", Role::supporter, "3")},
                  {}};
  const std::vector<KnownPerson> people{{10, "ann@example.org", false},
                                        {11, "bob@example.org", true}};
  const std::vector<KnownMembership> memberships{
      {10, 1, Role::member, MembershipStatus::active, "2023-01-15"},
      {11, 3, Role::supporter, MembershipStatus::active, "2025-05-05"}};
  auto plan = plan_import(rows, admin_scope(), people, memberships, today);
  EXPECT_EQ(plan.report.unchanged, 2);
  EXPECT_EQ(plan.report.created + plan.report.updated, 0);
  EXPECT_TRUE(plan.writes.empty());
  EXPECT_TRUE(plan.new_people.empty());
}

TEST(GroupsImportPlan, ChangedRolesDatesAndFormerMembersAreUpdates) {
  ImportRows rows{{row(2, "ann@example.org", Role::officer), row(3, "bob@example.org"),
                   row(4, "cat@example.org", Role::member, "", "2020-02-02")},
                  {}};
  const std::vector<KnownPerson> people{
      {10, "ann@example.org", true}, {11, "bob@example.org", true}, {12, "cat@example.org", true}};
  const std::vector<KnownMembership> memberships{
      {10, 1, Role::member, MembershipStatus::active, "2023-01-15"},
      {11, 1, Role::member, MembershipStatus::left, "2022-02-02"},
      {12, 1, Role::member, MembershipStatus::active, "2021-01-01"}};
  auto plan = plan_import(rows, admin_scope(), people, memberships, today);
  EXPECT_EQ(plan.report.updated, 3);
  ASSERT_EQ(plan.writes.size(), 3u);
  EXPECT_EQ(plan.writes[0].role, Role::officer);
  EXPECT_EQ(plan.writes[0].joined_at, "2023-01-15");  // an empty date keeps the old one
  EXPECT_EQ(plan.writes[1].joined_at, "2022-02-02");
  EXPECT_EQ(plan.writes[2].joined_at, "2020-02-02");
}

TEST(GroupsImportPlan, AKnownPersonInANewGroupIsACreatedMembershipButNoNewPerson) {
  ImportRows rows{{row(2, "ann@example.org", Role::member, "North Region")}, {}};
  auto plan = plan_import(rows, admin_scope(), {{10, "ann@example.org", true}},
                          {{10, 1, Role::member, MembershipStatus::active, "2023-01-15"}}, today);
  EXPECT_EQ(plan.report.created, 1);
  EXPECT_TRUE(plan.new_people.empty());
}

TEST(GroupsImportPlan, GroupsAreFoundByIdOrExactNameInsideTheImportGroupOnly) {
  ImportRows rows{{row(2, "a@example.org", Role::member, "North Region"),
                   row(3, "b@example.org", Role::member, "6"),
                   row(4, "c@example.org", Role::member, "No Such Group"),
                   row(5, "d@example.org", Role::member, "99"),
                   row(6, "e@example.org", Role::member, "Riverside"),
                   row(7, "f@example.org", Role::member, "north region")},
                  {}};
  auto plan = plan_import(rows, admin_scope(), {}, {}, today);
  EXPECT_EQ(plan.report.created, 2);
  EXPECT_EQ(rejected_lines(plan), (std::vector<std::size_t>{4, 5, 6, 7}));
  EXPECT_EQ(reason_for(plan, 4), "There is no group called 'No Such Group' in Federation.");
  EXPECT_EQ(reason_for(plan, 5), "Group 99 is not Federation or a group inside it.");
  EXPECT_NE(reason_for(plan, 6).find("3, 5"), std::string::npos) << reason_for(plan, 6);
}

TEST(GroupsImportPlan, APersonListedTwiceForOneGroupIsRejectedTheSecondTime) {
  ImportRows rows{{row(2, "a@example.org", Role::member), row(3, "a@example.org", Role::officer),
                   row(4, "a@example.org", Role::member, "2")},
                  {}};
  auto plan = plan_import(rows, admin_scope(), {}, {}, today);
  EXPECT_EQ(plan.report.created, 2);
  EXPECT_EQ(rejected_lines(plan), (std::vector<std::size_t>{3}));
  EXPECT_NE(reason_for(plan, 3).find("line 2"), std::string::npos) << reason_for(plan, 3);
  EXPECT_EQ(plan.new_people.size(), 1u);
}

TEST(GroupsImportPlan, OfficersCannotGrantOrTakeTheAdminRole) {
  ImportRows rows{{row(2, "new@example.org", Role::admin), row(3, "boss@example.org", Role::member),
                   row(4, "ok@example.org", Role::officer, "3")},
                  {}};
  auto plan = plan_import(rows, officer_scope(), {{20, "boss@example.org", true}},
                          {{20, 1, Role::admin, MembershipStatus::active, "2020-01-01"}}, today);
  EXPECT_EQ(rejected_lines(plan), (std::vector<std::size_t>{2, 3}));
  EXPECT_NE(reason_for(plan, 2).find("Only admins"), std::string::npos) << reason_for(plan, 2);
  EXPECT_EQ(plan.report.created, 1);
  // The rejected new person is not created.
  ASSERT_EQ(plan.new_people.size(), 1u);
  EXPECT_EQ(plan.new_people[0].email, "ok@example.org");
}

TEST(GroupsImportPlan, AnUnchangedAdminRowIsNoGrantAndNotRejected) {
  ImportRows rows{{row(2, "boss@example.org", Role::admin, "", "2020-01-01")}, {}};
  auto plan = plan_import(rows, officer_scope(), {{20, "boss@example.org", true}},
                          {{20, 1, Role::admin, MembershipStatus::active, "2020-01-01"}}, today);
  EXPECT_EQ(plan.report.unchanged, 1);
  EXPECT_TRUE(plan.report.rejected.empty());
}

TEST(GroupsImportPlan, ArchivedGroupsTakeNoImportedMembers) {
  ImportRows rows{{row(2, "a@example.org", Role::member, "Closed Branch")}, {}};
  auto plan = plan_import(rows, admin_scope(), {}, {}, today);
  EXPECT_EQ(rejected_lines(plan), (std::vector<std::size_t>{2}));
  EXPECT_NE(reason_for(plan, 2).find("archived"), std::string::npos) << reason_for(plan, 2);
  EXPECT_TRUE(plan.writes.empty());
}

TEST(GroupsImportPlan, RejectionsFromTheFileAndFromThePlanComeInLineOrder) {
  ImportRows rows{{row(2, "a@example.org"), row(5, "b@example.org", Role::member, "Nowhere")},
                  {{3, "bad email"}, {6, "bad role"}}};
  auto plan = plan_import(rows, admin_scope(), {}, {}, today);
  EXPECT_EQ(rejected_lines(plan), (std::vector<std::size_t>{3, 5, 6}));
}

TEST(GroupsImportPlan, RolesInheritDownTheSubtreeButNotSideways) {
  // An officer of North Region only (and a plain member of the Federation).
  auto scope = scope_for({true, false, true}, {{0, Role::member, MembershipStatus::active}},
                         {{2, {Role::officer, MembershipStatus::active}}});
  EXPECT_TRUE(can(scope.viewers.at(3), actions::manage_members, {"Riverside", false}));
  EXPECT_TRUE(can(scope.viewers.at(2), actions::manage_members, {"North Region", false}));
  EXPECT_FALSE(can(scope.viewers.at(5), actions::manage_members, {"Riverside", false}));
  EXPECT_FALSE(can(scope.viewers.at(1), actions::manage_members, {"Federation", false}));
  EXPECT_TRUE(can(scope.viewers.at(1), actions::view_members, {"Federation", false}));

  ImportRows rows{
      {row(2, "a@example.org", Role::member, "3"), row(3, "b@example.org", Role::member, "5")}, {}};
  auto plan = plan_import(rows, scope, {}, {}, today);
  EXPECT_EQ(plan.report.created, 1);
  EXPECT_EQ(rejected_lines(plan), (std::vector<std::size_t>{3}));
}

TEST(GroupsImportPlan, RolesFromAboveTheImportGroupReachItsSubtree) {
  // An admin two levels above the import group.
  auto scope = scope_for({true, false, true}, {{2, Role::admin, MembershipStatus::active}});
  EXPECT_TRUE(can(scope.viewers.at(3), actions::assign_role(Role::admin), {"Riverside", false}));
}

TEST(GroupsImportPlan, NamesMadeUpFromAddresses) {
  EXPECT_EQ(name_from_email("alice.smith@example.org"), "Alice Smith");
  EXPECT_EQ(name_from_email("j_doe-2+news@example.org"), "J Doe 2 News");
  EXPECT_EQ(name_from_email("...@example.org"), "...@example.org");
  EXPECT_LE(name_from_email(std::string(150, 'x') + "@example.org").size(), 100u);
}

}  // namespace
}  // namespace plenary::groups
