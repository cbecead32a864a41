#include "jobs/ticker.hpp"

#include "core/log.hpp"

namespace plenary::jobs {

Ticker::Ticker(boost::asio::io_context& io, db::Pool& pool, std::chrono::milliseconds interval)
    : timer_(io), pool_(pool), interval_(interval) {}

void Ticker::add(PeriodicJob job) {
  auto entry = std::make_shared<Entry>();
  entry->job = std::move(job);
  entries_.push_back(std::move(entry));
}

void Ticker::start() {
  schedule();
}

void Ticker::stop() {
  stopped_ = true;
  timer_.cancel();
}

void Ticker::schedule() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_)
      return;
    tick();
    schedule();
  });
}

void Ticker::tick() {
  for (const auto& entry : entries_) {
    if (entry->running.exchange(true))
      continue;
    const bool queued = pool_.try_submit([entry](db::Connection& connection) {
      try {
        entry->job.run(connection);
      } catch (const db::Unavailable&) {
        // The database is away; the next tick tries again.
      } catch (const std::exception& e) {
        log::error("periodic job failed", {{"job", entry->job.name}, {"error", e.what()}});
      }
      entry->running = false;
    });
    if (!queued)
      entry->running = false;  // the pool is full of requests: they come first
  }
}

}  // namespace plenary::jobs
