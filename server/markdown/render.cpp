#include "markdown/render.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "markdown/links.hpp"
#include "markdown/mentions.hpp"
#include "markdown/parse_cost.hpp"

namespace plenary::markdown {
namespace {

// CMARK_OPT_DEFAULT is cmark-gfm's safe mode (raw HTML suppressed, javascript:, vbscript:, file:
// and non-image data: links emptied): our own rules below come on top of it, never instead of it.
// Smart punctuation stays off: people quote code and commands in posts.
// Line breaks stay where people typed them, as they expect in a forum post.
constexpr int cmark_options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_HARDBREAKS;
static_assert((cmark_options & CMARK_OPT_UNSAFE) == 0);
static_assert((cmark_options & CMARK_OPT_SMART) == 0);

// cmark-gfm 0.29.0.gfm.6 keeps the table of special inline characters in process-wide arrays,
// and every parse adds its extensions' characters (`~`, `|`, `:`, `w`, …) before inline parsing
// and removes them after (cmark_manage_extensions_special_characters, also called from the table
// extension while blocks are read). Two parses at once race on those arrays: one can lose its
// strikethrough or table cells half way. So parses take turns. The budgets in parse_cost.hpp keep
// each turn to tens of milliseconds; rendering the tree to HTML touches no shared state and runs
// outside the lock.
std::mutex& cmark_parse_mutex() {
  static std::mutex mutex;
  return mutex;
}

void register_extensions_once() {
  // The registry is process-wide too; ensure_registered is not safe to call concurrently.
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct ParserFree {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct BufferFree {
  void operator()(char* buffer) const { cmark_get_default_mem_allocator()->free(buffer); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserFree>;
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;
using BufferPtr = std::unique_ptr<char, BufferFree>;

Error body_error(std::string code, std::string message) {
  Error error = invalid_field("body", std::move(message));
  error.code = std::move(code);
  return error;
}

std::string with_thousands(std::size_t number) {
  std::string digits = std::to_string(number);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

// Where the first byte that is not part of well-formed UTF-8 sits (Unicode table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF), or nothing.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0)
        second_min = 0xA0;
      if (lead == 0xED)
        second_max = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0)
        second_min = 0x90;
      if (lead == 0xF4)
        second_max = 0x8F;
    } else {
      return i;
    }
    if (i + length > text.size())
      return i;
    auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < second_min || second > second_max)
      return i;
    for (std::size_t k = 2; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
        return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::optional<Error> check_source(std::string_view source, const RenderOptions& options) {
  if (source.size() > options.max_source_bytes) {
    return body_error("too_long", "The text is too long: the limit is " +
                                      with_thousands(options.max_source_bytes) +
                                      " bytes and this text is " + with_thousands(source.size()) +
                                      " bytes.");
  }
  if (auto bad = first_invalid_utf8(source)) {
    return body_error("invalid_utf8", "The text is not valid UTF-8 (the first bad byte is byte " +
                                          with_thousands(*bad + 1) + ").");
  }
  if (source.find('\0') != std::string_view::npos) {
    return body_error("nul_character",
                      "The text contains a NUL character (U+0000), which cannot be stored. "
                      "Remove it and try again.");
  }
  return std::nullopt;
}

struct ParsePlan {
  bool tables = true;
  bool autolinks = true;
};

// Shapes the core parser is slow on are refused; shapes only an extension is slow on are parsed
// without that extension, which leaves the text readable (a table shows as lines with pipes, an
// address stays unlinked).
Result<ParsePlan> plan_parse(std::string_view source) {
  const ParseBudget budget;
  ParseCost cost = estimate_parse_cost(source);
  if (cost.inline_html_scan > budget.inline_html_scan) {
    return body_error("too_complex",
                      "The text is too complex to display: a paragraph has too many `<?`, `<!` or "
                      "`<![CDATA[` in it.");
  }
  if (cost.bracket_walk > budget.bracket_walk) {
    return body_error("too_complex",
                      "The text is too complex to display: a paragraph has too many `[` "
                      "brackets and links together.");
  }
  ParsePlan plan;
  plan.tables =
      cost.table_cells <= budget.table_cells && cost.table_row_width <= budget.table_row_width;
  plan.autolinks = cost.www_autolink_scan <= budget.www_autolink_scan &&
                   cost.address_autolink_scan <= budget.address_autolink_scan;
  return plan;
}

NodePtr parse(std::string_view source, const ParsePlan& plan, ParserPtr& parser) {
  register_extensions_once();
  std::lock_guard lock(cmark_parse_mutex());
  parser.reset(cmark_parser_new(cmark_options));
  std::vector<const char*> extensions = {"strikethrough", "tasklist"};
  if (plan.tables)
    extensions.push_back("table");
  if (plan.autolinks)
    extensions.push_back("autolink");
  for (const char* name : extensions) {
    cmark_parser_attach_syntax_extension(parser.get(), cmark_find_syntax_extension(name));
  }
  cmark_parser_feed(parser.get(), source.data(), source.size());
  return NodePtr(cmark_parser_finish(parser.get()));
}

std::string_view literal_of(cmark_node* node) {
  const char* literal = cmark_node_get_literal(node);
  return literal ? std::string_view(literal) : std::string_view();
}

std::string_view url_of(cmark_node* node) {
  const char* url = cmark_node_get_url(node);
  return url ? std::string_view(url) : std::string_view();
}

cmark_node* new_text(std::string_view text) {
  cmark_node* node = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(node, std::string(text).c_str());
  return node;
}

std::string plain_text_of(cmark_node* root);
std::string tidy_plain_text(std::string_view text);

// Puts `node` before `anchor`. Some parents take only some children (a table cell holds no
// custom nodes, for one): where `node` is refused, its words go in instead, so nothing the author
// wrote is lost.
void insert_before(cmark_node* anchor, cmark_node* node) {
  if (cmark_node_insert_before(anchor, node))
    return;
  cmark_node* words = new_text(tidy_plain_text(plain_text_of(node)));
  cmark_node_free(node);
  if (!cmark_node_insert_before(anchor, words))
    cmark_node_free(words);
}

bool is_type(cmark_node* node, std::string_view type_name) {
  return type_name == cmark_node_get_type_string(node);
}

// The node types cmark_iter visits once, with no exit event (iterator.c's S_is_leaf).
bool visited_once(cmark_node* node) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
      return true;
    default:
      return false;
  }
}

bool is_table_row(cmark_node* node) {
  return is_type(node, "table_row") || is_type(node, "table_header");
}

bool ends_a_line(cmark_node* node) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_ITEM:
      return true;
    default:
      return is_table_row(node);
  }
}

// The words of a subtree: text and code as written, breaks as spaces or newlines, a newline after
// each block and a tab between table cells.
std::string plain_text_of(cmark_node* root) {
  std::string text;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (event == CMARK_EVENT_ENTER) {
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_HTML_BLOCK:
          text += literal_of(node);
          break;
        case CMARK_NODE_SOFTBREAK:
          text.push_back(' ');
          break;
        case CMARK_NODE_LINEBREAK:
          text.push_back('\n');
          break;
        default:
          break;
      }
    }
    bool leaving = event == CMARK_EVENT_EXIT || visited_once(node);
    if (leaving && ends_a_line(node))
      text.push_back('\n');
    if (leaving && is_type(node, "table_cell") && cmark_node_next(node) != nullptr) {
      text.push_back('\t');
    }
  }
  cmark_iter_free(iter);
  return text;
}

// Blank lines and trailing spaces are layout, not content.
std::string tidy_plain_text(std::string_view text) {
  std::string tidy;
  tidy.reserve(text.size());
  for (char c : text) {
    if (c == '\n') {
      while (!tidy.empty() && (tidy.back() == ' ' || tidy.back() == '\t'))
        tidy.pop_back();
      if (tidy.empty() || tidy.back() == '\n')
        continue;
    }
    tidy.push_back(c);
  }
  while (!tidy.empty() && (tidy.back() == '\n' || tidy.back() == ' ' || tidy.back() == '\t')) {
    tidy.pop_back();
  }
  return tidy;
}

struct Collected {
  std::vector<cmark_node*> raw_html;
  std::vector<cmark_node*> mention_candidates;  // text outside links and images
  std::vector<cmark_node*> links;
  std::vector<cmark_node*> images;  // in document order: an image in an image's alt comes later
  std::vector<cmark_node*> headings;
  std::size_t depth = 0;
};

Collected collect(cmark_node* document) {
  Collected found;
  std::size_t depth = 0;
  std::size_t inside_links_or_images = 0;
  cmark_iter* iter = cmark_iter_new(document);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    cmark_node_type type = cmark_node_get_type(node);
    bool link_or_image = type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE;
    if (event == CMARK_EVENT_EXIT) {
      --depth;
      if (link_or_image)
        --inside_links_or_images;
      continue;
    }
    found.depth = std::max(found.depth, depth + 1);
    switch (type) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        found.raw_html.push_back(node);
        break;
      case CMARK_NODE_TEXT:
        if (inside_links_or_images == 0)
          found.mention_candidates.push_back(node);
        break;
      case CMARK_NODE_LINK:
        found.links.push_back(node);
        break;
      case CMARK_NODE_IMAGE:
        found.images.push_back(node);
        break;
      case CMARK_NODE_HEADING:
        found.headings.push_back(node);
        break;
      default:
        break;
    }
    if (!visited_once(node)) {
      ++depth;
      if (link_or_image)
        ++inside_links_or_images;
    }
  }
  cmark_iter_free(iter);
  return found;
}

void show_raw_html_as_text(cmark_node* node) {
  std::string_view literal = literal_of(node);
  cmark_node* replacement = nullptr;
  if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
    while (!literal.empty() && (literal.back() == '\n' || literal.back() == '\r')) {
      literal.remove_suffix(1);
    }
    replacement = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(replacement, new_text(literal));
  } else {
    replacement = new_text(literal);
  }
  insert_before(node, replacement);
  cmark_node_free(node);
}

// A mention is a link node whose address starts with this marker, which finish_html turns into
// the mention's class. It has to be a link: a table cell may hold links but no custom nodes. No
// link from the post can carry the marker: a leading control character is stripped before the
// scheme is read, and "mention:" is not an allowed scheme.
constexpr std::string_view mention_marker = "\x01mention:";
constexpr std::string_view rendered_mention_start = "<a href=\"%01mention:";

class Mentions {
 public:
  explicit Mentions(const RenderOptions& options) : options_(options) {}

  // The profile address for a handle if it is to be linked; remembers the handle as found.
  std::optional<std::string> link_for(const std::string& handle) {
    if (auto known = resolved_.find(handle); known != resolved_.end())
      return known->second;
    if (found_.size() >= options_.max_mentions)
      return std::nullopt;
    found_.push_back(handle);
    std::optional<std::string> url;
    if (options_.resolve_mention)
      url = options_.resolve_mention(handle);
    // The resolver is ours, but its answer goes into an href all the same.
    if (url && !allowed_link_destination(*url))
      url.reset();
    resolved_.emplace(handle, url);
    return url;
  }

  void link_in(cmark_node* text_node) {
    std::string literal(literal_of(text_node));
    std::size_t done = 0;
    bool any_linked = false;
    for (const MentionSpan& span : find_mentions(literal)) {
      auto url = link_for(span.handle);
      if (!url)
        continue;
      any_linked = true;
      if (span.offset > done) {
        insert_before(text_node, new_text(literal.substr(done, span.offset - done)));
      }
      cmark_node* mention = cmark_node_new(CMARK_NODE_LINK);
      cmark_node_set_url(mention, (std::string(mention_marker) + *url).c_str());
      cmark_node_append_child(mention, new_text(literal.substr(span.offset, span.length)));
      insert_before(text_node, mention);
      done = span.offset + span.length;
    }
    if (!any_linked)
      return;
    if (done < literal.size())
      insert_before(text_node, new_text(literal.substr(done)));
    cmark_node_free(text_node);
  }

  std::vector<std::string> found() && { return std::move(found_); }

 private:
  const RenderOptions& options_;
  std::vector<std::string> found_;
  std::unordered_map<std::string, std::optional<std::string>> resolved_;
};

// A link we do not allow keeps its words and loses the link.
void unlink_if_not_allowed(cmark_node* link) {
  if (allowed_link_destination(url_of(link)))
    return;
  while (cmark_node* child = cmark_node_first_child(link)) {
    cmark_node_unlink(child);
    insert_before(link, child);
  }
  cmark_node_free(link);
}

bool has_link_ancestor(cmark_node* node) {
  for (cmark_node* up = cmark_node_parent(node); up != nullptr; up = cmark_node_parent(up)) {
    if (cmark_node_get_type(up) == CMARK_NODE_LINK)
      return true;
  }
  return false;
}

// An image becomes a link to it (see render.hpp); inside a link, or when its address is not
// allowed, only its words remain. The alt text is flattened: a link cannot hold a link.
void replace_image(cmark_node* image) {
  std::string alt = tidy_plain_text(plain_text_of(image));
  std::replace(alt.begin(), alt.end(), '\n', ' ');
  std::string url(url_of(image));
  bool allowed = allowed_link_destination(url);
  std::string words = !alt.empty() ? alt : allowed ? url : std::string();
  cmark_node* replacement = nullptr;
  if (allowed && !has_link_ancestor(image)) {
    replacement = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(replacement, url.c_str());
    const char* title = cmark_node_get_title(image);
    if (title != nullptr && *title != '\0')
      cmark_node_set_title(replacement, title);
    cmark_node_append_child(replacement, new_text(words));
  } else if (!words.empty()) {
    replacement = new_text(words);
  }
  if (replacement != nullptr)
    insert_before(image, replacement);
  cmark_node_free(image);
}

void shift_heading(cmark_node* heading) {
  int level = cmark_node_get_heading_level(heading);
  cmark_node_set_heading_level(heading, std::min(level + 2, 6));
}

// Marks only cmark-gfm itself writes: text from the post reaches the HTML with every '<' escaped,
// so a '<' in the output always starts a tag the renderer made.
std::string finish_html(std::string_view html) {
  static constexpr std::string_view link_start = "<a href=\"";
  static constexpr std::string_view open_task = "<input type=\"checkbox\" disabled=\"\" />";
  static constexpr std::string_view done_task =
      "<input type=\"checkbox\" checked=\"\" disabled=\"\" />";
  std::string finished;
  finished.reserve(html.size() + html.size() / 8);
  std::size_t done = 0;
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    std::string_view here = html.substr(at);
    std::string_view replacement;
    std::size_t replaced = 0;
    if (here.starts_with(rendered_mention_start)) {
      replacement = "<a class=\"mention\" href=\"";
      replaced = rendered_mention_start.size();
    } else if (here.starts_with(link_start)) {
      replacement = "<a rel=\"nofollow ugc noopener\" href=\"";
      replaced = link_start.size();
    } else if (here.starts_with(open_task)) {
      replacement = "<input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\" />";
      replaced = open_task.size();
    } else if (here.starts_with(done_task)) {
      replacement = "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Done\" />";
      replaced = done_task.size();
    } else {
      continue;
    }
    finished.append(html.substr(done, at - done));
    finished.append(replacement);
    done = at + replaced;
  }
  finished.append(html.substr(done));
  return finished;
}

}  // namespace

Result<Rendered> render(std::string_view source, const RenderOptions& options) {
  if (auto error = check_source(source, options))
    return *error;
  auto plan = plan_parse(source);
  if (!plan)
    return plan.error();

  ParserPtr parser;
  NodePtr document = parse(source, *plan, parser);
  cmark_consolidate_text_nodes(document.get());

  Collected found = collect(document.get());
  if (found.depth > max_nesting_depth) {
    return body_error("nested_too_deeply",
                      "The text is nested too deeply: quotes, lists, emphasis and links inside "
                      "each other can go at most " +
                          std::to_string(max_nesting_depth) + " levels deep.");
  }
  // Order matters: raw HTML and links inside an image's alt text must be dealt with before the
  // image is flattened and freed; images go innermost first for the same reason.
  for (cmark_node* node : found.raw_html)
    show_raw_html_as_text(node);
  Mentions mentions(options);
  for (cmark_node* node : found.mention_candidates)
    mentions.link_in(node);
  for (cmark_node* node : found.links)
    unlink_if_not_allowed(node);
  for (auto image = found.images.rbegin(); image != found.images.rend(); ++image) {
    replace_image(*image);
  }
  for (cmark_node* node : found.headings)
    shift_heading(node);

  BufferPtr html(cmark_render_html(document.get(), cmark_options,
                                   cmark_parser_get_syntax_extensions(parser.get())));
  Rendered rendered;
  rendered.html = finish_html(html.get());
  if (rendered.html.size() > options.max_html_bytes) {
    return body_error("rendered_too_large",
                      "The text is too large to display: its HTML would be more than " +
                          with_thousands(options.max_html_bytes) + " bytes.");
  }
  rendered.plain_text = tidy_plain_text(plain_text_of(document.get()));
  rendered.mentions = std::move(mentions).found();
  return rendered;
}

}  // namespace plenary::markdown
