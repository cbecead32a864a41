// The permission rules of groups: one test per outcome that matters to a person.
#include <gtest/gtest.h>

#include "groups/policy.hpp"

namespace plenary::groups {
namespace {

const GroupContext north{"North Branch", false};
const GroupContext archived_branch{"Old Branch", true};

ViewerIdentity verified() {
  return {.signed_in = true, .site_admin = false, .email_verified = true};
}

Viewer stranger() {
  return make_viewer(verified(), {});
}
Viewer anonymous() {
  return make_viewer({}, {});
}
Viewer site_admin() {
  return make_viewer({true, true, true}, {});
}
Viewer direct(Role role, MembershipStatus status = MembershipStatus::active) {
  return make_viewer(verified(), {{0, role, status}});
}
// A role held `depth` levels above the group.
Viewer above(Role role, int depth = 1, MembershipStatus status = MembershipStatus::active) {
  return make_viewer(verified(), {{depth, role, status}});
}

TEST(GroupsPolicy, MakeViewerSeparatesTheGroupFromItsAncestorsAndIgnoresInactiveAncestors) {
  auto viewer = make_viewer(verified(), {{0, Role::supporter, MembershipStatus::active},
                                         {1, Role::officer, MembershipStatus::lapsed},
                                         {2, Role::moderator, MembershipStatus::active},
                                         {3, Role::member, MembershipStatus::active}});
  ASSERT_TRUE(viewer.direct.has_value());
  EXPECT_EQ(viewer.direct->role, Role::supporter);
  ASSERT_TRUE(viewer.best_ancestor_role.has_value());
  EXPECT_EQ(*viewer.best_ancestor_role, Role::moderator);
}

TEST(GroupsPolicy, EveryoneMaySeeAGroup) {
  EXPECT_TRUE(can(anonymous(), actions::view_group, north));
  EXPECT_TRUE(can(stranger(), actions::view_group, archived_branch));
}

TEST(GroupsPolicy, MembersAndAboveSeeTheMemberList) {
  for (Role role : {Role::member, Role::moderator, Role::officer, Role::admin}) {
    EXPECT_TRUE(can(direct(role), actions::view_members, north)) << role_name(role);
  }
  EXPECT_TRUE(can(site_admin(), actions::view_members, north));
}

TEST(GroupsPolicy, StrangersAndSupportersAreToldOnlyMembersSeeTheList) {
  for (const auto& viewer : {stranger(), direct(Role::supporter)}) {
    auto decision = can(viewer, actions::view_members, north);
    EXPECT_FALSE(decision);
    EXPECT_EQ(decision.code, "not_a_member");
    EXPECT_EQ(decision.reason, "Only members of North Branch can see its members.");
  }
}

TEST(GroupsPolicy, SignedOutViewersAreAskedToSignIn) {
  auto decision = can(anonymous(), actions::view_members, north);
  EXPECT_FALSE(decision);
  EXPECT_EQ(decision.code, sign_in_required);
  auto status = require(decision);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::unauthenticated);
}

TEST(GroupsPolicy, LapsedAndFormerMembersDoNotSeeTheList) {
  EXPECT_FALSE(can(direct(Role::member, MembershipStatus::lapsed), actions::view_members, north));
  EXPECT_FALSE(can(direct(Role::officer, MembershipStatus::left), actions::view_members, north));
}

TEST(GroupsPolicy, OfficersModeratorsAndAdminsActForEveryGroupBelow) {
  for (Role role : {Role::moderator, Role::officer, Role::admin}) {
    EXPECT_TRUE(can(above(role, 3), actions::view_members, north)) << role_name(role);
    EXPECT_TRUE(can(above(role, 3), actions::subscribe_live, north)) << role_name(role);
  }
  EXPECT_TRUE(can(above(Role::officer, 2), actions::manage_members, north));
  EXPECT_FALSE(can(above(Role::moderator, 2), actions::manage_members, north));
}

TEST(GroupsPolicy, SupportersAndMembersOfAParentDoNotInheritAnything) {
  for (Role role : {Role::supporter, Role::member}) {
    auto decision = can(above(role), actions::view_members, north);
    EXPECT_FALSE(decision) << role_name(role);
    EXPECT_EQ(decision.code, "not_a_member");
  }
}

TEST(GroupsPolicy, AnInheritedRoleCountsOnlyWhileActive) {
  EXPECT_FALSE(
      can(above(Role::officer, 1, MembershipStatus::lapsed), actions::manage_members, north));
}

TEST(GroupsPolicy, JoiningNeedsAVerifiedEmail) {
  auto unverified = make_viewer({.signed_in = true, .email_verified = false}, {});
  auto decision = can(unverified, actions::join, north);
  EXPECT_FALSE(decision);
  EXPECT_EQ(decision.code, "email_not_verified");
  EXPECT_EQ(decision.reason, "Verify your email address before joining a group.");
  EXPECT_TRUE(can(stranger(), actions::join, north));
}

TEST(GroupsPolicy, NobodyJoinsTwiceOrJoinsAnArchivedGroup) {
  EXPECT_EQ(can(direct(Role::supporter), actions::join, north).code, "already_member");
  EXPECT_EQ(can(direct(Role::member, MembershipStatus::lapsed), actions::join, north).code,
            "membership_lapsed");
  EXPECT_EQ(can(stranger(), actions::join, archived_branch).code, "group_archived");
  EXPECT_TRUE(can(direct(Role::member, MembershipStatus::left), actions::join, north));
}

TEST(GroupsPolicy, OnlyCurrentMembersLeave) {
  EXPECT_TRUE(can(direct(Role::supporter), actions::leave, north));
  EXPECT_TRUE(can(direct(Role::member, MembershipStatus::lapsed), actions::leave, north));
  EXPECT_EQ(can(direct(Role::member, MembershipStatus::left), actions::leave, north).code,
            "not_a_member");
  EXPECT_EQ(can(above(Role::admin), actions::leave, north).code, "not_a_member");
}

TEST(GroupsPolicy, OfficersManageAndImportButMembersDoNot) {
  for (auto action : {actions::manage_members, actions::import_members}) {
    EXPECT_TRUE(can(direct(Role::officer), action, north));
    EXPECT_TRUE(can(site_admin(), action, north));
    auto decision = can(direct(Role::moderator), action, north);
    EXPECT_FALSE(decision);
    EXPECT_EQ(decision.code, "not_an_officer");
    EXPECT_NE(decision.reason.find("North Branch"), std::string::npos) << decision.reason;
  }
}

TEST(GroupsPolicy, ArchivedGroupsTakeNoMemberChanges) {
  auto decision = can(direct(Role::admin), actions::manage_members, archived_branch);
  EXPECT_FALSE(decision);
  EXPECT_EQ(decision.code, "group_archived");
  // Their officers still see everyone who belonged.
  EXPECT_TRUE(can(direct(Role::officer), actions::view_hidden_members, archived_branch));
}

TEST(GroupsPolicy, OnlyAdminsGrantOrTakeTheAdminRole) {
  EXPECT_TRUE(can(direct(Role::officer), actions::assign_role(Role::officer), north));
  auto decision = can(direct(Role::officer), actions::assign_role(Role::admin), north);
  EXPECT_FALSE(decision);
  EXPECT_EQ(decision.code, "admin_required");
  EXPECT_TRUE(can(direct(Role::admin), actions::assign_role(Role::admin), north));
  EXPECT_TRUE(can(above(Role::admin, 2), actions::assign_role(Role::admin), north));
  EXPECT_TRUE(can(site_admin(), actions::assign_role(Role::admin), north));
  EXPECT_EQ(can(direct(Role::member), actions::assign_role(Role::supporter), north).code,
            "not_an_officer");
}

TEST(GroupsPolicy, AdminsEditArchiveAndAddSubgroups) {
  for (auto action : {actions::edit_group, actions::archive, actions::create_subgroup}) {
    EXPECT_TRUE(can(direct(Role::admin), action, north));
    EXPECT_TRUE(can(above(Role::admin), action, north));
    EXPECT_EQ(can(direct(Role::officer), action, north).code, "not_an_admin");
  }
  EXPECT_TRUE(can(direct(Role::admin), actions::edit_group, archived_branch));
  EXPECT_EQ(can(direct(Role::admin), actions::create_subgroup, archived_branch).code,
            "group_archived");
}

TEST(GroupsPolicy, OnlySiteAdminsCreateTopLevelGroups) {
  EXPECT_TRUE(can_create_top_level_group(site_admin()));
  EXPECT_EQ(can_create_top_level_group(direct(Role::admin)).code, "not_site_admin");
  EXPECT_EQ(can_create_top_level_group(anonymous()).code, sign_in_required);
}

TEST(GroupsPolicy, HiddenMembersAreShownToOfficersOnly) {
  EXPECT_TRUE(can(above(Role::officer), actions::view_hidden_members, north));
  EXPECT_FALSE(can(direct(Role::moderator), actions::view_hidden_members, north));
  EXPECT_FALSE(can(direct(Role::member), actions::view_hidden_members, north));
}

TEST(GroupsPolicy, FlagsAgreeWithTheDecisions) {
  auto member = flags_for(direct(Role::member), north);
  EXPECT_TRUE(member.view_members);
  EXPECT_TRUE(member.leave);
  EXPECT_FALSE(member.join);
  EXPECT_FALSE(member.manage_members);
  EXPECT_FALSE(member.edit);

  auto officer = flags_for(above(Role::officer), north);
  EXPECT_TRUE(officer.manage_members);
  EXPECT_TRUE(officer.import_members);
  EXPECT_FALSE(officer.edit);
  EXPECT_FALSE(officer.leave);

  auto outsider = flags_for(stranger(), north);
  EXPECT_TRUE(outsider.join);
  EXPECT_FALSE(outsider.view_members);

  auto admin = flags_for(site_admin(), north);
  EXPECT_TRUE(admin.edit && admin.archive && admin.create_subgroup && admin.manage_members);
}

TEST(GroupsPolicy, DenialsBecomeForbiddenErrorsWithTheirCode) {
  auto status = require(can(stranger(), actions::view_members, north));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::forbidden);
  EXPECT_EQ(status.error().code, "not_a_member");
  EXPECT_TRUE(require(Decision::allow()).ok());
}

}  // namespace
}  // namespace plenary::groups
