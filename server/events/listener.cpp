#include "events/listener.hpp"

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <mutex>

#include "core/log.hpp"
#include "events/notifier.hpp"
#include "events/outbox.hpp"
#include "events/sequencer.hpp"

namespace plenary::events {
namespace asio = boost::asio;

namespace {
class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& connection, std::function<void()> on_notify)
      : pqxx::notification_receiver(connection, notify_channel), on_notify_(std::move(on_notify)) {}
  void operator()(const std::string&, int) override { on_notify_(); }

 private:
  std::function<void()> on_notify_;
};
constexpr int fetch_batch = 1000;
// Reads new rows this often even without a notification: an announcement can be lost (a process
// killed between its commit and its NOTIFY), and this bounds how late such an event is delivered.
constexpr std::chrono::seconds poll_interval{5};
// A failed read (the database restarting) is tried again after this long.
constexpr std::chrono::milliseconds fetch_retry{500};
}  // namespace

struct Listener::Impl : std::enable_shared_from_this<Listener::Impl> {
  Impl(asio::io_context& io, std::string url, db::Pool& pool, Deliver deliver)
      : strand(asio::make_strand(io)),
        url(std::move(url)),
        pool(pool),
        deliver(std::move(deliver)),
        descriptor(strand),
        retry_timer(strand),
        gap_timer(strand),
        poll_timer(strand),
        sequencer(0),
        notifier(std::make_shared<Notifier>(this->url, notify_channel)) {}

  void schedule_poll() {
    poll_timer.expires_after(poll_interval);
    poll_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->stopped)
        return;
      self->fetch();
      self->schedule_poll();
    });
  }

  void connect() {
    if (stopped)
      return;
    try {
      receiver.reset();
      connection = std::make_unique<pqxx::connection>(url);
      receiver = std::make_unique<Receiver>(*connection, [this] { notified = true; });
      // The receiver's LISTEN runs when the connection is first used.
      connection->get_notifs();
      error_code_close();
      descriptor.assign(::dup(connection->sock()));
      log::info("listening for events");
      arm();
      fetch();  // whatever happened while we were not listening
    } catch (const std::exception& e) {
      log::warn("event listener cannot connect; retrying", {{"error", e.what()}});
      schedule_reconnect();
    }
  }

  void error_code_close() {
    boost::system::error_code ignored;
    if (descriptor.is_open())
      descriptor.close(ignored);
  }

  void schedule_reconnect() {
    if (stopped)
      return;
    error_code_close();
    retry_timer.expires_after(std::chrono::seconds(1));
    retry_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec)
        self->connect();
    });
  }

  void arm() {
    descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                          [self = shared_from_this()](boost::system::error_code ec) {
                            if (ec || self->stopped)
                              return;
                            self->on_readable();
                          });
  }

  void on_readable() {
    try {
      notified = false;
      connection->get_notifs();
      if (!connection->is_open())
        throw pqxx::broken_connection("listener connection closed");
      if (notified)
        fetch();
      arm();
    } catch (const std::exception& e) {
      log::warn("event listener lost its connection", {{"error", e.what()}});
      schedule_reconnect();
    }
  }

  // Reads new rows through the pool; one fetch at a time, with one more queued if needed.
  void fetch() {
    {
      std::lock_guard lock(mutex);
      if (fetch_running) {
        fetch_again = true;
        return;
      }
      fetch_running = true;
    }
    auto self = shared_from_this();
    bool queued = pool.try_submit([self](db::Connection& database) { self->fetch_loop(database); });
    if (!queued) {
      std::lock_guard lock(mutex);
      fetch_running = false;
      schedule_gap_check();  // try again shortly
    }
  }

  void fetch_loop(db::Connection& database) {
    for (;;) {
      {
        std::lock_guard lock(mutex);
        fetch_again = false;
      }
      bool more = false;
      bool failed = false;
      try {
        std::vector<ws::LiveEvent> rows;
        std::int64_t after;
        {
          std::lock_guard lock(mutex);
          after = sequencer.fetch_after();
        }
        rows = load_after(database, after, fetch_batch);
        std::vector<std::int64_t> ids;
        ids.reserve(rows.size());
        for (const auto& row : rows)
          ids.push_back(row.id);
        std::vector<std::int64_t> fresh;
        {
          std::lock_guard lock(mutex);
          fresh = sequencer.accept(ids, Sequencer::Clock::now());
        }
        std::size_t next = 0;
        for (const auto& row : rows) {
          if (next < fresh.size() && fresh[next] == row.id) {
            deliver(row);
            ++next;
          }
        }
        more = static_cast<int>(rows.size()) == fetch_batch;
      } catch (const std::exception& e) {
        log::warn("reading events failed", {{"error", e.what()}});
        database.reset();
        failed = true;
      }
      std::lock_guard lock(mutex);
      if (failed || (!more && !fetch_again)) {
        fetch_running = false;
        if (failed || sequencer.has_gaps())
          schedule_gap_check();
        return;
      }
    }
  }

  void schedule_gap_check() {
    asio::post(strand, [self = shared_from_this()] {
      if (self->stopped || self->gap_timer_armed)
        return;
      self->gap_timer_armed = true;
      self->gap_timer.expires_after(fetch_retry);
      self->gap_timer.async_wait([self](boost::system::error_code ec) {
        self->gap_timer_armed = false;
        if (!ec && !self->stopped)
          self->fetch();
      });
    });
  }

  // Everything that touches the listening connection runs on this strand.
  asio::strand<asio::io_context::executor_type> strand;
  std::string url;
  db::Pool& pool;
  Deliver deliver;
  asio::posix::stream_descriptor descriptor;
  asio::steady_timer retry_timer;
  asio::steady_timer gap_timer;
  asio::steady_timer poll_timer;
  bool gap_timer_armed = false;
  std::unique_ptr<pqxx::connection> connection;
  std::unique_ptr<Receiver> receiver;
  bool notified = false;
  bool stopped = false;
  std::mutex mutex;
  bool fetch_running = false;
  bool fetch_again = false;
  Sequencer sequencer;
  // Shared with the pool's after-job hook, which may outlive the listener.
  std::shared_ptr<Notifier> notifier;
};

Listener::Listener(asio::io_context& io, std::string database_url, db::Pool& pool, Deliver deliver)
    : impl_(std::make_shared<Impl>(io, std::move(database_url), pool, std::move(deliver))) {}

Listener::~Listener() {
  impl_->notifier->stop();
}

void Listener::start(std::int64_t delivered_up_to) {
  impl_->sequencer = Sequencer(delivered_up_to);
  impl_->notifier->start();
  impl_->pool.set_after_job([notifier = impl_->notifier] {
    if (take_unannounced())
      notifier->announce();
  });
  asio::post(impl_->strand, [impl = impl_] {
    impl->connect();
    impl->schedule_poll();
  });
}

void Listener::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->retry_timer.cancel();
    impl->gap_timer.cancel();
    impl->poll_timer.cancel();
    impl->error_code_close();
    impl->receiver.reset();
    impl->connection.reset();
  });
}

}  // namespace plenary::events
