#include "discussions/repo.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "db/arrays.hpp"
#include "events/outbox.hpp"
#include "groups/model.hpp"
#include "notifications/notify.hpp"
#include "notifications/store.hpp"

namespace plenary::discussions::repo {
namespace {

// ISO 8601 text of a timestamptz (with its offset): what the API sends, and what a keyset
// cursor compares exactly when cast back.
#define ISO(column) "to_json(" column ")#>>'{}'"
// Microseconds since the epoch: exact, and free of time zone parsing (as moderation/guard.cpp).
#define MICROS(column) "(extract(epoch FROM " column ") * 1000000)::bigint"

// A post counts as unread for a viewer when it is newer than what they last read, not their
// own, and still there to read.
#define UNREAD_POST_CONDITION(post, last_read, viewer)                                   \
  post ".id > coalesce(" last_read ", 0) AND " post ".author_id <> " viewer " AND " post \
       ".deleted_at IS NULL AND " post ".hidden_at IS NULL"

#define CATEGORY_COLUMNS \
  "c.id, c.group_id, g.name, g.archived_at IS NOT NULL, c.name, c.description, c.visibility"

#define THREAD_COLUMNS \
  "t.id, t.category_id, t.author_id, a.display_name, t.title, array_to_json(t.tags)::text, "   \
  "t.pinned_at IS NOT NULL, t.locked_at IS NOT NULL, t.archived_at IS NOT NULL, "              \
  "t.slow_mode_seconds, t.post_count, " ISO("t.created_at") ", " ISO("t.last_post_at") ", " \
  "(SELECT o.id FROM posts o WHERE o.thread_id = t.id ORDER BY o.tree_path COLLATE \"C\" LIMIT 1)"

// $2 is the viewer in every statement that uses it.
#define POST_COLUMNS \
  "p.id, p.thread_id, p.parent_id, p.depth, p.tree_path, p.author_id, a.display_name, "       \
  "p.body_source, p.body_html, " ISO("p.created_at") ", " ISO("p.edited_at") ", "             \
  "p.deleted_at IS NOT NULL, p.hidden_at IS NOT NULL, p.hidden_reason, p.hidden_by, "         \
  "hb.display_name, " ISO("p.hidden_at") ", p.moderator_note, p.thanks_count, "               \
  "EXISTS (SELECT 1 FROM thanks th WHERE th.post_id = p.id AND th.person_id = $2), "          \
  "(SELECT count(*) FROM post_revisions r WHERE r.post_id = p.id), parent.author_id, "        \
  "pa.display_name"

#define POST_FROM                                       \
  " FROM posts p JOIN persons a ON a.id = p.author_id " \
  "LEFT JOIN persons hb ON hb.id = p.hidden_by "        \
  "LEFT JOIN posts parent ON parent.id = p.parent_id "  \
  "LEFT JOIN persons pa ON pa.id = parent.author_id "

const db::Statement select_group{
    "discussions.select_group",
    "SELECT id, name, archived_at IS NOT NULL FROM groups WHERE id = $1"};

const db::Statement select_categories{
    "discussions.select_categories",
    "SELECT " CATEGORY_COLUMNS
    ", (SELECT count(*) FROM threads t WHERE t.category_id = c.id), "
    "CASE WHEN $2 = 0 THEN 0 ELSE (SELECT count(*) FROM threads t "
    "LEFT JOIN read_states rs ON rs.thread_id = t.id AND rs.person_id = $2 "
    "WHERE t.category_id = c.id AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND " UNREAD_POST_CONDITION(
        "p", "rs.last_read_post_id",
        "$2") ")) END, "
              "EXISTS (SELECT 1 FROM watches w WHERE w.person_id = $2 AND w.category_id = c.id) "
              "FROM categories c JOIN groups g ON g.id = c.group_id WHERE c.group_id = $1 "
              "ORDER BY c.position, lower(c.name), c.id"};

const db::Statement select_category{"discussions.select_category",
                                    "SELECT " CATEGORY_COLUMNS
                                    " FROM categories c JOIN groups g ON g.id = c.group_id "
                                    "WHERE c.id = $1"};
const db::Statement select_category_watched{
    "discussions.select_category_watched",
    "SELECT EXISTS (SELECT 1 FROM watches WHERE category_id = $1 AND person_id = $2)"};
const db::Statement select_category_name_taken{
    "discussions.select_category_name_taken",
    "SELECT EXISTS (SELECT 1 FROM categories WHERE group_id = $1 AND lower(name) = lower($2) "
    "AND id <> coalesce($3::bigint, 0))"};
const db::Statement select_category_named{
    "discussions.select_category_named",
    "SELECT id FROM categories WHERE group_id = $1 AND lower(name) = lower($2)"};
const db::Statement insert_category_row{
    "discussions.insert_category",
    "INSERT INTO categories (group_id, name, description, visibility, position) "
    "VALUES ($1, $2, $3, $4, (SELECT coalesce(max(position), 0) + 1 FROM categories "
    "WHERE group_id = $1)) RETURNING id"};
const db::Statement update_category_row{
    "discussions.update_category",
    "UPDATE categories SET name = $2, description = $3, visibility = $4 WHERE id = $1"};

// Keyset over (pinned first, last_post_at desc, id desc): the order of threads_category_recent.
const db::Statement select_threads{
    "discussions.select_threads",
    "SELECT " THREAD_COLUMNS
    ", CASE WHEN $2 = 0 THEN 0 ELSE (SELECT count(*) FROM posts p WHERE p.thread_id = t.id "
    "AND " UNREAD_POST_CONDITION("p", "rs.last_read_post_id",
                                 "$2") ") END, " ISO("t.last_post_at")
    ", c.id, c.group_id, g.name, g.archived_at IS NOT NULL, c.name, c.description, c.visibility "
    "FROM threads t JOIN persons a ON a.id = t.author_id "
    "JOIN categories c ON c.id = t.category_id JOIN groups g ON g.id = c.group_id "
    "LEFT JOIN read_states rs ON rs.thread_id = t.id AND rs.person_id = $2 "
    "WHERE t.category_id = $1 AND ($3::boolean IS NULL "
    "OR (t.pinned_at IS NULL) > NOT $3::boolean "
    "OR ((t.pinned_at IS NULL) = NOT $3::boolean "
    "AND (t.last_post_at, t.id) < ($4::timestamptz, $5::bigint))) "
    "ORDER BY (t.pinned_at IS NULL), t.last_post_at DESC, t.id DESC LIMIT $6"};

#define THREAD_AND_PLACE_FROM                                                                   \
  ", c.id, c.group_id, g.name, g.archived_at IS NOT NULL, c.name, c.description, c.visibility " \
  "FROM threads t JOIN persons a ON a.id = t.author_id "                                        \
  "JOIN categories c ON c.id = t.category_id JOIN groups g ON g.id = c.group_id "               \
  "WHERE t.id = $1"

const db::Statement select_thread{"discussions.select_thread",
                                  "SELECT " THREAD_COLUMNS ", 0, ''" THREAD_AND_PLACE_FROM};
const db::Statement select_thread_for_update{"discussions.select_thread_for_update",
                                             "SELECT " THREAD_COLUMNS
                                             ", 0, ''" THREAD_AND_PLACE_FROM " FOR UPDATE OF t"};
const db::Statement insert_thread_row{
    "discussions.insert_thread",
    "INSERT INTO threads (category_id, author_id, title, tags, created_at, last_post_at) "
    "VALUES ($1, $2, $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), $5::timestamptz, "
    "$5::timestamptz) RETURNING id"};
const db::Statement update_thread_count{
    "discussions.count_new_post",
    "UPDATE threads SET post_count = post_count + 1, "
    "last_post_at = greatest(last_post_at, $2::timestamptz) WHERE id = $1"};
const db::Statement update_thread_moderation_row{
    "discussions.update_thread_moderation",
    "UPDATE threads SET category_id = $2, "
    "pinned_at = CASE WHEN $3 THEN coalesce(pinned_at, $7::timestamptz) END, "
    "locked_at = CASE WHEN $4 THEN coalesce(locked_at, $7::timestamptz) END, "
    "archived_at = CASE WHEN $5 THEN coalesce(archived_at, $7::timestamptz) END, "
    "slow_mode_seconds = $6 WHERE id = $1"};

const db::Statement select_next_post_id{"discussions.next_post_id",
                                        "SELECT nextval(pg_get_serial_sequence('posts', 'id'))"};
const db::Statement insert_post_row{
    "discussions.insert_post",
    "INSERT INTO posts (id, thread_id, parent_id, author_id, tree_path, depth, body_source, "
    "body_html, body_text, created_at) OVERRIDING SYSTEM VALUE "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::timestamptz)"};

// Everything a reply needs to decide and to write, in one statement that locks the thread row: the
// thread, the author's memberships along its group's ancestry, the post replied to (the opening
// post when $3 is null), what the posting guard weighs (moderation/guard.cpp reads the same for a
// new thread: suspension, account age, the author's last post in the thread and recent posts),
// the new post's id, $4 and the thread's new last_post_at as the database writes them, and who
// may hear of the reply (addressees_of's audience: the watchers and the parent's author).
// The statement's reads share one snapshot taken before the lock; when the lock waited for a
// reply that changed the thread, the snapshot misses that reply (slow mode must see it), so the
// row also says whether the locked version is the one the snapshot saw ("fresh"). $1 thread,
// $2 author, $3 parent, $4 now, $5 the rate rules' lookback in seconds, $6 their sample size.
const db::Statement select_reply_context{
    "discussions.select_reply_context",
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    "SELECT g.id, g.parent_id, 0 FROM threads x JOIN categories xc ON xc.id = x.category_id "
    "JOIN groups g ON g.id = xc.group_id WHERE x.id = $1 "
    "UNION ALL SELECT g.id, g.parent_id, up.depth + 1 FROM groups g "
    "JOIN up ON g.id = up.parent_id WHERE up.depth < 1000) "
    "SELECT " THREAD_COLUMNS
    ", 0, '', c.id, c.group_id, g.name, g.archived_at IS NOT NULL, c.name, c.description, "
    "c.visibility, t.xmin = (SELECT xmin FROM threads WHERE id = $1), "
    "(SELECT coalesce(json_agg(json_build_array(up.depth, m.role, m.status)), '[]') "
    "FROM up JOIN memberships m ON m.group_id = up.id AND m.person_id = $2)::text, "
    "(SELECT json_build_array(sg.name, " MICROS("s.ends_at") ", s.reason) FROM suspensions s "
    "JOIN up ON up.id = s.group_id JOIN groups sg ON sg.id = s.group_id "
    "WHERE s.person_id = $2 AND s.lifted_at IS NULL AND s.starts_at <= $4::timestamptz "
    "AND s.ends_at > $4::timestamptz ORDER BY s.ends_at DESC LIMIT 1)::text, "
    "me.display_name, " MICROS("me.created_at") ", (SELECT " MICROS("max(o.created_at)")
    " FROM posts o WHERE o.thread_id = $1 AND o.author_id = $2), "
    "array_to_json(ARRAY(SELECT " MICROS("r.created_at") " FROM posts r WHERE r.author_id = $2 "
    "AND r.created_at > $4::timestamptz - make_interval(secs => $5) "
    "ORDER BY r.created_at DESC LIMIT $6))::text, "
    "nextval(pg_get_serial_sequence('posts', 'id')), " ISO("$4::timestamptz") ", "
    ISO("greatest(t.last_post_at, $4::timestamptz)") ", "
    NOTIFICATION_AUDIENCE("t.id", "t.category_id", "SELECT replied.author_id") ", replied.* "
    "FROM threads t JOIN persons a ON a.id = t.author_id "
    "JOIN categories c ON c.id = t.category_id JOIN groups g ON g.id = c.group_id "
    "LEFT JOIN persons me ON me.id = $2 "
    "LEFT JOIN LATERAL (SELECT p.id, p.thread_id, p.depth, p.tree_path, p.author_id, "
    "pa.display_name, p.deleted_at IS NOT NULL, p.hidden_at IS NOT NULL FROM posts p "
    "JOIN persons pa ON pa.id = p.author_id "
    "WHERE p.id = coalesce($3::bigint, (SELECT o.id FROM posts o WHERE o.thread_id = t.id "
    "ORDER BY o.tree_path COLLATE \"C\" LIMIT 1))) replied ON true "
    "WHERE t.id = $1 FOR UPDATE OF t"};
// A reply's rows in one round trip: the post, the thread's count and time, the notifications
// ($15, $16: addressees and kinds), and the events in this order: post.created and
// thread.updated ($11–$14: room and payload of each), then each notification's.
const db::Statement insert_reply_rows{
    "discussions.insert_reply",
    "WITH post AS (INSERT INTO posts (id, thread_id, parent_id, author_id, tree_path, depth, "
    "body_source, body_html, body_text, created_at) OVERRIDING SYSTEM VALUE "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::timestamptz)), "
    "thread AS (UPDATE threads SET post_count = post_count + 1, "
    "last_post_at = greatest(last_post_at, $10::timestamptz) WHERE id = $2), "
    NOTIFICATIONS_WRITTEN("$15", "$16", "$4", "$2", "$1", "''", "NULL")
    " INSERT INTO events (room, kind, payload) SELECT room, kind, payload FROM ("
    "SELECT 0 AS part, 0::bigint AS id, $11::text AS room, 'post.created' AS kind, "
    "$12::jsonb AS payload UNION ALL SELECT 1, 0, $13::text, 'thread.updated', $14::jsonb "
    "UNION ALL SELECT 2, announced.* FROM (" NOTIFICATION_EVENTS ") AS announced) AS written "
    "ORDER BY part, id"};

const db::Statement select_posts_page{"discussions.select_posts_page",
                                      "SELECT " POST_COLUMNS POST_FROM
                                      "WHERE p.thread_id = $1 AND p.tree_path COLLATE \"C\" > $3 "
                                      "ORDER BY p.tree_path COLLATE \"C\" LIMIT $4"};
const db::Statement select_post{"discussions.select_post",
                                "SELECT " POST_COLUMNS POST_FROM "WHERE p.id = $1"};
const db::Statement select_path_before{
    "discussions.select_path_before",
    "SELECT tree_path FROM posts WHERE thread_id = $1 AND tree_path COLLATE \"C\" < $2 "
    "ORDER BY tree_path COLLATE \"C\" DESC LIMIT 1"};

const db::Statement update_post_body_row{
    "discussions.update_post_body",
    "UPDATE posts SET body_source = $2, body_html = $3, body_text = $4, "
    "edited_at = $5::timestamptz, moderator_note = coalesce($6, moderator_note) WHERE id = $1"};
const db::Statement insert_revision_row{
    "discussions.insert_revision",
    "INSERT INTO post_revisions (post_id, editor_id, body_source, note, by_moderator, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6::timestamptz)"};
const db::Statement select_revisions{
    "discussions.select_revisions",
    "SELECT r.id, r.editor_id, p.display_name, r.note, r.by_moderator, " ISO("r.created_at")
    ", r.body_source FROM post_revisions r JOIN persons p ON p.id = r.editor_id "
    "WHERE r.post_id = $1 ORDER BY r.id DESC"};
const db::Statement update_deleted{
    "discussions.mark_deleted",
    "UPDATE posts SET deleted_at = coalesce(deleted_at, $2::timestamptz) WHERE id = $1"};
const db::Statement update_hidden{
    "discussions.hide_post",
    "UPDATE posts SET hidden_at = $4::timestamptz, hidden_reason = $2, hidden_by = $3 "
    "WHERE id = $1"};
const db::Statement update_restored{
    "discussions.restore_post",
    "UPDATE posts SET hidden_at = NULL, hidden_reason = NULL, hidden_by = NULL WHERE id = $1"};
const db::Statement update_resolve_flags{
    "discussions.resolve_open_flags",
    "UPDATE flags SET resolved_at = $3::timestamptz, resolved_by = $2, resolution = 'actioned' "
    "WHERE post_id = $1 AND resolved_at IS NULL"};

const db::Statement insert_thanks_row{
    "discussions.insert_thanks",
    "INSERT INTO thanks (post_id, person_id, created_at) VALUES ($1, $2, $3::timestamptz) "
    "ON CONFLICT DO NOTHING RETURNING 1"};
const db::Statement delete_thanks_row{
    "discussions.delete_thanks",
    "DELETE FROM thanks WHERE post_id = $1 AND person_id = $2 RETURNING 1"};
const db::Statement update_thanks_count{
    "discussions.adjust_thanks_count",
    "UPDATE posts SET thanks_count = greatest(thanks_count + $2, 0) WHERE id = $1 "
    "RETURNING thanks_count"};
const db::Statement select_thankers{
    "discussions.select_thankers",
    "SELECT p.id, p.display_name FROM thanks t JOIN persons p ON p.id = t.person_id "
    "WHERE t.post_id = $1 ORDER BY t.created_at, p.id LIMIT 500"};

const db::Statement select_read_state{
    "discussions.select_read_state",
    "SELECT rs.last_read_post_id, (SELECT min(p.id) FROM posts p WHERE p.thread_id = $1 "
    "AND " UNREAD_POST_CONDITION("p", "rs.last_read_post_id", "$2") "), "
    "EXISTS (SELECT 1 FROM watches w WHERE w.person_id = $2 AND w.thread_id = $1) "
    "FROM (SELECT 1) AS one LEFT JOIN read_states rs ON rs.thread_id = $1 AND rs.person_id = $2"};
// Everything of one person's that a cached thread page lacks, in one statement: their
// memberships along the thread's group's ancestry (as groups' chain statement walks it), their read
// state and watch, and which of the page's posts they thanked. $1 group, $2 person, $3 thread,
// $4 the page's post ids.
const db::Statement select_viewer_facts{
    "discussions.select_viewer_facts",
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    "SELECT id, parent_id, 0 FROM groups WHERE id = $1 "
    "UNION ALL SELECT g.id, g.parent_id, up.depth + 1 FROM groups g "
    "JOIN up ON g.id = up.parent_id WHERE up.depth < 1000) "
    "SELECT (SELECT coalesce(json_agg(json_build_array(up.depth, m.role, m.status)), '[]') "
    "FROM up JOIN memberships m ON m.group_id = up.id AND m.person_id = $2)::text, "
    "rs.last_read_post_id, (SELECT min(p.id) FROM posts p WHERE p.thread_id = $3 "
    "AND " UNREAD_POST_CONDITION("p", "rs.last_read_post_id", "$2") "), "
    "EXISTS (SELECT 1 FROM watches w WHERE w.person_id = $2 AND w.thread_id = $3), "
    "array_to_json(ARRAY(SELECT th.post_id FROM thanks th WHERE th.person_id = $2 "
    "AND th.post_id = ANY($4::bigint[])))::text "
    "FROM (SELECT 1) AS one LEFT JOIN read_states rs ON rs.thread_id = $3 AND rs.person_id = $2"};
const db::Statement upsert_read_state{
    "discussions.advance_read_state",
    "INSERT INTO read_states (person_id, thread_id, last_read_post_id) VALUES ($2, $1, $3) "
    "ON CONFLICT (person_id, thread_id) DO UPDATE "
    "SET last_read_post_id = greatest(read_states.last_read_post_id, excluded.last_read_post_id)"};
const db::Statement insert_thread_watch{
    "discussions.watch_thread",
    "INSERT INTO watches (person_id, thread_id) VALUES ($2, $1) ON CONFLICT DO NOTHING"};
const db::Statement delete_thread_watch{
    "discussions.unwatch_thread", "DELETE FROM watches WHERE person_id = $2 AND thread_id = $1"};
const db::Statement insert_category_watch{
    "discussions.watch_category",
    "INSERT INTO watches (person_id, category_id) VALUES ($2, $1) ON CONFLICT DO NOTHING"};
const db::Statement delete_category_watch{
    "discussions.unwatch_category",
    "DELETE FROM watches WHERE person_id = $2 AND category_id = $1"};

#undef ISO
#undef MICROS
#undef UNREAD_POST_CONDITION
#undef CATEGORY_COLUMNS
#undef THREAD_COLUMNS
#undef THREAD_AND_PLACE_FROM
#undef POST_COLUMNS
#undef POST_FROM

Visibility visibility_from(const pqxx::field& field) {
  auto visibility = parse_visibility(field.c_str());
  if (!visibility)
    throw std::runtime_error("unexpected visibility in the database");
  return *visibility;
}

template <typename Value>
Value known(std::optional<Value> value, const char* what) {
  if (!value)
    throw std::runtime_error(std::string("unexpected ") + what + " in the database");
  return *value;
}

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::string>();
}

// Category columns starting at `at`.
Category category_from(const pqxx::row& row, int at) {
  Category category;
  category.id = row[at].as<std::int64_t>();
  category.group = {row[at + 1].as<std::int64_t>(), row[at + 2].as<std::string>(),
                    row[at + 3].as<bool>()};
  category.name = row[at + 4].as<std::string>();
  category.description = row[at + 5].as<std::string>();
  category.visibility = visibility_from(row[at + 6]);
  return category;
}

std::vector<std::string> tags_from(const pqxx::field& field) {
  std::vector<std::string> tags;
  if (field.is_null())
    return tags;
  for (const auto& tag : nlohmann::json::parse(field.c_str()))
    tags.push_back(tag);
  return tags;
}

constexpr int thread_columns = 14;

// THREAD_COLUMNS, then two extra columns, then the category's.
Thread thread_from(const pqxx::row& row) {
  Thread thread;
  thread.id = row[0].as<std::int64_t>();
  thread.author = {row[2].as<std::int64_t>(), row[3].as<std::string>()};
  thread.title = row[4].as<std::string>();
  thread.tags = tags_from(row[5]);
  thread.pinned = row[6].as<bool>();
  thread.locked = row[7].as<bool>();
  thread.archived = row[8].as<bool>();
  thread.slow_mode_seconds = row[9].as<int>();
  thread.post_count = row[10].as<std::int64_t>();
  thread.created_at = row[11].as<std::string>();
  thread.last_post_at = row[12].as<std::string>();
  thread.opening_post_id = row[13].is_null() ? 0 : row[13].as<std::int64_t>();
  thread.category = category_from(row, thread_columns + 2);
  return thread;
}

TimePoint from_micros(std::int64_t micros) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::microseconds(micros)));
}

Post post_from(const pqxx::row& row) {
  Post post;
  post.id = row[0].as<std::int64_t>();
  post.thread_id = row[1].as<std::int64_t>();
  if (!row[2].is_null())
    post.parent_id = row[2].as<std::int64_t>();
  post.depth = row[3].as<int>();
  post.tree_path = row[4].as<std::string>();
  post.author = {row[5].as<std::int64_t>(), row[6].as<std::string>()};
  post.body_source = row[7].as<std::string>();
  post.body_html = row[8].as<std::string>();
  post.created_at = row[9].as<std::string>();
  post.edited_at = optional_text(row[10]);
  post.deleted = row[11].as<bool>();
  if (row[12].as<bool>()) {
    Hidden hidden;
    hidden.reason = row[13].is_null() ? std::string() : row[13].as<std::string>();
    if (!row[14].is_null())
      hidden.by = {row[14].as<std::int64_t>(), row[15].as<std::string>()};
    hidden.at = row[16].is_null() ? std::string() : row[16].as<std::string>();
    post.hidden = std::move(hidden);
  }
  post.moderator_note = optional_text(row[17]);
  post.thanks_count = row[18].as<std::int64_t>();
  post.thanked_by_me = row[19].as<bool>();
  post.revision_count = row[20].as<std::int64_t>();
  if (!row[21].is_null())
    post.parent_author = PersonRef{row[21].as<std::int64_t>(), row[22].as<std::string>()};
  return post;
}

}  // namespace

std::optional<GroupRef> find_group(db::Tx& tx, std::int64_t group_id) {
  auto row = tx.exec_maybe_row(select_group, group_id);
  if (!row)
    return std::nullopt;
  return GroupRef{(*row)[0].as<std::int64_t>(), (*row)[1].as<std::string>(), (*row)[2].as<bool>()};
}

std::vector<CategorySummary> list_categories(db::Tx& tx, std::int64_t group_id,
                                             std::int64_t viewer_id) {
  std::vector<CategorySummary> list;
  for (const auto& row : tx.exec(select_categories, group_id, viewer_id)) {
    list.push_back({category_from(row, 0), row[7].as<std::int64_t>(), row[8].as<std::int64_t>(),
                    row[9].as<bool>()});
  }
  return list;
}

std::optional<Category> find_category(db::Tx& tx, std::int64_t category_id) {
  auto row = tx.exec_maybe_row(select_category, category_id);
  if (!row)
    return std::nullopt;
  return category_from(*row, 0);
}

bool category_watched(db::Tx& tx, std::int64_t category_id, std::int64_t viewer_id) {
  return tx.exec(select_category_watched, category_id, viewer_id)[0][0].as<bool>();
}

bool category_name_taken(db::Tx& tx, std::int64_t group_id, const std::string& name,
                         std::optional<std::int64_t> except_id) {
  return tx.exec(select_category_name_taken, group_id, name, except_id)[0][0].as<bool>();
}

std::optional<std::int64_t> category_named(db::Tx& tx, std::int64_t group_id,
                                           const std::string& name) {
  auto row = tx.exec_maybe_row(select_category_named, group_id, name);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::int64_t insert_category(db::Tx& tx, std::int64_t group_id, const std::string& name,
                             const std::string& description, Visibility visibility) {
  return tx
      .exec(insert_category_row, group_id, name, description,
            std::string(visibility_name(visibility)))[0][0]
      .as<std::int64_t>();
}

void update_category(db::Tx& tx, std::int64_t category_id, const std::string& name,
                     const std::string& description, Visibility visibility) {
  tx.exec(update_category_row, category_id, name, description,
          std::string(visibility_name(visibility)));
}

std::vector<ThreadSummary> list_threads(db::Tx& tx, std::int64_t category_id,
                                        std::int64_t viewer_id,
                                        const std::optional<ThreadCursor>& after, int limit) {
  std::optional<bool> pinned;
  std::optional<std::string> time;
  std::optional<std::int64_t> id;
  if (after) {
    pinned = after->pinned;
    time = after->last_post_at;
    id = after->thread_id;
  }
  std::vector<ThreadSummary> list;
  for (const auto& row : tx.exec(select_threads, category_id, viewer_id, pinned, time, id, limit)) {
    list.push_back({thread_from(row), row[thread_columns].as<std::int64_t>(),
                    row[thread_columns + 1].as<std::string>()});
  }
  return list;
}

std::optional<Thread> find_thread(db::Tx& tx, std::int64_t thread_id, bool lock) {
  auto row = tx.exec_maybe_row(lock ? select_thread_for_update : select_thread, thread_id);
  if (!row)
    return std::nullopt;
  return thread_from(*row);
}

std::int64_t insert_thread(db::Tx& tx, std::int64_t category_id, std::int64_t author_id,
                           const std::string& title, const std::vector<std::string>& tags,
                           const std::string& now) {
  return tx
      .exec(insert_thread_row, category_id, author_id, title, nlohmann::json(tags).dump(),
            now)[0][0]
      .as<std::int64_t>();
}

void count_new_post(db::Tx& tx, std::int64_t thread_id, const std::string& now) {
  tx.exec(update_thread_count, thread_id, now);
}

void update_thread_moderation(db::Tx& tx, std::int64_t thread_id, const ThreadModeration& state,
                              const std::string& now) {
  tx.exec(update_thread_moderation_row, thread_id, state.category_id, state.pinned, state.locked,
          state.archived, state.slow_mode_seconds, now);
}

std::int64_t next_post_id(db::Tx& tx) {
  return tx.exec(select_next_post_id)[0][0].as<std::int64_t>();
}

void insert_post(db::Tx& tx, const NewPost& post) {
  tx.exec(insert_post_row, post.id, post.thread_id, post.parent_id, post.author_id, post.tree_path,
          post.depth, post.body_source, post.body_html, post.body_text, post.created_at);
}

std::optional<ReplyContext> reply_context(db::Tx& tx, std::int64_t thread_id,
                                          std::int64_t author_id,
                                          std::optional<std::int64_t> parent_id,
                                          const std::string& now,
                                          const moderation::PostingLimits& limits) {
  auto row = tx.exec_maybe_row(select_reply_context, thread_id, author_id, parent_id, now,
                               static_cast<double>(moderation::rate_lookback(limits).count()),
                               moderation::rate_sample_size(limits));
  if (!row)
    return std::nullopt;
  constexpr int at = thread_columns + 2 + 7;
  ReplyContext context;
  context.thread = thread_from(*row);
  context.fresh = (*row)[at].as<bool>();
  for (const auto& link : nlohmann::json::parse((*row)[at + 1].c_str())) {
    context.chain.push_back(
        {link[0].get<int>(), known(groups::parse_role(link[1].get<std::string>()), "role"),
         known(groups::parse_status(link[2].get<std::string>()), "membership status")});
  }
  if (!(*row)[at + 2].is_null()) {
    const auto suspension = nlohmann::json::parse((*row)[at + 2].c_str());
    context.posting.suspension = moderation::ActiveSuspension{
        suspension[0].get<std::string>(), from_micros(suspension[1].get<std::int64_t>()),
        suspension[2].get<std::string>()};
  }
  if (!(*row)[at + 3].is_null()) {
    context.author_name = (*row)[at + 3].as<std::string>();
    context.posting.account_created_at = from_micros((*row)[at + 4].as<std::int64_t>());
  }
  if (!(*row)[at + 5].is_null())
    context.posting.last_post_in_thread = from_micros((*row)[at + 5].as<std::int64_t>());
  for (const auto& micros : nlohmann::json::parse((*row)[at + 6].c_str()))
    context.posting.recent_posts.push_back(from_micros(micros.get<std::int64_t>()));
  context.post_id = (*row)[at + 7].as<std::int64_t>();
  context.created_at = (*row)[at + 8].as<std::string>();
  context.thread_last_post_at = (*row)[at + 9].as<std::string>();
  context.audience = (*row)[at + 10].as<std::string>();
  constexpr int parent_at = at + 11;
  if (!(*row)[parent_at].is_null()) {
    context.parent = RepliedTo{
        (*row)[parent_at].as<std::int64_t>(),
        (*row)[parent_at + 1].as<std::int64_t>(),
        (*row)[parent_at + 2].as<int>(),
        (*row)[parent_at + 3].as<std::string>(),
        {(*row)[parent_at + 4].as<std::int64_t>(), (*row)[parent_at + 5].as<std::string>()},
        (*row)[parent_at + 6].as<bool>(),
        (*row)[parent_at + 7].as<bool>()};
  }
  return context;
}

void insert_reply(db::Tx& tx, const NewPost& post, const ReplyEvents& events,
                  const notifications::Addressees& notified) {
  tx.exec(insert_reply_rows, post.id, post.thread_id, post.parent_id, post.author_id,
          post.tree_path, post.depth, post.body_source, post.body_html, post.body_text,
          post.created_at, events.thread_room, events.post_created, events.category_room,
          events.thread_updated, db::array_literal(notified.person_ids),
          db::array_literal(notified.kinds));
  events::mark_published();
}

std::vector<Post> page_posts(db::Tx& tx, std::int64_t thread_id, std::int64_t viewer_id,
                             const std::string& after_path, int limit) {
  std::vector<Post> posts;
  for (const auto& row : tx.exec(select_posts_page, thread_id, viewer_id, after_path, limit)) {
    posts.push_back(post_from(row));
  }
  return posts;
}

std::optional<Post> find_post(db::Tx& tx, std::int64_t post_id, std::int64_t viewer_id) {
  auto row = tx.exec_maybe_row(select_post, post_id, viewer_id);
  if (!row)
    return std::nullopt;
  return post_from(*row);
}

std::optional<std::string> path_before(db::Tx& tx, std::int64_t thread_id,
                                       const std::string& tree_path) {
  auto row = tx.exec_maybe_row(select_path_before, thread_id, tree_path);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::string>();
}

void update_post_body(db::Tx& tx, std::int64_t post_id, const std::string& body_source,
                      const std::string& body_html, const std::string& body_text,
                      const std::string& edited_at,
                      const std::optional<std::string>& moderator_note) {
  tx.exec(update_post_body_row, post_id, body_source, body_html, body_text, edited_at,
          moderator_note);
}

void insert_revision(db::Tx& tx, std::int64_t post_id, std::int64_t editor_id,
                     const std::string& previous_source, const std::string& note, bool by_moderator,
                     const std::string& created_at) {
  tx.exec(insert_revision_row, post_id, editor_id, previous_source, note, by_moderator, created_at);
}

std::vector<Revision> list_revisions(db::Tx& tx, std::int64_t post_id) {
  std::vector<Revision> revisions;
  for (const auto& row : tx.exec(select_revisions, post_id)) {
    revisions.push_back({row[0].as<std::int64_t>(),
                         {row[1].as<std::int64_t>(), row[2].as<std::string>()},
                         row[3].as<std::string>(),
                         row[4].as<bool>(),
                         row[5].as<std::string>(),
                         row[6].as<std::string>()});
  }
  return revisions;
}

void mark_deleted(db::Tx& tx, std::int64_t post_id, const std::string& at) {
  tx.exec(update_deleted, post_id, at);
}

void hide_post(db::Tx& tx, std::int64_t post_id, const std::string& reason, std::int64_t by,
               const std::string& at) {
  tx.exec(update_hidden, post_id, reason, by, at);
}

void restore_post(db::Tx& tx, std::int64_t post_id) {
  tx.exec(update_restored, post_id);
}

void resolve_open_flags(db::Tx& tx, std::int64_t post_id, std::int64_t by, const std::string& at) {
  tx.exec(update_resolve_flags, post_id, by, at);
}

bool insert_thanks(db::Tx& tx, std::int64_t post_id, std::int64_t person_id,
                   const std::string& at) {
  return !tx.exec(insert_thanks_row, post_id, person_id, at).empty();
}

bool delete_thanks(db::Tx& tx, std::int64_t post_id, std::int64_t person_id) {
  return !tx.exec(delete_thanks_row, post_id, person_id).empty();
}

std::int64_t adjust_thanks_count(db::Tx& tx, std::int64_t post_id, int delta) {
  return tx.exec(update_thanks_count, post_id, delta)[0][0].as<std::int64_t>();
}

std::vector<PersonRef> thankers(db::Tx& tx, std::int64_t post_id) {
  std::vector<PersonRef> people;
  for (const auto& row : tx.exec(select_thankers, post_id)) {
    people.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>()});
  }
  return people;
}

ReadState read_state(db::Tx& tx, std::int64_t thread_id, std::int64_t viewer_id) {
  const auto row = tx.exec(select_read_state, thread_id, viewer_id)[0];
  ReadState state;
  if (!row[0].is_null())
    state.last_read_post_id = row[0].as<std::int64_t>();
  if (!row[1].is_null())
    state.first_unread_post_id = row[1].as<std::int64_t>();
  state.watching = row[2].as<bool>();
  return state;
}

ViewerFacts viewer_facts(db::Connection& db, std::int64_t group_id, std::int64_t thread_id,
                         std::int64_t person_id, const std::vector<std::int64_t>& post_ids) {
  db.prepare(select_viewer_facts);
  // One statement is atomic on its own: BEGIN and COMMIT would only add two round trips.
  pqxx::nontransaction work(db.get());
  const auto row = work.exec_prepared(select_viewer_facts.name, group_id, person_id, thread_id,
                                      db::array_literal(post_ids))[0];
  ViewerFacts facts;
  for (const auto& link : nlohmann::json::parse(row[0].c_str())) {
    facts.chain.push_back(
        {link[0].get<int>(), known(groups::parse_role(link[1].get<std::string>()), "role"),
         known(groups::parse_status(link[2].get<std::string>()), "membership status")});
  }
  if (!row[1].is_null())
    facts.read.last_read_post_id = row[1].as<std::int64_t>();
  if (!row[2].is_null())
    facts.read.first_unread_post_id = row[2].as<std::int64_t>();
  facts.read.watching = row[3].as<bool>();
  for (const auto& id : nlohmann::json::parse(row[4].c_str()))
    facts.thanked.push_back(id.get<std::int64_t>());
  return facts;
}

void advance_read_state(db::Tx& tx, std::int64_t thread_id, std::int64_t person_id,
                        std::int64_t post_id) {
  tx.exec(upsert_read_state, thread_id, person_id, post_id);
}

void watch_thread(db::Tx& tx, std::int64_t thread_id, std::int64_t person_id, bool watching) {
  tx.exec(watching ? insert_thread_watch : delete_thread_watch, thread_id, person_id);
}

void watch_category(db::Tx& tx, std::int64_t category_id, std::int64_t person_id, bool watching) {
  tx.exec(watching ? insert_category_watch : delete_category_watch, category_id, person_id);
}

}  // namespace plenary::discussions::repo
