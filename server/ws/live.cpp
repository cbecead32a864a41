#include "ws/live.hpp"

#include <algorithm>

#include "core/log.hpp"

namespace plenary::ws {
namespace {
constexpr std::size_t max_room_name_length = 128;
}

Live::Live(db::Pool& pool, Metrics& metrics, http::Authenticator authenticate,
           RoomAuthorizer authorize, EventLoader load_events)
    : pool_(pool),
      metrics_(metrics),
      authenticate_(std::move(authenticate)),
      authorize_(std::move(authorize)),
      load_events_(std::move(load_events)) {}

std::string Live::serialise(const LiveEvent& event) {
  // data_json is already JSON text written by the server; splice it in without re-parsing.
  nlohmann::json head = {
      {"type", "event"}, {"id", event.id}, {"room", event.room}, {"kind", event.kind}};
  std::string text = head.dump();
  text.pop_back();
  text += ",\"data\":";
  text += event.data_json.empty() ? "{}" : event.data_json;
  text += "}";
  return text;
}

void Live::send_json(const std::shared_ptr<LiveConnection>& connection,
                     const nlohmann::json& message) {
  connection->send(std::make_shared<const std::string>(message.dump()));
}

void Live::on_open(const std::shared_ptr<LiveConnection>& connection,
                   const http::Request& upgrade) {
  {
    std::lock_guard lock(mutex_);
    connections_[connection->connection_id()] = {};
  }
  auto request = std::make_shared<http::Request>(upgrade);
  std::weak_ptr<LiveConnection> weak = connection;
  bool queued = pool_.try_submit([this, request, weak](db::Connection& database) {
    auto connection = weak.lock();
    if (!connection)
      return;
    std::optional<Actor> actor;
    try {
      actor = authenticate_(database, *request);
    } catch (const std::exception& e) {
      log::warn("live authentication failed", {{"error", e.what()}});
      connection->close();
      return;
    }
    std::vector<std::string> early;
    {
      std::lock_guard lock(mutex_);
      auto found = connections_.find(connection->connection_id());
      if (found == connections_.end())
        return;
      found->second.actor = actor;
      found->second.authenticated = true;
      early = std::move(found->second.early_messages);
    }
    send_json(connection, {{"type", "hello"},
                           {"person_id", actor ? nlohmann::json(actor->person_id) : nullptr}});
    for (auto& message : early)
      on_message(connection, std::move(message));
  });
  if (!queued)
    connection->close();
}

void Live::on_close(std::uint64_t connection_id) {
  std::set<std::string> rooms;
  {
    std::lock_guard lock(mutex_);
    auto found = connections_.find(connection_id);
    if (found == connections_.end())
      return;
    rooms = std::move(found->second.rooms);
    connections_.erase(found);
  }
  for (const auto& room : rooms)
    hub_.leave(room, connection_id);
}

void Live::on_message(const std::shared_ptr<LiveConnection>& connection, std::string text) {
  {
    std::lock_guard lock(mutex_);
    auto found = connections_.find(connection->connection_id());
    if (found == connections_.end())
      return;
    if (!found->second.authenticated) {
      if (found->second.early_messages.size() >= max_early_messages) {
        connection->close();
        return;
      }
      found->second.early_messages.push_back(std::move(text));
      return;
    }
  }
  auto message = nlohmann::json::parse(text, nullptr, false);
  if (message.is_discarded() || !message.is_object() || !message.contains("type") ||
      !message["type"].is_string()) {
    send_json(connection,
              {{"type", "error"}, {"detail", "Messages must be JSON objects with a type."}});
    return;
  }
  const auto type = message["type"].get<std::string>();
  if (type == "ping") {
    send_json(connection, {{"type", "pong"}});
    return;
  }
  if (type != "subscribe" && type != "unsubscribe") {
    send_json(connection, {{"type", "error"}, {"detail", "Unknown message type '" + type + "'."}});
    return;
  }
  std::vector<std::string> rooms;
  if (!message.contains("rooms") || !message["rooms"].is_array()) {
    send_json(connection, {{"type", "error"}, {"detail", "'rooms' must be a list of room names."}});
    return;
  }
  for (const auto& room : message["rooms"]) {
    if (!room.is_string() || room.get_ref<const std::string&>().empty() ||
        room.get_ref<const std::string&>().size() > max_room_name_length) {
      send_json(connection, {{"type", "error"}, {"detail", "Room names must be short text."}});
      return;
    }
    rooms.push_back(room.get<std::string>());
  }
  if (type == "unsubscribe") {
    {
      std::lock_guard lock(mutex_);
      auto found = connections_.find(connection->connection_id());
      if (found == connections_.end())
        return;
      for (const auto& room : rooms)
        found->second.rooms.erase(room);
    }
    for (const auto& room : rooms)
      hub_.leave(room, connection->connection_id());
    send_json(connection, {{"type", "unsubscribed"}, {"rooms", rooms}});
    return;
  }
  std::optional<std::int64_t> since;
  if (message.contains("since") && message["since"].is_number_integer()) {
    since = message["since"].get<std::int64_t>();
  }
  subscribe(connection, std::move(rooms), since);
}

void Live::subscribe(const std::shared_ptr<LiveConnection>& connection,
                     std::vector<std::string> rooms, std::optional<std::int64_t> since) {
  std::optional<Actor> actor;
  {
    std::lock_guard lock(mutex_);
    auto found = connections_.find(connection->connection_id());
    if (found == connections_.end())
      return;
    if (found->second.rooms.size() + rooms.size() > max_rooms_per_connection) {
      send_json(connection, {{"type", "error"},
                             {"detail", "Too many rooms on one connection (at most " +
                                            std::to_string(max_rooms_per_connection) + ")."}});
      return;
    }
    actor = found->second.actor;
  }
  std::weak_ptr<LiveConnection> weak = connection;
  bool queued = pool_.try_submit([this, weak, rooms = std::move(rooms), since,
                                  actor](db::Connection& database) {
    auto connection = weak.lock();
    if (!connection)
      return;
    std::vector<std::string> allowed;
    nlohmann::json denied = nlohmann::json::array();
    try {
      for (const auto& room : rooms) {
        auto verdict = authorize_(database, actor, room);
        if (verdict) {
          allowed.push_back(room);
        } else {
          denied.push_back({{"room", room}, {"reason", verdict.error().detail}});
        }
      }
      // Join before replaying, so nothing falls between the replay and the live stream; live
      // events that arrive meanwhile are held and sent after the replay, without duplicates.
      const bool replay = since && !allowed.empty();
      {
        std::lock_guard lock(mutex_);
        auto found = connections_.find(connection->connection_id());
        if (found == connections_.end())
          return;
        for (const auto& room : allowed)
          found->second.rooms.insert(room);
        if (replay)
          ++found->second.replays_running;
      }
      for (const auto& room : allowed)
        hub_.join(room, connection);
      send_json(connection, {{"type", "subscribed"}, {"rooms", allowed}, {"denied", denied}});
      if (replay) {
        std::int64_t last_replayed = *since;
        try {
          auto missed = load_events_(database, allowed, *since, max_replay_events);
          for (const auto& event : missed) {
            connection->send(std::make_shared<const std::string>(serialise(event)));
            last_replayed = std::max(last_replayed, event.id);
          }
          if (static_cast<int>(missed.size()) == max_replay_events) {
            send_json(connection,
                      {{"type", "resync"}, {"detail", "Too much was missed; reload to catch up."}});
          }
        } catch (...) {
          release_held(connection, last_replayed);
          throw;
        }
        release_held(connection, last_replayed);
      }
    } catch (const std::exception& e) {
      log::warn("live subscribe failed", {{"error", e.what()}});
      send_json(connection, {{"type", "error"}, {"detail", "Could not subscribe just now."}});
    }
  });
  if (!queued) {
    send_json(connection, {{"type", "error"}, {"detail", "The server is busy; try again."}});
  }
}

void Live::release_held(const std::shared_ptr<LiveConnection>& connection,
                        std::int64_t last_replayed) {
  std::lock_guard lock(mutex_);
  auto found = connections_.find(connection->connection_id());
  if (found == connections_.end())
    return;
  auto& state = found->second;
  if (--state.replays_running > 0)
    return;
  std::sort(state.held.begin(), state.held.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  // Sent under the lock (send only queues), so a newer event cannot overtake the held ones.
  for (auto& [id, message] : state.held) {
    if (id > last_replayed)
      connection->send(std::move(message));
  }
  state.held.clear();
}

void Live::publish(const LiveEvent& event) {
  ++metrics_.events_published;
  auto message = std::make_shared<const std::string>(serialise(event));
  std::int64_t delivered = 0;
  for (const auto& connection : hub_.members(event.room)) {
    {
      std::lock_guard lock(mutex_);
      auto found = connections_.find(connection->connection_id());
      if (found == connections_.end())
        continue;
      if (found->second.replays_running > 0) {
        if (found->second.held.size() < max_held_events) {
          found->second.held.emplace_back(event.id, message);
        } else {
          connection->close();  // fell too far behind during its replay
        }
        continue;
      }
      connection->send(message);
    }
    ++delivered;
  }
  metrics_.events_delivered += delivered;
  if (event.kind == access_changed)
    recheck_access(event.room);
}

void Live::recheck_access(const std::string& room) {
  std::vector<std::string> rooms = {room};
  if (room.starts_with("category:")) {
    for (auto& thread_room : hub_.rooms_starting_with("thread:"))
      rooms.push_back(std::move(thread_room));
  }
  struct Subscription {
    std::weak_ptr<LiveConnection> connection;
    std::optional<Actor> actor;
    std::string room;
  };
  std::vector<Subscription> subscriptions;
  for (const auto& name : rooms) {
    for (const auto& connection : hub_.members(name)) {
      std::lock_guard lock(mutex_);
      auto found = connections_.find(connection->connection_id());
      if (found != connections_.end())
        subscriptions.push_back({connection, found->second.actor, name});
    }
  }
  if (subscriptions.empty())
    return;
  const auto affected = subscriptions;
  const bool queued = pool_.try_submit([this, subscriptions = std::move(subscriptions)](
                                           db::Connection& database) {
    for (const auto& subscription : subscriptions) {
      auto connection = subscription.connection.lock();
      if (!connection)
        continue;
      Status verdict = ok();
      try {
        verdict = authorize_(database, subscription.actor, subscription.room);
      } catch (const std::exception&) {
        // Unsure whether they may still follow it: better to stop than to leak.
        verdict = Error{ErrorKind::unavailable, "The server could not check your access just now."};
      }
      if (verdict)
        continue;
      hub_.leave(subscription.room, connection->connection_id());
      {
        std::lock_guard lock(mutex_);
        if (auto found = connections_.find(connection->connection_id());
            found != connections_.end()) {
          found->second.rooms.erase(subscription.room);
        }
      }
      send_json(
          connection,
          {{"type", "revoked"}, {"room", subscription.room}, {"reason", verdict.error().detail}});
    }
  });
  if (!queued) {
    // No worker free to ask: close the affected connections; their clients reconnect and are
    // authorised afresh.
    for (const auto& subscription : affected) {
      if (auto connection = subscription.connection.lock())
        connection->close();
    }
  }
}

}  // namespace plenary::ws
