// What the rest of the server uses from the proposals module (module.hpp); routes are in
// routes.cpp.
#include "proposals/module.hpp"

#include <charconv>

#include "proposals/repo.hpp"
#include "proposals/service.hpp"
#include "votes/service.hpp"

namespace plenary::proposals {

Status on_ballot_change(db::Tx& tx, const votes::BallotChange& change) {
  const auto at = repo::ballot_change_time(tx, change.ballot_id, change.status);
  return ballot_changed(tx, change.ballot_id, change.status, change.outcome, at);
}

Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  constexpr std::string_view prefix = "proposals:";
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

}  // namespace plenary::proposals
