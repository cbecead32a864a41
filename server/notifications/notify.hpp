#pragma once
// Notifications are written in the transaction that caused them and announced live in the
// recipient's room. Nobody is told about what they cannot see, or about their own posts.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "discussions/policy.hpp"

namespace plenary::notifications {

struct NewPost {
  std::int64_t post_id = 0;
  std::int64_t thread_id = 0;
  std::int64_t category_id = 0;
  std::int64_t group_id = 0;
  discussions::Place place;  // the category's: who may read the post
  std::int64_t author_id = 0;
  std::optional<std::int64_t> parent_author_id;  // a reply to someone's post
  std::vector<std::string> mention_handles;      // as found by markdown::render
  bool opens_thread = false;
};

// The people the mentions name, by handle (lower case, without the '@'). A handle two people
// share names nobody in particular, so it is left out (both are still notified).
std::map<std::string, std::int64_t> people_named(db::Tx& tx,
                                                 const std::vector<std::string>& handles);

// Replies, mentions and watchers of the thread or its category.
void on_post_created(db::Tx& tx, const NewPost& post);
// Who on_post_created tells, and why (reply, mention, watched_thread, watched_category), for a
// caller that writes the notifications with the post itself (store.hpp's NOTIFICATIONS_WRITTEN).
struct Addressees {
  std::vector<std::int64_t> person_ids;
  std::vector<std::string> kinds;
};
Addressees addressees_of(db::Tx& tx, const NewPost& post);

struct Direct {
  std::int64_t person_id = 0;
  std::string kind;  // post_hidden, suspended, story_reviewed, offer_received, …
  std::optional<std::int64_t> actor_id;
  std::optional<std::int64_t> thread_id;
  std::optional<std::int64_t> post_id;
  std::string detail;
  std::optional<std::string> link;  // "/offers/12": the page it is about, when not a post
};

// A notification to one person about something done to them (their post hidden, a suspension)
// or for them to do (an offer to volunteer to answer).
void notify(db::Tx& tx, const Direct& notification);

}  // namespace plenary::notifications
