#pragma once
// What most route handlers do first and last: read the JSON body, find who is asking and which
// thing the path names, and answer a Result as JSON or as a problem. Knows nothing of the domain.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "http/json_input.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

namespace plenary::http {

// Runs `use` with the request's JSON object, or answers the parse problem. With
// `empty_allowed`, an empty body reads as {} (actions whose fields are all optional).
template <class Use>
Response with_body(const RouteContext& context, Use&& use, bool empty_allowed = false) {
  if (empty_allowed && context.request.body.empty()) {
    nlohmann::json empty = nlohmann::json::object();
    return use(empty);
  }
  auto body = parse_json_object(context.request);
  if (!body)
    return problem(body.error());
  return use(*body);
}

// The same, with the body's fields ready to be read and checked.
template <class Use>
Response with_fields(const RouteContext& context, Use&& use, bool empty_allowed = false) {
  return with_body(
      context,
      [&](nlohmann::json& body) {
        JsonFields fields(body);
        return use(fields);
      },
      empty_allowed);
}

// The signed-in actor and the id the path names.
struct Target {
  const Actor* actor = nullptr;
  std::int64_t id = 0;
};

inline Result<Target> signed_in_target(const RouteContext& context, std::string_view parameter) {
  auto actor = context.signed_in();
  if (!actor)
    return actor.error();
  auto id = context.id(parameter);
  if (!id)
    return id.error();
  return Target{*actor, *id};
}

// `shape(value)` as JSON with `status`, or the error as a problem.
template <class Value, class Shape>
Response json_or_problem(const Result<Value>& result, int status, Shape&& shape) {
  if (!result)
    return problem(result.error());
  return Response::json(status, shape(*result));
}

// "scheme://host" for links made from a request (mail, calendar feeds): the page's own Origin
// (the app has already refused origins it does not serve), or this server as the request
// reached it (a GET carries no Origin).
inline std::string request_site(const RouteContext& context) {
  const auto origin = context.request.header("origin");
  if (!origin.empty())
    return std::string(origin);
  const auto host = context.request.header("host");
  return std::string(context.request.secure ? "https://" : "http://") +
         std::string(host.empty() ? "localhost" : host);
}

inline Response no_content_or_problem(const Status& status) {
  if (!status)
    return problem(status.error());
  return Response::no_content();
}

}  // namespace plenary::http
