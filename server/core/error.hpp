#pragma once
// One error type for expected failures across every module, and one mapping to HTTP (in http/).
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace plenary {

enum class ErrorKind {
  bad_request,      // malformed input: not JSON, wrong types, unknown fields
  unauthenticated,  // no valid session
  forbidden,        // signed in, but the policy says no
  not_found,
  conflict,       // duplicates, stale state
  unprocessable,  // well-formed but invalid values (field errors)
  payload_too_large,
  too_many_requests,  // rate limited; retry_after_seconds says when
  unavailable,        // the database or another dependency is down
};

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorKind kind;
  std::string detail;  // a sentence a person can act on
  std::vector<FieldError> fields{};
  int retry_after_seconds = 0;
  std::string code{};  // a stable machine-readable reason, e.g. "not_a_member"
};

inline Error bad_request(std::string detail) {
  return {ErrorKind::bad_request, std::move(detail)};
}
inline Error unauthenticated(std::string detail = "You need to sign in to do that.") {
  return {ErrorKind::unauthenticated, std::move(detail)};
}
inline Error forbidden(std::string detail, std::string code = {}) {
  return {ErrorKind::forbidden, std::move(detail), {}, 0, std::move(code)};
}
inline Error not_found(std::string detail) {
  return {ErrorKind::not_found, std::move(detail)};
}
inline Error conflict(std::string detail, std::string code = {}) {
  return {ErrorKind::conflict, std::move(detail), {}, 0, std::move(code)};
}
inline Error invalid(std::vector<FieldError> fields, std::string detail = {}) {
  if (detail.empty()) {
    detail = fields.size() == 1 ? fields.front().message : "Some of the values are not valid.";
  }
  return {ErrorKind::unprocessable, std::move(detail), std::move(fields)};
}
inline Error invalid_field(std::string field, std::string message) {
  return invalid({{std::move(field), std::move(message)}});
}
inline Error too_many_requests(std::string detail, int retry_after_seconds) {
  return {ErrorKind::too_many_requests, std::move(detail), {}, retry_after_seconds};
}

// Result<T>: a value or an Error. Kept small on purpose (C++20 has no std::expected).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok() {
  return Ok{};
}

template <class T>
struct is_result : std::false_type {};
template <class T>
struct is_result<Result<T>> : std::true_type {};

}  // namespace plenary
