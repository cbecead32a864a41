#pragma once
// Finding @mentions in a run of plain text. Pure; the renderer decides which runs are plain text
// (not code, not inside a link) and which handles become links.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace plenary::markdown {

inline constexpr std::size_t min_handle_length = 2;
inline constexpr std::size_t max_handle_length = 40;

struct MentionSpan {
  std::size_t offset = 0;  // of the '@'
  std::size_t length = 0;  // '@' included
  std::string handle;      // without the '@'
};

// `@handle`: ASCII letters, digits, '_', '.', '-', starting with a letter or digit, 2 to 40 long.
// Not a mention when the '@' follows a character that can be part of a word or an address
// (jane@example.org, a/@b, x@@y), when the handle runs on into another '@' (@jane@example.org,
// an address elsewhere), or when the run of handle characters is longer than the limit (it is not
// cut short to fit). Dots at the end are the sentence's, not the handle's ("thanks @jane.").
std::vector<MentionSpan> find_mentions(std::string_view text);

}  // namespace plenary::markdown
