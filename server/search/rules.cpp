#include "search/rules.hpp"

#include <array>
#include <charconv>
#include <chrono>
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

}  // namespace

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
