#pragma once
// Who an @handle names: `@person-42` names person 42; any other handle is a display name with its
// spaces taken out, compared case-blind (the database does the comparison, so that letters
// outside ASCII fold the same way on both sides). Pure.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::notifications {

// A post naming more people than this is not a conversation; the rest are ignored.
inline constexpr std::size_t max_mentions_per_post = 20;

struct MentionLookup {
  std::vector<std::int64_t> person_ids;  // from person-<id>
  std::vector<std::string> names;        // display names without spaces, as written
};

// Handles with or without the leading '@'; duplicates (case-blind) and empty ones dropped.
MentionLookup mention_lookup(const std::vector<std::string>& handles);

// The handle a display name answers to: the name with every space taken out.
std::string handle_for(std::string_view display_name);

}  // namespace plenary::notifications
