// Wiring only: configuration → database → modules → router → server.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "accounts/routes.hpp"
#include "accounts/service.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "demo/demo.hpp"
#include "discussions/module.hpp"
#include "discussions/page_cache.hpp"
#include "events/listener.hpp"
#include "events/outbox.hpp"
#include "events/rooms.hpp"
#include "groups/module.hpp"
#include "http/app.hpp"
#include "jobs/ticker.hpp"
#include "mail/outbox.hpp"
#include "mail/sender.hpp"
#include "mail/smtp.hpp"
#include "meetings/module.hpp"
#include "moderation/module.hpp"
#include "net/server.hpp"
#include "notifications/digests.hpp"
#include "notifications/module.hpp"
#include "offers/module.hpp"
#include "petitions/module.hpp"
#include "proposals/module.hpp"
#include "search/module.hpp"
#include "stories/module.hpp"
#include "system/routes.hpp"
#include "votes/counting/count_command.hpp"
#include "votes/module.hpp"
#include "ws/live.hpp"

extern char** environ;

namespace plenary {
namespace {

std::map<std::string, std::string> environment() {
  std::map<std::string, std::string> values;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text(*entry);
    auto eq = text.find('=');
    if (eq != std::string::npos)
      values[text.substr(0, eq)] = text.substr(eq + 1);
  }
  return values;
}

std::vector<db::Migration> known_migrations() {
  auto ordered = db::order_migrations(db::embedded_migration_files());
  if (!ordered)
    throw std::runtime_error(ordered.error().detail);
  return *ordered;
}

// At start-up the database may still be starting (deploy/run starts both): wait a little.
Result<int> migrate_with_patience(const Config& config, const std::vector<db::Migration>& known) {
  db::Connection connection(config.database_url);
  for (int attempt = 1;; ++attempt) {
    try {
      return db::migrate(connection, known);
    } catch (const db::Unavailable& e) {
      if (attempt >= 30) {
        return Error{ErrorKind::unavailable, std::string("Cannot reach the database: ") + e.what()};
      }
      log::warn("database not reachable yet; waiting", {{"attempt", attempt}});
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

// A room is authorised by the module that owns what it names.
Status authorize_room(db::Connection& db, const std::optional<Actor>& viewer,
                      const std::string& room) {
  if (room.starts_with("person:")) {
    if (viewer && room == "person:" + std::to_string(viewer->person_id))
      return ok();
    return forbidden("You can only follow your own notifications.", "not_your_room");
  }
  if (room.starts_with("group:"))
    return groups::authorize_room(db, viewer, room);
  if (room.starts_with("thread:") || room.starts_with("category:")) {
    return discussions::authorize_room(db, viewer, room);
  }
  if (room.starts_with("ballot:"))
    return votes::authorize_room(db, viewer, room);
  if (room.starts_with("proposals:"))
    return proposals::authorize_room(db, viewer, room);
  if (room.starts_with("meeting:"))
    return meetings::authorize_room(db, viewer, room);
  if (room.starts_with("petition:"))
    return petitions::authorize_room(db, viewer, room);
  return events::unknown_room(room);
}

mail::MailConfig mail_config_from(const Config& config) {
  return {.smtp = {.url = config.smtp_url,
                   .username = config.smtp_username,
                   .password = config.smtp_password,
                   .require_tls = config.smtp_require_tls,
                   .ca_file = config.smtp_ca_file},
          .from = {.address = config.mail_from, .display_name = config.mail_from_name}};
}

// What a ballot's change moves elsewhere, inside the ballot's transaction: the proposal or
// amendment it decides, and the meeting it was voted in.
votes::Hooks ballot_hooks() {
  return {.on_change = [](db::Tx& tx, const votes::BallotChange& change) -> Status {
    if (auto moved = proposals::on_ballot_change(tx, change); !moved)
      return moved;
    return meetings::on_ballot_change(tx, change);
  }};
}

int serve(const Config& config) {
  const auto mail_config = mail_config_from(config);
  if (auto checked = mail::check_mail_config(mail_config); !checked) {
    log::error("cannot start", {{"reason", checked.error().detail}});
    return 1;
  }
  const auto migrations = known_migrations();
  if (auto migrated = migrate_with_patience(config, migrations); !migrated) {
    log::error("cannot start", {{"reason", migrated.error().detail}});
    return 1;
  }

  Metrics metrics;
  SystemClock system_clock;
  AdjustableClock test_clock;
  const Clock& clock = config.test_clock ? static_cast<const Clock&>(test_clock) : system_clock;
  accounts::PasswordHasher hasher(2);
  db::Pool pool(config.database_url, config.database_connections, config.database_queue_limit,
                metrics);
  accounts::Service accounts_service(
      hasher, clock,
      {.public_base_url = config.base_url(config.port),
       .rate_limits = {.failed_sign_ins_per_account = config.sign_in_failure_limit,
                       .requests_per_address = config.address_rate_limit},
       .session_lifetime = {}});

  http::Router router;
  system::register_routes(router, metrics, migrations);
  accounts::register_routes(
      router, accounts_service,
      {.secure_cookies = config.tls(), .memberships_of = groups::memberships_of});
  groups::register_routes(router, clock);
  discussions::PageCache thread_pages;
  discussions::register_routes(router, clock, &thread_pages);
  moderation::register_routes(router, clock);
  notifications::register_routes(router, clock);
  search::register_routes(router, clock);
  votes::Service votes_service(clock, ballot_hooks());
  votes::register_routes(router, votes_service);
  proposals::register_routes(router, clock, votes_service);
  meetings::register_routes(router, clock, votes_service);
  petitions::register_routes(router, clock);
  stories::register_routes(router, clock);
  offers::Settings offer_settings{.escalation_days = config.offer_escalation_days,
                                  .public_base_url = {}};
  offers::register_routes(router, clock, offer_settings);
  if (config.test_clock) {
    log::warn("the clock can be moved by POST /api/v1/test/clock: for tests only");
    system::register_test_routes(router, test_clock);
  }
  for (const auto& route : router.routes()) {
    log::debug("route", {{"method", http::method_name(route.method)}, {"path", route.pattern}});
  }

  http::StaticFiles static_files(config.web_root);
  auto authenticate = accounts::make_authenticator(accounts_service);
  http::App app({{}, config.tls()}, router, pool, static_files, metrics, authenticate,
                accounts::make_memory_authenticator(accounts_service));
  ws::Live live(pool, metrics, authenticate, authorize_room, events::load_in_rooms_after);

  boost::asio::io_context io(config.network_threads);
  net::Server server(io,
                     {.address = config.listen_address,
                      .port = config.port,
                      .tls_certificate = config.tls_certificate,
                      .tls_private_key = config.tls_private_key,
                      .max_connections = config.max_connections,
                      .request_timeout_seconds = config.request_timeout_seconds,
                      .idle_timeout_seconds = config.idle_timeout_seconds},
                     app, live, metrics);
  if (auto started = server.start(); !started) {
    log::error("cannot start", {{"reason", started.error().detail}});
    return 1;
  }
  const int port = server.port();
  app.set_allowed_origins(config.allowed_origins(port));
  accounts_service.set_public_base_url(config.base_url(port));
  offer_settings.public_base_url = config.base_url(port);
  const std::string public_base_url = config.base_url(port);

  std::int64_t latest_event = 0;
  try {
    db::Connection connection(config.database_url);
    latest_event = events::latest_event_id(connection);
  } catch (const std::exception& e) {
    log::warn("could not read the latest event id", {{"error", e.what()}});
  }
  events::Listener listener(io, config.database_url, pool,
                            [&live, &thread_pages, &accounts_service](const ws::LiveEvent& event) {
                              // Caches first: a reader told of a change must not then be
                              // served what preceded it.
                              accounts_service.forget_sessions_for(event.room, event.kind);
                              thread_pages.forget_for(event.room, event.kind);
                              live.publish(event);
                            });
  listener.start(latest_event);

  jobs::Ticker ticker(io, pool, std::chrono::seconds(1));
  ticker.add({"ballots",
              [&votes_service](db::Connection& connection) { votes_service.run_due(connection); }});
  ticker.add(
      {"meetings", [&clock](db::Connection& connection) { meetings::run_due(connection, clock); }});
  ticker.add({"offers", [&clock, &offer_settings](db::Connection& connection) {
                offers::run_due(connection, clock, offer_settings);
              }});
  ticker.add({"digests", [&clock, &public_base_url](db::Connection& connection) {
                notifications::send_due_digests(connection, clock, public_base_url);
              }});
  if (mail_config.sending_enabled()) {
    ticker.add({"mail", [&mail_config, &clock](db::Connection& connection) {
                  mail::send_due(connection, mail_config, clock.now());
                }});
  } else {
    log::warn("no --smtp-url: mail is queued in the database but not sent");
  }
  ticker.start();

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  boost::asio::steady_timer drain_timer(io);
  std::chrono::steady_clock::time_point drain_deadline;
  std::function<void()> wait_for_drain = [&] {
    drain_timer.expires_after(std::chrono::milliseconds(100));
    drain_timer.async_wait([&](boost::system::error_code) {
      if (metrics.http_connections == 0 && metrics.websocket_connections == 0)
        return io.stop();
      if (std::chrono::steady_clock::now() >= drain_deadline) {
        log::warn("connections still open after the grace period; stopping anyway");
        return io.stop();
      }
      wait_for_drain();
    });
  };
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec)
      return;
    log::info("shutting down", {{"signal", signal}});
    server.begin_shutdown();
    listener.stop();
    ticker.stop();
    drain_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    wait_for_drain();
  });

  log::info("listening", {{"address", config.listen_address},
                          {"port", port},
                          {"url", config.base_url(port)},
                          {"tls", config.tls()}});

  std::vector<std::thread> threads;
  for (int i = 1; i < config.network_threads; ++i)
    threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads)
    thread.join();
  pool.stop();
  log::info("stopped");
  return 0;
}

int migrate_only(const Config& config) {
  auto migrated = migrate_with_patience(config, known_migrations());
  if (!migrated) {
    std::cerr << "plenary: " << migrated.error().detail << "\n";
    return 1;
  }
  std::cout << "Applied " << *migrated << " migration(s); the database is up to date.\n";
  return 0;
}

// Without an SMTP server (a trial with deploy/run) mail waits in the database; this shows it, so
// that sign-up and reset links can still be followed.
int print_outbox(const Config& config) {
  db::Connection connection(config.database_url);
  const auto mails = db::transact(connection, [](db::Tx& tx) { return mail::waiting(tx, 100); });
  if (mails.empty())
    std::cout << "No mail is waiting to be sent.\n";
  for (const auto& waiting : mails) {
    std::cout << "--- mail " << waiting.id << ", queued " << waiting.queued_at << ", "
              << waiting.failed_attempts << " failed attempt(s)\nTo: " << waiting.mail.to_name
              << " <" << waiting.mail.to_address << ">\nSubject: " << waiting.mail.subject << "\n\n"
              << waiting.mail.body_text << "\n";
  }
  return 0;
}

int load_demo(const Config& config) {
  if (auto migrated = migrate_with_patience(config, known_migrations()); !migrated) {
    std::cerr << "plenary: " << migrated.error().detail << "\n";
    return 1;
  }
  accounts::PasswordHasher hasher(2);
  db::Connection connection(config.database_url);
  auto summary = demo::load(connection, hasher);
  if (!summary) {
    std::cerr << "plenary: " << summary.error().detail << "\n";
    return 1;
  }
  if (!summary->loaded) {
    std::cout << "The database already has groups; the demo organisation was not loaded.\n";
    return 0;
  }
  std::cout << "Loaded the demo organisation. Sign in with any of these (password: "
            << summary->password << "):\n";
  for (const auto& account : summary->accounts) {
    std::cout << "  " << account.email << "  — " << account.role << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace plenary

int main(int argc, char** argv) {
  using namespace plenary;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args.front() == "count") {
    return votes::counting::run_count_command({args.begin() + 1, args.end()}, std::cout, std::cerr);
  }
  auto config = parse_config(args, environment());
  if (!config) {
    std::cerr << "plenary: " << config.error().detail << "\n";
    for (const auto& field : config.error().fields)
      std::cerr << "  " << field.message << "\n";
    return 2;
  }
  log::set_level(config->log_level);
  // A database that does not answer must not hang start-up or requests for minutes.
  setenv("PGCONNECT_TIMEOUT", "5", 0);
  const mail::CurlLibrary curl_library;  // before any thread starts
  try {
    switch (config->command) {
      case Command::help:
        std::cout << usage_text();
        return 0;
      case Command::version:
        std::cout << "plenary 0.1.0\n";
        return 0;
      case Command::serve:
        return serve(*config);
      case Command::migrate:
        return migrate_only(*config);
      case Command::demo:
        return load_demo(*config);
      case Command::outbox:
        return print_outbox(*config);
      case Command::count:
        return 2;  // handled above
    }
  } catch (const std::exception& e) {
    log::error("fatal", {{"error", e.what()}});
    return 1;
  }
  return 0;
}
