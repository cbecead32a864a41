#include "search/service.hpp"

#include "core/time.hpp"
#include "db/arrays.hpp"
#include "search/readable.hpp"

namespace plenary::search {
namespace {

// Both halves filter by the readable categories and the optional filters; hidden and deleted
// posts never match. Only the page's rows pay for ts_headline, which runs on HTML-escaped text.
//
// A very common word matches most posts, and ranking them all costs time in proportion to the
// forum's size: each half ranks only its newest matches ($13 of them), so the cost stays
// bounded; a query with fewer matches is ranked in full, as before. The query text is written
// inline (not taken from a CTE) so that the planner sees how common its words are: for a common
// word it walks the newest posts until it has enough, for a rare one it reads the GIN index.
// The categories are joined (a lookup per thread, remembered) rather than tested against a list:
// a walk tests every post it reads, and scanning a list of readable categories for each cost
// more than the rest of the walk.
//
// A phrase ("branch members") is matched by position, which the words index cannot see: of two
// common words it finds every post holding both, and a walk reads many posts to find a few that
// hold them side by side. So a query with phrases is narrowed by the pairs of adjacent words
// every match must hold ($14, see narrow_phrases and schema/0014), and by its parts without
// phrases ($15), both through their indexes; the whole query is then checked on each candidate by
// ts_match_vq, the function behind @@, which no index offers to take over (the words index would
// add nothing but the time to read its lists for two common words). Without $14 the conditions
// fold away when the statement is planned, leaving the plain @@.
const db::Statement select_results{
    "search.results",
    "WITH hits AS ("
    "(SELECT 1 AS kind_order, t.id AS id, t.id AS thread_id, t.title, NULL::bigint AS post_id, "
    "t.author_id, t.created_at, t.search AS vector, t.title AS text "
    "FROM threads t JOIN categories c ON c.id = t.category_id "
    "WHERE ((c.visibility = 'public' AND $2) OR c.id = ANY($3::bigint[])) "
    "AND ($4::bigint IS NULL OR c.group_id = $4::bigint) "
    "AND ($5::bigint IS NULL OR c.id = $5::bigint) "
    "AND t.search @@ websearch_to_tsquery('english', $1) "
    "AND ($6::bigint IS NULL OR t.author_id = $6::bigint) "
    "AND ($7::timestamptz IS NULL OR t.created_at >= $7::timestamptz) "
    "AND ($8::timestamptz IS NULL OR t.created_at < $8::timestamptz) "
    "ORDER BY t.id DESC LIMIT $13) "
    "UNION ALL "
    "(SELECT 0, p.id, t.id, t.title, p.id, p.author_id, p.created_at, p.search, p.body_text "
    "FROM posts p JOIN threads t ON t.id = p.thread_id JOIN categories c ON c.id = t.category_id "
    "WHERE ((c.visibility = 'public' AND $2) OR c.id = ANY($3::bigint[])) "
    "AND ($4::bigint IS NULL OR c.group_id = $4::bigint) "
    "AND ($5::bigint IS NULL OR c.id = $5::bigint) "
    "AND (($14::text[] IS NULL AND p.search @@ websearch_to_tsquery('english', $1)) "
    "OR ($14::text[] IS NOT NULL "
    "AND ts_match_vq(p.search, websearch_to_tsquery('english', $1)) "
    "AND p.search_pairs @> search_pair_keys($14::text[]) "
    "AND ($15::tsquery IS NULL OR p.search @@ $15::tsquery))) "
    "AND p.hidden_at IS NULL AND p.deleted_at IS NULL "
    "AND ($6::bigint IS NULL OR p.author_id = $6::bigint) "
    "AND ($7::timestamptz IS NULL OR p.created_at >= $7::timestamptz) "
    "AND ($8::timestamptz IS NULL OR p.created_at < $8::timestamptz) "
    "ORDER BY p.id DESC LIMIT $13)), "
    "ranked AS (SELECT kind_order, id, thread_id, title, post_id, author_id, created_at, text, "
    "ts_rank(vector, websearch_to_tsquery('english', $1)) AS rank FROM hits), "
    "page AS (SELECT * FROM ranked WHERE $9::real IS NULL "
    "OR (rank, kind_order, id) < ($9::real, $10::integer, $11::bigint) "
    "ORDER BY rank DESC, kind_order DESC, id DESC LIMIT $12) "
    "SELECT h.kind_order, h.thread_id, h.title, h.post_id, a.id, a.display_name, "
    "to_json(h.created_at) #>> '{}', h.rank::text, h.rank, "
    "ts_headline('english', replace(replace(replace(replace(replace(h.text, '&', '&amp;'), "
    "'<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), '''', '&#39;'), "
    "websearch_to_tsquery('english', $1), "
    "'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, "
    "FragmentDelimiter=\" … \"') "
    "FROM page h JOIN persons a ON a.id = h.author_id "
    "ORDER BY h.rank DESC, h.kind_order DESC, h.id DESC"};

// The query as PostgreSQL reads it, for narrow_phrases.
const db::Statement select_query_text{"search.query_text",
                                      "SELECT websearch_to_tsquery('english', $1)::text"};

}  // namespace

ResultPage search(db::Connection& db, const Actor* viewer, const Query& query) {
  return db::transact(db, [&](db::Tx& tx) {
    const auto readable = readable_categories(tx, viewer);
    std::optional<std::string> from, to, after_rank;
    std::optional<int> after_kind;
    std::optional<std::int64_t> after_id;
    if (query.from)
      from = iso8601(*query.from);
    if (query.to)
      to = iso8601(*query.to);
    if (query.after) {
      after_rank = query.after->rank;
      after_kind = query.after->kind_order;
      after_id = query.after->id;
    }
    const auto narrowing =
        narrow_phrases(tx.exec(select_query_text, query.text)[0][0].as<std::string>());
    std::optional<std::string> pairs;
    if (!narrowing.pairs.empty())
      pairs = db::array_literal(narrowing.pairs);
    ResultPage page;
    // Not prepared: a prepared statement may settle on one generic plan for every query text,
    // and the right plan depends on how common the words are (see select_results).
    for (const auto& row : tx.raw().exec_params(
             select_results.sql, query.text, readable.public_open, db::array_literal(readable.ids),
             query.group_id, query.category_id, query.author_id, from, to, after_rank, after_kind,
             after_id, query.limit + 1, ranked_candidates, pairs, narrowing.words)) {
      Hit result;
      const int kind_order = row[0].as<int>();
      result.kind = kind_order == 1 ? "thread" : "post";
      result.thread_id = row[1].as<std::int64_t>();
      result.thread_title = row[2].as<std::string>();
      if (!row[3].is_null())
        result.post_id = row[3].as<std::int64_t>();
      result.author_id = row[4].as<std::int64_t>();
      result.author_name = row[5].as<std::string>();
      result.created_at = row[6].as<std::string>();
      result.rank = row[8].as<double>();
      result.snippet_html = snippet_html(row[9].as<std::string>());
      result.position = {row[7].as<std::string>(), kind_order,
                         result.post_id.value_or(result.thread_id)};
      page.results.push_back(std::move(result));
    }
    if (static_cast<int>(page.results.size()) > query.limit) {
      page.results.resize(static_cast<std::size_t>(query.limit));
      page.next = page.results.back().position;
    }
    return page;
  });
}

}  // namespace plenary::search
