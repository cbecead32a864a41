// What the rest of the server uses from the votes module (module.hpp); routes are in routes.cpp.
#include "votes/module.hpp"

#include <charconv>

namespace plenary::votes {

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  const Error unknown = not_found("There is no room called '" + room.substr(0, 100) + "'.");
  if (!room.starts_with("ballot:"))
    return unknown;
  const std::string_view digits = std::string_view(room).substr(7);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc{} || end != digits.data() + digits.size() || id <= 0)
    return unknown;
  return authorize_live(db, viewer, id);
}

}  // namespace plenary::votes
