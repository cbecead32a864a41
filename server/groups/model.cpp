#include "groups/model.hpp"

#include <array>
#include <utility>

namespace plenary::groups {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> roles{{
    {Role::supporter, "supporter"},
    {Role::member, "member"},
    {Role::moderator, "moderator"},
    {Role::officer, "officer"},
    {Role::admin, "admin"},
}};

constexpr std::array<std::pair<Kind, std::string_view>, 7> kinds{{
    {Kind::national, "national"},
    {Kind::region, "region"},
    {Kind::constituency, "constituency"},
    {Kind::branch, "branch"},
    {Kind::workplace, "workplace"},
    {Kind::union_, "union"},
    {Kind::community, "community"},
}};

constexpr std::array<std::pair<MembershipStatus, std::string_view>, 3> statuses{{
    {MembershipStatus::active, "active"},
    {MembershipStatus::lapsed, "lapsed"},
    {MembershipStatus::left, "left"},
}};

template <class Table>
auto parse_word(const Table& table, std::string_view text)
    -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [value, name] : table) {
    if (name == text)
      return value;
  }
  return std::nullopt;
}

template <class Table, class Value>
std::string_view word_for(const Table& table, Value value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value)
      return name;
  }
  return "unknown";
}

template <class Table>
std::vector<std::string> words(const Table& table) {
  std::vector<std::string> names;
  for (const auto& entry : table)
    names.emplace_back(entry.second);
  return names;
}

}  // namespace

std::optional<Role> parse_role(std::string_view text) {
  return parse_word(roles, text);
}
std::string_view role_name(Role role) {
  return word_for(roles, role);
}
const std::vector<std::string>& role_names() {
  static const std::vector<std::string> names = words(roles);
  return names;
}

std::optional<Kind> parse_kind(std::string_view text) {
  return parse_word(kinds, text);
}
std::string_view kind_name(Kind kind) {
  return word_for(kinds, kind);
}
const std::vector<std::string>& kind_names() {
  static const std::vector<std::string> names = words(kinds);
  return names;
}

std::optional<MembershipStatus> parse_status(std::string_view text) {
  return parse_word(statuses, text);
}
std::string_view status_name(MembershipStatus status) {
  return word_for(statuses, status);
}
const std::vector<std::string>& status_names() {
  static const std::vector<std::string> names = words(statuses);
  return names;
}

}  // namespace plenary::groups
