#pragma once
// Reading a JSON request body: parse with a depth limit, then take fields one by one. Every
// problem (missing, wrong type, too long, unknown field) is collected, so the person sees all of
// them at once; nothing is acted on unless finish() says the body is clean.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "http/message.hpp"

namespace plenary::http {

constexpr int max_json_depth = 32;

// Parses the body as a JSON object: 415 without a JSON content type, 400 when malformed or nested
// deeper than max_json_depth.
Result<nlohmann::json> parse_json_object(const Request& request);

struct TextRule {
  std::size_t min_length = 0;  // in characters (UTF-8 code points), after trimming
  std::size_t max_length = 0;  // 0: no limit
  bool trim = true;
  bool single_line = true;
};

class JsonFields {
 public:
  explicit JsonFields(const nlohmann::json& object) : object_(object) {}

  std::optional<std::string> required_text(const std::string& name, TextRule rule);
  std::optional<std::string> optional_text(const std::string& name, TextRule rule);
  std::optional<std::int64_t> required_int(const std::string& name, std::int64_t min,
                                           std::int64_t max);
  std::optional<std::int64_t> optional_int(const std::string& name, std::int64_t min,
                                           std::int64_t max);
  std::optional<bool> optional_bool(const std::string& name);
  std::optional<bool> required_bool(const std::string& name);
  // One of a fixed set of words.
  std::optional<std::string> required_choice(const std::string& name,
                                             const std::vector<std::string>& choices);
  std::optional<std::string> optional_choice(const std::string& name,
                                             const std::vector<std::string>& choices);
  std::optional<std::string> optional_email(const std::string& name);
  std::optional<std::string> required_email(const std::string& name);
  bool has(const std::string& name) const { return object_.contains(name); }
  bool is_null(const std::string& name) const {
    return object_.contains(name) && object_.at(name).is_null();
  }

  void add_error(std::string field, std::string message);
  // Unknown fields become errors too. Returns the collected error, if any.
  std::optional<Error> finish();

 private:
  const nlohmann::json* find(const std::string& name);
  std::optional<std::string> text(const std::string& name, TextRule rule, bool required);
  std::optional<std::int64_t> integer(const std::string& name, std::int64_t min, std::int64_t max,
                                      bool required);

  const nlohmann::json& object_;
  std::set<std::string> known_;
  std::vector<FieldError> errors_;
};

// Pure helpers, also used outside HTTP (CSV import).
std::size_t utf8_length(std::string_view text);
bool valid_utf8(std::string_view text);
bool plausible_email(std::string_view email);
std::string normalise_email(std::string_view email);

}  // namespace plenary::http
