#include "http/message.hpp"

#include <algorithm>
#include <cctype>

namespace plenary::http {
namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}
}  // namespace

Method parse_method(std::string_view text) {
  if (text == "GET")
    return Method::get;
  if (text == "HEAD")
    return Method::head;
  if (text == "POST")
    return Method::post;
  if (text == "PUT")
    return Method::put;
  if (text == "PATCH")
    return Method::patch;
  if (text == "DELETE")
    return Method::del;
  if (text == "OPTIONS")
    return Method::options;
  return Method::other;
}

std::string_view method_name(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
    case Method::other:
      return "OTHER";
  }
  return "OTHER";
}

std::string_view Request::header(std::string_view lowercase_name) const {
  for (const auto& h : headers) {
    if (h.name == lowercase_name)
      return h.value;
  }
  return {};
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  for (const auto& h : headers) {
    if (h.name != "cookie")
      continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      auto end = rest.find(';');
      auto pair = trim(rest.substr(0, end));
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
        return std::string(trim(pair.substr(eq + 1)));
      }
      if (end == std::string_view::npos)
        break;
      rest.remove_prefix(end + 1);
    }
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    auto end = rest.find('&');
    auto pair = rest.substr(0, end);
    auto eq = pair.find('=');
    auto key = url_decode(pair.substr(0, eq), true);
    if (key == name) {
      return eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
    }
    if (end == std::string_view::npos)
      break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

void Response::set_header(std::string name, std::string value) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (auto& h : headers) {
    if (h.name == name) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::move(name), std::move(value)});
}

std::string_view Response::header(std::string_view lowercase_name) const {
  for (const auto& h : headers) {
    if (h.name == lowercase_name)
      return h.value;
  }
  return {};
}

Response Response::json(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.set_header("content-type", "application/json");
  response.set_header("cache-control", "no-store");
  return response;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.set_header("content-type", std::move(content_type));
  response.set_header("cache-control", "no-store");
  return response;
}

Response Response::no_content() {
  Response response;
  response.status = 204;
  response.set_header("cache-control", "no-store");
  return response;
}

std::string url_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += (plus_as_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool split_target(std::string_view target, std::string& path, std::string& query) {
  auto question = target.find('?');
  auto raw_path = target.substr(0, question);
  query =
      question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1));
  if (raw_path.empty() || raw_path.front() != '/')
    return false;
  path = url_decode(raw_path);
  // A decoded NUL or backslash has no business in a path and only helps traversal tricks.
  return path.find('\0') == std::string::npos && path.find('\\') == std::string::npos;
}

}  // namespace plenary::http
