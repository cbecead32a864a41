#include "markdown/mentions.hpp"

namespace plenary::markdown {
namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_handle_char(unsigned char c) {
  return is_ascii_alnum(c) || c == '_' || c == '.' || c == '-';
}

// Bytes of 0x80 and above belong to non-ASCII letters as often as not ("josé@…"), so they count
// as word characters: a false "not a mention" is harmless, a false mention notifies a stranger.
bool joins_previous_word(unsigned char c) {
  return is_handle_char(c) || c == '@' || c == '+' || c == '/' || c == '=' || c == '\\' ||
         c >= 0x80;
}

}  // namespace

std::vector<MentionSpan> find_mentions(std::string_view text) {
  std::vector<MentionSpan> found;
  std::size_t at = text.find('@');
  while (at != std::string_view::npos) {
    std::size_t next_search = at + 1;
    bool starts_a_word = at == 0 || !joins_previous_word(static_cast<unsigned char>(text[at - 1]));
    std::size_t end = at + 1;
    while (end < text.size() && is_handle_char(static_cast<unsigned char>(text[end]))) {
      ++end;
    }
    std::size_t run_end = end;
    while (end > at + 1 && text[end - 1] == '.') {
      --end;
    }
    std::size_t length = end - at - 1;
    bool runs_into_address = run_end < text.size() && text[run_end] == '@';
    if (starts_a_word && !runs_into_address && length >= min_handle_length &&
        length <= max_handle_length && is_ascii_alnum(static_cast<unsigned char>(text[at + 1]))) {
      found.push_back({at, length + 1, std::string(text.substr(at + 1, length))});
      next_search = end;
    }
    at = text.find('@', next_search);
  }
  return found;
}

}  // namespace plenary::markdown
