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

// NOTIFICATION_AUDIENCE on its own: $1 group, $2 thread, $3 category, $4 the people named. The
// array is read through a sub-select, which the planner estimates alike with or without its
// value: the statement then keeps one generic plan. Given the value, it would plan afresh on
// every execution (its estimate for a one-element array beats the generic plan's ten elements),
// and planning costs more than running it.
const db::Statement select_audience{
    "notifications.audience",
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    "SELECT id, parent_id, 0 FROM groups WHERE id = $1 "
    "UNION ALL SELECT g.id, g.parent_id, up.depth + 1 FROM groups g "
    "JOIN up ON g.id = up.parent_id WHERE up.depth < 1000) "
    "SELECT " NOTIFICATION_AUDIENCE("$2", "$3", "SELECT unnest((SELECT $4::bigint[]))")};

struct Standing {
  groups::ViewerIdentity identity;
  std::vector<groups::ChainMembership> chain;
};

// Reads NOTIFICATION_AUDIENCE's value into the watchers and everyone's standing.
void take_audience(const std::string& audience, Interested& interested,
                   std::map<std::int64_t, Standing>& standing) {
  for (const auto& person : nlohmann::json::parse(audience)) {
    const auto person_id = person[0].get<std::int64_t>();
    if (person[1].get<bool>())
      interested.thread_watchers.push_back(person_id);
    if (person[2].get<bool>())
      interested.category_watchers.push_back(person_id);
    Standing& entry = standing[person_id];
    entry.identity = {true, person[3].get<bool>(), person[4].get<bool>()};
    for (const auto& link : person[5]) {
      auto role = groups::parse_role(link[1].get<std::string>());
      auto status = groups::parse_status(link[2].get<std::string>());
      if (role && status)
        entry.chain.push_back({link[0].get<int>(), *role, *status});
    }
  }
}

std::string read_audience(db::Tx& tx, std::int64_t group_id, std::int64_t thread_id,
                          std::int64_t category_id, const std::vector<std::int64_t>& named) {
  return tx.exec(select_audience, group_id, thread_id, category_id, db::array_literal(named))[0][0]
      .as<std::string>();
}

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

Addressees addressees_of(db::Tx& tx, const NewPost& post,
                         const std::optional<std::string>& audience) {
  Interested interested;
  interested.author_id = post.author_id;
  interested.parent_author_id = post.parent_author_id;
  interested.mentioned = mentioned_people(tx, post.mention_handles);
  std::map<std::int64_t, Standing> standing;
  if (audience) {
    take_audience(*audience, interested, standing);
    // Those mentioned were not known when it was read: their standing alone (no thread or
    // category has the id 0, so no watcher comes twice).
    std::vector<std::int64_t> unknown;
    for (auto id : interested.mentioned) {
      if (!standing.contains(id))
        unknown.push_back(id);
    }
    if (!unknown.empty())
      take_audience(read_audience(tx, post.group_id, 0, 0, unknown), interested, standing);
  } else {
    std::vector<std::int64_t> named = interested.mentioned;
    if (post.parent_author_id)
      named.push_back(*post.parent_author_id);
    take_audience(read_audience(tx, post.group_id, post.thread_id, post.category_id, named),
                  interested, standing);
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
