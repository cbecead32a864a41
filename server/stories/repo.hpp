#pragma once
// SQL for stories, their history and the appointed editors. Maps rows to structs; decides nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "stories/model.hpp"

namespace plenary::stories::repo {

EditorFacts editor_facts(db::Tx& tx, std::int64_t person_id);
// Everyone who edits stories, by office or appointment, who may be told a story waits.
std::vector<std::int64_t> editor_ids(db::Tx& tx);

std::optional<GroupRef> find_group(db::Tx& tx, std::int64_t group_id);
std::optional<PersonRef> find_person(db::Tx& tx, std::int64_t person_id);
std::string email_of(db::Tx& tx, std::int64_t person_id);
// The top of the group's tree, or (no group) the oldest top-level group that is not archived.
std::optional<std::int64_t> root_group(db::Tx& tx, std::optional<std::int64_t> group_id);

// The rendered text beside its source.
struct StoryText {
  StoryInput input;
  std::string body_html;
  std::string body_text;
  std::string what_worked_html;
};

std::int64_t insert_story(db::Tx& tx, std::int64_t author_id, const StoryText& text,
                          const std::string& now);
void update_story(db::Tx& tx, std::int64_t story_id, const StoryText& text, StoryStatus status,
                  const std::string& now);
// `locked`: the row stays locked until the transaction ends, so two reviews wait for each other.
std::optional<Story> find_story(db::Tx& tx, std::int64_t story_id, bool locked = false);
void delete_story(db::Tx& tx, std::int64_t story_id);

struct Review {
  StoryStatus status = StoryStatus::submitted;
  std::optional<std::string> message;
  std::int64_t reviewer_id = 0;
  std::optional<std::int64_t> thread_id;  // published: the discussion
  std::string now;
};
void record_review(db::Tx& tx, std::int64_t story_id, const Review& review);

void add_history(db::Tx& tx, std::int64_t story_id, std::optional<std::int64_t> actor_id,
                 StoryAction action, const std::string& note, const std::string& now);
std::vector<HistoryEntry> history(db::Tx& tx, std::int64_t story_id);

// Published stories, newest first, after the story `after_id` when given.
std::vector<Story> published(db::Tx& tx, std::optional<std::int64_t> after_id, int limit);
std::vector<Story> by_author(db::Tx& tx, std::int64_t author_id);
// Waiting for review first, then waiting for the author's changes; oldest first in each.
std::vector<Story> review_queue(db::Tx& tx);

std::vector<Editor> appointed_editors(db::Tx& tx);
// Site admins and officers or admins of top-level groups.
std::vector<PersonRef> editors_by_office(db::Tx& tx);
// Whether the person was not already appointed.
bool appoint_editor(db::Tx& tx, std::int64_t person_id, std::int64_t appointed_by,
                    const std::string& now);
bool remove_editor(db::Tx& tx, std::int64_t person_id);

}  // namespace plenary::stories::repo
