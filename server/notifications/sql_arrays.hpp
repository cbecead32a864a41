#pragma once
// Array parameters as PostgreSQL array literals (libpqxx 6 does not bind vectors).
#include <cstdint>
#include <string>
#include <vector>

namespace plenary::notifications {

inline std::string bigint_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i)
      out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}

inline std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i)
      out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\')
        out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace plenary::notifications
