#include "http/app.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/log.hpp"
#include "http/problem.hpp"

namespace plenary::http {
namespace {

// Requests that match no route still get their 404 or 405 answer, so a small body is read.
constexpr std::size_t unrouted_body_limit = 16 * 1024;

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string route_label_for(const RouteMatch& match, const Request& request) {
  if (match.route)
    return std::string(method_name(match.route->method)) + " " + match.route->pattern;
  return request.path.starts_with("/api/") ? "unmatched" : "static";
}

// Scripts and style sheets are never rendered as documents, framed or opened as windows: the
// headers that govern documents (CSP, framing, opener, permissions) do nothing on them and only
// add ~400 bytes to each of the many the first page load fetches. Everything else keeps them,
// including a 304, which has no type to judge by.
bool is_subresource(const Response& response) {
  const auto type = response.header("content-type");
  return type.starts_with("text/javascript") || type.starts_with("text/css");
}

}  // namespace

App::App(AppOptions options, Router& router, db::Pool& pool, StaticFiles& static_files,
         Metrics& metrics, Authenticator authenticate, MemoryAuthenticator authenticate_from_memory)
    : options_(std::move(options)),
      router_(router),
      pool_(pool),
      static_files_(static_files),
      metrics_(metrics),
      authenticate_(std::move(authenticate)),
      authenticate_from_memory_(std::move(authenticate_from_memory)) {}

std::string App::new_request_id() {
  // Ids tell log lines apart; they guard nothing. Each thread draws its start from OpenSSL once
  // and then steps a splitmix64 sequence: distinct ids without a lock or a syscall per request.
  thread_local std::uint64_t state = [] {
    std::uint64_t seed = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof seed);
    return seed;
  }();
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  static constexpr char hex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, z >>= 4)
    id[i] = hex[z & 15];
  return id;
}

std::size_t App::body_limit(std::string_view method, std::string_view target) const {
  std::string path, query;
  if (!split_target(target, path, query))
    return unrouted_body_limit;
  auto match = router_.match(parse_method(method), path);
  return match.route ? match.route->options.body_limit : unrouted_body_limit;
}

void App::decorate(Response& response, const Request& request) const {
  response.set_header("x-request-id", request.request_id);
  response.set_header("x-content-type-options", "nosniff");
  response.set_header("referrer-policy", "same-origin");
  if (options_.tls) {
    response.set_header("strict-transport-security", "max-age=31536000; includeSubDomains");
  }
  if (is_subresource(response))
    return;
  response.set_header("x-frame-options", "DENY");
  response.set_header("cross-origin-opener-policy", "same-origin");
  response.set_header("permissions-policy", "camera=(), microphone=(), geolocation=()");
  response.set_header("content-security-policy",
                      "default-src 'self'; script-src 'self'; style-src 'self'; "
                      "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
                      "object-src 'none'; base-uri 'none'; form-action 'self'; "
                      "frame-ancestors 'none'");
}

bool App::origin_allowed(std::string_view origin) const {
  for (const auto& allowed : options_.allowed_origins) {
    if (origin == allowed)
      return true;
  }
  return false;
}

std::optional<Response> App::check_cross_site(const Request& request) const {
  // Browsers send Origin on every state-changing request and Sec-Fetch-Site where supported. A
  // request from another site is refused before anything runs. Clients that are not browsers send
  // neither and are judged by the CSRF token, which only our own pages can read.
  auto origin = request.header("origin");
  if (!origin.empty() && !origin_allowed(origin)) {
    return problem(
        403, "This request came from another site (" + std::string(origin) + ") and was refused.",
        "cross_site_request");
  }
  auto fetch_site = request.header("sec-fetch-site");
  if (!fetch_site.empty() && fetch_site != "same-origin" && fetch_site != "none") {
    return problem(403, "This request came from another site and was refused.",
                   "cross_site_request");
  }
  return std::nullopt;
}

std::optional<Response> App::check_websocket_origin(const Request& request) const {
  auto origin = request.header("origin");
  if (!origin.empty() && !origin_allowed(origin)) {
    return problem(403, "Live updates are only for pages of this site.", "cross_site_request");
  }
  return std::nullopt;
}

Response App::run_route(const RouteMatch& match, const Request& request, db::Connection* database) {
  RouteContext context{request, match.parameters, nullptr, database};
  std::optional<Actor> actor;
  if (database && authenticate_) {
    // A session read moments ago is not read again: the cache forgets it when the person's
    // events say it changed (accounts).
    std::optional<KnownViewer> known;
    if (authenticate_from_memory_)
      known = authenticate_from_memory_(request);
    actor = known ? std::move(known->actor) : authenticate_(*database, request);
  }
  if (actor)
    context.actor = &*actor;
  if (changes_state(request.method) && match.route->options.csrf_token_required && actor) {
    if (!constant_time_equal(request.header("x-csrf-token"), actor->csrf_token)) {
      return problem(403,
                     "This request lacks the security token of your session. Reload the page "
                     "and try again.",
                     "csrf_token_missing");
    }
  }
  return match.route->handler(context);
}

std::optional<Response> App::answer_from_memory(const RouteMatch& match, const Request& request) {
  if (!match.route->options.from_memory || !authenticate_from_memory_)
    return std::nullopt;
  auto known = authenticate_from_memory_(request);
  if (!known)
    return std::nullopt;
  RouteContext context{request, match.parameters, known->actor ? &*known->actor : nullptr, nullptr};
  return match.route->options.from_memory(context);
}

void App::note_shed() {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  ++shed_since_warning_;
  auto last = last_shed_warning_ms_.load();
  if (now_ms - last < 1000 || !last_shed_warning_ms_.compare_exchange_strong(last, now_ms))
    return;
  log::warn("overloaded: refusing requests while the database queue is full",
            {{"refused_since_last_warning", shed_since_warning_.exchange(0)}});
}

void App::finish(const Request& request, const std::string& route_label, Response& response,
                 std::chrono::steady_clock::time_point started, bool shed) const {
  decorate(response, request);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.record_request(route_label, response.status, seconds);
  // A refusal under overload is expected and counted in the metrics; a warning line each would
  // add work to a server that has too much (note_shed() warns once a second instead).
  const auto level = response.status >= 500 && !shed ? log::Level::warn : log::Level::info;
  if (log::enabled(level)) {
    log::write(level, "request",
               {{"request_id", request.request_id},
                {"method", method_name(request.method)},
                {"path", request.path},
                {"route", route_label},
                {"status", response.status},
                {"ms", static_cast<long long>(seconds * 1000.0 * 1000.0) / 1000.0},
                {"remote", request.remote_address}});
  }
}

void App::handle(Request request, std::function<void(Response)> done) {
  const auto started = std::chrono::steady_clock::now();
  if (request.request_id.empty())
    request.request_id = new_request_id();
  auto match = router_.match(request.method, request.path);
  const std::string label = route_label_for(match, request);

  auto reply = [this, started, label, done](const Request& req, Response response) {
    finish(req, label, response, started);
    done(std::move(response));
  };

  if (!match.route) {
    if (match.path_known) {
      return reply(request, problem(405, "This address does not accept " +
                                             std::string(method_name(request.method)) + "."));
    }
    if (!request.path.starts_with("/api/") &&
        (request.method == Method::get || request.method == Method::head)) {
      if (auto response = static_files_.serve(request))
        return reply(request, std::move(*response));
    }
    return reply(request, problem(404, "There is nothing at this address."));
  }

  if (changes_state(request.method)) {
    if (auto refusal = check_cross_site(request))
      return reply(request, std::move(*refusal));
  }

  if (!match.route->options.needs_database) {
    Response response;
    try {
      response = run_route(match, request, nullptr);
    } catch (const std::exception& e) {
      log::error("handler failed", {{"request_id", request.request_id}, {"error", e.what()}});
      response = problem(500, "Something went wrong on our side. It has been logged.");
    }
    return reply(request, std::move(response));
  }

  if (request.method == Method::get || request.method == Method::head) {
    std::optional<Response> remembered;
    try {
      remembered = answer_from_memory(match, request);
    } catch (const std::exception& e) {
      // Memory only ever saves a trip: the database worker answers instead.
      log::warn("answer from memory failed",
                {{"request_id", request.request_id}, {"error", e.what()}});
    }
    if (remembered)
      return reply(request, std::move(*remembered));
  }

  auto shared_request = std::make_shared<Request>(std::move(request));
  bool queued = pool_.try_submit([this, shared_request, match, reply](db::Connection& database) {
    Response response;
    try {
      response = run_route(match, *shared_request, &database);
    } catch (const db::Unavailable& e) {
      log::warn("database unavailable",
                {{"request_id", shared_request->request_id}, {"error", e.what()}});
      response = problem(Error{ErrorKind::unavailable,
                               "The database cannot be reached just now. Try again in a moment.",
                               {},
                               5,
                               "database_unavailable"});
    } catch (const pqxx::broken_connection& e) {
      database.reset();
      response = problem(Error{ErrorKind::unavailable,
                               "The database cannot be reached just now. Try again in a moment.",
                               {},
                               5,
                               "database_unavailable"});
    } catch (const std::exception& e) {
      log::error("handler failed",
                 {{"request_id", shared_request->request_id}, {"error", e.what()}});
      response = problem(500, "Something went wrong on our side. It has been logged.");
    }
    reply(*shared_request, std::move(response));
  });
  if (!queued) {
    note_shed();
    auto response = problem(Error{
        ErrorKind::unavailable, "The server is busy. Try again in a moment.", {}, 1, "overloaded"});
    finish(*shared_request, label, response, started, true);
    done(std::move(response));
  }
}

}  // namespace plenary::http
