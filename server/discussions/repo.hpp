#pragma once
// SQL for categories, threads, posts, revisions, thanks, read state and watching. Maps rows to
// structs; decides nothing. `viewer_id` 0 stands for someone signed out (no person has id 0).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "discussions/model.hpp"
#include "discussions/rules.hpp"
#include "groups/policy.hpp"
#include "moderation/posting_rules.hpp"
#include "notifications/notify.hpp"

namespace plenary::discussions::repo {

std::optional<GroupRef> find_group(db::Tx& tx, std::int64_t group_id);

// ---- Categories -----------------------------------------------------------------------------
std::vector<CategorySummary> list_categories(db::Tx& tx, std::int64_t group_id,
                                             std::int64_t viewer_id);
std::optional<Category> find_category(db::Tx& tx, std::int64_t category_id);
bool category_watched(db::Tx& tx, std::int64_t category_id, std::int64_t viewer_id);
bool category_name_taken(db::Tx& tx, std::int64_t group_id, const std::string& name,
                         std::optional<std::int64_t> except_id);
// The group's category with this name (case-insensitive), if there is one.
std::optional<std::int64_t> category_named(db::Tx& tx, std::int64_t group_id,
                                           const std::string& name);
std::int64_t insert_category(db::Tx& tx, std::int64_t group_id, const std::string& name,
                             const std::string& description, Visibility visibility);
void update_category(db::Tx& tx, std::int64_t category_id, const std::string& name,
                     const std::string& description, Visibility visibility);

// ---- Threads --------------------------------------------------------------------------------
// Pinned first, then by last activity, after `after`; unread counts for the viewer.
std::vector<ThreadSummary> list_threads(db::Tx& tx, std::int64_t category_id,
                                        std::int64_t viewer_id,
                                        const std::optional<ThreadCursor>& after, int limit);
// `lock`: hold the thread row until the transaction ends, so posts to one thread queue up and
// each sees the thread as the one before left it (counts, lock, slow mode).
std::optional<Thread> find_thread(db::Tx& tx, std::int64_t thread_id, bool lock = false);
std::int64_t insert_thread(db::Tx& tx, std::int64_t category_id, std::int64_t author_id,
                           const std::string& title, const std::vector<std::string>& tags,
                           const std::string& now);
// One more post: the count and the time of the latest.
void count_new_post(db::Tx& tx, std::int64_t thread_id, const std::string& now);

struct ThreadModeration {
  std::int64_t category_id = 0;
  bool pinned = false;
  bool locked = false;
  bool archived = false;
  int slow_mode_seconds = 0;
};
void update_thread_moderation(db::Tx& tx, std::int64_t thread_id, const ThreadModeration& state,
                              const std::string& now);

// ---- Posts ----------------------------------------------------------------------------------
std::int64_t next_post_id(db::Tx& tx);

struct NewPost {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::optional<std::int64_t> parent_id;
  std::int64_t author_id = 0;
  std::string tree_path;
  int depth = 0;
  std::string body_source;
  std::string body_html;
  std::string body_text;
  std::string created_at;
};
void insert_post(db::Tx& tx, const NewPost& post);

// What a reply needs of the post it answers.
struct RepliedTo {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  int depth = 0;
  std::string tree_path;
  PersonRef author;
  bool deleted = false;
  bool hidden = false;
};
// What a reply is decided on, read in one statement that locks the thread row (see
// select_reply_context in repo.cpp): nothing when the thread does not exist.
struct ReplyContext {
  Thread thread;
  // False when the lock waited for a transaction that changed the thread after the statement's
  // snapshot: the reads are then older than the lock, and the caller reads again (holding it).
  bool fresh = false;
  std::vector<groups::ChainMembership> chain;  // the author's, along the group's ancestry
  std::optional<RepliedTo> parent;
  std::string author_name;
  moderation::PostingRecord posting;
  std::int64_t post_id = 0;         // taken for the new post
  std::string created_at;           // `now` as the database writes it
  std::string thread_last_post_at;  // the thread's once this post is counted
  std::string audience;             // NOTIFICATION_AUDIENCE (notifications/notify.hpp)
};
std::optional<ReplyContext> reply_context(db::Tx& tx, std::int64_t thread_id,
                                          std::int64_t author_id,
                                          std::optional<std::int64_t> parent_id,
                                          const std::string& now,
                                          const moderation::PostingLimits& limits);
// The post, the thread's count and time (as count_new_post), the two events announcing them
// (post.created in the thread's room, thread.updated in the category's) and the notifications
// with their events (as notifications::on_post_created writes them), in one statement.
struct ReplyEvents {
  std::string thread_room;
  std::string post_created;
  std::string category_room;
  std::string thread_updated;
};
void insert_reply(db::Tx& tx, const NewPost& post, const ReplyEvents& events,
                  const notifications::Addressees& notified);

// Posts of the thread in tree order whose path sorts after `after_path` ("" for the start).
std::vector<Post> page_posts(db::Tx& tx, std::int64_t thread_id, std::int64_t viewer_id,
                             const std::string& after_path, int limit);
std::optional<Post> find_post(db::Tx& tx, std::int64_t post_id, std::int64_t viewer_id);
// The path of the post just before this one in tree order, if any.
std::optional<std::string> path_before(db::Tx& tx, std::int64_t thread_id,
                                       const std::string& tree_path);

void update_post_body(db::Tx& tx, std::int64_t post_id, const std::string& body_source,
                      const std::string& body_html, const std::string& body_text,
                      const std::string& edited_at,
                      const std::optional<std::string>& moderator_note);
void insert_revision(db::Tx& tx, std::int64_t post_id, std::int64_t editor_id,
                     const std::string& previous_source, const std::string& note, bool by_moderator,
                     const std::string& created_at);
std::vector<Revision> list_revisions(db::Tx& tx, std::int64_t post_id);
void mark_deleted(db::Tx& tx, std::int64_t post_id, const std::string& at);
void hide_post(db::Tx& tx, std::int64_t post_id, const std::string& reason, std::int64_t by,
               const std::string& at);
void restore_post(db::Tx& tx, std::int64_t post_id);
// Open flags on the post become resolved as actioned (hiding answers them).
void resolve_open_flags(db::Tx& tx, std::int64_t post_id, std::int64_t by, const std::string& at);

// ---- Thanks ---------------------------------------------------------------------------------
// False when the person had already thanked the post.
bool insert_thanks(db::Tx& tx, std::int64_t post_id, std::int64_t person_id, const std::string& at);
bool delete_thanks(db::Tx& tx, std::int64_t post_id, std::int64_t person_id);
std::int64_t adjust_thanks_count(db::Tx& tx, std::int64_t post_id, int delta);
std::vector<PersonRef> thankers(db::Tx& tx, std::int64_t post_id);

// ---- Reading and watching -------------------------------------------------------------------
ReadState read_state(db::Tx& tx, std::int64_t thread_id, std::int64_t viewer_id);
// A person's part of a thread page the cache shares among readers (SharedThreadPage): read in a
// single statement without a transaction, the one round trip a cached page costs.
struct ViewerFacts {
  std::vector<groups::ChainMembership> chain;  // along the thread's group's ancestry
  ReadState read;
  std::vector<std::int64_t> thanked;  // those of post_ids the person thanked
};
ViewerFacts viewer_facts(db::Connection& db, std::int64_t group_id, std::int64_t thread_id,
                         std::int64_t person_id, const std::vector<std::int64_t>& post_ids);
// Never moves backwards.
void advance_read_state(db::Tx& tx, std::int64_t thread_id, std::int64_t person_id,
                        std::int64_t post_id);
void watch_thread(db::Tx& tx, std::int64_t thread_id, std::int64_t person_id, bool watching);
void watch_category(db::Tx& tx, std::int64_t category_id, std::int64_t person_id, bool watching);

}  // namespace plenary::discussions::repo
