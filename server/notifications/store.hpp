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
