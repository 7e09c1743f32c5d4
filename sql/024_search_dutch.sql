-- 024_search_dutch.sql -- search that understands Dutch (issue 15): the
-- Dutch hunspell dictionary for compounds, the parts of the records'
-- words, the synonyms the team edits (/admin/synonyms), and the records
-- re-indexed (search_vector: kc_record_vector() in sql/functions/records.sql,
-- the query: kc_tsquery() in sql/functions/search.sql).

-- Debian's hunspell-nl (OpenTaal), in PostgreSQL's tsearch_data as
-- kc_nl.dict / kc_nl.affix (tools/lib/kc.sh, kc_pg_dictionaries: the files
-- pg_updatedicts makes, without the few lines PostgreSQL's parser refuses).
-- Missing files fail this migration with "could not open dictionary file":
-- see README.md, "Dutch search".
CREATE TEXT SEARCH DICTIONARY kc_nl_ispell (
    TEMPLATE = ispell, DictFile = kc_nl, AffFile = kc_nl, StopWords = dutch);
COMMENT ON TEXT SEARCH DICTIONARY kc_nl_ispell IS
    'Dutch hunspell (hunspell-nl): lemmas and compound parts, read by kc_nl_split()';

-- The parts of every word (six letters or more) of a Dutch record, '{}'
-- for a word that is no compound: kept so that indexing and queries do not
-- ask the dictionary again (kc_nl_learn, kc_nl_parts).
CREATE TABLE dutch_word_parts (
    word   text PRIMARY KEY,
    parts  text[] NOT NULL
);

-- Synonyms and abbreviations, applied at query time both ways (kc_tsquery):
-- a query with the words of `term` also searches them replaced by
-- `expansion`, and the other way round. Both are kept as kc_search_words()
-- gives them: lower case, words separated by one space.
CREATE TABLE search_synonyms (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    term        text NOT NULL,
    expansion   text NOT NULL,
    created_by  bigint NULL REFERENCES members ON DELETE SET NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT search_synonyms_pair_key UNIQUE (term, expansion),
    CONSTRAINT search_synonyms_words_check CHECK (
        term ~ '^[[:alnum:]]+( [[:alnum:]]+)*$' AND term = lower(term)
        AND expansion ~ '^[[:alnum:]]+( [[:alnum:]]+)*$' AND expansion = lower(expansion)
        AND term <> expansion AND char_length(term) <= 100 AND char_length(expansion) <= 200)
);

-- A starting list: abbreviations teachers type, and the Flemish and Dutch
-- names of the same thing. Ambiguous ones stay out ("wo" is
-- wereldoriëntatie in Flanders and wetenschappelijk onderwijs in the
-- Netherlands; "pc" is a computer and a political party).
INSERT INTO search_synonyms (term, expansion, updated_at)
SELECT term, expansion, timestamptz '2026-12-03 00:00:00+00' FROM (VALUES
    ('wo ii', 'tweede wereldoorlog'),
    ('woii', 'tweede wereldoorlog'),
    ('wo 2', 'tweede wereldoorlog'),
    ('wo2', 'tweede wereldoorlog'),
    ('ww2', 'tweede wereldoorlog'),
    ('wwii', 'tweede wereldoorlog'),
    ('second world war', 'tweede wereldoorlog'),
    ('wo i', 'eerste wereldoorlog'),
    ('woi', 'eerste wereldoorlog'),
    ('wo 1', 'eerste wereldoorlog'),
    ('wo1', 'eerste wereldoorlog'),
    ('ww1', 'eerste wereldoorlog'),
    ('wo i', 'first world war'),
    ('first world war', 'eerste wereldoorlog'),
    ('lo', 'lichamelijke opvoeding'),
    ('gym', 'lichamelijke opvoeding'),
    ('bewegingsonderwijs', 'lichamelijke opvoeding'),
    ('ict', 'digitale geletterdheid'),
    ('ehbo', 'eerste hulp'),
    ('maaltafels', 'tafels van vermenigvuldiging'),
    ('scheikunde', 'chemie'),
    ('natuurkunde', 'fysica'),
    ('aardrijkskunde', 'geografie'),
    ('ak', 'aardrijkskunde'),
    ('gvo', 'godsdienst'),
    ('nt2', 'nederlands als tweede taal'),
    ('buso', 'buitengewoon secundair onderwijs'),
    ('bao', 'basisonderwijs'),
    ('lager onderwijs', 'basisonderwijs'),
    ('kleuteronderwijs', 'kleuterschool'),
    ('vo', 'voortgezet onderwijs'),
    ('secundair onderwijs', 'voortgezet onderwijs'),
    ('tbl', 'technisch begrijpend lezen'),
    ('ovsg', 'onderwijsvereniging van steden en gemeenten'),
    ('eindtermen', 'kerndoelen'),
    ('leerkracht', 'leraar')) AS seed(term, expansion);

-- The parts of the words of the Dutch records, and every record
-- re-indexed as kc_record_vector() (sql/functions/records.sql) does. The
-- helpers are this session's (pg_temp): a migration calls no function of
-- sql/functions/. Words are split once each, not once per record.
CREATE FUNCTION pg_temp.kc_nl_split(w text) RETURNS text[]
LANGUAGE sql STABLE STRICT AS $$
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

INSERT INTO dutch_word_parts (word, parts)
SELECT w, pg_temp.kc_nl_split(w)
  FROM (SELECT DISTINCT w
          FROM records r
          JOIN languages l ON l.code = r.language AND l.ts_config = 'dutch'::regconfig,
               regexp_split_to_table(lower(r.title || ' ' || coalesce(r.description, '')),
                                     '[^[:alpha:]]+') AS w
         WHERE char_length(w) >= 6) AS t;

-- One pass: the compounds and parts of each record's words through the
-- kept table, as kc_nl_compound_vector() does.
UPDATE records r
   SET search_vector =
           setweight(to_tsvector(v.cfg, coalesce(r.title, '')), 'A')
        || setweight(to_tsvector(v.cfg, coalesce(r.description, '')), 'B')
        || CASE WHEN v.cfg = 'dutch'::regconfig THEN (
               SELECT setweight(to_tsvector('simple'::regconfig,
                          coalesce(string_agg(p.word, ' ') FILTER (WHERE t.f = 'A'), '')), 'A')
                   || setweight(to_tsvector('simple'::regconfig,
                          coalesce(string_agg(p.word, ' ') FILTER (WHERE t.f = 'B'), '')), 'B')
                   || setweight(to_tsvector('dutch'::regconfig,
                          coalesce(string_agg(array_to_string(p.parts, ' '), ' '), '')), 'C')
                 FROM (SELECT 'A' AS f, w FROM regexp_split_to_table(lower(coalesce(r.title, '')),
                                                                    '[^[:alpha:]]+') AS w
                       UNION SELECT 'B', w FROM regexp_split_to_table(
                                                lower(coalesce(r.description, '')),
                                                '[^[:alpha:]]+') AS w) AS t
                 JOIN dutch_word_parts p ON p.word = t.w
                WHERE char_length(t.w) >= 6 AND cardinality(p.parts) > 0)
                ELSE ''::tsvector END
        || setweight(to_tsvector('simple'::regconfig, coalesce(
               (SELECT string_agg(s.name_be || ' ' || s.name_nl || ' ' || s.name_en, ' ')
                  FROM subjects s WHERE s.id = ANY (r.subject_ids)), '')), 'D')
  FROM (SELECT r2.id, coalesce(l.ts_config, 'simple'::regconfig) AS cfg
          FROM records r2 LEFT JOIN languages l ON l.code = r2.language) AS v
 WHERE v.id = r.id;
