-- foryou.sql -- "For you this week" (tables: 028_foryou.sql).
--
-- Seed: "a teacher who visits KlasCement today still has to search for
-- inspiration for his lessons next week". The `foryou` job calls
-- kc_foryou_step() until it answers 0 or the run's time is up; each call
-- is one statement, so one short transaction, and does one bounded piece
-- of a cycle:
--   season    one earlier year (5 of them): the reads (unlocks) of this
--             calendar week and the next three in that year, per record;
--   profiles  one subject (and 0, any subject): per level (and 0, any
--             level) the season's 30 most read published records tagged
--             with both -- shared by every member with that profile;
--   coread    p_batch records: the 10 records most read by their latest
--             100 readers (at least two of them), among those readers'
--             latest 100 reads;
--   (the derived tables carry each record's author, so the members step
--   never reads `records`)
--   members   p_batch members: their 12 suggestions, season picks for
--             their subjects and levels interleaved with what colleagues
--             who read their latest 20 reads also read; never a record the
--             member read, wrote or dismissed, only published ones.
-- The page (kc_foryou, store/kc_sql_foryou.h) reads a member's rows by the
-- primary key and checks again that each record is still published, not
-- read since and not dismissed: a taken-down record disappears at once.

CREATE OR REPLACE FUNCTION kc_foryou_season_year(p_years int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    -- Monday of the same calendar week p_years ago, in Brussels.
    v_from timestamptz := date_trunc('week', (now() AT TIME ZONE 'Europe/Brussels')
                                             - make_interval(years => p_years))
                          AT TIME ZONE 'Europe/Brussels';
    v_n    bigint;
BEGIN
    INSERT INTO foryou_season_reads (record_id, reads)
    SELECT u.record_id, count(*) FROM unlocks u
     WHERE u.created_at >= v_from AND u.created_at < v_from + interval '28 days'
     GROUP BY u.record_id
    ON CONFLICT (record_id) DO UPDATE
       SET reads = foryou_season_reads.reads + EXCLUDED.reads;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN v_n;
END
$$;

CREATE OR REPLACE FUNCTION kc_foryou_profiles(p_subject int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_n bigint;
BEGIN
    DELETE FROM foryou_season WHERE subject_id = p_subject;
    INSERT INTO foryou_season (subject_id, level_id, rank, record_id, author_id, reads)
    SELECT p_subject, x.level_id, x.rn, x.record_id, x.author_id, x.reads FROM (
        SELECT lv.id AS level_id, sr.record_id, r.author_id, sr.reads,
               row_number() OVER (PARTITION BY lv.id
                                  ORDER BY sr.reads DESC, sr.record_id DESC) AS rn
          FROM foryou_season_reads sr
          JOIN records r ON r.id = sr.record_id AND r.state = 'published'
          JOIN (SELECT 0 AS id UNION ALL SELECT id FROM levels) lv
            ON lv.id = 0 OR lv.id = ANY (r.level_ids)
         WHERE p_subject = 0 OR p_subject = ANY (r.subject_ids)
    ) x
     WHERE x.rn <= 30;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN v_n;
END
$$;

-- Co-reading for the published records after p_after (at most p_batch);
-- the last record id done, or NULL when none is left.
CREATE OR REPLACE FUNCTION kc_foryou_coread(p_after bigint, p_batch int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_recs bigint[];
    v_last bigint;
BEGIN
    SELECT array_agg(id ORDER BY id) INTO v_recs
      FROM (SELECT id FROM records WHERE id > p_after AND state = 'published'
             ORDER BY id LIMIT p_batch) b;
    IF v_recs IS NULL THEN
        DELETE FROM foryou_coread WHERE record_id > p_after;
        RETURN NULL;
    END IF;
    v_last := v_recs[array_upper(v_recs, 1)];
    -- Rows of records in the range that are no longer published go too.
    DELETE FROM foryou_coread WHERE record_id > p_after AND record_id <= v_last;
    INSERT INTO foryou_coread (record_id, rank, other_id, author_id, readers)
    SELECT q.rec, q.rn, q.other, q.author_id, q.n FROM (
        SELECT p.rec, p.other, p.author_id, p.n,
               row_number() OVER (PARTITION BY p.rec ORDER BY p.n DESC, p.other DESC) AS rn
          FROM (SELECT rd.rec, o.record_id AS other, r.author_id, count(*) AS n
                  FROM (SELECT b.rec, u.member_id
                          FROM unnest(v_recs) AS b(rec)
                          CROSS JOIN LATERAL (
                              SELECT u.member_id FROM unlocks u WHERE u.record_id = b.rec
                               ORDER BY u.created_at DESC LIMIT 100) u) rd
                  CROSS JOIN LATERAL (
                      SELECT u2.record_id FROM unlocks u2
                       WHERE u2.member_id = rd.member_id AND u2.record_id <> rd.rec
                       ORDER BY u2.created_at DESC LIMIT 100) o
                  JOIN records r ON r.id = o.record_id AND r.state = 'published'
                 GROUP BY rd.rec, o.record_id, r.author_id
                HAVING count(*) >= 2) p
    ) q
     WHERE q.rn <= 10;
    RETURN v_last;
END
$$;

-- The suggestions of the members after p_after (at most p_batch; deleted
-- members get none, and the rows of ids no longer there go): the last
-- member id done, or NULL when none is left.
CREATE OR REPLACE FUNCTION kc_foryou_members(p_after bigint, p_batch int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_members bigint[];
    v_last    bigint;
BEGIN
    SELECT array_agg(id ORDER BY id) INTO v_members
      FROM (SELECT id FROM members WHERE id > p_after ORDER BY id LIMIT p_batch) m;
    IF v_members IS NULL THEN
        DELETE FROM foryou WHERE member_id > p_after;
        RETURN NULL;
    END IF;
    v_last := v_members[array_upper(v_members, 1)];
    DELETE FROM foryou WHERE member_id > p_after AND member_id <= v_last;
    INSERT INTO foryou (member_id, rank, record_id, reason, subject_id, level_id, because_id)
    SELECT y.member_id, y.rank, y.record_id, y.reason, y.subject_id, y.level_id, y.because_id
      FROM (
        SELECT x.*, row_number() OVER (PARTITION BY x.member_id
                                       ORDER BY x.kind_rank, x.kind_order, x.record_id) AS rank
          FROM (
            SELECT d.*, row_number() OVER (PARTITION BY d.member_id, d.kind_order
                                           ORDER BY d.score DESC, d.record_id DESC) AS kind_rank
              FROM (
                -- One reason per record: the season's first, then the
                -- strongest co-reading.
                SELECT DISTINCT ON (c.member_id, c.record_id) c.*
                  FROM (
                    SELECT m.id AS member_id, fs.record_id, 'profile'::text AS reason,
                           fs.subject_id, fs.level_id, NULL::bigint AS because_id,
                           1 AS kind_order, fs.reads AS score, fs.author_id
                      FROM members m
                      JOIN member_subjects ms ON ms.member_id = m.id
                      JOIN member_levels ml ON ml.member_id = m.id
                      JOIN foryou_season fs ON fs.subject_id = ms.subject_id
                                           AND fs.level_id = ml.level_id
                     WHERE m.id = ANY (v_members) AND m.deleted_at IS NULL
                    UNION ALL
                    SELECT m.id, fs.record_id, 'subject', fs.subject_id, NULL, NULL, 1, fs.reads,
                           fs.author_id
                      FROM members m
                      JOIN member_subjects ms ON ms.member_id = m.id
                      JOIN foryou_season fs ON fs.subject_id = ms.subject_id AND fs.level_id = 0
                     WHERE m.id = ANY (v_members) AND m.deleted_at IS NULL
                       AND NOT EXISTS (SELECT 1 FROM member_levels ml WHERE ml.member_id = m.id)
                    UNION ALL
                    SELECT m.id, fs.record_id, 'level', NULL, fs.level_id, NULL, 1, fs.reads,
                           fs.author_id
                      FROM members m
                      JOIN member_levels ml ON ml.member_id = m.id
                      JOIN foryou_season fs ON fs.subject_id = 0 AND fs.level_id = ml.level_id
                     WHERE m.id = ANY (v_members) AND m.deleted_at IS NULL
                       AND NOT EXISTS (SELECT 1 FROM member_subjects ms WHERE ms.member_id = m.id)
                    UNION ALL
                    SELECT m.id, c.other_id, 'coread', NULL, NULL, c.record_id, 2, c.readers,
                           c.author_id
                      FROM members m
                      CROSS JOIN LATERAL (
                          SELECT u.record_id FROM unlocks u WHERE u.member_id = m.id
                           ORDER BY u.created_at DESC LIMIT 20) mine
                      JOIN records br ON br.id = mine.record_id AND br.state = 'published'
                      JOIN foryou_coread c ON c.record_id = mine.record_id
                     WHERE m.id = ANY (v_members) AND m.deleted_at IS NULL
                  ) c
                 WHERE c.author_id IS DISTINCT FROM c.member_id
                   AND NOT EXISTS (SELECT 1 FROM unlocks u
                                    WHERE u.member_id = c.member_id AND u.record_id = c.record_id)
                   AND NOT EXISTS (SELECT 1 FROM foryou_dismissed fd
                                    WHERE fd.member_id = c.member_id AND fd.record_id = c.record_id)
                 ORDER BY c.member_id, c.record_id, c.kind_order, c.score DESC
              ) d
          ) x
      ) y
     WHERE y.rank <= 12;
    RETURN v_last;
END
$$;

-- One piece of the cycle (see the top). Returns the items it went through
-- (years, subjects, records, members; a new cycle counts 1), 0 when the
-- cycle has just ended: the job's run stops, the next run starts anew.
CREATE OR REPLACE FUNCTION kc_foryou_step(p_batch int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_p    foryou_progress%ROWTYPE;
    v_next bigint;
BEGIN
    SELECT * INTO v_p FROM foryou_progress WHERE one FOR UPDATE;
    IF v_p.phase = 'done' THEN
        DELETE FROM foryou_season_reads;
        UPDATE foryou_progress SET phase = 'season', cursor = 0, cycle_started_at = now()
         WHERE one;
        RETURN 1;
    ELSIF v_p.phase = 'season' THEN
        PERFORM kc_foryou_season_year(v_p.cursor::int + 1);
        IF v_p.cursor + 1 >= 5 THEN
            UPDATE foryou_progress SET phase = 'profiles', cursor = -1 WHERE one;
        ELSE
            UPDATE foryou_progress SET cursor = cursor + 1 WHERE one;
        END IF;
        RETURN 1;
    ELSIF v_p.phase = 'profiles' THEN
        SELECT min(s.id) INTO v_next
          FROM (SELECT 0 AS id UNION ALL SELECT id FROM subjects) s
         WHERE s.id > v_p.cursor;
        IF v_next IS NULL THEN
            DELETE FROM foryou_season
             WHERE subject_id <> 0 AND subject_id NOT IN (SELECT id FROM subjects);
            UPDATE foryou_progress SET phase = 'coread', cursor = 0 WHERE one;
        ELSE
            PERFORM kc_foryou_profiles(v_next::int);
            UPDATE foryou_progress SET cursor = v_next WHERE one;
        END IF;
        RETURN 1;
    ELSIF v_p.phase = 'coread' THEN
        v_next := kc_foryou_coread(v_p.cursor, p_batch);
        IF v_next IS NULL THEN
            UPDATE foryou_progress SET phase = 'members', cursor = 0 WHERE one;
            RETURN 1;
        END IF;
        UPDATE foryou_progress SET cursor = v_next WHERE one;
        RETURN (SELECT count(*) FROM records
                 WHERE id > v_p.cursor AND id <= v_next AND state = 'published');
    END IF;
    -- members
    v_next := kc_foryou_members(v_p.cursor, p_batch);
    IF v_next IS NULL THEN
        UPDATE foryou_progress SET phase = 'done', cursor = 0, cycle_ended_at = now()
         WHERE one;
        RETURN 0;
    END IF;
    UPDATE foryou_progress SET cursor = v_next WHERE one;
    RETURN (SELECT count(*) FROM members WHERE id > v_p.cursor AND id <= v_next);
END
$$;

-- "Not for me" (POST /foryou/{id}/dismiss): never suggested again.
-- 'ok', or 'notfound' when no such published record exists.
CREATE OR REPLACE FUNCTION kc_foryou_dismiss(p_member bigint, p_record bigint) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM records WHERE id = p_record AND state = 'published') THEN
        RETURN 'notfound';
    END IF;
    INSERT INTO foryou_dismissed (member_id, record_id) VALUES (p_member, p_record)
    ON CONFLICT DO NOTHING;
    DELETE FROM foryou WHERE member_id = p_member AND record_id = p_record;
    RETURN 'ok';
END
$$;
