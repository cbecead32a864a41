#pragma once
// Live events through the database: a service writes an event row in its own transaction; once
// that transaction has committed, the process announces it (events/notifier: a NOTIFY on a
// connection of its own), and every server process, listening on its own connection, reads the
// new rows and delivers them to its clients. Nothing rolled back is ever read, as the rows are.
//
// Why not pg_notify inside the writing transaction: PostgreSQL queues notifications in commit
// order by taking a database-wide lock at commit and holding it through the WAL flush, so every
// transaction that notifies commits alone — no group commit. Measured here with fsync on and 8
// clients: 449 commits/s with pg_notify inside, 1,991/s without (tests/bench/README.md).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "ws/live.hpp"

namespace plenary::events {

inline constexpr const char* notify_channel = "plenary_events";

void publish(db::Tx& tx, std::string_view room, std::string_view kind, const nlohmann::json& data);
// For a statement that inserts its events into `events` itself, in the same round trip as the
// rows they announce (a reply, its notifications): marks them published like publish does.
void mark_published();
// Whether this thread published since it last asked (and forget it): the pool's after-job hook
// asks, and announces when so. A rolled-back publish makes a needless announcement, no more.
bool take_unannounced();

// Events with id > after, oldest first: every room (the listener) or the given rooms (replay).
std::vector<ws::LiveEvent> load_after(db::Connection& connection, std::int64_t after, int limit);
std::vector<ws::LiveEvent> load_in_rooms_after(db::Connection& connection,
                                               const std::vector<std::string>& rooms,
                                               std::int64_t after, int limit);
std::int64_t latest_event_id(db::Connection& connection);

}  // namespace plenary::events
