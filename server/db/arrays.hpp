#pragma once
// Array parameters as PostgreSQL array literals ('{1,2}', '{"a","b"}'): libpqxx 6 does not bind
// vectors, so statements take these as text and cast ($1::bigint[], $1::text[]).
#include <cstdint>
#include <string>
#include <vector>

namespace plenary::db {

inline std::string array_literal(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i)
      out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}

// Each element quoted, quotes and backslashes escaped.
inline std::string array_literal(const std::vector<std::string>& values) {
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

}  // namespace plenary::db
