#include "stories/repo.hpp"

namespace plenary::stories::repo {
namespace {

// UTC, so every reader gets the same text whatever the session's time zone.
#define UTC(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

#define STORY_COLUMNS                                                                        \
  "s.id, s.author_id, a.display_name, g.id, g.name, s.title, s.body_markdown, s.body_html, " \
  "s.body_text, s.place, s.what_worked, s.what_worked_html, s.contact, s.status, "           \
  "s.review_message, r.id, r.display_name, " UTC("s.reviewed_at") ", " UTC(                  \
      "s.published_at") ", s.thread_id, " UTC("s.submitted_at") ", " UTC("s.updated_at")
#define STORY_FROM                                                                     \
  " FROM stories s JOIN persons a ON a.id = s.author_id LEFT JOIN groups g ON g.id = " \
  "s.group_id LEFT JOIN persons r ON r.id = s.reviewed_by "

// Active officers and admins of groups with no parent act for the whole organisation.
#define TOP_LEVEL_OFFICERS                                                                    \
  "SELECT m.person_id FROM memberships m JOIN groups tg ON tg.id = m.group_id "               \
  "WHERE tg.parent_id IS NULL AND tg.archived_at IS NULL AND m.status = 'active' AND m.role " \
  "IN ('officer', 'admin')"

const db::Statement select_editor_facts{
    "stories.editor_facts", "SELECT p.site_admin, p.id IN (" TOP_LEVEL_OFFICERS
                            "), "
                            "EXISTS (SELECT 1 FROM story_editors e WHERE e.person_id = p.id) "
                            "FROM persons p WHERE p.id = $1"};
const db::Statement select_editor_ids{
    "stories.editor_ids", "SELECT id FROM persons WHERE site_admin UNION " TOP_LEVEL_OFFICERS
                          " UNION SELECT person_id FROM story_editors ORDER BY 1"};
const db::Statement select_group{"stories.select_group",
                                 "SELECT id, name FROM groups WHERE id = $1"};
const db::Statement select_person{"stories.select_person",
                                  "SELECT id, display_name FROM persons WHERE id = $1"};
const db::Statement select_email{"stories.select_email", "SELECT email FROM persons WHERE id = $1"};
const db::Statement select_root_group{
    "stories.root_group",
    "WITH RECURSIVE up AS (SELECT id, parent_id FROM groups WHERE id = $1 "
    "UNION ALL SELECT g.id, g.parent_id FROM groups g JOIN up ON g.id = up.parent_id) "
    "SELECT id FROM up WHERE parent_id IS NULL "
    "UNION ALL (SELECT id FROM groups WHERE $1::bigint IS NULL AND parent_id IS NULL "
    "AND archived_at IS NULL ORDER BY id LIMIT 1) LIMIT 1"};
const db::Statement insert_story_row{
    "stories.insert",
    "INSERT INTO stories (author_id, group_id, title, body_markdown, body_html, body_text, place, "
    "what_worked, what_worked_html, contact, status, submitted_at, updated_at) VALUES ($1, $2, "
    "$3, $4, $5, $6, $7, $8, $9, $10, 'submitted', $11::timestamptz, $11::timestamptz) "
    "RETURNING id"};
const db::Statement update_story_row{
    "stories.update",
    "UPDATE stories SET group_id = $2, title = $3, body_markdown = $4, body_html = $5, "
    "body_text = $6, place = $7, what_worked = $8, what_worked_html = $9, contact = $10, "
    "status = $11, updated_at = $12::timestamptz WHERE id = $1"};
const db::Statement select_story{"stories.select",
                                 "SELECT " STORY_COLUMNS STORY_FROM "WHERE s.id = $1"};
const db::Statement lock_story{
    "stories.lock", "SELECT " STORY_COLUMNS STORY_FROM "WHERE s.id = $1 FOR UPDATE OF s"};
const db::Statement delete_story_row{"stories.delete", "DELETE FROM stories WHERE id = $1"};
const db::Statement update_review{
    "stories.review",
    "UPDATE stories SET status = $2, review_message = $3, reviewed_by = $4, "
    "reviewed_at = $5::timestamptz, updated_at = $5::timestamptz, thread_id = $6, "
    "published_at = CASE WHEN $2 = 'published' THEN $5::timestamptz END WHERE id = $1"};
const db::Statement insert_history{
    "stories.add_history",
    "INSERT INTO story_history (story_id, at, actor_id, action, note) "
    "VALUES ($1, $2::timestamptz, $3, $4, $5)"};
const db::Statement select_history{
    "stories.history",
    "SELECT " UTC("h.at") ", p.id, p.display_name, h.action, h.note FROM story_history h "
    "LEFT JOIN persons p ON p.id = h.actor_id WHERE h.story_id = $1 ORDER BY h.id"};
const db::Statement select_published{
    "stories.published",
    "SELECT " STORY_COLUMNS STORY_FROM
    "WHERE s.status = 'published' AND ($1::bigint IS NULL OR (s.published_at, s.id) < "
    "(SELECT published_at, id FROM stories WHERE id = $1::bigint AND status = 'published')) "
    "ORDER BY s.published_at DESC, s.id DESC LIMIT $2"};
const db::Statement select_by_author{"stories.by_author",
                                     "SELECT " STORY_COLUMNS STORY_FROM
                                     "WHERE s.author_id = $1 ORDER BY s.id DESC LIMIT 200"};
const db::Statement select_queue{
    "stories.queue", "SELECT " STORY_COLUMNS STORY_FROM
                     "WHERE s.status IN ('submitted', 'changes_requested') "
                     "ORDER BY s.status = 'changes_requested', s.submitted_at, s.id LIMIT 200"};
const db::Statement select_appointed{
    "stories.appointed",
    "SELECT p.id, p.display_name, b.id, b.display_name, " UTC("e.appointed_at")
    " FROM story_editors e JOIN persons p ON p.id = e.person_id "
    "LEFT JOIN persons b ON b.id = e.appointed_by ORDER BY p.display_name, p.id"};
const db::Statement select_by_office{
    "stories.by_office",
    "SELECT id, display_name FROM persons WHERE site_admin OR id IN (" TOP_LEVEL_OFFICERS
    ") ORDER BY display_name, id"};
const db::Statement insert_editor{
    "stories.appoint",
    "INSERT INTO story_editors (person_id, appointed_by, appointed_at) "
    "VALUES ($1, $2, $3::timestamptz) ON CONFLICT (person_id) DO NOTHING RETURNING person_id"};
const db::Statement delete_editor{
    "stories.remove_editor", "DELETE FROM story_editors WHERE person_id = $1 RETURNING person_id"};

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::string>();
}

std::optional<PersonRef> optional_person(const pqxx::row& row, int first) {
  if (row[first].is_null())
    return std::nullopt;
  return PersonRef{row[first].as<std::int64_t>(), row[first + 1].as<std::string>()};
}

Story story_from(const pqxx::row& row) {
  Story story;
  story.id = row[0].as<std::int64_t>();
  story.author = {row[1].as<std::int64_t>(), row[2].as<std::string>()};
  if (!row[3].is_null())
    story.group = GroupRef{row[3].as<std::int64_t>(), row[4].as<std::string>()};
  story.title = row[5].as<std::string>();
  story.body_markdown = row[6].as<std::string>();
  story.body_html = row[7].as<std::string>();
  story.body_text = row[8].as<std::string>();
  story.place = row[9].as<std::string>();
  story.what_worked = row[10].as<std::string>();
  story.what_worked_html = row[11].as<std::string>();
  story.contact = row[12].as<std::string>();
  story.status =
      story_status_words.parse(row[13].as<std::string>()).value_or(StoryStatus::submitted);
  story.review_message = optional_text(row[14]);
  story.reviewed_by = optional_person(row, 15);
  story.reviewed_at = optional_text(row[17]);
  story.published_at = optional_text(row[18]);
  if (!row[19].is_null())
    story.thread_id = row[19].as<std::int64_t>();
  story.submitted_at = row[20].as<std::string>();
  story.updated_at = row[21].as<std::string>();
  return story;
}

std::vector<Story> stories_from(const pqxx::result& result) {
  std::vector<Story> stories;
  for (const auto& row : result)
    stories.push_back(story_from(row));
  return stories;
}

}  // namespace

EditorFacts editor_facts(db::Tx& tx, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_editor_facts, person_id);
  if (!row)
    return {};
  return {.signed_in = true,
          .site_admin = (*row)[0].as<bool>(),
          .officer_of_top_level_group = (*row)[1].as<bool>(),
          .appointed = (*row)[2].as<bool>()};
}

std::vector<std::int64_t> editor_ids(db::Tx& tx) {
  std::vector<std::int64_t> ids;
  for (const auto& row : tx.exec(select_editor_ids))
    ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

std::optional<GroupRef> find_group(db::Tx& tx, std::int64_t group_id) {
  auto row = tx.exec_maybe_row(select_group, group_id);
  if (!row)
    return std::nullopt;
  return GroupRef{(*row)[0].as<std::int64_t>(), (*row)[1].as<std::string>()};
}

std::optional<PersonRef> find_person(db::Tx& tx, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_person, person_id);
  if (!row)
    return std::nullopt;
  return PersonRef{(*row)[0].as<std::int64_t>(), (*row)[1].as<std::string>()};
}

std::string email_of(db::Tx& tx, std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_email, person_id);
  return row ? (*row)[0].as<std::string>() : std::string();
}

std::optional<std::int64_t> root_group(db::Tx& tx, std::optional<std::int64_t> group_id) {
  auto row = tx.exec_maybe_row(select_root_group, group_id);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::int64_t insert_story(db::Tx& tx, std::int64_t author_id, const StoryText& text,
                          const std::string& now) {
  const auto& in = text.input;
  return tx
      .exec(insert_story_row, author_id, in.group_id, in.title, in.body, text.body_html,
            text.body_text, in.place, in.what_worked, text.what_worked_html, in.contact, now)[0][0]
      .as<std::int64_t>();
}

void update_story(db::Tx& tx, std::int64_t story_id, const StoryText& text, StoryStatus status,
                  const std::string& now) {
  const auto& in = text.input;
  tx.exec(update_story_row, story_id, in.group_id, in.title, in.body, text.body_html,
          text.body_text, in.place, in.what_worked, text.what_worked_html, in.contact,
          std::string(story_status_words.name(status)), now);
}

std::optional<Story> find_story(db::Tx& tx, std::int64_t story_id, bool locked) {
  auto row = tx.exec_maybe_row(locked ? lock_story : select_story, story_id);
  if (!row)
    return std::nullopt;
  return story_from(*row);
}

void delete_story(db::Tx& tx, std::int64_t story_id) {
  tx.exec(delete_story_row, story_id);
}

void record_review(db::Tx& tx, std::int64_t story_id, const Review& review) {
  tx.exec(update_review, story_id, std::string(story_status_words.name(review.status)),
          review.message, review.reviewer_id, review.now, review.thread_id);
}

void add_history(db::Tx& tx, std::int64_t story_id, std::optional<std::int64_t> actor_id,
                 StoryAction action, const std::string& note, const std::string& now) {
  tx.exec(insert_history, story_id, now, actor_id, std::string(story_action_words.name(action)),
          note);
}

std::vector<HistoryEntry> history(db::Tx& tx, std::int64_t story_id) {
  std::vector<HistoryEntry> entries;
  for (const auto& row : tx.exec(select_history, story_id)) {
    HistoryEntry entry;
    entry.at = row[0].as<std::string>();
    entry.actor = optional_person(row, 1);
    entry.action = story_action_words.parse(row[3].as<std::string>()).value_or(StoryAction::edited);
    entry.note = row[4].as<std::string>();
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<Story> published(db::Tx& tx, std::optional<std::int64_t> after_id, int limit) {
  return stories_from(tx.exec(select_published, after_id, limit));
}

std::vector<Story> by_author(db::Tx& tx, std::int64_t author_id) {
  return stories_from(tx.exec(select_by_author, author_id));
}

std::vector<Story> review_queue(db::Tx& tx) {
  return stories_from(tx.exec(select_queue));
}

std::vector<Editor> appointed_editors(db::Tx& tx) {
  std::vector<Editor> editors;
  for (const auto& row : tx.exec(select_appointed)) {
    editors.push_back({.person = {row[0].as<std::int64_t>(), row[1].as<std::string>()},
                       .appointed_by = optional_person(row, 2),
                       .appointed_at = row[4].as<std::string>()});
  }
  return editors;
}

std::vector<PersonRef> editors_by_office(db::Tx& tx) {
  std::vector<PersonRef> people;
  for (const auto& row : tx.exec(select_by_office))
    people.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>()});
  return people;
}

bool appoint_editor(db::Tx& tx, std::int64_t person_id, std::int64_t appointed_by,
                    const std::string& now) {
  return !tx.exec(insert_editor, person_id, appointed_by, now).empty();
}

bool remove_editor(db::Tx& tx, std::int64_t person_id) {
  return !tx.exec(delete_editor, person_id).empty();
}

}  // namespace plenary::stories::repo
