// Who may do what with a proposal: the flags the page gets come from the same rules the service
// enforces, for each kind of person and each state.
#include <gtest/gtest.h>

#include "proposals/policy.hpp"

namespace plenary::proposals {
namespace {

using groups::ChainMembership;
using groups::MembershipStatus;
using groups::Role;

const GroupContext branch{"Leith Branch", false};

Viewer signed_in_as(std::vector<ChainMembership> chain, bool site_admin = false) {
  return groups::make_viewer({true, site_admin, true}, chain);
}
Viewer direct(Role role, MembershipStatus status = MembershipStatus::active) {
  return signed_in_as({{0, role, status}});
}

TEST(ProposalsPolicy, MembersTakePartSupportersAndStrangersAreToldWhyNot) {
  EXPECT_TRUE(can_take_part(direct(Role::member), branch, "support proposals").allowed);
  EXPECT_TRUE(can_take_part(direct(Role::officer), branch, "support proposals").allowed);
  // An officer of the region above acts for the branch.
  EXPECT_TRUE(can_take_part(signed_in_as({{1, Role::officer, MembershipStatus::active}}), branch,
                            "support proposals")
                  .allowed);

  const auto supporter = can_take_part(direct(Role::supporter), branch, "support proposals");
  EXPECT_FALSE(supporter.allowed);
  EXPECT_EQ(supporter.code, "not_a_member");
  EXPECT_EQ(supporter.reason,
            "Only members of Leith Branch can support proposals; you are a supporter of Leith "
            "Branch.");
  const auto lapsed =
      can_take_part(direct(Role::member, MembershipStatus::lapsed), branch, "make proposals");
  EXPECT_EQ(lapsed.reason,
            "Only members of Leith Branch can make proposals; your membership has lapsed.");
  // A member of the region above is no member of the branch: membership does not flow down.
  EXPECT_FALSE(can_take_part(signed_in_as({{1, Role::member, MembershipStatus::active}}), branch,
                             "make proposals")
                   .allowed);
  const auto signed_out = can_take_part(groups::make_viewer({}, {}), branch, "make proposals");
  EXPECT_EQ(signed_out.code, groups::sign_in_required);
  EXPECT_FALSE(can_take_part(direct(Role::member), {"Old Branch", true}, "make proposals").allowed);
}

TEST(ProposalsPolicy, OnlyOfficersAndSiteAdminsManage) {
  EXPECT_TRUE(can_manage(direct(Role::officer), branch, "schedule proposals").allowed);
  EXPECT_TRUE(can_manage(direct(Role::admin), branch, "schedule proposals").allowed);
  EXPECT_TRUE(can_manage(signed_in_as({}, true), branch, "schedule proposals").allowed);
  for (const auto role : {Role::supporter, Role::member, Role::moderator}) {
    const auto decision = can_manage(direct(role), branch, "schedule proposals");
    EXPECT_FALSE(decision.allowed) << groups::role_name(role);
    EXPECT_EQ(decision.code, "not_an_officer");
  }
}

TEST(ProposalsPolicy, StandingCombinesAuthorshipAndRole) {
  const auto author_member = standing_of(direct(Role::member), true);
  EXPECT_TRUE(author_member.author);
  EXPECT_TRUE(author_member.member);
  EXPECT_FALSE(author_member.officer);
  EXPECT_FALSE(author_member.system);
  const auto officer = standing_of(direct(Role::officer), false);
  EXPECT_FALSE(officer.author);
  EXPECT_TRUE(officer.member);
  EXPECT_TRUE(officer.officer);
  const auto signed_out = standing_of(groups::make_viewer({}, {}), true);
  EXPECT_FALSE(signed_out.author || signed_out.member || signed_out.officer);
}

TEST(ProposalsPolicy, FlagsFollowStateAndPerson) {
  const auto author_draft = proposal_flags(direct(Role::member), branch, State::draft, true);
  EXPECT_TRUE(author_draft.edit);
  EXPECT_TRUE(author_draft.publish);
  EXPECT_TRUE(author_draft.withdraw);
  EXPECT_FALSE(author_draft.support);
  EXPECT_FALSE(author_draft.amend);
  EXPECT_FALSE(author_draft.schedule);

  const auto member_open =
      proposal_flags(direct(Role::member), branch, State::gathering_support, false);
  EXPECT_TRUE(member_open.support);
  EXPECT_TRUE(member_open.amend);
  EXPECT_FALSE(member_open.withdraw);
  EXPECT_FALSE(member_open.schedule);
  EXPECT_FALSE(member_open.edit);

  const auto supporter_open =
      proposal_flags(direct(Role::supporter), branch, State::qualified, false);
  EXPECT_FALSE(supporter_open.support);
  EXPECT_FALSE(supporter_open.amend);

  const auto officer_qualified =
      proposal_flags(direct(Role::officer), branch, State::qualified, false);
  EXPECT_TRUE(officer_qualified.schedule);
  EXPECT_TRUE(officer_qualified.withdraw);
  EXPECT_FALSE(officer_qualified.record_outcome);

  const auto officer_voting = proposal_flags(direct(Role::officer), branch, State::voting, false);
  EXPECT_FALSE(officer_voting.schedule);
  EXPECT_FALSE(officer_voting.withdraw);
  EXPECT_FALSE(officer_voting.support);

  for (const auto state : {State::passed, State::rejected, State::no_quorum}) {
    EXPECT_TRUE(proposal_flags(direct(Role::officer), branch, state, false).record_outcome);
    EXPECT_FALSE(proposal_flags(direct(Role::member), branch, state, true).record_outcome);
  }
  EXPECT_FALSE(
      proposal_flags(direct(Role::officer), branch, State::withdrawn, false).record_outcome);
  // In an archived group nothing changes any more.
  const auto archived =
      proposal_flags(direct(Role::officer), {"Old Branch", true}, State::qualified, true);
  EXPECT_FALSE(archived.schedule || archived.withdraw || archived.support || archived.amend);
}

}  // namespace
}  // namespace plenary::proposals
