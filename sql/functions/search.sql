-- search.sql -- full-text query helper (compounds, synonyms), "did you
-- mean", the facet counts kept by triggers and the search cache they empty
-- (tables: 004, 007, 009, 015, 024).

-- ---------------------------------------------------------------------------
-- Dutch compounds (024): the parts of a word, from the Dutch hunspell
-- dictionary (kc_nl_ispell, Debian's hunspell-nl, see README.md)
-- ---------------------------------------------------------------------------

-- The words of q, lower-cased, joined by single spaces ("WO II!" -> "wo ii"):
-- the form synonyms are kept and looked up in. One expression of
-- IMMUTABLE functions, so that the planner inlines it (a SQL function it
-- does not inline is planned anew on every call; array_to_string, being
-- STABLE, would prevent that).
CREATE OR REPLACE FUNCTION kc_search_words(q text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(lower(coalesce(q, '')), '[^[:alnum:]]+', ' ', 'g'))
$$;

-- The parts of a Dutch word, '{}' when it is no compound. The dictionary
-- splits what it does not list itself (werkwoordspelling -> werk, woord,
-- spelling; kansrekening -> kans, rekening) and answers lemmas (breuken ->
-- breuk); a compound it lists whole (hoofdrekenen), or the lemma of one
-- (werkbladen -> werkblad), is cut in two where both halves are words it
-- knows, the later cut first (a suffix of five letters or more: "spel|ling"
-- is no compound), a linking s ending the first half only when no cut
-- without one exists (verkeers|veiligheid, but pythagoras|stelling, not
-- pythagorass|telling). Parts under three letters are dropped (linking
-- letters, "e" of "tweed|e"); a word the dictionary knows as a variant of
-- another may come back with that one as its part.
-- Loading the dictionary costs a new connection about half a second, once
-- (README.md, "Dutch search"); records keep their words' parts in
-- dutch_word_parts, and queries never load it (kc_nl_parts).
CREATE OR REPLACE FUNCTION kc_nl_split(w text) RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    WITH whole AS (SELECT ts_lexize('kc_nl_ispell', w) AS l),
    own AS (SELECT ARRAY(SELECT DISTINCT x FROM unnest(l) AS x
                          WHERE x <> w AND char_length(x) >= 3
                            AND cardinality(l) > 1) AS p
              FROM whole),
    base AS (SELECT CASE WHEN cardinality(l) = 1 THEN l[1] ELSE w END AS bw FROM whole),
    cut AS (SELECT ARRAY[(coalesce(sa.a, sa.linked))[1], sb.b[1]] AS p
              FROM base,
                   generate_series(char_length(base.bw) - 5, 3, -1) AS i,
                   LATERAL (SELECT ts_lexize('kc_nl_ispell', substr(base.bw, i + 1)) AS b) AS sb,
                   LATERAL (SELECT nullif(ts_lexize('kc_nl_ispell', left(base.bw, i)), '{}') AS a,
                                   CASE WHEN substr(base.bw, i, 1) = 's' AND i > 3
                                        THEN nullif(ts_lexize('kc_nl_ispell', left(base.bw, i - 1)), '{}')
                                   END AS linked) AS sa
             WHERE char_length(base.bw) >= 8 AND cardinality(sb.b) > 0
               AND char_length((coalesce(sa.a, sa.linked))[1]) >= 3
             ORDER BY sa.a IS NULL, i DESC
             LIMIT 1)
    SELECT CASE WHEN char_length(w) < 6 THEN '{}'::text[]
                WHEN cardinality(own.p) > 0 THEN own.p
                ELSE coalesce((SELECT p FROM cut), '{}') END
      FROM own
$$;

-- search_known_words (032) follows the words records use: a title's words
-- (record_words) and a Dutch record's words and their parts
-- (dutch_word_parts). Both only grow.
CREATE OR REPLACE FUNCTION kc_known_words_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'record_words' THEN
        INSERT INTO search_known_words (word)
        SELECT DISTINCT n.word FROM new_rows n
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO search_known_words (word)
        SELECT n.word FROM new_rows n
        UNION SELECT unnest(n.parts) FROM new_rows n
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER record_words_known_trg AFTER INSERT ON record_words
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_known_words_trg();
CREATE OR REPLACE TRIGGER dutch_word_parts_known_trg AFTER INSERT ON dutch_word_parts
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_known_words_trg();

-- The parts of a query's word (kc_tsquery): as kept for the records
-- (dutch_word_parts) when a record has the word; else the longest head
-- and the tail, each a word some record uses (search_known_words; with a
-- linking s only when no plain cut works: pythagoras|stelling, not
-- pythagoras-s|telling), so that "pythagorasstelling" finds "stelling van
-- Pythagoras". Never the dictionary: loading it costs a new connection
-- half a second of CPU and some 20 MB, and after a restart every
-- connection of every child would pay it on its first search (the
-- benchmark's searches ran out of their statement timeout); a part no
-- record uses could not match anyway. PL/pgSQL for its kept plans: every
-- search calls it for each of its words.
CREATE OR REPLACE FUNCTION kc_nl_parts(w text) RETURNS text[]
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p text[];
    linked text[];
    tail text;
BEGIN
    SELECT d.parts INTO p FROM dutch_word_parts d WHERE d.word = w;
    IF FOUND THEN
        RETURN p;
    END IF;
    -- the longest head first; a cut with a linking s only when none without
    FOR i IN REVERSE char_length(w) - 3 .. 3 LOOP
        tail := substr(w, i + 1);
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM search_known_words k WHERE k.word = tail);
        IF EXISTS (SELECT 1 FROM search_known_words k WHERE k.word = left(w, i)) THEN
            RETURN ARRAY[left(w, i), tail];
        END IF;
        IF linked IS NULL AND i > 3 AND substr(w, i, 1) = 's'
           AND EXISTS (SELECT 1 FROM search_known_words k WHERE k.word = left(w, i - 1)) THEN
            linked := ARRAY[left(w, i - 1), tail];
        END IF;
    END LOOP;
    RETURN coalesce(linked, '{}');
END
$$;

-- The words (six letters or more) of a Dutch text not yet in
-- dutch_word_parts are split and kept there (indexing a record). PL/pgSQL
-- for its kept plan: a bulk load calls it once per record.
CREATE OR REPLACE FUNCTION kc_nl_learn(p_text text) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    INSERT INTO dutch_word_parts (word, parts)
    SELECT t.w, kc_nl_split(t.w)
      FROM (SELECT DISTINCT w FROM regexp_split_to_table(lower(coalesce(p_text, '')),
                                                         '[^[:alpha:]]+') AS w
             WHERE char_length(w) >= 6) AS t
      LEFT JOIN dutch_word_parts p ON p.word = t.w
     WHERE p.word IS NULL
    ON CONFLICT (word) DO NOTHING;
END
$$;

-- What the compounds of a Dutch record add to its search vector
-- (kc_record_vector, sql/functions/records.sql): the compounds of the
-- title unstemmed at weight A, those of the description at B, and the
-- parts of both, Dutch-stemmed, at C ("Oefenreeks: hoofdrekenen" ->
-- 'hoofdrekenen':A, 'hoofd':C, 'reken':C), as dutch_word_parts knows them.
-- One statement for both fields: a bulk load calls it once per record.
CREATE OR REPLACE FUNCTION kc_nl_compound_vector(p_title text, p_description text)
RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
        SELECT setweight(to_tsvector('simple'::regconfig,
                   coalesce(string_agg(p.word, ' ') FILTER (WHERE t.f = 'A'), '')), 'A')
            || setweight(to_tsvector('simple'::regconfig,
                   coalesce(string_agg(p.word, ' ') FILTER (WHERE t.f = 'B'), '')), 'B')
            || setweight(to_tsvector('dutch'::regconfig,
                   coalesce(string_agg(array_to_string(p.parts, ' '), ' '), '')), 'C')
          FROM (SELECT 'A' AS f, w FROM regexp_split_to_table(lower(coalesce(p_title, '')),
                                                             '[^[:alpha:]]+') AS w
                UNION SELECT 'B', w FROM regexp_split_to_table(lower(coalesce(p_description, '')),
                                                              '[^[:alpha:]]+') AS w) AS t
          JOIN dutch_word_parts p ON p.word = t.w
         WHERE char_length(t.w) >= 6 AND cardinality(p.parts) > 0);
END
$$;

-- ---------------------------------------------------------------------------
-- The query: kc_search_query(q), the one way a search's text is matched and
-- ranked (store/kc_sql_search.h):
--   WHERE r.search_vector @@ (kc_search_query($1))[1]   (= kc_tsquery($1))
--   ORDER BY ts_rank(r.search_vector, (kc_search_query($1))[2]) DESC
-- ---------------------------------------------------------------------------

-- Text t with its compounds cut into their parts (kc_nl_parts), as a
-- Dutch query ("breukenkaart maken" -> 'breuk' & 'kaart' & 'mak'); NULL
-- when t has no compound.
CREATE OR REPLACE FUNCTION kc_nl_cut(t text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    w text;
    p text[];
    cut text[] := '{}';
    split boolean := false;
    q tsquery;
BEGIN
    FOREACH w IN ARRAY array_remove(regexp_split_to_array(lower(coalesce(t, '')),
                                                          '[^[:alnum:]]+'), '') LOOP
        p := CASE WHEN w ~ '^[[:alpha:]]{6,}$' THEN kc_nl_parts(w) END;
        IF cardinality(p) > 0 THEN
            cut := cut || p;
            split := true;
        ELSE
            cut := cut || w;
        END IF;
    END LOOP;
    IF split THEN
        q := websearch_to_tsquery('dutch'::regconfig, array_to_string(cut, ' '));
        IF numnode(q) > 0 THEN
            RETURN q;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- The match of plain words (no quotes, no -word, no "or"), word by word:
-- each word in one of its forms (Dutch, English, French, unstemmed, its
-- compound parts), the words ANDed: ('breuk' | 'breuken') & ('werkwoord'
-- | 'werkwoorden' | 'werk' & 'woord' ...). It finds what the OR of the
-- whole query read in each language finds, and also a record that has
-- one word in one language and the next in another; a word that a
-- language drops as a stop word ("de", "het", "die") is not required.
-- The index then follows each lexeme's list once, with each word's forms
-- together: a miss is answered faster than by the OR of the languages.
-- NULL when no word is left.
CREATE OR REPLACE FUNCTION kc_search_match_words(q text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    cfgs CONSTANT regconfig[] := ARRAY['dutch', 'english', 'french', 'simple']::regconfig[];
    result tsquery;
    g tsquery;
    y tsquery;
    seen tsquery[];
    stop boolean;
    t text;
    cfg regconfig;
BEGIN
    FOREACH t IN ARRAY regexp_split_to_array(btrim(coalesce(q, '')), '\s+') LOOP
        g := NULL;
        seen := '{}';
        stop := false;
        FOREACH cfg IN ARRAY cfgs LOOP
            y := websearch_to_tsquery(cfg, t);
            IF numnode(y) = 0 THEN
                stop := true;
            ELSIF NOT y = ANY (seen) THEN
                seen := seen || y;
                g := CASE WHEN g IS NULL THEN y ELSE g || y END;
            END IF;
        END LOOP;
        CONTINUE WHEN stop OR g IS NULL;
        y := kc_nl_cut(t);
        IF y IS NOT NULL AND NOT y = ANY (seen) THEN
            g := g || y;
        END IF;
        result := CASE WHEN result IS NULL THEN g ELSE result && g END;
    END LOOP;
    RETURN result;
END
$$;

-- What a search's text q matches, and what it ranks with:
-- ARRAY[match, rank] (kc_tsquery(q) is the first).
--
-- The forms: q as Dutch, English, French and unstemmed words (the
-- records are stemmed in their own language: "passé composé" finds "le
-- passé composé"), q with a synonym (search_synonyms, both ways: "wo ii"
-- for "tweede wereldoorlog" and back), q with its compounds cut into
-- their parts (breukenkaart -> breuken & kaart); each once (the languages
-- often read a word alike: the index would follow its lexemes once per
-- copy).
-- Match: the forms ORed; plain words that no synonym changes word by word
-- instead (kc_search_match_words).
-- Rank: the same forms, ranked as an OR (every distinct lexeme a record
-- has counts). A record that has the words of q matches more of them than
-- one that has only a variant's, so it ranks above (parts are also kept
-- at weight C only).
--
-- Declared IMMUTABLE although it reads search_synonyms and
-- dutch_word_parts: so that a statement that has q as a constant computes
-- it once, when it is planned, instead of once per record in the rank. A
-- synonym edit is seen by the next statement and empties the caches of
-- searches (search_synonyms_changed below). Never use it in an index
-- expression. PL/pgSQL for its kept plans.
CREATE OR REPLACE FUNCTION kc_search_query(q text) RETURNS tsquery[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    words text := ' ' || kc_search_words(q) || ' ';
    variants text[] := ARRAY[coalesce(q, '')];
    forms tsquery[] := '{}';
    match tsquery;
    rank tsquery;
    x tsquery;
    v text;
BEGIN
    IF words <> '  ' THEN
        variants := variants || ARRAY(
            SELECT DISTINCT replace(words, ' ' || s.a || ' ', ' ' || s.b || ' ')
              FROM (SELECT term AS a, expansion AS b FROM search_synonyms
                    UNION ALL SELECT expansion, term FROM search_synonyms) AS s
             WHERE strpos(words, ' ' || s.a || ' ') > 0);
    END IF;
    FOREACH v IN ARRAY variants LOOP
        FOREACH x IN ARRAY ARRAY[websearch_to_tsquery('dutch'::regconfig, v),
                                 websearch_to_tsquery('english'::regconfig, v),
                                 websearch_to_tsquery('french'::regconfig, v),
                                 websearch_to_tsquery('simple'::regconfig, v)] LOOP
            IF numnode(x) > 0 AND NOT x = ANY (forms) THEN
                forms := forms || x;
            END IF;
        END LOOP;
    END LOOP;
    x := kc_nl_cut(q);
    IF x IS NOT NULL AND NOT x = ANY (forms) THEN
        forms := forms || x;
    END IF;
    FOREACH x IN ARRAY forms LOOP
        match := CASE WHEN match IS NULL THEN x ELSE match || x END;
    END LOOP;
    match := coalesce(match, websearch_to_tsquery('simple'::regconfig, coalesce(q, '')));
    -- the rank: ts_rank of an OR weighs each distinct lexeme a record has,
    -- whatever the shape of the query; a single form is ORed with itself
    -- so that it is ranked so too (an AND is ranked by how close its
    -- words stand)
    rank := CASE WHEN cardinality(forms) = 1 THEN match || match ELSE match END;
    -- plain words without a synonym: matched word by word (same records,
    -- and some more; the rank is unchanged)
    IF cardinality(variants) = 1 AND q !~ '"' AND q !~* '(^|\s)(-|or(\s|$))' THEN
        match := coalesce(kc_search_match_words(q), match);
    END IF;
    RETURN ARRAY[match, rank];
END
$$;

-- The match of kc_search_query: the one way a search's text is matched
-- (store/kc_sql_search.h, the forum's and the analytics' statements).
CREATE OR REPLACE FUNCTION kc_tsquery(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (kc_search_query(q))[1]
$$;

-- Each word of q that no title uses is replaced by the closest title word
-- (pg_trgm: the most similar of those similar enough, through the GiST
-- index of 032); NULL when nothing would change. PL/pgSQL for its kept
-- plans: every search that finds nothing asks it.
CREATE OR REPLACE FUNCTION kc_search_suggestion(p_q text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    w text;
    fix text;
    fixed text[] := '{}';
    changed boolean := false;
BEGIN
    FOREACH w IN ARRAY regexp_split_to_array(lower(coalesce(p_q, '')), '\s+') LOOP
        CONTINUE WHEN w = '';
        fix := NULL;
        IF NOT EXISTS (SELECT 1 FROM record_words rw WHERE rw.word = w) THEN
            SELECT rw.word INTO fix FROM record_words rw
             WHERE rw.word % w
             ORDER BY rw.word <-> w, rw.word
             LIMIT 1;
        END IF;
        changed := changed OR fix IS NOT NULL;
        fixed := fixed || coalesce(fix, w);
    END LOOP;
    RETURN CASE WHEN changed THEN array_to_string(fixed, ' ') END;
END
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

-- Subjects and levels of a published record change its subject/level
-- counts: a row added counts +1, a row removed -1, a row changed both
-- (its old subject or record -1, its new one +1).
CREATE OR REPLACE FUNCTION kc_record_taxonomy_facet(p_table text, p_record bigint,
                                                     p_id integer, p_delta bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    code text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM records WHERE id = p_record AND state = 'published') THEN
        RETURN;
    END IF;
    IF p_table = 'record_subjects' THEN
        SELECT s.code INTO code FROM subjects s WHERE s.id = p_id;
        PERFORM kc_facet_add('subject', code, p_delta);
    ELSE
        SELECT v.code INTO code FROM levels v WHERE v.id = p_id;
        PERFORM kc_facet_add('level', code, p_delta);
    END IF;
END
$$;

-- TG_ARGV[0]: the row's column of the subject or level id (read through
-- to_jsonb: a row of one table has no field of the other's).
CREATE OR REPLACE FUNCTION kc_record_taxonomy_facets_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM kc_record_taxonomy_facet(TG_TABLE_NAME, OLD.record_id,
                                         (to_jsonb(OLD) ->> TG_ARGV[0])::integer, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM kc_record_taxonomy_facet(TG_TABLE_NAME, NEW.record_id,
                                         (to_jsonb(NEW) ->> TG_ARGV[0])::integer, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER record_subjects_facets_trg
    AFTER INSERT OR DELETE OR UPDATE ON record_subjects
    FOR EACH ROW EXECUTE FUNCTION kc_record_taxonomy_facets_trg('subject_id');
CREATE OR REPLACE TRIGGER record_levels_facets_trg
    AFTER INSERT OR DELETE OR UPDATE ON record_levels
    FOR EACH ROW EXECUTE FUNCTION kc_record_taxonomy_facets_trg('level_id');

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

-- A synonym added, changed or taken away changes what searches find: the
-- kept searches and their facet counts go, and every node's page cache
-- (kc_pages, sql/functions/jobs.sql).
CREATE OR REPLACE TRIGGER search_synonyms_search_cache_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_cache_clear();
CREATE OR REPLACE TRIGGER search_synonyms_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();

-- ---------------------------------------------------------------------------
-- The nodes' in-memory search indexes (033, KlasCementSearchIndex): every
-- change of a record a search could find, or could have found, is logged
-- with its transaction.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION kc_search_changes_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP <> 'INSERT' AND OLD.state = 'published')
       OR (TG_OP <> 'DELETE' AND NEW.state = 'published') THEN
        INSERT INTO search_changes (record_id)
        VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
    END IF;
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER records_search_changes_trg
    AFTER INSERT OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION kc_search_changes_trg();
-- Whatever the statement set: the vector is written by a BEFORE trigger.
CREATE OR REPLACE TRIGGER records_search_changes_upd_trg
    AFTER UPDATE ON records
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state
        OR OLD.search_vector IS DISTINCT FROM NEW.search_vector
        OR OLD.kind IS DISTINCT FROM NEW.kind
        OR OLD.language IS DISTINCT FROM NEW.language
        OR OLD.licence IS DISTINCT FROM NEW.licence
        OR OLD.subject_ids IS DISTINCT FROM NEW.subject_ids
        OR OLD.level_ids IS DISTINCT FROM NEW.level_ids
        OR OLD.published_at IS DISTINCT FROM NEW.published_at
        OR OLD.rating_sum IS DISTINCT FROM NEW.rating_sum
        OR OLD.rating_count IS DISTINCT FROM NEW.rating_count)
    EXECUTE FUNCTION kc_search_changes_trg();
-- A mark for every index, the trigger's argument: record 0, which no
-- record is, builds them anew (all records gone at once, or a vocabulary
-- changed); record -1 says that what queries are built from changed
-- (synonyms, the parts of Dutch words): the search that follows is
-- answered by the database, and every index publishes a new version,
-- without the queries it kept (store/kc_store_sindex.c).
CREATE OR REPLACE FUNCTION kc_search_changes_mark_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (record_id) VALUES (TG_ARGV[0]::bigint);
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER records_search_changes_truncate_trg
    AFTER TRUNCATE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_changes_mark_trg('0');

-- Whether a record changed in a way an index built from snapshot p_snap
-- has not seen (committed since; one index range scan).
CREATE OR REPLACE FUNCTION kc_search_index_stale(p_snap text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM search_changes c
                    WHERE c.xid >= pg_snapshot_xmin(p_snap::pg_snapshot)
                      AND NOT pg_visible_in_snapshot(c.xid, p_snap::pg_snapshot))
$$;
-- The vocabularies name the facets and resolve the filters of every index:
-- a change of any term builds them anew.
CREATE OR REPLACE TRIGGER record_kinds_search_changes_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON record_kinds
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_changes_mark_trg('0');
CREATE OR REPLACE TRIGGER subjects_search_changes_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON subjects
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_changes_mark_trg('0');
CREATE OR REPLACE TRIGGER levels_search_changes_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON levels
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_changes_mark_trg('0');
CREATE OR REPLACE TRIGGER languages_search_changes_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON languages
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_changes_mark_trg('0');
CREATE OR REPLACE TRIGGER licences_search_changes_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON licences
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_changes_mark_trg('0');
-- What queries are built from (see kc_search_changes_mark_trg).
CREATE OR REPLACE TRIGGER search_synonyms_search_changes_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_changes_mark_trg('-1');
CREATE OR REPLACE TRIGGER dutch_word_parts_search_changes_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dutch_word_parts
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_changes_mark_trg('-1');
DROP FUNCTION IF EXISTS kc_search_changes_all_trg();
DROP FUNCTION IF EXISTS kc_search_changes_queries_trg();
