-- sql/t/006_community_test.sql -- exercises the community functions of 006
-- (sql/functions/community.sql, forum.sql, network.sql).
--
--   psql -X -v ON_ERROR_STOP=1 -f sql/t/006_community_test.sql
--
-- Any wrong result raises 'FAIL <what>: ...' and stops the script (exit 3).
-- Needs the migrations (the demo data may be loaded or not) and `pgbench` on
-- PATH (or in $PGBENCH) for the concurrency checks; pgbench gets psql's
-- connection (HOST, PORT, DBNAME, USER). Each run makes its own members and
-- records (e-mails kc006-<tag>-...@test.invalid) and COMMITS them (audit_log
-- rows are permanent by design), and marks mail_outbox rows of earlier runs
-- as sent: run it on a scratch or test database. Time windows (rate limits,
-- 24 hours, 15 minutes) are tested by moving created_at back; daily caps
-- assume the run does not cross midnight in Europe/Brussels.
\set ON_ERROR_STOP 1
-- The psql settings, assertions and helpers both scripts use.
\ir lib.sql

-- The norm_hash the C side computes (here: of the text as given).
CREATE FUNCTION pg_temp.h(p_text text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT encode(sha256(convert_to(p_text, 'UTF8')), 'hex') $$;

CREATE FUNCTION pg_temp.amount(p_key text) RETURNS bigint
LANGUAGE sql AS $$ SELECT amount FROM points_ledger WHERE award_key = p_key $$;
-- One ledger row under p_key: member, event, subject and amount as given.
CREATE FUNCTION pg_temp.t_paid(p_key text, p_member bigint, p_event text, p_subject text,
                               p_amount bigint, p_what text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    l points_ledger%ROWTYPE;
BEGIN
    PERFORM pg_temp.t_eq(pg_temp.n_ledger(p_key), 1, p_what || ': one ledger row ' || p_key);
    SELECT * INTO l FROM points_ledger WHERE award_key = p_key;
    PERFORM pg_temp.t_eq(l.member_id, p_member, p_what || ': paid to');
    PERFORM pg_temp.t_eq(l.event, p_event, p_what || ': event');
    PERFORM pg_temp.t_eq(l.subject, p_subject, p_what || ': subject');
    PERFORM pg_temp.t_eq(l.amount, p_amount, p_what || ': amount');
END
$$;
CREATE FUNCTION pg_temp.n_notes(p_member bigint, p_kind text) RETURNS bigint
LANGUAGE sql AS $$ SELECT count(*) FROM notifications WHERE member_id = p_member AND kind = p_kind $$;

-- ---------------------------------------------------------------------------
-- Fixtures
-- ---------------------------------------------------------------------------
SELECT 'kc006-' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS') AS tag \gset

SELECT pg_temp.mk_member(:'tag', 'author', 'member') AS author \gset
SELECT pg_temp.mk_member(:'tag', 'reader', 'member') AS reader \gset
SELECT pg_temp.mk_member(:'tag', 'other', 'member') AS other \gset
SELECT pg_temp.mk_member(:'tag', 'plain', 'member') AS plain \gset
SELECT pg_temp.mk_member(:'tag', 'flood', 'member') AS flood \gset
SELECT pg_temp.mk_member(:'tag', 'capper', 'member') AS capper \gset
SELECT pg_temp.mk_member(:'tag', 'asker', 'member') AS asker \gset
SELECT pg_temp.mk_member(:'tag', 'helper', 'member') AS helper \gset
SELECT pg_temp.mk_member(:'tag', 'org', 'organisation') AS org \gset
SELECT pg_temp.mk_member(:'tag', 'mod', 'moderator') AS mod \gset
SELECT pg_temp.mk_member(:'tag', 'gone', 'member') AS gone \gset
SELECT pg_temp.mk_member(:'tag', 'banned', 'member') AS banned \gset
SELECT kc_member_delete(:gone);
UPDATE members SET banned_until = now() + interval '1 day', ban_reason = 'test' WHERE id = :banned;

-- A published record of p_author (approved by p_mod: the author is paid its points).
CREATE FUNCTION pg_temp.mk_pub(p_author bigint, p_mod bigint, p_title text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    v_id := kc_contribution_create(p_author, 'site', p_title, 'Een beschrijving.', 'nl', 'by',
                                   'https://example.org/x', '{}', NULL, NULL, NULL, NULL, NULL, NULL);
    PERFORM pg_temp.t_eq(kc_moderate_approve(p_mod, v_id, NULL, NULL, NULL, NULL, NULL,
                                             (SELECT version FROM records WHERE id = v_id)), 'ok',
                         'fixture: approve ' || p_title);
    RETURN v_id;
END
$$;
SELECT pg_temp.mk_pub(:author, :mod, 'Breuken oefenen') AS rec \gset
SELECT pg_temp.mk_pub(:author, :mod, 'Klokkijken') AS rec2 \gset
SELECT pg_temp.mk_pub(:reader, :mod, 'Eigen werk van de lezer') AS rec_reader \gset
SELECT kc_contribution_create(:author, 'site', 'Nog niet gepubliceerd', '', 'nl', 'by', 'https://example.org/p',
                              '{}', NULL, NULL, NULL, NULL, NULL, NULL) AS recp \gset

-- Reading = an unlock row (cost 0 keeps the balances simple; kcdb check accepts it).
SELECT pg_temp.t_eq(kc_record_unlock(m, r, 0), 'unlocked', 'fixture: unlock')
  FROM (VALUES (:reader, :rec), (:reader, :rec2), (:other, :rec), (:flood, :rec),
               (:author, :rec_reader)) AS u(m, r);

\echo 006 test: fixtures ready (tag :tag)

-- ---------------------------------------------------------------------------
-- Schema
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_ok(pg_get_constraintdef(oid) LIKE '%approved%removed%reaction%answer%accepted%message%',
                    'notifications_kind_check has the new kinds')
  FROM pg_constraint WHERE conrelid = 'notifications'::regclass AND conname = 'notifications_kind_check';
SELECT pg_temp.t_eq((SELECT count(*) FROM pg_constraint
                      WHERE conrelid = 'notifications'::regclass AND contype = 'c'
                        AND pg_get_constraintdef(oid) LIKE '%kind%'), 1,
                    'exactly one kind CHECK on notifications');
SELECT pg_temp.t_raises(format('INSERT INTO notifications (member_id, kind) VALUES (%s, ''bogus'')', :reader),
                        '%notifications_kind_check%', 'schema: a kind outside the list raises');
SELECT pg_temp.t_eq((SELECT string_agg(code, ',' ORDER BY position) FROM forum_categories),
                    'afstandsonderwijs,digitale-tools,kleuter-lager,secundair,hoger-volwassenen,zorg,klasmanagement,vakinhoud',
                    'schema: forum categories');
SELECT pg_temp.t_eq((SELECT name_nl || ' / ' || name_en FROM forum_categories WHERE code = 'kleuter-lager'),
                    'Kleuter- en lager onderwijs / Nursery and primary', 'schema: category names');
SELECT pg_temp.t_eq((SELECT string_agg(code, ',' ORDER BY position) FROM provinces WHERE country = 'BE'),
                    'antwerpen,limburg,oost-vlaanderen,vlaams-brabant,west-vlaanderen,brussel', 'schema: BE provinces');
SELECT pg_temp.t_eq((SELECT string_agg(code, ',' ORDER BY position) FROM provinces WHERE country = 'NL'),
                    'drenthe,flevoland,friesland,gelderland,groningen,limburg-nl,noord-brabant,noord-holland,'
                    || 'overijssel,utrecht,zeeland,zuid-holland', 'schema: NL provinces');
SELECT pg_temp.t_raises('INSERT INTO reactions (record_id, member_id, body, norm_hash) VALUES (1, 1, ''x'', ''nohash'')',
                        '%reactions_norm_hash_check%', 'schema: norm_hash must be SHA-256 hex');

\echo 006 test: schema ok

-- ---------------------------------------------------------------------------
-- Reactions
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_reaction_add(:reader, 0, 'Hallo', pg_temp.h('hallo')), 'notfound', 'reaction: no record -> notfound');
SELECT pg_temp.t_eq(kc_reaction_add(:reader, :recp, 'Hallo', pg_temp.h('hallo')), 'notfound', 'reaction: pending -> notfound');
SELECT pg_temp.t_eq(kc_reaction_add(:plain, :rec, 'Hallo', pg_temp.h('hallo')), 'unread', 'reaction: not read -> unread');
SELECT pg_temp.t_raises(format('SELECT kc_reaction_add(%s, %s, ''x'', %L)', :gone, :rec, pg_temp.h('x')),
                        '%does not exist, is deleted or banned%', 'reaction: deleted member raises');
SELECT pg_temp.t_eq((SELECT count(*) FROM reactions WHERE record_id = :rec), 0, 'reaction: refusals write nothing');

-- Short: 10 points, notification for the author.
SELECT pg_temp.balance(:reader) AS bal_reader \gset
SELECT pg_temp.t_id(kc_reaction_add(:reader, :rec, 'Mooi werk, bedankt!', pg_temp.h('mooi werk bedankt')),
                    'reaction: short ok') AS re1 \gset
SELECT pg_temp.t_paid('reaction:' || :re1, :reader, 'reaction', 'record:' || :rec, 10, 'reaction: short');
SELECT pg_temp.t_eq(pg_temp.balance(:reader), :bal_reader + 10, 'reaction: balance +10');
SELECT pg_temp.t_eq(record_id, :rec, 'reaction: record'),
       pg_temp.t_eq(member_id, :reader, 'reaction: member'),
       pg_temp.t_eq(body, 'Mooi werk, bedankt!', 'reaction: body'),
       pg_temp.t_ok(edited_at IS NULL AND deleted_at IS NULL, 'reaction: not edited, not deleted')
  FROM reactions WHERE id = :re1;
SELECT pg_temp.t_eq(pg_temp.n_notes(:author, 'reaction'), 1, 'reaction: one notification for the author');
SELECT pg_temp.t_eq((SELECT record_id FROM notifications WHERE member_id = :author AND kind = 'reaction'), :rec,
                    'reaction: notification names the record');

-- Long (>= 200 characters): 20 points. 199 characters: 10.
SELECT pg_temp.t_id(kc_reaction_add(:reader, :rec2, repeat('a', 199), pg_temp.h('a199')), 'reaction: 199 chars') AS re199 \gset
SELECT pg_temp.t_eq(pg_temp.amount('reaction:' || :re199), 10, 'reaction: 199 characters -> 10');
SELECT pg_temp.t_id(kc_reaction_add(:reader, :rec2, repeat('é', 200), pg_temp.h('e200')), 'reaction: 200 chars') AS re200 \gset
SELECT pg_temp.t_eq(pg_temp.amount('reaction:' || :re200), 20, 'reaction: 200 characters (not bytes) -> 20');

-- Own record: no points, no notification. A moderator needs no unlock.
SELECT pg_temp.t_id(kc_reaction_add(:author, :rec, 'Graag gedaan.', pg_temp.h('graag gedaan')), 'reaction: own') AS re_own \gset
SELECT pg_temp.t_eq(pg_temp.n_ledger('reaction:' || :re_own), 0, 'reaction: own record -> no points');
SELECT pg_temp.t_eq(pg_temp.n_notes(:author, 'reaction'), 3, 'reaction: own record -> no notification');
SELECT pg_temp.t_id(kc_reaction_add(:mod, :rec, 'Opmerking van de moderator.', pg_temp.h('moderator opmerking')),
                    'reaction: moderator without unlock') AS re_mod \gset
SELECT pg_temp.t_eq(pg_temp.amount('reaction:' || :re_mod), 10, 'reaction: moderator paid like anyone');
SELECT pg_temp.t_eq(pg_temp.n_notes(:reader, 'reaction'), 0, 'reaction: no notification for the reactor');

-- Duplicates: same member + same hash in 24 hours, live rows, any kind of post.
SELECT pg_temp.t_eq(kc_reaction_add(:reader, :rec2, 'Mooi werk bedankt', pg_temp.h('mooi werk bedankt')),
                    'duplicate', 'reaction: same text on another record -> duplicate');
SELECT pg_temp.t_ok(kc_reaction_add(:other, :rec, 'Mooi werk bedankt', pg_temp.h('mooi werk bedankt')) ~ '^ok:',
                    'reaction: same text by another member -> ok');
SELECT pg_temp.t_eq(kc_message_send(:reader, :author, 'Mooi werk bedankt', pg_temp.h('mooi werk bedankt')),
                    'duplicate', 'duplicate: a message repeating a reaction -> duplicate');
UPDATE reactions SET created_at = now() - interval '24 hours 1 minute' WHERE id = :re1;
SELECT pg_temp.t_ok(kc_reaction_add(:reader, :rec2, 'Mooi werk bedankt', pg_temp.h('mooi werk bedankt')) ~ '^ok:',
                    'reaction: same text after 24 hours -> ok');

-- Edit: own, within 15 minutes; points unchanged.
SELECT pg_temp.t_id(kc_reaction_add(:reader, :rec, 'Eerste versie.', pg_temp.h('eerste versie')), 'reaction: to edit') AS re_e \gset
SELECT pg_temp.t_eq(kc_reaction_edit(:other, :re_e, 'x', pg_temp.h('x')), 'notfound', 'edit: not own -> notfound');
SELECT pg_temp.t_eq(kc_reaction_edit(:reader, 0, 'x', pg_temp.h('x')), 'notfound', 'edit: no reaction -> notfound');
SELECT pg_temp.t_eq(kc_reaction_edit(:reader, :re_e, 'Mooi werk bedankt', pg_temp.h('mooi werk bedankt')),
                    'duplicate', 'edit: text of another own post -> duplicate');
SELECT pg_temp.t_eq(kc_reaction_edit(:reader, :re_e, 'Eerste versie!', pg_temp.h('eerste versie')),
                    'ok', 'edit: same hash as itself -> ok');
SELECT pg_temp.t_eq(kc_reaction_edit(:reader, :re_e, 'Tweede, langere versie.', pg_temp.h('tweede langere versie')),
                    'ok', 'edit: ok');
SELECT pg_temp.t_eq(body, 'Tweede, langere versie.', 'edit: body'),
       pg_temp.t_eq(norm_hash, pg_temp.h('tweede langere versie'), 'edit: norm_hash'),
       pg_temp.t_ok(edited_at IS NOT NULL, 'edit: edited_at')
  FROM reactions WHERE id = :re_e;
SELECT pg_temp.t_paid('reaction:' || :re_e, :reader, 'reaction', 'record:' || :rec, 10, 'edit: points unchanged');
UPDATE reactions SET created_at = now() - interval '16 minutes' WHERE id = :re_e;
SELECT pg_temp.t_eq(kc_reaction_edit(:reader, :re_e, 'Te laat.', pg_temp.h('te laat')), 'late', 'edit: after 15 minutes -> late');
UPDATE reactions SET created_at = now() - interval '14 minutes' WHERE id = :re_e;
SELECT pg_temp.t_eq(kc_reaction_edit(:reader, :re_e, 'Net op tijd.', pg_temp.h('net op tijd')), 'ok', 'edit: at 14 minutes -> ok');

-- Delete: hidden, points taken back (keyed).
SELECT pg_temp.balance(:reader) AS bal_reader \gset
SELECT pg_temp.t_eq(kc_reaction_delete(:other, :re_e), 'notfound', 'delete: not own -> notfound');
SELECT pg_temp.t_eq(kc_reaction_delete(:reader, :re_e), 'ok', 'delete: ok');
SELECT pg_temp.t_ok(deleted_at IS NOT NULL AND removed_by IS NULL, 'delete: deleted_at, no removed_by')
  FROM reactions WHERE id = :re_e;
SELECT pg_temp.t_paid('reverse:reaction:' || :re_e, :reader, 'reaction', 'record:' || :rec, -10, 'delete: reversal');
SELECT pg_temp.t_eq(pg_temp.balance(:reader), :bal_reader - 10, 'delete: balance -10');
SELECT pg_temp.t_eq(kc_reaction_delete(:reader, :re_e), 'notfound', 'delete: twice -> notfound');
SELECT pg_temp.t_eq(kc_reaction_edit(:reader, :re_e, 'Na verwijderen.', pg_temp.h('na verwijderen')), 'notfound',
                    'edit: deleted -> notfound');
SELECT pg_temp.t_eq(pg_temp.n_ledger('reverse:reaction:' || :re_e), 1, 'delete: reversed once');
SELECT pg_temp.t_ok(kc_reaction_add(:reader, :rec, 'Net op tijd.', pg_temp.h('net op tijd')) ~ '^ok:',
                    'duplicate: the text of a deleted post may be posted again');
SELECT pg_temp.t_eq(kc_reaction_delete(:author, :re_own), 'ok', 'delete: unpaid reaction -> ok');
SELECT pg_temp.t_eq(pg_temp.n_ledger('reverse:reaction:' || :re_own), 0, 'delete: nothing to take back');

-- Rate limit (10 per hour, deleted ones count) and the daily cap (10 paid per day).
SELECT pg_temp.t_eq((SELECT daily_cap FROM point_rules WHERE event = 'reaction'), 10, 'rule: reaction daily cap');
SELECT pg_temp.t_eq(count(*), 10, 'flood: 10 reactions ok')
  FROM generate_series(1, 10) AS i
 WHERE kc_reaction_add(:flood, :rec, 'Reactie nummer ' || i, pg_temp.h('reactie ' || i)) ~ '^ok:';
SELECT pg_temp.t_eq(kc_reaction_add(:flood, :rec, 'Nummer elf', pg_temp.h('reactie 11')), 'ratelimit',
                    'flood: 11th in an hour -> ratelimit');
SELECT pg_temp.t_eq((SELECT count(*) FROM reactions WHERE member_id = :flood), 10, 'flood: nothing written');
SELECT pg_temp.t_eq(kc_reaction_delete(:flood, (SELECT max(id) FROM reactions WHERE member_id = :flood)), 'ok',
                    'flood: delete one');
SELECT pg_temp.t_eq(kc_reaction_add(:flood, :rec, 'Nummer elf', pg_temp.h('reactie 11')), 'ratelimit',
                    'flood: deleted reactions still count');
UPDATE reactions SET created_at = now() - interval '61 minutes' WHERE member_id = :flood;
SELECT pg_temp.t_id(kc_reaction_add(:flood, :rec, 'Nummer elf', pg_temp.h('reactie 11')),
                    'flood: an hour later -> ok') AS re_cap \gset
SELECT pg_temp.t_eq(pg_temp.n_ledger('reaction:' || :re_cap), 1, 'cap: the key is used');
SELECT pg_temp.t_eq(amount, 0, 'cap: 11th reaction of the day pays 0'),
       pg_temp.t_eq(note, 'daily cap reached', 'cap: note')
  FROM points_ledger WHERE award_key = 'reaction:' || :re_cap;
SELECT pg_temp.t_eq((SELECT sum(amount)::bigint FROM points_ledger WHERE member_id = :flood AND event = 'reaction'),
                    9 * 10, 'cap: 10 paid, one taken back');
SELECT pg_temp.t_eq(kc_reaction_delete(:flood, :re_cap), 'ok', 'cap: delete the unpaid one');
SELECT pg_temp.t_eq(pg_temp.n_ledger('reverse:reaction:' || :re_cap), 0, 'cap: nothing taken back');

\echo 006 test: reactions ok

-- ---------------------------------------------------------------------------
-- Ratings
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_rating_set(:reader, 0, 4, ''), 'notfound', 'rating: no record -> notfound');
SELECT pg_temp.t_eq(kc_rating_set(:reader, :recp, 4, ''), 'notfound', 'rating: pending -> notfound');
SELECT pg_temp.t_eq(kc_rating_set(:author, :rec, 5, ''), 'own', 'rating: own record -> own');
SELECT pg_temp.t_raises(format('SELECT kc_rating_set(%s, %s, 6, '''')', :reader, :rec),
                        '%ratings_stars_check%', 'rating: 6 stars raises');
SELECT pg_temp.t_raises(format('SELECT kc_rating_set(%s, %s, 0, '''')', :reader, :rec),
                        '%ratings_stars_check%', 'rating: 0 stars raises');
SELECT pg_temp.t_raises(format('SELECT kc_rating_set(%s, %s, 3, %L)', :reader, :rec, repeat('x', 2001)),
                        '%ratings_explanation_check%', 'rating: explanation > 2000 raises');
SELECT pg_temp.t_eq(rating_sum, 0, 'rating: errors change nothing (sum)'),
       pg_temp.t_eq(rating_count, 0, 'rating: errors change nothing (count)')
  FROM records WHERE id = :rec;

SELECT pg_temp.t_eq(kc_rating_set(:reader, :rec, 4, NULL), 'ok', 'rating: ok');
SELECT pg_temp.t_paid('rating:' || :rec || ':' || :reader, :reader, 'rating', 'record:' || :rec, 5,
                      'rating: no explanation');
SELECT pg_temp.t_eq(rating_sum, 4, 'rating: sum'), pg_temp.t_eq(rating_count, 1, 'rating: count')
  FROM records WHERE id = :rec;
SELECT pg_temp.t_eq(explanation, '', 'rating: NULL explanation stored as empty') FROM ratings
 WHERE record_id = :rec AND member_id = :reader;
SELECT pg_temp.t_eq(kc_rating_set(:reader, :rec, 2, 'Toch minder bruikbaar dan gedacht.'), 'ok', 'rating: change');
SELECT pg_temp.t_eq(rating_sum, 2, 'rating: change -> sum by delta'),
       pg_temp.t_eq(rating_count, 1, 'rating: change -> same count')
  FROM records WHERE id = :rec;
SELECT pg_temp.t_eq(stars, 2, 'rating: stars changed'),
       pg_temp.t_eq(explanation, 'Toch minder bruikbaar dan gedacht.', 'rating: explanation changed'),
       pg_temp.t_ok(updated_at >= created_at, 'rating: updated_at')
  FROM ratings WHERE record_id = :rec AND member_id = :reader;
SELECT pg_temp.t_paid('rating:' || :rec || ':' || :reader, :reader, 'rating', 'record:' || :rec, 5,
                      'rating: a change never pays again');
SELECT pg_temp.t_eq(kc_rating_set(:other, :rec, 5, repeat('z', 20)), 'ok', 'rating: 20-character explanation');
SELECT pg_temp.t_eq(pg_temp.amount('rating:' || :rec || ':' || :other), 10, 'rating: explanation >= 20 -> 10');
SELECT pg_temp.t_eq(kc_rating_set(:flood, :rec, 5, repeat('z', 19)), 'ok', 'rating: 19-character explanation');
SELECT pg_temp.t_eq(pg_temp.amount('rating:' || :rec || ':' || :flood), 5, 'rating: explanation of 19 -> 5');
SELECT pg_temp.t_eq(rating_sum, 12, 'rating: sum of three'), pg_temp.t_eq(rating_count, 3, 'rating: count of three')
  FROM records WHERE id = :rec;

-- Nice scores: +20 for the author per block of 5 scores >= 3 from distinct members.
CREATE TEMP TABLE t_raters AS
SELECT n, pg_temp.mk_member(:'tag', 'rater' || n, 'member') AS id FROM generate_series(1, 12) AS n;
SELECT pg_temp.mk_pub(:author, :mod, 'Mooie scores') AS recn \gset
SELECT pg_temp.t_eq(count(*), 4, 'nice: four scores >= 3')
  FROM t_raters WHERE n <= 4 AND kc_rating_set(id, :recn, 3 + n % 3, '') = 'ok';
SELECT pg_temp.t_eq(kc_rating_set((SELECT id FROM t_raters WHERE n = 11), :recn, 2, ''), 'ok', 'nice: a 2-star score');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE award_key LIKE 'nice:' || :recn || ':%'), 0,
                    'nice: 4 good scores + one of 2 stars -> no block');
SELECT pg_temp.balance(:author) AS bal_author \gset
SELECT pg_temp.t_eq(kc_rating_set((SELECT id FROM t_raters WHERE n = 5), :recn, 3, ''), 'ok', 'nice: fifth good score');
SELECT pg_temp.t_paid('nice:' || :recn || ':1', :author, 'nice_scores', 'record:' || :recn, 20, 'nice: block 1');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal_author + 20, 'nice: author +20');
SELECT pg_temp.t_eq(count(*), 4, 'nice: four more')
  FROM t_raters WHERE n BETWEEN 6 AND 9 AND kc_rating_set(id, :recn, 4, '') = 'ok';
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE award_key LIKE 'nice:' || :recn || ':%'), 1,
                    'nice: 9 good scores -> still one block');
SELECT pg_temp.t_eq(kc_rating_set((SELECT id FROM t_raters WHERE n = 10), :recn, 5, ''), 'ok', 'nice: tenth good score');
SELECT pg_temp.t_paid('nice:' || :recn || ':2', :author, 'nice_scores', 'record:' || :recn, 20, 'nice: block 2');
-- Re-rating never pays a block twice: 10 -> 9 -> 10 good scores.
SELECT pg_temp.t_eq(kc_rating_set((SELECT id FROM t_raters WHERE n = 1), :recn, 1, ''), 'ok', 'nice: a rater lowers to 1');
SELECT pg_temp.t_eq(kc_rating_set((SELECT id FROM t_raters WHERE n = 1), :recn, 5, ''), 'ok', 'nice: and back to 5');
SELECT pg_temp.t_eq(kc_rating_set((SELECT id FROM t_raters WHERE n = 11), :recn, 4, ''), 'ok', 'nice: the 2-star rater raises');
SELECT pg_temp.t_eq(kc_rating_set((SELECT id FROM t_raters WHERE n = 10), :recn, 5, 'Echt een aanrader voor de klas.'),
                    'ok', 'nice: the tenth rates again');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE award_key LIKE 'nice:' || :recn || ':%'), 2,
                    'nice: 11 good scores after re-rating -> still two blocks, each once');
SELECT pg_temp.t_eq(pg_temp.balance(:author), :bal_author + 40, 'nice: author +40 in all');
SELECT pg_temp.t_eq(pg_temp.amount('rating:' || :recn || ':' || (SELECT id FROM t_raters WHERE n = 10)), 5,
                    'nice: the later explanation did not pay again');
SELECT pg_temp.t_eq(r.rating_sum, (SELECT sum(stars) FROM ratings WHERE record_id = :recn), 'nice: rating_sum exact'),
       pg_temp.t_eq(r.rating_count, 11, 'nice: rating_count exact')
  FROM records r WHERE r.id = :recn;
SELECT pg_temp.t_eq(kc_rating_set((SELECT id FROM t_raters WHERE n = 12), :recn, 3, ''), 'ok', 'nice: 12th score');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE award_key LIKE 'nice:' || :recn || ':%'), 2,
                    'nice: 12 good scores -> two blocks');

-- Daily cap of 'rating' (20 paid per day).
SELECT pg_temp.t_eq((SELECT daily_cap FROM point_rules WHERE event = 'rating'), 20, 'rule: rating daily cap');
CREATE TEMP TABLE t_caprecs AS
SELECT n, pg_temp.mk_pub(:author, :mod, 'Capbron ' || n) AS id FROM generate_series(1, 21) AS n;
SELECT pg_temp.t_eq(count(*), 21, 'cap: 21 ratings ok')
  FROM (SELECT kc_rating_set(:capper, id, 4, '') AS res FROM t_caprecs ORDER BY n) x WHERE res = 'ok';
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger
                      WHERE member_id = :capper AND event = 'rating' AND amount = 5), 20, 'cap: 20 ratings paid');
SELECT pg_temp.t_eq(amount, 0, 'cap: 21st rating pays 0'), pg_temp.t_eq(note, 'daily cap reached', 'cap: rating note')
  FROM points_ledger WHERE award_key = 'rating:' || (SELECT id FROM t_caprecs WHERE n = 21) || ':' || :capper;

\echo 006 test: ratings ok

-- ---------------------------------------------------------------------------
-- Favourites
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_favourite_set(:reader, :rec, true), 'ok', 'favourite: add');
SELECT pg_temp.t_eq(kc_favourite_set(:reader, :rec, true), 'ok', 'favourite: add twice');
SELECT pg_temp.t_eq((SELECT count(*) FROM favourites WHERE member_id = :reader), 1, 'favourite: one row');
SELECT pg_temp.t_eq(kc_favourite_set(:reader, :recp, true), 'notfound', 'favourite: pending -> notfound');
SELECT pg_temp.t_eq(kc_favourite_set(:reader, 0, true), 'notfound', 'favourite: no record -> notfound');
SELECT pg_temp.t_eq(kc_favourite_set(:reader, :rec2, false), 'ok', 'favourite: remove one never saved -> ok');
SELECT pg_temp.t_eq(kc_favourite_set(:reader, :recp, false), 'ok', 'favourite: remove of an unpublished record -> ok');
SELECT pg_temp.t_eq(kc_favourite_set(:reader, 0, false), 'notfound', 'favourite: remove, no record -> notfound');
SELECT pg_temp.t_eq(kc_favourite_set(:reader, :rec, false), 'ok', 'favourite: remove');
SELECT pg_temp.t_eq((SELECT count(*) FROM favourites WHERE member_id = :reader), 0, 'favourite: removed');

\echo 006 test: favourites ok

-- ---------------------------------------------------------------------------
-- Recommendations and the outbox
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_recommend(:reader, 0, 'a@example.org', 's', 'b'), 'notfound', 'recommend: no record -> notfound');
SELECT pg_temp.t_eq(kc_recommend(:reader, :recp, 'a@example.org', 's', 'b'), 'notfound', 'recommend: pending -> notfound');
SELECT pg_temp.t_id(kc_recommend(:reader, :rec, 'Collega@Example.org', 'Tip: Breuken oefenen',
                                 'Bekijk dit: http://localhost/records/' || :rec), 'recommend: ok') AS mail1 \gset
SELECT pg_temp.t_eq(member_id, :reader, 'outbox: member'),
       pg_temp.t_eq(to_address, 'Collega@Example.org', 'outbox: address as given'),
       pg_temp.t_eq(subject, 'Tip: Breuken oefenen', 'outbox: subject'),
       pg_temp.t_eq(body, 'Bekijk dit: http://localhost/records/' || :rec, 'outbox: body'),
       pg_temp.t_ok(sent_at IS NULL AND attempts = 0 AND last_error IS NULL, 'outbox: unsent')
  FROM mail_outbox WHERE id = :mail1;
SELECT pg_temp.t_paid('recommend:' || :reader || ':' || :rec || ':collega@example.org', :reader, 'recommend',
                      'record:' || :rec, 5, 'recommend: paid 5, key with lower(email)');
SELECT pg_temp.t_id(kc_recommend(:reader, :rec, 'COLLEGA@example.org', 'Nog eens', 'b'), 'recommend: again') AS mail2 \gset
SELECT pg_temp.t_ok(:mail2 > :mail1, 'recommend: again -> a new outbox row');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE member_id = :reader AND event = 'recommend'), 1,
                    'recommend: same record + address (any case) pays once');
SELECT pg_temp.t_id(kc_recommend(:reader, :rec, 'ander@example.org', 's', 'b'), 'recommend: other address') AS mail3 \gset
SELECT pg_temp.t_eq(pg_temp.amount('recommend:' || :reader || ':' || :rec || ':ander@example.org'), 5,
                    'recommend: another address pays');
-- Rate limit 10 per 24 hours; daily cap 10 paid per day.
SELECT pg_temp.t_eq((SELECT daily_cap FROM point_rules WHERE event = 'recommend'), 10, 'rule: recommend daily cap');
SELECT pg_temp.t_eq(count(*), 7, 'recommend: up to 10')
  FROM generate_series(4, 10) AS i
 WHERE kc_recommend(:reader, :rec, 'adres' || i || '@example.org', 's', 'b') ~ '^ok:';
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE member_id = :reader AND event = 'recommend' AND amount = 5),
                    9, 'recommend: 9 addresses paid (one repeated)');
SELECT pg_temp.t_eq(kc_recommend(:reader, :rec, 'elf@example.org', 's', 'b'), 'ratelimit', 'recommend: 11th -> ratelimit');
SELECT pg_temp.t_eq((SELECT count(*) FROM mail_outbox WHERE member_id = :reader), 10, 'recommend: ratelimit writes nothing');
UPDATE mail_outbox SET created_at = now() - interval '23 hours' WHERE member_id = :reader;
SELECT pg_temp.t_eq(kc_recommend(:reader, :rec, 'elf@example.org', 's', 'b'), 'ratelimit', 'recommend: 23 hours later -> still');
UPDATE mail_outbox SET created_at = now() - interval '24 hours 1 minute' WHERE member_id = :reader;
SELECT pg_temp.t_id(kc_recommend(:reader, :rec, 'elf@example.org', 's', 'b'), 'recommend: 24 hours later') AS mail11 \gset
SELECT pg_temp.t_eq(pg_temp.amount('recommend:' || :reader || ':' || :rec || ':elf@example.org'), 5,
                    'recommend: 10th paid today');
SELECT pg_temp.t_id(kc_recommend(:reader, :rec2, 'twaalf@example.org', 's', 'b'), 'recommend: 11th paid today') AS mail12 \gset
SELECT pg_temp.t_eq(amount, 0, 'recommend: 11th of the day pays 0'), pg_temp.t_eq(note, 'daily cap reached', 'recommend: cap note')
  FROM points_ledger WHERE award_key = 'recommend:' || :reader || ':' || :rec2 || ':twaalf@example.org';

-- The outbox: only this run's mail is unsent from here on.
UPDATE mail_outbox SET sent_at = now() WHERE sent_at IS NULL AND (member_id IS DISTINCT FROM :reader);
CREATE TEMP TABLE t_claim1 AS SELECT row_number() OVER () AS n, c.* FROM kc_outbox_claim(5) c;
SELECT pg_temp.t_eq((SELECT count(*) FROM t_claim1), 5, 'claim: 5 of 12');
SELECT pg_temp.t_eq((SELECT string_agg(id::text, ',' ORDER BY n) FROM t_claim1),
                    (SELECT string_agg(id::text, ',' ORDER BY created_at, id)
                       FROM (SELECT id, created_at FROM mail_outbox WHERE member_id = :reader
                              ORDER BY created_at, id LIMIT 5) x),
                    'claim: oldest first');
SELECT pg_temp.t_eq(to_address, 'Collega@Example.org', 'claim: returns the address'),
       pg_temp.t_eq(subject, 'Tip: Breuken oefenen', 'claim: returns the subject'),
       pg_temp.t_eq(body, 'Bekijk dit: http://localhost/records/' || :rec, 'claim: returns the body')
  FROM t_claim1 WHERE id = :mail1;
SELECT pg_temp.t_eq((SELECT count(*) FROM mail_outbox o JOIN t_claim1 c ON c.id = o.id
                      WHERE o.attempts = 1 AND o.claimed_at IS NOT NULL), 5, 'claim: attempts counted');
CREATE TEMP TABLE t_claim2 AS SELECT * FROM kc_outbox_claim(100);
SELECT pg_temp.t_eq((SELECT count(*) FROM t_claim2), 7, 'claim: the other 7');
SELECT pg_temp.t_eq((SELECT count(*) FROM t_claim2 WHERE id IN (SELECT id FROM t_claim1)), 0,
                    'claim: a claimed mail is not handed out again');
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_outbox_claim(100)), 0, 'claim: nothing left');
SELECT kc_outbox_done(:mail1, NULL);
SELECT kc_outbox_done(:mail2, 'sendmail exited with status 75');
SELECT pg_temp.t_ok(sent_at IS NOT NULL AND last_error IS NULL AND claimed_at IS NULL, 'done: sent')
  FROM mail_outbox WHERE id = :mail1;
SELECT pg_temp.t_ok(sent_at IS NULL AND last_error = 'sendmail exited with status 75' AND claimed_at IS NULL,
                    'done: failed, error kept') FROM mail_outbox WHERE id = :mail2;
SELECT kc_outbox_done(:mail1, 'too late');
SELECT pg_temp.t_ok(sent_at IS NOT NULL AND last_error IS NULL, 'done: a sent mail stays sent') FROM mail_outbox WHERE id = :mail1;
SELECT pg_temp.t_ok(next_attempt_at BETWEEN now() + interval '50 seconds' AND now() + interval '70 seconds'
                    AND failed_at IS NULL, 'done: failed once -> next attempt in a minute')
  FROM mail_outbox WHERE id = :mail2;
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_outbox_claim(100)), 0, 'claim: a failed mail waits for its next attempt');
UPDATE mail_outbox SET next_attempt_at = now() WHERE id = :mail2;
SELECT pg_temp.t_eq((SELECT string_agg(id::text, ',') FROM kc_outbox_claim(100)), :'mail2', 'claim: a failed mail is tried again');
SELECT pg_temp.t_eq((SELECT attempts FROM mail_outbox WHERE id = :mail2), 2, 'claim: second attempt');
UPDATE mail_outbox SET claimed_at = now() - interval '11 minutes' WHERE id = :mail3;
SELECT pg_temp.t_eq((SELECT string_agg(id::text, ',') FROM kc_outbox_claim(100)), :'mail3',
                    'claim: a claim older than 10 minutes (a crashed sender) is handed out again');
UPDATE mail_outbox SET attempts = 5, claimed_at = NULL WHERE id = :mail3;
SELECT kc_outbox_done(:mail2, 'again');
SELECT pg_temp.t_ok(next_attempt_at BETWEEN now() + interval '230 seconds' AND now() + interval '250 seconds',
                    'done: failed twice -> next attempt in four minutes')
  FROM mail_outbox WHERE id = :mail2;
UPDATE mail_outbox SET attempts = 4, next_attempt_at = now() WHERE id = :mail2;
SELECT pg_temp.t_eq((SELECT string_agg(id::text, ',') FROM kc_outbox_claim(100)), :'mail2',
                    'claim: attempts 4 -> fifth try; attempts 5 -> never again');
SELECT kc_outbox_done(:mail2, 'given up');
SELECT pg_temp.t_ok(failed_at IS NOT NULL AND next_attempt_at IS NULL AND sent_at IS NULL,
                    'done: failed the fifth time -> given up (failed_at)') FROM mail_outbox WHERE id = :mail2;
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_outbox_claim(100)), 0, 'claim: 5 attempts -> not claimed');
UPDATE mail_outbox SET sent_at = now() WHERE sent_at IS NULL;

\echo 006 test: recommendations and outbox ok

-- ---------------------------------------------------------------------------
-- Forum: topics
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_forum_topic_add(:asker, 'bestaat-niet', 'Een vraag', repeat('b', 20), pg_temp.h('q0')),
                    'category', 'topic: unknown category -> category');
SELECT pg_temp.t_raises(format('SELECT kc_forum_topic_add(%s, ''secundair'', ''Kort'', %L, %L)', :asker, repeat('b', 20), pg_temp.h('q0')),
                        '%forum_topics_title_check%', 'topic: title of 4 characters raises');
SELECT pg_temp.t_raises(format('SELECT kc_forum_topic_add(%s, ''secundair'', ''Lange titel'', %L, %L)', :asker, repeat('b', 19), pg_temp.h('q0')),
                        '%forum_topics_body_check%', 'topic: body of 19 characters raises');
SELECT pg_temp.t_id(kc_forum_topic_add(:asker, 'kleuter-lager', 'Breuken in het vierde leerjaar',
                                       'Hoe leren jullie breuken aan met concreet materiaal? Ik zoek ideeën.',
                                       pg_temp.h('q1')), 'topic: ok') AS top1 \gset
SELECT pg_temp.t_paid('forum_post:topic:' || :top1, :asker, 'forum_post', 'topic:' || :top1, 20, 'topic: short body');
SELECT pg_temp.t_eq(category_id, (SELECT id FROM forum_categories WHERE code = 'kleuter-lager'), 'topic: category'),
       pg_temp.t_eq(member_id, :asker, 'topic: member'),
       pg_temp.t_ok(accepted_post_id IS NULL AND deleted_at IS NULL, 'topic: open'),
       pg_temp.t_ok(search_vector @@ kc_tsquery('breuken materiaal'), 'topic: search_vector (title + body)'),
       pg_temp.t_ok(search_vector @@ kc_tsquery('leerjaar'), 'topic: search_vector stems Dutch')
  FROM forum_topics WHERE id = :top1;
SELECT pg_temp.t_id(kc_forum_topic_add(:asker, 'vakinhoud', 'Een lange vraag', repeat('Lang verhaal. ', 36),
                                       pg_temp.h('q2')), 'topic: long') AS top2 \gset
SELECT pg_temp.t_eq(pg_temp.amount('forum_post:topic:' || :top2), 40, 'topic: body >= 500 characters -> 40');
SELECT pg_temp.t_eq(kc_forum_topic_add(:asker, 'vakinhoud', 'Nog eens', repeat('Lang verhaal. ', 36), pg_temp.h('q2')),
                    'duplicate', 'topic: same text -> duplicate');
UPDATE forum_topics SET title = 'Tellen met blokjes' WHERE id = :top1;
SELECT pg_temp.t_ok(search_vector @@ kc_tsquery('blokjes') AND NOT search_vector @@ kc_tsquery('leerjaar'),
                    'topic: search_vector follows the title') FROM forum_topics WHERE id = :top1;

-- Rate limit 5 per hour; daily cap of forum_post is 5.
SELECT pg_temp.t_eq((SELECT daily_cap FROM point_rules WHERE event = 'forum_post'), 5, 'rule: forum_post daily cap');
SELECT pg_temp.t_eq(count(*), 5, 'topic flood: 5 ok')
  FROM generate_series(1, 5) AS i
 WHERE kc_forum_topic_add(:flood, 'zorg', 'Vraag nummer ' || i, 'Een vraag met genoeg tekst nummer ' || i,
                          pg_temp.h('topic ' || i)) ~ '^ok:';
SELECT pg_temp.t_eq(kc_forum_topic_add(:flood, 'zorg', 'Vraag zes', 'Een vraag met genoeg tekst nummer 6', pg_temp.h('topic 6')),
                    'ratelimit', 'topic flood: 6th in an hour -> ratelimit');
UPDATE forum_topics SET created_at = now() - interval '61 minutes' WHERE member_id = :flood;
SELECT pg_temp.t_id(kc_forum_topic_add(:flood, 'zorg', 'Vraag zes', 'Een vraag met genoeg tekst nummer 6',
                                       pg_temp.h('topic 6')), 'topic flood: an hour later') AS top_cap \gset
SELECT pg_temp.t_eq(amount, 0, 'topic cap: 6th topic of the day pays 0'), pg_temp.t_eq(note, 'daily cap reached', 'topic cap: note')
  FROM points_ledger WHERE award_key = 'forum_post:topic:' || :top_cap;

\echo 006 test: forum topics ok

-- ---------------------------------------------------------------------------
-- Forum: answers, thumbs, accept
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_forum_answer_add(:helper, 0, 'Antwoord', pg_temp.h('a0')), 'notfound', 'answer: no topic -> notfound');
SELECT pg_temp.t_id(kc_forum_answer_add(:helper, :top1, 'Gebruik breukenstokken!', pg_temp.h('a1')), 'answer: ok') AS p1 \gset
SELECT pg_temp.t_paid('forum_reaction:' || :p1, :helper, 'forum_reaction', 'topic:' || :top1, 10, 'answer: short');
SELECT pg_temp.t_eq(pg_temp.n_notes(:asker, 'answer'), 1, 'answer: the asker is notified');
SELECT pg_temp.t_eq((SELECT topic_id FROM notifications WHERE member_id = :asker AND kind = 'answer'), :top1,
                    'answer: notification names the topic');
SELECT pg_temp.t_id(kc_forum_answer_add(:other, :top1, repeat('Uitgebreid antwoord. ', 15), pg_temp.h('a2')),
                    'answer: long') AS p2 \gset
SELECT pg_temp.t_eq(pg_temp.amount('forum_reaction:' || :p2), 20, 'answer: >= 300 characters -> 20');
SELECT pg_temp.t_id(kc_forum_answer_add(:asker, :top1, 'Bedankt allemaal, ik probeer het.', pg_temp.h('a3')),
                    'answer: on own topic') AS p3 \gset
SELECT pg_temp.t_eq(pg_temp.n_ledger('forum_reaction:' || :p3), 0, 'answer: own topic -> no points');
SELECT pg_temp.t_eq(pg_temp.n_notes(:asker, 'answer'), 2, 'answer: own topic -> no notification');
SELECT pg_temp.t_eq(kc_forum_answer_add(:helper, :top2, 'Gebruik breukenstokken!', pg_temp.h('a1')), 'duplicate',
                    'answer: same text in another topic -> duplicate');
SELECT pg_temp.t_eq(kc_reaction_add(:helper, :rec, 'x', pg_temp.h('a1')), 'unread', 'reaction: unread is decided before duplicate');

-- Rate limit 20 answers per hour; the daily cap of forum_reaction (10) within it.
SELECT pg_temp.t_eq((SELECT daily_cap FROM point_rules WHERE event = 'forum_reaction'), 10, 'rule: forum_reaction daily cap');
SELECT pg_temp.t_eq(count(*), 20, 'answer flood: 20 ok')
  FROM generate_series(1, 20) AS i
 WHERE kc_forum_answer_add(:flood, :top2, 'Antwoord nummer ' || i, pg_temp.h('answer ' || i)) ~ '^ok:';
SELECT pg_temp.t_eq(kc_forum_answer_add(:flood, :top2, 'Antwoord nummer 21', pg_temp.h('answer 21')), 'ratelimit',
                    'answer flood: 21st in an hour -> ratelimit');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger l JOIN forum_posts p ON l.award_key = 'forum_reaction:' || p.id
                      WHERE p.member_id = :flood AND l.amount = 10), 10, 'answer cap: 10 paid');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger l JOIN forum_posts p ON l.award_key = 'forum_reaction:' || p.id
                      WHERE p.member_id = :flood AND l.amount = 0 AND l.note = 'daily cap reached'), 10,
                    'answer cap: 10 more recorded with 0');

-- Thumbs.
SELECT pg_temp.t_eq(kc_forum_thumb(:other, 0), 'notfound', 'thumb: no post -> notfound');
SELECT pg_temp.t_eq(kc_forum_thumb(:helper, :p1), 'own', 'thumb: own answer -> own');
SELECT pg_temp.t_eq(kc_forum_thumb(:asker, :p1), 'ok', 'thumb: ok');
SELECT pg_temp.t_eq(kc_forum_thumb(:asker, :p1), 'already', 'thumb: twice -> already');
SELECT pg_temp.t_eq((SELECT count(*) FROM post_thumbs WHERE post_id = :p1), 1, 'thumb: one row');
CREATE TEMP TABLE t_thumbers AS
SELECT n, pg_temp.mk_member(:'tag', 'thumber' || n, 'member') AS id FROM generate_series(1, 20) AS n;
SELECT pg_temp.balance(:helper) AS bal_helper \gset
SELECT pg_temp.t_eq(count(*), 8, 'thumb: 8 more (9 in all)')
  FROM (SELECT kc_forum_thumb(id, :p1) AS res FROM t_thumbers WHERE n <= 8 ORDER BY n) x WHERE res = 'ok';
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE award_key LIKE 'thumbs:' || :p1 || ':%'), 0,
                    'thumb: 9 thumbs -> nothing yet');
SELECT pg_temp.t_eq(kc_forum_thumb((SELECT id FROM t_thumbers WHERE n = 9), :p1), 'ok', 'thumb: 10th');
SELECT pg_temp.t_paid('thumbs:' || :p1 || ':1', :helper, 'thumbs_up', 'topic:' || :top1, 10, 'thumb: block 1');
SELECT pg_temp.t_eq(string_agg(res || '=' || c, ' ' ORDER BY res), 'already=1 ok=11', 'thumb: 11 more (one again)')
  FROM (SELECT res, count(*) AS c
          FROM (SELECT kc_forum_thumb(id, :p1) AS res FROM t_thumbers WHERE n >= 9 ORDER BY n) y GROUP BY res) x;
SELECT pg_temp.t_eq((SELECT count(*) FROM post_thumbs WHERE post_id = :p1), 21, 'thumb: 21 thumbs');
SELECT pg_temp.t_paid('thumbs:' || :p1 || ':2', :helper, 'thumbs_up', 'topic:' || :top1, 10, 'thumb: block 2');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE award_key LIKE 'thumbs:' || :p1 || ':%'), 2,
                    'thumb: 21 thumbs -> two blocks');
SELECT pg_temp.t_eq(pg_temp.balance(:helper), :bal_helper + 20, 'thumb: author +20');

-- Accept.
SELECT pg_temp.t_eq(kc_forum_accept(:asker, 0, :p1), 'notfound', 'accept: no topic -> notfound');
SELECT pg_temp.t_eq(kc_forum_accept(:helper, :top1, :p1), 'notyours', 'accept: not the asker -> notyours');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top2, :p1), 'notfound', 'accept: answer of another topic -> notfound');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top1, 0), 'notfound', 'accept: no answer -> notfound');
SELECT pg_temp.t_raises(format('UPDATE forum_topics SET accepted_post_id = %s WHERE id = %s', :p1, :top2),
                        '%forum_topics_accepted_post_fkey%', 'accept: the constraint refuses an answer of another topic');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top1, :p1), 'ok', 'accept: ok');
SELECT pg_temp.t_eq((SELECT accepted_post_id FROM forum_topics WHERE id = :top1), :p1, 'accept: accepted_post_id');
SELECT pg_temp.t_eq(pg_temp.n_notes(:helper, 'accepted'), 1, 'accept: the answer''s author is notified');
SELECT pg_temp.t_eq((SELECT topic_id FROM notifications WHERE member_id = :helper AND kind = 'accepted'), :top1,
                    'accept: notification names the topic');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top1, :p1), 'ok', 'accept: again -> ok');
SELECT pg_temp.t_eq(pg_temp.n_notes(:helper, 'accepted'), 1, 'accept: again -> no second notification');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top1, :p2), 'ok', 'accept: another answer');
SELECT pg_temp.t_eq(pg_temp.n_notes(:other, 'accepted'), 1, 'accept: its author notified');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top1, :p3), 'ok', 'accept: own answer');
SELECT pg_temp.t_eq(pg_temp.n_notes(:asker, 'accepted'), 0, 'accept: own answer -> no notification');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top1, :p2), 'ok', 'accept: p2 again');

\echo 006 test: forum answers, thumbs, accept ok

-- ---------------------------------------------------------------------------
-- Forum: deleting own posts
-- ---------------------------------------------------------------------------
SELECT pg_temp.balance(:other) AS bal_other \gset
SELECT pg_temp.t_eq(kc_forum_post_delete(:asker, :p2), 'notfound', 'post delete: not own -> notfound');
SELECT pg_temp.t_eq(kc_forum_post_delete(:other, :p2), 'ok', 'post delete: ok');
SELECT pg_temp.t_ok(deleted_at IS NOT NULL AND removed_by IS NULL, 'post delete: deleted_at') FROM forum_posts WHERE id = :p2;
SELECT pg_temp.t_eq((SELECT accepted_post_id FROM forum_topics WHERE id = :top1), NULL, 'post delete: no longer accepted');
SELECT pg_temp.t_paid('reverse:forum_reaction:' || :p2, :other, 'forum_reaction', 'topic:' || :top1, -20, 'post delete: reversal');
SELECT pg_temp.t_eq(pg_temp.balance(:other), :bal_other - 20, 'post delete: balance -20');
SELECT pg_temp.t_eq(kc_forum_post_delete(:other, :p2), 'notfound', 'post delete: twice -> notfound');
SELECT pg_temp.t_eq(kc_forum_thumb(:asker, :p2), 'notfound', 'thumb: deleted answer -> notfound');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top1, :p2), 'notfound', 'accept: deleted answer -> notfound');
SELECT pg_temp.t_ok(kc_forum_answer_add(:other, :top2, repeat('Uitgebreid antwoord. ', 15), pg_temp.h('a2')) ~ '^ok:',
                    'post delete: its text may be posted again');

SELECT pg_temp.balance(:asker) AS bal_asker \gset
SELECT pg_temp.t_eq(kc_forum_topic_delete(:helper, :top1), 'notfound', 'topic delete: not own -> notfound');
SELECT pg_temp.t_eq(kc_forum_topic_delete(:asker, :top1), 'ok', 'topic delete: ok');
SELECT pg_temp.t_paid('reverse:forum_post:topic:' || :top1, :asker, 'forum_post', 'topic:' || :top1, -20, 'topic delete: reversal');
SELECT pg_temp.t_eq(pg_temp.balance(:asker), :bal_asker - 20, 'topic delete: balance -20');
SELECT pg_temp.t_eq(kc_forum_topic_delete(:asker, :top1), 'notfound', 'topic delete: twice -> notfound');
SELECT pg_temp.t_eq(kc_forum_answer_add(:helper, :top1, 'Nog een antwoord.', pg_temp.h('a9')), 'notfound',
                    'answer: deleted topic -> notfound');
SELECT pg_temp.t_eq(kc_forum_thumb((SELECT id FROM t_thumbers WHERE n = 20), :p3), 'notfound', 'thumb: answer in a deleted topic -> notfound');
SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top1, :p1), 'notfound', 'accept: deleted topic -> notfound');
SELECT pg_temp.t_eq(pg_temp.n_ledger('reverse:forum_reaction:' || :p1), 0, 'topic delete: the answers keep their points');

\echo 006 test: forum deletes ok

-- ---------------------------------------------------------------------------
-- Moderation of posts
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_id(kc_reaction_add(:other, :rec, 'Onvriendelijke reactie.', pg_temp.h('onvriendelijk')), 'mod: a reaction') AS mre \gset
SELECT pg_temp.t_id(kc_forum_answer_add(:helper, :top2, 'Reclame voor mijn webwinkel.', pg_temp.h('reclame')), 'mod: an answer') AS mp \gset
SELECT pg_temp.t_id(kc_forum_topic_add(:helper, 'digitale-tools', 'Koop nu mijn cursus',
                                       'Alleen vandaag met korting, klik hier.', pg_temp.h('spamtopic')), 'mod: a topic') AS mt \gset
SELECT pg_temp.t_id(kc_forum_answer_add(:other, :top2, 'Een antwoord met een tikfout.', pg_temp.h('tikfout')), 'mod: to edit') AS mpe \gset

SELECT pg_temp.t_eq(kc_moderate_post(:other, 'reaction', :mre, 'remove', NULL, 'x'), 'role', 'moderate: member -> role');
SELECT pg_temp.t_eq(kc_moderate_post(0, 'reaction', :mre, 'remove', NULL, 'x'), 'role', 'moderate: nobody -> role');
SELECT pg_temp.t_raises(format('SELECT kc_moderate_post(%s, ''reaction'', %s, ''edit'', ''x'', ''x'')', :mod, :mre),
                        '%cannot edit a reaction%', 'moderate: edit of a reaction raises');
SELECT pg_temp.t_raises(format('SELECT kc_moderate_post(%s, ''forum_topic'', %s, ''edit'', ''x'', ''x'')', :mod, :mt),
                        '%cannot edit a forum_topic%', 'moderate: edit of a topic raises');
SELECT pg_temp.t_raises(format('SELECT kc_moderate_post(%s, ''record'', %s, ''remove'', NULL, ''x'')', :mod, :rec),
                        '%cannot remove a record%', 'moderate: unknown type raises');
SELECT pg_temp.t_raises(format('SELECT kc_moderate_post(%s, ''reaction'', %s, ''hide'', NULL, ''x'')', :mod, :mre),
                        '%cannot hide a reaction%', 'moderate: unknown action raises');
SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'reaction', 0, 'remove', NULL, 'x'), 'notfound', 'moderate: no reaction -> notfound');
SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'forum_post', 0, 'edit', 'x', 'x'), 'notfound', 'moderate: no post -> notfound');
SELECT pg_temp.t_eq((SELECT count(*) FROM audit_log WHERE actor_id IN (:mod, :other)
                       AND action IN ('edit_post', 'remove_post', 'remove_topic', 'remove_reaction')), 0,
                    'moderate: errors write no audit row');

SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'forum_post', :mpe, 'edit', 'Een antwoord zonder tikfout.', 'Tikfout verbeterd.'),
                    'ok', 'moderate: edit');
SELECT pg_temp.t_eq(body, 'Een antwoord zonder tikfout.', 'moderate edit: body'),
       pg_temp.t_ok(edited_at IS NOT NULL AND deleted_at IS NULL, 'moderate edit: edited_at')
  FROM forum_posts WHERE id = :mpe;
SELECT pg_temp.t_eq(pg_temp.n_audit('forum_post', :mpe, 'edit_post'), 1, 'moderate edit: audit edit_post');
SELECT pg_temp.t_eq(actor_id, :mod, 'moderate edit: actor'), pg_temp.t_eq(reason, 'Tikfout verbeterd.', 'moderate edit: reason'),
       pg_temp.t_eq(details->>'old_body', 'Een antwoord met een tikfout.', 'moderate edit: old body kept')
  FROM audit_log WHERE target_type = 'forum_post' AND target_id = :mpe;
SELECT pg_temp.t_eq(pg_temp.n_ledger('reverse:forum_reaction:' || :mpe), 0, 'moderate edit: points kept');
SELECT pg_temp.t_raises(format('SELECT kc_moderate_post(%s, ''forum_post'', %s, ''edit'', '''', ''x'')', :mod, :mpe),
                        '%forum_posts_body_check%', 'moderate edit: empty body raises');

SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'reaction', :mre, 'remove', NULL, 'Beledigend.'), 'ok', 'moderate: remove reaction');
SELECT pg_temp.t_ok(deleted_at IS NOT NULL, 'remove reaction: deleted_at'), pg_temp.t_eq(removed_by, :mod, 'remove reaction: removed_by')
  FROM reactions WHERE id = :mre;
SELECT pg_temp.t_paid('reverse:reaction:' || :mre, :other, 'reaction', 'record:' || :rec, -10, 'remove reaction: reversal');
SELECT pg_temp.t_eq(pg_temp.n_audit('reaction', :mre, 'remove_reaction'), 1, 'remove reaction: audit');
SELECT pg_temp.t_eq((SELECT details->>'taken_back' FROM audit_log WHERE target_type = 'reaction' AND target_id = :mre),
                    '10', 'remove reaction: audit taken_back');
SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'reaction', :mre, 'remove', NULL, 'x'), 'notfound', 'remove reaction: twice -> notfound');
SELECT pg_temp.t_eq(kc_reaction_delete(:other, :mre), 'notfound', 'remove reaction: the author can no longer delete it');

SELECT pg_temp.t_eq(kc_forum_accept(:asker, :top2, :mp), 'ok', 'remove post: accepted first');
SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'forum_post', :mp, 'remove', NULL, 'Reclame.'), 'ok', 'moderate: remove post');
SELECT pg_temp.t_ok(deleted_at IS NOT NULL, 'remove post: deleted_at'), pg_temp.t_eq(removed_by, :mod, 'remove post: removed_by')
  FROM forum_posts WHERE id = :mp;
SELECT pg_temp.t_eq((SELECT accepted_post_id FROM forum_topics WHERE id = :top2), NULL, 'remove post: no longer accepted');
SELECT pg_temp.t_paid('reverse:forum_reaction:' || :mp, :helper, 'forum_reaction', 'topic:' || :top2, -10, 'remove post: reversal');
SELECT pg_temp.t_eq(pg_temp.n_audit('forum_post', :mp, 'remove_post'), 1, 'remove post: audit');
SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'forum_post', :mp, 'edit', 'x', 'x'), 'notfound', 'remove post: then edit -> notfound');
SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'forum_post', :mp, 'remove', NULL, 'x'), 'notfound', 'remove post: twice -> notfound');

SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'forum_topic', :mt, 'remove', NULL, 'Spam.'), 'ok', 'moderate: remove topic');
SELECT pg_temp.t_ok(deleted_at IS NOT NULL, 'remove topic: deleted_at'), pg_temp.t_eq(removed_by, :mod, 'remove topic: removed_by')
  FROM forum_topics WHERE id = :mt;
SELECT pg_temp.t_paid('reverse:forum_post:topic:' || :mt, :helper, 'forum_post', 'topic:' || :mt, -20, 'remove topic: reversal');
SELECT pg_temp.t_eq(pg_temp.n_audit('forum_topic', :mt, 'remove_topic'), 1, 'remove topic: audit');
SELECT pg_temp.t_eq(kc_moderate_post(:mod, 'forum_topic', :mt, 'remove', NULL, 'x'), 'notfound', 'remove topic: twice -> notfound');
SELECT pg_temp.t_eq(kc_forum_topic_delete(:helper, :mt), 'notfound', 'remove topic: the author can no longer delete it');
SELECT pg_temp.t_eq((SELECT string_agg(action || '=' || n, ' ' ORDER BY action)
                       FROM (SELECT action, count(*) AS n FROM audit_log WHERE actor_id = :mod
                              AND action IN ('edit_post', 'remove_post', 'remove_topic', 'remove_reaction')
                              GROUP BY action) a),
                    'edit_post=1 remove_post=1 remove_reaction=1 remove_topic=1', 'moderate: one audit row per change');

\echo 006 test: moderation ok

-- ---------------------------------------------------------------------------
-- Follows, blocks, messages
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_follow_set(:reader, :reader, true), 'self', 'follow: self');
SELECT pg_temp.t_eq(kc_follow_set(:reader, 0, true), 'notfound', 'follow: no member -> notfound');
SELECT pg_temp.t_eq(kc_follow_set(:reader, :gone, true), 'notfound', 'follow: deleted member -> notfound');
SELECT pg_temp.t_eq(kc_follow_set(:reader, :author, true), 'ok', 'follow: ok');
SELECT pg_temp.t_eq(kc_follow_set(:reader, :author, true), 'ok', 'follow: twice ok');
SELECT pg_temp.t_eq((SELECT count(*) FROM follows WHERE follower_id = :reader AND followed_id = :author), 1, 'follow: one row');
SELECT pg_temp.t_eq((SELECT count(*) FROM follows WHERE follower_id = :author), 0, 'follow: one direction');
SELECT pg_temp.t_eq(kc_follow_set(:reader, :author, false), 'ok', 'unfollow: ok');
SELECT pg_temp.t_eq((SELECT count(*) FROM follows WHERE follower_id = :reader), 0, 'unfollow: row gone');
SELECT pg_temp.t_eq(kc_follow_set(:reader, :gone, false), 'ok', 'unfollow: a deleted member -> ok');
SELECT pg_temp.t_eq(kc_follow_set(:reader, 0, false), 'notfound', 'unfollow: no member -> notfound');

SELECT pg_temp.t_eq(kc_message_send(:reader, :reader, 'Hoi', pg_temp.h('hoi')), 'self', 'message: self');
SELECT pg_temp.t_eq(kc_message_send(:reader, 0, 'Hoi', pg_temp.h('hoi')), 'notfound', 'message: no member -> notfound');
SELECT pg_temp.t_eq(kc_message_send(:reader, :gone, 'Hoi', pg_temp.h('hoi')), 'notfound', 'message: deleted member -> notfound');
SELECT pg_temp.t_eq(kc_message_send(:reader, :banned, 'Hoi', pg_temp.h('hoi')), 'notfound', 'message: banned member -> notfound');
SELECT pg_temp.t_raises(format('SELECT kc_message_send(%s, %s, ''Hoi'', %L)', :banned, :reader, pg_temp.h('hoi')),
                        '%does not exist, is deleted or banned%', 'message: a banned sender raises');
SELECT (SELECT count(*) FROM notifications) AS n_notes_before \gset
SELECT pg_temp.t_id(kc_message_send(:reader, :author, 'Hoi, mag ik je werkblad aanpassen?', pg_temp.h('hoi werkblad')),
                    'message: ok') AS msg1 \gset
SELECT pg_temp.t_eq(sender_id, :reader, 'message: sender'), pg_temp.t_eq(recipient_id, :author, 'message: recipient'),
       pg_temp.t_eq(body, 'Hoi, mag ik je werkblad aanpassen?', 'message: body'),
       pg_temp.t_ok(read_at IS NULL, 'message: unread')
  FROM messages WHERE id = :msg1;
SELECT pg_temp.t_eq((SELECT count(*) FROM notifications), :n_notes_before, 'message: no notification row');
SELECT pg_temp.t_eq(kc_message_send(:reader, :other, 'Hoi werkblad', pg_temp.h('hoi werkblad')), 'duplicate',
                    'message: same text to someone else -> duplicate');
SELECT pg_temp.t_ok(kc_message_send(:author, :reader, 'Ja hoor, graag!', pg_temp.h('ja hoor graag')) ~ '^ok:', 'message: reply ok');

SELECT pg_temp.t_eq(kc_block_set(:author, :author, true), 'self', 'block: self');
SELECT pg_temp.t_eq(kc_block_set(:author, 0, true), 'notfound', 'block: no member -> notfound');
SELECT pg_temp.t_eq(kc_block_set(:author, :reader, true), 'ok', 'block: ok');
SELECT pg_temp.t_eq(kc_block_set(:author, :reader, true), 'ok', 'block: twice ok');
SELECT pg_temp.t_eq((SELECT count(*) FROM blocks WHERE blocker_id = :author), 1, 'block: one row');
SELECT pg_temp.t_eq(kc_message_send(:reader, :author, 'Nog een vraag.', pg_temp.h('nog een vraag')), 'blocked',
                    'message: blocked by the recipient -> blocked');
SELECT pg_temp.t_eq(kc_message_send(:author, :reader, 'Toch nog iets.', pg_temp.h('toch nog iets')), 'blocked',
                    'message: to a member one blocked -> blocked');
SELECT pg_temp.t_eq(kc_block_set(:author, :reader, false), 'ok', 'unblock: ok');
SELECT pg_temp.t_ok(kc_message_send(:reader, :author, 'Nog een vraag.', pg_temp.h('nog een vraag')) ~ '^ok:', 'message: unblocked -> ok');
SELECT pg_temp.t_eq(kc_block_set(:author, 0, false), 'notfound', 'unblock: no member -> notfound');

-- Rate limit 30 per hour.
SELECT pg_temp.t_eq(count(*), 30, 'message flood: 30 ok')
  FROM generate_series(1, 30) AS i
 WHERE kc_message_send(:flood, :other, 'Bericht ' || i, pg_temp.h('bericht ' || i)) ~ '^ok:';
SELECT pg_temp.t_eq(kc_message_send(:flood, :reader, 'Bericht 31', pg_temp.h('bericht 31')), 'ratelimit',
                    'message flood: 31st in an hour -> ratelimit');
UPDATE messages SET created_at = now() - interval '61 minutes' WHERE sender_id = :flood AND body = 'Bericht 1';
SELECT pg_temp.t_ok(kc_message_send(:flood, :reader, 'Bericht 31', pg_temp.h('bericht 31')) ~ '^ok:',
                    'message flood: one left the window -> ok');

\echo 006 test: follows, blocks, messages ok

-- ---------------------------------------------------------------------------
-- Organisation profiles
-- ---------------------------------------------------------------------------
SELECT pg_temp.t_eq(kc_org_profile_save(:reader, 'school', 'Basisschool', '', '', NULL, NULL, ''), 'role',
                    'org: a member -> role');
SELECT pg_temp.t_eq(kc_org_profile_save(:org, 'training', 'Nascholing Noord', '', '', NULL, 'atlantis', ''), 'province',
                    'org: unknown province -> province');
SELECT pg_temp.t_eq((SELECT count(*) FROM organisation_profiles WHERE member_id IN (:reader, :org)), 0, 'org: errors write nothing');
SELECT pg_temp.t_raises(format('SELECT kc_org_profile_save(%s, ''club'', ''x'', '''', '''', NULL, NULL, '''')', :org),
                        '%organisation_profiles_kind_check%', 'org: unknown kind raises');
SELECT pg_temp.t_raises(format('SELECT kc_org_profile_save(%s, ''school'', '''', '''', '''', NULL, NULL, '''')', :org),
                        '%organisation_profiles_name_check%', 'org: empty name raises');
SELECT pg_temp.t_eq(kc_org_profile_save(:org, 'training', 'Nascholing Noord', 'Cursussen voor leerkrachten.',
                                        'info@nascholing.example', 'https://nascholing.example', 'groningen',
                                        'rekenen, taal, digitale geletterdheid'), 'ok', 'org: ok');
SELECT pg_temp.t_eq(kind, 'training', 'org: kind'), pg_temp.t_eq(province, 'groningen', 'org: province'),
       pg_temp.t_eq(website, 'https://nascholing.example', 'org: website'),
       pg_temp.t_eq(themes, 'rekenen, taal, digitale geletterdheid', 'org: themes')
  FROM organisation_profiles WHERE member_id = :org;
SELECT pg_temp.t_eq(kc_org_profile_save(:org, 'publisher', 'Uitgeverij Noord', NULL, NULL, '', '', NULL), 'ok', 'org: replace');
SELECT pg_temp.t_eq(kind, 'publisher', 'org: kind replaced'), pg_temp.t_eq(name, 'Uitgeverij Noord', 'org: name replaced'),
       pg_temp.t_ok(website IS NULL AND province IS NULL, 'org: empty website/province -> NULL'),
       pg_temp.t_ok(description = '' AND contact = '' AND themes = '', 'org: NULL texts -> empty')
  FROM organisation_profiles WHERE member_id = :org;
SELECT pg_temp.t_eq(kc_org_profile_save(:org, 'training', 'Nascholing Noord', '', '', NULL, 'limburg-nl', 'Rekenen en STEM'),
                    'ok', 'org: back to training');
SELECT pg_temp.t_eq((SELECT count(*) FROM organisation_profiles
                      WHERE kind = 'training' AND province = 'limburg-nl'
                        AND (name ILIKE '%noord%' OR themes ILIKE '%stem%') AND member_id = :org), 1,
                    'org: found by kind, province and text');
UPDATE members SET role = 'member' WHERE id = :org;
SELECT pg_temp.t_eq(kc_org_profile_save(:org, 'training', 'x', '', '', NULL, NULL, ''), 'role', 'org: no longer organisation -> role');
UPDATE members SET role = 'organisation' WHERE id = :org;

\echo 006 test: organisation profiles ok

SELECT pg_temp.t_balances('before the races');

-- ---------------------------------------------------------------------------
-- Concurrency (pgbench, 8 clients)
-- ---------------------------------------------------------------------------
DROP TABLE IF EXISTS kc_t006_race, kc_t006_ctx, kc_t006_racers, kc_t006_claims, kc_t006_mails;
CREATE TABLE kc_t006_race (id bigint GENERATED ALWAYS AS IDENTITY, race text, result text);
CREATE TABLE kc_t006_ctx (k text PRIMARY KEY, v bigint NOT NULL);
CREATE TABLE kc_t006_racers (n int PRIMARY KEY, id bigint NOT NULL);
CREATE TABLE kc_t006_claims (id bigint PRIMARY KEY);     -- a mail claimed twice raises here
CREATE TABLE kc_t006_mails (id bigint PRIMARY KEY);

INSERT INTO kc_t006_racers (n, id)
SELECT n, pg_temp.mk_member(:'tag', 'racer' || n, 'member') FROM generate_series(1, 40) AS n;
INSERT INTO kc_t006_ctx (k, v) VALUES
    ('rating_rec', pg_temp.mk_pub(:author, :mod, 'Race: scores')),
    ('flood', :flood),
    ('answer_topic', pg_temp.t_id(kc_forum_topic_add(:asker, 'secundair', 'Race: antwoorden',
                                                     'Een vraag voor de wedloop van antwoorden.', pg_temp.h('race topic')), 'race topic')),
    ('a', pg_temp.mk_member(:'tag', 'mutual-a', 'member')),
    ('b', pg_temp.mk_member(:'tag', 'mutual-b', 'member'));
INSERT INTO kc_t006_ctx (k, v) VALUES
    ('thumb_post', pg_temp.t_id(kc_forum_answer_add(:helper, (SELECT v FROM kc_t006_ctx WHERE k = 'answer_topic'),
                                                    'Het antwoord om te duimen.', pg_temp.h('race thumbs')), 'race post')),
    ('rec_a', pg_temp.mk_pub((SELECT v FROM kc_t006_ctx WHERE k = 'a'), :mod, 'Race: van A')),
    ('rec_b', pg_temp.mk_pub((SELECT v FROM kc_t006_ctx WHERE k = 'b'), :mod, 'Race: van B'));
SELECT kc_record_unlock(a.v, rb.v, 0), kc_record_unlock(b.v, ra.v, 0)
  FROM kc_t006_ctx a, kc_t006_ctx b, kc_t006_ctx ra, kc_t006_ctx rb
 WHERE a.k = 'a' AND b.k = 'b' AND ra.k = 'rec_a' AND rb.k = 'rec_b';
UPDATE forum_posts SET created_at = now() - interval '2 hours' WHERE member_id = :flood;
UPDATE mail_outbox SET sent_at = now() WHERE sent_at IS NULL;
WITH m AS (INSERT INTO mail_outbox (to_address, subject, body)
           SELECT 'race' || n || '@example.org', 'Race ' || n, 'Mail ' || n FROM generate_series(1, 40) AS n
           RETURNING id)
INSERT INTO kc_t006_mails (id) SELECT id FROM m;

\set d `mktemp -d`
-- Race 1: 40 members set random scores on one record (8 x 25 calls).
\o :d/rating.sql
\qecho '\\set n random(1, 40)'
\qecho '\\set s random(1, 5)'
\qecho 'INSERT INTO kc_t006_race (race, result) SELECT $$rating$$, kc_rating_set(m.id, c.v, :s, CASE WHEN :s > 3 THEN repeat($$u$$, 25) ELSE $$$$ END) FROM kc_t006_racers m, kc_t006_ctx c WHERE m.n = :n AND c.k = $$rating_rec$$;'
-- Race 2: one member posts 40 answers at once; the limit is 20 per hour.
\o :d/answers.sql
\qecho 'INSERT INTO kc_t006_race (race, result) SELECT $$answers$$, kc_forum_answer_add(f.v, t.v, x.body, encode(sha256(convert_to(x.body, $$UTF8$$)), $$hex$$)) FROM kc_t006_ctx f, kc_t006_ctx t, (SELECT $$Antwoord $$ || gen_random_uuid() AS body) x WHERE f.k = $$flood$$ AND t.k = $$answer_topic$$;'
-- Race 3: 30 members thumb one answer (8 x 10 calls, repeats -> already).
\o :d/thumbs.sql
\qecho '\\set n random(1, 30)'
\qecho 'INSERT INTO kc_t006_race (race, result) SELECT $$thumbs$$, kc_forum_thumb(m.id, p.v) FROM kc_t006_racers m, kc_t006_ctx p WHERE m.n = :n AND p.k = $$thumb_post$$;'
-- Race 4: A and B react on each other's records and message each other.
\o :d/mutual.sql
\qecho '\\set w random(1, 4)'
\qecho 'INSERT INTO kc_t006_race (race, result) SELECT $$mutual$$, CASE :w WHEN 1 THEN kc_reaction_add(a.v, rb.v, x.body, x.h) WHEN 2 THEN kc_reaction_add(b.v, ra.v, x.body, x.h) WHEN 3 THEN kc_message_send(a.v, b.v, x.body, x.h) ELSE kc_message_send(b.v, a.v, x.body, x.h) END FROM kc_t006_ctx a, kc_t006_ctx b, kc_t006_ctx ra, kc_t006_ctx rb, (SELECT y.body, encode(sha256(convert_to(y.body, $$UTF8$$)), $$hex$$) AS h FROM (SELECT $$Tekst $$ || gen_random_uuid() AS body) y) x WHERE a.k = $$a$$ AND b.k = $$b$$ AND ra.k = $$rec_a$$ AND rb.k = $$rec_b$$;'
-- Race 5: 8 senders claim 2 mails at a time from 40 (48 claims).
\o :d/claims.sql
\qecho 'INSERT INTO kc_t006_claims (id) SELECT id FROM kc_outbox_claim(2);'
\o /dev/null

\setenv PGHOST :HOST
\setenv PGPORT :PORT
\setenv PGDATABASE :DBNAME
\setenv PGUSER :USER
\setenv KC_T006_DIR :d
-- pgbench's output is shown only when it fails or reports failed transactions
-- (deadlocks; pgbench 15 exits 0 then): the counts below fail too.
\! ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 25 -f "$KC_T006_DIR/rating.sql" >"$KC_T006_DIR/log" 2>&1; rc=$?; if [ $rc -ne 0 ] || grep -q "failed transactions: [1-9]" "$KC_T006_DIR/log"; then cat "$KC_T006_DIR/log" >&2; fi
\! ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 5 -f "$KC_T006_DIR/answers.sql" >"$KC_T006_DIR/log" 2>&1; rc=$?; if [ $rc -ne 0 ] || grep -q "failed transactions: [1-9]" "$KC_T006_DIR/log"; then cat "$KC_T006_DIR/log" >&2; fi
\! ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 10 -f "$KC_T006_DIR/thumbs.sql" >"$KC_T006_DIR/log" 2>&1; rc=$?; if [ $rc -ne 0 ] || grep -q "failed transactions: [1-9]" "$KC_T006_DIR/log"; then cat "$KC_T006_DIR/log" >&2; fi
\! ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 20 -f "$KC_T006_DIR/mutual.sql" >"$KC_T006_DIR/log" 2>&1; rc=$?; if [ $rc -ne 0 ] || grep -q "failed transactions: [1-9]" "$KC_T006_DIR/log"; then cat "$KC_T006_DIR/log" >&2; fi
\! ${PGBENCH:-pgbench} -n -c 8 -j 8 -t 6 -f "$KC_T006_DIR/claims.sql" >"$KC_T006_DIR/log" 2>&1; rc=$?; if [ $rc -ne 0 ] || grep -q "failed transactions: [1-9]" "$KC_T006_DIR/log"; then cat "$KC_T006_DIR/log" >&2; fi
\! rm -rf "$KC_T006_DIR"

-- Race 1: the aggregate is exact, every rater paid once, blocks 1..k paid once.
SELECT v AS race_rec FROM kc_t006_ctx WHERE k = 'rating_rec' \gset
SELECT pg_temp.t_eq((SELECT string_agg(result || '=' || n, ' ') FROM (SELECT result, count(*) AS n FROM kc_t006_race
                      WHERE race = 'rating' GROUP BY result) x), 'ok=200', 'race1: 200 calls, all ok');
SELECT pg_temp.t_eq(r.rating_sum, (SELECT sum(stars) FROM ratings WHERE record_id = :race_rec), 'race1: rating_sum exact'),
       pg_temp.t_eq(r.rating_count, (SELECT count(*) FROM ratings WHERE record_id = :race_rec), 'race1: rating_count exact')
  FROM records r WHERE r.id = :race_rec;
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger WHERE award_key LIKE 'rating:' || :race_rec || ':%'),
                    (SELECT count(*) FROM ratings WHERE record_id = :race_rec), 'race1: one rating payment per rater');
SELECT count(*) AS nice_paid FROM points_ledger WHERE award_key LIKE 'nice:' || :race_rec || ':%' \gset
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger l, generate_series(1, :nice_paid) AS i
                      WHERE l.award_key = 'nice:' || :race_rec || ':' || i AND l.amount = 20), :nice_paid,
                    'race1: the nice blocks paid are 1..k, 20 each');
SELECT pg_temp.t_ok(:nice_paid >= (SELECT count(*) FROM ratings WHERE record_id = :race_rec AND stars >= 3) / 5
                    AND :nice_paid <= 8, 'race1: every completed block paid, at most 40/5');

-- Race 2: exactly 20 answers got through.
SELECT pg_temp.t_eq((SELECT string_agg(result || '=' || n, ' ' ORDER BY result) FROM
                       (SELECT CASE WHEN result ~ '^ok:' THEN 'ok' ELSE result END AS result, count(*) AS n
                          FROM kc_t006_race WHERE race = 'answers' GROUP BY 1) x),
                    'ok=20 ratelimit=20', 'race2: 40 concurrent answers, 20 accepted by the limit');

-- Race 3: thumbs rows = ok results; blocks exactly 1..floor(n/10).
SELECT count(*) AS thumbs FROM post_thumbs WHERE post_id = (SELECT v FROM kc_t006_ctx WHERE k = 'thumb_post') \gset
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t006_race WHERE race = 'thumbs'), 80, 'race3: all 80 calls ran');
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t006_race WHERE race = 'thumbs' AND result = 'ok'), :thumbs,
                    'race3: one row per ok');
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t006_race WHERE race = 'thumbs' AND result NOT IN ('ok', 'already')), 0,
                    'race3: only ok and already');
SELECT pg_temp.t_eq((SELECT count(*) FROM points_ledger
                      WHERE award_key LIKE 'thumbs:' || (SELECT v FROM kc_t006_ctx WHERE k = 'thumb_post') || ':%'),
                    :thumbs / 10, 'race3: exactly one payment per completed block');

-- Race 4: no deadlock, no error.
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t006_race WHERE race = 'mutual'), 160, 'race4: all 160 calls ran');
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t006_race WHERE race = 'mutual' AND result !~ '^ok:' AND result <> 'ratelimit'), 0,
                    'race4: only ok and ratelimit');
SELECT pg_temp.t_eq((SELECT count(*) FROM reactions r JOIN kc_t006_ctx c ON c.v = r.member_id AND c.k IN ('a', 'b')), 20,
                    'race4: 10 reactions each (the hourly limit)');

-- Race 5: every mail claimed exactly once (the primary key would have refused a second claim).
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t006_claims), 40, 'race5: 40 mails claimed, none twice');
SELECT pg_temp.t_eq((SELECT count(*) FROM kc_t006_claims c JOIN kc_t006_mails m ON m.id = c.id), 40,
                    'race5: exactly the 40 mails of the race');
SELECT pg_temp.t_eq((SELECT count(*) FROM mail_outbox o JOIN kc_t006_mails m ON m.id = o.id WHERE o.attempts = 1), 40,
                    'race5: one attempt each');
UPDATE mail_outbox SET sent_at = now() WHERE sent_at IS NULL;

SELECT pg_temp.t_balances('after the races');
DROP TABLE kc_t006_race, kc_t006_ctx, kc_t006_racers, kc_t006_claims, kc_t006_mails;

\echo 006 test: concurrency ok
\echo 006 test: ALL OK
