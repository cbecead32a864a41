#include "groups/policy.hpp"

namespace plenary::groups {
namespace {

// Officers, moderators and admins act for every group below theirs; supporters and members
// belong only to the group they joined.
bool acts_downwards(Role role) {
  return role >= Role::moderator;
}

}  // namespace

std::optional<Role> acting_role(const Viewer& viewer) {
  std::optional<Role> role;
  if (viewer.direct && viewer.direct->status == MembershipStatus::active) {
    role = viewer.direct->role;
  }
  if (viewer.best_ancestor_role && acts_downwards(*viewer.best_ancestor_role) &&
      (!role || *viewer.best_ancestor_role > *role)) {
    role = viewer.best_ancestor_role;
  }
  return role;
}

namespace {

bool at_least(const Viewer& viewer, Role minimum) {
  auto role = acting_role(viewer);
  return role && *role >= minimum;
}

bool lapsed(const Viewer& viewer) {
  return viewer.direct && viewer.direct->status == MembershipStatus::lapsed;
}

Decision must_sign_in(std::string reason) {
  return Decision::deny(std::move(reason), sign_in_required);
}

Decision see_members(const Viewer& viewer, const GroupContext& group, bool live) {
  if (!viewer.signed_in) {
    return must_sign_in(live ? "Sign in to follow " + group.name + "."
                             : "Sign in to see the members of " + group.name + ".");
  }
  if (viewer.site_admin || at_least(viewer, Role::member))
    return Decision::allow();
  if (lapsed(viewer)) {
    return Decision::deny(
        "Your membership of " + group.name +
            " has lapsed. Ask one of its officers to renew it to see its members.",
        "not_a_member");
  }
  if (live) {
    return Decision::deny("Only members of " + group.name + " can follow its live updates.",
                          "not_a_member");
  }
  return Decision::deny("Only members of " + group.name + " can see its members.", "not_a_member");
}

Decision join(const Viewer& viewer, const GroupContext& group) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to join " + group.name + ".");
  if (viewer.direct && viewer.direct->status == MembershipStatus::active) {
    return Decision::deny("You are already in " + group.name + ".", "already_member");
  }
  if (lapsed(viewer)) {
    return Decision::deny(
        "Your membership of " + group.name + " has lapsed. Ask one of its officers to renew it.",
        "membership_lapsed");
  }
  if (group.archived) {
    return Decision::deny(group.name + " is archived and is not taking new members.",
                          "group_archived");
  }
  if (!viewer.email_verified) {
    return Decision::deny("Verify your email address before joining a group.",
                          "email_not_verified");
  }
  return Decision::allow();
}

Decision leave(const Viewer& viewer, const GroupContext& group) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to leave " + group.name + ".");
  if (!viewer.direct || viewer.direct->status == MembershipStatus::left) {
    return Decision::deny("You are not a member of " + group.name + ".", "not_a_member");
  }
  return Decision::allow();
}

Decision officer_work(const Viewer& viewer, const GroupContext& group, const std::string& what) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to " + what + ".");
  if (!viewer.site_admin && !at_least(viewer, Role::officer)) {
    return Decision::deny(
        "Only officers of " + group.name + ", or of a group above it, can " + what + ".",
        "not_an_officer");
  }
  if (group.archived) {
    return Decision::deny(group.name + " is archived. Restore it before changing its members.",
                          "group_archived");
  }
  return Decision::allow();
}

Decision admin_work(const Viewer& viewer, const GroupContext& group, const std::string& what) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to " + what + ".");
  if (!viewer.site_admin && !at_least(viewer, Role::admin)) {
    return Decision::deny(
        "Only admins of " + group.name + ", or of a group above it, can " + what + ".",
        "not_an_admin");
  }
  return Decision::allow();
}

}  // namespace

Viewer make_viewer(const ViewerIdentity& identity, const std::vector<ChainMembership>& chain) {
  Viewer viewer{identity.signed_in, identity.site_admin, identity.email_verified, {}, {}};
  for (const auto& membership : chain) {
    if (membership.depth == 0) {
      viewer.direct = DirectMembership{membership.role, membership.status};
    } else if (membership.status == MembershipStatus::active &&
               (!viewer.best_ancestor_role || membership.role > *viewer.best_ancestor_role)) {
      viewer.best_ancestor_role = membership.role;
    }
  }
  return viewer;
}

Decision can(const Viewer& viewer, Action action, const GroupContext& group) {
  using K = Action::Kind;
  switch (action.kind) {
    case K::view_group:
      return Decision::allow();
    case K::view_members:
      return see_members(viewer, group, false);
    case K::subscribe_live:
      return see_members(viewer, group, true);
    case K::view_hidden_members:
      // Officers keep the full list even of an archived group; it is the record of who belonged.
      if (viewer.signed_in && (viewer.site_admin || at_least(viewer, Role::officer))) {
        return Decision::allow();
      }
      return Decision::deny("Only officers of " + group.name +
                                " can see members who chose to be left out of the directory.",
                            "not_an_officer");
    case K::join:
      return join(viewer, group);
    case K::leave:
      return leave(viewer, group);
    case K::manage_members:
      return officer_work(viewer, group, "manage its members");
    case K::import_members:
      return officer_work(viewer, group, "import its members");
    case K::assign_role: {
      auto manage = officer_work(viewer, group, "change its members' roles");
      if (!manage)
        return manage;
      if (action.role == Role::admin && !viewer.site_admin && !at_least(viewer, Role::admin)) {
        return Decision::deny("Only admins of " + group.name +
                                  " can make someone an admin or change an admin's role.",
                              "admin_required");
      }
      return Decision::allow();
    }
    case K::edit_group:
      return admin_work(viewer, group, "change its details");
    case K::archive:
      return admin_work(viewer, group, "archive or restore it");
    case K::create_subgroup: {
      auto admin = admin_work(viewer, group, "add groups inside it");
      if (!admin)
        return admin;
      if (group.archived) {
        return Decision::deny(group.name + " is archived; new groups cannot be added inside it.",
                              "group_archived");
      }
      return Decision::allow();
    }
  }
  return Decision::deny("That is not something anyone can do.", "unknown_action");
}

Decision can_create_top_level_group(const Viewer& viewer) {
  if (!viewer.signed_in)
    return must_sign_in("Sign in to create a group.");
  if (!viewer.site_admin) {
    return Decision::deny(
        "Only site administrators can create top-level groups. To add a group inside one you "
        "administer, choose it as the parent.",
        "not_site_admin");
  }
  return Decision::allow();
}

Status require(const Decision& decision) {
  if (decision.allowed)
    return ok();
  if (decision.code == sign_in_required) {
    return Error{ErrorKind::unauthenticated, decision.reason, {}, 0, decision.code};
  }
  return forbidden(decision.reason, decision.code);
}

CanFlags flags_for(const Viewer& viewer, const GroupContext& group) {
  auto allowed = [&](Action action) { return can(viewer, action, group).allowed; };
  return {
      .view_members = allowed(actions::view_members),
      .join = allowed(actions::join),
      .leave = allowed(actions::leave),
      .manage_members = allowed(actions::manage_members),
      .import_members = allowed(actions::import_members),
      .edit = allowed(actions::edit_group),
      .create_subgroup = allowed(actions::create_subgroup),
      .archive = allowed(actions::archive),
  };
}

}  // namespace plenary::groups
