#pragma once
// Campaign stories as plain values. The contact line an author leaves for editors lives only in
// Story::contact, which the JSON shapes copy for the author and editors alone.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/words.hpp"

namespace plenary::stories {

enum class StoryStatus { submitted, changes_requested, declined, published };
inline constexpr Words<StoryStatus, 4> story_status_words{
    {"submitted", "changes_requested", "declined", "published"}};

// What happens to a story, each a step in its history.
enum class StoryAction { submitted, edited, resubmitted, changes_requested, declined, published };
inline constexpr Words<StoryAction, 6> story_action_words{
    {"submitted", "edited", "resubmitted", "changes_requested", "declined", "published"}};

struct PersonRef {
  std::int64_t id = 0;
  std::string display_name;
};

struct GroupRef {
  std::int64_t id = 0;
  std::string name;
};

// What an author types into the form (trimmed by the routes).
struct StoryInput {
  std::string title;
  std::string body;
  std::string place;
  std::string what_worked;
  std::string contact;
  std::optional<std::int64_t> group_id;
};

// A change to a story: only the fields given change. `group_id` set to nothing clears the group.
struct StoryChanges {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<std::string> place;
  std::optional<std::string> what_worked;
  std::optional<std::string> contact;
  std::optional<std::optional<std::int64_t>> group_id;
};

struct HistoryEntry {
  std::string at;
  std::optional<PersonRef> actor;
  StoryAction action = StoryAction::submitted;
  std::string note;
};

struct Story {
  std::int64_t id = 0;
  PersonRef author;
  std::optional<GroupRef> group;
  std::string title;
  std::string body_markdown;
  std::string body_html;
  std::string body_text;  // no markup: for excerpts
  std::string place;
  std::string what_worked;
  std::string what_worked_html;
  std::string contact;
  StoryStatus status = StoryStatus::submitted;
  std::optional<std::string> review_message;
  std::optional<PersonRef> reviewed_by;
  std::optional<std::string> reviewed_at;
  std::optional<std::string> published_at;
  std::optional<std::int64_t> thread_id;
  std::string submitted_at;
  std::string updated_at;
};

// A published story in the public list.
struct StorySummary {
  std::int64_t id = 0;
  std::string title;
  std::string place;
  std::optional<GroupRef> group;
  PersonRef author;
  std::string published_at;
  std::string excerpt;
};

struct StoryCan {
  bool edit = false;
  bool review = false;
  bool withdraw = false;
};

// What is known about a person for deciding whether they edit stories.
struct EditorFacts {
  bool signed_in = false;
  bool site_admin = false;
  bool officer_of_top_level_group = false;  // officer or admin, active, of a group with no parent
  bool appointed = false;                   // listed in story_editors
};

struct Editor {
  PersonRef person;
  std::optional<PersonRef> appointed_by;
  std::string appointed_at;
};

}  // namespace plenary::stories
