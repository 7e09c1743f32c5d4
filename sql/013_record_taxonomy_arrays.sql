-- 013_record_taxonomy_arrays.sql -- each record carries the ids of its
-- subjects and levels, kept by triggers from record_subjects/record_levels.
--
-- The filter counts of a search (how many of the matching records are in
-- each subject, each level) were a join of every matching record with
-- record_subjects and record_levels: for a common word (20,000 matches)
-- that is a hash of both whole tables, 100 ms each. With the ids on the
-- record, one pass over the matches counts every facet. record_subjects and
-- record_levels stay the source of truth (their indexes serve the filters);
-- these columns are a copy that only their triggers write.

ALTER TABLE records
    ADD COLUMN subject_ids int[] NOT NULL DEFAULT '{}',
    ADD COLUMN level_ids int[] NOT NULL DEFAULT '{}';

UPDATE records r
   SET subject_ids = coalesce((SELECT array_agg(rs.subject_id ORDER BY rs.subject_id)
                                 FROM record_subjects rs WHERE rs.record_id = r.id), '{}'),
       level_ids = coalesce((SELECT array_agg(rl.level_id ORDER BY rl.level_id)
                               FROM record_levels rl WHERE rl.record_id = r.id), '{}')
 WHERE EXISTS (SELECT 1 FROM record_subjects rs WHERE rs.record_id = r.id)
    OR EXISTS (SELECT 1 FROM record_levels rl WHERE rl.record_id = r.id);

-- Recompute the copies of the records a statement touched (one UPDATE per
-- statement, so a bulk load pays once). Statement triggers with transition
-- tables: one trigger per event, as PostgreSQL requires.
CREATE FUNCTION kc_record_subject_ids_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE records r
       SET subject_ids = coalesce((SELECT array_agg(rs.subject_id ORDER BY rs.subject_id)
                                     FROM record_subjects rs WHERE rs.record_id = r.id), '{}')
     WHERE r.id IN (SELECT record_id FROM changed_rows);
    RETURN NULL;
END
$$;

CREATE FUNCTION kc_record_level_ids_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE records r
       SET level_ids = coalesce((SELECT array_agg(rl.level_id ORDER BY rl.level_id)
                                   FROM record_levels rl WHERE rl.record_id = r.id), '{}')
     WHERE r.id IN (SELECT record_id FROM changed_rows);
    RETURN NULL;
END
$$;

CREATE TRIGGER record_subjects_ids_ins_trg AFTER INSERT ON record_subjects
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_subject_ids_sync();
CREATE TRIGGER record_subjects_ids_del_trg AFTER DELETE ON record_subjects
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_subject_ids_sync();
-- An UPDATE may move a row from one record to another: both are redone.
CREATE TRIGGER record_subjects_ids_upd_old_trg AFTER UPDATE ON record_subjects
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_subject_ids_sync();
CREATE TRIGGER record_subjects_ids_upd_new_trg AFTER UPDATE ON record_subjects
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_subject_ids_sync();

CREATE TRIGGER record_levels_ids_ins_trg AFTER INSERT ON record_levels
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_level_ids_sync();
CREATE TRIGGER record_levels_ids_del_trg AFTER DELETE ON record_levels
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_level_ids_sync();
CREATE TRIGGER record_levels_ids_upd_old_trg AFTER UPDATE ON record_levels
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_level_ids_sync();
CREATE TRIGGER record_levels_ids_upd_new_trg AFTER UPDATE ON record_levels
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kc_record_level_ids_sync();

-- The subject and level filters of a search use these (with the full-text
-- index, PostgreSQL combines them in one bitmap).
CREATE INDEX records_subject_ids_idx ON records USING gin (subject_ids)
    WHERE state = 'published';
CREATE INDEX records_level_ids_idx ON records USING gin (level_ids)
    WHERE state = 'published';
