// Who hears of a post: the plan (recipients.hpp), then the policy's word on each recipient's
// right to read the category, then the rows and their live announcements.
#include "notifications/notify.hpp"

#include <cctype>
#include <map>
#include <set>

#include "db/arrays.hpp"
#include "discussions/policy.hpp"
#include "groups/model.hpp"
#include "notifications/mentions.hpp"
#include "notifications/recipients.hpp"
#include "notifications/store.hpp"

namespace plenary::notifications {
namespace {

const db::Statement select_place{
    "notifications.place",
    "SELECT g.name, g.archived_at IS NOT NULL, c.visibility FROM categories c "
    "JOIN groups g ON g.id = c.group_id WHERE c.id = $1"};

const db::Statement select_mentioned{"notifications.mentioned",
                                     "SELECT id FROM persons WHERE id = ANY($1::bigint[]) "
                                     "OR lower(regexp_replace(display_name, '\\s', '', 'g')) = "
                                     "ANY(SELECT lower(handle) FROM unnest($2::text[]) AS handle)"};

const db::Statement select_named{
    "notifications.named",
    "SELECT lower(h.handle), p.id FROM unnest($1::text[]) AS h(handle) JOIN persons p "
    "ON lower(regexp_replace(p.display_name, '\\s', '', 'g')) = lower(h.handle) "
    "UNION ALL SELECT 'person-' || id, id FROM persons WHERE id = ANY($2::bigint[])"};

const db::Statement select_watchers{"notifications.watchers",
                                    "SELECT person_id, thread_id IS NOT NULL FROM watches WHERE "
                                    "thread_id = $1 OR category_id = $2"};

const db::Statement select_identities{
    "notifications.identities",
    "SELECT id, site_admin, email_verified_at IS NOT NULL FROM persons "
    "WHERE id = ANY($1::bigint[])"};

const db::Statement select_chains{
    "notifications.chains",
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    "SELECT id, parent_id, 0 FROM groups WHERE id = $1 "
    "UNION ALL SELECT g.id, g.parent_id, up.depth + 1 FROM groups g "
    "JOIN up ON g.id = up.parent_id WHERE up.depth < 1000) "
    "SELECT m.person_id, up.depth, m.role, m.status FROM up "
    "JOIN memberships m ON m.group_id = up.id AND m.person_id = ANY($2::bigint[])"};

std::vector<std::int64_t> mentioned_people(db::Tx& tx, const std::vector<std::string>& handles) {
  std::vector<std::int64_t> people;
  const auto lookup = mention_lookup(handles);
  if (lookup.person_ids.empty() && lookup.names.empty())
    return people;
  for (const auto& row : tx.exec(select_mentioned, db::array_literal(lookup.person_ids),
                                 db::array_literal(lookup.names))) {
    people.push_back(row[0].as<std::int64_t>());
  }
  return people;
}

std::string lower_case(std::string text) {
  for (auto& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The recipients whom the policy lets read the category.
std::vector<Recipient> who_may_read(db::Tx& tx, const NewPost& post,
                                    const std::vector<Recipient>& recipients) {
  std::vector<Recipient> readers;
  auto place_row = tx.exec_maybe_row(select_place, post.category_id);
  if (!place_row || recipients.empty())
    return readers;
  auto visibility = discussions::parse_visibility((*place_row)[2].as<std::string>());
  if (!visibility)
    return readers;
  const discussions::Place place{(*place_row)[0].as<std::string>(), (*place_row)[1].as<bool>(),
                                 *visibility};

  std::vector<std::int64_t> ids;
  for (const auto& recipient : recipients)
    ids.push_back(recipient.person_id);
  const auto id_list = db::array_literal(ids);

  std::map<std::int64_t, groups::ViewerIdentity> identities;
  for (const auto& row : tx.exec(select_identities, id_list)) {
    identities[row[0].as<std::int64_t>()] = {true, row[1].as<bool>(), row[2].as<bool>()};
  }
  std::map<std::int64_t, std::vector<groups::ChainMembership>> chains;
  for (const auto& row : tx.exec(select_chains, post.group_id, id_list)) {
    auto role = groups::parse_role(row[2].as<std::string>());
    auto status = groups::parse_status(row[3].as<std::string>());
    if (!role || !status)
      continue;
    chains[row[0].as<std::int64_t>()].push_back({row[1].as<int>(), *role, *status});
  }

  for (const auto& recipient : recipients) {
    auto identity = identities.find(recipient.person_id);
    if (identity == identities.end())
      continue;
    const auto viewer = groups::make_viewer(identity->second, chains[recipient.person_id]);
    if (discussions::can_view(viewer, place))
      readers.push_back(recipient);
  }
  return readers;
}

}  // namespace

std::map<std::string, std::int64_t> people_named(db::Tx& tx,
                                                 const std::vector<std::string>& handles) {
  std::map<std::string, std::int64_t> people;
  const auto lookup = mention_lookup(handles);
  if (lookup.person_ids.empty() && lookup.names.empty())
    return people;
  std::set<std::string> ambiguous;
  for (const auto& row : tx.exec(select_named, db::array_literal(lookup.names),
                                 db::array_literal(lookup.person_ids))) {
    const auto handle = lower_case(row[0].as<std::string>());
    if (!people.emplace(handle, row[1].as<std::int64_t>()).second)
      ambiguous.insert(handle);
  }
  for (const auto& handle : ambiguous)
    people.erase(handle);
  return people;
}

void on_post_created(db::Tx& tx, const NewPost& post) {
  Interested interested;
  interested.author_id = post.author_id;
  interested.parent_author_id = post.parent_author_id;
  interested.mentioned = mentioned_people(tx, post.mention_handles);
  for (const auto& row : tx.exec(select_watchers, post.thread_id, post.category_id)) {
    auto& watchers = row[1].as<bool>() ? interested.thread_watchers : interested.category_watchers;
    watchers.push_back(row[0].as<std::int64_t>());
  }

  const auto readers = who_may_read(tx, post, plan_recipients(interested));
  std::vector<store::Addressed> addressees;
  for (const auto& reader : readers) {
    addressees.push_back({reader.person_id, std::string(reason_kind(reader.reason))});
  }
  const auto ids = store::insert(tx, addressees,
                                 {post.author_id, post.thread_id, post.post_id, "", std::nullopt});
  store::announce(tx, ids);
}

void notify(db::Tx& tx, const Direct& notification) {
  const auto ids = store::insert(tx, {{notification.person_id, notification.kind}},
                                 {notification.actor_id, notification.thread_id,
                                  notification.post_id, notification.detail, notification.link});
  store::announce(tx, ids);
}

}  // namespace plenary::notifications
