#pragma once
// Pure rules of the discussions: where a post sits in its thread's reply tree, how a page of
// posts or threads says where the next one starts, how deep replies are drawn, and the limits on
// what people write. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base64url.hpp"

namespace plenary::discussions {

// ---- The reply tree -------------------------------------------------------------------------
// A post's tree_path is the zero-padded ids of its ancestors from the thread's opening post down
// to itself, joined by '.': "000000000012.000000000015". Sorting by it gives the tree depth
// first, children in the order they were written (ids grow), and a page is an index range scan.

inline constexpr std::size_t path_segment_digits = 12;
// Ids this large never occur; beyond them the fixed width would stop sorting correctly.
inline constexpr std::int64_t max_path_id = 999'999'999'999;
// Deep enough for any real conversation, shallow enough to keep a path well inside an index
// entry (100 × 13 bytes).
inline constexpr int max_reply_depth = 100;

// The path of a post with this id under a parent with this path (nothing: the opening post).
std::string child_path(const std::optional<std::string>& parent_path, std::int64_t id);
// The depth a path stands for: 0 for the opening post.
int depth_of_path(std::string_view path);
// Only paths this module could have written: segments of exactly 12 digits, '.'-joined.
bool valid_path(std::string_view path);

// ---- Drawing the tree -----------------------------------------------------------------------
// The web app indents replies up to this depth; deeper replies are drawn at this depth and say
// whom they answer.
inline constexpr int max_indent_depth = 5;

int indent_for(int depth);

// Whether a post should carry "in reply to <parent>": the opening post and replies to it never
// do; a deeper reply does when indentation can no longer show its parent (beyond
// max_indent_depth) or when its parent is not drawn above it on the same page (a page that
// continues a conversation started on an earlier page, a permalink, a live event).
bool needs_reply_context(int depth, bool parent_drawn_above);

struct TreeEntry {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  int depth = 0;
};

// For a page of posts in tree order: which of them need "in reply to" (see above).
std::vector<bool> reply_context_for_page(const std::vector<TreeEntry>& page);

// ---- Cursors --------------------------------------------------------------------------------
// Opaque to the browser: base64url text. Garbage decodes to nothing.

// A thread page continues after the post with this tree_path.
std::string encode_post_cursor(std::string_view tree_path);
std::optional<std::string> decode_post_cursor(std::string_view cursor);

// A category's thread list: pinned threads first, then the most recently active; a page
// continues after this thread.
struct ThreadCursor {
  bool pinned = false;
  std::string last_post_at;  // as the database wrote it (ISO 8601 with offset): compared exactly
  std::int64_t thread_id = 0;
};
std::string encode_thread_cursor(const ThreadCursor& cursor);
std::optional<ThreadCursor> decode_thread_cursor(std::string_view cursor);

// ---- What people write ----------------------------------------------------------------------
inline constexpr std::size_t max_body_bytes = 64 * 1024;
inline constexpr std::size_t max_title_length = 200;
inline constexpr std::size_t max_tags = 5;
inline constexpr std::size_t max_tag_length = 30;
inline constexpr std::size_t max_reason_length = 1000;

struct TagCheck {
  std::vector<std::string> tags;  // trimmed, lower case, duplicates dropped, in the order given
  std::optional<std::string> problem;
};
// Tags as people type them: "Housing", " housing " and "HOUSING" are one tag.
TagCheck normalise_tags(const std::vector<std::string>& raw);

}  // namespace plenary::discussions
