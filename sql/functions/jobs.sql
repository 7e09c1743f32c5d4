-- jobs.sql -- the job runner's state and the jobs that are SQL (tables: 019).
--
-- The runner (mod_klascement/jobs/kc_jobs.c) runs in one thread of one
-- httpd child per node (mod_watchdog). For a due job it takes the job's
-- advisory lock on its own connection, checks again that the job is due
-- (another node may just have run it), calls kc_job_begin, does the work,
-- and calls kc_job_end, which moves next_due on; then it unlocks.

-- The advisory lock key of a job (one key space with nothing else: the
-- first half is 'KC' in ASCII).
CREATE OR REPLACE FUNCTION kc_job_lock_key(p_name text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT (x'4b43' :: bigint << 32) | (hashtext(p_name) :: bigint & x'ffffffff' :: bigint)
$$;

-- A node starts: its jobs exist, with this node's interval (the intervals
-- must match on every node; the last node started wins).
CREATE OR REPLACE FUNCTION kc_job_register(p_name text, p_interval int) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO jobs (name, interval_s) VALUES (p_name, p_interval)
    ON CONFLICT (name) DO UPDATE SET interval_s = EXCLUDED.interval_s
     WHERE jobs.interval_s IS DISTINCT FROM EXCLUDED.interval_s;
$$;

-- The jobs due now, most overdue first.
CREATE OR REPLACE FUNCTION kc_job_due() RETURNS SETOF text
LANGUAGE sql STABLE AS $$
    SELECT j.name FROM jobs j
     WHERE j.next_due <= now() OR j.run_requested_at IS NOT NULL
     ORDER BY least(j.next_due, j.run_requested_at), j.name
$$;

-- Take the job's lock on this connection if nobody holds it and the job is
-- still due: true when the caller may run it (and must kc_job_end, then
-- kc_job_unlock, on the same connection).
CREATE OR REPLACE FUNCTION kc_job_try(p_name text, p_node text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_lock(kc_job_lock_key(p_name)) THEN
        RETURN false;
    END IF;
    UPDATE jobs SET last_start = now(), last_node = p_node
     WHERE name = p_name
       AND (next_due <= now() OR run_requested_at IS NOT NULL);
    IF NOT FOUND THEN
        PERFORM pg_advisory_unlock(kc_job_lock_key(p_name));
        RETURN false;
    END IF;
    RETURN true;
END
$$;

-- A run ended: its result, and when it is due next.
CREATE OR REPLACE FUNCTION kc_job_end(p_name text, p_ok boolean, p_rows bigint,
                                      p_message text) RETURNS void
LANGUAGE sql AS $$
    UPDATE jobs
       SET last_end = now(), last_result = CASE WHEN p_ok THEN 'ok' ELSE 'error' END,
           last_rows = p_rows, last_message = left(p_message, 500),
           runs = runs + 1, failures = failures + CASE WHEN p_ok THEN 0 ELSE 1 END,
           next_due = now() + make_interval(secs => interval_s),
           run_requested_at = NULL, run_requested_by = NULL
     WHERE name = p_name;
$$;

CREATE OR REPLACE FUNCTION kc_job_unlock(p_name text) RETURNS boolean
LANGUAGE sql AS $$
    SELECT pg_advisory_unlock(kc_job_lock_key(p_name))
$$;

-- "Run now" from /admin/jobs: the next tick of any node runs it. Audited.
-- 'ok', or 'notfound' / 'role'.
CREATE OR REPLACE FUNCTION kc_job_request(p_admin bigint, p_name text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM members m WHERE m.id = p_admin AND m.role = 'admin'
                      AND m.deleted_at IS NULL) THEN
        RETURN 'role';
    END IF;
    UPDATE jobs SET run_requested_at = now(), run_requested_by = p_admin
     WHERE name = p_name;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    INSERT INTO audit_log (actor_id, action, target_type, target_id, details)
    VALUES (p_admin, 'job_run', 'job', NULL, jsonb_build_object('job', p_name));
    RETURN 'ok';
END
$$;

-- ---------------------------------------------------------------------------
-- Birthday points: +20 (the rule's value) once a year on the member's
-- birthday in Brussels; 29 February counts on 28 February in other years.
-- Keyed birthday:<member>:<year>, so a second run, a second node or a run
-- cut short and repeated never pays twice. Returns how many were paid.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION kc_birthday_points(p_today date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_year   int := extract(year FROM p_today);
    v_month  int := extract(month FROM p_today);
    v_day    int := extract(day FROM p_today);
    v_leap   boolean := (v_year % 4 = 0 AND v_year % 100 <> 0) OR v_year % 400 = 0;
    v_points bigint := kc_rule_points('birthday', false);
    v_paid   bigint := 0;
    v_member bigint;
BEGIN
    FOR v_member IN
        SELECT m.id FROM members m
         WHERE m.deleted_at IS NULL AND m.birthday IS NOT NULL
           AND ((extract(month FROM m.birthday) = v_month
                 AND extract(day FROM m.birthday) = v_day)
                OR (NOT v_leap AND v_month = 2 AND v_day = 28
                    AND extract(month FROM m.birthday) = 2
                    AND extract(day FROM m.birthday) = 29))
           AND NOT EXISTS (SELECT 1 FROM points_ledger l
                            WHERE l.award_key = 'birthday:' || m.id || ':' || v_year)
         ORDER BY m.id
    LOOP
        IF kc_points_award(v_member, 'birthday', 'year:' || v_year, v_points,
                           'birthday:' || v_member || ':' || v_year, NULL) > 0 THEN
            v_paid := v_paid + 1;
        END IF;
    END LOOP;
    RETURN v_paid;
END
$$;

-- ---------------------------------------------------------------------------
-- Inactive accounts (seed: "When an account is not used for a year, it is
-- deleted from the network"). An account unused for p_days - 30 days gets
-- a reminder with the date of deletion (delete_after: p_days after the
-- last use, and never sooner than 30 days after the first reminder), a
-- second one a week before it, and on that date it is deleted exactly as
-- the member's own deletion (kc_member_delete: personal data erased,
-- contributions stay with the author's name). Using the site in between
-- (a login, any request with a session: last_active_at) cancels it.
-- At most p_limit accounts are handled per step, so a long backlog is done
-- over several runs. Returns the accounts reminded or deleted.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION kc_inactive_mail(p_member bigint, p_code text,
                                            p_base_url text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO mail_outbox (member_id, to_address, subject, body)
    SELECT NULL, m.email, t.subject,
           replace(replace(replace(t.body, '{name}', m.first_name),
                           '{date}', to_char(m.delete_after AT TIME ZONE 'Europe/Brussels',
                                             'DD-MM-YYYY')),
                   '{url}', p_base_url)
      FROM members m JOIN job_mail_texts t ON t.code = p_code AND t.lang = m.lang
     WHERE m.id = p_member AND m.email IS NOT NULL;
$$;

CREATE OR REPLACE FUNCTION kc_inactive_accounts(p_days int, p_base_url text,
                                                p_limit int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_done bigint := 0;
    v_id   bigint;
BEGIN
    IF p_days IS NULL OR p_days <= 0 THEN
        RETURN 0;                                   -- KlasCementInactiveDays 0
    END IF;
    -- Used again since the reminder: the procedure ends.
    UPDATE members
       SET inactive_notice = NULL, inactive_notice_at = NULL, delete_after = NULL
     WHERE delete_after IS NOT NULL AND last_active_at > inactive_notice_at;

    -- Deleted: past the date, the second reminder sent a week or more ago.
    FOR v_id IN
        SELECT m.id FROM members m
         WHERE m.deleted_at IS NULL AND m.delete_after <= now()
           AND m.inactive_notice = 7 AND m.inactive_notice_at <= now() - interval '6 days'
           AND m.last_active_at < m.inactive_notice_at
         ORDER BY m.delete_after, m.id LIMIT p_limit
           FOR UPDATE SKIP LOCKED
    LOOP
        PERFORM kc_member_delete(v_id);
        UPDATE members SET inactive_notice = NULL, inactive_notice_at = NULL,
                           delete_after = NULL
         WHERE id = v_id;
        v_done := v_done + 1;
    END LOOP;

    -- The second reminder, a week before.
    FOR v_id IN
        SELECT m.id FROM members m
         WHERE m.deleted_at IS NULL AND m.inactive_notice = 30
           AND m.delete_after <= now() + interval '7 days'
         ORDER BY m.delete_after, m.id LIMIT p_limit
           FOR UPDATE SKIP LOCKED
    LOOP
        UPDATE members SET inactive_notice = 7, inactive_notice_at = now()
         WHERE id = v_id;
        PERFORM kc_inactive_mail(v_id, 'inactive_7', p_base_url);
        v_done := v_done + 1;
    END LOOP;

    -- The first reminder, 30 days before.
    FOR v_id IN
        SELECT m.id FROM members m
         WHERE m.deleted_at IS NULL AND m.delete_after IS NULL
           AND m.last_active_at < now() - make_interval(days => p_days - 30)
         ORDER BY m.last_active_at, m.id LIMIT p_limit
           FOR UPDATE SKIP LOCKED
    LOOP
        UPDATE members
           SET inactive_notice = 30, inactive_notice_at = now(),
               delete_after = greatest(last_active_at + make_interval(days => p_days),
                                       now() + interval '30 days')
         WHERE id = v_id;
        PERFORM kc_inactive_mail(v_id, 'inactive_30', p_base_url);
        v_done := v_done + 1;
    END LOOP;
    RETURN v_done;
END
$$;

-- A login or a session's last-seen refresh is a use of the account.
CREATE OR REPLACE FUNCTION kc_member_active() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE members SET last_active_at = now()
     WHERE id = NEW.member_id AND last_active_at < now() - interval '1 minute';
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER sessions_member_active_trg
    AFTER INSERT OR UPDATE OF last_seen_at ON sessions
    FOR EACH ROW EXECUTE FUNCTION kc_member_active();

-- ---------------------------------------------------------------------------
-- Housekeeping: what nobody needs any more. Returns the rows removed.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION kc_housekeeping() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_total bigint := 0;
    v_n     bigint;
BEGIN
    DELETE FROM sessions WHERE expires_at < now();
    GET DIAGNOSTICS v_n = ROW_COUNT;  v_total := v_total + v_n;
    -- Throttling looks back minutes; a day is plenty.
    DELETE FROM login_failures WHERE at < now() - interval '1 day';
    GET DIAGNOSTICS v_n = ROW_COUNT;  v_total := v_total + v_n;
    DELETE FROM search_cache WHERE created_at < now() - interval '1 hour';
    GET DIAGNOSTICS v_n = ROW_COUNT;  v_total := v_total + v_n;
    DELETE FROM facet_cache WHERE created_at < now() - interval '1 hour';
    GET DIAGNOSTICS v_n = ROW_COUNT;  v_total := v_total + v_n;
    -- The search indexes catch up every second; one that fell half an
    -- hour behind builds anew (033).
    DELETE FROM search_changes WHERE at < now() - interval '1 hour';
    GET DIAGNOSTICS v_n = ROW_COUNT;  v_total := v_total + v_n;
    -- Leases of mail claimed by a node that died before it closed them.
    UPDATE mail_outbox SET claimed_at = NULL
     WHERE sent_at IS NULL AND claimed_at < now() - interval '10 minutes';
    GET DIAGNOSTICS v_n = ROW_COUNT;  v_total := v_total + v_n;
    -- Sent mail is kept a month (the admin page shows what went out).
    DELETE FROM mail_outbox WHERE sent_at < now() - interval '30 days';
    GET DIAGNOSTICS v_n = ROW_COUNT;  v_total := v_total + v_n;
    RETURN v_total;
END
$$;

-- ---------------------------------------------------------------------------
-- One truth for cached pages across nodes: every change to what visitors'
-- pages show notifies 'kc_pages'; each node's listener retires its page
-- cache's copies (jobs/kc_listen.c). PostgreSQL sends one notification per
-- transaction however many statements raise it.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION kc_pages_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kc_pages', '');
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER records_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
CREATE OR REPLACE TRIGGER record_subjects_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON record_subjects
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
CREATE OR REPLACE TRIGGER record_levels_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON record_levels
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
CREATE OR REPLACE TRIGGER forum_topics_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON forum_topics
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
CREATE OR REPLACE TRIGGER forum_posts_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON forum_posts
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
CREATE OR REPLACE TRIGGER organisation_profiles_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
CREATE OR REPLACE TRIGGER point_rules_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON point_rules
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();

-- Sessions kept for a second by each child (KlasCementSessionCache) are
-- retired on every node when a session ends or what a session shows changes
-- (logout, ban, role, account deletion, names, language): the notification
-- kc_sessions, on which the same listener moves only the sessions'
-- generation (issue 15), so that a logout leaves cached pages alone.
CREATE OR REPLACE FUNCTION kc_sessions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kc_sessions', '');
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER sessions_changed_trg
    AFTER DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION kc_sessions_changed();
CREATE OR REPLACE TRIGGER members_sessions_trg
    AFTER UPDATE OF role, ban_permanent, banned_until, deleted_at, first_name,
        surname, lang, country ON members
    FOR EACH STATEMENT EXECUTE FUNCTION kc_sessions_changed();

-- The listener's connection asks for the notifications (LISTEN is not a
-- statement that can be prepared; a function can run it).
CREATE OR REPLACE FUNCTION kc_listen_pages() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'LISTEN kc_pages';
    EXECUTE 'LISTEN kc_sessions';
END
$$;
