// Who hears of a post: the plan (recipients.hpp), then the policy's word on each recipient's
// right to read the category, then the rows and their live announcements.
#include "notifications/notify.hpp"

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "db/arrays.hpp"
#include "discussions/policy.hpp"
#include "groups/model.hpp"
#include "notifications/mentions.hpp"
#include "notifications/recipients.hpp"
#include "notifications/store.hpp"

namespace plenary::notifications {
namespace {

const db::Statement select_mentioned{"notifications.mentioned",
                                     "SELECT id FROM persons WHERE id = ANY($1::bigint[]) "
                                     "OR lower(regexp_replace(display_name, '\\s', '', 'g')) = "
                                     "ANY(SELECT lower(handle) FROM unnest($2::text[]) AS handle)"};

const db::Statement select_named{
    "notifications.named",
    "SELECT lower(h.handle), p.id FROM unnest($1::text[]) AS h(handle) JOIN persons p "
    "ON lower(regexp_replace(p.display_name, '\\s', '', 'g')) = lower(h.handle) "
    "UNION ALL SELECT 'person-' || id, id FROM persons WHERE id = ANY($2::bigint[])"};

// Who may hear of a post in one statement: the watchers of the thread or its category and the
// people named in $4 (the parent's author, those mentioned), each with what the policy weighs
// (site admin, verified, memberships along the group's ancestry, as groups' chain statement
// walks it). $1 group, $2 thread, $3 category. The array is read through a sub-select, which the
// planner estimates alike with or without its value: the statement then keeps one generic plan.
// Given the value, it would plan afresh on every execution (its estimate for a one-element array
// beats the generic plan's ten elements), and planning costs more than running it.
const db::Statement select_audience{
    "notifications.audience",
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    "SELECT id, parent_id, 0 FROM groups WHERE id = $1 "
    "UNION ALL SELECT g.id, g.parent_id, up.depth + 1 FROM groups g "
    "JOIN up ON g.id = up.parent_id WHERE up.depth < 1000), "
    "interested AS (SELECT person_id, bool_or(thread_id IS NOT NULL) AS thread_watch, "
    "bool_or(category_id IS NOT NULL) AS category_watch FROM ("
    "SELECT person_id, thread_id, category_id FROM watches WHERE thread_id = $2 OR category_id = "
    "$3 "
    "UNION ALL SELECT unnest((SELECT $4::bigint[])), NULL::bigint, NULL::bigint) AS x "
    "GROUP BY person_id) "
    "SELECT p.id, i.thread_watch, i.category_watch, p.site_admin, "
    "p.email_verified_at IS NOT NULL, (SELECT coalesce(json_agg(json_build_array(up.depth, "
    "m.role, m.status)), '[]') FROM up JOIN memberships m ON m.group_id = up.id "
    "AND m.person_id = p.id)::text FROM interested i JOIN persons p ON p.id = i.person_id"};

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

Addressees addressees_of(db::Tx& tx, const NewPost& post) {
  Interested interested;
  interested.author_id = post.author_id;
  interested.parent_author_id = post.parent_author_id;
  interested.mentioned = mentioned_people(tx, post.mention_handles);
  std::vector<std::int64_t> named = interested.mentioned;
  if (post.parent_author_id)
    named.push_back(*post.parent_author_id);

  struct Standing {
    groups::ViewerIdentity identity;
    std::vector<groups::ChainMembership> chain;
  };
  std::map<std::int64_t, Standing> standing;
  for (const auto& row : tx.exec(select_audience, post.group_id, post.thread_id, post.category_id,
                                 db::array_literal(named))) {
    const auto person_id = row[0].as<std::int64_t>();
    if (row[1].as<bool>())
      interested.thread_watchers.push_back(person_id);
    if (row[2].as<bool>())
      interested.category_watchers.push_back(person_id);
    Standing& person = standing[person_id];
    person.identity = {true, row[3].as<bool>(), row[4].as<bool>()};
    for (const auto& link : nlohmann::json::parse(row[5].c_str())) {
      auto role = groups::parse_role(link[1].get<std::string>());
      auto status = groups::parse_status(link[2].get<std::string>());
      if (role && status)
        person.chain.push_back({link[0].get<int>(), *role, *status});
    }
  }

  // The recipients whom the policy lets read the category.
  Addressees addressees;
  for (const auto& recipient : plan_recipients(interested)) {
    auto person = standing.find(recipient.person_id);
    if (person == standing.end())
      continue;
    const auto viewer = groups::make_viewer(person->second.identity, person->second.chain);
    if (discussions::can_view(viewer, post.place)) {
      addressees.person_ids.push_back(recipient.person_id);
      addressees.kinds.emplace_back(reason_kind(recipient.reason));
    }
  }
  return addressees;
}

void on_post_created(db::Tx& tx, const NewPost& post) {
  const auto addressees = addressees_of(tx, post);
  std::vector<store::Addressed> rows;
  for (std::size_t i = 0; i < addressees.person_ids.size(); ++i)
    rows.push_back({addressees.person_ids[i], addressees.kinds[i]});
  store::insert_and_announce(tx, rows,
                             {post.author_id, post.thread_id, post.post_id, "", std::nullopt});
}

void notify(db::Tx& tx, const Direct& notification) {
  store::insert_and_announce(tx, {{notification.person_id, notification.kind}},
                             {notification.actor_id, notification.thread_id, notification.post_id,
                              notification.detail, notification.link});
}

}  // namespace plenary::notifications
