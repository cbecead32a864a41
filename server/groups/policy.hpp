#pragma once
// Who may do what to a group: the one place these rules are written. Pure — the service loads the
// viewer's memberships along the group's ancestry and asks; the `can` flags sent to the browser
// come from the same function, so the page never offers what the server would refuse.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "groups/model.hpp"

namespace plenary::groups {

struct DirectMembership {
  Role role = Role::member;
  MembershipStatus status = MembershipStatus::active;
};

struct Viewer {
  bool signed_in = false;
  bool site_admin = false;
  bool email_verified = false;
  // The viewer's own membership of the group in question, whatever its status.
  std::optional<DirectMembership> direct;
  // The highest role the viewer holds, actively, in any group above this one. Whether it counts
  // here is the policy's business (officers, moderators and admins act downwards; others do not).
  std::optional<Role> best_ancestor_role;
};

// One of the viewer's memberships on the path from a group up to the root; depth 0 is the group.
struct ChainMembership {
  int depth = 0;
  Role role = Role::member;
  MembershipStatus status = MembershipStatus::active;
};

struct ViewerIdentity {
  bool signed_in = false;
  bool site_admin = false;
  bool email_verified = false;
};

Viewer make_viewer(const ViewerIdentity& identity, const std::vector<ChainMembership>& chain);

// The role the viewer acts with in this group: their own active role or one inherited from above
// (officers, moderators and admins act downwards), whichever is higher.
std::optional<Role> acting_role(const Viewer& viewer);

struct GroupContext {
  std::string name;
  bool archived = false;
};

struct Action {
  enum class Kind {
    view_group,
    view_members,
    view_hidden_members,  // people who asked to be left out of the directory
    join,
    leave,
    manage_members,
    assign_role,
    import_members,
    edit_group,
    create_subgroup,
    archive,
    subscribe_live,
  };
  Kind kind;
  Role role = Role::supporter;  // for assign_role: the role being granted (or taken away)
};

namespace actions {
inline constexpr Action view_group{Action::Kind::view_group};
inline constexpr Action view_members{Action::Kind::view_members};
inline constexpr Action view_hidden_members{Action::Kind::view_hidden_members};
inline constexpr Action join{Action::Kind::join};
inline constexpr Action leave{Action::Kind::leave};
inline constexpr Action manage_members{Action::Kind::manage_members};
inline constexpr Action import_members{Action::Kind::import_members};
inline constexpr Action edit_group{Action::Kind::edit_group};
inline constexpr Action create_subgroup{Action::Kind::create_subgroup};
inline constexpr Action archive{Action::Kind::archive};
inline constexpr Action subscribe_live{Action::Kind::subscribe_live};
constexpr Action assign_role(Role role) {
  return {Action::Kind::assign_role, role};
}
}  // namespace actions

struct Decision {
  bool allowed = false;
  std::string reason;  // a sentence the person can act on; empty when allowed
  std::string code;    // stable, for programs: not_a_member, email_not_verified, …

  static Decision allow() { return {true, {}, {}}; }
  static Decision deny(std::string reason, std::string code) {
    return {false, std::move(reason), std::move(code)};
  }
  explicit operator bool() const { return allowed; }
};

// The code of a denial that only signing in can cure (mapped to 401, not 403).
inline constexpr const char* sign_in_required = "sign_in_required";

Decision can(const Viewer& viewer, Action action, const GroupContext& group);
// Top-level groups have no group to be an admin of: only site admins make them.
Decision can_create_top_level_group(const Viewer& viewer);

// A denial as the error the service returns; ok() when allowed.
Status require(const Decision& decision);

// What the group page may offer this viewer.
struct CanFlags {
  bool view_members = false;
  bool join = false;
  bool leave = false;
  bool manage_members = false;
  bool import_members = false;
  bool edit = false;
  bool create_subgroup = false;
  bool archive = false;
};

CanFlags flags_for(const Viewer& viewer, const GroupContext& group);

}  // namespace plenary::groups
