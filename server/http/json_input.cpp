#include "http/json_input.hpp"

#include <algorithm>
#include <cctype>

namespace plenary::http {
namespace {

std::string trim_copy(std::string_view s) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return std::string(s);
}

std::string quoted(const std::string& name) {
  return "'" + name + "'";
}

}  // namespace

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    if (lead < 0x80) {
      extra = 0;
    } else if ((lead >> 5) == 0x6) {
      extra = 1;
    } else if ((lead >> 4) == 0xE) {
      extra = 2;
    } else if ((lead >> 3) == 0x1E) {
      extra = 3;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += extra + 1;
  }
  return true;
}

bool plausible_email(std::string_view email) {
  if (email.size() < 3 || email.size() > 254)
    return false;
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at != email.rfind('@'))
    return false;
  auto domain = email.substr(at + 1);
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' ||
      domain.find('.') == std::string_view::npos || domain.find("..") != std::string_view::npos) {
    return false;
  }
  return std::none_of(email.begin(), email.end(), [](unsigned char c) {
    return std::isspace(c) || std::iscntrl(c) || c == '<' || c == '>' || c == ',' || c == ';';
  });
}

std::string normalise_email(std::string_view email) {
  std::string out = trim_copy(email);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Result<nlohmann::json> parse_json_object(const Request& request) {
  auto content_type = request.header("content-type");
  if (!content_type.starts_with("application/json")) {
    Error error = bad_request("Send the body as JSON, with Content-Type: application/json.");
    error.code = "unsupported_media_type";
    return error;
  }
  int depth = 0;
  bool too_deep = false;
  auto limit_depth = [&](int nesting, nlohmann::json::parse_event_t event, nlohmann::json&) {
    depth = nesting;
    if (event == nlohmann::json::parse_event_t::object_start ||
        event == nlohmann::json::parse_event_t::array_start) {
      if (nesting >= max_json_depth) {
        too_deep = true;
        return false;
      }
    }
    return true;
  };
  nlohmann::json parsed = nlohmann::json::parse(request.body, limit_depth, false);
  (void)depth;
  if (too_deep) {
    return bad_request("The JSON is nested too deeply (at most " + std::to_string(max_json_depth) +
                       " levels).");
  }
  if (parsed.is_discarded())
    return bad_request("The body is not valid JSON.");
  if (!parsed.is_object())
    return bad_request("The body must be a JSON object.");
  return parsed;
}

const nlohmann::json* JsonFields::find(const std::string& name) {
  known_.insert(name);
  auto found = object_.find(name);
  if (found == object_.end() || found->is_null())
    return nullptr;
  return &*found;
}

void JsonFields::add_error(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

std::optional<std::string> JsonFields::text(const std::string& name, TextRule rule, bool required) {
  const auto* value = find(name);
  if (!value) {
    if (required)
      add_error(name, quoted(name) + " is required.");
    return std::nullopt;
  }
  if (!value->is_string()) {
    add_error(name, quoted(name) + " must be text.");
    return std::nullopt;
  }
  std::string text =
      rule.trim ? trim_copy(value->get_ref<const std::string&>()) : value->get<std::string>();
  if (!valid_utf8(text) || text.find('\0') != std::string::npos) {
    add_error(name, quoted(name) + " contains characters that are not allowed.");
    return std::nullopt;
  }
  if (rule.single_line && text.find_first_of("\r\n") != std::string::npos) {
    add_error(name, quoted(name) + " must be on one line.");
    return std::nullopt;
  }
  auto length = utf8_length(text);
  if (required && length == 0 && rule.min_length > 0) {
    add_error(name, quoted(name) + " is required.");
    return std::nullopt;
  }
  if (length < rule.min_length) {
    add_error(name, quoted(name) + " must be at least " + std::to_string(rule.min_length) +
                        " characters long.");
    return std::nullopt;
  }
  if (rule.max_length > 0 && length > rule.max_length) {
    add_error(name, quoted(name) + " must be at most " + std::to_string(rule.max_length) +
                        " characters long.");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> JsonFields::required_text(const std::string& name, TextRule rule) {
  return text(name, rule, true);
}
std::optional<std::string> JsonFields::optional_text(const std::string& name, TextRule rule) {
  return text(name, rule, false);
}

std::optional<std::int64_t> JsonFields::integer(const std::string& name, std::int64_t min,
                                                std::int64_t max, bool required) {
  const auto* value = find(name);
  if (!value) {
    if (required)
      add_error(name, quoted(name) + " is required.");
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    add_error(name, quoted(name) + " must be a whole number.");
    return std::nullopt;
  }
  std::int64_t number = 0;
  if (value->is_number_unsigned()) {
    auto u = value->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) {
      add_error(name, quoted(name) + " must be at most " + std::to_string(max) + ".");
      return std::nullopt;
    }
    number = static_cast<std::int64_t>(u);
  } else {
    number = value->get<std::int64_t>();
  }
  if (number < min || number > max) {
    add_error(name, quoted(name) + " must be from " + std::to_string(min) + " to " +
                        std::to_string(max) + ".");
    return std::nullopt;
  }
  return number;
}

std::optional<std::int64_t> JsonFields::required_int(const std::string& name, std::int64_t min,
                                                     std::int64_t max) {
  return integer(name, min, max, true);
}
std::optional<std::int64_t> JsonFields::optional_int(const std::string& name, std::int64_t min,
                                                     std::int64_t max) {
  return integer(name, min, max, false);
}

std::optional<bool> JsonFields::optional_bool(const std::string& name) {
  const auto* value = find(name);
  if (!value)
    return std::nullopt;
  if (!value->is_boolean()) {
    add_error(name, quoted(name) + " must be true or false.");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<bool> JsonFields::required_bool(const std::string& name) {
  if (!object_.contains(name) || object_.at(name).is_null()) {
    known_.insert(name);
    add_error(name, quoted(name) + " is required.");
    return std::nullopt;
  }
  return optional_bool(name);
}

std::optional<std::string> JsonFields::optional_choice(const std::string& name,
                                                       const std::vector<std::string>& choices) {
  auto value = text(name, {.min_length = 1, .max_length = 64}, false);
  if (!value)
    return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *value) == choices.end()) {
    std::string list;
    for (const auto& choice : choices)
      list += (list.empty() ? "" : ", ") + choice;
    add_error(name, quoted(name) + " must be one of: " + list + ".");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> JsonFields::required_choice(const std::string& name,
                                                       const std::vector<std::string>& choices) {
  if (!object_.contains(name) || object_.at(name).is_null()) {
    known_.insert(name);
    add_error(name, quoted(name) + " is required.");
    return std::nullopt;
  }
  return optional_choice(name, choices);
}

std::optional<std::string> JsonFields::optional_email(const std::string& name) {
  auto value = text(name, {.min_length = 3, .max_length = 254}, false);
  if (!value)
    return std::nullopt;
  if (!plausible_email(*value)) {
    add_error(name, "Enter an email address in the right format, like name@example.org.");
    return std::nullopt;
  }
  return normalise_email(*value);
}

std::optional<std::string> JsonFields::required_email(const std::string& name) {
  if (!object_.contains(name) || object_.at(name).is_null()) {
    known_.insert(name);
    add_error(name, "Enter your email address.");
    return std::nullopt;
  }
  return optional_email(name);
}

std::optional<Error> JsonFields::finish() {
  for (const auto& [key, value] : object_.items()) {
    if (!known_.contains(key))
      add_error(key, quoted(key) + " is not a field this accepts.");
  }
  if (errors_.empty())
    return std::nullopt;
  return invalid(errors_);
}

}  // namespace plenary::http
