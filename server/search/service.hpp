#pragma once
// Search over thread titles and post bodies, limited to the categories the viewer may read.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "db/database.hpp"
#include "search/rules.hpp"

namespace plenary::search {

struct Query {
  std::string text;
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> category_id;
  std::optional<std::int64_t> author_id;
  std::optional<TimePoint> from;  // inclusive
  std::optional<TimePoint> to;    // exclusive
  std::optional<SearchCursor> after;
  int limit = 20;
};

struct Hit {
  std::string kind;  // thread | post
  std::int64_t thread_id = 0;
  std::string thread_title;
  std::optional<std::int64_t> post_id;
  std::int64_t author_id = 0;
  std::string author_name;
  std::string created_at;
  std::string snippet_html;
  double rank = 0;
  SearchCursor position;
};

struct ResultPage {
  std::vector<Hit> results;
  std::optional<SearchCursor> next;
};

inline constexpr int max_results_page = 50;
// How many of the newest matching threads, and posts, are ranked for a query (see service.cpp).
inline constexpr int ranked_candidates = 1000;

ResultPage search(db::Connection& db, const Actor* viewer, const Query& query);

}  // namespace plenary::search
