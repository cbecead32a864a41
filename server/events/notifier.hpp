#pragma once
// Announces committed events to every server process: one NOTIFY on a connection of its own, sent
// by its own thread after the transactions that wrote the events have committed (see outbox.hpp
// for why the NOTIFY is not part of those transactions). Announcements coalesce: however many
// arrive while one NOTIFY is on its way make one more, since a listener reads every row after the
// last it delivered, whatever the payload says.
//
// Header-only so that it needs no build-file change; the listener owns it.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "core/log.hpp"
#include "db/database.hpp"

namespace plenary::events {

class Notifier {
 public:
  // While the database is away, an announcement is retried this often until it goes through:
  // a listener in another process that kept its connection would otherwise wait for the next.
  static constexpr std::chrono::milliseconds retry_interval{250};
  // How long an announcement waits for others to join it: under a burst of writes one NOTIFY
  // (and one read by each listener) stands for all that committed meanwhile, instead of one each;
  // live updates arrive that much later.
  static constexpr std::chrono::milliseconds coalesce_window{3};

  Notifier(std::string database_url, std::string channel)
      : connection_(std::move(database_url)), channel_(std::move(channel)) {}
  ~Notifier() { stop(); }
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable() || stopping_)
      return;
    thread_ = std::thread([this] { run(); });
  }

  // Thread-safe and never blocks on the database.
  void announce() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_)
        return;
      pending_ = true;
    }
    wake_.notify_one();
  }

  // Sends what is pending (once, if the database answers), then ends the thread.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable())
      thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return pending_ || stopping_; });
      if (!pending_)
        return;
      wake_.wait_for(lock, coalesce_window, [this] { return stopping_; });
      pending_ = false;
      const bool last = stopping_;
      lock.unlock();
      const bool sent = send();
      lock.lock();
      if (last)
        return;
      if (!sent) {
        pending_ = true;
        wake_.wait_for(lock, retry_interval, [this] { return stopping_; });
      }
    }
  }

  bool send() {
    try {
      auto& connection = connection_.get();
      pqxx::nontransaction notify(connection);
      notify.exec0("NOTIFY " + connection.quote_name(channel_));
      return true;
    } catch (const std::exception& e) {
      log::debug("event announcement failed; retrying", {{"error", e.what()}});
      connection_.reset();
      return false;
    }
  }

  db::Connection connection_;  // used by the notifier's thread only
  const std::string channel_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace plenary::events
