#pragma once
// Discussion use cases. Each runs in one transaction: load, ask the policy, act, publish the live
// event (and notify, and log moderators' actions) in that same transaction. Returns values or an
// Error; never sees HTTP (event payloads are the outbox's JSON).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "discussions/model.hpp"
#include "discussions/repo.hpp"
#include "discussions/rules.hpp"

namespace plenary::discussions {

inline constexpr int default_page_size = 50;
inline constexpr int max_page_size = 100;

struct NewCategory {
  std::string name;
  std::string description;
  Visibility visibility = Visibility::members;
};

struct CategoryChanges {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<Visibility> visibility;
};

struct NewThread {
  std::string title;
  std::string body;
  std::vector<std::string> tags;  // already normalised
};

struct NewReply {
  std::string body;
  std::optional<std::int64_t> parent_id;  // nothing: a reply to the opening post
};

struct PostEdit {
  std::string body;
  std::optional<std::string> note;  // required when a moderator edits someone else's post
};

struct ThreadChanges {
  std::optional<bool> locked;
  std::optional<bool> pinned;
  std::optional<bool> archived;
  std::optional<std::int64_t> category_id;
  std::optional<int> slow_mode_seconds;
  std::string reason;
};

struct CategoryList {
  std::vector<CategorySummary> categories;  // only those the viewer may see
  bool can_manage = false;
  bool can_moderate = false;
};

struct CategoryView {
  Category category;
  CategorySummary summary;
  CategoryCan can;
};

struct ThreadList {
  std::vector<ThreadSummary> threads;
  std::optional<ThreadCursor> next;
};

struct ThreadPage {
  Thread thread;
  std::vector<PostView> posts;
  std::optional<std::string> next_after;  // the tree_path the next page starts after
  ReadState read;
  ThreadCan can;
};

// A post's JSON without the reader's part ("can", "thanked_by_me", "body_source"), made once
// for every reader of a cached page (json.hpp: serialize_shared).
struct SerializedPost {
  std::string head;         // "{" and the members before "body_source"
  std::string body_source;  // ',"body_source":…', for those who may edit
  std::string before_can;   // the members between "body_source" and "can"
  std::string middle;       // the members between "can" and "thanked_by_me"
  std::string tail;         // the members after "thanked_by_me" and "}"
};

// A thread page as all its readers share it, without anyone's part (their thanks, read state,
// rights): what the page cache keeps for signed-in readers.
struct SharedThreadPage {
  Thread thread;
  std::vector<Post> posts;          // thanked_by_me left false
  std::vector<bool> reply_context;  // by post, as the page draws them
  std::optional<std::string> next_after;
  // By post; a hidden post's is left empty (its body is for moderators only): it is drawn whole.
  std::vector<SerializedPost> serialized;
  // The page's members around the reader's and the posts, as written in key order:
  // {"can":…,"first_unread_post_id":…<after_unread>…posts…<after_posts>…watching}
  std::string after_unread;  // ',"next_cursor":…,"posts":['
  std::string after_posts;   // '],"thread":{…},"watching":'
};
// Pure: the shared part of a page read for one person.
SharedThreadPage shared_part(const ThreadPage& page);

// What one reader's part of a shared page is made from (read in one statement).
using ReaderFacts = repo::ViewerFacts;

// One reader's part of a shared page, by post where it goes by post.
struct ReaderPart {
  ReadState read;
  ThreadCan can;
  std::vector<PostCan> post_can;
  std::vector<bool> thanked;
  std::vector<bool> show_hidden_body;
};

struct CreatedThread {
  Thread thread;
  PostView post;
};

struct Permalink {
  PostView post;
  std::optional<std::string> page_after;  // load the page after this path to have the post first
};

class Service {
 public:
  explicit Service(const Clock& clock) : clock_(clock) {}

  Result<CategoryList> categories(db::Connection& db, const Actor* actor, std::int64_t group_id);
  Result<CategorySummary> create_category(db::Connection& db, const Actor& actor,
                                          std::int64_t group_id, const NewCategory& input);
  Result<CategorySummary> update_category(db::Connection& db, const Actor& actor,
                                          std::int64_t category_id, const CategoryChanges& changes);
  Result<CategoryView> category(db::Connection& db, const Actor* actor, std::int64_t category_id);
  Result<ThreadList> threads(db::Connection& db, const Actor* actor, std::int64_t category_id,
                             const std::optional<ThreadCursor>& after, int limit);
  Status watch_category(db::Connection& db, const Actor& actor, std::int64_t category_id,
                        bool watching);

  Result<CreatedThread> create_thread(db::Connection& db, const Actor& actor,
                                      std::int64_t category_id, const NewThread& input);
  Result<ThreadPage> thread_page(db::Connection& db, const Actor* actor, std::int64_t thread_id,
                                 const std::optional<std::string>& after_path, int limit);
  // What this person's part of a shared page (the cache's) depends on, in a single statement.
  static ReaderFacts reader_facts(db::Connection& db, const Actor& actor,
                                  const SharedThreadPage& shared);
  // Pure: the person's part from those facts, with the same checks and flags as thread_page:
  // together with the shared page they make the same page.
  static Result<ReaderPart> reader_part(const Actor& actor, const SharedThreadPage& shared,
                                        const ReaderFacts& facts);
  Result<PostView> reply(db::Connection& db, const Actor& actor, std::int64_t thread_id,
                         const NewReply& input);
  Status mark_read(db::Connection& db, const Actor& actor, std::int64_t thread_id,
                   std::int64_t last_read_post_id);
  Status watch_thread(db::Connection& db, const Actor& actor, std::int64_t thread_id,
                      bool watching);

  Result<Permalink> permalink(db::Connection& db, const Actor* actor, std::int64_t post_id);
  Result<PostView> edit_post(db::Connection& db, const Actor& actor, std::int64_t post_id,
                             const PostEdit& edit);
  Result<std::vector<Revision>> revisions(db::Connection& db, const Actor* actor,
                                          std::int64_t post_id);
  Status delete_post(db::Connection& db, const Actor& actor, std::int64_t post_id);
  Result<std::int64_t> thank(db::Connection& db, const Actor& actor, std::int64_t post_id);
  Result<std::int64_t> unthank(db::Connection& db, const Actor& actor, std::int64_t post_id);
  Result<std::vector<PersonRef>> thankers(db::Connection& db, const Actor* actor,
                                          std::int64_t post_id);

  // Moderators' actions: each writes one moderation log entry per change.
  Result<PostView> hide(db::Connection& db, const Actor& actor, std::int64_t post_id,
                        const std::string& reason);
  Result<PostView> restore(db::Connection& db, const Actor& actor, std::int64_t post_id,
                           const std::string& reason);
  Result<Thread> moderate_thread(db::Connection& db, const Actor& actor, std::int64_t thread_id,
                                 const ThreadChanges& changes);

 private:
  std::string now_text() const;

  const Clock& clock_;
};

enum class RoomKind { thread, category };
// May this viewer receive the live events of the thread's or category's room?
Status authorize_live(db::Connection& db, const std::optional<Actor>& actor, RoomKind kind,
                      std::int64_t id);

// Markdown as stored beside its source: the html and plain text of a body, and who it mentions.
struct RenderedBody {
  std::string html;
  std::string text;
  std::vector<std::string> mentions;
};
Result<RenderedBody> render_body(const std::string& source);

}  // namespace plenary::discussions
