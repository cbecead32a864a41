#pragma once
// The discussions module's vocabulary: plain values as the repo reads them and the service hands
// them on. Deciding who sees what is the policy's business, shaping JSON is json.cpp's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "discussions/policy.hpp"

namespace plenary::discussions {

struct PersonRef {
  std::int64_t id = 0;
  std::string display_name;
};

struct GroupRef {
  std::int64_t id = 0;
  std::string name;
  bool archived = false;
};

struct Category {
  std::int64_t id = 0;
  GroupRef group;
  std::string name;
  std::string description;
  Visibility visibility = Visibility::members;

  Place place() const { return {group.name, group.archived, visibility}; }
};

// A category as its group's list shows it to one viewer.
struct CategorySummary {
  Category category;
  std::int64_t thread_count = 0;
  std::int64_t unread_threads = 0;
  bool watching = false;
};

struct Thread {
  std::int64_t id = 0;
  Category category;
  PersonRef author;
  std::string title;
  std::vector<std::string> tags;
  bool pinned = false;
  bool locked = false;
  bool archived = false;
  int slow_mode_seconds = 0;
  std::int64_t post_count = 0;
  std::string created_at;
  std::string last_post_at;
  std::int64_t opening_post_id = 0;

  ThreadState state() const { return {locked, archived}; }
};

// A row of a category's thread list.
struct ThreadSummary {
  Thread thread;
  std::int64_t unread_count = 0;
  std::string cursor_time;  // last_post_at exactly as the keyset compares it
};

struct Hidden {
  std::string reason;
  PersonRef by;
  std::string at;
};

struct Post {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::optional<std::int64_t> parent_id;
  std::optional<PersonRef> parent_author;
  int depth = 0;
  std::string tree_path;
  PersonRef author;
  std::string body_source;
  std::string body_html;
  std::string created_at;
  std::optional<std::string> edited_at;
  bool deleted = false;
  std::optional<Hidden> hidden;
  std::optional<std::string> moderator_note;
  std::int64_t thanks_count = 0;
  bool thanked_by_me = false;
  std::int64_t revision_count = 0;
};

// A post as one viewer receives it: what they may do with it and how much of it they may read.
struct PostView {
  Post post;
  PostCan can;
  bool show_hidden_body = false;  // moderators read what they hid
  bool reply_context = false;     // send in_reply_to
};

struct Revision {
  std::int64_t id = 0;
  PersonRef editor;
  std::string note;
  bool by_moderator = false;
  std::string created_at;
  std::string body_source;
};

struct ReadState {
  std::optional<std::int64_t> last_read_post_id;
  std::optional<std::int64_t> first_unread_post_id;
  bool watching = false;
};

}  // namespace plenary::discussions
