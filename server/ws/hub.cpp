#include "ws/hub.hpp"

#include <vector>

namespace plenary::ws {

void Hub::join(const std::string& room, const std::shared_ptr<LiveConnection>& connection) {
  std::lock_guard lock(mutex_);
  rooms_[room][connection->connection_id()] = connection;
}

void Hub::leave(const std::string& room, std::uint64_t connection_id) {
  std::lock_guard lock(mutex_);
  auto found = rooms_.find(room);
  if (found == rooms_.end()) return;
  found->second.erase(connection_id);
  if (found->second.empty()) rooms_.erase(found);
}

std::size_t Hub::broadcast(const std::string& room,
                           const std::shared_ptr<const std::string>& message) {
  std::vector<std::shared_ptr<LiveConnection>> recipients;
  {
    std::lock_guard lock(mutex_);
    auto found = rooms_.find(room);
    if (found == rooms_.end()) return 0;
    recipients.reserve(found->second.size());
    for (auto& [id, weak] : found->second) {
      if (auto connection = weak.lock()) recipients.push_back(std::move(connection));
    }
  }
  // Sending outside the lock: send() only queues, but a slow path must not hold up the hub.
  for (auto& connection : recipients) connection->send(message);
  return recipients.size();
}

std::size_t Hub::room_count() const {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

}  // namespace plenary::ws
