-- records.sql -- columns of records kept by triggers: the search vector, the
-- "did you mean" vocabulary, submitted_at, and the copies of the subject and
-- level ids (tables: 001, 004, 005, 013, 024).

-- What a record is found by (024): its title (weight A) and description
-- (B) with its language's text search configuration; for a Dutch record
-- also the parts of its compounds (C: "hoofdrekenen" is found by
-- "rekenen", below a record that has the word itself) and the compounds
-- unstemmed, at the weight of their field (so that a record with the
-- compound itself matches more of the query "pythagorasstelling" than one
-- with "stelling van Pythagoras", which kc_tsquery also finds, and ranks
-- above it); and the names of its subjects in both countries and English
-- (D, unstemmed: "scheikunde" finds the records of Chemie, "lichamelijke
-- opvoeding" those of LO).
-- 024_search_dutch.sql re-indexed the existing records with the same
-- expression (a migration cannot call this function).
CREATE OR REPLACE FUNCTION kc_record_vector(p_title text, p_description text,
                                            p_cfg regconfig, p_subject_ids int[])
RETURNS tsvector LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v tsvector := setweight(to_tsvector(p_cfg, coalesce(p_title, '')), 'A')
               || setweight(to_tsvector(p_cfg, coalesce(p_description, '')), 'B');
BEGIN
    IF p_cfg = 'dutch'::regconfig THEN
        PERFORM kc_nl_learn(coalesce(p_title, '') || ' ' || coalesce(p_description, ''));
        v := v || kc_nl_compound_vector(p_title, p_description);
    END IF;
    RETURN v || setweight(to_tsvector('simple'::regconfig, coalesce(
               (SELECT string_agg(s.name_be || ' ' || s.name_nl || ' ' || s.name_en, ' ')
                  FROM subjects s WHERE s.id = ANY (p_subject_ids)), '')), 'D');
END
$$;

-- Keeps search_vector up to date with the record language's text search
-- config (the subject ids are copied onto the record by the triggers below).
CREATE OR REPLACE FUNCTION kc_records_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    SELECT l.ts_config INTO cfg FROM languages l WHERE l.code = NEW.language;
    NEW.search_vector := kc_record_vector(NEW.title, NEW.description,
                                          coalesce(cfg, 'simple'::regconfig), NEW.subject_ids);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER records_search_vector_trg
    BEFORE INSERT OR UPDATE OF title, description, language, subject_ids ON records
    FOR EACH ROW EXECUTE FUNCTION kc_records_search_vector();

-- A subject renamed: its records are found by the new names.
CREATE OR REPLACE FUNCTION kc_subjects_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE records r
       SET search_vector = kc_record_vector(r.title, r.description,
               coalesce((SELECT l.ts_config FROM languages l WHERE l.code = r.language),
                        'simple'::regconfig), r.subject_ids)
     WHERE r.subject_ids @> ARRAY[NEW.id];
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER subjects_search_vector_trg
    AFTER UPDATE OF name_be, name_nl, name_en ON subjects
    FOR EACH ROW WHEN (OLD.name_be IS DISTINCT FROM NEW.name_be
                       OR OLD.name_nl IS DISTINCT FROM NEW.name_nl
                       OR OLD.name_en IS DISTINCT FROM NEW.name_en)
    EXECUTE FUNCTION kc_subjects_search_vector();

CREATE OR REPLACE FUNCTION kc_title_words(p_title text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(lower(p_title), '[^[:alpha:]]+') AS w
     WHERE char_length(w) >= 3
$$;

CREATE OR REPLACE FUNCTION kc_records_words() RETURNS trigger
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

CREATE OR REPLACE TRIGGER records_words_trg
    AFTER INSERT OR UPDATE OF title, state ON records
    FOR EACH ROW EXECUTE FUNCTION kc_records_words();

-- Rows inserted with an older created_at and no explicit submitted_at (the
-- demo and benchmark generators, imports) were submitted when created, not
-- when loaded. A live insert has created_at = submitted_at = now() anyway.
CREATE OR REPLACE FUNCTION kc_records_submitted_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.submitted_at = now() AND NEW.created_at < now() THEN
        NEW.submitted_at := NEW.created_at;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER records_submitted_at_trg
    BEFORE INSERT ON records
    FOR EACH ROW EXECUTE FUNCTION kc_records_submitted_at();

-- Recompute the copies of the records a statement touched (one UPDATE per
-- statement, so a bulk load pays once). Statement triggers with transition
-- tables: one trigger per event, as PostgreSQL requires.
CREATE OR REPLACE FUNCTION kc_record_subject_ids_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE records r
       SET subject_ids = coalesce((SELECT array_agg(rs.subject_id ORDER BY rs.subject_id)
                                     FROM record_subjects rs WHERE rs.record_id = r.id), '{}')
     WHERE r.id IN (SELECT record_id FROM changed_rows);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kc_record_level_ids_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE records r
       SET level_ids = coalesce((SELECT array_agg(rl.level_id ORDER BY rl.level_id)
                                   FROM record_levels rl WHERE rl.record_id = r.id), '{}')
     WHERE r.id IN (SELECT record_id FROM changed_rows);
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER record_subjects_ids_ins_trg AFTER INSERT ON record_subjects
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_subject_ids_sync();
CREATE OR REPLACE TRIGGER record_subjects_ids_del_trg AFTER DELETE ON record_subjects
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_subject_ids_sync();

-- An UPDATE may move a row from one record to another: both are redone.
CREATE OR REPLACE TRIGGER record_subjects_ids_upd_old_trg AFTER UPDATE ON record_subjects
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_subject_ids_sync();
CREATE OR REPLACE TRIGGER record_subjects_ids_upd_new_trg AFTER UPDATE ON record_subjects
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_subject_ids_sync();

CREATE OR REPLACE TRIGGER record_levels_ids_ins_trg AFTER INSERT ON record_levels
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_level_ids_sync();
CREATE OR REPLACE TRIGGER record_levels_ids_del_trg AFTER DELETE ON record_levels
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_level_ids_sync();
CREATE OR REPLACE TRIGGER record_levels_ids_upd_old_trg AFTER UPDATE ON record_levels
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_level_ids_sync();
CREATE OR REPLACE TRIGGER record_levels_ids_upd_new_trg AFTER UPDATE ON record_levels
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_level_ids_sync();
