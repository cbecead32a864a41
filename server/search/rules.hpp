#pragma once
// Search's pure parts: the snippet that reaches the browser, the page cursor, the date filters,
// and what narrows a phrase search.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace plenary::search {

// ts_headline's output over HTML-escaped text, made safe whatever it contains: <mark> and
// </mark> survive (balanced), the five escapes the database wrote survive, every other '<', '>',
// '&', '"' and '\'' is escaped. So a post can never put markup of its own into a result.
std::string snippet_html(std::string_view headline);

// Results come best first: by rank, then threads before posts, then newest id; the cursor is the
// last result shown.
struct SearchCursor {
  std::string rank;  // exactly as the database printed it, so that it compares equal
  int kind_order = 0;
  std::int64_t id = 0;
  bool operator==(const SearchCursor&) const = default;
};
std::string encode_search_cursor(const SearchCursor& cursor);
std::optional<SearchCursor> decode_search_cursor(std::string_view text);

// `from` and `to` filters: a date (YYYY-MM-DD, the whole day counts) or a date-time.
// Returns the bound as an instant: from is inclusive, to is exclusive.
std::optional<TimePoint> parse_from(std::string_view text);
std::optional<TimePoint> parse_to(std::string_view text);

// What lets the database find the posts that may hold a query's phrases without reading every
// post that holds their words (schema/0014_search_word_pairs.sql). Read from the query as
// PostgreSQL prints it (websearch_to_tsquery(...)::text). Neither changes which posts match: the
// whole query is still checked on each post.
struct PhraseNarrowing {
  // Pairs of adjacent words ("first second") that every post matching the query holds. None when
  // no such pair is known: no phrase, a phrase only under NOT or beside an alternative without
  // it, a phrase with gaps for stop words.
  std::vector<std::string> pairs;
  // The parts of the query, joined by AND, that hold no phrase, as tsquery text: the words index
  // still finds those. Only given with `pairs`.
  std::optional<std::string> words;
};
PhraseNarrowing narrow_phrases(std::string_view query_text);

}  // namespace plenary::search
