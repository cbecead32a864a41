#pragma once
// A person's page (where an @mention links): their name and the groups they belong to that the
// viewer shares with them. Membership of a party or union is sensitive, so nobody learns of a
// person's groups through this page unless the group's member list would have told them: the
// viewer is a member (or officer) of that group and the person has not left the directory, or
// the viewer is an officer there. A person with no such group is "not found" for that viewer.
// The page also shows what the person has done for the organisation, if they chose to show it
// (they always see it on their own page).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "groups/model.hpp"
#include "http/router.hpp"

namespace plenary::groups {

struct Recognition {
  std::int64_t stories_published = 0;
  std::int64_t offers_taken_up = 0;  // offers to volunteer matched to a task
  std::int64_t thanks_received = 0;  // on their posts still shown
};

struct PersonPage {
  std::int64_t id = 0;
  std::string display_name;
  bool is_me = false;
  std::vector<PersonalMembership> shared_groups;
  bool recognition_public = false;         // the person chose to show it to others
  std::optional<Recognition> recognition;  // for others only when it is public
};

Result<PersonPage> person_page(db::Connection& db, const Actor* viewer, std::int64_t person_id);
nlohmann::json person_page_json(const PersonPage& page);

void register_people_routes(http::Router& router);

}  // namespace plenary::groups
