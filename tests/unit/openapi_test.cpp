// The API document and the router must agree: every route is documented, every documented
// operation exists.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "accounts/routes.hpp"
#include "discussions/module.hpp"
#include "groups/module.hpp"
#include "http/openapi.hpp"
#include "meetings/module.hpp"
#include "moderation/module.hpp"
#include "notifications/module.hpp"
#include "offers/module.hpp"
#include "petitions/module.hpp"
#include "proposals/module.hpp"
#include "search/module.hpp"
#include "stories/module.hpp"
#include "system/routes.hpp"
#include "votes/module.hpp"

namespace plenary {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

TEST(OpenApiTest, DocumentAndRouterListTheSameOperations) {
  Metrics metrics;
  SystemClock clock;
  accounts::PasswordHasher hasher(1);
  accounts::Service accounts_service(hasher, clock, {});
  std::vector<db::Migration> migrations;
  http::Router router;
  system::register_routes(router, metrics, migrations);
  accounts::register_routes(router, accounts_service, {});
  groups::register_routes(router, clock);
  discussions::register_routes(router, clock);
  moderation::register_routes(router, clock);
  notifications::register_routes(router, clock);
  search::register_routes(router, clock);
  votes::Service votes_service(clock, {});
  votes::register_routes(router, votes_service);
  proposals::register_routes(router, clock, votes_service);
  meetings::register_routes(router, clock, votes_service);
  petitions::register_routes(router, clock);
  stories::register_routes(router, clock);
  const offers::Settings offer_settings;
  offers::register_routes(router, clock, offer_settings);
  AdjustableClock test_clock;
  system::register_test_routes(router, test_clock);

  std::set<std::string> routed;
  for (const auto& route : router.routes()) {
    routed.insert(lower(http::method_name(route.method)) + " " + route.pattern);
  }
  // The WebSocket upgrade is answered by the transport, not the router.
  routed.insert("get /api/v1/live");

  auto document = nlohmann::json::parse(http::openapi_document());
  ASSERT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> documented;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      // A path item also holds what its operations share ("parameters", "summary", …).
      static const std::set<std::string> methods = {"get", "put", "post", "delete", "patch"};
      if (!methods.contains(method))
        continue;
      documented.insert(method + " " + path);
      EXPECT_TRUE(operation.contains("summary")) << method << " " << path;
      EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
    }
  }
  for (const auto& route : routed) {
    EXPECT_TRUE(documented.contains(route)) << "not in server/openapi.json: " << route;
  }
  for (const auto& operation : documented) {
    EXPECT_TRUE(routed.contains(operation)) << "documented but not routed: " << operation;
  }
}

}  // namespace
}  // namespace plenary
