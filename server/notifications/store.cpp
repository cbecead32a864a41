#include "notifications/store.hpp"

#include "db/arrays.hpp"
#include "events/outbox.hpp"

namespace plenary::notifications::store {
namespace {

// The rows, and their events as to_json and unread_count shape them (the payload is jsonb, so
// its text is the same whichever side builds it). The count is the one the unread statement
// below makes (notifications about hidden or deleted posts are not shown), over the rows already
// there and those this statement inserts, which its other parts cannot see. The arrays are read
// through sub-selects so that the statement keeps one generic plan instead of being planned on
// every execution (notifications.audience in notify.cpp says why).
const db::Statement insert_and_announce_rows{
    "notifications.insert_and_announce",
    "WITH inserted AS (INSERT INTO notifications (person_id, kind, actor_id, thread_id, post_id, "
    "detail, link) SELECT r.person_id, r.kind, $3, $4, $5, $6, $7 "
    "FROM unnest((SELECT $1::bigint[]), (SELECT $2::text[])) AS r(person_id, kind) "
    "ORDER BY r.person_id RETURNING id, person_id, kind, actor_id, thread_id, post_id, detail, "
    "created_at, read_at, "
    "link), "
    "unread AS (SELECT x.person_id, count(*) AS count FROM ("
    "SELECT n.person_id, n.kind, n.post_id FROM notifications n "
    "WHERE n.person_id = ANY((SELECT $1::bigint[])::bigint[]) AND n.read_at IS NULL "
    "UNION ALL SELECT person_id, kind, post_id FROM inserted WHERE read_at IS NULL) AS x "
    "LEFT JOIN posts p ON p.id = x.post_id WHERE x.kind IN ('post_hidden', 'suspended') "
    "OR p.id IS NULL OR (p.hidden_at IS NULL AND p.deleted_at IS NULL) GROUP BY x.person_id) "
    "INSERT INTO events (room, kind, payload) "
    "SELECT 'person:' || i.person_id, 'notification.created', jsonb_build_object("
    "'notification', jsonb_build_object('id', i.id, 'kind', i.kind, "
    "'actor', CASE WHEN i.actor_id IS NOT NULL THEN jsonb_build_object('id', i.actor_id, "
    "'display_name', a.display_name) END, "
    "'thread', CASE WHEN i.thread_id IS NOT NULL THEN jsonb_build_object('id', i.thread_id, "
    "'title', t.title) END, "
    "'post_id', i.post_id, 'detail', i.detail, 'created_at', to_json(i.created_at) #>> '{}', "
    "'read', i.read_at IS NOT NULL, 'link', i.link), "
    "'unread_count', coalesce(u.count, 0)) "
    "FROM inserted i LEFT JOIN persons a ON a.id = i.actor_id "
    "LEFT JOIN threads t ON t.id = i.thread_id "
    "LEFT JOIN unread u ON u.person_id = i.person_id ORDER BY i.id"};

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

void insert_and_announce(db::Tx& tx, const std::vector<Addressed>& addressees, const About& about) {
  if (addressees.empty())
    return;
  std::vector<std::int64_t> person_ids;
  std::vector<std::string> kinds;
  for (const auto& addressee : addressees) {
    person_ids.push_back(addressee.person_id);
    kinds.push_back(addressee.kind);
  }
  tx.exec(insert_and_announce_rows, db::array_literal(person_ids), db::array_literal(kinds),
          about.actor_id, about.thread_id, about.post_id, about.detail, about.link);
  events::mark_published();
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
