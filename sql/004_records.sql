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

CREATE FUNCTION kc_title_words(p_title text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(lower(p_title), '[^[:alpha:]]+') AS w
     WHERE char_length(w) >= 3
$$;

CREATE FUNCTION kc_records_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'published' THEN
        INSERT INTO record_words (word)
        SELECT w FROM kc_title_words(NEW.title) AS w
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER records_words_trg
    AFTER INSERT OR UPDATE OF title, state ON records
    FOR EACH ROW EXECUTE FUNCTION kc_records_words();

INSERT INTO record_words (word)
SELECT DISTINCT w FROM records r, kc_title_words(r.title) AS w
 WHERE r.state = 'published'
ON CONFLICT DO NOTHING;

-- Each word of q that no title uses is replaced by the closest title word;
-- NULL when nothing would change.
CREATE FUNCTION kc_search_suggestion(p_q text) RETURNS text
LANGUAGE sql STABLE AS $$
    WITH words AS (
        SELECT ord, w FROM regexp_split_to_table(lower(p_q), '\s+')
             WITH ORDINALITY AS t(w, ord)
         WHERE w <> ''
    ), fixed AS (
        SELECT ord, w,
               CASE WHEN EXISTS (SELECT 1 FROM record_words rw WHERE rw.word = w)
                    THEN w
                    ELSE coalesce((SELECT rw.word FROM record_words rw
                                    WHERE rw.word % w
                                    ORDER BY similarity(rw.word, w) DESC, rw.word
                                    LIMIT 1), w)
               END AS fix
          FROM words
    )
    SELECT CASE WHEN bool_or(w <> fix) THEN string_agg(fix, ' ' ORDER BY ord) END
      FROM fixed
$$;

-- Take back what an award paid (a deleted reaction, a refused or taken-down
-- contribution): at most the current balance, never below zero. Keyed, so a
-- second call takes nothing. Returns the points taken back (>= 0).
CREATE FUNCTION kc_points_reverse(p_key text, p_note text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_member bigint;
    v_event  text;
    v_subject text;
    v_amount bigint;
    v_balance bigint;
    v_take   bigint;
BEGIN
    SELECT l.member_id, l.event, l.subject, l.amount
      INTO v_member, v_event, v_subject, v_amount
      FROM points_ledger l WHERE l.award_key = p_key;
    IF NOT FOUND OR v_amount <= 0 THEN
        RETURN 0;
    END IF;
    SELECT points_balance INTO v_balance FROM members WHERE id = v_member FOR UPDATE;
    v_take := least(v_amount, v_balance);
    RETURN -kc_points_award(v_member, v_event, v_subject, -v_take,
                            'reverse:' || p_key,
                            coalesce(p_note, 'reversed'));
END
$$;
