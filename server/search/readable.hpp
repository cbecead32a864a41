#pragma once
// Which categories a person may read, decided by discussions::can_view for each: search results,
// the notification list and the moderation queue keep to these. Public categories are not
// listed one by one: `public_open` says whether the policy opens them to everyone.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "db/database.hpp"
#include "discussions/policy.hpp"
#include "groups/policy.hpp"

namespace plenary::search {

struct GroupNode {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string name;
  bool archived = false;
};

struct CategoryNode {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  discussions::Visibility visibility = discussions::Visibility::members;
};

struct ReadableCategories {
  bool public_open = false;       // every public category, without listing them
  std::vector<std::int64_t> ids;  // the others the person may read
};

// Pure. `groups` must hold each category's group and every group above it up to the highest one
// where the person holds a membership (a walk up stops at the first group not given).
ReadableCategories decide_readable(
    const groups::ViewerIdentity& identity, const std::vector<GroupNode>& groups,
    const std::vector<CategoryNode>& categories,
    const std::map<std::int64_t, groups::DirectMembership>& memberships);

// Loads what decide_readable needs: the groups where the person has a membership and all below
// them (for a site admin, every group), and their categories.
ReadableCategories readable_categories(db::Tx& tx, const Actor* actor);

}  // namespace plenary::search
