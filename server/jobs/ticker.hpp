#pragma once
// Periodic work that belongs to no request: opening and closing ballots on time, later reminders
// and escalations. Every server process runs the same ticker; the jobs themselves make concurrent
// runs in several processes safe (row locks with SKIP LOCKED), so no process is special.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "db/pool.hpp"

namespace plenary::jobs {

struct PeriodicJob {
  std::string name;  // for the log
  std::function<void(db::Connection&)> run;
};

class Ticker {
 public:
  Ticker(boost::asio::io_context& io, db::Pool& pool, std::chrono::milliseconds interval);
  void add(PeriodicJob job);
  void start();
  void stop();

 private:
  struct Entry {
    PeriodicJob job;
    // A slow run (a big count at a close) is not started again until it ends.
    std::atomic<bool> running{false};
  };
  void schedule();
  void tick();

  boost::asio::steady_timer timer_;
  db::Pool& pool_;
  std::chrono::milliseconds interval_;
  std::vector<std::shared_ptr<Entry>> entries_;
  bool stopped_ = false;
};

}  // namespace plenary::jobs
