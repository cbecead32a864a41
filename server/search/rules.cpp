#include "search/rules.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <memory>
#include <vector>

#include "moderation/rules.hpp"

namespace plenary::search {
namespace {

constexpr std::string_view open_mark = "<mark>";
constexpr std::string_view close_mark = "</mark>";
constexpr std::array<std::string_view, 5> kept_escapes{"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};

std::optional<std::chrono::sys_days> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  auto number = [&](std::string_view part, auto& out) {
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc{} && end == part.data() + part.size();
  };
  if (!number(text.substr(0, 4), year) || !number(text.substr(5, 2), month) ||
      !number(text.substr(8, 2), day)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok())
    return std::nullopt;
  return std::chrono::sys_days(date);
}

// A query as PostgreSQL prints a tsquery: quoted lexemes (quotes and backslashes doubled) with
// optional :flags (prefix, weights), ! & | <-> <N> and parentheses. NOT binds tightest, then
// the phrase operators, then AND, then OR.
struct QueryNode {
  enum class Kind { word, negation, all, any, phrase };
  Kind kind = Kind::word;
  std::string lexeme;
  std::string flags;
  int distance = 0;
  std::unique_ptr<QueryNode> left, right;
};
using QueryTree = std::unique_ptr<QueryNode>;

class QueryParser {
 public:
  explicit QueryParser(std::string_view text) : text_(text) {}

  // Nothing when the text is not a query this parser knows.
  QueryTree parse() {
    auto tree = any();
    skip_space();
    if (at_ != text_.size())
      return nullptr;
    return tree;
  }

 private:
  static constexpr int max_depth = 200;

  QueryTree any() {
    auto tree = all();
    while (tree && take("|")) {
      auto right = all();
      tree = join(QueryNode::Kind::any, std::move(tree), std::move(right));
    }
    return tree;
  }

  QueryTree all() {
    auto tree = phrase();
    while (tree && take("&")) {
      auto right = phrase();
      tree = join(QueryNode::Kind::all, std::move(tree), std::move(right));
    }
    return tree;
  }

  QueryTree phrase() {
    auto tree = unary();
    while (tree) {
      int distance = 0;
      if (take("<->")) {
        distance = 1;
      } else if (take("<")) {
        auto [end, error] =
            std::from_chars(text_.data() + at_, text_.data() + text_.size(), distance);
        if (error != std::errc{} || distance < 0)
          return nullptr;
        at_ = static_cast<std::size_t>(end - text_.data());
        if (!take(">"))
          return nullptr;
      } else {
        break;
      }
      auto right = unary();
      tree = join(QueryNode::Kind::phrase, std::move(tree), std::move(right));
      if (tree)
        tree->distance = distance;
    }
    return tree;
  }

  QueryTree unary() {
    if (++depth_ > max_depth)
      return nullptr;
    QueryTree tree;
    if (take("!")) {
      if (auto operand = unary()) {
        tree = std::make_unique<QueryNode>();
        tree->kind = QueryNode::Kind::negation;
        tree->left = std::move(operand);
      }
    } else if (take("(")) {
      tree = any();
      if (!take(")"))
        tree = nullptr;
    } else if (take("'")) {
      tree = word();
    }
    --depth_;
    return tree;
  }

  // After the opening quote.
  QueryTree word() {
    auto tree = std::make_unique<QueryNode>();
    for (;;) {
      if (at_ >= text_.size())
        return nullptr;
      const char c = text_[at_++];
      if (c == '\'' && at_ < text_.size() && text_[at_] == '\'') {
        tree->lexeme += '\'';
        ++at_;
      } else if (c == '\'') {
        break;
      } else if (c == '\\') {
        if (at_ >= text_.size())
          return nullptr;
        tree->lexeme += text_[at_++];
      } else {
        tree->lexeme += c;
      }
    }
    if (at_ < text_.size() && text_[at_] == ':') {
      ++at_;
      while (at_ < text_.size() &&
             std::string_view("*ABCDabcd").find(text_[at_]) != std::string_view::npos)
        tree->flags += text_[at_++];
      if (tree->flags.empty())
        return nullptr;
    }
    return tree;
  }

  static QueryTree join(QueryNode::Kind kind, QueryTree left, QueryTree right) {
    if (!left || !right)
      return nullptr;
    auto tree = std::make_unique<QueryNode>();
    tree->kind = kind;
    tree->left = std::move(left);
    tree->right = std::move(right);
    return tree;
  }

  void skip_space() {
    while (at_ < text_.size() && text_[at_] == ' ')
      ++at_;
  }

  bool take(std::string_view token) {
    skip_space();
    if (!text_.substr(at_).starts_with(token))
      return false;
    at_ += token.size();
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  int depth_ = 0;
};

std::string quoted(std::string_view lexeme) {
  std::string text = "'";
  for (char c : lexeme) {
    if (c == '\'' || c == '\\')
      text += c;
    text += c;
  }
  return text + "'";
}

std::string tsquery_text(const QueryNode& node) {
  switch (node.kind) {
    case QueryNode::Kind::word:
      return quoted(node.lexeme) + (node.flags.empty() ? "" : ":" + node.flags);
    case QueryNode::Kind::negation:
      return "!" + tsquery_text(*node.left);
    case QueryNode::Kind::all:
      return "( " + tsquery_text(*node.left) + " & " + tsquery_text(*node.right) + " )";
    case QueryNode::Kind::any:
      return "( " + tsquery_text(*node.left) + " | " + tsquery_text(*node.right) + " )";
    case QueryNode::Kind::phrase:
      return "( " + tsquery_text(*node.left) + " <" + std::to_string(node.distance) + "> " +
             tsquery_text(*node.right) + " )";
  }
  return {};
}

bool holds_phrase(const QueryNode& node) {
  if (node.kind == QueryNode::Kind::phrase)
    return true;
  return (node.left && holds_phrase(*node.left)) || (node.right && holds_phrase(*node.right));
}

// The words of a phrase made only of plain words, in order, and the distance between each word
// and the next. A phrase's distance separates the last word on its left from the first on its
// right, however the phrase is nested.
bool plain_phrase(const QueryNode& node, std::vector<std::string_view>& words,
                  std::vector<int>& distances) {
  if (node.kind == QueryNode::Kind::word) {
    words.push_back(node.lexeme);
    return node.flags.empty();
  }
  if (node.kind != QueryNode::Kind::phrase || !plain_phrase(*node.left, words, distances))
    return false;
  distances.push_back(node.distance);
  return plain_phrase(*node.right, words, distances);
}

using Pairs = std::vector<std::string>;

// Pairs of words that every post matching the node holds; nothing when none are known.
std::optional<Pairs> pairs_needed(const QueryNode& node) {
  switch (node.kind) {
    case QueryNode::Kind::word:
    case QueryNode::Kind::negation:
      return std::nullopt;
    case QueryNode::Kind::all: {
      auto left = pairs_needed(*node.left);
      auto right = pairs_needed(*node.right);
      if (!left || !right)
        return left ? left : right;
      for (auto& pair : *right) {
        if (std::find(left->begin(), left->end(), pair) == left->end())
          left->push_back(std::move(pair));
      }
      return left;
    }
    case QueryNode::Kind::any: {
      // Only what both sides need.
      auto left = pairs_needed(*node.left);
      auto right = pairs_needed(*node.right);
      if (!left || !right)
        return std::nullopt;
      std::erase_if(*left, [&](const std::string& pair) {
        return std::find(right->begin(), right->end(), pair) == right->end();
      });
      return left->empty() ? std::nullopt : left;
    }
    case QueryNode::Kind::phrase: {
      std::vector<std::string_view> words;
      std::vector<int> distances;
      if (!plain_phrase(node, words, distances))
        return std::nullopt;
      Pairs pairs;
      for (std::size_t i = 0; i < distances.size(); ++i) {
        if (distances[i] != 1)
          continue;
        auto pair = std::string(words[i]) + " " + std::string(words[i + 1]);
        if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end())
          pairs.push_back(std::move(pair));
      }
      return pairs.empty() ? std::nullopt : std::optional(std::move(pairs));
    }
  }
  return std::nullopt;
}

void conjuncts(const QueryNode& node, std::vector<const QueryNode*>& parts) {
  if (node.kind == QueryNode::Kind::all) {
    conjuncts(*node.left, parts);
    conjuncts(*node.right, parts);
  } else {
    parts.push_back(&node);
  }
}

}  // namespace

PhraseNarrowing narrow_phrases(std::string_view query_text) {
  PhraseNarrowing narrowing;
  const auto tree = QueryParser(query_text).parse();
  if (!tree)
    return narrowing;
  auto pairs = pairs_needed(*tree);
  if (!pairs)
    return narrowing;
  narrowing.pairs = std::move(*pairs);
  std::vector<const QueryNode*> parts;
  conjuncts(*tree, parts);
  for (const auto* part : parts) {
    if (holds_phrase(*part))
      continue;
    const auto text = tsquery_text(*part);
    narrowing.words = narrowing.words ? *narrowing.words + " & " + text : text;
  }
  return narrowing;
}

std::string snippet_html(std::string_view headline) {
  std::string html;
  html.reserve(headline.size() + 16);
  bool marking = false;
  for (std::size_t at = 0; at < headline.size();) {
    const auto rest = headline.substr(at);
    if (rest.starts_with(open_mark)) {
      if (!marking)
        html += open_mark;
      marking = true;
      at += open_mark.size();
      continue;
    }
    if (rest.starts_with(close_mark)) {
      if (marking)
        html += close_mark;
      marking = false;
      at += close_mark.size();
      continue;
    }
    const char c = headline[at];
    if (c == '&') {
      bool kept = false;
      for (auto escape : kept_escapes) {
        if (rest.starts_with(escape)) {
          html += escape;
          at += escape.size();
          kept = true;
          break;
        }
      }
      if (kept)
        continue;
      html += "&amp;";
    } else if (c == '<') {
      html += "&lt;";
    } else if (c == '>') {
      html += "&gt;";
    } else if (c == '"') {
      html += "&quot;";
    } else if (c == '\'') {
      html += "&#39;";
    } else {
      html += c;
    }
    ++at;
  }
  if (marking)
    html += close_mark;
  return html;
}

std::string encode_search_cursor(const SearchCursor& cursor) {
  return cursor.rank + "_" + std::to_string(cursor.kind_order) + "_" + std::to_string(cursor.id);
}

std::optional<SearchCursor> decode_search_cursor(std::string_view text) {
  const auto first = text.find('_');
  if (first == std::string_view::npos)
    return std::nullopt;
  const auto second = text.find('_', first + 1);
  if (second == std::string_view::npos)
    return std::nullopt;
  const auto rank = text.substr(0, first);
  const auto kind = text.substr(first + 1, second - first - 1);
  const auto id = text.substr(second + 1);

  float rank_value = 0;
  auto [rank_end, rank_error] = std::from_chars(rank.data(), rank.data() + rank.size(), rank_value);
  if (rank.empty() || rank_error != std::errc{} || rank_end != rank.data() + rank.size()) {
    return std::nullopt;
  }
  SearchCursor cursor{std::string(rank), 0, 0};
  auto [kind_end, kind_error] =
      std::from_chars(kind.data(), kind.data() + kind.size(), cursor.kind_order);
  if (kind_error != std::errc{} || kind_end != kind.data() + kind.size() || cursor.kind_order < 0 ||
      cursor.kind_order > 1) {
    return std::nullopt;
  }
  auto [id_end, id_error] = std::from_chars(id.data(), id.data() + id.size(), cursor.id);
  if (id_error != std::errc{} || id_end != id.data() + id.size() || cursor.id <= 0) {
    return std::nullopt;
  }
  return cursor;
}

std::optional<TimePoint> parse_from(std::string_view text) {
  if (auto day = parse_date(text))
    return TimePoint(*day);
  return moderation::parse_date_time(text);
}

std::optional<TimePoint> parse_to(std::string_view text) {
  if (auto day = parse_date(text))
    return TimePoint(*day + std::chrono::days(1));
  if (auto instant = moderation::parse_date_time(text)) {
    // A given instant is included: the bound just after it.
    return *instant + std::chrono::microseconds(1);
  }
  return std::nullopt;
}

}  // namespace plenary::search
