-- bigdata.sql — a large data set for benchmarks. Not a migration: run by
-- `tools/kcdb bigdata [--records N] [--members M]` in one transaction, with
-- psql variables records, members and pw_hash (bcrypt hash; benchmark
-- members log in as benchN@bench.klascement.test with the demo password).
-- Pure set-based SQL (generate_series, INSERT .. SELECT). May be run more
-- than once: member numbers continue after the existing bench members.

SET client_min_messages = warning;
SELECT setseed(0.1717) \g /dev/null

\ir vocab.sql

SELECT count(*) AS kc_bench_offset FROM members WHERE email LIKE '%@bench.klascement.test' \gset

CREATE TEMP TABLE kc_g_member (
    id          bigint PRIMARY KEY,
    first_name  text NOT NULL,
    surname     text NOT NULL,
    role        text NOT NULL,
    country     text NOT NULL,
    created_at  timestamptz NOT NULL,
    reads       boolean NOT NULL DEFAULT true
) ON COMMIT DROP;

\set gen_span_days 1460

-- Members: 70 % from Flanders, 0.5 % organisations, created before the
-- oldest generated record.
WITH d AS (
    SELECT g, random() AS r_country, random() AS r_role, random() AS r_edu, random() AS r_lang,
           random() AS r_bday, random() AS r_created
      FROM generate_series(1, :members) AS g
), p AS (
    SELECT d.*,
           CASE WHEN d.r_country < 0.7 THEN 'BE' ELSE 'NL' END AS country,
           CASE WHEN d.r_role < 0.005 THEN 'organisation' ELSE 'member' END AS role
      FROM d
), ins AS (
    INSERT INTO members (email, password_hash, first_name, surname, country, birthday, edu_role, role,
                         lang, expertise, created_at)
    SELECT 'bench' || (:kc_bench_offset + p.g) || '@bench.klascement.test',
           :'pw_hash',
           CASE WHEN p.role = 'organisation'
                THEN pg_temp.kc_pick('{Basisschool,Atheneum,Sint-Jozefscollege,Scholengroep,Kindcentrum,Lyceum,Uitgeverij,Onderwijscentrum}'::text[])
                WHEN p.country = 'BE' THEN pg_temp.kc_pick(nm.first_be)
                ELSE pg_temp.kc_pick(nm.first_nl) END,
           CASE WHEN p.role = 'organisation'
                THEN pg_temp.kc_pick('{"De Regenboog","De Vlindertuin","Het Kompas","De Zonnebloem","Sint-Jan","De Horizon","Het Anker","De Klimop","Scheldeland","De Wegwijzer","Kempen","Noorderlicht"}'::text[])
                WHEN p.country = 'BE' THEN pg_temp.kc_pick(nm.surname_be)
                ELSE pg_temp.kc_pick(nm.surname_nl) END,
           p.country,
           CASE WHEN p.role = 'organisation' OR p.r_bday < 0.2 THEN NULL
                ELSE DATE '1960-01-01' + floor(p.r_bday * 16000)::int END,
           CASE WHEN p.role = 'organisation' THEN 'other'
                WHEN p.r_edu < 0.85 THEN 'teacher' WHEN p.r_edu < 0.95 THEN 'student_teacher' ELSE 'other' END,
           p.role,
           CASE WHEN p.r_lang < 0.05 THEN 'en' ELSE 'nl' END,
           CASE WHEN p.role = 'organisation' THEN '' ELSE pg_temp.kc_pick(nm.expertise) END,
           now() - (:gen_span_days + 6) * interval '1 day' - p.r_created * interval '3 years'
      FROM p CROSS JOIN kc_v_names nm
     ORDER BY p.g
    RETURNING id, first_name, surname, role, country, created_at
)
INSERT INTO kc_g_member (id, first_name, surname, role, country, created_at) SELECT * FROM ins;

-- Records: 4 % pending (the newest), ~1.4 % refused, ~0.9 % taken down;
-- two unlock attempts per record; half of the titles get a variation.
\set gen_records :records
SELECT (:records * 4 / 100) AS gen_pending, (:records * 2) AS gen_unlocks \gset
\set gen_cost 10
\set gen_author_skew 2.0
\set gen_mod_rate 0.5
\set gen_dedupe false
\ir gen.sql

ANALYZE members;
ANALYZE records;
ANALYZE record_subjects;
ANALYZE record_levels;
ANALYZE points_ledger;
ANALYZE unlocks;
