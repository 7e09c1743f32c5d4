-- 004_records.sql -- files on records, search suggestions, reversals.

ALTER TABLE records
    ADD COLUMN file_sha256 text NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN file_name   text NULL,
    ADD COLUMN file_type   text NULL,
    ADD COLUMN file_size   bigint NULL CHECK (file_size >= 0),
    ADD CONSTRAINT records_file_complete
        CHECK ((file_sha256 IS NULL) = (file_name IS NULL)
               AND (file_sha256 IS NULL) = (file_type IS NULL));

CREATE INDEX records_rating_idx ON records
    ((rating_sum::float8 / nullif(rating_count, 0)) DESC NULLS LAST, id DESC)
    WHERE state = 'published';

-- Words of published titles, for "did you mean" when a search finds
-- nothing (pg_trgm similarity over a small vocabulary instead of all text).
CREATE TABLE record_words (word text PRIMARY KEY);
CREATE INDEX record_words_trgm_idx ON record_words USING gin (word gin_trgm_ops);

-- The words of the titles published so far; from here on the trigger
-- records_words_trg (sql/functions/records.sql) adds them. The split is
-- written out, not a call of kc_title_words(): the functions of
-- sql/functions/ are (re)defined only after the last pending migration. The
-- lock keeps titles published meanwhile from slipping between this and the
-- trigger, which `kcdb migrate` creates in this same transaction.
LOCK TABLE records IN SHARE MODE;
INSERT INTO record_words (word)
SELECT DISTINCT w FROM records r, regexp_split_to_table(lower(r.title), '[^[:alpha:]]+') AS w
 WHERE r.state = 'published' AND char_length(w) >= 3
ON CONFLICT DO NOTHING;

-- Functions and triggers: kc_title_words, kc_records_words,
-- records_words_trg in sql/functions/records.sql; kc_search_suggestion in
-- search.sql; kc_points_reverse in points.sql.
