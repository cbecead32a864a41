#include "notifications/store.hpp"

#include <map>
#include <set>

#include "db/arrays.hpp"
#include "events/outbox.hpp"

namespace plenary::notifications::store {
namespace {

const db::Statement insert_rows{
    "notifications.insert",
    "INSERT INTO notifications (person_id, kind, actor_id, thread_id, post_id, detail, link) "
    "SELECT r.person_id, r.kind, $3, $4, $5, $6, $7 "
    "FROM unnest($1::bigint[], $2::text[]) AS r(person_id, kind) ORDER BY r.person_id "
    "RETURNING id"};

const db::Statement select_by_ids{
    "notifications.select_by_ids",
    "SELECT n.id, n.person_id, n.kind, n.actor_id, a.display_name, n.thread_id, t.title, "
    "n.post_id, n.detail, to_json(n.created_at) #>> '{}', n.read_at IS NOT NULL, n.link "
    "FROM notifications n LEFT JOIN persons a ON a.id = n.actor_id "
    "LEFT JOIN threads t ON t.id = n.thread_id WHERE n.id = ANY($1::bigint[]) ORDER BY n.id"};

// Notifications about a post that has since been hidden or deleted are not shown (the author's
// own post_hidden notice is about exactly that, and stays).
const db::Statement select_unread_counts{
    "notifications.unread_counts",
    "SELECT n.person_id, count(*) FROM notifications n LEFT JOIN posts p ON p.id = n.post_id "
    "WHERE n.person_id = ANY($1::bigint[]) AND n.read_at IS NULL AND (n.kind IN ('post_hidden', "
    "'suspended') OR p.id IS NULL OR (p.hidden_at IS NULL AND p.deleted_at IS NULL)) "
    "GROUP BY n.person_id"};

#define SHOWN                                                                                  \
  "LEFT JOIN threads t ON t.id = n.thread_id LEFT JOIN categories c ON c.id = t.category_id "  \
  "LEFT JOIN posts p ON p.id = n.post_id WHERE n.person_id = $1 "                              \
  "AND (n.thread_id IS NULL OR (c.visibility = 'public' AND $2) OR c.id = ANY($3::bigint[])) " \
  "AND (n.kind IN ('post_hidden', 'suspended') OR p.id IS NULL "                               \
  "OR (p.hidden_at IS NULL AND p.deleted_at IS NULL)) "

const db::Statement select_shown{
    "notifications.list",
    "SELECT n.id, n.person_id, n.kind, n.actor_id, a.display_name, n.thread_id, t.title, "
    "n.post_id, n.detail, to_json(n.created_at) #>> '{}', n.read_at IS NOT NULL, n.link "
    "FROM notifications n LEFT JOIN persons a ON a.id = n.actor_id " SHOWN
    "AND ($4::bigint IS NULL OR n.id < $4::bigint) ORDER BY n.id DESC LIMIT $5"};

const db::Statement select_shown_unread{
    "notifications.unread", "SELECT count(*) FROM notifications n " SHOWN "AND n.read_at IS NULL"};

const db::Statement select_unread_between{
    "notifications.unread_between",
    "SELECT n.id, n.person_id, n.kind, n.actor_id, a.display_name, n.thread_id, t.title, "
    "n.post_id, n.detail, to_json(n.created_at) #>> '{}', n.read_at IS NOT NULL, n.link "
    "FROM notifications n LEFT JOIN persons a ON a.id = n.actor_id " SHOWN
    "AND n.read_at IS NULL AND n.id > $4 AND n.id <= $5 ORDER BY n.id LIMIT $6"};

const db::Statement select_unread_count_between{
    "notifications.unread_count_between", "SELECT count(*) FROM notifications n " SHOWN
                                          "AND n.read_at IS NULL AND n.id > $4 AND n.id <= $5"};

const db::Statement select_newest_id{
    "notifications.newest_id",
    "SELECT coalesce(max(id), 0) FROM notifications WHERE person_id = $1"};

const db::Statement update_read_some{
    "notifications.read_some",
    "UPDATE notifications SET read_at = $3::timestamptz WHERE person_id = $1 "
    "AND id = ANY($2::bigint[]) AND read_at IS NULL"};

const db::Statement update_read_all{
    "notifications.read_all",
    "UPDATE notifications SET read_at = $2::timestamptz WHERE person_id = $1 AND read_at IS NULL"};

Notification notification_from(const pqxx::row& row) {
  Notification notification;
  notification.id = row[0].as<std::int64_t>();
  notification.person_id = row[1].as<std::int64_t>();
  notification.kind = row[2].as<std::string>();
  if (!row[3].is_null()) {
    notification.actor = PersonRef{row[3].as<std::int64_t>(), row[4].as<std::string>()};
  }
  if (!row[5].is_null()) {
    notification.thread = ThreadRef{row[5].as<std::int64_t>(), row[6].as<std::string>()};
  }
  if (!row[7].is_null())
    notification.post_id = row[7].as<std::int64_t>();
  notification.detail = row[8].as<std::string>();
  notification.created_at = row[9].as<std::string>();
  notification.read = row[10].as<bool>();
  if (!row[11].is_null())
    notification.link = row[11].as<std::string>();
  return notification;
}

}  // namespace

nlohmann::json to_json(const Notification& notification) {
  nlohmann::json json = {
      {"id", notification.id},
      {"kind", notification.kind},
      {"actor", nullptr},
      {"thread", nullptr},
      {"post_id", nullptr},
      {"detail", notification.detail},
      {"created_at", notification.created_at},
      {"read", notification.read},
      {"link", nullptr},
  };
  if (notification.link)
    json["link"] = *notification.link;
  if (notification.actor) {
    json["actor"] = {{"id", notification.actor->id},
                     {"display_name", notification.actor->display_name}};
  }
  if (notification.thread) {
    json["thread"] = {{"id", notification.thread->id}, {"title", notification.thread->title}};
  }
  if (notification.post_id)
    json["post_id"] = *notification.post_id;
  return json;
}

std::vector<std::int64_t> insert(db::Tx& tx, const std::vector<Addressed>& addressees,
                                 const About& about) {
  std::vector<std::int64_t> person_ids;
  std::vector<std::string> kinds;
  for (const auto& addressee : addressees) {
    person_ids.push_back(addressee.person_id);
    kinds.push_back(addressee.kind);
  }
  std::vector<std::int64_t> ids;
  if (addressees.empty())
    return ids;
  for (const auto& row :
       tx.exec(insert_rows, db::array_literal(person_ids), db::array_literal(kinds), about.actor_id,
               about.thread_id, about.post_id, about.detail, about.link)) {
    ids.push_back(row[0].as<std::int64_t>());
  }
  return ids;
}

std::vector<Notification> find(db::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::vector<Notification> found;
  if (ids.empty())
    return found;
  for (const auto& row : tx.exec(select_by_ids, db::array_literal(ids))) {
    found.push_back(notification_from(row));
  }
  return found;
}

std::vector<std::pair<std::int64_t, std::int64_t>> unread_counts(
    db::Tx& tx, const std::vector<std::int64_t>& person_ids) {
  std::vector<std::pair<std::int64_t, std::int64_t>> counts;
  if (person_ids.empty())
    return counts;
  for (const auto& row : tx.exec(select_unread_counts, db::array_literal(person_ids))) {
    counts.emplace_back(row[0].as<std::int64_t>(), row[1].as<std::int64_t>());
  }
  return counts;
}

void announce(db::Tx& tx, const std::vector<std::int64_t>& ids) {
  const auto notifications = find(tx, ids);
  std::set<std::int64_t> people;
  for (const auto& notification : notifications)
    people.insert(notification.person_id);
  std::map<std::int64_t, std::int64_t> unread;
  for (const auto& [person_id, count] :
       unread_counts(tx, std::vector<std::int64_t>(people.begin(), people.end()))) {
    unread[person_id] = count;
  }
  for (const auto& notification : notifications) {
    events::publish(tx, "person:" + std::to_string(notification.person_id), "notification.created",
                    {{"notification", to_json(notification)},
                     {"unread_count", unread[notification.person_id]}});
  }
}

std::vector<Notification> list(db::Tx& tx, const ShownTo& shown_to,
                               const std::optional<std::int64_t>& before_id, int limit) {
  std::vector<Notification> notifications;
  for (const auto& row :
       tx.exec(select_shown, shown_to.person_id, shown_to.public_open,
               db::array_literal(shown_to.readable_category_ids), before_id, limit)) {
    notifications.push_back(notification_from(row));
  }
  return notifications;
}

std::int64_t unread_count(db::Tx& tx, const ShownTo& shown_to) {
  return tx
      .exec(select_shown_unread, shown_to.person_id, shown_to.public_open,
            db::array_literal(shown_to.readable_category_ids))[0][0]
      .as<std::int64_t>();
}

std::vector<Notification> unread_between(db::Tx& tx, const ShownTo& shown_to, const IdRange& ids,
                                         int limit) {
  std::vector<Notification> notifications;
  for (const auto& row :
       tx.exec(select_unread_between, shown_to.person_id, shown_to.public_open,
               db::array_literal(shown_to.readable_category_ids), ids.after, ids.up_to, limit)) {
    notifications.push_back(notification_from(row));
  }
  return notifications;
}

std::int64_t unread_count_between(db::Tx& tx, const ShownTo& shown_to, const IdRange& ids) {
  return tx
      .exec(select_unread_count_between, shown_to.person_id, shown_to.public_open,
            db::array_literal(shown_to.readable_category_ids), ids.after, ids.up_to)[0][0]
      .as<std::int64_t>();
}

std::int64_t newest_id(db::Tx& tx, std::int64_t person_id) {
  return tx.exec(select_newest_id, person_id)[0][0].as<std::int64_t>();
}

void mark_read(db::Tx& tx, std::int64_t person_id,
               const std::optional<std::vector<std::int64_t>>& ids, const std::string& at) {
  if (ids) {
    tx.exec(update_read_some, person_id, db::array_literal(*ids), at);
  } else {
    tx.exec(update_read_all, person_id, at);
  }
}

}  // namespace plenary::notifications::store
