#include "markdown/links.hpp"

#include <string>

namespace plenary::markdown {
namespace {

bool is_ascii_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view text, std::string_view lower_case) {
  if (text.size() != lower_case.size())
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != lower_case[i])
      return false;
  }
  return true;
}

// What the WHATWG URL parser does before it looks for a scheme.
std::string as_a_browser_reads_it(std::string_view destination) {
  std::size_t begin = 0;
  std::size_t end = destination.size();
  while (begin < end && static_cast<unsigned char>(destination[begin]) <= 0x20)
    ++begin;
  while (end > begin && static_cast<unsigned char>(destination[end - 1]) <= 0x20)
    --end;
  std::string cleaned;
  cleaned.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    char c = destination[i];
    if (c != '\t' && c != '\n' && c != '\r')
      cleaned.push_back(c);
  }
  return cleaned;
}

}  // namespace

bool allowed_link_destination(std::string_view destination) {
  std::string url = as_a_browser_reads_it(destination);
  if (url.empty())
    return false;
  std::size_t colon = url.find(':');
  std::size_t path_start = url.find_first_of("/?#");
  if (colon == std::string::npos || (path_start != std::string::npos && path_start < colon)) {
    return true;  // no scheme: a place on this site
  }
  std::string_view scheme = std::string_view(url).substr(0, colon);
  if (scheme.empty() || !is_ascii_alpha(static_cast<unsigned char>(scheme.front())))
    return false;
  for (char c : scheme) {
    auto byte = static_cast<unsigned char>(c);
    if (!is_ascii_alpha(byte) && !is_ascii_digit(byte) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return equals_ignoring_case(scheme, "http") || equals_ignoring_case(scheme, "https") ||
         equals_ignoring_case(scheme, "mailto");
}

}  // namespace plenary::markdown
