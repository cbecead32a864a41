-- Phrase search. A phrase of two common words ("branch members") matches few posts, but the
-- words index (posts_search) only knows which posts hold both words, wherever they stand: search
-- had to read tens of thousands of posts to find the newest thousand holding the phrase. Each post
-- now also keeps the pairs of words that stand next to each other, and an index over them: a post
-- holds the phrase "a b" only if it holds the pair "a b", so the pairs index narrows a phrase
-- search to the posts that may hold it, and the phrase itself is still checked on each.
--
-- The pairs come from the same positions a phrase query reads (to_tsvector's, as posts.search):
-- every two lexemes at positions p and p + 1, as "first second". Each pair is kept as 32 bits of
-- its MD5 (a few bytes a pair rather than its text, so rows stay narrow): two pairs sharing a key
-- only let a post through the narrowing that the phrase check then turns away. MD5, not
-- hashtext, because stored keys must never change under a PostgreSQL upgrade.
-- server/search/rules.cpp (narrow_phrases) writes the pairs in the same form.

CREATE FUNCTION search_pair_key(pair text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ('x' || left(md5(pair), 8))::bit(32)::integer
$$;

CREATE FUNCTION search_word_pairs(words tsvector) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH at AS MATERIALIZED (
    SELECT w.lexeme, position FROM unnest(words) w, unnest(w.positions) position)
  SELECT coalesce(array_agg(DISTINCT search_pair_key(first.lexeme || ' ' || second.lexeme)), '{}')
  FROM at first JOIN at second ON second.position = first.position + 1
$$;

-- The keys of pairs written by narrow_phrases; immutable, so a query's keys are computed once,
-- when it is planned, and the planner sees them.
CREATE FUNCTION search_pair_keys(pairs text[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT search_pair_key(pair)), '{}') FROM unnest(pairs) pair
$$;

-- A search that walks the newest posts reads posts.search in every post it passes. A row over
-- ~2 kB has its largest values moved out of line, and the words were often among them: each such
-- post then cost a lookup in the TOAST table too (the walk for a word in 8 % of posts read 12,260
-- buffers, 6,871 before search_pairs widened the rows, 3,278 with the words kept in the row).
-- MAIN keeps them in the row, compressed if need be, and moves the bodies out first.
--
-- Rewrites the table once (a generated column cannot read posts.search, another generated one).
ALTER TABLE posts
  ALTER COLUMN search SET STORAGE MAIN,
  ADD COLUMN search_pairs integer[]
    GENERATED ALWAYS AS (search_word_pairs(to_tsvector('english', body_text))) STORED;
ALTER TABLE posts ALTER COLUMN search_pairs SET STORAGE MAIN;

CREATE INDEX posts_search_pairs ON posts USING gin (search_pairs);
