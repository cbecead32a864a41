#pragma once
// Who may see, write and moderate what in a group's discussions: the one place these rules live.
// Pure. Visibility decides every list, page, search result, notification and live event.
#include <optional>
#include <string>

#include "groups/policy.hpp"

namespace plenary::discussions {

enum class Visibility { public_, supporters, members, officers };

std::optional<Visibility> parse_visibility(std::string_view text);
std::string_view visibility_name(Visibility visibility);
// In words, for the page: "Anyone, signed in or not", …
std::string_view visibility_description(Visibility visibility);

struct Place {
  std::string group_name;
  bool group_archived = false;
  Visibility visibility = Visibility::members;
};

struct ThreadState {
  bool locked = false;
  bool archived = false;
};

using groups::Decision;
using groups::Viewer;

Decision can_view(const Viewer& viewer, const Place& place);
// Starting a thread or replying. Suspensions, slow mode and rate limits are checked by the
// moderation guard, which needs the database and the clock.
Decision can_post(const Viewer& viewer, const Place& place, const ThreadState& thread);
Decision can_moderate(const Viewer& viewer, const Place& place);
Decision can_manage_categories(const Viewer& viewer, const Place& place);
// Reading the moderation log and flagging: anyone who can see the place and is signed in.
Decision can_flag(const Viewer& viewer, const Place& place);
Decision can_read_moderation_log(const Viewer& viewer, const Place& place);

// ---- Posts ----------------------------------------------------------------------------------
// What the rules need to know about one post, as seen by this viewer.
struct PostFacts {
  bool own = false;  // the viewer wrote it
  bool deleted = false;
  bool hidden = false;
};

// The author edits their own post while the thread is open; moderators edit anyone's (with a
// note the service asks for) and may still edit in locked or archived threads.
Decision can_edit_post(const Viewer& viewer, const Place& place, const ThreadState& thread,
                       const PostFacts& post);
// Only the author, into a tombstone. A hidden post stays as the moderators left it.
Decision can_delete_post(const Viewer& viewer, const Place& place, const ThreadState& thread,
                         const PostFacts& post);
// Anyone signed in who can read it, once, and not their own post (code own_post).
Decision can_thank(const Viewer& viewer, const Place& place, const PostFacts& post);
Decision can_reply_to(const Viewer& viewer, const Place& place, const ThreadState& thread,
                      const PostFacts& post);
Decision can_flag_post(const Viewer& viewer, const Place& place, const PostFacts& post);
Decision can_hide(const Viewer& viewer, const Place& place, const PostFacts& post);
Decision can_restore(const Viewer& viewer, const Place& place, const PostFacts& post);
// Moderators read a hidden post's body and the history of hidden or deleted posts.
bool sees_hidden_content(const Viewer& viewer, const Place& place);

// What the page may offer for a post, a thread and a category: the same functions as above.
struct PostCan {
  bool edit = false;
  bool delete_ = false;
  bool thank = false;
  bool flag = false;
  bool hide = false;
  bool restore = false;
  bool reply = false;
};
PostCan post_flags(const Viewer& viewer, const Place& place, const ThreadState& thread,
                   const PostFacts& post);

struct ThreadCan {
  bool reply = false;
  bool moderate = false;
  bool watch = false;
};
ThreadCan thread_flags(const Viewer& viewer, const Place& place, const ThreadState& thread);

struct CategoryCan {
  bool create_thread = false;
  bool moderate = false;
  bool manage = false;
  bool watch = false;
};
CategoryCan category_flags(const Viewer& viewer, const Place& place);

// Following a thread or category (watching, live rooms): signed in and able to read it.
Decision can_watch(const Viewer& viewer, const Place& place);

// A member of the group who is no moderator and did not write the post: how live events shape
// posts, since everyone in the room receives the same message.
Viewer plain_member();

}  // namespace plenary::discussions
