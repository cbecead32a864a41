#pragma once
// The moderation module's plain values.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "discussions/policy.hpp"
#include "moderation/rules.hpp"

namespace plenary::moderation {

struct PersonRef {
  std::int64_t id = 0;
  std::string display_name;
};

struct GroupRef {
  std::int64_t id = 0;
  std::string name;
};

// A post with where it lives: enough to ask the policy about it.
struct PostPlace {
  std::int64_t post_id = 0;
  std::int64_t author_id = 0;
  bool deleted = false;
  std::int64_t thread_id = 0;
  std::int64_t category_id = 0;
  std::int64_t group_id = 0;
  discussions::Place place;
};

struct Flag {
  std::int64_t id = 0;
  std::int64_t post_id = 0;
  std::string reason;
  std::string detail;
  PersonRef flagger;
  std::string created_at;
};

// A post as moderators see it: the body even when hidden.
struct ModeratedPost {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::optional<std::int64_t> parent_id;
  int depth = 0;
  PersonRef author;
  std::string body_html;
  std::string created_at;
  std::optional<std::string> edited_at;
  bool deleted = false;
  struct Hidden {
    std::string reason;
    std::optional<PersonRef> by;
    std::string at;
  };
  std::optional<Hidden> hidden;
  std::optional<std::string> moderator_note;
  std::int64_t thanks_count = 0;
  std::int64_t revision_count = 0;
};

struct QueueItem {
  ModeratedPost post;
  std::int64_t thread_id = 0;
  std::string thread_title;
  GroupRef group;
  std::vector<Flag> flags;
  QueueCursor position;
};

struct QueuePage {
  std::vector<QueueItem> items;
  std::optional<QueueCursor> next;
};

struct Suspension {
  std::int64_t id = 0;
  GroupRef group;
  PersonRef person;
  std::string reason;
  std::string starts_at;
  std::string ends_at;
  PersonRef created_by;
  std::optional<std::string> lifted_at;
  std::optional<PersonRef> lifted_by;
  bool active = false;
};

struct LogLine {
  std::int64_t id = 0;
  PersonRef moderator;
  std::string action;
  std::string target_kind;
  std::int64_t target_id = 0;
  std::string reason;
  std::string created_at;
};

struct LogPage {
  std::vector<LogLine> entries;
  std::optional<std::int64_t> next_after_id;
};

}  // namespace plenary::moderation
