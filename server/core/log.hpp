#pragma once
// Structured logging: one JSON object per line on stderr. The level is process-wide
// configuration, set once at start-up.
#include <nlohmann/json.hpp>
#include <string_view>

namespace plenary::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(std::string_view level);
bool enabled(Level level);
void write(Level level, std::string_view message, nlohmann::json fields = nlohmann::json::object());

inline void debug(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  if (enabled(Level::debug))
    write(Level::debug, m, std::move(f));
}
inline void info(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::info, m, std::move(f));
}
inline void warn(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::warn, m, std::move(f));
}
inline void error(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  write(Level::error, m, std::move(f));
}

}  // namespace plenary::log
