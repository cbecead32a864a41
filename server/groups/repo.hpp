#pragma once
// SQL for groups and memberships. Maps rows to structs; decides nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/database.hpp"
#include "groups/import_plan.hpp"
#include "groups/model.hpp"
#include "groups/policy.hpp"

namespace plenary::groups::repo {

std::vector<Group> list_groups(db::Tx& tx, bool include_archived);
std::optional<Group> find_group(db::Tx& tx, std::int64_t id);
std::int64_t count_groups(db::Tx& tx);
// The groups above this one, the root first.
std::vector<GroupRef> ancestors(db::Tx& tx, std::int64_t id);
// This group's id, then its parent's, and so on to the root.
std::vector<std::int64_t> chain_ids(db::Tx& tx, std::int64_t id);
std::vector<GroupRef> children(db::Tx& tx, std::int64_t id);
// This group and everything below it, each above its children.
std::vector<ScopeGroup> subtree(db::Tx& tx, std::int64_t id);
bool sibling_name_taken(db::Tx& tx, const std::optional<std::int64_t>& parent_id,
                        const std::string& name, const std::optional<std::int64_t>& except_id);

Group insert_group(db::Tx& tx, const std::string& name, Kind kind,
                   const std::optional<std::int64_t>& parent_id, const std::string& description);
void update_group(db::Tx& tx, std::int64_t id, const std::string& name,
                  const std::string& description, const std::optional<std::int64_t>& parent_id,
                  bool archived, const std::string& time_zone);
// Is this an IANA time zone name PostgreSQL knows?
bool time_zone_known(db::Tx& tx, const std::string& name);

// The person's memberships of this group (depth 0) and of every group above it.
std::vector<ChainMembership> chain_memberships(db::Tx& tx, std::int64_t group_id,
                                               std::int64_t person_id);
std::unordered_map<std::int64_t, DirectMembership> memberships_in(
    db::Tx& tx, std::int64_t person_id, const std::vector<std::int64_t>& group_ids);

struct PersonRow {
  std::int64_t id = 0;
  std::string display_name;
  bool hidden_from_directory = false;
};
std::optional<PersonRow> find_person_by_email(db::Tx& tx, const std::string& email);
// A person who has not chosen a password yet (an officer or an import added them).
PersonRow insert_person_without_password(db::Tx& tx, const std::string& email,
                                         const std::string& display_name);

std::optional<Member> find_member(db::Tx& tx, std::int64_t group_id, std::int64_t person_id);
// Inserts or overwrites the membership of (person, group).
Member write_membership(db::Tx& tx, std::int64_t group_id, std::int64_t person_id, Role role,
                        MembershipStatus status, const std::string& joined_at);

struct ListedMember {
  Member member;
  std::string sort_name;
};
// Members who have not left, in (sort name, person id) order after `after`. People hidden from
// the directory are included only when `include_hidden` (or when they are the viewer).
std::vector<ListedMember> list_members(db::Tx& tx, std::int64_t group_id, bool include_hidden,
                                       std::int64_t viewer_person_id,
                                       const std::optional<MemberCursor>& after, int limit);

std::vector<PersonalMembership> memberships_of_person(db::Tx& tx, std::int64_t person_id);

// For imports: many rows per statement, so a large file is a handful of round trips.
// Each person found, under the address as asked for (the database compares case-blind).
std::vector<KnownPerson> people_by_email(db::Tx& tx, const std::vector<std::string>& emails);
void insert_people_without_password(db::Tx& tx, const std::vector<NewPerson>& people);
std::vector<KnownMembership> memberships_of_people(db::Tx& tx,
                                                   const std::vector<std::int64_t>& person_ids,
                                                   const std::vector<std::int64_t>& group_ids);
struct MembershipRow {
  std::int64_t person_id = 0;
  std::int64_t group_id = 0;
  Role role = Role::member;
  std::string joined_at;
};
// Inserts or overwrites each as an active membership. At most one row per (person, group).
void write_active_memberships(db::Tx& tx, const std::vector<MembershipRow>& rows);

}  // namespace plenary::groups::repo
