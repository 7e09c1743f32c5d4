-- 013_record_taxonomy_arrays.sql -- each record carries the ids of its
-- subjects and levels, kept by triggers from record_subjects/record_levels.
--
-- The filter counts of a search (how many of the matching records are in
-- each subject, each level) were a join of every matching record with
-- record_subjects and record_levels: for a common word (20,000 matches)
-- that is a hash of both whole tables, 100 ms each. With the ids on the
-- record, one pass over the matches counts every facet. record_subjects and
-- record_levels stay the source of truth (their indexes serve the filters);
-- these columns are a copy that only their triggers write (in
-- sql/functions/records.sql).

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

-- The subject and level filters of a search use these (with the full-text
-- index, PostgreSQL combines them in one bitmap).
CREATE INDEX records_subject_ids_idx ON records USING gin (subject_ids)
    WHERE state = 'published';
CREATE INDEX records_level_ids_idx ON records USING gin (level_ids)
    WHERE state = 'published';
