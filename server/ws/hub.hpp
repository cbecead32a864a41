#pragma once
// Rooms → the connections subscribed to them in this process. A message is serialised once and
// shared by every recipient.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace plenary::ws {

class LiveConnection {
 public:
  virtual ~LiveConnection() = default;
  // Thread-safe; never blocks. A connection whose queue is full closes itself.
  virtual void send(std::shared_ptr<const std::string> message) = 0;
  virtual void close() = 0;
  virtual std::uint64_t connection_id() const = 0;
};

class Hub {
 public:
  void join(const std::string& room, const std::shared_ptr<LiveConnection>& connection);
  void leave(const std::string& room, std::uint64_t connection_id);
  // The connections in a room now.
  std::vector<std::shared_ptr<LiveConnection>> members(const std::string& room) const;
  std::size_t room_count() const;
  // The rooms with someone in them whose names start with `prefix`.
  std::vector<std::string> rooms_starting_with(std::string_view prefix) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::unordered_map<std::uint64_t, std::weak_ptr<LiveConnection>>>
      rooms_;
};

}  // namespace plenary::ws
