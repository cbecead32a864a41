#pragma once
// Deciding what a membership file does, before anything is written: which group each row means,
// whether the importer may grant that role there, who is new, and which rows change nothing.
// Pure, so every outcome of a row is unit-tested; the service loads the inputs and writes the plan.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "groups/csv.hpp"
#include "groups/model.hpp"
#include "groups/policy.hpp"

namespace plenary::groups {

struct ScopeGroup {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> parent_id;
  bool archived = false;
};

struct ImportScope {
  std::int64_t group_id = 0;       // the group the file is imported into
  std::vector<ScopeGroup> groups;  // that group and every group below it
  // The importer as seen from each of those groups (roles inherited down the tree).
  std::unordered_map<std::int64_t, Viewer> viewers;
};

// The importer, as seen from every group of the subtree: `above` holds their memberships of the
// import group (depth 0) and of the groups over it; `own` their memberships inside the subtree.
std::unordered_map<std::int64_t, Viewer> viewers_in_scope(
    const ViewerIdentity& identity, std::int64_t top, const std::vector<ScopeGroup>& groups,
    const std::vector<ChainMembership>& above,
    const std::unordered_map<std::int64_t, DirectMembership>& own);

struct KnownPerson {
  std::int64_t id = 0;
  std::string email;  // lower case
  bool has_account = false;
};

struct KnownMembership {
  std::int64_t person_id = 0;
  std::int64_t group_id = 0;
  Role role = Role::member;
  MembershipStatus status = MembershipStatus::active;
  std::string joined_at;
};

struct NewPerson {
  std::string email;
  std::string display_name;
};

// A membership to insert or overwrite; every one of them ends up active.
struct MembershipWrite {
  std::string email;  // the person, who may not have an id yet
  std::int64_t group_id = 0;
  Role role = Role::member;
  std::string joined_at;
};

struct ImportPlan {
  std::vector<NewPerson> new_people;
  std::vector<MembershipWrite> writes;
  ImportReport report;  // rejections in line order, including those in `rows.rejected`
};

ImportPlan plan_import(const ImportRows& rows, const ImportScope& scope,
                       const std::vector<KnownPerson>& people,
                       const std::vector<KnownMembership>& memberships, std::string_view today);

// A display name for someone known only by their address: "alice.smith@x" → "Alice Smith".
std::string name_from_email(std::string_view email);

}  // namespace plenary::groups
