#pragma once
// HTTP requests and responses as plain values: the domain sees these, never Beast types.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::http {

enum class Method { get, head, post, put, patch, del, options, other };

Method parse_method(std::string_view text);
std::string_view method_name(Method method);
inline bool changes_state(Method method) {
  return method == Method::post || method == Method::put || method == Method::patch ||
         method == Method::del;
}

struct Header {
  std::string name;  // lower case
  std::string value;
};

struct Request {
  Method method = Method::get;
  std::string target;  // as sent: path and query
  std::string path;    // decoded path, without the query
  std::string query;   // raw query string, without '?'
  std::vector<Header> headers;
  std::string body;
  std::string remote_address;
  bool secure = false;
  std::string request_id;

  std::string_view header(std::string_view lowercase_name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  // Bytes kept elsewhere (a cached page), sent instead of `body` without being copied.
  std::shared_ptr<const std::string> shared_body;

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view lowercase_name) const;

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
};

// Splits a request target into path and query; false when the path cannot be decoded safely.
bool split_target(std::string_view target, std::string& path, std::string& query);
std::string url_decode(std::string_view text, bool plus_as_space = false);
std::string url_encode(std::string_view text);

}  // namespace plenary::http
