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
// `audience`: NOTIFICATION_AUDIENCE's value, when the caller read it with what else it needed
// (the parent's author among its named people); read here otherwise.
Addressees addressees_of(db::Tx& tx, const NewPost& post,
                         const std::optional<std::string>& audience = std::nullopt);

// Who may hear of a post, as one JSON text, for a statement that reads it together with what
// else the post needs (a reply's context, discussions/repo.cpp): a scalar sub-select, given the
// SQL of the thread, the category, and a query of people named (the parent's author, those
// mentioned), over a CTE `up(id, parent_id, depth)` of the group's ancestry that the statement
// provides. Its elements: the watchers of the thread or category and the named, each as
// [person id, watches the thread, watches the category, site admin, verified,
// [[depth, role, status], …] (memberships along `up`)].
#define NOTIFICATION_AUDIENCE(thread, category, named)                                  \
  "(SELECT coalesce(json_agg(json_build_array(p.id, w.thread_watch, w.category_watch, " \
  "p.site_admin, p.email_verified_at IS NOT NULL, (SELECT coalesce(json_agg("           \
  "json_build_array(up.depth, m.role, m.status)), '[]') FROM up JOIN memberships m "    \
  "ON m.group_id = up.id AND m.person_id = p.id))), '[]') FROM (SELECT person_id, "     \
  "bool_or(thread_id IS NOT NULL) AS thread_watch, bool_or(category_id IS NOT NULL) "   \
  "AS category_watch FROM (SELECT person_id, thread_id, category_id FROM watches "      \
  "WHERE thread_id = " thread " OR category_id = " category                             \
  " UNION ALL SELECT named.id, "                                                        \
  "NULL::bigint, NULL::bigint FROM (" named                                             \
  ") AS named(id)) AS x GROUP BY person_id) AS w "                                      \
  "JOIN persons p ON p.id = w.person_id)::text"

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
