-- sql/t/005_moderation_test.sql -- exercises the moderation functions of 005
-- (sql/functions/moderation.sql, admin.sql).
--
--   psql -X -v ON_ERROR_STOP=1 -f sql/t/005_moderation_test.sql
--
-- Any wrong result raises 'FAIL <what>: ...' and stops the script (exit 3).
-- Needs the migrations (not the demo data) and `pgbench` on PATH (or in
-- $PGBENCH) for the concurrency checks; pgbench gets psql's connection
-- (HOST, PORT, DBNAME, USER). Each run makes its own members and records
-- (e-mails kc005-<tag>-...@test.invalid) and COMMITS them: audit_log rows
-- are permanent by design, so run it on a scratch or test database.
\set ON_ERROR_STOP 1
-- The psql settings, assertions and helpers both scripts use.
\ir lib.sql

-- Counters used again and again.
CREATE FUNCTION pg_temp.n_rounds(p_record bigint, p_action text) RETURNS bigint
LANGUAGE sql AS $$
    SELECT count(*) FROM moderation_rounds WHERE record_id = p_record AND action = p_action
$$;
CREATE FUNCTION pg_temp.n_notes(p_record bigint, p_kind text) RETURNS bigint
LANGUAGE sql AS $$
    SELECT count(*) FROM notifications WHERE record_id = p_record AND kind = p_kind
$$;
CREATE FUNCTION pg_temp.ledger_amount(p_key text) RETURNS bigint
LANGUAGE sql AS $$ SELECT amount FROM points_ledger WHERE award_key = p_key $$;
CREATE FUNCTION pg_temp.state(p_record bigint) RETURNS text
LANGUAGE sql AS $$ SELECT state FROM records WHERE id = p_record $$;

-- ---------------------------------------------------------------------------
-- Fixtures
-- ---------------------------------------------------------------------------
SELECT 'kc005-' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS') AS tag \gset
SELECT id AS lev_kleuter FROM levels WHERE code = 'kleuter' \gset
SELECT id AS lev_lager FROM levels WHERE code = 'lager' \gset
SELECT id AS lev_sec1 FROM levels WHERE code = 'secundair-1' \gset
SELECT id AS s_math FROM subjects WHERE code = 'wiskunde' \gset
SELECT id AS s_hist FROM subjects WHERE code = 'geschiedenis' \gset
SELECT id AS s_music FROM subjects WHERE code = 'muziek' \gset

SELECT pg_temp.mk_member(:'tag', 'author', 'member') AS author \gset
SELECT pg_temp.mk_member(:'tag', 'other', 'member') AS other \gset
SELECT pg_temp.mk_member(:'tag', 'org', 'organisation') AS org \gset
SELECT pg_temp.mk_member(:'tag', 'mod', 'moderator') AS mod \gset
SELECT pg_temp.mk_member(:'tag', 'scoped', 'moderator') AS smod \gset
SELECT pg_temp.mk_member(:'tag', 'admin', 'admin') AS admin \gset
SELECT pg_temp.mk_member(:'tag', 'admintwo', 'admin') AS admin2 \gset
SELECT pg_temp.mk_member(:'tag', 'victim', 'member') AS victim \gset
SELECT pg_temp.mk_member(:'tag', 'racer', 'member') AS racer \gset

-- A contribution of the author (document: 70 points; site: 50).
CREATE FUNCTION pg_temp.mk_record(p_author bigint, p_kind text, p_title text,
                                  p_subjects int[], p_levels int[]) RETURNS bigint
LANGUAGE sql AS $$
    SELECT kc_contribution_create(p_author, p_kind, p_title, 'Een beschrijving.', 'nl', 'by',
                                  CASE WHEN p_kind = 'document' THEN NULL ELSE 'https://example.org/x' END,
                                  '{}', p_subjects, p_levels,
                                  CASE WHEN p_kind = 'document' THEN repeat('ab', 32) END,
                                  CASE WHEN p_kind = 'document' THEN 'x.pdf' END,
                                  CASE WHEN p_kind = 'document' THEN 'application/pdf' END,
                                  CASE WHEN p_kind = 'document' THEN 1000 END)
$$;

\echo 005 test: fixtures ready (tag :tag)

-- ---------------------------------------------------------------------------
-- Schema
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_ok(pg_get_constraintdef(oid) LIKE '%changes_requested%withdrawn%removed%',
                    'records_state_check has the new states')
  FROM pg_constraint WHERE conrelid = 'records'::regclass AND conname = 'records_state_check';
SELECT pg_temp.t_eq((SELECT count(*) FROM pg_constraint
                      WHERE conrelid = 'records'::regclass AND contype = 'c'
                        AND pg_get_constraintdef(oid) LIKE '%state%pending%'), 1,
                    'exactly one state CHECK on records');

-- ---------------------------------------------------------------------------
-- kc_contribution_create
-- ---------------------------------------------------------------------------
SELECT kc_contribution_create(:author, 'document', 'Breuken vergelijken', 'Uitleg en oefeningen.',
                              'nl', 'by-sa', NULL, '{"pages": 3}', ARRAY[:s_math, 99999],
                              ARRAY[:lev_lager, 99999], repeat('0f', 32), 'breuken.pdf',
                              'application/pdf', 12345) AS r1 \gset
SELECT pg_temp.t_eq(state, 'pending', 'create: pending'),
       pg_temp.t_eq(author_id, :author, 'create: author'),
       pg_temp.t_eq(author_name, 'Author Test', 'create: author_name = first name + surname'),
       pg_temp.t_ok(submitted_at IS NOT NULL AND published_at IS NULL, 'create: submitted_at, not published'),
       pg_temp.t_eq(organisation_id, NULL, 'create: no organisation for a member'),
       pg_temp.t_eq(file_name, 'breuken.pdf', 'create: file name'),
       pg_temp.t_eq(file_size, 12345, 'create: file size'),
       pg_temp.t_eq(details->>'pages', '3', 'create: details')
  FROM records WHERE id = :r1;
SELECT pg_temp.t_eq((SELECT array_agg(subject_id)::text FROM record_subjects WHERE record_id = :r1),
                    ARRAY[:s_math]::text, 'create: subjects, unknown id ignored');
SELECT pg_temp.t_eq((SELECT array_agg(level_id)::text FROM record_levels WHERE record_id = :r1),
                    ARRAY[:lev_lager]::text, 'create: levels, unknown id ignored');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:r1, 'submitted'), 1, 'create: round submitted');
SELECT pg_temp.t_raises(format('UPDATE records SET state = ''bogus'' WHERE id = %s', :r1),
                        '%records_state_check%', 'schema: a state outside the list raises');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :r1, NULL), 0, 'create: no audit row (not a moderation action)');
SELECT pg_temp.t_eq(pg_temp.balance(:author), 0, 'create: nothing paid on submission');

SELECT pg_temp.mk_record(:org, 'site', 'Organisatiesite', ARRAY[:s_math], ARRAY[:lev_lager]) AS rorg \gset
SELECT pg_temp.t_eq(organisation_id, :org, 'create: an organisation is the record''s organisation')
  FROM records WHERE id = :rorg;

SELECT pg_temp.t_raises(format('SELECT pg_temp.mk_record(%s, ''site'', ''x'', NULL, NULL)', 0),
                        '%does not exist, is deleted or banned%', 'create: unknown member raises');
UPDATE members SET banned_until = now() + interval '1 day', ban_reason = 'test' WHERE id = :victim;
SELECT pg_temp.t_raises(format('SELECT pg_temp.mk_record(%s, ''site'', ''x'', NULL, NULL)', :victim),
                        '%does not exist, is deleted or banned%', 'create: banned member raises');
UPDATE members SET banned_until = now() - interval '1 day' WHERE id = :victim;
SELECT pg_temp.t_ok(pg_temp.mk_record(:victim, 'site', 'Na de schorsing', NULL, NULL) > 0,
                    'create: an expired ban does not block');
UPDATE members SET banned_until = NULL, ban_reason = NULL WHERE id = :victim;

\echo 005 test: kc_contribution_create ok

-- ---------------------------------------------------------------------------
-- kc_contribution_update / kc_contribution_withdraw
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_contribution_update(:other, :r1, 'Gekaapt', NULL, NULL, NULL, NULL, NULL,
                                           NULL, NULL, NULL, NULL, NULL, NULL),
                    'notfound', 'update: not own -> notfound');
SELECT pg_temp.t_eq(kc_contribution_update(:author, 0, 'x', NULL, NULL, NULL, NULL, NULL,
                                           NULL, NULL, NULL, NULL, NULL, NULL),
                    'notfound', 'update: no such record -> notfound');
SELECT pg_temp.t_eq(kc_contribution_update(:author, :r1, 'Breuken vergelijken en ordenen',
                                           'Nieuwe uitleg.', 'nl', 'by', NULL, '{"pages": 4}',
                                           ARRAY[:s_math, :s_hist], ARRAY[:lev_lager],
                                           NULL, NULL, NULL, NULL),
                    'ok', 'update: own pending -> ok');
SELECT pg_temp.t_eq(title, 'Breuken vergelijken en ordenen', 'update: title'),
       pg_temp.t_eq(licence, 'by', 'update: licence'),
       pg_temp.t_eq(file_name, 'breuken.pdf', 'update: NULL file keeps the file'),
       pg_temp.t_eq(file_sha256, repeat('0f', 32), 'update: NULL file keeps the hash'),
       pg_temp.t_eq(state, 'pending', 'update: still pending')
  FROM records WHERE id = :r1;
SELECT pg_temp.t_eq((SELECT count(*) FROM record_subjects WHERE record_id = :r1), 2, 'update: subjects replaced');
SELECT pg_temp.t_eq(kc_contribution_update(:author, :r1, NULL, NULL, NULL, NULL, NULL, NULL,
                                           NULL, NULL, repeat('1e', 32), 'breuken-v2.pdf',
                                           'application/pdf', 999),
                    'ok', 'update: new file');
SELECT pg_temp.t_eq(file_name, 'breuken-v2.pdf', 'update: file replaced'),
       pg_temp.t_eq(file_size, 999, 'update: file size replaced'),
       pg_temp.t_eq(title, 'Breuken vergelijken en ordenen', 'update: NULL title keeps the title')
  FROM records WHERE id = :r1;

SELECT pg_temp.mk_record(:author, 'site', 'In te trekken', ARRAY[:s_math], ARRAY[:lev_lager]) AS rw \gset
SELECT pg_temp.t_eq(kc_contribution_withdraw(:other, :rw), 'notfound', 'withdraw: not own -> notfound');
SELECT pg_temp.t_eq(kc_contribution_withdraw(:author, :rw), 'ok', 'withdraw: own pending -> ok');
SELECT pg_temp.t_eq(pg_temp.state(:rw), 'withdrawn', 'withdraw: state withdrawn');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:rw, 'withdrawn'), 1, 'withdraw: round');
SELECT pg_temp.t_eq(kc_contribution_withdraw(:author, :rw), 'notfound', 'withdraw: twice -> notfound');
SELECT pg_temp.t_eq(kc_contribution_update(:author, :rw, 'x', NULL, NULL, NULL, NULL, NULL,
                                           NULL, NULL, NULL, NULL, NULL, NULL),
                    'notfound', 'update: withdrawn -> notfound');
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :rw, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :rw)),
                    'notfound', 'approve: withdrawn -> notfound');

\echo 005 test: kc_contribution_update / withdraw ok

-- ---------------------------------------------------------------------------
-- Scope
-- ---------------------------------------------------------------------------
-- smod: level kleuter + subject music. r1: level lager, subjects math + history.
SELECT pg_temp.t_eq(kc_moderator_set_scope(:admin, :smod, ARRAY[:lev_kleuter, 99999], ARRAY[:s_music]),
                    'ok', 'set_scope: ok');
SELECT pg_temp.t_eq(pg_temp.n_audit('member', :smod, 'set_scope'), 1, 'set_scope: audited');
SELECT pg_temp.t_eq(details::text,
                    jsonb_build_object('from', jsonb_build_object('levels', '[]'::jsonb, 'subjects', '[]'::jsonb),
                                       'to', jsonb_build_object('levels', jsonb_build_array(:lev_kleuter),
                                                                'subjects', jsonb_build_array(:s_music)))::text,
                    'set_scope: details from/to')
  FROM audit_log WHERE target_type = 'member' AND target_id = :smod AND action = 'set_scope';
SELECT pg_temp.t_eq(kc_moderator_set_scope(:admin, :smod, ARRAY[:lev_kleuter], ARRAY[:s_music]),
                    'ok', 'set_scope: same scope -> ok');
SELECT pg_temp.t_eq(pg_temp.n_audit('member', :smod, 'set_scope'), 1, 'set_scope: no change, no audit row');
SELECT pg_temp.t_eq(kc_moderator_set_scope(:mod, :smod, NULL, NULL), 'role', 'set_scope: moderator -> role');
SELECT pg_temp.t_eq(kc_moderator_set_scope(:admin, 0, NULL, NULL), 'notfound', 'set_scope: no member -> notfound');

SELECT pg_temp.t_ok(NOT kc_in_scope(:smod, :r1), 'scope: no shared level or subject -> out');
SELECT pg_temp.t_ok(kc_in_scope(:mod, :r1), 'scope: moderator without scope rows -> in');
SELECT pg_temp.t_ok(kc_in_scope(:admin, :r1), 'scope: admin -> in');
INSERT INTO moderator_levels (member_id, level_id) VALUES (:admin2, :lev_kleuter);
SELECT pg_temp.t_ok(kc_in_scope(:admin2, :r1), 'scope: admin with scope rows -> still in');
SELECT pg_temp.mk_record(:author, 'site', 'Muziek', ARRAY[:s_music], ARRAY[:lev_sec1]) AS rmus \gset
SELECT pg_temp.mk_record(:author, 'site', 'Kleuters', ARRAY[:s_hist], ARRAY[:lev_kleuter]) AS rkle \gset
SELECT pg_temp.t_ok(kc_in_scope(:smod, :rmus), 'scope: shared subject -> in');
SELECT pg_temp.t_ok(kc_in_scope(:smod, :rkle), 'scope: shared level -> in');

\echo 005 test: scope ok

-- ---------------------------------------------------------------------------
-- kc_moderate_approve
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_moderate_approve(:other, :r1, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :r1)), 'role', 'approve: member -> role');
SELECT pg_temp.t_eq(kc_moderate_approve(0, :r1, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :r1)), 'role', 'approve: nobody -> role');
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, 0, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = 0)), 'notfound', 'approve: no record -> notfound');
SELECT pg_temp.t_eq(kc_moderate_approve(:smod, :r1, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :r1)), 'scope', 'approve: out of scope -> scope');
UPDATE members SET banned_until = now() + interval '1 hour' WHERE id = :mod;
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :r1, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :r1)), 'role', 'approve: banned moderator -> role');
UPDATE members SET banned_until = NULL WHERE id = :mod;
SELECT pg_temp.t_eq(pg_temp.state(:r1), 'pending', 'approve: errors change nothing');
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :r1, 'Andere titel', NULL, NULL, NULL, NULL,
                                        (SELECT version FROM records WHERE id = :r1) - 1),
                    'changed', 'approve: not the version the moderator saw -> changed');
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :r1, NULL, NULL, NULL, NULL, NULL, NULL),
                    'changed', 'approve: no version -> changed');
SELECT pg_temp.t_eq(state, 'pending', 'approve: changed -> still pending'),
       pg_temp.t_ok(title <> 'Andere titel', 'approve: changed -> nothing written')
  FROM records WHERE id = :r1;
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :r1, NULL), 0, 'approve: errors write no audit row');

SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :r1, 'Breuken vergelijken (lager)', 'Beschrijving door de moderator.',
                                        'nl', ARRAY[:s_math], ARRAY[:lev_lager, :lev_sec1], (SELECT version FROM records WHERE id = :r1)),
                    'ok', 'approve: ok');
SELECT pg_temp.t_eq(state, 'published', 'approve: published'),
       pg_temp.t_ok(published_at IS NOT NULL, 'approve: published_at'),
       pg_temp.t_ok(moderated_at IS NOT NULL, 'approve: moderated_at'),
       pg_temp.t_eq(moderated_by, :mod, 'approve: moderated_by'),
       pg_temp.t_eq(title, 'Breuken vergelijken (lager)', 'approve: title edited'),
       pg_temp.t_eq(description, 'Beschrijving door de moderator.', 'approve: description edited')
  FROM records WHERE id = :r1;
SELECT pg_temp.t_eq((SELECT array_agg(subject_id ORDER BY subject_id)::text FROM record_subjects WHERE record_id = :r1),
                    ARRAY[:s_math]::text, 'approve: subjects edited');
SELECT pg_temp.t_eq((SELECT count(*) FROM record_levels WHERE record_id = :r1), 2, 'approve: levels edited');
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :r1), 1, 'approve: one ledger row');
SELECT pg_temp.t_eq(member_id, :author, 'approve: paid to the author'),
       pg_temp.t_eq(event, 'contribution_document', 'approve: event contribution_<kind>'),
       pg_temp.t_eq(subject, 'record:' || :r1, 'approve: subject record:ID'),
       pg_temp.t_eq(amount, 70, 'approve: the points of the rule')
  FROM points_ledger WHERE award_key = 'contribution:' || :r1;
SELECT pg_temp.t_eq(pg_temp.balance(:author), 70, 'approve: balance +70');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:r1, 'approved'), 1, 'approve: round');
SELECT pg_temp.t_eq(pg_temp.n_notes(:r1, 'approved'), 1, 'approve: notification');
SELECT pg_temp.t_eq((SELECT member_id FROM notifications WHERE record_id = :r1 AND kind = 'approved'), :author,
                    'approve: notification for the author');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :r1, 'approve'), 1, 'approve: one audit row');
SELECT pg_temp.t_eq(actor_id, :mod, 'approve: audit actor'),
       pg_temp.t_eq(details->>'paid', '70', 'approve: audit details paid'),
       pg_temp.t_eq(details#>>'{changes,title,to}', 'Breuken vergelijken (lager)', 'approve: audit details title'),
       pg_temp.t_ok(details#>'{changes,levels}' IS NOT NULL, 'approve: audit details levels'),
       pg_temp.t_ok(details#>'{changes,subjects}' IS NOT NULL, 'approve: audit details subjects')
  FROM audit_log WHERE target_type = 'record' AND target_id = :r1 AND action = 'approve';

-- Twice: nothing changes, nothing is paid.
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :r1, 'Andere titel', NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :r1)),
                    'already', 'approve: twice -> already');
SELECT pg_temp.t_eq((SELECT title FROM records WHERE id = :r1), 'Breuken vergelijken (lager)', 'approve: already changes nothing');
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :r1), 1, 'approve: twice pays once');
SELECT pg_temp.t_eq(pg_temp.balance(:author), 70, 'approve: balance unchanged');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :r1, NULL), 1, 'approve: already -> no audit row');
SELECT pg_temp.t_eq(kc_moderate_approve(:admin, :r1, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :r1)), 'already', 'approve: admin, twice -> already');
SELECT pg_temp.t_eq(kc_contribution_update(:author, :r1, 'x', NULL, NULL, NULL, NULL, NULL,
                                           NULL, NULL, NULL, NULL, NULL, NULL),
                    'notfound', 'update: published -> notfound');
SELECT pg_temp.t_eq(kc_contribution_withdraw(:author, :r1), 'notfound', 'withdraw: published -> notfound');

-- In scope by subject; NULL edits keep everything.
SELECT pg_temp.t_eq(kc_moderate_approve(:smod, :rmus, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :rmus)), 'ok', 'approve: scoped moderator, in scope -> ok');
SELECT pg_temp.t_eq(title, 'Muziek', 'approve: NULL title keeps') FROM records WHERE id = :rmus;
SELECT pg_temp.t_eq((SELECT count(*) FROM record_subjects WHERE record_id = :rmus), 1, 'approve: NULL subjects keep');
SELECT pg_temp.t_eq((SELECT details->'changes' FROM audit_log WHERE target_id = :rmus AND action = 'approve')::text,
                    '{}', 'approve: no edits -> empty changes');
SELECT pg_temp.t_eq(pg_temp.balance(:author), 120, 'approve: site +50');

\echo 005 test: kc_moderate_approve ok

-- ---------------------------------------------------------------------------
-- kc_moderate_changes, then resubmit
-- ---------------------------------------------------------------------------
SELECT pg_temp.mk_record(:author, 'site', 'Aan te passen', ARRAY[:s_math], ARRAY[:lev_lager]) AS rc \gset
SELECT pg_temp.t_eq(kc_moderate_changes(:other, :rc, 'x', (SELECT version FROM records WHERE id = :rc)), 'role', 'changes: member -> role');
SELECT pg_temp.t_eq(kc_moderate_changes(:mod, 0, 'x', (SELECT version FROM records WHERE id = 0)), 'notfound', 'changes: no record -> notfound');
SELECT pg_temp.t_eq(kc_moderate_changes(:smod, :rc, 'x', (SELECT version FROM records WHERE id = :rc)), 'scope', 'changes: out of scope -> scope');
SELECT pg_temp.t_eq(kc_moderate_changes(:mod, :r1, 'x', (SELECT version FROM records WHERE id = :r1)), 'notfound', 'changes: published -> notfound');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rc, NULL), 0, 'changes: errors write no audit row');
SELECT pg_temp.t_eq(kc_moderate_changes(:mod, :rc, 'x', NULL), 'changed', 'changes: no version -> changed');
SELECT pg_temp.t_eq(kc_moderate_changes(:mod, :rc, 'Graag een betere beschrijving.', (SELECT version FROM records WHERE id = :rc)), 'ok', 'changes: ok');
SELECT pg_temp.t_eq(state, 'changes_requested', 'changes: state'),
       pg_temp.t_eq(changes_reason, 'Graag een betere beschrijving.', 'changes: reason stored'),
       pg_temp.t_eq(moderated_by, :mod, 'changes: moderated_by')
  FROM records WHERE id = :rc;
SELECT pg_temp.t_eq(pg_temp.n_rounds(:rc, 'changes_requested'), 1, 'changes: round');
SELECT pg_temp.t_eq((SELECT reason FROM notifications WHERE record_id = :rc AND kind = 'changes_requested'),
                    'Graag een betere beschrijving.', 'changes: notification with reason');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rc, 'request_changes'), 1, 'changes: audit request_changes');
SELECT pg_temp.t_eq(kc_moderate_changes(:mod, :rc, 'nog eens', (SELECT version FROM records WHERE id = :rc)), 'notfound', 'changes: twice -> notfound');
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :rc, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :rc)), 'notfound', 'approve: changes_requested -> notfound');
SELECT pg_temp.t_eq(kc_contribution_update(:author, :rc, 'Aangepast', 'Een betere beschrijving.', NULL, NULL,
                                           'https://example.org/y', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                    'ok', 'resubmit: ok');
SELECT pg_temp.t_eq(state, 'pending', 'resubmit: pending again'),
       pg_temp.t_eq(url, 'https://example.org/y', 'resubmit: url')
  FROM records WHERE id = :rc;
SELECT pg_temp.t_eq(pg_temp.n_rounds(:rc, 'resubmitted'), 1, 'resubmit: round resubmitted');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rc, NULL), 1, 'resubmit: no audit row');
SELECT pg_temp.t_eq(kc_moderate_changes(:mod, :rc, 'Nog één ding.', (SELECT version FROM records WHERE id = :rc)), 'ok', 'changes: second round');
SELECT pg_temp.t_eq(kc_contribution_withdraw(:author, :rc), 'ok', 'withdraw: changes_requested -> ok');

\echo 005 test: kc_moderate_changes ok

-- ---------------------------------------------------------------------------
-- kc_moderate_refuse
-- ---------------------------------------------------------------------------
SELECT pg_temp.mk_record(:author, 'document', 'Te weigeren', ARRAY[:s_math], ARRAY[:lev_lager]) AS rf \gset
SELECT pg_temp.mk_record(:author, 'site', 'Ook te weigeren', ARRAY[:s_math], ARRAY[:lev_lager]) AS rf2 \gset
SELECT pg_temp.t_eq(kc_moderate_refuse(:other, :rf, 'quality', 'x', (SELECT version FROM records WHERE id = :rf)), 'role', 'refuse: member -> role');
SELECT pg_temp.t_eq(kc_moderate_refuse(:mod, 0, 'quality', 'x', (SELECT version FROM records WHERE id = 0)), 'notfound', 'refuse: no record -> notfound');
SELECT pg_temp.t_eq(kc_moderate_refuse(:smod, :rf, 'quality', 'x', (SELECT version FROM records WHERE id = :rf)), 'scope', 'refuse: out of scope -> scope');
SELECT pg_temp.t_eq(kc_moderate_refuse(:mod, :r1, 'quality', 'x', (SELECT version FROM records WHERE id = :r1)), 'notfound', 'refuse: published -> notfound');
SELECT pg_temp.t_eq(kc_moderate_refuse(:mod, :rf, 'quality', 'x', (SELECT version FROM records WHERE id = :rf) + 1), 'changed', 'refuse: another version -> changed');
SELECT pg_temp.t_eq(kc_moderate_refuse(:mod, :rf, 'copyright', 'Uit een handboek gescand.', (SELECT version FROM records WHERE id = :rf)), 'ok', 'refuse: ok');
SELECT pg_temp.t_eq(state, 'refused', 'refuse: state'),
       pg_temp.t_eq(refusal_code, 'copyright', 'refuse: code'),
       pg_temp.t_eq(refusal_reason, 'Uit een handboek gescand.', 'refuse: reason')
  FROM records WHERE id = :rf;
SELECT pg_temp.t_eq((SELECT reason FROM notifications WHERE record_id = :rf AND kind = 'refused'),
                    'Uit een handboek gescand.', 'refuse: notification with reason');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:rf, 'refused'), 1, 'refuse: round');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rf, 'refuse'), 1, 'refuse: audit');
SELECT pg_temp.t_eq((SELECT details->>'code' FROM audit_log WHERE target_id = :rf AND action = 'refuse'),
                    'copyright', 'refuse: audit details code');
SELECT pg_temp.t_eq(kc_moderate_refuse(:mod, :rf, 'quality', 'x', (SELECT version FROM records WHERE id = :rf)), 'notfound', 'refuse: twice -> notfound');
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :rf, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :rf)), 'notfound', 'approve: refused -> notfound');
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :rf), 0, 'refuse: nothing paid');
SELECT pg_temp.t_eq(kc_moderate_refuse(:admin, :rf2, 'other', 'Geen onderwijsinhoud.', (SELECT version FROM records WHERE id = :rf2)), 'ok', 'refuse: admin -> ok');

\echo 005 test: kc_moderate_refuse ok

-- ---------------------------------------------------------------------------
-- kc_objection_file / kc_objection_decide
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_objection_file(:other, :rf, 'Dit is mijn eigen werk, echt waar.'), 'notfound', 'objection: not own -> notfound');
SELECT pg_temp.t_eq(kc_objection_file(:author, :r1, 'Dit is mijn eigen werk, echt waar.'), 'notfound', 'objection: published -> notfound');
SELECT pg_temp.t_eq(kc_objection_file(:author, 0, 'Dit is mijn eigen werk, echt waar.'), 'notfound', 'objection: no record -> notfound');
SELECT pg_temp.t_raises(format('SELECT kc_objection_file(%s, %s, ''kort'')', :author, :rf),
                        '%objections_text_check%', 'objection: text under 10 characters raises');
SELECT pg_temp.t_eq(kc_objection_file(:author, :rf, 'Dit is mijn eigen werk, ik heb de rechten.'), 'ok', 'objection: ok');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:rf, 'objection'), 1, 'objection: round');
SELECT pg_temp.t_eq(kc_objection_file(:author, :rf, 'Nog een bezwaar, want ik ben het oneens.'), 'already', 'objection: second -> already');
SELECT pg_temp.t_eq((SELECT count(*) FROM objections WHERE record_id = :rf), 1, 'objection: one row');
SELECT pg_temp.t_eq(kc_objection_file(:author, :rf2, 'Het gaat wel degelijk over onderwijs.'), 'ok', 'objection: second record ok');

SELECT pg_temp.t_eq(kc_objection_decide(:mod, :rf, 'overturn', 'x'), 'role', 'decide: moderator -> role');
SELECT pg_temp.t_eq(kc_objection_decide(:admin, :r1, 'overturn', 'x'), 'notfound', 'decide: no objection -> notfound');
SELECT pg_temp.t_eq(kc_objection_decide(:admin, 0, 'overturn', 'x'), 'notfound', 'decide: no record -> notfound');
SELECT pg_temp.t_raises(format('SELECT kc_objection_decide(%s, %s, ''maybe'', ''x'')', :admin, :rf),
                        '%decision must be uphold or overturn%', 'decide: bad decision raises');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rf, 'objection_overturn'), 0, 'decide: errors write no audit row');
SELECT pg_temp.balance(:author) AS bal \gset
SELECT pg_temp.t_eq(kc_objection_decide(:admin, :rf, 'overturn', 'Toestemming van de uitgever ontvangen.'), 'ok', 'overturn: ok');
SELECT pg_temp.t_eq(state, 'published', 'overturn: published'),
       pg_temp.t_ok(published_at IS NOT NULL, 'overturn: published_at')
  FROM records WHERE id = :rf;
SELECT pg_temp.t_eq(decision, 'overturned', 'overturn: decision'),
       pg_temp.t_eq(decided_by, :admin, 'overturn: decided_by'),
       pg_temp.t_ok(decided_at IS NOT NULL, 'overturn: decided_at')
  FROM objections WHERE record_id = :rf;
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :rf), 1, 'overturn: paid (key contribution:ID)');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal + 70, 'overturn: balance +70');
SELECT pg_temp.t_eq(pg_temp.n_notes(:rf, 'objection_overturned'), 1, 'overturn: notification');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:rf, 'objection_overturned'), 1, 'overturn: round');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rf, 'objection_overturn'), 1, 'overturn: audit');
SELECT pg_temp.t_eq(kc_objection_decide(:admin, :rf, 'overturn', 'x'), 'notfound', 'overturn: twice -> notfound');
SELECT pg_temp.t_eq(kc_objection_decide(:admin2, :rf, 'uphold', 'x'), 'notfound', 'decide: decided -> notfound');
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :rf, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :rf)), 'already', 'approve: overturned -> already');
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :rf), 1, 'overturn: pays once overall');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal + 70, 'overturn: balance unchanged after');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rf, NULL), 2, 'overturn: refuse + overturn audited, nothing else');

SELECT pg_temp.t_eq(kc_objection_decide(:admin, :rf2, 'uphold', 'Blijft buiten het onderwerp.'), 'ok', 'uphold: ok');
SELECT pg_temp.t_eq(pg_temp.state(:rf2), 'refused', 'uphold: stays refused');
SELECT pg_temp.t_eq((SELECT decision FROM objections WHERE record_id = :rf2), 'upheld', 'uphold: decision');
SELECT pg_temp.t_eq((SELECT reason FROM notifications WHERE record_id = :rf2 AND kind = 'objection_upheld'),
                    'Blijft buiten het onderwerp.', 'uphold: notification with reason');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:rf2, 'objection_upheld'), 1, 'uphold: round');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rf2, 'objection_uphold'), 1, 'uphold: audit');
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :rf2), 0, 'uphold: nothing paid');
SELECT pg_temp.t_eq(kc_objection_file(:author, :rf2, 'Ik wil toch nog eens bezwaar maken.'), 'already', 'objection: after a decision -> already');
SELECT pg_temp.t_eq(kc_objection_decide(:admin, :rf2, 'overturn', 'x'), 'notfound', 'uphold: decided -> notfound');

-- An overturn whose record was paid before (a data repair set it back to
-- refused) pays nothing: the key decides.
SELECT pg_temp.mk_record(:author, 'site', 'Al betaald', ARRAY[:s_math], ARRAY[:lev_lager]) AS rp \gset
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :rp, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :rp)), 'ok', 'approve rp');
UPDATE records SET state = 'refused' WHERE id = :rp;
SELECT pg_temp.t_eq(kc_objection_file(:author, :rp, 'Hij was al goedgekeurd, vreemd.'), 'ok', 'objection rp');
SELECT pg_temp.balance(:author) AS bal \gset
SELECT pg_temp.t_eq(kc_objection_decide(:admin, :rp, 'overturn', 'Herstel.'), 'ok', 'overturn rp');
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :rp), 1, 'overturn after approve: one ledger row');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal, 'overturn after approve: nothing paid');
SELECT pg_temp.t_eq((SELECT details->>'paid' FROM audit_log WHERE target_id = :rp AND action = 'objection_overturn'),
                    '0', 'overturn after approve: audit says paid 0');

\echo 005 test: objections ok

-- ---------------------------------------------------------------------------
-- kc_record_takedown / kc_record_restore / kc_record_remove
-- ---------------------------------------------------------------------------
-- r1: document, published, paid 70.
SELECT pg_temp.balance(:author) AS bal \gset
SELECT pg_temp.t_eq(kc_record_takedown(:mod, :r1, 'x'), 'role', 'takedown: moderator -> role');
SELECT pg_temp.t_eq(kc_record_takedown(:admin, 0, 'x'), 'notfound', 'takedown: no record -> notfound');
SELECT pg_temp.t_eq(kc_record_takedown(:admin, :rkle, 'x'), 'notfound', 'takedown: pending -> notfound');
SELECT pg_temp.t_eq(kc_record_takedown(:admin, :rf2, 'x'), 'notfound', 'takedown: refused -> notfound');
SELECT pg_temp.t_eq(kc_record_takedown(:admin, :r1, 'Klacht van de uitgever.'), 'ok', 'takedown: ok');
SELECT pg_temp.t_eq(state, 'taken_down', 'takedown: state'),
       pg_temp.t_eq(takedown_reason, 'Klacht van de uitgever.', 'takedown: reason')
  FROM records WHERE id = :r1;
SELECT pg_temp.t_eq(pg_temp.ledger_amount('reverse:contribution:' || :r1), -70, 'takedown: points taken back');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal - 70, 'takedown: balance -70');
SELECT pg_temp.t_eq((SELECT reason FROM notifications WHERE record_id = :r1 AND kind = 'taken_down'),
                    'Klacht van de uitgever.', 'takedown: notification');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:r1, 'taken_down'), 1, 'takedown: round');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :r1, 'takedown'), 1, 'takedown: audit');
SELECT pg_temp.t_eq(kc_record_takedown(:admin, :r1, 'x'), 'notfound', 'takedown: twice -> notfound');
SELECT pg_temp.t_eq(kc_record_unlock(:other, :r1, 10), 'notfound', 'takedown: not readable');
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :r1, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :r1)), 'notfound', 'approve: taken_down -> notfound');

SELECT pg_temp.t_eq(kc_record_restore(:mod, :r1), 'role', 'restore: moderator -> role');
SELECT pg_temp.t_eq(kc_record_restore(:admin, 0), 'notfound', 'restore: no record -> notfound');
SELECT pg_temp.t_eq(kc_record_restore(:admin, :rmus), 'notfound', 'restore: published -> notfound');
SELECT pg_temp.t_eq(kc_record_restore(:admin, :r1), 'ok', 'restore: ok');
SELECT pg_temp.t_eq(state, 'published', 'restore: published'),
       pg_temp.t_ok(published_at IS NOT NULL, 'restore: published_at kept')
  FROM records WHERE id = :r1;
SELECT pg_temp.t_eq(pg_temp.ledger_amount('restore:' || :r1), 70, 'restore: paid again (key restore:ID)');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal, 'restore: balance back');
SELECT pg_temp.t_eq(pg_temp.n_notes(:r1, 'restored'), 1, 'restore: notification');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:r1, 'restored'), 1, 'restore: round');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :r1, 'restore'), 1, 'restore: audit');
SELECT pg_temp.t_eq(kc_record_restore(:admin, :r1), 'notfound', 'restore: twice -> notfound');
-- Second cycle: the takedown takes the restore payment back, the second
-- restore pays nothing (once per record).
SELECT pg_temp.t_eq(kc_record_takedown(:admin, :r1, 'Tweede klacht.'), 'ok', 'takedown again: ok');
SELECT pg_temp.t_eq(pg_temp.ledger_amount('reverse:restore:' || :r1), -70, 'takedown again: restore payment taken back');
SELECT pg_temp.t_eq(pg_temp.n_ledger('reverse:contribution:' || :r1), 1, 'takedown again: contribution not reversed twice');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal - 70, 'takedown again: balance -70');
SELECT pg_temp.t_eq(kc_record_restore(:admin, :r1), 'ok', 'restore again: ok');
SELECT pg_temp.t_eq(pg_temp.n_ledger('restore:' || :r1), 1, 'restore again: still one restore row');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal - 70, 'restore again: pays nothing');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :r1, NULL), 5, 'r1: approve + 2 takedowns + 2 restores audited');

-- Remove: a published one gives its points back; a taken-down one already did.
SELECT pg_temp.balance(:author) AS bal \gset
SELECT pg_temp.t_eq(kc_record_remove(:mod, :rmus, 'x'), 'role', 'remove: moderator -> role');
SELECT pg_temp.t_eq(kc_record_remove(:admin, 0, 'x'), 'notfound', 'remove: no record -> notfound');
SELECT pg_temp.t_eq(kc_record_remove(:admin, :rkle, 'x'), 'notfound', 'remove: pending -> notfound');
SELECT pg_temp.t_eq(kc_record_remove(:admin, :rf2, 'x'), 'notfound', 'remove: refused -> notfound');
SELECT pg_temp.t_eq(kc_record_remove(:admin, :rmus, 'Dubbel met een andere bijdrage.'), 'ok', 'remove published: ok');
SELECT pg_temp.t_eq(pg_temp.state(:rmus), 'removed', 'remove: state removed');
SELECT pg_temp.t_eq(pg_temp.ledger_amount('reverse:contribution:' || :rmus), -50, 'remove published: points taken back');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal - 50, 'remove published: balance -50');
SELECT pg_temp.t_eq(pg_temp.n_notes(:rmus, 'removed'), 1, 'remove: notification');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:rmus, 'removed'), 1, 'remove: round');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :rmus, 'remove'), 1, 'remove: audit');
SELECT pg_temp.t_eq(kc_record_remove(:admin, :rmus, 'x'), 'notfound', 'remove: twice -> notfound');
SELECT pg_temp.t_eq(kc_record_restore(:admin, :rmus), 'notfound', 'restore: removed -> notfound');
SELECT pg_temp.t_eq(kc_record_takedown(:admin, :rf, 'Toch niet in orde.'), 'ok', 'takedown rf');
SELECT pg_temp.balance(:author) AS bal \gset
SELECT pg_temp.t_eq(kc_record_remove(:admin, :rf, 'Definitief.'), 'ok', 'remove taken_down: ok');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal, 'remove taken_down: nothing more taken');
SELECT pg_temp.t_eq((SELECT details->>'from' FROM audit_log WHERE target_id = :rf AND action = 'remove'),
                    'taken_down', 'remove: audit details from');

-- A takedown never overdraws: at most the balance is taken back.
SELECT pg_temp.mk_record(:racer, 'document', 'Uitgegeven punten', ARRAY[:s_math], ARRAY[:lev_lager]) AS rsp \gset
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :rsp, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :rsp)), 'ok', 'approve rsp');
-- The racer spends 50 by reading (a fixture record published without a moderation round).
SELECT pg_temp.mk_record(:victim, 'site', 'Door racer gelezen', ARRAY[:s_math], ARRAY[:lev_lager]) AS rread \gset
UPDATE records SET state = 'published', published_at = now() WHERE id = :rread;
SELECT pg_temp.t_eq(kc_record_unlock(:racer, :rread, 50), 'unlocked', 'racer spends 50');
SELECT pg_temp.t_eq(kc_record_takedown(:admin, :rsp, 'x'), 'ok', 'takedown with a low balance: ok');
SELECT pg_temp.t_eq(pg_temp.balance(:racer), 0, 'takedown: never below zero');
SELECT pg_temp.t_eq((SELECT details->>'taken_back' FROM audit_log WHERE target_id = :rsp AND action = 'takedown'),
                    '20', 'takedown: audit says what was taken back');

SELECT pg_temp.t_balances('after takedowns');

\echo 005 test: takedown / restore / remove ok

-- ---------------------------------------------------------------------------
-- Reports
-- ---------------------------------------------------------------------------
SELECT split_part(kc_report_file(:other, 'record', :r1, 'copyright', 'Dit komt uit mijn boek.'), ':', 2)::bigint AS rep \gset
SELECT pg_temp.t_eq(kc_report_file(:other, 'record', :r1, 'spam', 'Nog eens gemeld.'), 'already',
                    'report: a second open report of the same member on the same target -> already');
SELECT pg_temp.t_eq(target_type, 'record', 'report: target type'),
       pg_temp.t_eq(target_id, :r1, 'report: target id'),
       pg_temp.t_eq(reporter_id, :other, 'report: reporter'),
       pg_temp.t_ok(closed_at IS NULL AND outcome IS NULL, 'report: open')
  FROM reports WHERE id = :rep;
SELECT split_part(kc_report_file(:other, 'post', 424242, 'spam', 'Reclame.'), ':', 2)::bigint AS rep2 \gset
SELECT pg_temp.t_raises(format('SELECT kc_report_file(%s, ''record'', %s, ''boring'', ''x'')', :other, :rp),
                        '%reports_reason_check%', 'report: bad reason raises');
SELECT pg_temp.t_raises(format('SELECT kc_report_file(%s, ''record'', %s, ''spam'', '''')', :other, :rp),
                        '%reports_text_check%', 'report: empty text raises');
SELECT pg_temp.t_raises(format('SELECT kc_report_file(%s, ''record'', 0, ''spam'', ''x'')', :other),
                        '%no record%', 'report: unknown record raises');
SELECT pg_temp.t_raises(format('SELECT kc_report_file(0, ''record'', %s, ''spam'', ''x'')', :r1),
                        '%does not exist, is deleted or banned%', 'report: unknown member raises');
SELECT pg_temp.t_eq(kc_report_close(:other, :rep, 'acted'), 'role', 'report_close: member -> role');
SELECT pg_temp.t_eq(kc_report_close(:mod, 0, 'acted'), 'notfound', 'report_close: no report -> notfound');
SELECT pg_temp.t_eq(pg_temp.n_audit('report', :rep, NULL), 0, 'report_close: errors write no audit row');
SELECT pg_temp.t_eq(kc_report_close(:smod, :rep, 'acted'), 'scope', 'report_close: out of scope -> scope');
SELECT pg_temp.t_eq(kc_report_close(:smod, :rep2, 'acted'), 'scope', 'report_close: a forum post, scoped moderator -> scope');
SELECT pg_temp.t_eq(kc_report_close(:mod, :rep, 'acted'), 'ok', 'report_close: ok (in scope)');
SELECT pg_temp.t_eq(outcome, 'acted', 'report_close: outcome'),
       pg_temp.t_eq(closed_by, :mod, 'report_close: closed_by'),
       pg_temp.t_ok(closed_at IS NOT NULL, 'report_close: closed_at')
  FROM reports WHERE id = :rep;
SELECT pg_temp.t_eq(pg_temp.n_audit('report', :rep, 'report_close'), 1, 'report_close: audit');
SELECT pg_temp.t_eq((SELECT details->>'outcome' FROM audit_log WHERE target_type = 'report' AND target_id = :rep),
                    'acted', 'report_close: audit details');
SELECT pg_temp.t_eq(kc_report_close(:mod, :rep, 'dismissed'), 'notfound', 'report_close: twice -> notfound');
SELECT pg_temp.t_raises(format('SELECT kc_report_close(%s, %s, ''whatever'')', :admin, :rep2),
                        '%reports_outcome_check%', 'report_close: bad outcome raises');
SELECT pg_temp.t_eq(kc_report_close(:admin, :rep2, 'dismissed'), 'ok', 'report_close: admin -> ok');

\echo 005 test: reports ok

-- ---------------------------------------------------------------------------
-- Members: ban, unban, role
-- ---------------------------------------------------------------------------
INSERT INTO sessions (token_hash, member_id, csrf_secret, expires_at)
VALUES (sha256(convert_to(:'tag' || 'a', 'UTF8')), :victim, 'x', now() + interval '1 day'),
       (sha256(convert_to(:'tag' || 'b', 'UTF8')), :victim, 'x', now() + interval '1 day'),
       (sha256(convert_to(:'tag' || 'c', 'UTF8')), :other, 'x', now() + interval '1 day');
SELECT pg_temp.t_eq(kc_member_ban(:mod, :victim, now() + interval '7 days', false, 'x'), 'role', 'ban: moderator -> role');
SELECT pg_temp.t_eq(kc_member_ban(:admin, :admin, NULL, true, 'x'), 'self', 'ban: self -> self');
SELECT pg_temp.t_eq(kc_member_ban(:admin, 0, NULL, true, 'x'), 'notfound', 'ban: no member -> notfound');
SELECT pg_temp.t_raises(format('SELECT kc_member_ban(%s, %s, now() - interval ''1 day'', false, ''x'')', :admin, :victim),
                        '%date in the future%', 'ban: temporary ban in the past raises');
SELECT pg_temp.t_raises(format('SELECT kc_member_ban(%s, %s, NULL, false, ''x'')', :admin, :victim),
                        '%date in the future%', 'ban: temporary ban without a date raises');
SELECT pg_temp.t_eq(pg_temp.n_audit('member', :victim, NULL), 0, 'ban: errors write no audit row');
SELECT pg_temp.t_eq(kc_member_ban(:admin, :victim, now() + interval '7 days', false, 'Spam in het forum.'), 'ok', 'ban: ok');
SELECT pg_temp.t_ok(banned_until > now() + interval '6 days', 'ban: banned_until'),
       pg_temp.t_ok(NOT ban_permanent, 'ban: not permanent'),
       pg_temp.t_eq(ban_reason, 'Spam in het forum.', 'ban: reason')
  FROM members WHERE id = :victim;
SELECT pg_temp.t_eq((SELECT count(*) FROM sessions WHERE member_id = :victim), 0, 'ban: sessions ended');
SELECT pg_temp.t_eq((SELECT count(*) FROM sessions WHERE member_id = :other), 1, 'ban: other sessions kept');
SELECT pg_temp.t_eq(pg_temp.n_audit('member', :victim, 'ban'), 1, 'ban: audit');
SELECT pg_temp.t_eq((SELECT details->>'sessions_ended' FROM audit_log WHERE target_id = :victim AND action = 'ban'),
                    '2', 'ban: audit details');
SELECT pg_temp.t_raises(format('SELECT pg_temp.mk_record(%s, ''site'', ''x'', NULL, NULL)', :victim),
                        '%banned%', 'ban: a banned member cannot contribute');
SELECT pg_temp.t_eq(kc_member_ban(:admin, :victim, NULL, true, 'Herhaaldelijk spam.'), 'ok', 'ban: permanent ok');
SELECT pg_temp.t_ok(ban_permanent AND banned_until IS NULL, 'ban: permanent, no date') FROM members WHERE id = :victim;

SELECT pg_temp.t_eq(kc_member_unban(:mod, :victim), 'role', 'unban: moderator -> role');
SELECT pg_temp.t_eq(kc_member_unban(:admin, 0), 'notfound', 'unban: no member -> notfound');
SELECT pg_temp.t_eq(kc_member_unban(:admin, :victim), 'ok', 'unban: ok');
SELECT pg_temp.t_ok(NOT ban_permanent AND banned_until IS NULL AND ban_reason IS NULL, 'unban: cleared')
  FROM members WHERE id = :victim;
SELECT pg_temp.t_eq(pg_temp.n_audit('member', :victim, 'unban'), 1, 'unban: audit');
SELECT pg_temp.t_eq(kc_member_unban(:admin, :victim), 'ok', 'unban: not banned -> ok');
SELECT pg_temp.t_eq(pg_temp.n_audit('member', :victim, 'unban'), 1, 'unban: not banned -> no audit row');

SELECT pg_temp.t_eq(kc_member_set_role(:mod, :victim, 'moderator'), 'role', 'set_role: moderator -> role');
SELECT pg_temp.t_eq(kc_member_set_role(:admin, :admin, 'member'), 'self', 'set_role: self -> self');
SELECT pg_temp.t_eq(kc_member_set_role(:admin, 0, 'member'), 'notfound', 'set_role: no member -> notfound');
SELECT pg_temp.t_raises(format('SELECT kc_member_set_role(%s, %s, ''king'')', :admin, :victim),
                        '%members_role_check%', 'set_role: bad role raises');
SELECT pg_temp.t_eq(kc_member_set_role(:admin, :victim, 'moderator'), 'ok', 'set_role: ok');
SELECT pg_temp.t_eq((SELECT role FROM members WHERE id = :victim), 'moderator', 'set_role: role');
SELECT pg_temp.t_eq((SELECT details::text FROM audit_log WHERE target_id = :victim AND action = 'set_role'),
                    '{"to": "moderator", "from": "member"}', 'set_role: audit details from/to');
SELECT pg_temp.t_eq(kc_member_set_role(:admin, :victim, 'moderator'), 'ok', 'set_role: same role -> ok');
SELECT pg_temp.t_eq(pg_temp.n_audit('member', :victim, 'set_role'), 1, 'set_role: same role -> no audit row');
SELECT pg_temp.t_eq(kc_member_set_role(:admin2, :admin, 'member'), 'ok', 'set_role: another admin -> ok');
SELECT pg_temp.t_eq(kc_member_ban(:admin, :victim, NULL, true, 'x'), 'role', 'a demoted admin -> role');
SELECT pg_temp.t_eq(kc_member_set_role(:admin2, :admin, 'admin'), 'ok', 'set_role: back to admin');
SELECT pg_temp.t_eq(kc_member_set_role(:admin, :victim, 'member'), 'ok', 'set_role: back to member');

\echo 005 test: members ok

-- ---------------------------------------------------------------------------
-- audit_log is append-only
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_raises('UPDATE audit_log SET reason = ''changed'' WHERE id = (SELECT max(id) FROM audit_log)',
                        'audit_log rows cannot be changed', 'audit: UPDATE raises');
SELECT pg_temp.t_raises('DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)',
                        'audit_log rows cannot be changed', 'audit: DELETE raises');
SELECT pg_temp.t_raises('DELETE FROM audit_log',
                        'audit_log rows cannot be changed', 'audit: DELETE all raises');
SELECT pg_temp.t_raises('TRUNCATE audit_log',
                        'audit_log rows cannot be changed', 'audit: TRUNCATE raises');
SELECT pg_temp.t_ok((SELECT count(*) FROM audit_log) > 0, 'audit: rows still there');

-- Every audit row of this run: exactly the successful changes above.
SELECT pg_temp.t_eq((SELECT string_agg(action || '=' || n, ' ' ORDER BY action)
                       FROM (SELECT action, count(*) AS n FROM audit_log
                              WHERE actor_id IN (:mod, :smod, :admin, :admin2)
                              GROUP BY action) a),
                    'approve=4 ban=2 objection_overturn=2 objection_uphold=1 refuse=2 remove=2 '
                    || 'report_close=2 request_changes=2 restore=2 set_role=4 set_scope=1 takedown=4 unban=1',
                    'audit: one row per successful change');

\echo 005 test: audit_log ok

-- ---------------------------------------------------------------------------
-- Concurrency (pgbench, 8 clients)
-- ---------------------------------------------------------------------------
DROP TABLE IF EXISTS kc_t005_race, kc_t005_race_recs;
CREATE TABLE kc_t005_race (id bigint GENERATED ALWAYS AS IDENTITY, rec bigint, fn text, result text);
CREATE TABLE kc_t005_race_recs (n int PRIMARY KEY, id bigint NOT NULL);

SELECT pg_temp.mk_record(:racer, 'document', 'Race: één record', ARRAY[:s_math], ARRAY[:lev_lager]) AS race1 \gset
INSERT INTO kc_t005_race_recs (n, id)
SELECT n, pg_temp.mk_record(:racer, 'site', 'Race ' || n, ARRAY[:s_math], ARRAY[:lev_lager])
  FROM generate_series(1, 12) AS n;
SELECT pg_temp.mk_record(:racer, 'video', 'Race: heen en weer', ARRAY[:s_math], ARRAY[:lev_lager]) AS race3 \gset
SELECT pg_temp.t_eq(kc_moderate_approve(:mod, :race3, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = :race3)), 'ok', 'race3 approved');
SELECT pg_temp.mk_record(:racer, 'image', 'Race: bezwaar', ARRAY[:s_math], ARRAY[:lev_lager]) AS race4 \gset
SELECT pg_temp.t_eq(kc_moderate_refuse(:mod, :race4, 'quality', 'Onscherp.', (SELECT version FROM records WHERE id = :race4)), 'ok', 'race4 refused');

\setenv PGHOST :HOST
\setenv PGPORT :PORT
\setenv PGDATABASE :DBNAME
\setenv PGUSER :USER
\setenv KC_T005_MOD :mod
\setenv KC_T005_ADMIN :admin
\setenv KC_T005_RACER :racer
\setenv KC_T005_R1 :race1
\setenv KC_T005_R3 :race3
\setenv KC_T005_R4 :race4
-- One script per race; pgbench's output is shown only when it fails (then
-- the counts below fail too).
\! d=$(mktemp -d) && printf 'INSERT INTO kc_t005_race (rec, fn, result) SELECT %s, $$approve$$, kc_moderate_approve(%s, %s, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = %s));\n' "$KC_T005_R1" "$KC_T005_MOD" "$KC_T005_R1" "$KC_T005_R1" >"$d/s.sql" && { ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 20 -f "$d/s.sql" >"$d/log" 2>&1 || cat "$d/log" >&2; }; rm -rf "$d"
\! d=$(mktemp -d) && printf '\\set n random(1, 12)\nINSERT INTO kc_t005_race (rec, fn, result) SELECT r.id, $$approve$$, kc_moderate_approve(%s, r.id, NULL, NULL, NULL, NULL, NULL, (SELECT version FROM records WHERE id = r.id)) FROM kc_t005_race_recs r WHERE r.n = :n;\n' "$KC_T005_MOD" >"$d/s.sql" && { ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 20 -f "$d/s.sql" >"$d/log" 2>&1 || cat "$d/log" >&2; }; rm -rf "$d"
\! d=$(mktemp -d) && printf '\\set t random(0, 1)\n\\if :t = 0\nINSERT INTO kc_t005_race (rec, fn, result) SELECT %s, $$takedown$$, kc_record_takedown(%s, %s, $$race$$);\n\\else\nINSERT INTO kc_t005_race (rec, fn, result) SELECT %s, $$restore$$, kc_record_restore(%s, %s);\n\\endif\n' "$KC_T005_R3" "$KC_T005_ADMIN" "$KC_T005_R3" "$KC_T005_R3" "$KC_T005_ADMIN" "$KC_T005_R3" >"$d/s.sql" && { ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 20 -f "$d/s.sql" >"$d/log" 2>&1 || cat "$d/log" >&2; }; rm -rf "$d"
\! d=$(mktemp -d) && printf 'INSERT INTO kc_t005_race (rec, fn, result) SELECT %s, $$objection$$, kc_objection_file(%s, %s, $$Bezwaar in een wedloop, lang genoeg.$$);\nINSERT INTO kc_t005_race (rec, fn, result) SELECT %s, $$overturn$$, kc_objection_decide(%s, %s, $$overturn$$, $$race$$);\n' "$KC_T005_R4" "$KC_T005_RACER" "$KC_T005_R4" "$KC_T005_R4" "$KC_T005_ADMIN" "$KC_T005_R4" >"$d/s.sql" && { ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 5 -f "$d/s.sql" >"$d/log" 2>&1 || cat "$d/log" >&2; }; rm -rf "$d"

-- Race 1: 160 approvals of one record.
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t005_race WHERE rec = :race1), 160, 'race1: all 160 calls ran');
SELECT pg_temp.t_eq((SELECT string_agg(result || '=' || n, ' ' ORDER BY result)
                       FROM (SELECT result, count(*) AS n FROM kc_t005_race WHERE rec = :race1 GROUP BY result) x),
                    'already=159 ok=1', 'race1: one ok, the rest already');
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :race1), 1, 'race1: exactly one ledger row');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE subject = 'record:' || :race1), 1, 'race1: no other payment');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :race1, 'approve'), 1, 'race1: one audit row');
SELECT pg_temp.t_eq(pg_temp.n_rounds(:race1, 'approved'), 1, 'race1: one round');
SELECT pg_temp.t_eq(pg_temp.n_notes(:race1, 'approved'), 1, 'race1: one notification');

-- Race 2: 160 approvals spread over 12 records.
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t005_race r JOIN kc_t005_race_recs x ON x.id = r.rec), 160,
                    'race2: all 160 calls ran');
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t005_race r JOIN kc_t005_race_recs x ON x.id = r.rec
                      WHERE r.result NOT IN ('ok', 'already')), 0, 'race2: only ok and already');
SELECT pg_temp.t_eq(count(*), 0, 'race2: per record, ok count = ledger rows = audit rows <= 1, published iff ok')
  FROM (SELECT x.id,
               (SELECT count(*) FROM kc_t005_race r WHERE r.rec = x.id AND r.result = 'ok') AS oks
          FROM kc_t005_race_recs x) s
 WHERE s.oks > 1
    OR s.oks <> pg_temp.n_ledger('contribution:' || s.id)
    OR s.oks <> pg_temp.n_audit('record', s.id, 'approve')
    OR (s.oks = 1) <> (pg_temp.state(s.id) = 'published');

-- Race 3: 160 takedowns/restores of one record.
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t005_race WHERE rec = :race3), 160, 'race3: all 160 calls ran');
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t005_race WHERE rec = :race3 AND result NOT IN ('ok', 'notfound')), 0,
                    'race3: only ok and notfound');
SELECT (SELECT count(*) FROM kc_t005_race WHERE rec = :race3 AND fn = 'takedown' AND result = 'ok') AS downs,
       (SELECT count(*) FROM kc_t005_race WHERE rec = :race3 AND fn = 'restore' AND result = 'ok') AS ups \gset
SELECT pg_temp.t_ok(:downs - :ups IN (0, 1), 'race3: takedowns and restores alternate');
SELECT pg_temp.t_eq(pg_temp.state(:race3), CASE WHEN :downs > :ups THEN 'taken_down' ELSE 'published' END,
                    'race3: state follows the last ok');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :race3, 'takedown'), :downs, 'race3: one audit row per ok takedown');
SELECT pg_temp.t_eq(pg_temp.n_audit('record', :race3, 'restore'), :ups, 'race3: one audit row per ok restore');
SELECT pg_temp.t_ok(pg_temp.n_ledger('restore:' || :race3) <= 1, 'race3: restore paid at most once');
SELECT pg_temp.t_ok(pg_temp.n_ledger('reverse:contribution:' || :race3) <= 1
                    AND pg_temp.n_ledger('reverse:restore:' || :race3) <= 1, 'race3: each reversal at most once');
SELECT pg_temp.t_eq((SELECT coalesce(sum(amount), 0)::bigint FROM points_ledger WHERE subject = 'record:' || :race3),
                    CASE WHEN :downs > :ups OR :downs >= 2 THEN 0 ELSE 70 END,
                    'race3: the record''s net points follow its state');

-- Race 4: 40 objections + 40 overturns of one refused record.
SELECT pg_temp.t_eq((SELECT string_agg(fn || ':' || result || '=' || n, ' ' ORDER BY fn, result)
                       FROM (SELECT fn, result, count(*) AS n FROM kc_t005_race WHERE rec = :race4
                              GROUP BY fn, result) x),
                    'objection:already=39 objection:ok=1 overturn:notfound=39 overturn:ok=1',
                    'race4: one objection, one overturn');
SELECT pg_temp.t_eq(pg_temp.n_ledger('contribution:' || :race4), 1, 'race4: paid once');
SELECT pg_temp.t_eq(pg_temp.state(:race4), 'published', 'race4: published');

SELECT pg_temp.t_balances('after the races');
DROP TABLE kc_t005_race, kc_t005_race_recs;

\echo 005 test: concurrency ok
\echo 005 test: ALL OK
