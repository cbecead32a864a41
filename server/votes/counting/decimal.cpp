#include "votes/counting/decimal.hpp"

#include <charconv>

namespace plenary::votes::counting {

std::string format_decimal(std::int64_t units, int places) {
  const bool negative = units < 0;
  // Unsigned so that the most negative value has a magnitude too.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(units) : units;
  std::string digits = std::to_string(magnitude);
  if (places > 0) {
    if (digits.size() <= static_cast<std::size_t>(places)) {
      digits.insert(0, places + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - places, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::optional<std::int64_t> parse_decimal(std::string_view text, int places) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const auto point = text.find('.');
  std::string_view whole = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : text.substr(point + 1);
  if (whole.empty() || fraction.size() > static_cast<std::size_t>(places) ||
      (point != std::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
    }
  }
  std::string digits(whole);
  digits.append(fraction);
  digits.append(places - fraction.size(), '0');
  std::int64_t units = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), units);
  if (error != std::errc{} || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return negative ? -units : units;
}

}  // namespace plenary::votes::counting
