#pragma once
// The groups module's vocabulary: plain values, no behaviour beyond naming and parsing words.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::groups {

// Ascending: a higher role can do everything a lower one can. The numeric order is relied on.
enum class Role { supporter = 0, member = 1, moderator = 2, officer = 3, admin = 4 };

std::optional<Role> parse_role(std::string_view text);
std::string_view role_name(Role role);
const std::vector<std::string>& role_names();

enum class Kind { national, region, constituency, branch, workplace, union_, community };

std::optional<Kind> parse_kind(std::string_view text);
std::string_view kind_name(Kind kind);
const std::vector<std::string>& kind_names();

enum class MembershipStatus { active, lapsed, left };

std::optional<MembershipStatus> parse_status(std::string_view text);
std::string_view status_name(MembershipStatus status);
const std::vector<std::string>& status_names();

struct Group {
  std::int64_t id = 0;
  std::string name;
  Kind kind = Kind::national;
  std::optional<std::int64_t> parent_id;
  std::string description;
  bool archived = false;
  std::int64_t member_count = 0;            // active memberships of this group alone
  std::string time_zone = "Europe/London";  // IANA name: meetings and ballots are shown in it
};

struct GroupRef {
  std::int64_t id = 0;
  std::string name;
  Kind kind = Kind::national;
  bool archived = false;
};

// A person's membership of one group, as the group's member list shows it.
struct Member {
  std::int64_t person_id = 0;
  std::int64_t group_id = 0;
  std::string display_name;
  Role role = Role::member;
  MembershipStatus status = MembershipStatus::active;
  std::string joined_at;               // YYYY-MM-DD
  bool hidden_from_directory = false;  // the person's choice; decides who may hear of them
};

// A membership as the person sees it on their own page.
struct PersonalMembership {
  std::int64_t group_id = 0;
  std::string group_name;
  Kind group_kind = Kind::national;
  Role role = Role::member;
  MembershipStatus status = MembershipStatus::active;
  std::string joined_at;
};

struct GroupPage {
  Group group;
  std::vector<GroupRef> ancestors;  // the root first
  std::vector<GroupRef> children;
  std::optional<Member> my_membership;
};

// Where the next page of a member list starts: after this (name, person) in the sort order.
struct MemberCursor {
  std::string sort_name;
  std::int64_t person_id = 0;
};

struct MemberPage {
  std::vector<Member> members;
  std::optional<MemberCursor> next;
};

struct ImportRejection {
  std::size_t line = 0;
  std::string reason;
};

struct ImportReport {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<ImportRejection> rejected;
};

}  // namespace plenary::groups
