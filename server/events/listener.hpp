#pragma once
// Each server process keeps one connection that only LISTENs. Its socket is watched by Asio; a
// notification makes the process read the new event rows (through the pool) and hand them to the
// live hub. When the connection breaks it is rebuilt, and whatever was missed is read then; a
// slow poll catches an announcement that never came.
//
// The listener also owns the process's announcing side (notifier.hpp): started with it, it hooks
// the pool so that a job that published events announces them once its commit is done.
#include <functional>
#include <memory>
#include <string>

#include "db/pool.hpp"
#include "ws/live.hpp"

namespace boost::asio {
class io_context;
}

namespace plenary::events {

class Listener {
 public:
  using Deliver = std::function<void(const ws::LiveEvent&)>;

  Listener(boost::asio::io_context& io, std::string database_url, db::Pool& pool, Deliver deliver);
  ~Listener();

  // Starts listening (and announcing); events already in the table are not replayed.
  void start(std::int64_t delivered_up_to);
  // Stops listening. Announcing goes on until the listener is destroyed, so that requests still
  // finishing during a shutdown reach the other processes.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace plenary::events
