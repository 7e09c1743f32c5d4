-- search.sql -- full-text query helper, "did you mean", the facet counts kept
-- by triggers and the search cache they empty (tables: 004, 007, 009, 015).

-- Optional helper for the search query side: a query matched against records
-- of several languages (Dutch, English and unstemmed), e.g.
--   WHERE r.search_vector @@ kc_tsquery($1)
--   ORDER BY ts_rank_cd(r.search_vector, kc_tsquery($1)) DESC
CREATE OR REPLACE FUNCTION kc_tsquery(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT websearch_to_tsquery('dutch'::regconfig, q)
        || websearch_to_tsquery('english'::regconfig, q)
        || websearch_to_tsquery('simple'::regconfig, q)
$$;

-- Each word of q that no title uses is replaced by the closest title word;
-- NULL when nothing would change.
CREATE OR REPLACE FUNCTION kc_search_suggestion(p_q text) RETURNS text
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

-- ---------------------------------------------------------------------------
-- Facet counts (007): published records per facet value, kept exact by triggers
-- ---------------------------------------------------------------------------

-- The CHECK is tested on the row an INSERT proposes, before ON CONFLICT,
-- so a decrement must be an UPDATE.
CREATE OR REPLACE FUNCTION kc_facet_add(p_facet text, p_value text, p_delta bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE facet_counts SET n = n + p_delta
     WHERE facet = p_facet AND value = p_value;
    IF NOT FOUND THEN
        INSERT INTO facet_counts (facet, value, n)
        VALUES (p_facet, p_value, p_delta)
        ON CONFLICT (facet, value) DO UPDATE SET n = facet_counts.n + EXCLUDED.n;
    END IF;
END
$$;

-- A record entering (+1) or leaving (-1) the published set moves every
-- count it belongs to.
CREATE OR REPLACE FUNCTION kc_facet_record(p_record bigint, p_kind text, p_language text,
                                p_licence text, p_delta bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kc_facet_add('all', '', p_delta);
    PERFORM kc_facet_add('kind', p_kind, p_delta);
    PERFORM kc_facet_add('language', p_language, p_delta);
    PERFORM kc_facet_add('licence', p_licence, p_delta);
    PERFORM kc_facet_add('subject', s.code, p_delta)
       FROM record_subjects rs JOIN subjects s ON s.id = rs.subject_id
      WHERE rs.record_id = p_record;
    PERFORM kc_facet_add('level', v.code, p_delta)
       FROM record_levels rl JOIN levels v ON v.id = rl.level_id
      WHERE rl.record_id = p_record;
END
$$;

CREATE OR REPLACE FUNCTION kc_records_facets_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was boolean := TG_OP <> 'INSERT' AND OLD.state = 'published';
    now_pub boolean := TG_OP <> 'DELETE' AND NEW.state = 'published';
BEGIN
    IF was AND (NOT now_pub OR OLD.kind <> NEW.kind OR OLD.language <> NEW.language
                OR OLD.licence <> NEW.licence) THEN
        PERFORM kc_facet_record(OLD.id, OLD.kind, OLD.language, OLD.licence, -1);
    END IF;
    IF now_pub AND (NOT was OR OLD.kind <> NEW.kind OR OLD.language <> NEW.language
                    OR OLD.licence <> NEW.licence) THEN
        PERFORM kc_facet_record(NEW.id, NEW.kind, NEW.language, NEW.licence, 1);
    END IF;
    RETURN NULL;
END
$$;

-- AFTER triggers of one event fire in name order, and the foreign keys'
-- cascade triggers are named "RI_ConstraintTrigger_...". When a published
-- record is deleted, its counts must be taken back while its subjects and
-- levels still exist, so the counting trigger is named to sort before them
-- (011).
CREATE OR REPLACE TRIGGER "A_records_facets_trg"
    AFTER INSERT OR DELETE OR UPDATE OF state, kind, language, licence ON records
    FOR EACH ROW EXECUTE FUNCTION kc_records_facets_trg();

-- Subjects and levels of a published record change its subject/level counts.
CREATE OR REPLACE FUNCTION kc_record_taxonomy_facets_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rec bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.record_id ELSE NEW.record_id END;
    delta bigint := CASE WHEN TG_OP = 'DELETE' THEN -1 ELSE 1 END;
    code text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM records WHERE id = rec AND state = 'published') THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'record_subjects' THEN
        SELECT s.code INTO code FROM subjects s
         WHERE s.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.subject_id ELSE NEW.subject_id END;
        PERFORM kc_facet_add('subject', code, delta);
    ELSE
        SELECT v.code INTO code FROM levels v
         WHERE v.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.level_id ELSE NEW.level_id END;
        PERFORM kc_facet_add('level', code, delta);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER record_subjects_facets_trg AFTER INSERT OR DELETE ON record_subjects
    FOR EACH ROW EXECUTE FUNCTION kc_record_taxonomy_facets_trg();
CREATE OR REPLACE TRIGGER record_levels_facets_trg AFTER INSERT OR DELETE ON record_levels
    FOR EACH ROW EXECUTE FUNCTION kc_record_taxonomy_facets_trg();

-- What the counts must be (for rebuilding after bulk loads and for checks).
CREATE OR REPLACE VIEW facet_counts_expected AS
    SELECT 'all'::text AS facet, ''::text AS value, count(*) AS n
      FROM records WHERE state = 'published'
    UNION ALL SELECT 'kind', kind, count(*) FROM records
      WHERE state = 'published' GROUP BY kind
    UNION ALL SELECT 'language', language, count(*) FROM records
      WHERE state = 'published' GROUP BY language
    UNION ALL SELECT 'licence', licence, count(*) FROM records
      WHERE state = 'published' GROUP BY licence
    UNION ALL SELECT 'subject', s.code, count(*) FROM records r
      JOIN record_subjects rs ON rs.record_id = r.id
      JOIN subjects s ON s.id = rs.subject_id
      WHERE r.state = 'published' GROUP BY s.code
    UNION ALL SELECT 'level', v.code, count(*) FROM records r
      JOIN record_levels rl ON rl.record_id = r.id
      JOIN levels v ON v.id = rl.level_id
      WHERE r.state = 'published' GROUP BY v.code;

CREATE OR REPLACE FUNCTION kc_facet_counts_rebuild() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM facet_counts;
    INSERT INTO facet_counts (facet, value, n)
    SELECT facet, value, n FROM facet_counts_expected;
$$;

-- ---------------------------------------------------------------------------
-- Search cache (009, 015): emptied when what a search could find changes
-- ---------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kc_search_cache_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_cache;
    DELETE FROM facet_cache;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER records_search_cache_trg
    AFTER INSERT OR DELETE OR UPDATE OF state, title, description, kind, language,
        licence, published_at ON records
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_cache_clear();
CREATE OR REPLACE TRIGGER record_subjects_search_cache_trg
    AFTER INSERT OR DELETE OR UPDATE ON record_subjects
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_cache_clear();
CREATE OR REPLACE TRIGGER record_levels_search_cache_trg
    AFTER INSERT OR DELETE OR UPDATE ON record_levels
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_cache_clear();

-- A change of any record's rating drops the kept pages sorted by rating, and
-- only those: the sort is the ninth field of the key the module writes
-- (kc_store_records.c, cache_key(): what, labels, q, five filters, sort,
-- limit, offset).
CREATE OR REPLACE FUNCTION kc_search_cache_clear_rating() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_cache WHERE split_part(key, chr(31), 9) = 'rating';
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER records_search_cache_rating_trg
    AFTER UPDATE OF rating_sum, rating_count ON records
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_cache_clear_rating();
