#pragma once
// Routes: METHOD + pattern with {parameters} → handler. Handlers that need the database run on a
// database worker thread with a connection; the others run on the network thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "http/message.hpp"

namespace plenary::http {

struct PathParameter {
  std::string name;
  std::string value;
};

struct RouteContext {
  const Request& request;
  std::vector<PathParameter> parameters;
  const Actor* actor = nullptr;        // null when signed out
  db::Connection* database = nullptr;  // null for routes that do not need the database

  std::string_view parameter(std::string_view name) const;
  // A numeric id from the path; a non-number becomes not_found (ids are never guessed at).
  Result<std::int64_t> id(std::string_view name) const;
  db::Connection& db() const { return *database; }
  // The actor, or an unauthenticated error.
  Result<const Actor*> signed_in() const;
};

using Handler = std::function<Response(RouteContext&)>;
// Answers from what this process keeps in memory, or nothing when only the database can.
using MemoryHandler = std::function<std::optional<Response>(RouteContext&)>;

struct RouteOptions {
  std::size_t body_limit = 64 * 1024;
  bool needs_database = true;
  // Rare routes (sign-in, register) change state without a session: the CSRF token cannot be
  // required of them, only the Origin check.
  bool csrf_token_required = true;
  std::string summary;  // for logs and the route list
  // For GETs read far more often than what they show changes: tried first, on the network
  // thread, with no database (context.database is null) and the viewer as the session cache
  // knows them; when it answers nothing, the request goes to `handler` on a database worker.
  // A round trip to a worker thread costs more than serving a cached page.
  MemoryHandler from_memory;
};

struct Route {
  Method method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::vector<PathParameter> parameters;
  bool path_known = false;  // the path matched some route, but not with this method → 405
};

class Router {
 public:
  void add(Method method, std::string pattern, Handler handler, RouteOptions options = {});
  RouteMatch match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace plenary::http
