-- 032_search_query.sql -- "did you mean" through a GiST trigram index, and
-- the query builder's old helper gone (sql/functions/search.sql).
--
-- kc_search_suggestion looks for the title word closest to a word no
-- title uses. With the GIN trigram index (004) the planner read all of
-- record_words (about 1 ms for the benchmark's 775 words, on every search
-- that finds nothing); GiST answers "the nearest by <->" from the index
-- (0.1 ms).
CREATE INDEX record_words_trgm_gist_idx ON record_words USING gist (word gist_trgm_ops);
DROP INDEX record_words_trgm_idx;

-- kc_search_query (which kc_tsquery now reads) reads each language itself.
DROP FUNCTION IF EXISTS kc_tsquery_words(text);

-- The words some record uses: a word of a title (record_words), a word of
-- a Dutch record (dutch_word_parts) or a part of one of its compounds:
-- what a query's unknown word may be cut into (kc_nl_parts), one primary
-- key lookup a candidate. Kept by triggers on both tables
-- (sql/functions/search.sql); checked by kc_integrity_problems().
CREATE TABLE search_known_words (word text PRIMARY KEY);
INSERT INTO search_known_words (word)
SELECT word FROM record_words
UNION SELECT word FROM dutch_word_parts
UNION SELECT unnest(parts) FROM dutch_word_parts;
DROP FUNCTION IF EXISTS kc_nl_known(text);
