#include "notifications/mentions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <set>

namespace plenary::notifications {
namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

std::optional<std::int64_t> person_number(std::string_view handle) {
  constexpr std::string_view prefix = "person-";
  if (handle.size() <= prefix.size() || ascii_lower(handle.substr(0, prefix.size())) != prefix) {
    return std::nullopt;
  }
  const auto digits = handle.substr(prefix.size());
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc{} || end != digits.data() + digits.size() || id <= 0)
    return std::nullopt;
  return id;
}

}  // namespace

MentionLookup mention_lookup(const std::vector<std::string>& handles) {
  MentionLookup lookup;
  std::set<std::string> seen;
  for (const auto& written : handles) {
    if (seen.size() >= max_mentions_per_post)
      break;
    std::string_view handle = written;
    if (handle.starts_with('@'))
      handle.remove_prefix(1);
    const std::string handle_text = handle_for(handle);
    if (handle_text.empty() || !seen.insert(ascii_lower(handle_text)).second)
      continue;
    if (auto id = person_number(handle_text)) {
      lookup.person_ids.push_back(*id);
    } else {
      lookup.names.push_back(handle_text);
    }
  }
  return lookup;
}

std::string handle_for(std::string_view display_name) {
  std::string handle;
  handle.reserve(display_name.size());
  for (char c : display_name) {
    if (!is_space(c))
      handle += c;
  }
  return handle;
}

}  // namespace plenary::notifications
