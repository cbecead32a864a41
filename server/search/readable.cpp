#include "search/readable.hpp"

#include <unordered_map>

#include "db/arrays.hpp"

namespace plenary::search {
namespace {

// Every group under the person's own (or, for a site admin, under every top-level group). A
// category elsewhere has no membership on its chain, and the policy opens only public ones to
// such readers; those are covered by public_open.
const db::Statement select_groups_below_memberships{
    "search.readable.groups",
    "WITH RECURSIVE below(id) AS ("
    "SELECT group_id FROM memberships WHERE person_id = $1 "
    "UNION SELECT id FROM groups WHERE $2 AND parent_id IS NULL "
    "UNION SELECT g.id FROM groups g JOIN below ON g.parent_id = below.id) "
    "SELECT g.id, g.parent_id, g.name, g.archived_at IS NOT NULL FROM groups g "
    "WHERE g.id IN (SELECT id FROM below)"};

const db::Statement select_categories_in{
    "search.readable.categories",
    "SELECT id, group_id, visibility FROM categories WHERE group_id = ANY($1::bigint[]) "
    "AND visibility <> 'public'"};

const db::Statement select_memberships{
    "search.readable.memberships",
    "SELECT group_id, role, status FROM memberships WHERE person_id = $1"};

}  // namespace

ReadableCategories decide_readable(
    const groups::ViewerIdentity& identity, const std::vector<GroupNode>& groups,
    const std::vector<CategoryNode>& categories,
    const std::map<std::int64_t, groups::DirectMembership>& memberships) {
  ReadableCategories readable;
  readable.public_open = discussions::can_view(groups::make_viewer({}, {}),
                                               {"", false, discussions::Visibility::public_})
                             .allowed;

  std::unordered_map<std::int64_t, const GroupNode*> by_id;
  for (const auto& group : groups)
    by_id[group.id] = &group;

  std::unordered_map<std::int64_t, groups::Viewer> viewers;
  auto viewer_in = [&](std::int64_t group_id) -> const groups::Viewer& {
    if (auto found = viewers.find(group_id); found != viewers.end())
      return found->second;
    std::vector<groups::ChainMembership> chain;
    std::optional<std::int64_t> at = group_id;
    // The depth bound guards against a loop in the data, as the groups repo does.
    for (int depth = 0; at && depth < 1000; ++depth) {
      if (auto membership = memberships.find(*at); membership != memberships.end()) {
        chain.push_back({depth, membership->second.role, membership->second.status});
      }
      auto node = by_id.find(*at);
      at = node == by_id.end() ? std::nullopt : node->second->parent_id;
    }
    return viewers.emplace(group_id, groups::make_viewer(identity, chain)).first->second;
  };

  for (const auto& category : categories) {
    auto group = by_id.find(category.group_id);
    if (group == by_id.end())
      continue;
    const discussions::Place place{group->second->name, group->second->archived,
                                   category.visibility};
    if (discussions::can_view(viewer_in(category.group_id), place)) {
      readable.ids.push_back(category.id);
    }
  }
  return readable;
}

ReadableCategories readable_categories(db::Tx& tx, const Actor* actor) {
  if (!actor)
    return decide_readable({}, {}, {}, {});
  const groups::ViewerIdentity identity{true, actor->site_admin, actor->email_verified};

  std::vector<GroupNode> group_nodes;
  std::vector<std::int64_t> group_ids;
  for (const auto& row :
       tx.exec(select_groups_below_memberships, actor->person_id, actor->site_admin)) {
    GroupNode node{row[0].as<std::int64_t>(), std::nullopt, row[2].as<std::string>(),
                   row[3].as<bool>()};
    if (!row[1].is_null())
      node.parent_id = row[1].as<std::int64_t>();
    group_ids.push_back(node.id);
    group_nodes.push_back(std::move(node));
  }
  std::vector<CategoryNode> category_nodes;
  if (!group_ids.empty()) {
    for (const auto& row : tx.exec(select_categories_in, db::array_literal(group_ids))) {
      auto visibility = discussions::parse_visibility(row[2].as<std::string>());
      if (!visibility)
        continue;
      category_nodes.push_back({row[0].as<std::int64_t>(), row[1].as<std::int64_t>(), *visibility});
    }
  }
  std::map<std::int64_t, groups::DirectMembership> memberships;
  for (const auto& row : tx.exec(select_memberships, actor->person_id)) {
    auto role = groups::parse_role(row[1].as<std::string>());
    auto status = groups::parse_status(row[2].as<std::string>());
    if (role && status)
      memberships[row[0].as<std::int64_t>()] = {*role, *status};
  }
  return decide_readable(identity, group_nodes, category_nodes, memberships);
}

}  // namespace plenary::search
