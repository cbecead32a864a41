#pragma once
// Posts are written in Markdown (CommonMark with GitHub's tables, autolinks, strikethrough and
// task lists) and rendered here, once on write; the HTML is stored beside the source and sent as
// it is, so this is where a post's HTML is made safe to put into a page. The preview endpoint uses
// the same function with the same options.
//
// What a post's HTML can contain:
// - No raw HTML, ever: HTML in the source is shown as the text it is (`<b>` reads "<b>"), so
//   nothing the author typed disappears without a trace.
// - Links only to http:, https:, mailto: or this site (see links.hpp); any other link is shown as
//   its text alone. Every link carries rel="nofollow ugc noopener" and no target.
// - No images. `![alt](url)` becomes a link to the image, its text the alt text (or the address
//   when there is none), so that reading a post never makes the reader's browser fetch anything
//   from another host: no tracking pixels, no leaking who read what and when, no mixed content.
//   (Once posts can carry uploads, images from this site's own upload path are the case to allow.)
// - Headings two levels down: `#` is <h3>, `##` is <h4>, and deeper ones <h5> and <h6>, because a
//   post sits inside a page whose <h1> is the site's and <h2> the thread's; the heading outline
//   screen-reader users navigate by stays in order.
// - Task-list checkboxes are disabled and labelled "Done" or "Not done".
// - `@handle` becomes <a class="mention" href="…">@handle</a> when the resolver knows the handle.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace plenary::markdown {

// A profile's address for a handle (without the '@'), or nothing when there is no such person.
using MentionResolver = std::function<std::optional<std::string>(std::string_view handle)>;

struct RenderOptions {
  std::size_t max_source_bytes = 64 * 1024;
  MentionResolver resolve_mention{};  // empty: no mention becomes a link
  // Distinct handles looked at per post: the resolver is asked at most this many times, and later
  // handles stay text and are not reported, so one post cannot notify a whole organisation.
  std::size_t max_mentions = 50;
  std::size_t max_html_bytes = 1024 * 1024;
};

// Quotes, lists, emphasis and links inside each other, counted as levels of the document tree.
inline constexpr std::size_t max_nesting_depth = 100;

struct Rendered {
  std::string html;
  std::string plain_text;  // no markup: for search and notifications
  // Handles written as mentions outside code and links, resolved or not, each once, in the order
  // they first appear.
  std::vector<std::string> mentions;
};

// Errors (all for the field "body", kind unprocessable, with a stable `code`): too_long,
// invalid_utf8, nul_character (PostgreSQL text cannot hold U+0000), too_complex (shapes that
// would make the parser work far out of proportion to the input, see parse_cost.hpp),
// nested_too_deeply, rendered_too_large.
//
// Thread-safe (as long as the resolver is); does no I/O of its own. All cmark-gfm parsing in the
// process must go through here: the library keeps parser state in globals (see render.cpp).
Result<Rendered> render(std::string_view source, const RenderOptions& options);

}  // namespace plenary::markdown
