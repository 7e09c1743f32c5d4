-- demo.sql — the demo data set. Not a migration: loaded once by
-- `tools/kcdb demo`, in one transaction, with psql variables demo_hash,
-- moderator_hash and admin_hash (bcrypt $2y$ hashes made by kcdb).
--
-- Accounts: demo@klascement.test (member, BE, Lies Peeters),
-- moderator@klascement.test (moderator, BE), admin@klascement.test (admin, NL),
-- 40 more teachers from Flanders and the Netherlands (same password as the
-- demo member) and two organisations; 360 records of all kinds.

SET client_min_messages = warning;
SELECT setseed(0.4242) \g /dev/null

\ir vocab.sql

CREATE TEMP TABLE kc_g_member (
    id          bigint PRIMARY KEY,
    first_name  text NOT NULL,
    surname     text NOT NULL,
    role        text NOT NULL,
    country     text NOT NULL,
    created_at  timestamptz NOT NULL,
    reads       boolean NOT NULL DEFAULT true
) ON COMMIT DROP;

-- The three known accounts.
WITH ins AS (
    INSERT INTO members (email, password_hash, first_name, surname, country, birthday, edu_role, role,
                         lang, expertise, created_at)
    VALUES
        ('demo@klascement.test', :'demo_hash', 'Lies', 'Peeters', 'BE', DATE '1988-04-17', 'teacher', 'member',
         'nl', 'Juf van het vierde leerjaar in Leuven; graag aan de slag met wiskunde en wereldoriëntatie.',
         now() - interval '1000 days'),
        ('moderator@klascement.test', :'moderator_hash', 'Koen', 'Maes', 'BE', DATE '1979-11-02', 'teacher', 'moderator',
         'nl', 'Leraar geschiedenis in de tweede graad en moderator voor het secundair onderwijs.',
         now() - interval '1100 days'),
        ('admin@klascement.test', :'admin_hash', 'Marloes', 'de Vries', 'NL', DATE '1984-06-23', 'other', 'admin',
         'nl', 'Redactie en platformteam.',
         now() - interval '1200 days')
    RETURNING id, first_name, surname, role, country, created_at
)
-- (no generated unlocks for these: their balances start predictable)
INSERT INTO kc_g_member (id, first_name, surname, role, country, created_at, reads) SELECT *, false FROM ins;

-- Forty teachers (about two thirds from Flanders) and two organisations.
WITH p AS (
    SELECT i,
           CASE WHEN i % 3 = 0 THEN 'NL' ELSE 'BE' END AS country,
           CASE WHEN i % 3 = 0
                THEN nm.first_nl[1 + ((i / 3) * 7) % cardinality(nm.first_nl)]
                ELSE nm.first_be[1 + (i * 7) % cardinality(nm.first_be)] END AS first_name,
           CASE WHEN i % 3 = 0
                THEN nm.surname_nl[1 + ((i / 3) * 11) % cardinality(nm.surname_nl)]
                ELSE nm.surname_be[1 + (i * 11) % cardinality(nm.surname_be)] END AS surname,
           nm.expertise[1 + (i * 5) % cardinality(nm.expertise)] AS expertise
      FROM generate_series(1, 40) AS i, kc_v_names nm
), ins AS (
    INSERT INTO members (email, password_hash, first_name, surname, country, birthday, edu_role, role,
                         lang, expertise, created_at)
    SELECT pg_temp.kc_slug(p.first_name) || '.' || replace(pg_temp.kc_slug(p.surname), '-', '') || '@klascement.test',
           :'demo_hash', p.first_name, p.surname, p.country,
           CASE WHEN p.i % 4 = 1 THEN NULL ELSE DATE '1962-01-01' + (p.i * 367 + (p.i * p.i * 31) % 365) END,
           CASE WHEN p.i % 9 = 2 THEN 'student_teacher' WHEN p.i % 13 = 6 THEN 'other' ELSE 'teacher' END,
           'member',
           CASE WHEN p.i % 11 = 3 THEN 'en' ELSE 'nl' END,
           p.expertise,
           now() - interval '740 days' - p.i * interval '5 days 17 minutes'
      FROM p
     ORDER BY p.i
    RETURNING id, first_name, surname, role, country, created_at
)
INSERT INTO kc_g_member (id, first_name, surname, role, country, created_at) SELECT * FROM ins;

WITH ins AS (
    INSERT INTO members (email, password_hash, first_name, surname, country, edu_role, role, lang,
                         expertise, created_at)
    VALUES
        ('uitgeverij.deleerlijn@klascement.test', :'demo_hash', 'Uitgeverij', 'De Leerlijn', 'NL', 'other',
         'organisation', 'nl', 'Educatieve uitgeverij voor het basisonderwijs: leerspellen en werkschriften.',
         now() - interval '900 days'),
        ('scholengroep.scheldeland@klascement.test', :'demo_hash', 'Scholengroep', 'Scheldeland', 'BE', 'other',
         'organisation', 'nl', 'Scholengroep met twaalf scholen; we organiseren nascholingen voor onze leerkrachten.',
         now() - interval '950 days')
    RETURNING id, first_name, surname, role, country, created_at
)
INSERT INTO kc_g_member (id, first_name, surname, role, country, created_at) SELECT * FROM ins;

-- 360 records over the last two years: 15 pending, 5 refused, 3 taken down.
\set gen_records 360
\set gen_span_days 730
\set gen_pending 15
\set gen_unlocks 160
\set gen_cost 10
\set gen_author_skew 1.6
\set gen_mod_rate 0
\set gen_dedupe true
\ir gen.sql

SELECT format('demo: %s members, %s records (%s published, %s pending), %s unlocks',
              (SELECT count(*) FROM kc_g_member),
              (SELECT count(*) FROM kc_g_rec),
              (SELECT count(*) FROM kc_g_rec WHERE state = 'published'),
              (SELECT count(*) FROM kc_g_rec WHERE state = 'pending'),
              (SELECT count(*) FROM kc_g_unlock)) AS summary \gset
\echo :summary
