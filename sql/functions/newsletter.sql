-- newsletter.sql -- the weekly newsletter (tables: 027; pages:
-- handlers/kc_newsletter*.c; the sending job: jobs/kc_job_newsletter.c).
--
-- An admin composes an issue from suggestions (kc_newsletter_suggestions:
-- one function per source, so webinars or theme pages are one more
-- function and one more UNION ALL branch), adds the team's own text, and
-- sends it: the issue becomes 'sending' and the job mails it in batches,
-- each member once (newsletter_deliveries' key), filtered to the subjects
-- and levels the member chose.

-- The Monday of p's week.
CREATE OR REPLACE FUNCTION kc_newsletter_monday(p date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$ SELECT date_trunc('week', p)::date $$;

-- ---- suggestions ------------------------------------------------------------------

-- The newest records published in the issue's week, at most 6 per
-- subject (a record with several subjects once, under its first).
CREATE OR REPLACE FUNCTION kc_newsletter_suggest_records(p_week date)
RETURNS TABLE (source text, source_id bigint, title text, body text, url text,
               subject_ids int[], level_ids int[], grp text)
LANGUAGE sql STABLE AS $$
    SELECT 'record', x.id, x.title, left(x.description, 300), '/records/' || x.id,
           x.subject_ids, x.level_ids, x.grp
      FROM (SELECT r.id, r.title, r.description, r.published_at,
                   ARRAY(SELECT rs.subject_id FROM record_subjects rs
                          WHERE rs.record_id = r.id ORDER BY rs.subject_id) AS subject_ids,
                   ARRAY(SELECT rl.level_id FROM record_levels rl
                          WHERE rl.record_id = r.id ORDER BY rl.level_id) AS level_ids,
                   coalesce((SELECT s.name_be FROM record_subjects rs JOIN subjects s ON s.id = rs.subject_id
                              WHERE rs.record_id = r.id ORDER BY s.position LIMIT 1), '') AS grp,
                   row_number() OVER (PARTITION BY (SELECT min(s.position) FROM record_subjects rs
                                                      JOIN subjects s ON s.id = rs.subject_id
                                                     WHERE rs.record_id = r.id)
                                      ORDER BY r.published_at DESC, r.id DESC) AS n
              FROM records r
             WHERE r.state = 'published'
               AND r.published_at >= p_week::timestamp AT TIME ZONE 'Europe/Brussels'
               AND r.published_at < (p_week + 7)::timestamp AT TIME ZONE 'Europe/Brussels') x
     WHERE x.n <= 6
     ORDER BY x.grp, x.published_at DESC, x.id DESC
$$;

-- Forum questions of the issue's week and the week before that nobody has
-- answered yet: "do you know the answer?".
CREATE OR REPLACE FUNCTION kc_newsletter_suggest_questions(p_week date)
RETURNS TABLE (source text, source_id bigint, title text, body text, url text,
               subject_ids int[], level_ids int[], grp text)
LANGUAGE sql STABLE AS $$
    SELECT 'question', t.id, t.title, left(t.body, 300), '/forum/topics/' || t.id,
           '{}'::int[], '{}'::int[], ''
      FROM forum_topics t
     WHERE t.deleted_at IS NULL AND t.accepted_post_id IS NULL
       AND t.created_at >= (p_week - 7)::timestamp AT TIME ZONE 'Europe/Brussels'
       AND t.created_at < (p_week + 7)::timestamp AT TIME ZONE 'Europe/Brussels'
       AND NOT EXISTS (SELECT 1 FROM forum_posts p
                        WHERE p.topic_id = t.id AND p.deleted_at IS NULL)
     ORDER BY t.created_at DESC, t.id DESC
     LIMIT 10
$$;

-- Webinars that start from the issue's week on, for three weeks, and are
-- not cancelled, with their subjects and levels (a member who chose other
-- subjects does not get them).
CREATE OR REPLACE FUNCTION kc_newsletter_suggest_webinars(p_week date)
RETURNS TABLE (source text, source_id bigint, title text, body text, url text,
               subject_ids int[], level_ids int[], grp text)
LANGUAGE sql STABLE AS $$
    SELECT 'webinar', w.id, w.title,
           to_char(w.starts_at AT TIME ZONE 'Europe/Brussels', 'DD/MM/YYYY HH24:MI')
             || ' – ' || w.presenter_name
             || CASE WHEN w.description <> '' THEN E'\n' || left(w.description, 280) ELSE '' END,
           '/webinars/' || w.id, w.subject_ids, w.level_ids, ''
      FROM webinars w
     WHERE w.cancelled_at IS NULL
       AND w.starts_at >= greatest(now(), p_week::timestamp AT TIME ZONE 'Europe/Brussels')
       AND w.starts_at < (p_week + 21)::timestamp AT TIME ZONE 'Europe/Brussels'
     ORDER BY w.starts_at, w.id
     LIMIT 10
$$;

-- Published theme pages, the featured ones first, then the most recently
-- changed: a theme is for everyone (no subjects of its own).
CREATE OR REPLACE FUNCTION kc_newsletter_suggest_themes(p_week date)
RETURNS TABLE (source text, source_id bigint, title text, body text, url text,
               subject_ids int[], level_ids int[], grp text)
LANGUAGE sql STABLE AS $$
    SELECT 'theme', t.id, t.title, left(t.intro, 300), '/themes/' || t.slug,
           '{}'::int[], '{}'::int[], ''
      FROM themes t
     WHERE t.published
     ORDER BY t.featured DESC, t.feature_order, t.updated_at DESC, t.id
     LIMIT 5
$$;

-- Everything the site suggests for issue p_id. A new source is one more
-- function of the same shape and one more UNION ALL line here (and its
-- place in kc_newsletter_items_for, its heading newsletter_<source> in
-- job_mail_texts and newsletter.section.<source> in the catalogue).
CREATE OR REPLACE FUNCTION kc_newsletter_suggestions(p_id bigint)
RETURNS TABLE (source text, source_id bigint, title text, body text, url text,
               subject_ids int[], level_ids int[], grp text)
LANGUAGE sql STABLE AS $$
    SELECT s.* FROM newsletters n, kc_newsletter_suggest_records(n.week) s WHERE n.id = p_id
    UNION ALL
    SELECT s.* FROM newsletters n, kc_newsletter_suggest_questions(n.week) s WHERE n.id = p_id
    UNION ALL
    SELECT s.* FROM newsletters n, kc_newsletter_suggest_webinars(n.week) s WHERE n.id = p_id
    UNION ALL
    SELECT s.* FROM newsletters n, kc_newsletter_suggest_themes(n.week) s WHERE n.id = p_id
$$;

-- ---- composing (the admin pages) ------------------------------------------------

CREATE OR REPLACE FUNCTION kc_newsletter_create(p_admin bigint, p_title text, p_intro text,
                                                p_week date)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO newsletters (title, intro, week, created_by)
    VALUES (p_title, coalesce(p_intro, ''), kc_newsletter_monday(p_week), p_admin)
    RETURNING id INTO v_id;
    RETURN 'ok:' || v_id;
END
$$;

CREATE OR REPLACE FUNCTION kc_newsletter_update(p_id bigint, p_title text, p_intro text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
BEGIN
    SELECT state INTO v_state FROM newsletters WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN RETURN 'notfound'; END IF;
    IF v_state <> 'draft' THEN RETURN 'state'; END IF;
    UPDATE newsletters SET title = p_title, intro = coalesce(p_intro, '') WHERE id = p_id;
    RETURN 'ok';
END
$$;

-- Add an item: the team's own text (p_source 'text', with title and
-- body), or one of the issue's suggestions (p_source, p_source_id; what
-- it says comes from the suggestion, not from the form). Once per source.
CREATE OR REPLACE FUNCTION kc_newsletter_add(p_id bigint, p_source text, p_source_id bigint,
                                             p_title text, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
    v_pos   int;
    s       record;
BEGIN
    SELECT state INTO v_state FROM newsletters WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN RETURN 'notfound'; END IF;
    IF v_state <> 'draft' THEN RETURN 'state'; END IF;
    SELECT coalesce(max(i.position), 0) + 1 INTO v_pos FROM newsletter_items i
     WHERE i.newsletter_id = p_id;
    IF p_source = 'text' THEN
        INSERT INTO newsletter_items (newsletter_id, position, source, title, body)
        VALUES (p_id, v_pos, 'text', p_title, coalesce(p_body, ''));
        RETURN 'ok';
    END IF;
    SELECT * INTO s FROM kc_newsletter_suggestions(p_id) x
     WHERE x.source = p_source AND x.source_id = p_source_id LIMIT 1;
    IF NOT FOUND THEN RETURN 'suggestion'; END IF;
    INSERT INTO newsletter_items (newsletter_id, position, source, source_id, title, body, url,
                                  subject_ids, level_ids)
    VALUES (p_id, v_pos, s.source, s.source_id, s.title, s.body, s.url, s.subject_ids, s.level_ids)
    ON CONFLICT (newsletter_id, source, source_id) WHERE source_id IS NOT NULL DO NOTHING;
    RETURN 'ok';
END
$$;

CREATE OR REPLACE FUNCTION kc_newsletter_remove(p_id bigint, p_item bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
BEGIN
    SELECT state INTO v_state FROM newsletters WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN RETURN 'notfound'; END IF;
    IF v_state <> 'draft' THEN RETURN 'state'; END IF;
    DELETE FROM newsletter_items WHERE id = p_item AND newsletter_id = p_id;
    RETURN CASE WHEN FOUND THEN 'ok' ELSE 'notfound' END;
END
$$;

-- "Send": the job mails it from now on (kc_newsletter_send_batch).
CREATE OR REPLACE FUNCTION kc_newsletter_send(p_admin bigint, p_id bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
BEGIN
    SELECT state INTO v_state FROM newsletters WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN RETURN 'notfound'; END IF;
    IF v_state <> 'draft' THEN RETURN 'state'; END IF;
    IF NOT EXISTS (SELECT 1 FROM newsletter_items WHERE newsletter_id = p_id)
       AND NOT EXISTS (SELECT 1 FROM newsletters n JOIN newsletter_promos p ON p.week = n.week
                        WHERE n.id = p_id AND p.state = 'approved') THEN
        RETURN 'empty';
    END IF;
    UPDATE newsletters SET state = 'sending', send_at = now() WHERE id = p_id;
    INSERT INTO audit_log (actor_id, action, target_type, target_id)
    VALUES (p_admin, 'newsletter_send', 'newsletter', p_id);
    RETURN 'ok';
END
$$;

-- ---- what an issue says, to whom --------------------------------------------------

-- The items of issue p_id a member with these choices gets (NULL arrays:
-- all, as the archive shows them), with the issue's approved promotional
-- slots; in sections: the team's text, records, questions, other sources,
-- partners.
CREATE OR REPLACE FUNCTION kc_newsletter_items_for(p_id bigint, p_subjects int[], p_levels int[])
RETURNS TABLE (section text, item_id bigint, title text, body text, url text, ext_url text)
LANGUAGE sql STABLE AS $$
    SELECT x.section, x.item_id, x.title, x.body, x.url, x.ext_url FROM (
        SELECT i.source AS section, i.id AS item_id, i.title, i.body, i.url, NULL::text AS ext_url,
               CASE i.source WHEN 'text' THEN 0 WHEN 'record' THEN 1 WHEN 'question' THEN 2
                             WHEN 'webinar' THEN 3 WHEN 'theme' THEN 4
                             ELSE 5 END AS sec_order, i.position, i.id AS ord_id
          FROM newsletter_items i
         WHERE i.newsletter_id = p_id
           AND ((i.subject_ids = '{}' AND i.level_ids = '{}')
                OR ((coalesce(p_subjects, '{}') = '{}' OR i.subject_ids && p_subjects)
                    AND (coalesce(p_levels, '{}') = '{}' OR i.level_ids && p_levels)))
        UNION ALL
        SELECT 'promo', NULL, p.title, p.body, NULL, p.url, 6, 0, p.id
          FROM newsletters n JOIN newsletter_promos p ON p.week = n.week AND p.state = 'approved'
         WHERE n.id = p_id
    ) x
    ORDER BY x.sec_order, x.position, x.ord_id
$$;

-- The mail text of issue p_id for one member ('' when nothing is for them).
CREATE OR REPLACE FUNCTION kc_newsletter_text(p_id bigint, p_lang text, p_base text,
                                              p_subjects int[], p_levels int[])
RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_out  text := '';
    v_sec  text := NULL;
    v_n    int := 0;
    i      record;
BEGIN
    FOR i IN SELECT * FROM kc_newsletter_items_for(p_id, p_subjects, p_levels) LOOP
        IF v_sec IS DISTINCT FROM i.section THEN
            v_sec := i.section;
            v_out := v_out || E'\n== ' || coalesce((SELECT t.subject FROM job_mail_texts t
                                                     WHERE t.code = 'newsletter_' || i.section
                                                       AND t.lang = p_lang), i.section) || E' ==\n';
        END IF;
        v_n := v_n + 1;
        v_out := v_out || E'\n* ' || i.title || E'\n'
                 || CASE WHEN i.body <> '' THEN '  ' || replace(i.body, E'\n', E'\n  ') || E'\n' ELSE '' END
                 || CASE WHEN i.url IS NOT NULL THEN '  ' || p_base || i.url || E'\n'
                         WHEN i.ext_url IS NOT NULL THEN '  ' || i.ext_url || E'\n' ELSE '' END;
    END LOOP;
    RETURN CASE WHEN v_n = 0 THEN '' ELSE v_out END;
END
$$;

-- One batch of the oldest issue being sent: the next p_limit members by
-- id. Each subscribed member with a confirmed address gets one mail (the
-- delivery row's key: a batch run twice mails nobody twice) with the
-- items for their subjects and levels and a one-click unsubscribe link.
-- Returns the members looked at; 0 when no issue is being sent or this
-- one is done (then it is 'sent').
CREATE OR REPLACE FUNCTION kc_newsletter_send_batch(p_base text, p_limit int)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n        newsletters%ROWTYPE;
    v_last   bigint;
    v_seen   bigint;
    v_mailed bigint := 0;
    v_text   text;
    v_out    bigint;
    v_unsub  text;
    t        record;
    m        record;
BEGIN
    SELECT * INTO n FROM newsletters WHERE state = 'sending'
     ORDER BY send_at, id LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN RETURN 0; END IF;
    SELECT max(b.id), count(*) INTO v_last, v_seen
      FROM (SELECT id FROM members WHERE id > n.next_member ORDER BY id LIMIT p_limit) b;
    IF v_seen = 0 THEN
        UPDATE newsletters SET state = 'sent', sent_at = now() WHERE id = n.id;
        RETURN 0;
    END IF;
    INSERT INTO newsletter_prefs (member_id)
    SELECT m2.id FROM members m2 WHERE m2.id > n.next_member AND m2.id <= v_last
    ON CONFLICT (member_id) DO NOTHING;
    FOR m IN SELECT mm.id, mm.email, mm.lang, mm.first_name, p.subject_ids, p.level_ids,
                    p.unsubscribe_key
               FROM members mm JOIN newsletter_prefs p ON p.member_id = mm.id
              WHERE mm.id > n.next_member AND mm.id <= v_last
                AND p.subscribed AND mm.deleted_at IS NULL AND mm.email IS NOT NULL
                AND mm.email_confirmed_at IS NOT NULL
                AND NOT (mm.ban_permanent OR coalesce(mm.banned_until > now(), false))
              ORDER BY mm.id LOOP
        v_text := kc_newsletter_text(n.id, m.lang, p_base, m.subject_ids, m.level_ids);
        CONTINUE WHEN v_text = '';
        INSERT INTO newsletter_deliveries (newsletter_id, member_id, items)
        VALUES (n.id, m.id, 0) ON CONFLICT DO NOTHING;
        CONTINUE WHEN NOT FOUND;
        SELECT * INTO t FROM job_mail_texts WHERE code = 'newsletter' AND lang = m.lang;
        v_unsub := p_base || '/newsletter/unsubscribe/' || m.id || '/' || m.unsubscribe_key;
        INSERT INTO mail_outbox (member_id, to_address, subject, body, unsubscribe_url)
        VALUES (NULL, m.email, replace(t.subject, '{title}', n.title),
                replace(replace(replace(replace(replace(replace(t.body,
                    '{name}', m.first_name),
                    '{intro}', CASE WHEN n.intro <> '' THEN n.intro || E'\n' ELSE '' END),
                    '{items}', v_text),
                    '{archive}', p_base || '/newsletter/' || n.id),
                    '{prefs}', p_base || '/me/newsletter'),
                    '{unsubscribe}', v_unsub),
                v_unsub)
        RETURNING id INTO v_out;
        UPDATE newsletter_deliveries SET outbox_id = v_out,
               items = (SELECT count(*) FROM kc_newsletter_items_for(n.id, m.subject_ids, m.level_ids))
         WHERE newsletter_id = n.id AND member_id = m.id;
        v_mailed := v_mailed + 1;
    END LOOP;
    UPDATE newsletters SET next_member = v_last, recipients = recipients + v_mailed
     WHERE id = n.id;
    RETURN v_seen;
END
$$;

-- ---- members ----------------------------------------------------------------------

-- /me/newsletter: subscribed or not, and the subjects and levels (ids;
-- none: all). 'subject' / 'level' when an id is unknown.
CREATE OR REPLACE FUNCTION kc_newsletter_prefs_set(p_member bigint, p_subscribed boolean,
                                                   p_subjects int[], p_levels int[])
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_s int[];
    v_l int[];
BEGIN
    v_s := ARRAY(SELECT s.id FROM subjects s WHERE s.id = ANY(coalesce(p_subjects, '{}')) ORDER BY s.id);
    v_l := ARRAY(SELECT l.id FROM levels l WHERE l.id = ANY(coalesce(p_levels, '{}')) ORDER BY l.id);
    IF cardinality(v_s) <> (SELECT count(DISTINCT c) FROM unnest(coalesce(p_subjects, '{}')) c) THEN
        RETURN 'subject';
    END IF;
    IF cardinality(v_l) <> (SELECT count(DISTINCT c) FROM unnest(coalesce(p_levels, '{}')) c) THEN
        RETURN 'level';
    END IF;
    INSERT INTO newsletter_prefs (member_id, subscribed, subject_ids, level_ids)
    VALUES (p_member, p_subscribed, v_s, v_l)
    ON CONFLICT (member_id) DO UPDATE
       SET subscribed = excluded.subscribed, subject_ids = excluded.subject_ids,
           level_ids = excluded.level_ids, updated_at = now();
    RETURN 'ok';
END
$$;

-- The one-click unsubscribe: only with the member's key (no login).
-- p_apply false only checks the link (the confirmation page).
CREATE OR REPLACE FUNCTION kc_newsletter_unsubscribe(p_member bigint, p_key text, p_apply boolean)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF p_key IS NULL OR NOT EXISTS (SELECT 1 FROM newsletter_prefs p
                                     WHERE p.member_id = p_member AND p.unsubscribe_key = p_key) THEN
        RETURN 'notfound';
    END IF;
    IF p_apply THEN
        UPDATE newsletter_prefs SET subscribed = false, updated_at = now()
         WHERE member_id = p_member AND unsubscribe_key = p_key;
    END IF;
    RETURN 'ok';
END
$$;

-- "Recommend this newsletter by mail": +5 (the rule 'recommend') once per
-- (member, issue, address), as for records and forum topics.
CREATE OR REPLACE FUNCTION kc_newsletter_recommend(p_member bigint, p_id bigint, p_email text,
                                                   p_subject text, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM newsletters n WHERE n.id = p_id AND n.state = 'sent') THEN
        RETURN 'notfound';
    END IF;
    RETURN kc_recommend_mail(p_member, 'kc_newsletter_recommend', 'newsletter:' || p_id,
                             'recommend:' || p_member || ':newsletter:' || p_id || ':'
                                 || lower(p_email),
                             p_email, p_subject, p_body);
END
$$;

-- ---- promotional slots -----------------------------------------------------------

-- An organisation asks for a slot in the issue of p_week (this week or
-- later); at most 5 waiting requests per organisation.
CREATE OR REPLACE FUNCTION kc_newsletter_promo_request(p_org bigint, p_week date, p_title text,
                                                       p_body text, p_url text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM members m WHERE m.id = p_org AND m.role = 'organisation'
                      AND m.deleted_at IS NULL) THEN
        RETURN 'forbidden';
    END IF;
    IF kc_newsletter_monday(p_week)
       < kc_newsletter_monday((now() AT TIME ZONE 'Europe/Brussels')::date) THEN
        RETURN 'week';
    END IF;
    PERFORM 1 FROM members WHERE id = p_org FOR UPDATE;
    IF (SELECT count(*) FROM newsletter_promos p
         WHERE p.organisation_id = p_org AND p.state = 'pending') >= 5 THEN
        RETURN 'ratelimit';
    END IF;
    INSERT INTO newsletter_promos (organisation_id, week, title, body, url)
    VALUES (p_org, kc_newsletter_monday(p_week), p_title, p_body, nullif(p_url, ''))
    RETURNING id INTO v_id;
    RETURN 'ok:' || v_id;
END
$$;

CREATE OR REPLACE FUNCTION kc_newsletter_promo_decide(p_admin bigint, p_promo bigint,
                                                      p_approve boolean, p_reason text)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE newsletter_promos
       SET state = CASE WHEN p_approve THEN 'approved' ELSE 'refused' END,
           decided_by = p_admin, decided_at = now(), reason = nullif(p_reason, '')
     WHERE id = p_promo AND state = 'pending';
    IF NOT FOUND THEN
        RETURN CASE WHEN EXISTS (SELECT 1 FROM newsletter_promos WHERE id = p_promo)
                    THEN 'decided' ELSE 'notfound' END;
    END IF;
    INSERT INTO audit_log (actor_id, action, target_type, target_id, reason)
    VALUES (p_admin, CASE WHEN p_approve THEN 'promo_approve' ELSE 'promo_refuse' END,
            'newsletter_promo', p_promo, nullif(p_reason, ''));
    RETURN 'ok';
END
$$;
