#pragma once
// What the rest of the server uses from the discussions module.
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "discussions/policy.hpp"
#include "http/router.hpp"

namespace plenary::discussions {

class PageCache;

void register_routes(http::Router& router, const Clock& clock);
// With signed-out thread pages served from `thread_pages` (may be null), which the caller keeps
// and also tells of every live event (PageCache::forget_for).
void register_routes(http::Router& router, const Clock& clock, PageCache* thread_pages);

// Rooms "thread:<id>" and "category:<id>": the viewer must be able to read the place.
Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room);

// For modules whose things have a debate thread (proposals, stories). Both run inside the
// caller's transaction and check no policy: the caller has decided the person may.
// A thread with its opening post, announced like any other; returns the thread's id.
Result<std::int64_t> open_thread_in(db::Tx& tx, std::int64_t author_id, std::int64_t category_id,
                                    const std::string& title, const std::string& body_markdown,
                                    TimePoint now);
// The group's category of that name (case-insensitive), made with that visibility if missing.
Result<std::int64_t> find_or_create_category_in(db::Tx& tx, std::int64_t group_id,
                                                const std::string& name, Visibility visibility);

}  // namespace plenary::discussions
