-- webinars.sql -- webinars (tables: 026): the team announces them, members
-- sign up with a question for the presenter, the job runner reminds them
-- the day before. Changes by the team follow admin.sql (role check, error
-- codes, one audit row); capacity is kept under the webinar's row lock
-- with the CHECK on signup_count as the last word.

-- Create (p_webinar NULL) or change a webinar. p_starts: local time in
-- Europe/Brussels. p_presenter: the presenter's member id, or NULL (a
-- guest from outside: then only admins see the questions).
--   'ok:<id>' | 'role' | 'notfound' | 'presenter' (no such live member)
--   | 'capacity' (below the sign-ups it already has) | 'invalid'
CREATE OR REPLACE FUNCTION kc_webinar_save(p_admin bigint, p_webinar bigint, p_title text,
        p_description text, p_presenter_name text, p_presenter bigint, p_starts timestamp,
        p_duration int, p_capacity int, p_meeting_url text, p_recording_url text,
        p_subjects int[], p_levels int[])
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id    bigint;
    v_count int;
    v_rec   text := nullif(btrim(coalesce(p_recording_url, '')), '');
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF char_length(btrim(coalesce(p_title, ''))) NOT BETWEEN 1 AND 200
       OR char_length(btrim(coalesce(p_presenter_name, ''))) NOT BETWEEN 1 AND 200
       OR char_length(coalesce(p_description, '')) > 10000
       OR p_starts IS NULL OR p_duration IS NULL OR p_duration NOT BETWEEN 5 AND 600
       OR p_capacity IS NULL OR p_capacity NOT BETWEEN 1 AND 100000
       OR coalesce(p_meeting_url, '') !~ '^https?://[^[:space:]]+$'
       OR (v_rec IS NOT NULL AND v_rec !~ '^https?://[^[:space:]]+$')
       OR EXISTS (SELECT 1 FROM unnest(coalesce(p_subjects, '{}')) x
                   WHERE x NOT IN (SELECT id FROM subjects))
       OR EXISTS (SELECT 1 FROM unnest(coalesce(p_levels, '{}')) x
                   WHERE x NOT IN (SELECT id FROM levels)) THEN
        RETURN 'invalid';
    END IF;
    IF p_presenter IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id = p_presenter AND m.deleted_at IS NULL) THEN
        RETURN 'presenter';
    END IF;
    IF p_webinar IS NULL THEN
        INSERT INTO webinars (title, description, presenter_name, presenter_id, starts_at,
                              duration_min, capacity, meeting_url, recording_url,
                              subject_ids, level_ids, created_by)
        VALUES (btrim(p_title), coalesce(p_description, ''), btrim(p_presenter_name), p_presenter,
                p_starts AT TIME ZONE 'Europe/Brussels', p_duration, p_capacity,
                btrim(p_meeting_url), v_rec, coalesce(p_subjects, '{}'), coalesce(p_levels, '{}'),
                p_admin)
        RETURNING id INTO v_id;
        PERFORM kc_audit(p_admin, 'webinar_create', 'webinar', v_id, NULL,
                         jsonb_build_object('title', btrim(p_title), 'starts', p_starts));
    ELSE
        SELECT w.signup_count INTO v_count FROM webinars w WHERE w.id = p_webinar FOR UPDATE;
        IF NOT FOUND THEN
            RETURN 'notfound';
        END IF;
        IF p_capacity < v_count THEN
            RETURN 'capacity';
        END IF;
        UPDATE webinars
           SET title = btrim(p_title), description = coalesce(p_description, ''),
               presenter_name = btrim(p_presenter_name), presenter_id = p_presenter,
               starts_at = p_starts AT TIME ZONE 'Europe/Brussels', duration_min = p_duration,
               capacity = p_capacity, meeting_url = btrim(p_meeting_url), recording_url = v_rec,
               subject_ids = coalesce(p_subjects, '{}'), level_ids = coalesce(p_levels, '{}'),
               updated_at = now()
         WHERE id = p_webinar
        RETURNING id INTO v_id;
        -- A new date: the sign-ups are reminded of the new one.
        UPDATE webinar_signups s SET reminded_at = NULL
          FROM webinars w
         WHERE w.id = v_id AND s.webinar_id = w.id AND s.reminded_at IS NOT NULL
           AND w.starts_at > now() + interval '24 hours';
        PERFORM kc_audit(p_admin, 'webinar_update', 'webinar', v_id, NULL,
                         jsonb_build_object('title', btrim(p_title), 'starts', p_starts,
                                            'capacity', p_capacity, 'recording', v_rec));
    END IF;
    RETURN 'ok:' || v_id;
END
$$;

-- A member signs up, with an optional question for the presenter. The
-- webinar's row lock makes concurrent sign-ups wait for each other, so the
-- count read here is the one the place is taken from.
--   'ok' | 'already' (signed up: the question is updated) | 'full'
--   | 'past' (it started) | 'notfound' (no such webinar, or cancelled)
--   | 'invalid' (question too long)
CREATE OR REPLACE FUNCTION kc_webinar_signup(p_member bigint, p_webinar bigint, p_question text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_w      webinars%ROWTYPE;
    v_active boolean;
    v_q      text := btrim(coalesce(p_question, ''));
BEGIN
    IF char_length(v_q) > 2000 THEN
        RETURN 'invalid';
    END IF;
    SELECT * INTO v_w FROM webinars WHERE id = p_webinar AND cancelled_at IS NULL FOR UPDATE;
    IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM members m WHERE m.id = p_member
                                   AND m.deleted_at IS NULL) THEN
        RETURN 'notfound';
    END IF;
    IF v_w.starts_at <= now() THEN
        RETURN 'past';
    END IF;
    SELECT s.cancelled_at IS NULL INTO v_active FROM webinar_signups s
     WHERE s.webinar_id = p_webinar AND s.member_id = p_member;
    IF v_active THEN
        UPDATE webinar_signups SET question = v_q
         WHERE webinar_id = p_webinar AND member_id = p_member;
        RETURN 'already';
    END IF;
    IF v_w.signup_count >= v_w.capacity THEN
        RETURN 'full';
    END IF;
    INSERT INTO webinar_signups (webinar_id, member_id, question)
    VALUES (p_webinar, p_member, v_q)
    ON CONFLICT (webinar_id, member_id) DO UPDATE
       SET question = EXCLUDED.question, signed_up_at = now(), cancelled_at = NULL,
           reminded_at = NULL;
    UPDATE webinars SET signup_count = signup_count + 1 WHERE id = p_webinar;
    RETURN 'ok';
END
$$;

-- A member cancels. 'ok' | 'notfound' (not signed up) | 'past'
CREATE OR REPLACE FUNCTION kc_webinar_cancel(p_member bigint, p_webinar bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_starts timestamptz;
BEGIN
    SELECT w.starts_at INTO v_starts FROM webinars w WHERE w.id = p_webinar FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF v_starts <= now() THEN
        RETURN 'past';
    END IF;
    UPDATE webinar_signups SET cancelled_at = now()
     WHERE webinar_id = p_webinar AND member_id = p_member AND cancelled_at IS NULL;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    UPDATE webinars SET signup_count = signup_count - 1 WHERE id = p_webinar;
    RETURN 'ok';
END
$$;

-- The job: a reminder mail for every sign-up of a webinar that starts
-- within 24 hours, queued in the outbox in the statement that marks the
-- sign-up reminded, so each sign-up is reminded once (a second run, or a
-- second node, finds nothing left). At most p_limit a run; returns how
-- many were queued.
CREATE OR REPLACE FUNCTION kc_webinar_reminders(p_base_url text, p_limit int) RETURNS bigint
LANGUAGE sql AS $$
    WITH due AS (
        SELECT s.webinar_id, s.member_id FROM webinar_signups s
          JOIN webinars w ON w.id = s.webinar_id
         WHERE s.cancelled_at IS NULL AND s.reminded_at IS NULL AND w.cancelled_at IS NULL
           AND w.starts_at > now() AND w.starts_at <= now() + interval '24 hours'
         ORDER BY w.starts_at, s.webinar_id, s.member_id
         LIMIT p_limit
           FOR UPDATE OF s SKIP LOCKED
    ), marked AS (
        UPDATE webinar_signups s SET reminded_at = now()
          FROM due WHERE s.webinar_id = due.webinar_id AND s.member_id = due.member_id
        RETURNING s.webinar_id, s.member_id
    ), queued AS (
        INSERT INTO mail_outbox (member_id, to_address, subject, body)
        SELECT NULL, m.email, replace(t.subject, '{title}', w.title),
               replace(replace(replace(replace(t.body, '{name}', m.first_name),
                                       '{title}', w.title),
                               '{date}', to_char(w.starts_at AT TIME ZONE 'Europe/Brussels',
                                                 'DD-MM-YYYY HH24:MI')),
                       '{url}', coalesce(p_base_url, '') || '/webinars/' || w.id)
          FROM marked k
          JOIN members m ON m.id = k.member_id AND m.email IS NOT NULL AND m.deleted_at IS NULL
          JOIN webinars w ON w.id = k.webinar_id
          JOIN job_mail_texts t ON t.code = 'webinar_reminder'
                               AND t.lang = CASE WHEN m.lang = 'en' THEN 'en' ELSE 'nl' END
        RETURNING 1
    )
    SELECT count(*) FROM queued
$$;

-- The team cancels a coming webinar: it leaves the lists and its page, and
-- everyone signed up is told by mail (outbox), in this transaction.
--   'ok' | 'role' | 'notfound' (none, or cancelled already) | 'past' (it started)
CREATE OR REPLACE FUNCTION kc_webinar_withdraw(p_admin bigint, p_webinar bigint, p_base_url text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_w webinars%ROWTYPE;
    v_n bigint;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    SELECT * INTO v_w FROM webinars WHERE id = p_webinar AND cancelled_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF v_w.starts_at <= now() THEN
        RETURN 'past';
    END IF;
    UPDATE webinars SET cancelled_at = now(), updated_at = now() WHERE id = p_webinar;
    INSERT INTO mail_outbox (member_id, to_address, subject, body)
    SELECT NULL, m.email, replace(t.subject, '{title}', v_w.title),
           replace(replace(replace(replace(t.body, '{name}', m.first_name), '{title}', v_w.title),
                           '{date}', to_char(v_w.starts_at AT TIME ZONE 'Europe/Brussels',
                                             'DD-MM-YYYY HH24:MI')),
                   '{url}', coalesce(p_base_url, '') || '/webinars')
      FROM webinar_signups s
      JOIN members m ON m.id = s.member_id AND m.email IS NOT NULL AND m.deleted_at IS NULL
      JOIN job_mail_texts t ON t.code = 'webinar_cancelled'
                           AND t.lang = CASE WHEN m.lang = 'en' THEN 'en' ELSE 'nl' END
     WHERE s.webinar_id = p_webinar AND s.cancelled_at IS NULL;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    PERFORM kc_audit(p_admin, 'webinar_cancel', 'webinar', p_webinar, NULL,
                     jsonb_build_object('title', v_w.title, 'told', v_n));
    RETURN 'ok';
END
$$;

-- What visitors see of webinars is cached (places left, recordings).
CREATE OR REPLACE TRIGGER webinars_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webinars
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();

-- A member's account is deleted (kc_member_delete sets deleted_at): the
-- questions they asked are personal data and go; their places in webinars
-- still to come are freed.
CREATE OR REPLACE FUNCTION kc_webinar_member_gone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE webinars w SET signup_count = w.signup_count - 1
      FROM webinar_signups s
     WHERE s.webinar_id = w.id AND s.member_id = NEW.id AND s.cancelled_at IS NULL
       AND w.starts_at > now();
    UPDATE webinar_signups s
       SET question = '',
           cancelled_at = CASE WHEN s.cancelled_at IS NULL AND w.starts_at > now()
                               THEN now() ELSE s.cancelled_at END
      FROM webinars w
     WHERE w.id = s.webinar_id AND s.member_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER members_webinars_gone_trg
    AFTER UPDATE OF deleted_at ON members
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION kc_webinar_member_gone();
