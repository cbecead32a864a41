#include "notifications/store.hpp"

#include "db/arrays.hpp"
#include "events/outbox.hpp"

namespace plenary::notifications::store {
namespace {

const db::Statement insert_and_announce_rows{
    "notifications.insert_and_announce",
    "WITH " NOTIFICATIONS_WRITTEN("$1", "$2", "$3", "$4", "$5", "$6", "$7")
    " INSERT INTO events (room, kind, payload) SELECT room, kind, payload "
    "FROM (" NOTIFICATION_EVENTS ") AS announced ORDER BY id"};

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
