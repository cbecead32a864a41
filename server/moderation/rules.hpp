#pragma once
// Moderation's own pure rules: what a flag and a suspension must say, when a suspension may be
// given, and the page cursors. (Who may moderate at all is discussions/policy.)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "groups/policy.hpp"

namespace plenary::moderation {

const std::vector<std::string>& flag_reasons();
const std::vector<std::string>& flag_resolutions();

inline constexpr std::size_t max_flag_detail = 1000;
inline constexpr std::size_t max_reason_length = 500;

// "other" says nothing by itself: the flagger must say what is wrong.
std::optional<FieldError> check_flag_detail(std::string_view reason, std::string_view detail);

// ISO 8601 date-time: YYYY-MM-DDTHH:MM[:SS[.fraction]] with Z, ±HH:MM or nothing (read as UTC).
std::optional<TimePoint> parse_date_time(std::string_view text);

// A suspension must end in the future, and cannot silence someone who moderates the group
// (their role is changed first, by the officers).
Status check_suspension(TimePoint ends_at, TimePoint now, bool target_moderates,
                        const std::string& group_name, bool suspending_self);

// Where the next page of the moderation queue starts: after this (first flag time, post).
struct QueueCursor {
  std::int64_t first_flag_micros = 0;
  std::int64_t post_id = 0;
  bool operator==(const QueueCursor&) const = default;
};
std::string encode_queue_cursor(const QueueCursor& cursor);
std::optional<QueueCursor> decode_queue_cursor(std::string_view text);

// Lists paged newest first by id (the log, notifications): the cursor is the last id shown.
std::string encode_id_cursor(std::int64_t id);
std::optional<std::int64_t> decode_id_cursor(std::string_view text);

}  // namespace plenary::moderation
