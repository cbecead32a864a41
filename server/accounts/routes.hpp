#pragma once
#include <functional>
#include <nlohmann/json.hpp>

#include "accounts/service.hpp"
#include "http/app.hpp"
#include "http/router.hpp"

namespace plenary::accounts {

struct RouteOptions {
  bool secure_cookies = false;
  // What /api/v1/me lists as the person's memberships (the groups module provides it).
  std::function<nlohmann::json(db::Connection&, std::int64_t person_id)> memberships_of;
};

void register_routes(http::Router& router, Service& service, RouteOptions options);

// For the App: reads the session cookie and resolves the actor.
http::Authenticator make_authenticator(Service& service);
// The same without the database, for sessions this process read lately (SessionCache).
http::MemoryAuthenticator make_memory_authenticator(const Service& service);

nlohmann::json person_json(const Person& person, bool include_email);

}  // namespace plenary::accounts
