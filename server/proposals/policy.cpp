#include "proposals/policy.hpp"

namespace plenary::proposals {
namespace {

bool at_least(const Viewer& viewer, groups::Role role) {
  const auto acting = groups::acting_role(viewer);
  return acting && *acting >= role;
}

Decision must_sign_in(const std::string& what) {
  return Decision::deny("Sign in to " + what + ".", groups::sign_in_required);
}

}  // namespace

Standing standing_of(const Viewer& viewer, bool own) {
  return {
      .author = viewer.signed_in && own,
      .member = viewer.signed_in && at_least(viewer, groups::Role::member),
      .officer = viewer.signed_in && (viewer.site_admin || at_least(viewer, groups::Role::officer)),
      .system = false};
}

Decision can_see(const Viewer& viewer, const GroupContext& group) {
  if (!viewer.signed_in)
    return must_sign_in("read the proposals of " + group.name);
  if (!viewer.site_admin && !groups::acting_role(viewer)) {
    return Decision::deny(
        "Only supporters and members of " + group.name + " can read its proposals.",
        "not_a_member");
  }
  return Decision::allow();
}

Decision can_take_part(const Viewer& viewer, const GroupContext& group, const std::string& what) {
  if (!viewer.signed_in)
    return must_sign_in(what);
  if (!at_least(viewer, groups::Role::member)) {
    std::string reason = "Only members of " + group.name + " can " + what;
    if (viewer.direct && viewer.direct->status == groups::MembershipStatus::active &&
        viewer.direct->role == groups::Role::supporter) {
      reason += "; you are a supporter of " + group.name;
    } else if (viewer.direct && viewer.direct->status == groups::MembershipStatus::lapsed) {
      reason += "; your membership has lapsed";
    }
    return Decision::deny(reason + ".", "not_a_member");
  }
  if (group.archived) {
    return Decision::deny(group.name + " is archived: its proposals can no longer change.",
                          "group_archived");
  }
  return Decision::allow();
}

Decision can_manage(const Viewer& viewer, const GroupContext& group, const std::string& what) {
  if (!viewer.signed_in)
    return must_sign_in(what);
  if (!viewer.site_admin && !at_least(viewer, groups::Role::officer)) {
    return Decision::deny(
        "Only officers of " + group.name + ", or of a group above it, can " + what + ".",
        "not_an_officer");
  }
  if (group.archived) {
    return Decision::deny(group.name + " is archived: its proposals can no longer change.",
                          "group_archived");
  }
  return Decision::allow();
}

ProposalCan proposal_flags(const Viewer& viewer, const GroupContext& group, State state, bool own) {
  const auto who = standing_of(viewer, own);
  const bool member = can_take_part(viewer, group, "take part").allowed;
  const bool officer = can_manage(viewer, group, "manage").allowed;
  auto allowed = [&](Event event) { return !group.archived && next_state(state, event, who).ok(); };
  return {.edit = own && !group.archived && state == State::draft,
          .publish = allowed(Event::publish),
          .support = member && open_for_support(state),
          .withdraw = allowed(Event::withdraw),
          .amend = member && open_for_amendments(state),
          .schedule = officer && allowed(Event::schedule),
          .record_outcome = officer && decided(state)};
}

}  // namespace plenary::proposals
