// What the rest of the server uses from the groups module (module.hpp); routes are in routes.cpp.
#include "groups/module.hpp"

#include <charconv>

#include "groups/json.hpp"
#include "groups/service.hpp"

namespace plenary::groups {

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  constexpr std::string_view prefix = "group:";
  const Error unknown = not_found("There is no room called '" + room.substr(0, 100) + "'.");
  if (!room.starts_with(prefix))
    return unknown;
  const std::string_view digits = std::string_view(room).substr(prefix.size());
  std::int64_t group_id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), group_id);
  if (ec != std::errc{} || end != digits.data() + digits.size() || group_id <= 0)
    return unknown;
  return authorize_live(db, viewer, group_id);
}

nlohmann::json memberships_of(db::Connection& db, std::int64_t person_id) {
  return personal_memberships_json(memberships_of_person(db, person_id));
}

}  // namespace plenary::groups
