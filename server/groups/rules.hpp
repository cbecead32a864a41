#pragma once
// Pure rules of the organisation tree and of the values groups deal in: where a group may sit,
// moves that would make a loop, calendar dates and member-list cursors. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "groups/model.hpp"

namespace plenary::groups {

// National, region, constituency and branch form the tree, in that order from the top; the other
// kinds sit beside it, inside any group or none.
bool is_tree_kind(Kind kind);

struct ParentInfo {
  Kind kind;
  std::string name;
};

// Why a group of this kind cannot sit inside this parent (nothing: it can). A tree group sits
// inside a tree group of a higher rank, or at the top.
std::optional<std::string> placement_problem(Kind kind, const std::optional<ParentInfo>& parent);

// Why the group cannot move under the new parent (nothing: it can). `new_parent_chain` holds the
// new parent's id followed by the ids of every group above it.
std::optional<std::string> move_problem(std::int64_t group_id,
                                        const std::vector<std::int64_t>& new_parent_chain);

// The ids from `id` upwards, `id` first, until a group without a parent in `parents` (or until
// `stop_at`, included). A loop in the data ends the walk instead of running forever.
std::vector<std::int64_t> path_up(
    std::int64_t id, const std::unordered_map<std::int64_t, std::optional<std::int64_t>>& parents,
    std::optional<std::int64_t> stop_at = std::nullopt);

// A calendar date written YYYY-MM-DD that exists (no 2023-02-30), from the year 1900 on.
bool valid_iso_date(std::string_view text);
// The UTC calendar date of a moment, as YYYY-MM-DD.
std::string iso_date(TimePoint time);

// Opaque, URL-safe text for a member-list cursor, and back. Garbage decodes to nothing.
std::string encode_cursor(const MemberCursor& cursor);
std::optional<MemberCursor> decode_cursor(std::string_view text);

}  // namespace plenary::groups
