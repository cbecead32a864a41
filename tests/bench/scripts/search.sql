-- search.results from server/search/service.cpp, as the server runs it for a signed-in member
-- with no filters and the first page (20 results + 1), ranking at most the 1,000 newest matches
-- of each kind, after search.query_text (the query as PostgreSQL reads it, from which the server
-- derives :pairs and :words, search::narrow_phrases; '{}' and '-' stand for the server's NULL). The
-- server sends search.results unprepared, so each query text gets its own plan: the same here
-- under pgbench -M prepared.
SET plan_cache_mode = force_custom_plan;
SELECT websearch_to_tsquery('english', :q::text)::text;
WITH hits AS (
  (SELECT 1 AS kind_order, t.id AS id, t.id AS thread_id, t.title, NULL::bigint AS post_id,
  t.author_id, t.created_at, t.search AS vector, t.title AS text
  FROM threads t JOIN categories c ON c.id = t.category_id
  WHERE ((c.visibility = 'public' AND true) OR c.id = ANY(:readable::bigint[]))
  AND (NULL::bigint IS NULL OR c.group_id = NULL::bigint)
  AND (NULL::bigint IS NULL OR c.id = NULL::bigint)
  AND t.search @@ websearch_to_tsquery('english', :q::text) ORDER BY t.id DESC LIMIT 1000)
  UNION ALL
  (SELECT 0, p.id, t.id, t.title, p.id, p.author_id, p.created_at, p.search, p.body_text
  FROM posts p JOIN threads t ON t.id = p.thread_id JOIN categories c ON c.id = t.category_id
  WHERE ((c.visibility = 'public' AND true) OR c.id = ANY(:readable::bigint[]))
  AND (NULL::bigint IS NULL OR c.group_id = NULL::bigint)
  AND (NULL::bigint IS NULL OR c.id = NULL::bigint)
  AND ((NULLIF(:pairs::text[], '{}') IS NULL AND p.search @@ websearch_to_tsquery('english', :q::text))
    OR (NULLIF(:pairs::text[], '{}') IS NOT NULL
      AND ts_match_vq(p.search, websearch_to_tsquery('english', :q::text))
      AND p.search_pairs @> search_pair_keys(NULLIF(:pairs::text[], '{}'))
      AND (NULLIF(:words::text, '-')::tsquery IS NULL OR p.search @@ NULLIF(:words::text, '-')::tsquery)))
  AND p.hidden_at IS NULL AND p.deleted_at IS NULL ORDER BY p.id DESC LIMIT 1000)),
ranked AS (SELECT kind_order, id, thread_id, title, post_id, author_id, created_at, text,
  ts_rank(vector, websearch_to_tsquery('english', :q::text)) AS rank FROM hits),
page AS (SELECT * FROM ranked ORDER BY rank DESC, kind_order DESC, id DESC LIMIT 21)
SELECT h.kind_order, h.thread_id, h.title, h.post_id, a.id, a.display_name,
  to_json(h.created_at) #>> '{}', h.rank::text, h.rank,
  ts_headline('english', replace(replace(replace(replace(replace(h.text, '&', '&amp;'),
  '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;'), websearch_to_tsquery('english', :q::text),
  'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')
FROM page h JOIN persons a ON a.id = h.author_id
ORDER BY h.rank DESC, h.kind_order DESC, h.id DESC;
