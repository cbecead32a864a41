#pragma once
// Each server process keeps one connection that only LISTENs. Its socket is watched by Asio; a
// notification makes the process read the new event rows (through the pool) and hand them to the
// live hub. When the connection breaks it is rebuilt, and whatever was missed is read then.
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

  // Starts listening; events already in the table are not replayed.
  void start(std::int64_t delivered_up_to);
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace plenary::events
