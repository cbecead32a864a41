#include "groups/rules.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <unordered_set>

#include "core/base64url.hpp"
#include "http/json_input.hpp"

namespace plenary::groups {
namespace {

// Higher up the tree is a smaller number.
int tree_rank(Kind kind) {
  switch (kind) {
    case Kind::national:
      return 0;
    case Kind::region:
      return 1;
    case Kind::constituency:
      return 2;
    case Kind::branch:
      return 3;
    default:
      return -1;
  }
}

std::string kind_in_words(Kind kind) {
  return kind == Kind::national ? "national group" : std::string(kind_name(kind));
}

// Every kind's name starts with a consonant sound ("a union", "a region").
std::string article(const std::string& noun) {
  return "a " + noun;
}

// The kinds a tree group may sit inside, in words: "a national group, a region or a constituency".
std::string possible_parents(Kind kind) {
  std::vector<std::string> names;
  for (Kind candidate : {Kind::national, Kind::region, Kind::constituency}) {
    if (tree_rank(candidate) < tree_rank(kind))
      names.push_back(article(kind_in_words(candidate)));
  }
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return text;
}

constexpr std::size_t max_cursor_length = 1024;

}  // namespace

bool is_tree_kind(Kind kind) {
  return tree_rank(kind) >= 0;
}

std::optional<std::string> placement_problem(Kind kind, const std::optional<ParentInfo>& parent) {
  if (!parent || !is_tree_kind(kind))
    return std::nullopt;
  if (kind == Kind::national) {
    return "A national group sits at the top of the tree, so it cannot be inside " + parent->name +
           ".";
  }
  if (!is_tree_kind(parent->kind) || tree_rank(parent->kind) >= tree_rank(kind)) {
    return "A " + kind_in_words(kind) + " can only be inside " + possible_parents(kind) + ", and " +
           parent->name + " is " + article(kind_in_words(parent->kind)) + ".";
  }
  return std::nullopt;
}

std::optional<std::string> move_problem(std::int64_t group_id,
                                        const std::vector<std::int64_t>& new_parent_chain) {
  if (new_parent_chain.empty())
    return std::nullopt;
  if (new_parent_chain.front() == group_id)
    return "A group cannot be inside itself.";
  if (std::find(new_parent_chain.begin(), new_parent_chain.end(), group_id) !=
      new_parent_chain.end()) {
    return "A group cannot move inside one of the groups within it.";
  }
  return std::nullopt;
}

std::vector<std::int64_t> path_up(
    std::int64_t id, const std::unordered_map<std::int64_t, std::optional<std::int64_t>>& parents,
    std::optional<std::int64_t> stop_at) {
  std::vector<std::int64_t> path;
  std::unordered_set<std::int64_t> seen;
  std::optional<std::int64_t> current = id;
  while (current && seen.insert(*current).second) {
    path.push_back(*current);
    if (stop_at && *current == *stop_at)
      break;
    auto found = parents.find(*current);
    if (found == parents.end())
      break;
    current = found->second;
  }
  return path;
}

bool valid_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return false;
  auto number = [&](std::size_t from, std::size_t length, int& value) {
    const char* begin = text.data() + from;
    auto [end, ec] = std::from_chars(begin, begin + length, value);
    return ec == std::errc{} && end == begin + length &&
           std::all_of(begin, begin + length, [](char c) { return c >= '0' && c <= '9'; });
  };
  int year = 0, month = 0, day = 0;
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day))
    return false;
  if (year < 1900 || month < 1 || month > 12 || day < 1)
    return false;
  static constexpr int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = days_in_month[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

std::string iso_date(TimePoint time) {
  const auto seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

std::string encode_cursor(const MemberCursor& cursor) {
  return base64url_encode(std::to_string(cursor.person_id) + ":" + cursor.sort_name);
}

std::optional<MemberCursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() > max_cursor_length)
    return std::nullopt;
  auto decoded = base64url_decode(text);
  if (!decoded)
    return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0)
    return std::nullopt;
  MemberCursor cursor;
  auto [end, ec] = std::from_chars(decoded->data(), decoded->data() + colon, cursor.person_id);
  if (ec != std::errc{} || end != decoded->data() + colon || cursor.person_id <= 0) {
    return std::nullopt;
  }
  cursor.sort_name = decoded->substr(colon + 1);
  if (!http::valid_utf8(cursor.sort_name) || cursor.sort_name.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  return cursor;
}

}  // namespace plenary::groups
