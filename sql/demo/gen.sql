-- gen.sql — shared record / ledger generator for demo.sql and bigdata.sql
-- (included with \ir after vocab.sql). Not a migration.
--
-- Expects:
--   temp table kc_g_member(id bigint, first_name text, surname text, role text,
--                          country text, created_at timestamptz, reads boolean)
--     the members just inserted by the caller (authors and readers are taken
--     from them; all must be created before now() - gen_span_days; only
--     members with reads get generated unlocks);
--   psql variables
--     gen_records      number of records
--     gen_span_days    published_at spread over this many days before now
--     gen_pending      the newest N records are 'pending'
--     gen_unlocks      number of unlock attempts (duplicates/own records skipped)
--     gen_cost         points per unlock
--     gen_author_skew  >1: a few authors write most records
--     gen_mod_rate     share of titles that get a variation suffix (0..1)
--     gen_dedupe       true: number repeated titles " (2)", " (3)", ...
-- Writes records, record_subjects, record_levels, points_ledger
-- (registration, contribution_*, read), unlocks, and sets points_balance of
-- the kc_g_member members to the sum of their ledger rows.

-- Authors: people, and organisations (for products and calendar activities).
CREATE TEMP TABLE kc_g_person ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY md5(m.id::text))::int AS idx, m.id,
       m.first_name, m.surname, m.first_name || ' ' || m.surname AS name
  FROM kc_g_member m WHERE m.role <> 'organisation';
CREATE UNIQUE INDEX ON kc_g_person (idx);

CREATE TEMP TABLE kc_g_org ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY m.id)::int AS idx, m.id,
       m.first_name, m.surname, m.first_name || ' ' || m.surname AS name
  FROM kc_g_member m WHERE m.role = 'organisation';
CREATE UNIQUE INDEX ON kc_g_org (idx);

-- Random draws per record.
CREATE TEMP TABLE kc_g_draw ON COMMIT DROP AS
SELECT n,
       random() AS r_kind, random() AS r_subj, random() AS r_lang, random() AS r_topic,
       random() AS r_lvl1, random() AS r_lvl2, random() AS r_l2, random() AS r_x,
       random() AS r_author, random() AS r_org, random() AS r_lic, random() AS r_rate,
       random() AS r_ratecnt, random() AS r_rateavg, random() AS r_time, random() AS r_created,
       random() AS r_url, random() AS r_detail, random() AS r_mod
  FROM generate_series(1, :gen_records) AS n;

-- Kind, language, subject (by popularity rank), topic index, levels, author.
CREATE TEMP TABLE kc_g_pick ON COMMIT DROP AS
WITH k AS (
    SELECT d.*,
           CASE WHEN d.n <= 12 THEN (SELECT code FROM kc_v_kind WHERE ord = d.n)
                ELSE (SELECT code FROM kc_v_kind WHERE d.r_kind >= lo AND d.r_kind < hi) END AS kind,
           CASE WHEN d.n % 25 = 7 THEN 'fr' WHEN d.n % 9 = 4 THEN 'en' ELSE 'nl' END AS lang
      FROM kc_g_draw d
), s AS (
    SELECT k.*,
           CASE WHEN k.lang = 'fr' THEN (SELECT pop FROM kc_v_subj WHERE code = 'frans')
                WHEN k.lang = 'en' AND k.r_lang < 0.5 THEN (SELECT pop FROM kc_v_subj WHERE code = 'engels')
                WHEN k.n BETWEEN 13 AND 12 + (SELECT count(*) FROM kc_v_subj) THEN k.n - 12
                ELSE 1 + floor((SELECT count(*) FROM kc_v_subj) * power(k.r_subj, 1.8))::int END AS spop
      FROM k
), t AS (
    SELECT s.*, v.id AS subject_id, v.code AS subject_code, v.position AS subject_position,
           CASE s.lang WHEN 'en' THEN v.name_en ELSE v.name_be END AS subject_name,
           CASE WHEN s.lang = 'fr' THEN v.fr[1 + floor(s.r_topic * cardinality(v.fr))::int]
                WHEN s.lang = 'en' THEN v.en[1 + floor(s.r_topic * v.n)::int]
                ELSE v.nl[1 + floor(s.r_topic * v.n)::int] END AS topic,
           CASE WHEN s.lang = 'fr' THEN v.fr[1 + floor(s.r_topic * cardinality(v.fr))::int]
                WHEN s.lang = 'en' THEN v.en[1 + floor(s.r_topic * v.n)::int]
                ELSE v.words[1 + floor(s.r_topic * v.n)::int] END AS word,
           CASE WHEN s.lang = 'fr' THEN v.levels
                ELSE coalesce(string_to_array(v.tlevels[1 + floor(s.r_topic * v.n)::int], ','), v.levels)
           END AS lv,
           v.position < (SELECT max(position) FROM kc_v_subj) AS has_next
      FROM s
      JOIN kc_v_subj v ON v.pop = s.spop
)
SELECT t.n, t.kind, t.lang, t.r_lic, t.r_rate, t.r_ratecnt, t.r_rateavg, t.r_time, t.r_created,
       t.r_url, t.r_detail, t.r_mod,
       t.subject_id, t.subject_code, t.subject_position, t.subject_name, t.topic, t.word,
       t.lv[1 + floor(cardinality(t.lv) * power(t.r_lvl1, 1.5))::int] AS level1,
       CASE WHEN t.r_l2 < 0.45 THEN t.lv[1 + floor(cardinality(t.lv) * t.r_lvl2)::int] END AS level2,
       CASE WHEN t.r_x < 0.30 THEN CASE WHEN t.has_next THEN t.subject_position + 1
                                        ELSE t.subject_position - 1 END END AS extra1_pos,
       CASE WHEN t.r_x < 0.08 THEN CASE WHEN t.subject_position > 1 THEN t.subject_position - 1
                                        ELSE t.subject_position + 2 END END AS extra2_pos,
       CASE WHEN t.kind IN ('product', 'calendar') AND t.r_org < 0.5 AND (SELECT count(*) FROM kc_g_org) > 0
            THEN 1 + floor((SELECT count(*) FROM kc_g_org) * t.r_author)::int END AS org_idx,
       1 + floor((SELECT count(*) FROM kc_g_person) * power(t.r_author, :gen_author_skew))::int AS person_idx
  FROM t;

-- The records, with pre-allocated ids (so that the link tables can follow).
CREATE TEMP TABLE kc_g_rec ON COMMIT DROP AS
WITH a AS (
    SELECT p.*,
           coalesce(o.id, pe.id) AS author_id,
           coalesce(o.name, pe.name) AS author_name,
           coalesce(o.first_name, pe.first_name) AS author_first,
           coalesce(o.surname, pe.surname) AS author_surname,
           o.id AS organisation_id,
           CASE WHEN p.n > :gen_records - :gen_pending THEN 'pending'
                WHEN p.n % 71 = 5 THEN 'refused'
                WHEN p.n % 113 = 50 THEN 'taken_down'
                ELSE 'published' END AS state,
           CASE WHEN p.lang = 'en' THEN pg_temp.kc_pick(lp.en) ELSE pg_temp.kc_pick(lp.nl) END AS level_phrase,
           (SELECT pt.p FROM kc_v_pattern pt WHERE pt.kind = p.kind AND pt.lang = p.lang) AS patterns
      FROM kc_g_pick p
      JOIN kc_v_levelphrase lp ON lp.level = p.level1
      LEFT JOIN kc_g_org o ON o.idx = p.org_idx
      LEFT JOIN kc_g_person pe ON pe.idx = p.person_idx AND p.org_idx IS NULL
), t AS (
    SELECT a.*,
           CASE WHEN a.state = 'pending'
                THEN now() - (:gen_records - a.n + a.r_time) * (interval '4 days' / greatest(:gen_pending, 1))
                ELSE now() - interval '1 hour'
                     - (:gen_records - :gen_pending - a.n + 0.8 * a.r_time)
                       * (:gen_span_days * interval '1 day' / greatest(:gen_records - :gen_pending, 1))
           END AS t0,
           format(pg_temp.kc_pick(a.patterns), a.topic, a.level_phrase, a.word, a.subject_name) AS title0,
           CASE WHEN a.r_mod < :gen_mod_rate THEN
                CASE a.lang WHEN 'nl' THEN pg_temp.kc_pick('{" (met oplossingen)"," – herhaling"," – deel 2"," (schooljaar 2024-2025)"," voor afstandsleren"," – extra oefenkansen"," (differentiatie)"," – startpakket"," in kleur"," – verkorte versie"," (bewerkbaar)"," – versie voor het digibord"}'::text[])
                            WHEN 'en' THEN pg_temp.kc_pick('{" (with answers)"," – part 2"," – revision"," (editable)"," for remote learning"}'::text[])
                            ELSE pg_temp.kc_pick('{" (avec corrigé)"," – partie 2"}'::text[]) END
                ELSE '' END AS title_mod
      FROM a
)
SELECT nextval(pg_get_serial_sequence('records', 'id')) AS id,
       t.n, t.kind, t.lang, t.state, t.subject_id, t.subject_position, t.level1, t.level2,
       t.extra1_pos, t.extra2_pos, t.author_id, t.author_name, t.organisation_id,
       upper(left(t.title0, 1)) || substr(t.title0, 2) || t.title_mod AS title,
       concat_ws(' ',
           format((SELECT pg_temp.kc_pick(se.s) FROM kc_v_sentence se WHERE se.lang = t.lang AND se.part = 1 AND t.n > 0),
                  t.topic, t.level_phrase),
           (SELECT pg_temp.kc_pick(ks.s) FROM kc_v_kindsentence ks WHERE ks.kind = t.kind AND ks.lang = t.lang AND t.n > 0),
           (SELECT pg_temp.kc_pick(se.s) FROM kc_v_sentence se WHERE se.lang = t.lang AND se.part = 2 AND t.n > 0),
           (SELECT pg_temp.kc_pick(se.s) FROM kc_v_sentence se WHERE se.lang = t.lang AND se.part = 3 AND t.n > 0)
       ) AS description,
       CASE WHEN t.kind = 'product' AND t.r_lic < 0.8 THEN 'arr'
            ELSE (SELECT l.code FROM kc_v_licence l WHERE t.r_lic >= l.lo AND t.r_lic < l.hi) END AS licence,
       CASE t.kind
            WHEN 'calendar' THEN 'https://www.example.be/inschrijven/' || pg_temp.kc_slug(t.word) || '-' || t.n
            WHEN 'site'     THEN 'https://www.example.be/' || pg_temp.kc_slug(t.word)
            WHEN 'own_site' THEN 'https://' || pg_temp.kc_slug(t.author_first || '-' || t.author_surname) || '.example.be/' || pg_temp.kc_slug(t.word)
            WHEN 'software' THEN 'https://apps.example.org/' || pg_temp.kc_slug(t.word)
            WHEN 'video'    THEN 'https://video.example.org/watch/' || t.n || '-' || pg_temp.kc_slug(t.word)
            WHEN 'audio'    THEN 'https://audio.example.org/' || t.n || '-' || pg_temp.kc_slug(t.word)
            WHEN 'product'  THEN 'https://shop.example.com/' || pg_temp.kc_slug(t.word)
            WHEN 'document' THEN CASE WHEN t.r_url < 0.4 THEN 'https://files.example.org/' || t.n || '/' || pg_temp.kc_slug(t.word) || '.pdf' END
            WHEN 'image'    THEN CASE WHEN t.r_url < 0.4 THEN 'https://files.example.org/' || t.n || '/' || pg_temp.kc_slug(t.word) || '.png' END
            WHEN 'exercise' THEN CASE WHEN t.r_url < 0.5 THEN 'https://oefenen.example.be/' || pg_temp.kc_slug(t.word) || '/' || t.n END
            WHEN 'article'  THEN CASE WHEN t.r_url < 0.3 THEN 'https://blog.example.nl/' || pg_temp.kc_slug(t.word) END
       END AS url,
       CASE t.kind
            WHEN 'calendar' THEN jsonb_build_object(
                    'start_date', to_char(t.t0 + (7 + floor(t.r_detail * 120)) * interval '1 day', 'YYYY-MM-DD'),
                    'start_time', (ARRAY['09:00','13:30','14:00','15:30','19:00','19:30'])[1 + floor(t.r_url * 6)::int],
                    'end_time',   (ARRAY['12:00','16:30','16:00','17:00','21:30','21:00'])[1 + floor(t.r_url * 6)::int],
                    'place',      (SELECT pg_temp.kc_pick(nm.places) FROM kc_v_names nm WHERE t.n > 0))
            WHEN 'lemma'    THEN jsonb_build_object('word', t.word, 'word_language', t.lang)
            WHEN 'product'  THEN jsonb_build_object(
                    'supplier',  (SELECT pg_temp.kc_pick(nm.suppliers) FROM kc_v_names nm WHERE t.n > 0),
                    'price_eur', round((4.95 + t.r_detail * 60)::numeric, 2))
            WHEN 'software' THEN jsonb_build_object(
                    'platform', (ARRAY['browser','Windows','Android en iOS','browser en tablet'])[1 + floor(t.r_detail * 4)::int],
                    'free', t.r_detail < 0.8)
            WHEN 'video'    THEN jsonb_build_object('duration_seconds', 90 + floor(t.r_detail * 900)::int)
            WHEN 'audio'    THEN jsonb_build_object('duration_seconds', 60 + floor(t.r_detail * 1200)::int)
            WHEN 'document' THEN jsonb_build_object(
                    'file_type', (ARRAY['pdf','pdf','docx','pptx','odt'])[1 + floor(t.r_detail * 5)::int],
                    'pages', 1 + floor(t.r_detail * 24)::int)
            WHEN 'image'    THEN jsonb_build_object('file_type', CASE WHEN t.r_detail < 0.6 THEN 'png' ELSE 'jpg' END)
            WHEN 'exercise' THEN jsonb_build_object('questions', 5 + floor(t.r_detail * 26)::int)
            WHEN 'article'  THEN jsonb_build_object('reading_minutes', 3 + floor(t.r_detail * 10)::int)
            ELSE '{}'::jsonb
       END AS details,
       CASE WHEN t.state = 'pending' THEN t.t0
            ELSE t.t0 - (0.5 + 4 * t.r_created) * interval '1 day' END AS created_at,
       CASE WHEN t.state IN ('published', 'taken_down') THEN t.t0 END AS published_at,
       CASE WHEN t.state = 'pending' THEN t.t0 ELSE t.t0 + t.r_created * interval '2 hours' END AS updated_at,
       CASE WHEN t.state IN ('published', 'taken_down') AND t.r_rate < 0.65
            THEN 1 + floor(power(t.r_ratecnt, 2) * 30)::bigint ELSE 0 END AS rating_count,
       t.r_rateavg
  FROM t;

-- Same title twice: number the later ones (demo only; in a large set
-- repeated titles are realistic).
UPDATE kc_g_rec g SET title = g.title || ' (' || d.rn || ')'
  FROM (SELECT id, row_number() OVER (PARTITION BY lower(title) ORDER BY n) AS rn FROM kc_g_rec) d
 WHERE d.id = g.id AND d.rn > 1 AND :gen_dedupe;

-- The per-row counting triggers (facet_counts) would make a large load ten
-- times slower: off for the load (this runs in one transaction, so they
-- cannot stay off), then one recount.
ALTER TABLE records DISABLE TRIGGER "A_records_facets_trg";
ALTER TABLE record_subjects DISABLE TRIGGER record_subjects_facets_trg;
ALTER TABLE record_levels DISABLE TRIGGER record_levels_facets_trg;

INSERT INTO records (id, kind, title, description, language, licence, author_id, author_name,
                     organisation_id, state, url, details, created_at, updated_at, published_at,
                     rating_sum, rating_count)
OVERRIDING SYSTEM VALUE
SELECT g.id, g.kind, left(g.title, 300), g.description, g.lang, g.licence, g.author_id, g.author_name,
       g.organisation_id, g.state, g.url, g.details, g.created_at, g.updated_at, g.published_at,
       least(5 * g.rating_count, greatest(g.rating_count, round(g.rating_count * (2.6 + 2.4 * power(g.r_rateavg, 0.7)))::bigint)),
       g.rating_count
  FROM kc_g_rec g
 ORDER BY g.id;

INSERT INTO record_subjects (record_id, subject_id)
SELECT DISTINCT g.id, s.id
  FROM kc_g_rec g
  JOIN kc_v_subj s ON s.position IN (g.subject_position, g.extra1_pos, g.extra2_pos);

INSERT INTO record_levels (record_id, level_id)
SELECT DISTINCT g.id, l.id
  FROM kc_g_rec g
  JOIN levels l ON l.code IN (g.level1, g.level2);

ALTER TABLE records ENABLE TRIGGER "A_records_facets_trg";
ALTER TABLE record_subjects ENABLE TRIGGER record_subjects_facets_trg;
ALTER TABLE record_levels ENABLE TRIGGER record_levels_facets_trg;
SELECT kc_facet_counts_rebuild();

-- Ledger: registration for every new member, contribution points for every
-- published record (paid on approval), then unlocks with their debits.
INSERT INTO points_ledger (member_id, event, subject, amount, award_key, created_at)
SELECT m.id, 'registration', 'member:' || m.id, r.points, 'registration:' || m.id, m.created_at
  FROM kc_g_member m
  JOIN point_rules r ON r.event = 'registration'
 ORDER BY m.id;

INSERT INTO points_ledger (member_id, event, subject, amount, award_key, created_at)
SELECT g.author_id, r.event, 'record:' || g.id, r.points, 'contribution:' || g.id, g.published_at
  FROM kc_g_rec g
  JOIN point_rules r ON r.event = 'contribution_' || g.kind
 WHERE g.state = 'published' AND g.author_id IS NOT NULL
 ORDER BY g.published_at, g.id;

CREATE TEMP TABLE kc_g_reader ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY m.id)::int AS idx, m.id
  FROM kc_g_member m WHERE m.role IN ('member', 'organisation') AND m.reads;
CREATE UNIQUE INDEX ON kc_g_reader (idx);

CREATE TEMP TABLE kc_g_pub ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY g.id)::int AS idx, g.id, g.author_id, g.published_at
  FROM kc_g_rec g WHERE g.state = 'published';
CREATE UNIQUE INDEX ON kc_g_pub (idx);

-- Readers are uniform, records are skewed towards the popular ones.
CREATE TEMP TABLE kc_g_unlock ON COMMIT DROP AS
SELECT DISTINCT ON (rd.id, pb.id) rd.id AS member_id, pb.id AS record_id,
       pb.published_at + d.rt * (now() - pb.published_at) AS created_at
  FROM (SELECT 1 + floor(random() * (SELECT count(*) FROM kc_g_reader))::int AS ri,
               1 + floor(power(random(), 1.7) * (SELECT count(*) FROM kc_g_pub))::int AS pi,
               random() AS rt
          FROM generate_series(1, CASE WHEN (SELECT count(*) FROM kc_g_pub) > 0 THEN :gen_unlocks ELSE 0 END)) AS d
  JOIN kc_g_reader rd ON rd.idx = d.ri
  JOIN kc_g_pub pb ON pb.idx = d.pi
 WHERE pb.author_id IS DISTINCT FROM rd.id
 ORDER BY rd.id, pb.id, d.rt;

INSERT INTO unlocks (member_id, record_id, cost, created_at)
SELECT u.member_id, u.record_id, :gen_cost, u.created_at FROM kc_g_unlock u ORDER BY u.member_id, u.record_id;

INSERT INTO points_ledger (member_id, event, subject, amount, award_key, created_at)
SELECT u.member_id, 'read', 'record:' || u.record_id, -(:gen_cost)::bigint,
       'read:' || u.member_id || ':' || u.record_id, u.created_at
  FROM kc_g_unlock u
 ORDER BY u.created_at;

-- Balances = ledger sums (all ledger rows of these members were written above).
UPDATE members m SET points_balance = s.total
  FROM (SELECT l.member_id, sum(l.amount) AS total
          FROM points_ledger l
         WHERE l.member_id IN (SELECT id FROM kc_g_member)
         GROUP BY l.member_id) s
 WHERE m.id = s.member_id;
