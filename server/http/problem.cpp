#include "http/problem.hpp"

namespace plenary::http {
namespace {
const char* title_for(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 401:
      return "Not signed in";
    case 403:
      return "Not allowed";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Too large";
    case 415:
      return "Unsupported media type";
    case 422:
      return "Invalid values";
    case 429:
      return "Too many requests";
    case 500:
      return "Internal error";
    case 503:
      return "Service unavailable";
    default:
      return "Error";
  }
}
const char* kind_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_request:
      return "bad_request";
    case ErrorKind::unauthenticated:
      return "unauthenticated";
    case ErrorKind::forbidden:
      return "forbidden";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::unprocessable:
      return "invalid";
    case ErrorKind::payload_too_large:
      return "too_large";
    case ErrorKind::too_many_requests:
      return "rate_limited";
    case ErrorKind::unavailable:
      return "unavailable";
  }
  return "error";
}
}  // namespace

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_request:
      return 400;
    case ErrorKind::unauthenticated:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::unprocessable:
      return 422;
    case ErrorKind::payload_too_large:
      return 413;
    case ErrorKind::too_many_requests:
      return 429;
    case ErrorKind::unavailable:
      return 503;
  }
  return 500;
}

Response problem(const Error& error) {
  const int status = status_for(error.kind);
  const std::string code = error.code.empty() ? kind_code(error.kind) : error.code;
  nlohmann::json body = {
      {"type", "urn:plenary:problem:" + code},
      {"title", title_for(status)},
      {"status", status},
      {"detail", error.detail},
      {"code", code},
  };
  if (!error.fields.empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& field : error.fields) {
      errors.push_back({{"field", field.field}, {"message", field.message}});
    }
  }
  Response response = Response::json(status, body);
  response.set_header("content-type", "application/problem+json");
  if (error.retry_after_seconds > 0) {
    response.set_header("retry-after", std::to_string(error.retry_after_seconds));
  }
  return response;
}

Response problem(int status, std::string detail, std::string code) {
  ErrorKind kind = ErrorKind::bad_request;
  for (auto candidate :
       {ErrorKind::bad_request, ErrorKind::unauthenticated, ErrorKind::forbidden,
        ErrorKind::not_found, ErrorKind::conflict, ErrorKind::unprocessable,
        ErrorKind::payload_too_large, ErrorKind::too_many_requests, ErrorKind::unavailable}) {
    if (status_for(candidate) == status)
      kind = candidate;
  }
  Error error{kind, std::move(detail), {}, 0, std::move(code)};
  Response response = problem(error);
  if (status_for(kind) != status) {
    // Statuses without an ErrorKind (405, 415, 500) keep their own number and title.
    response.status = status;
    auto body = nlohmann::json::parse(response.body);
    body["status"] = status;
    body["title"] = title_for(status);
    if (error.code.empty()) {
      body["code"] = status == 500 ? "internal" : "http_" + std::to_string(status);
      body["type"] = "urn:plenary:problem:" + body["code"].get<std::string>();
    }
    response.body = body.dump();
  }
  return response;
}

}  // namespace plenary::http
