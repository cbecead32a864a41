#include "system/routes.hpp"

#include "core/log.hpp"
#include "core/time.hpp"
#include "http/json_input.hpp"
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

void register_test_routes(http::Router& router, AdjustableClock& clock) {
  router.add(http::Method::post, "/api/v1/test/clock",
             [&clock](http::RouteContext& context) {
               auto body = http::parse_json_object(context.request);
               if (!body)
                 return http::problem(body.error());
               http::JsonFields fields(*body);
               constexpr std::int64_t ten_years = 10LL * 366 * 24 * 3600;
               auto seconds = fields.required_int("advance_seconds", 0, ten_years);
               if (auto error = fields.finish())
                 return http::problem(*error);
               clock.advance(std::chrono::seconds(*seconds));
               log::info("test clock moved", {{"advance_seconds", *seconds}});
               return http::Response::json(200, {{"now", iso8601(clock.now())}});
             },
             {.needs_database = false,
              .csrf_token_required = false,
              .summary = "Tests only: move the server's clock forward"});
}

}  // namespace plenary::system
