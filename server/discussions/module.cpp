// What the rest of the server uses from the discussions module (module.hpp); routes are in
// routes.cpp.
#include "discussions/module.hpp"

#include <charconv>

#include "discussions/service.hpp"

namespace plenary::discussions {

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  const Error unknown = not_found("There is no room called '" + room.substr(0, 100) + "'.");
  RoomKind kind;
  std::string_view digits;
  if (room.starts_with("thread:")) {
    kind = RoomKind::thread;
    digits = std::string_view(room).substr(7);
  } else if (room.starts_with("category:")) {
    kind = RoomKind::category;
    digits = std::string_view(room).substr(9);
  } else {
    return unknown;
  }
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc{} || end != digits.data() + digits.size() || id <= 0)
    return unknown;
  return authorize_live(db, viewer, kind, id);
}

}  // namespace plenary::discussions
