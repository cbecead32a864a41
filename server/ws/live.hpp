#pragma once
// The live protocol over one WebSocket per browser tab. Transport-neutral: a WebSocket session
// implements LiveConnection; rooms are authorised and events loaded by functions the domain
// provides, so this file knows nothing of groups or threads.
//
// Client → server (JSON text frames):
//   {"type":"subscribe","rooms":["person:7","group:3"],"since":120}
//   {"type":"unsubscribe","rooms":["group:3"]}
//   {"type":"ping"}
// Server → client:
//   {"type":"hello","person_id":7|null}
//   {"type":"subscribed","rooms":[...],"denied":[{"room":..,"reason":..}]}
//   {"type":"event","id":121,"room":"group:3","kind":"member.added","data":{...}}
//   {"type":"pong"}  {"type":"error","detail":...}
//   {"type":"revoked","room":"thread:9","reason":...}  the viewer may no longer follow the room
//
// Rooms are authorised when subscribed to, and again whenever an event of kind "access.changed"
// arrives in a room (a thread moved, a category's visibility changed): every subscriber of that
// room, and, for a room "category:…", of every "thread:…" room followed in this process, is
// asked again, and those who may no longer follow it are taken out and told.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "db/pool.hpp"
#include "http/app.hpp"
#include "ws/hub.hpp"

namespace plenary::ws {

struct LiveEvent {
  std::int64_t id = 0;
  std::string room;
  std::string kind;
  std::string data_json;
};

// May this viewer (signed in or not) receive the events of this room?
using RoomAuthorizer =
    std::function<Status(db::Connection&, const std::optional<Actor>&, const std::string& room)>;
// Events after `since` in these rooms, oldest first, at most `limit`.
using EventLoader = std::function<std::vector<LiveEvent>(
    db::Connection&, const std::vector<std::string>& rooms, std::int64_t since, int limit)>;

class Live {
 public:
  static constexpr std::size_t max_rooms_per_connection = 64;
  static constexpr int max_replay_events = 500;
  static constexpr std::size_t max_early_messages = 8;
  static constexpr std::size_t max_held_events = 1000;

  Live(db::Pool& pool, Metrics& metrics, http::Authenticator authenticate, RoomAuthorizer authorize,
       EventLoader load_events);

  void on_open(const std::shared_ptr<LiveConnection>& connection, const http::Request& upgrade);
  void on_message(const std::shared_ptr<LiveConnection>& connection, std::string text);
  void on_close(std::uint64_t connection_id);
  // Called for each new event read from the database (from any process).
  void publish(const LiveEvent& event);

  static std::string serialise(const LiveEvent& event);
  static constexpr std::string_view access_changed = "access.changed";

 private:
  struct ConnectionState {
    std::optional<Actor> actor;
    bool authenticated = false;
    std::set<std::string> rooms;
    // Messages that arrived before authentication finished, handled right after it.
    std::vector<std::string> early_messages;
    // While missed events are replayed, live ones are held back, so the client sees ids in order.
    int replays_running = 0;
    std::vector<std::pair<std::int64_t, std::shared_ptr<const std::string>>> held;
  };
  void subscribe(const std::shared_ptr<LiveConnection>& connection, std::vector<std::string> rooms,
                 std::optional<std::int64_t> since);
  void recheck_access(const std::string& room);
  void release_held(const std::shared_ptr<LiveConnection>& connection, std::int64_t last_replayed);
  void send_json(const std::shared_ptr<LiveConnection>& connection, const nlohmann::json& message);

  db::Pool& pool_;
  Metrics& metrics_;
  http::Authenticator authenticate_;
  RoomAuthorizer authorize_;
  EventLoader load_events_;
  Hub hub_;
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, ConnectionState> connections_;
};

}  // namespace plenary::ws
