#pragma once
// Notification rows: written, read back in the shape the API shows, counted. SQL only.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace plenary::notifications::store {

struct PersonRef {
  std::int64_t id = 0;
  std::string display_name;
};

struct ThreadRef {
  std::int64_t id = 0;
  std::string title;
};

struct Notification {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string kind;
  std::optional<PersonRef> actor;
  std::optional<ThreadRef> thread;
  std::optional<std::int64_t> post_id;
  std::string detail;
  std::optional<std::string> link;  // a page of the web app, for notifications not about a post
  std::string created_at;
  bool read = false;
};

nlohmann::json to_json(const Notification& notification);

struct Addressed {
  std::int64_t person_id = 0;
  std::string kind;
};

struct About {
  std::optional<std::int64_t> actor_id;
  std::optional<std::int64_t> thread_id;
  std::optional<std::int64_t> post_id;
  std::string detail;
  std::optional<std::string> link;
};

// One row per addressee, all about the same thing, each published as `notification.created` in
// its person's room with their unread count: one statement, oldest id first.
//
// Its SQL, for a statement that also writes what the notifications are about (a reply: the
// post, its events and its notifications in one round trip, discussions/repo.cpp).
// NOTIFICATIONS_WRITTEN(people, kinds, actor, thread, post, detail, link) is a CTE `inserted`,
// one row per addressee (people and kinds: parallel arrays), given the SQL of each value.
// NOTIFICATION_EVENTS selects (id, room, kind, payload) of their notification.created events, the
// payload as to_json and unread_count shape it (jsonb: the same text whichever side builds it),
// the count over the rows already there and the new ones (which the statement's other parts
// cannot see), each person's counted by index. The arrays are read through sub-selects: the
// planner then estimates them alike with or without their values, so the statement keeps one
// generic plan; given a value it would plan afresh on every execution (a one-element array
// looks cheaper than the generic ten), and planning costs more than running it.
#define NOTIFICATIONS_WRITTEN(people, kinds, actor, thread, post, detail, link)                  \
  "inserted AS (INSERT INTO notifications (person_id, kind, actor_id, thread_id, post_id, "      \
  "detail, link) SELECT r.person_id, r.kind, " actor ", " thread ", " post ", " detail ", " link \
  " FROM unnest((SELECT " people "::bigint[]), (SELECT " kinds                                   \
  "::text[])) "                                                                                  \
  "AS r(person_id, kind) ORDER BY r.person_id RETURNING id, person_id, kind, actor_id, "         \
  "thread_id, post_id, detail, created_at, read_at, link)"
// Unread, and shown: notifications about a post since hidden or deleted are not (the author's
// own post_hidden notice is about exactly that, and stays).
#define NOTIFICATION_UNREAD_SHOWN(n, p)                                                           \
  n ".read_at IS NULL AND (" n ".kind IN ('post_hidden', 'suspended') OR " p ".id IS NULL OR (" p \
    ".hidden_at IS NULL AND " p ".deleted_at IS NULL))"
#define NOTIFICATION_EVENTS \
  "SELECT i.id, 'person:' || i.person_id AS room, 'notification.created' AS kind, "          \
  "jsonb_build_object('notification', jsonb_build_object('id', i.id, 'kind', i.kind, "       \
  "'actor', CASE WHEN i.actor_id IS NOT NULL THEN jsonb_build_object('id', i.actor_id, "     \
  "'display_name', a.display_name) END, 'thread', CASE WHEN i.thread_id IS NOT NULL "        \
  "THEN jsonb_build_object('id', i.thread_id, 'title', t.title) END, 'post_id', i.post_id, " \
  "'detail', i.detail, 'created_at', to_json(i.created_at) #>> '{}', "                       \
  "'read', i.read_at IS NOT NULL, 'link', i.link), 'unread_count', "                         \
  "(SELECT count(*) FROM notifications n LEFT JOIN posts p ON p.id = n.post_id "             \
  "WHERE n.person_id = i.person_id AND " NOTIFICATION_UNREAD_SHOWN("n", "p") ") + "          \
  "(SELECT count(*) FROM inserted j LEFT JOIN posts p ON p.id = j.post_id "                  \
  "WHERE j.person_id = i.person_id AND " NOTIFICATION_UNREAD_SHOWN("j", "p") ")) AS payload " \
  "FROM inserted i LEFT JOIN persons a ON a.id = i.actor_id "                                \
  "LEFT JOIN threads t ON t.id = i.thread_id"

void insert_and_announce(db::Tx& tx, const std::vector<Addressed>& addressees, const About& about);

// What a person may be shown: notifications about places they may still read and posts that are
// neither hidden nor deleted (their own post_hidden and suspended notices always).
struct ShownTo {
  std::int64_t person_id = 0;
  bool public_open = false;
  std::vector<std::int64_t> readable_category_ids;
};

// Newest first, before `before_id` when given.
std::vector<Notification> list(db::Tx& tx, const ShownTo& shown_to,
                               const std::optional<std::int64_t>& before_id, int limit);
std::int64_t unread_count(db::Tx& tx, const ShownTo& shown_to);
// Notification ids after `after` up to and including `up_to`.
struct IdRange {
  std::int64_t after = 0;
  std::int64_t up_to = 0;
};

// For digests: the unread notifications the person would be shown in the range, oldest first,
// and how many there are in all.
std::vector<Notification> unread_between(db::Tx& tx, const ShownTo& shown_to, const IdRange& ids,
                                         int limit);
std::int64_t unread_count_between(db::Tx& tx, const ShownTo& shown_to, const IdRange& ids);
// The id of the person's newest notification (0 when they have none).
std::int64_t newest_id(db::Tx& tx, std::int64_t person_id);
// Marks the person's own notifications read: the given ones, or all of them.
void mark_read(db::Tx& tx, std::int64_t person_id,
               const std::optional<std::vector<std::int64_t>>& ids, const std::string& at);

}  // namespace plenary::notifications::store
