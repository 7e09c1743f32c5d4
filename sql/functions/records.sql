-- records.sql -- columns of records kept by triggers: the search vector, the
-- "did you mean" vocabulary, submitted_at, and the copies of the subject and
-- level ids (tables: 001, 004, 005, 013).

-- Keeps search_vector up to date with the record language's text search config.
CREATE OR REPLACE FUNCTION kc_records_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    SELECT l.ts_config INTO cfg FROM languages l WHERE l.code = NEW.language;
    cfg := coalesce(cfg, 'simple'::regconfig);
    NEW.search_vector :=
        setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(cfg, coalesce(NEW.description, '')), 'B');
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER records_search_vector_trg
    BEFORE INSERT OR UPDATE OF title, description, language ON records
    FOR EACH ROW EXECUTE FUNCTION kc_records_search_vector();

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
