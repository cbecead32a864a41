// The Markdown renderer for posts: every payload of an XSS corpus rendered and inspected, the
// limits on size, encoding and parser work, and what ordinary posts turn into.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "markdown/links.hpp"
#include "markdown/mentions.hpp"
#include "markdown/parse_cost.hpp"
#include "markdown/render.hpp"

namespace plenary::markdown {
namespace {

// ---------------------------------------------------------------------------------------------
// Reading the renderer's output back. The checks are written independently of the renderer's
// own helpers, so a mistake in links.cpp cannot hide itself here.

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// What a browser makes of an attribute value: character references decoded (with or without the
// semicolon, as HTML allows for numeric ones).
std::string decode_attribute(std::string_view value) {
  static const std::map<std::string, std::string, std::less<>> named = {
      {"amp", "&"},   {"lt", "<"},   {"gt", ">"},       {"quot", "\""},      {"apos", "'"},
      {"colon", ":"}, {"tab", "\t"}, {"newline", "\n"}, {"nbsp", "\xC2\xA0"}};
  std::string decoded;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '&') {
      decoded.push_back(value[i]);
      continue;
    }
    std::size_t j = i + 1;
    if (j < value.size() && value[j] == '#') {
      bool hex = j + 1 < value.size() && (value[j + 1] == 'x' || value[j + 1] == 'X');
      std::size_t digits_start = j + (hex ? 2 : 1);
      std::size_t k = digits_start;
      while (k < value.size() && (hex ? std::isxdigit(static_cast<unsigned char>(value[k]))
                                      : std::isdigit(static_cast<unsigned char>(value[k])))) {
        ++k;
      }
      if (k > digits_start) {
        unsigned long code = std::stoul(std::string(value.substr(digits_start, k - digits_start)),
                                        nullptr, hex ? 16 : 10);
        append_utf8(decoded, std::min(code, 0x10FFFFUL));
        i = (k < value.size() && value[k] == ';') ? k : k - 1;
        continue;
      }
    } else {
      std::size_t k = j;
      while (k < value.size() && std::isalpha(static_cast<unsigned char>(value[k])))
        ++k;
      if (k < value.size() && value[k] == ';') {
        if (auto found = named.find(value.substr(j, k - j)); found != named.end()) {
          decoded += found->second;
          i = k;
          continue;
        }
      }
    }
    decoded.push_back('&');
  }
  return decoded;
}

// The scheme a browser would see: controls and spaces anywhere dropped (stricter than browsers,
// which drop only tabs and line breaks inside), letters lowered.
bool has_dangerous_scheme(std::string_view attribute_value) {
  std::string squeezed;
  for (char c : decode_attribute(attribute_value)) {
    if (static_cast<unsigned char>(c) > 0x20)
      squeezed.push_back(c);
  }
  std::string scheme = lower_case(squeezed.substr(0, squeezed.find(':') + 1));
  return scheme == "javascript:" || scheme == "vbscript:" || scheme == "data:" || scheme == "file:";
}

struct Tag {
  std::string name;
  bool closing = false;
  std::map<std::string, std::string> attributes;  // raw values, still escaped
};

struct Inspection {
  std::vector<Tag> tags;
  std::vector<std::string> problems;
};

// Text reaches the output with every '<' escaped, so each '<' must open a tag of the plain form
// the renderer writes: a lower-case name, attributes with double-quoted values, '>' or ' />'.
Inspection inspect(std::string_view html) {
  Inspection result;
  auto is_name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  };
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    Tag tag;
    std::size_t j = i + 1;
    if (j < html.size() && html[j] == '/') {
      tag.closing = true;
      ++j;
    }
    std::size_t name_start = j;
    while (j < html.size() && is_name_char(html[j]))
      ++j;
    tag.name = std::string(html.substr(name_start, j - name_start));
    bool well_formed = !tag.name.empty();
    while (well_formed) {
      while (j < html.size() && html[j] == ' ')
        ++j;
      if (j < html.size() && html[j] == '>')
        break;
      if (html.substr(j).starts_with("/>")) {
        ++j;
        break;
      }
      std::size_t attribute_start = j;
      while (j < html.size() && is_name_char(html[j]))
        ++j;
      std::string attribute(html.substr(attribute_start, j - attribute_start));
      if (attribute.empty() || tag.closing || j >= html.size() || html[j] != '=' ||
          j + 1 >= html.size() || html[j + 1] != '"') {
        well_formed = false;
        break;
      }
      std::size_t value_end = html.find('"', j + 2);
      if (value_end == std::string_view::npos) {
        well_formed = false;
        break;
      }
      std::string value(html.substr(j + 2, value_end - j - 2));
      if (value.find('<') != std::string::npos || value.find('>') != std::string::npos) {
        well_formed = false;
        break;
      }
      if (!tag.attributes.emplace(attribute, value).second) {
        well_formed = false;  // the same attribute twice
        break;
      }
      j = value_end + 1;
    }
    if (!well_formed || j >= html.size()) {
      result.problems.push_back("not a tag the renderer writes: " +
                                std::string(html.substr(i, 60)));
      i = j + 1;
      continue;
    }
    result.tags.push_back(std::move(tag));
    i = j + 1;
  }
  return result;
}

// Everything a post's HTML may contain; anything else is a finding.
std::vector<std::string> allow_list_problems(const Inspection& inspection) {
  static const std::map<std::string, std::set<std::string>> allowed = {
      {"p", {}},
      {"h3", {}},
      {"h4", {}},
      {"h5", {}},
      {"h6", {}},
      {"blockquote", {}},
      {"ul", {}},
      {"ol", {"start"}},
      {"li", {}},
      {"pre", {}},
      {"code", {"class"}},
      {"em", {}},
      {"strong", {}},
      {"del", {}},
      {"br", {}},
      {"hr", {}},
      {"table", {}},
      {"thead", {}},
      {"tbody", {}},
      {"tr", {}},
      {"th", {"align"}},
      {"td", {"align"}},
      {"a", {"href", "rel", "title", "class"}},
      {"input", {"type", "checked", "disabled", "aria-label"}}};
  std::vector<std::string> problems = inspection.problems;
  for (const Tag& tag : inspection.tags) {
    auto rule = allowed.find(tag.name);
    if (rule == allowed.end()) {
      problems.push_back("element <" + tag.name + "> is not allowed");
      continue;
    }
    for (const auto& [name, value] : tag.attributes) {
      if (!rule->second.contains(name)) {
        problems.push_back("attribute " + name + " on <" + tag.name + "> is not allowed");
      }
    }
    if (tag.name == "a" && !tag.closing) {
      auto href = tag.attributes.find("href");
      if (href == tag.attributes.end() || href->second.empty()) {
        problems.push_back("a link without an address");
      } else if (has_dangerous_scheme(href->second) ||
                 !allowed_link_destination(decode_attribute(href->second))) {
        problems.push_back("link to " + href->second);
      }
      bool mention = tag.attributes.contains("class") && tag.attributes.at("class") == "mention";
      if (tag.attributes.contains("class") && !mention) {
        problems.push_back("link class " + tag.attributes.at("class"));
      }
      if (!mention && (!tag.attributes.contains("rel") ||
                       tag.attributes.at("rel") != "nofollow ugc noopener")) {
        problems.push_back("a link without rel=\"nofollow ugc noopener\"");
      }
    }
    if (tag.name == "code" && tag.attributes.contains("class") &&
        !tag.attributes.at("class").starts_with("language-")) {
      problems.push_back("code class " + tag.attributes.at("class"));
    }
    if (tag.name == "input" && !tag.closing &&
        (!tag.attributes.contains("type") || tag.attributes.at("type") != "checkbox" ||
         !tag.attributes.contains("disabled"))) {
      problems.push_back("an input that is not a disabled checkbox");
    }
  }
  return problems;
}

// The attribute names of a tag as written, quoted values blanked out: an escaped title may well
// say "onmouseover=".
std::string attribute_names_of(std::string_view tag) {
  std::string names;
  bool quoted = false;
  for (char c : tag) {
    if (c == '"')
      quoted = !quoted;
    if (!quoted && c != '"')
      names.push_back(static_cast<char>(std::tolower(c)));
  }
  return names;
}

// Whether an attribute whose lower-case name satisfies `matches` is set: white space, the name,
// optional white space, '='.
bool has_attribute(std::string_view names, const std::function<bool(std::string_view)>& matches) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/';
  };
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!is_space(names[i]))
      continue;
    std::size_t start = i + 1;
    std::size_t end = start;
    while (end < names.size() && !is_space(names[end]) && names[end] != '=' && names[end] != '>') {
      ++end;
    }
    std::size_t after = end;
    while (after < names.size() && is_space(names[after]))
      ++after;
    if (after < names.size() && names[after] == '=' && matches(names.substr(start, end - start))) {
      return true;
    }
  }
  return false;
}

bool is_event_handler_name(std::string_view name) {
  return name.size() > 2 && name.starts_with("on") &&
         std::all_of(name.begin() + 2, name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The values of the attributes a browser follows or fetches, from a tag as written.
std::vector<std::string> address_values_of(std::string_view tag) {
  std::vector<std::string> values;
  std::string lowered = lower_case(tag);
  for (std::string_view name :
       {" href=\"", " src=\"", " action=\"", " formaction=\"", " xlink:href=\"", " srcset=\""}) {
    for (std::size_t at = lowered.find(name); at != std::string::npos;
         at = lowered.find(name, at + 1)) {
      std::size_t start = at + name.size();
      std::size_t end = tag.find('"', start);
      values.emplace_back(tag.substr(start, end == std::string_view::npos ? end : end - start));
    }
  }
  return values;
}

// The properties every rendering must have, checked on the raw HTML as well as on its tags.
void expect_safe_html(const std::string& html, const std::string& context) {
  SCOPED_TRACE(context);
  for (const std::string& problem : allow_list_problems(inspect(html))) {
    ADD_FAILURE() << problem << " in:\n" << html.substr(0, 2000);
  }
  const std::string lowered = lower_case(html);
  for (std::string_view element :
       {"<script",  "<iframe", "<svg",      "<style",   "<img",      "<object",
        "<embed",   "<form",   "<meta",     "<base",    "<link",     "<math",
        "<body",    "<button", "<textarea", "<details", "<noscript", "<!--",
        "<![cdata", "<?",      "<!doctype", "<div",     "<span"}) {
    EXPECT_EQ(lowered.find(element), std::string::npos) << element << " in:\n" << html;
  }
  for (std::size_t open = html.find('<'); open != std::string::npos;
       open = html.find('<', open + 1)) {
    std::size_t close = html.find('>', open);
    std::string_view tag = std::string_view(html).substr(open, close - open + 1);
    std::string names = attribute_names_of(tag);
    EXPECT_FALSE(has_attribute(names, is_event_handler_name)) << "event handler in " << tag;
    EXPECT_FALSE(has_attribute(names, [](std::string_view name) { return name == "style"; }))
        << "style in " << tag;
    for (const std::string& address : address_values_of(tag)) {
      EXPECT_FALSE(has_dangerous_scheme(address)) << "dangerous address in " << tag;
    }
  }
}

Rendered render_ok(std::string_view source, const RenderOptions& options = {}) {
  auto result = render(source, options);
  EXPECT_TRUE(result.ok()) << (result.ok() ? ""
                                           : result.error().code + ": " + result.error().detail)
                           << "\nsource: " << source.substr(0, 200);
  if (!result.ok())
    return {};
  expect_safe_html(result->html, "source: " + std::string(source.substr(0, 200)));
  return std::move(result).value();
}

Error render_error(std::string_view source, const RenderOptions& options = {}) {
  auto result = render(source, options);
  EXPECT_FALSE(result.ok()) << "rendered:\n" << (result.ok() ? result->html : "");
  return result.ok() ? Error{ErrorKind::bad_request, "rendered"} : result.error();
}

std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

RenderOptions with_people(std::set<std::string, std::less<>> handles) {
  RenderOptions options;
  options.resolve_mention =
      [handles = std::move(handles)](std::string_view handle) -> std::optional<std::string> {
    if (!handles.contains(handle))
      return std::nullopt;
    return "/people/" + std::string(handle);
  };
  return options;
}

// ---------------------------------------------------------------------------------------------
// The corpus

struct Payload {
  std::string name;
  std::string text;
};

std::vector<Payload> load_payloads() {
  const std::filesystem::path relative =
      std::filesystem::path("tests") / "data" / "xss" / "payloads.txt";
  const std::filesystem::path beside_source =
      std::filesystem::path(__FILE__).parent_path().parent_path() / "data" / "xss" / "payloads.txt";
  std::ifstream file(std::filesystem::exists(relative) ? relative : beside_source,
                     std::ios::binary);
  std::vector<Payload> payloads;
  if (!file)
    return payloads;
  std::string line;
  while (std::getline(file, line)) {
    if (line.starts_with("=== ")) {
      if (!payloads.empty() && payloads.back().text.ends_with('\n')) {
        payloads.back().text.pop_back();
      }
      payloads.push_back({line.substr(4), ""});
    } else if (!payloads.empty()) {
      payloads.back().text += line + "\n";
    }
  }
  if (!payloads.empty() && payloads.back().text.ends_with('\n'))
    payloads.back().text.pop_back();
  return payloads;
}

// Whether checking `html` reports a failure whose message contains `finding`.
bool check_reports(const std::string& html, std::string_view finding) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter intercept(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    expect_safe_html(html, "checking the checks");
  }
  for (int i = 0; i < results.size(); ++i) {
    if (std::string_view(results.GetTestPartResult(i).message()).find(finding) !=
        std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// The checks above are the tests' oracle: they must see what they look for.
TEST(MarkdownXss, TheChecksCatchActiveContent) {
  EXPECT_TRUE(check_reports("<p><script>x</script></p>", "<script"));
  EXPECT_TRUE(check_reports("<p><SCRIPT>x</SCRIPT></p>", "<script"));
  EXPECT_TRUE(check_reports("<p onclick=\"x\">a</p>", "event handler"));
  EXPECT_TRUE(check_reports("<p ONMOUSEOVER = \"x\">a</p>", "event handler"));
  EXPECT_TRUE(
      check_reports("<p><a rel=\"nofollow ugc noopener\" href=\"&#106;avascript:x\">a</a></p>",
                    "dangerous address"));
  EXPECT_TRUE(
      check_reports("<p><a rel=\"nofollow ugc noopener\" href=\"DaTa:text/html,x\">a</a></p>",
                    "dangerous address"));
  EXPECT_TRUE(check_reports("<p><a rel=\"nofollow ugc noopener\" href=\"\">a</a></p>",
                            "without an address"));
  EXPECT_TRUE(check_reports("<p><a href=\"https://x\">a</a></p>", "rel=\"nofollow"));
  EXPECT_TRUE(check_reports("<p style=\"x\">a</p>", "style in"));
  EXPECT_TRUE(check_reports("<p>a <i>b</i></p>", "<i> is not allowed"));
  EXPECT_TRUE(check_reports("<p>a <p b>c</p>", "not a tag"));
  EXPECT_FALSE(check_reports(
      "<p><a rel=\"nofollow ugc noopener\" href=\"/x\" title=\"x onclick=&quot;y&quot;\">a</a></p>",
      ""));
}

TEST(MarkdownXss, EveryPayloadInTheCorpusRendersWithoutActiveContent) {
  auto payloads = load_payloads();
  ASSERT_GE(payloads.size(), 100u) << "tests/data/xss/payloads.txt is missing or cut short";
  auto options = with_people({"jane"});
  for (const Payload& payload : payloads) {
    SCOPED_TRACE(payload.name);
    auto rendered = render_ok(payload.text, options);
    // Nothing the author wrote vanishes: the words of each payload survive as text.
    EXPECT_FALSE(rendered.plain_text.empty() && !payload.text.empty()) << payload.text;
  }
}

// The payloads with control bytes, which the corpus file cannot hold.
TEST(MarkdownXss, ControlCharactersCannotSmuggleASchemeIn) {
  const std::vector<std::string> destinations = {
      std::string("<\x01javascript:alert(1)>"), std::string("<java\x0bscript:alert(1)>"),
      std::string("<\x1fjavascript:alert(1)>"), std::string("<javascript\x0c:alert(1)>"),
      std::string("<\x7fjavascript:alert(1)>"), std::string("<java\rscript:alert(1)>")};
  for (const std::string& destination : destinations) {
    auto rendered = render_ok("[click](" + destination + ")");
    EXPECT_EQ(rendered.html.find("javascript"), std::string::npos) << rendered.html;
    auto as_reference = render_ok("[click]\n\n[click]: " + destination);
    EXPECT_EQ(as_reference.html.find("href"), std::string::npos) << as_reference.html;
  }
}

TEST(MarkdownXss, ScriptElementsAreShownAsTheTextTheyAre) {
  auto rendered = render_ok("Look: <script>alert(1)</script>");
  EXPECT_EQ(rendered.html, "<p>Look: &lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  EXPECT_EQ(rendered.plain_text, "Look: <script>alert(1)</script>");

  auto block = render_ok("<script>\nalert(1)\n</script>");
  EXPECT_EQ(block.html, "<p>&lt;script&gt;\nalert(1)\n&lt;/script&gt;</p>\n");
}

TEST(MarkdownXss, EventHandlersStayInsideEscapedText) {
  for (std::string source :
       {"<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)//", "<svg/onload=alert(1)>",
        "<a href=\"https://x\" onclick=\"y\">z</a>", "<details open ontoggle=alert(1)>"}) {
    auto rendered = render_ok(source);
    EXPECT_TRUE(rendered.html.starts_with("<p>&lt;")) << rendered.html;
    EXPECT_EQ(count_of(rendered.html, "<"), 2u) << "only <p> and </p>: " << rendered.html;
  }
}

TEST(MarkdownXss, DangerousLinksKeepTheirWordsAndLoseTheLink) {
  const std::vector<std::string> destinations = {
      "javascript:alert(1)",       "JaVaScRiPt:alert(1)",
      "&#106;avascript:alert(1)",  "&#x6A;avascript:alert(1)",
      "&#X6a;avascript:alert(1)",  "&#0000106;avascript:alert(1)",
      "javascript&colon;alert(1)", "javascript&#58;alert(1)",
      "javascript\\:alert(1)",     "%6Aavascript:alert(1)",
      "<java\tscript:alert(1)>",   "java&#x09;script:alert(1)",
      "java&#10;script:alert(1)",  "< javascript:alert(1)>",
      "&#32;javascript:alert(1)",  "vbscript:msgbox(1)",
      "VBScript:msgbox(1)",        "data:text/html;base64,PHNjcmlwdD4=",
      "DATA:text/html,x",          "data:image/png;base64,iVBORw0KGgo=",
      "file:///etc/passwd",        "intent://x#Intent;end",
      "java\xE2\x80\xA8script:x",  "\xEF\xBD\x8A\xEF\xBD\x81vascript:x"};
  for (const std::string& destination : destinations) {
    SCOPED_TRACE(destination);
    auto inline_link = render_ok("[click me](" + destination + ")");
    EXPECT_EQ(inline_link.html, "<p>click me</p>\n");
    auto reference = render_ok("[click me][x]\n\n[x]: " + destination);
    EXPECT_EQ(reference.html, "<p>click me</p>\n");
    auto image = render_ok("![click me](" + destination + ")");
    EXPECT_EQ(image.html, "<p>click me</p>\n");
  }
}

TEST(MarkdownXss, DangerousAutolinksBecomeText) {
  for (std::string scheme : {"javascript", "JAVASCRIPT", "vbscript", "data", "file"}) {
    auto rendered = render_ok("<" + scheme + ":alert(1)>");
    EXPECT_EQ(rendered.html, "<p>" + scheme + ":alert(1)</p>\n");
  }
}

TEST(MarkdownXss, LinkTitlesCannotBreakOutOfTheirAttribute) {
  auto double_quoted = render_ok("[a](https://x.example \"t\\\" onmouseover=\\\"alert(1)\")");
  EXPECT_EQ(double_quoted.html,
            "<p><a rel=\"nofollow ugc noopener\" href=\"https://x.example\" "
            "title=\"t&quot; onmouseover=&quot;alert(1)\">a</a></p>\n");
  auto single_quoted = render_ok("[a](https://x.example 'it\\'s <b>')");
  EXPECT_NE(single_quoted.html.find("title=\"it's &lt;b&gt;\""), std::string::npos)
      << single_quoted.html;
  auto quote_in_url = render_ok("[a](<https://x.example/\"onmouseover=\"alert(1)>)");
  EXPECT_NE(quote_in_url.html.find("href=\"https://x.example/%22onmouseover=%22alert(1)\""),
            std::string::npos)
      << quote_in_url.html;
}

TEST(MarkdownXss, HtmlInTableCellsIsText) {
  auto rendered = render_ok(
      "| a | b |\n|---|:-:|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |");
  EXPECT_NE(rendered.html.find("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"), std::string::npos)
      << rendered.html;
  EXPECT_NE(rendered.html.find("<td align=\"center\">&lt;img src=x onerror=alert(1)&gt;</td>"),
            std::string::npos)
      << rendered.html;
}

TEST(MarkdownXss, CodeBlockInfoStringsStayInsideTheClass) {
  auto rendered = render_ok("```js\"><script>alert(1)</script>\nx\n```");
  EXPECT_EQ(rendered.html,
            "<pre><code class=\"language-js&quot;&gt;&lt;script&gt;alert(1)&lt;/"
            "script&gt;\">x\n</code></pre>\n");
}

TEST(MarkdownXss, HtmlCommentsAreShownNotHidden) {
  auto rendered = render_ok("a <!-- secret --> b\n\n<!--\nblock\n-->");
  EXPECT_EQ(rendered.html, "<p>a &lt;!-- secret --&gt; b</p>\n<p>&lt;!--\nblock\n--&gt;</p>\n");
}

TEST(MarkdownXss, NulBytesAreRefused) {
  auto error = render_error(std::string("a\0<script>", 10));
  EXPECT_EQ(error.kind, ErrorKind::unprocessable);
  EXPECT_EQ(error.code, "nul_character");
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].field, "body");
}

TEST(MarkdownXss, InvalidUtf8IsRefusedWithWhereItIs) {
  const std::vector<std::pair<std::string, std::size_t>> cases = {
      {"ab\xC0\xAF", 3},         // overlong '/'
      {"\xE0\x80\xAF", 1},       // overlong, three bytes
      {"x\xED\xA0\x80", 2},      // a surrogate
      {"\xF4\x90\x80\x80", 1},   // above U+10FFFF
      {"\xF5\x80\x80\x80", 1},   // a lead byte that never starts a character
      {"abc\xFF", 4},            // never valid
      {"\xE2\x82", 1},           // cut short
      {"\x80", 1},               // a continuation byte on its own
      {"<scr\xC0\xBCipt>", 5}};  // an overlong '<'
  for (const auto& [source, byte] : cases) {
    auto error = render_error(source);
    EXPECT_EQ(error.code, "invalid_utf8");
    EXPECT_EQ(error.kind, ErrorKind::unprocessable);
    ASSERT_EQ(error.fields.size(), 1u);
    EXPECT_EQ(error.fields[0].field, "body");
    EXPECT_NE(error.detail.find("byte " + std::to_string(byte) + ")"), std::string::npos)
        << error.detail;
  }
  auto fine = render_ok("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF");
  EXPECT_EQ(fine.plain_text, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF");
}

// ---------------------------------------------------------------------------------------------
// Link and image rules

TEST(MarkdownLinks, AllowedDestinations) {
  for (std::string_view url :
       {"https://example.org", "HTTP://EXAMPLE.ORG/x", "mailto:jane@example.org", "/groups/3",
        "#top", "?page=2", "relative/path", "//other.example/x", "./a:b", "https://x/a:b",
        " https://example.org "}) {
    EXPECT_TRUE(allowed_link_destination(url)) << url;
  }
  for (std::string_view url : {"",
                               "   ",
                               "javascript:alert(1)",
                               " javascript:alert(1)",
                               "\x01javascript:x",
                               "java\tscript:x",
                               "java\nscript:x",
                               "JAVASCRIPT:x",
                               "vbscript:x",
                               "data:text/html,x",
                               "data:image/png;base64,x",
                               "file:///etc/passwd",
                               "ftp://example.org",
                               "tel:123",
                               "foo:bar",
                               "10:30",
                               "%6Aavascript:x",
                               "java script:x",
                               ":x",
                               "1http://x"}) {
    EXPECT_FALSE(allowed_link_destination(url)) << url;
  }
}

TEST(MarkdownLinks, LinksGetRelAndNoTarget) {
  auto rendered = render_ok(
      "[site](https://example.org/x?y=1&z=2) [here](/groups/3) [top](#top) "
      "[mail](mailto:jane@example.org)");
  EXPECT_EQ(
      rendered.html,
      "<p><a rel=\"nofollow ugc noopener\" href=\"https://example.org/x?y=1&amp;z=2\">site</a> "
      "<a rel=\"nofollow ugc noopener\" href=\"/groups/3\">here</a> "
      "<a rel=\"nofollow ugc noopener\" href=\"#top\">top</a> "
      "<a rel=\"nofollow ugc noopener\" href=\"mailto:jane@example.org\">mail</a></p>\n");
  EXPECT_EQ(rendered.html.find("target"), std::string::npos);
}

TEST(MarkdownLinks, AutolinksOfEveryKind) {
  auto rendered = render_ok(
      "See www.example.org, https://example.org/a_b?c=1 and <https://example.org/d>; "
      "write to jane@example.org.");
  EXPECT_EQ(rendered.html,
            "<p>See <a rel=\"nofollow ugc noopener\" href=\"http://www.example.org\">"
            "www.example.org</a>, <a rel=\"nofollow ugc noopener\" "
            "href=\"https://example.org/a_b?c=1\">https://example.org/a_b?c=1</a> and "
            "<a rel=\"nofollow ugc noopener\" href=\"https://example.org/d\">"
            "https://example.org/d</a>; write to <a rel=\"nofollow ugc noopener\" "
            "href=\"mailto:jane@example.org\">jane@example.org</a>.</p>\n");
}

TEST(MarkdownImages, ImagesBecomeLinksSoReadersFetchNothing) {
  auto rendered = render_ok(
      "![A chart](https://stats.example/chart.png \"Votes\") ![](https://stats.example/p.gif) "
      "![local](/uploads/a.png)");
  EXPECT_EQ(rendered.html,
            "<p><a rel=\"nofollow ugc noopener\" href=\"https://stats.example/chart.png\" "
            "title=\"Votes\">A chart</a> <a rel=\"nofollow ugc noopener\" "
            "href=\"https://stats.example/p.gif\">https://stats.example/p.gif</a> "
            "<a rel=\"nofollow ugc noopener\" href=\"/uploads/a.png\">local</a></p>\n");
  EXPECT_EQ(rendered.plain_text, "A chart https://stats.example/p.gif local");
}

TEST(MarkdownImages, AnImageInsideALinkLeavesItsWordsOnly) {
  auto rendered = render_ok(
      "[![*Logo*](https://x.example/l.png)](https://example.org) "
      "[![](https://x.example/l.png)](/home)");
  EXPECT_EQ(rendered.html,
            "<p><a rel=\"nofollow ugc noopener\" href=\"https://example.org\">Logo</a> "
            "<a rel=\"nofollow ugc noopener\" href=\"/home\">https://x.example/l.png</a></p>\n");
}

TEST(MarkdownImages, LinksInsideAltTextAreFlattened) {
  auto rendered =
      render_ok("![see [this](https://a.example) and ![inner](/i.png)](https://b.example/x.png)");
  EXPECT_EQ(rendered.html,
            "<p><a rel=\"nofollow ugc noopener\" href=\"https://b.example/x.png\">see this and "
            "inner</a></p>\n");
}

// ---------------------------------------------------------------------------------------------
// Headings

TEST(MarkdownHeadings, PostHeadingsStartAtLevelThree) {
  auto rendered = render_ok(
      "# One\n## Two\n### Three\n#### Four\n##### Five\n###### "
      "Six\n\nSeven\n=====\n\nEight\n-----");
  EXPECT_EQ(rendered.html,
            "<h3>One</h3>\n<h4>Two</h4>\n<h5>Three</h5>\n<h6>Four</h6>\n<h6>Five</h6>\n"
            "<h6>Six</h6>\n<h3>Seven</h3>\n<h4>Eight</h4>\n");
  EXPECT_EQ(rendered.html.find("<h1"), std::string::npos);
  EXPECT_EQ(rendered.html.find("<h2"), std::string::npos);
}

TEST(MarkdownHeadings, HeadingsInsideQuotesAndListsAreShiftedToo) {
  auto rendered = render_ok("> # Quoted\n\n- # Listed");
  EXPECT_NE(rendered.html.find("<blockquote>\n<h3>Quoted</h3>"), std::string::npos)
      << rendered.html;
  EXPECT_NE(rendered.html.find("<li>\n<h3>Listed</h3>"), std::string::npos) << rendered.html;
}

// ---------------------------------------------------------------------------------------------
// Ordinary Markdown

TEST(MarkdownSyntax, EmphasisStrongAndStrikethrough) {
  auto rendered = render_ok("*a* _b_ **c** __d__ ~~e~~ ~f~ ***g***");
  EXPECT_EQ(rendered.html,
            "<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <del>e</del> "
            "<del>f</del> <em><strong>g</strong></em></p>\n");
}

TEST(MarkdownSyntax, Lists) {
  auto rendered = render_ok("- a\n- b\n\n3. c\n4. d\n\n* e\n\n  f\n* g");
  EXPECT_EQ(rendered.html,
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n"
            "</ol>\n<ul>\n<li>\n<p>e</p>\n<p>f</p>\n</li>\n<li>\n<p>g</p>\n</li>\n</ul>\n");
}

TEST(MarkdownSyntax, CodeIsEscapedAndKeptAsWritten) {
  auto rendered = render_ok(
      "Use `a < b && c` here.\n\n```cpp\nif (a < b && c > d) { return \"x\"; }\n```\n\n"
      "    <indented> & code");
  EXPECT_EQ(rendered.html,
            "<p>Use <code>a &lt; b &amp;&amp; c</code> here.</p>\n"
            "<pre><code class=\"language-cpp\">if (a &lt; b &amp;&amp; c &gt; d) { return "
            "&quot;x&quot;; }\n</code></pre>\n<pre><code>&lt;indented&gt; &amp; code\n"
            "</code></pre>\n");
}

TEST(MarkdownSyntax, Tables) {
  auto rendered =
      render_ok("| Name | Votes | Share |\n|:--|--:|:-:|\n| Ann | 12 | *40%* |\n| Bo |");
  EXPECT_EQ(rendered.html,
            "<table>\n<thead>\n<tr>\n<th align=\"left\">Name</th>\n<th align=\"right\">Votes</th>\n"
            "<th align=\"center\">Share</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
            "<td align=\"left\">Ann</td>\n<td align=\"right\">12</td>\n<td align=\"center\">"
            "<em>40%</em></td>\n</tr>\n<tr>\n<td align=\"left\">Bo</td>\n<td align=\"right\"></td>"
            "\n<td align=\"center\"></td>\n</tr>\n</tbody>\n</table>\n");
}

TEST(MarkdownSyntax, TaskListsAreLabelledDisabledCheckboxes) {
  auto rendered = render_ok("- [ ] Book the hall\n- [x] Send the agenda");
  EXPECT_EQ(rendered.html,
            "<ul>\n<li><input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\" /> Book the "
            "hall</li>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" "
            "aria-label=\"Done\" /> Send the agenda</li>\n</ul>\n");
  EXPECT_EQ(rendered.plain_text, "Book the hall\nSend the agenda");
}

TEST(MarkdownSyntax, QuotesBreaksAndRules) {
  // A line break typed inside a paragraph stays a line break, as people expect in a forum.
  auto rendered = render_ok("> quoted\n> text\n\nline\nbreak\n\n---");
  EXPECT_EQ(rendered.html,
            "<blockquote>\n<p>quoted<br />\ntext</p>\n</blockquote>\n<p>line<br />\nbreak</p>\n"
            "<hr />\n");
}

TEST(MarkdownSyntax, SmartPunctuationIsOff) {
  auto rendered = render_ok("\"quotes\" -- 'apostrophes' ... --flags");
  EXPECT_EQ(rendered.html, "<p>&quot;quotes&quot; -- 'apostrophes' ... --flags</p>\n");
}

TEST(MarkdownSyntax, EmptyInputRendersToNothing) {
  auto rendered = render_ok("");
  EXPECT_EQ(rendered.html, "");
  EXPECT_EQ(rendered.plain_text, "");
  EXPECT_TRUE(rendered.mentions.empty());
  EXPECT_EQ(render_ok("  \n\n\t\n").html, "");
}

// ---------------------------------------------------------------------------------------------
// Plain text

TEST(MarkdownPlainText, WordsWithoutMarkup) {
  auto rendered = render_ok(
      "# Agenda\n\nPlease read **the minutes** and `notes.txt` at [the site](https://x.example)."
      "\nThanks!\n\n- one\n- two\n\n> quoted\n\n```\ncode <here>\n```\n\n| a | b |\n|---|---|\n"
      "| 1 | 2 |\n\n---\n\n![chart](https://x.example/c.png)");
  EXPECT_EQ(rendered.plain_text,
            "Agenda\nPlease read the minutes and notes.txt at the site. Thanks!\none\ntwo\nquoted\n"
            "code <here>\na\tb\n1\t2\nchart");
  EXPECT_EQ(rendered.plain_text.find('*'), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Mentions

TEST(MarkdownMentions, FindingHandlesInText) {
  auto handles = [](std::string_view text) {
    std::vector<std::string> found;
    for (const auto& span : find_mentions(text))
      found.push_back(span.handle);
    return found;
  };
  using Handles = std::vector<std::string>;
  EXPECT_EQ(handles("@jane"), Handles{"jane"});
  EXPECT_EQ(handles("hi @jane, @bob.smith and @a_b-c!"), (Handles{"jane", "bob.smith", "a_b-c"}));
  EXPECT_EQ(handles("thanks @jane."), Handles{"jane"});
  EXPECT_EQ(handles("thanks @jane..."), Handles{"jane"});
  EXPECT_EQ(handles("(@jane) \"@bob\" [@carl]"), (Handles{"jane", "bob", "carl"}));
  EXPECT_EQ(handles("@ab"), Handles{"ab"});
  EXPECT_EQ(handles(std::string("@") + std::string(40, 'x')), Handles{std::string(40, 'x')});
  EXPECT_TRUE(handles("@a").empty());
  EXPECT_TRUE(handles(std::string("@") + std::string(41, 'x')).empty());
  EXPECT_TRUE(handles("jane@example.org").empty());
  EXPECT_TRUE(handles("@jane@example.org").empty());
  EXPECT_TRUE(handles("x@@jane").empty());
  EXPECT_TRUE(handles("https://social.example/@jane").empty());
  EXPECT_TRUE(handles("jos\xC3\xA9@jane").empty());
  EXPECT_TRUE(handles("@_jane @.jane @-jane @ jane").empty());

  auto spans = find_mentions("Hi @jane.");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].offset, 3u);
  EXPECT_EQ(spans[0].length, 5u);
}

TEST(MarkdownMentions, KnownHandlesBecomeLinksAndUnknownOnesStayText) {
  auto rendered = render_ok("Hi @jane and @nobody, thanks @jane.", with_people({"jane"}));
  EXPECT_EQ(rendered.html,
            "<p>Hi <a class=\"mention\" href=\"/people/jane\">@jane</a> and @nobody, thanks "
            "<a class=\"mention\" href=\"/people/jane\">@jane</a>.</p>\n");
  EXPECT_EQ(rendered.mentions, (std::vector<std::string>{"jane", "nobody"}));
  EXPECT_EQ(rendered.plain_text, "Hi @jane and @nobody, thanks @jane.");
}

TEST(MarkdownMentions, NotInCodeLinksOrAddresses) {
  auto rendered = render_ok(
      "`@jane` [ask @jane](https://x.example) jane@example.org me@jane\n\n```\n@jane\n```\n\n"
      "    @jane\n\n![@jane](https://x.example/p.png)",
      with_people({"jane"}));
  EXPECT_EQ(rendered.html.find("mention"), std::string::npos) << rendered.html;
  EXPECT_TRUE(rendered.mentions.empty());
}

TEST(MarkdownMentions, InsideEmphasisHeadingsQuotesAndTables) {
  auto rendered =
      render_ok("# For @jane\n\n> *@jane*\n\n| who |\n|---|\n| @jane |", with_people({"jane"}));
  EXPECT_EQ(count_of(rendered.html, "<a class=\"mention\" href=\"/people/jane\">@jane</a>"), 3u)
      << rendered.html;
  EXPECT_EQ(rendered.mentions, std::vector<std::string>{"jane"});
}

TEST(MarkdownMentions, WithoutAResolverNothingIsLinked) {
  auto rendered = render_ok("@jane");
  EXPECT_EQ(rendered.html, "<p>@jane</p>\n");
  EXPECT_EQ(rendered.mentions, std::vector<std::string>{"jane"});
}

TEST(MarkdownMentions, TheResolverIsAskedOncePerHandleAndAtMostTheLimit) {
  int calls = 0;
  RenderOptions options;
  options.max_mentions = 3;
  options.resolve_mention = [&calls](std::string_view handle) -> std::optional<std::string> {
    ++calls;
    return "/people/" + std::string(handle);
  };
  auto rendered = render_ok("@aa @bb @aa @cc @dd @ee @bb", options);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(rendered.mentions, (std::vector<std::string>{"aa", "bb", "cc"}));
  EXPECT_EQ(count_of(rendered.html, "class=\"mention\""), 5u) << rendered.html;
  EXPECT_NE(rendered.html.find(" @dd @ee "), std::string::npos) << rendered.html;
}

TEST(MarkdownMentions, AResolverAddressIsCheckedAndEscapedLikeAnyOther) {
  RenderOptions options;
  options.resolve_mention = [](std::string_view handle) -> std::optional<std::string> {
    if (handle == "evil")
      return "javascript:alert(1)";
    return "/people/" + std::string(handle) + "?a=\"b\"&c";
  };
  auto rendered = render_ok("@evil @good", options);
  EXPECT_EQ(rendered.html,
            "<p>@evil <a class=\"mention\" href=\"/people/good?a=%22b%22&amp;c\">@good</a></p>\n");
}

// ---------------------------------------------------------------------------------------------
// Limits

TEST(MarkdownLimits, SourceLengthIsCheckedInBytes) {
  RenderOptions options;
  EXPECT_EQ(options.max_source_bytes, 65536u);
  std::string at_limit(options.max_source_bytes, 'a');
  EXPECT_TRUE(render(at_limit, options).ok());
  auto error = render_error(at_limit + "a", options);
  EXPECT_EQ(error.code, "too_long");
  EXPECT_EQ(error.kind, ErrorKind::unprocessable);
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].field, "body");
  EXPECT_EQ(error.detail,
            "The text is too long: the limit is 65,536 bytes and this text is 65,537 bytes.");

  options.max_source_bytes = 10;
  EXPECT_EQ(render_error("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", options).code,
            "too_long");
}

TEST(MarkdownLimits, DeepNestingIsRefusedQuickly) {
  auto started = std::chrono::steady_clock::now();
  for (const std::string& source : {std::string(10000, '>') + " a",
                                    [] {
                                      std::string s;
                                      for (int i = 0; i < 10000; ++i)
                                        s += "> ";
                                      return s + "a";
                                    }(),
                                    [] {
                                      std::string s;
                                      for (int i = 0; i < 120; ++i)
                                        s += std::string(2 * i, ' ') + "- a\n";
                                      return s;
                                    }()}) {
    EXPECT_EQ(render_error(source).code, "nested_too_deeply");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  std::string just_deep_enough;
  for (int i = 0; i < 45; ++i)
    just_deep_enough += "> ";
  EXPECT_TRUE(render(just_deep_enough + "a", {}).ok());
}

TEST(MarkdownLimits, TenThousandNestedBracketsAreJustText) {
  auto rendered = render_ok(std::string(10000, '[') + "a" + std::string(10000, ']'));
  EXPECT_EQ(rendered.plain_text.size(), 20001u);
  EXPECT_EQ(rendered.html.find("<a"), std::string::npos);
}

// Inputs of the full 64 KiB in the shapes where cmark-gfm 0.29.0.gfm.6 works out of proportion:
// from its pathological tests, its security advisories and a fuzzing run of repeated motifs.
// Without the budgets of parse_cost.hpp the worst of these take from seconds to many minutes.
std::vector<std::pair<std::string, std::string>> pathological_inputs() {
  const std::size_t size = 64 * 1024;
  auto fill_to = [](std::size_t target, std::string prefix, std::string_view motif,
                    std::string suffix = {}) {
    while (prefix.size() + motif.size() + suffix.size() <= target)
      prefix += motif;
    return prefix + suffix;
  };
  auto fill = [size, fill_to](std::string prefix, std::string_view motif, std::string suffix = {}) {
    return fill_to(size, std::move(prefix), motif, std::move(suffix));
  };
  // Sized so that, should a budget stop working, the test fails in seconds rather than taking
  // the machine's memory: 60 columns of padding over 32,000 rows, a row of 16,000 pipes.
  std::string many_columns;
  std::string many_delimiters;
  for (int i = 0; i < 60; ++i) {
    many_columns += "|c";
    many_delimiters += "|-";
  }
  return {
      {"nested strong emphasis",
       fill_to(size / 2, "", "*a **a ") + fill_to(size / 2, "b", " a** a*")},
      {"emphasis closers without openers", fill("", "a_ ")},
      {"emphasis openers without closers", fill("", "_a ")},
      {"mismatched openers and closers", fill("", "*a_ ")},
      {"openers and closers multiple of 3", fill("a**b", "c* ")},
      {"link openers and emphasis closers", fill("", "[ a_")},
      {"link closers without openers", fill("", "a]")},
      {"link openers without closers", fill("", "[a")},
      {"pattern [ (]( repeated", fill("", "[ (](")},
      {"pattern ![[]() repeated", fill("", "![[]()")},
      {"unclosed links with angle brackets", fill("", "[a](<b")},
      {"unclosed links", fill("", "[a](b")},
      {"nested brackets", std::string(30000, '[') + "a" + std::string(30000, ']')},
      {"nested block quotes", fill("", "> ", "a")},
      {"unclosed comments", fill("</", "<!--")},
      {"unclosed processing instructions", fill("a", "<?")},
      {"processing instructions gfm.6 cannot close", fill("a", "<?a?\?>")},
      {"unclosed CDATA", fill("a", "<![CDATA[")},
      {"unclosed declarations", fill("a", "<!A ")},
      {"backticks",
       [size] {
         std::string s;
         for (int i = 1; s.size() + i + 1 <= size; ++i)
           s += "e" + std::string(i, '`');
         return s;
       }()},
      {"table rows of one cell", fill("", "aaa\rbbb\n-\v\n")},
      {"table padded with empty cells", fill(many_columns + "\n" + many_delimiters + "\n", "a\n")},
      {"table row of pipes", "a|b\n-|-\n" + std::string(16000, '|')},
      {"table rows of pipes", fill("a|b|c\n-|-|-\n", std::string(2000, '|') + "\n")},
      {"table delimiter rows", fill("a|b\n", "-|-\n")},
      {"www autolinks with underscores", fill("a", "www._")},
      {"email autolinks", fill("", "x@y.")},
      {"at signs", fill("", "a@")},
      {"entities", fill("", "&#")},
      {"ampersands", fill("", "&a")},
      {"backslashes", fill("", "\\")},
      {"angle brackets", fill("", "<")},
      {"tildes", fill("", "~a")},
      {"pipes on lines", fill("", "|\n")},
      {"star underscore", fill("", "*_")},
      {"reference expansion", fill("[x]: /" + std::string(900, 'a') + "\n\n", "[x]")},
      {"reference expansion in paragraphs",
       fill("[x]: /" + std::string(900, 'a') + "\n\n", "[x]\n\n")},
      {"www autolinks with underscores, and room for more", fill_to(size - 100, "a", "www._")},
  };
}

TEST(MarkdownLimits, PathologicalInputsFinishQuicklyOrAreRefused) {
  const std::set<std::string> refusals = {"too_complex", "nested_too_deeply", "rendered_too_large"};
  // Judged against ordinary prose of the same size rendered in the same run, so a loaded or
  // sanitised build slows both alike: unguarded, these inputs take thousands of times longer.
  std::string prose;
  while (prose.size() + 80 < RenderOptions{}.max_source_bytes)
    prose += "Some *ordinary* words of a post, with a [link](https://example.org) or two.\n\n";
  const auto time_to_render = [](const std::string& source) {
    const auto started = std::chrono::steady_clock::now();
    auto result = render(source, {});
    return std::make_pair(std::chrono::steady_clock::now() - started, std::move(result));
  };
  auto baseline = time_to_render(prose).first;
  for (int i = 0; i < 4; ++i)
    baseline = std::min(baseline, time_to_render(prose).first);
  const auto allowed =
      std::max<std::chrono::steady_clock::duration>(baseline * 200, std::chrono::milliseconds(50));
  for (const auto& [name, source] : pathological_inputs()) {
    SCOPED_TRACE(name);
    ASSERT_LE(source.size(), RenderOptions{}.max_source_bytes);
    auto [took, result] = time_to_render(source);
    EXPECT_LT(took, allowed)
        << std::chrono::duration_cast<std::chrono::microseconds>(took).count()
        << " µs against a baseline of "
        << std::chrono::duration_cast<std::chrono::microseconds>(baseline).count() << " µs";
    if (result.ok()) {
      expect_safe_html(result->html, name);
      EXPECT_LE(result->html.size(), RenderOptions{}.max_html_bytes);
    } else {
      EXPECT_TRUE(refusals.contains(result.error().code)) << result.error().code;
    }
  }
}

TEST(MarkdownLimits, ShapesTheCoreParserIsSlowOnAreRefused) {
  auto inputs = pathological_inputs();
  auto input = [&inputs](std::string_view name) {
    return std::find_if(inputs.begin(), inputs.end(),
                        [name](const auto& entry) { return entry.first == name; })
        ->second;
  };
  for (std::string_view name :
       {"unclosed processing instructions", "processing instructions gfm.6 cannot close",
        "unclosed CDATA", "unclosed declarations", "pattern ![[]() repeated"}) {
    SCOPED_TRACE(name);
    auto error = render_error(input(name));
    EXPECT_EQ(error.code, "too_complex");
    EXPECT_EQ(error.fields.at(0).field, "body");
  }
  // A few of them, and closed ones, are ordinary text.
  auto rendered = render_ok("a <? b <![CDATA[ c <!DOCTYPE d <?php echo 1; ?>");
  EXPECT_EQ(rendered.plain_text, "a <? b <![CDATA[ c <!DOCTYPE d <?php echo 1; ?>");
}

TEST(MarkdownLimits, ShapesAnExtensionIsSlowOnRenderWithoutIt) {
  auto inputs = pathological_inputs();
  auto input = [&inputs](std::string_view name) {
    return std::find_if(inputs.begin(), inputs.end(),
                        [name](const auto& entry) { return entry.first == name; })
        ->second;
  };
  for (std::string_view name :
       {"table padded with empty cells", "table row of pipes", "table rows of pipes"}) {
    auto rendered = render_ok(input(name));
    EXPECT_EQ(rendered.html.find("<table"), std::string::npos) << name;
  }
  auto www =
      render_ok(input("www autolinks with underscores, and room for more") + " www.example.org");
  EXPECT_EQ(www.html.find("<a "), std::string::npos);

  // The same features in ordinary amounts still work, big ones included.
  std::string big_table = "| a | b | c | d | e |\n|---|---|---|---|---|\n";
  for (int i = 0; i < 2000; ++i)
    big_table += "| 1 | 2 | - | 4 |\n";
  auto table = render_ok(big_table + "\n\nwww.example.org");
  EXPECT_EQ(count_of(table.html, "<tr>"), 2001u);
  EXPECT_EQ(count_of(table.html, "<td></td>"), 2000u);
  EXPECT_NE(table.html.find("href=\"http://www.example.org\""), std::string::npos);
}

TEST(MarkdownLimits, RenderedHtmlSizeIsLimited) {
  RenderOptions options;
  options.max_html_bytes = 100;
  auto error = render_error(std::string(60, '&'), options);  // each '&' becomes "&amp;"
  EXPECT_EQ(error.code, "rendered_too_large");
  EXPECT_TRUE(render(std::string(18, '&'), options).ok());  // 98 bytes with <p></p>\n
}

TEST(MarkdownLimits, ParseCostsAddUpPerParagraph) {
  // Brackets in different paragraphs never meet on one bracket stack.
  std::string brackets = std::string(100, '[') + std::string(100, ']') + "()";
  auto one = estimate_parse_cost(brackets);
  auto two_paragraphs = estimate_parse_cost(brackets + "\n\n" + brackets);
  auto one_paragraph = estimate_parse_cost(brackets + "\n" + brackets);
  EXPECT_EQ(one.bracket_walk, 100u);
  EXPECT_EQ(two_paragraphs.bracket_walk, 2 * one.bracket_walk);
  EXPECT_EQ(one_paragraph.bracket_walk, 200u * 2u);

  // A processing instruction is counted to the end of its paragraph, a declaration to its '>'.
  EXPECT_EQ(estimate_parse_cost("a <?b?> c").inline_html_scan, 7u);
  EXPECT_EQ(estimate_parse_cost("a <?bc\n\nd").inline_html_scan, 4u);
  EXPECT_EQ(estimate_parse_cost("a <!DOCTYPE x> c").inline_html_scan, 11u);

  // Tables: columns of the widest delimiter row times the lines of the paragraph.
  auto table = estimate_parse_cost("a|b|c\n-|-|-\n1\n2\n\n3|4");
  EXPECT_EQ(table.table_cells, 3u * 4u);
  EXPECT_EQ(table.table_row_width, 4u + 4u + 0u + 0u);
  EXPECT_EQ(estimate_parse_cost("a|b|c\n1|2|3").table_cells, 0u);
  EXPECT_EQ(estimate_parse_cost("> a|b\n> -|-\n> 1").table_cells, 6u);
  EXPECT_EQ(estimate_parse_cost("- a|b\n  --|:-\n\r\n").table_cells, 4u);
}

// ---------------------------------------------------------------------------------------------
// Threads

TEST(MarkdownThreads, ConcurrentRendersAgreeWithASingleOne) {
  // Strikethrough, tables and autolinks are the extensions whose parser state is process-wide.
  std::string source;
  for (int i = 0; i < 40; ++i) {
    source += "~~old~~ new ~x~ www.example.org/" + std::to_string(i) + " and a@b.org\n\n";
    source += "| a | ~~b~~ |\n|---|---|\n| 1 | 2 |\n\n";
  }
  const std::string expected = render_ok(source).html;
  ASSERT_EQ(count_of(expected, "<del>"), 120u);
  ASSERT_EQ(count_of(expected, "<table>"), 40u);

  std::atomic<int> disagreements = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto result = render(source, {});
        if (!result.ok() || result->html != expected)
          ++disagreements;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(disagreements.load(), 0);
}

}  // namespace
}  // namespace plenary::markdown
