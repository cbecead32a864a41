#include "moderation/repo.hpp"

#include "db/arrays.hpp"

namespace plenary::moderation::repo {
namespace {

// Timestamps leave the database as ISO 8601 text via to_json, as elsewhere in the server.
#define ISO(column) "to_json(" column ") #>> '{}'"

#define POST_PLACE_COLUMNS                                                         \
  "p.id, p.author_id, p.deleted_at IS NOT NULL, p.thread_id, c.id, g.id, g.name, " \
  "g.archived_at IS NOT NULL, c.visibility"
#define POST_PLACE_JOINS                                                            \
  "JOIN threads t ON t.id = p.thread_id JOIN categories c ON c.id = t.category_id " \
  "JOIN groups g ON g.id = c.group_id "

const db::Statement select_post_place{"moderation.post_place",
                                      "SELECT " POST_PLACE_COLUMNS " FROM posts p " POST_PLACE_JOINS
                                      "WHERE p.id = $1"};

const db::Statement select_person{"moderation.person",
                                  "SELECT id, display_name FROM persons WHERE id = $1"};

const db::Statement select_open_flag{
    "moderation.open_flag",
    "SELECT EXISTS (SELECT 1 FROM flags WHERE post_id = $1 AND flagger_id = $2 "
    "AND resolved_at IS NULL)"};

const db::Statement insert_flag_row{
    "moderation.insert_flag",
    "INSERT INTO flags (post_id, flagger_id, reason, detail, created_at) "
    "VALUES ($1, $2, $3, $4, $5::timestamptz) RETURNING id"};

const db::Statement select_flag{"moderation.flag",
                                "SELECT f.id, f.resolved_at IS NOT NULL, " POST_PLACE_COLUMNS
                                " FROM flags f JOIN posts p ON p.id = f.post_id " POST_PLACE_JOINS
                                "WHERE f.id = $1"};

const db::Statement update_flag_resolved{
    "moderation.resolve_flag",
    "UPDATE flags SET resolved_at = $4::timestamptz, resolved_by = $2, resolution = $3 "
    "WHERE id = $1 AND resolved_at IS NULL"};

// Open flags grouped by post; the queue pages on (first flag's time, post id).
const db::Statement select_queue{
    "moderation.queue",
    "WITH RECURSIVE down(id) AS (SELECT $1::bigint "
    "UNION SELECT g.id FROM groups g JOIN down ON g.parent_id = down.id), "
    "flagged AS (SELECT post_id, (extract(epoch FROM min(created_at)) * 1000000)::bigint AS first_us "
    "FROM flags WHERE resolved_at IS NULL GROUP BY post_id) "
    "SELECT p.id, p.thread_id, p.parent_id, p.depth, a.id, a.display_name, p.body_html, "
    ISO("p.created_at") ", " ISO("p.edited_at") ", p.deleted_at IS NOT NULL, " ISO("p.hidden_at")
    ", p.hidden_reason, hb.id, hb.display_name, p.moderator_note, p.thanks_count, "
    "(SELECT count(*) FROM post_revisions r WHERE r.post_id = p.id), t.title, g.id, g.name, "
    "fl.first_us FROM flagged fl JOIN posts p ON p.id = fl.post_id " POST_PLACE_JOINS
    "JOIN persons a ON a.id = p.author_id LEFT JOIN persons hb ON hb.id = p.hidden_by "
    "WHERE c.group_id IN (SELECT id FROM down) "
    "AND ((c.visibility = 'public' AND $2) OR c.id = ANY($3::bigint[])) "
    "AND ($4::bigint IS NULL OR (fl.first_us, p.id) > ($4::bigint, $5::bigint)) "
    "ORDER BY fl.first_us, p.id LIMIT $6"};

const db::Statement select_open_flags_of{
    "moderation.open_flags_of",
    "SELECT f.id, f.post_id, f.reason, f.detail, fp.id, fp.display_name, " ISO("f.created_at")
    " FROM flags f JOIN persons fp ON fp.id = f.flagger_id "
    "WHERE f.post_id = ANY($1::bigint[]) AND f.resolved_at IS NULL ORDER BY f.created_at, f.id"};

#define SUSPENSION_COLUMNS \
  "s.id, g.id, g.name, sp.id, sp.display_name, s.reason, " ISO("s.starts_at") ", " ISO(       \
      "s.ends_at") ", cb.id, cb.display_name, " ISO("s.lifted_at") ", lb.id, lb.display_name, " \
                   "(s.lifted_at IS NULL AND s.starts_at <= $2::timestamptz AND s.ends_at > "  \
                   "$2::timestamptz)"
#define SUSPENSION_JOINS                                                       \
  "JOIN groups g ON g.id = s.group_id JOIN persons sp ON sp.id = s.person_id " \
  "JOIN persons cb ON cb.id = s.created_by LEFT JOIN persons lb ON lb.id = s.lifted_by "

const db::Statement insert_suspension_row{
    "moderation.insert_suspension",
    "WITH s AS (INSERT INTO suspensions (group_id, person_id, reason, starts_at, ends_at, "
    "created_by) VALUES ($1, $3, $4, $5::timestamptz, $6::timestamptz, $7) RETURNING *) "
    "SELECT " SUSPENSION_COLUMNS " FROM s " SUSPENSION_JOINS};

const db::Statement select_suspensions{
    "moderation.suspensions",
    "SELECT " SUSPENSION_COLUMNS " FROM suspensions s " SUSPENSION_JOINS
    "WHERE s.group_id = $1 ORDER BY (s.lifted_at IS NULL AND s.ends_at > $2::timestamptz) DESC, "
    "s.ends_at DESC, s.id DESC LIMIT $3"};

const db::Statement select_suspension{"moderation.suspension",
                                      "SELECT " SUSPENSION_COLUMNS
                                      " FROM suspensions s " SUSPENSION_JOINS "WHERE s.id = $1"};

const db::Statement update_suspension_lifted{
    "moderation.lift_suspension",
    "UPDATE suspensions SET lifted_at = $3::timestamptz, lifted_by = $2 "
    "WHERE id = $1 AND lifted_at IS NULL"};

const db::Statement select_log{
    "moderation.log_page",
    "SELECT l.id, m.id, m.display_name, l.action, l.target_kind, l.target_id, l.reason, "
    ISO("l.created_at") " FROM moderation_log l JOIN persons m ON m.id = l.moderator_id "
    "WHERE l.group_id = $1 AND ($2::bigint IS NULL OR l.id < $2::bigint) ORDER BY l.id DESC "
    "LIMIT $3"};

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::string>();
}

std::optional<PersonRef> optional_person(const pqxx::field& id, const pqxx::field& name) {
  if (id.is_null())
    return std::nullopt;
  return PersonRef{id.as<std::int64_t>(), name.as<std::string>()};
}

// POST_PLACE_COLUMNS, starting at column `at`.
PostPlace post_place_from(const pqxx::row& row, int at) {
  PostPlace place;
  place.post_id = row[at].as<std::int64_t>();
  place.author_id = row[at + 1].as<std::int64_t>();
  place.deleted = row[at + 2].as<bool>();
  place.thread_id = row[at + 3].as<std::int64_t>();
  place.category_id = row[at + 4].as<std::int64_t>();
  place.group_id = row[at + 5].as<std::int64_t>();
  place.place.group_name = row[at + 6].as<std::string>();
  place.place.group_archived = row[at + 7].as<bool>();
  // An unknown word would be a schema violation; the strictest reading keeps it safe.
  place.place.visibility = discussions::parse_visibility(row[at + 8].as<std::string>())
                               .value_or(discussions::Visibility::officers);
  return place;
}

Suspension suspension_from(const pqxx::row& row) {
  Suspension suspension;
  suspension.id = row[0].as<std::int64_t>();
  suspension.group = {row[1].as<std::int64_t>(), row[2].as<std::string>()};
  suspension.person = {row[3].as<std::int64_t>(), row[4].as<std::string>()};
  suspension.reason = row[5].as<std::string>();
  suspension.starts_at = row[6].as<std::string>();
  suspension.ends_at = row[7].as<std::string>();
  suspension.created_by = {row[8].as<std::int64_t>(), row[9].as<std::string>()};
  suspension.lifted_at = optional_text(row[10]);
  suspension.lifted_by = optional_person(row[11], row[12]);
  suspension.active = row[13].as<bool>();
  return suspension;
}

}  // namespace

std::optional<PostPlace> find_post_place(db::Tx& tx, std::int64_t post_id) {
  auto row = tx.exec_maybe_row(select_post_place, post_id);
  if (!row)
    return std::nullopt;
  return post_place_from(*row, 0);
}

std::optional<PersonRef> find_person(db::Tx& tx, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_person, person_id);
  if (!row)
    return std::nullopt;
  return PersonRef{(*row)[0].as<std::int64_t>(), (*row)[1].as<std::string>()};
}

bool has_open_flag(db::Tx& tx, std::int64_t post_id, std::int64_t flagger_id) {
  return tx.exec(select_open_flag, post_id, flagger_id)[0][0].as<bool>();
}

std::int64_t insert_flag(db::Tx& tx, std::int64_t post_id, std::int64_t flagger_id,
                         const std::string& reason, const std::string& detail,
                         const std::string& at) {
  return tx.exec(insert_flag_row, post_id, flagger_id, reason, detail, at)[0][0].as<std::int64_t>();
}

std::optional<FlagRecord> find_flag(db::Tx& tx, std::int64_t flag_id) {
  auto row = tx.exec_maybe_row(select_flag, flag_id);
  if (!row)
    return std::nullopt;
  return FlagRecord{(*row)[0].as<std::int64_t>(), (*row)[1].as<bool>(), post_place_from(*row, 2)};
}

bool resolve_flag(db::Tx& tx, std::int64_t flag_id, std::int64_t by, const std::string& resolution,
                  const std::string& at) {
  return tx.exec(update_flag_resolved, flag_id, by, resolution, at).affected_rows() == 1;
}

std::vector<QueueItem> queue_page(db::Tx& tx, const QueueScope& scope,
                                  const std::optional<QueueCursor>& after, int limit) {
  std::optional<std::int64_t> after_micros;
  std::optional<std::int64_t> after_post;
  if (after) {
    after_micros = after->first_flag_micros;
    after_post = after->post_id;
  }
  std::vector<QueueItem> items;
  std::vector<std::int64_t> post_ids;
  for (const auto& row :
       tx.exec(select_queue, scope.group_id, scope.public_open,
               db::array_literal(scope.readable_category_ids), after_micros, after_post, limit)) {
    QueueItem item;
    auto& post = item.post;
    post.id = row[0].as<std::int64_t>();
    post.thread_id = row[1].as<std::int64_t>();
    if (!row[2].is_null())
      post.parent_id = row[2].as<std::int64_t>();
    post.depth = row[3].as<int>();
    post.author = {row[4].as<std::int64_t>(), row[5].as<std::string>()};
    post.body_html = row[6].as<std::string>();
    post.created_at = row[7].as<std::string>();
    post.edited_at = optional_text(row[8]);
    post.deleted = row[9].as<bool>();
    if (!row[10].is_null()) {
      post.hidden =
          ModeratedPost::Hidden{row[11].is_null() ? "" : row[11].as<std::string>(),
                                optional_person(row[12], row[13]), row[10].as<std::string>()};
    }
    post.moderator_note = optional_text(row[14]);
    post.thanks_count = row[15].as<std::int64_t>();
    post.revision_count = row[16].as<std::int64_t>();
    item.thread_id = post.thread_id;
    item.thread_title = row[17].as<std::string>();
    item.group = {row[18].as<std::int64_t>(), row[19].as<std::string>()};
    item.position = {row[20].as<std::int64_t>(), post.id};
    post_ids.push_back(post.id);
    items.push_back(std::move(item));
  }
  if (items.empty())
    return items;

  for (const auto& row : tx.exec(select_open_flags_of, db::array_literal(post_ids))) {
    Flag flag{row[0].as<std::int64_t>(),
              row[1].as<std::int64_t>(),
              row[2].as<std::string>(),
              row[3].as<std::string>(),
              {row[4].as<std::int64_t>(), row[5].as<std::string>()},
              row[6].as<std::string>()};
    for (auto& item : items) {
      if (item.post.id == flag.post_id)
        item.flags.push_back(flag);
    }
  }
  return items;
}

Suspension insert_suspension(db::Tx& tx, std::int64_t group_id, std::int64_t person_id,
                             const std::string& reason, const std::string& starts_at,
                             const std::string& ends_at, std::int64_t created_by,
                             const std::string& now) {
  return suspension_from(tx.exec(insert_suspension_row, group_id, now, person_id, reason, starts_at,
                                 ends_at, created_by)[0]);
}

std::vector<Suspension> list_suspensions(db::Tx& tx, std::int64_t group_id, const std::string& now,
                                         int limit) {
  std::vector<Suspension> suspensions;
  for (const auto& row : tx.exec(select_suspensions, group_id, now, limit)) {
    suspensions.push_back(suspension_from(row));
  }
  return suspensions;
}

std::optional<Suspension> find_suspension(db::Tx& tx, std::int64_t suspension_id,
                                          const std::string& now) {
  auto row = tx.exec_maybe_row(select_suspension, suspension_id, now);
  if (!row)
    return std::nullopt;
  return suspension_from(*row);
}

bool lift_suspension(db::Tx& tx, std::int64_t suspension_id, std::int64_t by,
                     const std::string& at) {
  return tx.exec(update_suspension_lifted, suspension_id, by, at).affected_rows() == 1;
}

std::vector<LogLine> log_page(db::Tx& tx, std::int64_t group_id,
                              const std::optional<std::int64_t>& before_id, int limit) {
  std::vector<LogLine> lines;
  for (const auto& row : tx.exec(select_log, group_id, before_id, limit)) {
    lines.push_back({row[0].as<std::int64_t>(),
                     {row[1].as<std::int64_t>(), row[2].as<std::string>()},
                     row[3].as<std::string>(),
                     row[4].as<std::string>(),
                     row[5].as<std::int64_t>(),
                     row[6].as<std::string>(),
                     row[7].as<std::string>()});
  }
  return lines;
}

}  // namespace plenary::moderation::repo
