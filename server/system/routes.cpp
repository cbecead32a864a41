#include "system/routes.hpp"

#include "core/log.hpp"
#include "http/openapi.hpp"
#include "http/problem.hpp"

namespace plenary::system {

void register_routes(http::Router& router, Metrics& metrics,
                     const std::vector<db::Migration>& migrations) {
  router.add(http::Method::get, "/healthz",
             [](http::RouteContext&) {
               return http::Response::json(200, {{"status", "ok"}});
             },
             {.needs_database = false, .summary = "The process is alive"});

  router.add(
      http::Method::get, "/readyz",
      [&migrations](http::RouteContext& context) {
        try {
          if (!db::migrations_current(context.db(), migrations)) {
            return http::problem(Error{ErrorKind::unavailable,
                                       "The database schema is not at this version's migrations.",
                                       {},
                                       5,
                                       "migrations_pending"});
          }
        } catch (const pqxx::broken_connection&) {
          context.db().reset();
          throw db::Unavailable("database unreachable");
        } catch (const pqxx::sql_error& e) {
          return http::problem(Error{ErrorKind::unavailable,
                                     "The database is reachable but not migrated.",
                                     {},
                                     5,
                                     "migrations_pending"});
        }
        return http::Response::json(200, {{"status", "ready"}});
      },
      {.summary = "The database is reachable and migrated"});

  router.add(http::Method::get, "/metrics",
             [&metrics](http::RouteContext&) {
               return http::Response::text(200, metrics.render_prometheus(),
                                           "text/plain; version=0.0.4; charset=utf-8");
             },
             {.needs_database = false, .summary = "Prometheus metrics"});

  router.add(http::Method::get, "/api/v1/openapi.json",
             [](http::RouteContext&) {
               auto response = http::Response::text(200, std::string(http::openapi_document()),
                                                    "application/json");
               response.set_header("cache-control", "no-cache");
               return response;
             },
             {.needs_database = false, .summary = "This API's OpenAPI 3 document"});
}

}  // namespace plenary::system
