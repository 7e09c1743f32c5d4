-- links.sql -- the dead-links job (tables: 020; the job:
-- mod_klascement/jobs/kc_job_links.c).
--
-- The job asks kc_links_due for a batch of links, checks each over HTTP
-- and hands every answer to kc_link_checked, which keeps the verdict: a
-- link that failed on three checks in a row is dead (a report for the
-- moderators, a notification for the author); one that works again
-- recovers (the report is closed, the author told).

-- The links to check now, at most p_limit: published records with an http
-- or https URL never checked (or whose URL changed since) first, then those
-- checked longest ago. A working or dead link is checked again after a
-- day, a failing one after an hour (dead after three hours at the soonest).
CREATE OR REPLACE FUNCTION kc_links_due(p_limit int)
RETURNS TABLE (record_id bigint, url text)
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.url
      FROM records r LEFT JOIN link_checks c ON c.record_id = r.id
     WHERE r.state = 'published' AND r.url ~* '^https?://[^/?#]'
       AND (c.record_id IS NULL OR c.url <> r.url
            OR c.checked_at < now() - CASE
                   WHEN NOT c.ok AND c.failures_in_a_row < 3 THEN interval '1 hour'
                   ELSE interval '1 day' END)
     ORDER BY (c.record_id IS NULL OR c.url <> r.url) DESC, c.checked_at NULLS FIRST, r.id
     LIMIT greatest(p_limit, 0)
$$;

-- The answer of one check: p_ok the link answered 2xx/3xx, p_status the
-- last HTTP status (NULL without one), p_error why it failed. Returns
--   'ok'         works (and did)
--   'failing'    failed, fewer than three times in a row
--   'dead'       failed the third time in a row (reported and notified
--                then) or still dead
--   'recovered'  works again after being dead: the report is closed as
--                'recovered' and the author told
--   'stale'      the record is no longer published or its URL changed
--                while it was checked: nothing is kept
-- A URL other than the one checked before starts over at zero failures
-- (and closes a report about the old URL).
CREATE OR REPLACE FUNCTION kc_link_checked(p_record bigint, p_url text, p_ok boolean,
                                           p_status int, p_error text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_rec    records%ROWTYPE;
    v_check  link_checks%ROWTYPE;
    v_fails  int := 0;
    v_was    boolean := false;
    v_report bigint;
    v_dead   timestamptz;
    v_error  text := left(nullif(p_error, ''), 300);
BEGIN
    SELECT * INTO v_rec FROM records WHERE id = p_record FOR SHARE;
    IF NOT FOUND OR v_rec.state <> 'published' OR v_rec.url IS DISTINCT FROM p_url THEN
        RETURN 'stale';
    END IF;
    SELECT * INTO v_check FROM link_checks WHERE record_id = p_record FOR UPDATE;
    IF FOUND AND v_check.url = p_url THEN
        v_fails := v_check.failures_in_a_row;
        v_was := v_check.dead_since IS NOT NULL;
        v_report := v_check.report_id;
    ELSIF FOUND THEN
        PERFORM kc_link_report_close(v_check.report_id);
    END IF;

    IF p_ok THEN
        INSERT INTO link_checks (record_id, url, checked_at, ok, http_status, error,
                                 failures_in_a_row, dead_since, report_id)
        VALUES (p_record, p_url, now(), true, p_status, NULL, 0, NULL, NULL)
        ON CONFLICT (record_id) DO UPDATE
           SET url = EXCLUDED.url, checked_at = EXCLUDED.checked_at, ok = true,
               http_status = EXCLUDED.http_status, error = NULL, failures_in_a_row = 0,
               dead_since = NULL, report_id = NULL;
        IF NOT v_was THEN
            RETURN 'ok';
        END IF;
        PERFORM kc_link_report_close(v_report);
        IF v_rec.author_id IS NOT NULL THEN
            INSERT INTO notifications (member_id, kind, record_id, reason)
            VALUES (v_rec.author_id, 'link_recovered', p_record, p_url);
        END IF;
        RETURN 'recovered';
    END IF;

    v_fails := v_fails + 1;
    v_dead := CASE WHEN v_was THEN v_check.dead_since WHEN v_fails >= 3 THEN now() END;
    IF v_fails = 3 AND NOT v_was THEN
        INSERT INTO reports (target_type, target_id, reporter_id, reason, text)
        VALUES ('record', p_record, NULL, 'dead_link',
                left(p_url || ' — ' || coalesce(v_error, 'no answer')
                     || ' (3 checks in a row)', 5000))
        RETURNING id INTO v_report;
        IF v_rec.author_id IS NOT NULL THEN
            INSERT INTO notifications (member_id, kind, record_id, reason)
            VALUES (v_rec.author_id, 'link_dead', p_record, p_url);
        END IF;
    END IF;
    INSERT INTO link_checks (record_id, url, checked_at, ok, http_status, error,
                             failures_in_a_row, dead_since, report_id)
    VALUES (p_record, p_url, now(), false, p_status, coalesce(v_error, 'no answer'),
            v_fails, v_dead, v_report)
    ON CONFLICT (record_id) DO UPDATE
       SET url = EXCLUDED.url, checked_at = EXCLUDED.checked_at, ok = false,
           http_status = EXCLUDED.http_status, error = EXCLUDED.error,
           failures_in_a_row = EXCLUDED.failures_in_a_row,
           dead_since = EXCLUDED.dead_since,
           report_id = EXCLUDED.report_id;
    RETURN CASE WHEN v_fails >= 3 THEN 'dead' ELSE 'failing' END;
END
$$;

-- Close a dead-link report the site raised, if a moderator has not closed
-- it already (a moderator's outcome stays).
CREATE OR REPLACE FUNCTION kc_link_report_close(p_report bigint) RETURNS void
LANGUAGE sql AS $$
    UPDATE reports SET closed_at = now(), closed_by = NULL, outcome = 'recovered'
     WHERE id = p_report AND closed_at IS NULL AND reason = 'dead_link';
$$;
