#include "events/outbox.hpp"

#include <utility>

#include "db/arrays.hpp"

namespace plenary::events {
namespace {

const db::Statement insert_event{
    "events.insert", "INSERT INTO events (room, kind, payload) VALUES ($1, $2, $3::jsonb)"};

// Set by publish on the thread whose transaction wrote an event; the database pool's worker
// takes it once the job (and so its commit) is done. A thread-local, because the transaction's
// thread is the only thing that links a publish to the commit that makes it visible.
thread_local bool unannounced_on_this_thread = false;

const db::Statement select_after{
    "events.select_after",
    "SELECT id, room, kind, payload::text FROM events WHERE id > $1 ORDER BY id LIMIT $2"};

const db::Statement select_in_rooms_after{
    "events.select_in_rooms_after",
    "SELECT id, room, kind, payload::text FROM events "
    "WHERE id > $1 AND room = ANY($2::text[]) ORDER BY id LIMIT $3"};

const db::Statement select_latest{"events.select_latest",
                                  "SELECT coalesce(max(id), 0) FROM events"};

std::vector<ws::LiveEvent> to_events(const pqxx::result& rows) {
  std::vector<ws::LiveEvent> events;
  events.reserve(rows.size());
  for (const auto& row : rows) {
    events.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      row[3].as<std::string>()});
  }
  return events;
}

}  // namespace

void publish(db::Tx& tx, std::string_view room, std::string_view kind, const nlohmann::json& data) {
  tx.exec(insert_event, std::string(room), std::string(kind), data.dump());
  unannounced_on_this_thread = true;
}

void mark_published() {
  unannounced_on_this_thread = true;
}

bool take_unannounced() {
  return std::exchange(unannounced_on_this_thread, false);
}

std::vector<ws::LiveEvent> load_after(db::Connection& connection, std::int64_t after, int limit) {
  return db::transact(connection,
                      [&](db::Tx& tx) { return to_events(tx.exec(select_after, after, limit)); });
}

std::vector<ws::LiveEvent> load_in_rooms_after(db::Connection& connection,
                                               const std::vector<std::string>& rooms,
                                               std::int64_t after, int limit) {
  return db::transact(connection, [&](db::Tx& tx) {
    return to_events(tx.exec(select_in_rooms_after, after, db::array_literal(rooms), limit));
  });
}

std::int64_t latest_event_id(db::Connection& connection) {
  return db::transact(connection,
                      [&](db::Tx& tx) { return tx.exec(select_latest)[0][0].as<std::int64_t>(); });
}

}  // namespace plenary::events
