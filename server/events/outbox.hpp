#pragma once
// Live events through the database: a service writes an event row in its own transaction and
// announces its id with pg_notify, so nothing is announced that was rolled back, and every server
// process, listening on its own connection, delivers it to its clients.
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

// Events with id > after, oldest first: every room (the listener) or the given rooms (replay).
std::vector<ws::LiveEvent> load_after(db::Connection& connection, std::int64_t after, int limit);
std::vector<ws::LiveEvent> load_in_rooms_after(db::Connection& connection,
                                               const std::vector<std::string>& rooms,
                                               std::int64_t after, int limit);
std::int64_t latest_event_id(db::Connection& connection);

}  // namespace plenary::events
