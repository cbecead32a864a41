#include "ws/hub.hpp"

namespace plenary::ws {

void Hub::join(const std::string& room, const std::shared_ptr<LiveConnection>& connection) {
  std::lock_guard lock(mutex_);
  rooms_[room][connection->connection_id()] = connection;
}

void Hub::leave(const std::string& room, std::uint64_t connection_id) {
  std::lock_guard lock(mutex_);
  auto found = rooms_.find(room);
  if (found == rooms_.end())
    return;
  found->second.erase(connection_id);
  if (found->second.empty())
    rooms_.erase(found);
}

std::vector<std::shared_ptr<LiveConnection>> Hub::members(const std::string& room) const {
  std::vector<std::shared_ptr<LiveConnection>> connections;
  std::lock_guard lock(mutex_);
  auto found = rooms_.find(room);
  if (found == rooms_.end())
    return connections;
  connections.reserve(found->second.size());
  for (const auto& [id, weak] : found->second) {
    if (auto connection = weak.lock())
      connections.push_back(std::move(connection));
  }
  return connections;
}

std::vector<std::string> Hub::rooms_starting_with(std::string_view prefix) const {
  std::vector<std::string> names;
  std::lock_guard lock(mutex_);
  for (const auto& [room, members] : rooms_) {
    if (room.starts_with(prefix))
      names.push_back(room);
  }
  return names;
}

std::size_t Hub::room_count() const {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

}  // namespace plenary::ws
