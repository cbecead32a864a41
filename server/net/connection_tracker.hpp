#pragma once
// Every open connection, so that a graceful shutdown can reach them all.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace plenary::net {

class Closable {
 public:
  virtual ~Closable() = default;
  // Called on shutdown: finish what is in flight, then close.
  virtual void begin_shutdown() = 0;
};

class ConnectionTracker {
 public:
  std::uint64_t add(std::weak_ptr<Closable> connection) {
    std::lock_guard lock(mutex_);
    auto id = ++next_id_;
    connections_.emplace(id, std::move(connection));
    return id;
  }
  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
  }
  bool shutting_down() const { return shutting_down_.load(); }
  void shutdown_all() {
    shutting_down_ = true;
    std::vector<std::shared_ptr<Closable>> open;
    {
      std::lock_guard lock(mutex_);
      for (auto& [id, weak] : connections_) {
        if (auto connection = weak.lock())
          open.push_back(std::move(connection));
      }
    }
    for (auto& connection : open)
      connection->begin_shutdown();
  }

 private:
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<Closable>> connections_;
  std::atomic<bool> shutting_down_{false};
};

}  // namespace plenary::net
