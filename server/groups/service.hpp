#pragma once
// Group and membership use cases. Each runs in one transaction: load, ask the policy, apply the
// rules, write, publish the live event. Returns values or an Error; never sees HTTP or JSON
// requests (event payloads are the outbox's JSON).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "groups/model.hpp"
#include "groups/policy.hpp"

namespace plenary::groups {

struct NewGroup {
  std::string name;
  Kind kind = Kind::national;
  std::optional<std::int64_t> parent_id;
  std::string description;
};

struct GroupChanges {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> time_zone;
  bool moves = false;                     // parent_id was given (null: to the top)
  std::optional<std::int64_t> parent_id;  // when moves
  std::optional<bool> archived;
};

struct NewMember {
  std::string email;  // lower case
  std::optional<std::string> display_name;
  Role role = Role::member;
  std::optional<std::string> joined_at;  // YYYY-MM-DD
};

struct MemberChanges {
  std::optional<Role> role;
  std::optional<MembershipStatus> status;
};

struct GroupList {
  std::vector<Group> groups;
  bool can_create_group = false;
};

struct GroupView {
  GroupPage page;
  CanFlags can;
};

inline constexpr int max_member_page = 200;

class Service {
 public:
  explicit Service(const Clock& clock) : clock_(clock) {}

  GroupList list(db::Connection& db, const Actor* actor, bool include_archived);
  Result<Group> create(db::Connection& db, const Actor& actor, const NewGroup& group);
  Result<GroupView> view(db::Connection& db, const Actor* actor, std::int64_t group_id);
  Result<Group> update(db::Connection& db, const Actor& actor, std::int64_t group_id,
                       const GroupChanges& changes);

  Result<Member> join(db::Connection& db, const Actor& actor, std::int64_t group_id);
  Status leave(db::Connection& db, const Actor& actor, std::int64_t group_id);

  Result<MemberPage> members(db::Connection& db, const Actor* actor, std::int64_t group_id,
                             const std::optional<MemberCursor>& after, int limit);
  Result<Member> add_member(db::Connection& db, const Actor& actor, std::int64_t group_id,
                            const NewMember& member);
  Result<Member> change_member(db::Connection& db, const Actor& actor, std::int64_t group_id,
                               std::int64_t person_id, const MemberChanges& changes);
  Status remove_member(db::Connection& db, const Actor& actor, std::int64_t group_id,
                       std::int64_t person_id);
  Result<ImportReport> import_members(db::Connection& db, const Actor& actor, std::int64_t group_id,
                                      std::string_view csv);

 private:
  std::string today() const;

  const Clock& clock_;
};

// May this viewer follow the live events of the group? (Those who may see its members.)
Status authorize_live(db::Connection& db, const std::optional<Actor>& actor, std::int64_t group_id);
std::vector<PersonalMembership> memberships_of_person(db::Connection& db, std::int64_t person_id);

}  // namespace plenary::groups
