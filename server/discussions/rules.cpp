#include "discussions/rules.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <unordered_set>

#include "http/json_input.hpp"

namespace plenary::discussions {
namespace {

constexpr std::size_t max_cursor_length = 4096;

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string ascii_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return text;
}

}  // namespace

std::string child_path(const std::optional<std::string>& parent_path, std::int64_t id) {
  if (id <= 0 || id > max_path_id)
    throw std::out_of_range("post id outside the tree path range");
  std::string digits = std::to_string(id);
  std::string segment(path_segment_digits - digits.size(), '0');
  segment += digits;
  if (!parent_path)
    return segment;
  return *parent_path + "." + segment;
}

int depth_of_path(std::string_view path) {
  return static_cast<int>(std::count(path.begin(), path.end(), '.'));
}

bool valid_path(std::string_view path) {
  if (path.empty())
    return false;
  std::size_t start = 0;
  for (;;) {
    const auto dot = path.find('.', start);
    const auto segment = path.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (segment.size() != path_segment_digits)
      return false;
    if (!std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    if (dot == std::string_view::npos)
      return true;
    start = dot + 1;
  }
}

int indent_for(int depth) {
  return std::clamp(depth, 0, max_indent_depth);
}

bool needs_reply_context(int depth, bool parent_drawn_above) {
  if (depth < 2)
    return false;
  return depth > max_indent_depth || !parent_drawn_above;
}

std::vector<bool> reply_context_for_page(const std::vector<TreeEntry>& page) {
  std::vector<bool> needs;
  needs.reserve(page.size());
  std::unordered_set<std::int64_t> drawn;
  for (const auto& entry : page) {
    const bool parent_above = entry.parent_id && drawn.contains(*entry.parent_id);
    needs.push_back(needs_reply_context(entry.depth, parent_above));
    drawn.insert(entry.id);
  }
  return needs;
}

std::string encode_post_cursor(std::string_view tree_path) {
  return base64url_encode(tree_path);
}

std::optional<std::string> decode_post_cursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > max_cursor_length)
    return std::nullopt;
  auto path = base64url_decode(cursor);
  if (!path || !valid_path(*path))
    return std::nullopt;
  return path;
}

std::string encode_thread_cursor(const ThreadCursor& cursor) {
  return base64url_encode(std::string(cursor.pinned ? "p" : "u") + "|" +
                          std::to_string(cursor.thread_id) + "|" + cursor.last_post_at);
}

std::optional<ThreadCursor> decode_thread_cursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > max_cursor_length)
    return std::nullopt;
  auto text = base64url_decode(cursor);
  if (!text || text->size() < 5 || (*text)[1] != '|')
    return std::nullopt;
  ThreadCursor out;
  if ((*text)[0] == 'p') {
    out.pinned = true;
  } else if ((*text)[0] != 'u') {
    return std::nullopt;
  }
  const auto bar = text->find('|', 2);
  if (bar == std::string::npos)
    return std::nullopt;
  const char* first = text->data() + 2;
  const char* last = text->data() + bar;
  auto [end, ec] = std::from_chars(first, last, out.thread_id);
  if (ec != std::errc{} || end != last || out.thread_id <= 0)
    return std::nullopt;
  out.last_post_at = text->substr(bar + 1);
  // A timestamp is digits and a few separators; anything else did not come from us.
  if (out.last_post_at.empty() || out.last_post_at.size() > 40 ||
      !std::all_of(out.last_post_at.begin(), out.last_post_at.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.' || c == '+' || c == 'T' ||
               c == 'Z' || c == ' ';
      })) {
    return std::nullopt;
  }
  return out;
}

TagCheck normalise_tags(const std::vector<std::string>& raw) {
  TagCheck check;
  std::unordered_set<std::string> seen;
  for (const auto& given : raw) {
    std::string tag = ascii_lower(trim(given));
    const auto length = http::utf8_length(tag);
    if (tag.empty() || length > max_tag_length || !http::valid_utf8(tag) ||
        tag.find_first_of("\r\n\t") != std::string::npos) {
      check.problem = "Each tag is 1 to " + std::to_string(max_tag_length) + " characters long.";
      return check;
    }
    if (seen.insert(tag).second)
      check.tags.push_back(std::move(tag));
  }
  if (check.tags.size() > max_tags) {
    check.problem = "A thread can have at most " + std::to_string(max_tags) + " tags.";
  }
  return check;
}

}  // namespace plenary::discussions
