#pragma once
// Everything between a parsed request and its response: routing, the CSRF checks, resolving the
// actor, handing database work to the pool, problem+json for failures, security headers,
// request ids, metrics and the access log. Knows nothing of any domain.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "core/metrics.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace plenary::http {

// Turns the session cookie into an actor (accounts provides it).
using Authenticator = std::function<std::optional<Actor>(db::Connection&, const Request&)>;
// Who is asking, when that is known without the database: signed out (no session cookie), or a
// session this process has recently read. Nothing when only the database can tell.
struct KnownViewer {
  std::optional<Actor> actor;
};
using MemoryAuthenticator = std::function<std::optional<KnownViewer>(const Request&)>;

struct AppOptions {
  std::vector<std::string> allowed_origins;  // scheme://host:port values browsers send as Origin
  bool tls = false;
};

class App {
 public:
  App(AppOptions options, Router& router, db::Pool& pool, StaticFiles& static_files,
      Metrics& metrics, Authenticator authenticate,
      MemoryAuthenticator authenticate_from_memory = {});

  // How large a body this request may carry: decided from the header, before the body is read.
  std::size_t body_limit(std::string_view method, std::string_view target) const;
  // Calls done exactly once, possibly from another thread.
  void handle(Request request, std::function<void(Response)> done);
  // For a WebSocket upgrade: nothing when it may proceed, else the refusal to send.
  std::optional<Response> check_websocket_origin(const Request& request) const;
  // Headers every response carries; applied by handle() and by the transport for its own answers.
  void decorate(Response& response, const Request& request) const;

  static std::string new_request_id();
  // Set once the port is bound, before the network threads start.
  void set_allowed_origins(std::vector<std::string> origins) {
    options_.allowed_origins = std::move(origins);
  }

 private:
  std::optional<Response> check_cross_site(const Request& request) const;
  bool origin_allowed(std::string_view origin) const;
  Response run_route(const RouteMatch& match, const Request& request, db::Connection* database);
  // The route's answer from memory, when it has one and the viewer is known without the database.
  std::optional<Response> answer_from_memory(const RouteMatch& match, const Request& request);
  // shed: refused because the database queue is full (logged quietly, see note_shed).
  void finish(const Request& request, const std::string& route_label, Response& response,
              std::chrono::steady_clock::time_point started, bool shed = false) const;
  void note_shed();

  AppOptions options_;
  Router& router_;
  db::Pool& pool_;
  StaticFiles& static_files_;
  Metrics& metrics_;
  Authenticator authenticate_;
  MemoryAuthenticator authenticate_from_memory_;
  std::atomic<std::int64_t> shed_since_warning_{0};
  std::atomic<std::int64_t> last_shed_warning_ms_{0};
};

}  // namespace plenary::http
