#pragma once
// Live rooms are named "<kind>:<id>" (group:3, thread:12, ballot:7); the module that owns the
// kind authorises its rooms. Shared here: reading the id, and the answer for a room nobody has.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace plenary::events {

// The id of a room named `prefix` + a positive number ("ballot:" + "7"), or nothing.
inline std::optional<std::int64_t> room_id(std::string_view room, std::string_view prefix) {
  if (!room.starts_with(prefix))
    return std::nullopt;
  const auto digits = room.substr(prefix.size());
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc{} || end != digits.data() + digits.size() || id <= 0)
    return std::nullopt;
  return id;
}

inline Error unknown_room(std::string_view room) {
  return not_found("There is no room called '" + std::string(room.substr(0, 100)) + "'.");
}

}  // namespace plenary::events
