#include "core/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace plenary::log {
namespace {
std::atomic<int> current_level{static_cast<int>(Level::info)};

const char* level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto seconds = system_clock::to_time_t(now);
  auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buffer;
}
}  // namespace

void set_level(std::string_view level) {
  Level parsed = Level::info;
  if (level == "debug")
    parsed = Level::debug;
  if (level == "warn")
    parsed = Level::warn;
  if (level == "error")
    parsed = Level::error;
  current_level = static_cast<int>(parsed);
}

bool enabled(Level level) {
  return static_cast<int>(level) >= current_level.load();
}

void write(Level level, std::string_view message, nlohmann::json fields) {
  if (!enabled(level))
    return;
  nlohmann::json line = {{"ts", timestamp()}, {"level", level_name(level)}, {"msg", message}};
  if (fields.is_object())
    line.update(fields);
  // One fputs per line: stdio locks the stream, so lines from threads never interleave.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace plenary::log
