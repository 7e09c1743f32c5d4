-- moderation.sql -- contributing, moderation, objections, reports and the
-- audit log (tables: 005; spec: moderation.md). The platform team's
-- functions are in admin.sql.
--
-- Every change that touches more than one row is ONE function, so the C code
-- runs one statement and nothing is ever half-written. The functions return
-- 'ok' or an error code (text) the C code maps to a page; they RAISE only on
-- what the C code validates first (lengths, codes, unknown member ids), so a
-- raise is a 500, never a user error.
--
-- Concurrency (READ COMMITTED): a state change is
--     UPDATE records ... WHERE id = $1 AND state = '<expected>'
-- (or SELECT ... FOR UPDATE with the state in the WHERE clause). A second,
-- concurrent call waits for the first one's row lock, re-checks the WHERE
-- clause against the committed row, finds nothing and returns its error code.
-- Points are paid with kc_points_award and a fixed key, so even a path that
-- got past the state check could not pay twice: the award_key UNIQUE decides.
--
-- Audit: each moderation/admin function writes exactly one audit_log row
-- when it returns 'ok' and changed something; no row for an error code.

CREATE OR REPLACE FUNCTION kc_audit_log_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log rows cannot be changed'
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE TRIGGER audit_log_immutable_trg
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION kc_audit_log_immutable();
CREATE OR REPLACE TRIGGER audit_log_no_truncate_trg
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION kc_audit_log_immutable();

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

-- A live account (not deleted, not banned now) with one of the roles.
CREATE OR REPLACE FUNCTION kc_member_has_role(p_member bigint, p_roles text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM members m
         WHERE m.id = p_member AND m.role = ANY (p_roles)
           AND m.deleted_at IS NULL
           AND NOT m.ban_permanent
           AND (m.banned_until IS NULL OR m.banned_until <= now()))
$$;

-- Whether a record is in a moderator's scope: admins and moderators without
-- scope rows see everything; otherwise the record must share a level or a
-- subject with the scope. (Says nothing about the role: check that apart.)
-- For the queue:
--   WHERE r.state = 'pending' AND kc_in_scope($1, r.id) ORDER BY r.submitted_at, r.id
-- (index scan on records_queue_idx with the function as a filter; about 1 ms
-- for 50 rows of a 5000-record data set).
CREATE OR REPLACE FUNCTION kc_in_scope(p_moderator bigint, p_record bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM members m WHERE m.id = p_moderator AND m.role = 'admin')
        OR (NOT EXISTS (SELECT 1 FROM moderator_levels ml WHERE ml.member_id = p_moderator)
            AND NOT EXISTS (SELECT 1 FROM moderator_subjects ms WHERE ms.member_id = p_moderator))
        OR EXISTS (SELECT 1 FROM record_levels rl
                     JOIN moderator_levels ml ON ml.level_id = rl.level_id
                    WHERE rl.record_id = p_record AND ml.member_id = p_moderator)
        OR EXISTS (SELECT 1 FROM record_subjects rs
                     JOIN moderator_subjects ms ON ms.subject_id = rs.subject_id
                    WHERE rs.record_id = p_record AND ms.member_id = p_moderator)
$$;

-- Whether a moderator's scope is everything: an admin, or a moderator
-- without scope rows. Forum categories have no levels or subjects, so
-- forum posts and topics (and reports on them) are moderated only by
-- unscoped moderators and admins. (Says nothing about the role.)
CREATE OR REPLACE FUNCTION kc_unscoped(p_moderator bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM members m WHERE m.id = p_moderator AND m.role = 'admin')
        OR (NOT EXISTS (SELECT 1 FROM moderator_levels ml WHERE ml.member_id = p_moderator)
            AND NOT EXISTS (SELECT 1 FROM moderator_subjects ms WHERE ms.member_id = p_moderator))
$$;

-- Whether a report's target is in a moderator's scope: a record's levels
-- and subjects; anything else (forum posts) only for the unscoped.
CREATE OR REPLACE FUNCTION kc_report_in_scope(p_moderator bigint, p_target_type text,
                                              p_target_id bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_target_type = 'record' THEN kc_in_scope(p_moderator, p_target_id)
                ELSE kc_unscoped(p_moderator) END
$$;

CREATE OR REPLACE FUNCTION kc_audit(p_actor bigint, p_action text, p_target_type text,
                         p_target_id bigint, p_reason text, p_details jsonb)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, details)
    VALUES (p_actor, p_action, p_target_type, p_target_id, p_reason,
            coalesce(p_details, '{}'::jsonb));
$$;

-- A history row for the record, and a notification for its author (if any).
CREATE OR REPLACE FUNCTION kc_moderation_event(p_record bigint, p_actor bigint, p_action text,
                                    p_notify text, p_reason text)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO moderation_rounds (record_id, action, actor_id, reason)
    VALUES (p_record, p_action, p_actor, p_reason);
    INSERT INTO notifications (member_id, kind, record_id, reason)
    SELECT r.author_id, p_notify, r.id, p_reason
      FROM records r
     WHERE r.id = p_record AND r.author_id IS NOT NULL AND p_notify IS NOT NULL;
$$;

-- Pay the author of a record the points of its kind under p_key (once).
CREATE OR REPLACE FUNCTION kc_record_pay(p_record bigint, p_key text, p_note text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_author bigint;
    v_kind   text;
BEGIN
    SELECT r.author_id, r.kind INTO v_author, v_kind FROM records r WHERE r.id = p_record;
    IF v_author IS NULL THEN
        RETURN 0;
    END IF;
    RETURN kc_points_award(v_author, 'contribution_' || v_kind, 'record:' || p_record,
                           (SELECT pr.points FROM point_rules pr
                             WHERE pr.event = 'contribution_' || v_kind),
                           p_key, p_note);
END
$$;

-- Take back what publishing a record paid: the approval and, if it was
-- restored before, the restore payment. Keyed: a second call takes nothing.
CREATE OR REPLACE FUNCTION kc_record_unpay(p_record bigint, p_note text) RETURNS bigint
LANGUAGE sql AS $$
    SELECT kc_points_reverse('contribution:' || p_record, p_note)
         + kc_points_reverse('restore:' || p_record, p_note);
$$;

-- Replace the subjects/levels of a record (unknown ids ignored; NULL keeps).
CREATE OR REPLACE FUNCTION kc_record_set_taxonomy(p_record bigint, p_subjects int[], p_levels int[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_subjects IS NOT NULL THEN
        DELETE FROM record_subjects WHERE record_id = p_record;
        INSERT INTO record_subjects (record_id, subject_id)
        SELECT p_record, s.id FROM subjects s WHERE s.id = ANY (p_subjects);
    END IF;
    IF p_levels IS NOT NULL THEN
        DELETE FROM record_levels WHERE record_id = p_record;
        INSERT INTO record_levels (record_id, level_id)
        SELECT p_record, l.id FROM levels l WHERE l.id = ANY (p_levels);
    END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Contributors
-- ---------------------------------------------------------------------------

-- A new contribution, pending. Returns its id. Raises when the member does
-- not exist, is deleted or is banned now (the C side checks first).
-- A member with role organisation is also the record's organisation.
-- File: all of sha256, name and type, or none (records_file_complete).
CREATE OR REPLACE FUNCTION kc_contribution_create(p_member bigint, p_kind text, p_title text,
                                       p_description text, p_language text,
                                       p_licence text, p_url text, p_details jsonb,
                                       p_subjects int[], p_levels int[],
                                       p_file_sha256 text, p_file_name text,
                                       p_file_type text, p_file_size bigint)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_name text;
    v_role text;
    v_id   bigint;
BEGIN
    SELECT m.first_name || ' ' || m.surname, m.role INTO v_name, v_role
      FROM members m
     WHERE m.id = p_member AND m.deleted_at IS NULL
       AND NOT m.ban_permanent AND (m.banned_until IS NULL OR m.banned_until <= now());
    IF NOT FOUND THEN
        RAISE EXCEPTION 'kc_contribution_create: member % does not exist, is deleted or banned', p_member
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    INSERT INTO records (kind, title, description, language, licence, author_id, author_name,
                         organisation_id, state, url, details, submitted_at,
                         file_sha256, file_name, file_type, file_size)
    VALUES (p_kind, p_title, coalesce(p_description, ''), p_language, p_licence, p_member, v_name,
            CASE WHEN v_role = 'organisation' THEN p_member END, 'pending', p_url,
            coalesce(p_details, '{}'::jsonb), now(),
            p_file_sha256, p_file_name, p_file_type, p_file_size)
    RETURNING id INTO v_id;

    PERFORM kc_record_set_taxonomy(v_id, coalesce(p_subjects, '{}'), coalesce(p_levels, '{}'));
    PERFORM kc_moderation_event(v_id, p_member, 'submitted', NULL, NULL);
    RETURN v_id;
END
$$;

-- The contributor edits an own pending or changes_requested record.
--   'ok'        saved; a changes_requested record is pending again (round 'resubmitted')
--   'notfound'  not the member's record, or not pending/changes_requested
-- NULL title/description/language/licence/details keep the current value;
-- p_url is stored as given (NULL = no URL); NULL subjects/levels keep them;
-- NULL p_file_sha256 keeps the current file (all four file columns).
-- submitted_at is not changed: a resubmitted record keeps its queue place.
CREATE OR REPLACE FUNCTION kc_contribution_update(p_member bigint, p_record bigint, p_title text,
                                       p_description text, p_language text,
                                       p_licence text, p_url text, p_details jsonb,
                                       p_subjects int[], p_levels int[],
                                       p_file_sha256 text, p_file_name text,
                                       p_file_type text, p_file_size bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
BEGIN
    SELECT r.state INTO v_state FROM records r
     WHERE r.id = p_record AND r.author_id = p_member
       AND r.state IN ('pending', 'changes_requested')
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;

    UPDATE records
       SET title       = coalesce(p_title, title),
           description = coalesce(p_description, description),
           language    = coalesce(p_language, language),
           licence     = coalesce(p_licence, licence),
           url         = p_url,
           details     = coalesce(p_details, details),
           file_sha256 = CASE WHEN p_file_sha256 IS NULL THEN file_sha256 ELSE p_file_sha256 END,
           file_name   = CASE WHEN p_file_sha256 IS NULL THEN file_name ELSE p_file_name END,
           file_type   = CASE WHEN p_file_sha256 IS NULL THEN file_type ELSE p_file_type END,
           file_size   = CASE WHEN p_file_sha256 IS NULL THEN file_size ELSE p_file_size END,
           state       = 'pending',
           version     = version + 1,
           updated_at  = now()
     WHERE id = p_record;

    PERFORM kc_record_set_taxonomy(p_record, p_subjects, p_levels);
    IF v_state = 'changes_requested' THEN
        PERFORM kc_moderation_event(p_record, p_member, 'resubmitted', NULL, NULL);
    END IF;
    RETURN 'ok';
END
$$;

-- 'ok' | 'notfound' (not own, or not pending/changes_requested).
CREATE OR REPLACE FUNCTION kc_contribution_withdraw(p_member bigint, p_record bigint) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE records SET state = 'withdrawn', updated_at = now()
     WHERE id = p_record AND author_id = p_member
       AND state IN ('pending', 'changes_requested');
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_moderation_event(p_record, p_member, 'withdrawn', NULL, NULL);
    RETURN 'ok';
END
$$;

-- The contributor objects to a refusal, once per record.
--   'ok' | 'notfound' (not own, or not refused) | 'already' (an objection exists)
-- Raises check_violation when the text is not 10..5000 characters.
CREATE OR REPLACE FUNCTION kc_objection_file(p_member bigint, p_record bigint, p_text text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
BEGIN
    SELECT r.state INTO v_state FROM records r
     WHERE r.id = p_record AND r.author_id = p_member;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF EXISTS (SELECT 1 FROM objections o WHERE o.record_id = p_record) THEN
        RETURN 'already';
    END IF;
    IF v_state <> 'refused' THEN
        RETURN 'notfound';
    END IF;
    BEGIN
        INSERT INTO objections (record_id, member_id, text) VALUES (p_record, p_member, p_text);
    EXCEPTION WHEN unique_violation THEN
        RETURN 'already';               -- a concurrent call won
    END;
    PERFORM kc_moderation_event(p_record, p_member, 'objection', NULL, p_text);
    RETURN 'ok';
END
$$;

-- Any live member reports a record or a forum post.
--   'ok:<id>'    filed
--   'already'    this member has an open report on this target: one is enough
--   'ratelimit'  this member filed 20 reports in the last 24 hours
-- Raises when the reporter is not a live, unbanned member, when a reported
-- record does not exist, or on a bad reason/text (CHECKs). The advisory
-- lock serialises one member's reports, so parallel ones count each other.
CREATE OR REPLACE FUNCTION kc_report_file(p_member bigint, p_target_type text, p_target_id bigint,
                               p_reason text, p_text text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT kc_member_has_role(p_member, ARRAY['member', 'organisation', 'moderator', 'admin']) THEN
        RAISE EXCEPTION 'kc_report_file: member % does not exist, is deleted or banned', p_member
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_target_type = 'record'
       AND NOT EXISTS (SELECT 1 FROM records r WHERE r.id = p_target_id) THEN
        RAISE EXCEPTION 'kc_report_file: no record %', p_target_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    PERFORM pg_advisory_xact_lock(1703, hashtext(p_member::text));
    IF EXISTS (SELECT 1 FROM reports p
                WHERE p.reporter_id = p_member AND p.target_type = p_target_type
                  AND p.target_id = p_target_id AND p.closed_at IS NULL) THEN
        RETURN 'already';
    END IF;
    IF (SELECT count(*) FROM reports p
         WHERE p.reporter_id = p_member AND p.created_at > now() - interval '24 hours') >= 20 THEN
        RETURN 'ratelimit';
    END IF;
    INSERT INTO reports (target_type, target_id, reporter_id, reason, text)
    VALUES (p_target_type, p_target_id, p_member, p_reason, p_text)
    ON CONFLICT DO NOTHING
    RETURNING id INTO v_id;
    RETURN CASE WHEN v_id IS NULL THEN 'already' ELSE 'ok:' || v_id END;
END
$$;

-- ---------------------------------------------------------------------------
-- Moderators (role moderator or admin; admins and unscoped moderators see all)
-- ---------------------------------------------------------------------------

-- NULL when p_moderator may act on the record, else the error code:
-- 'role' (not a live moderator/admin), 'notfound' (no such record),
-- 'scope' (outside the moderator's scope).
CREATE OR REPLACE FUNCTION kc_moderation_gate(p_moderator bigint, p_record bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN NOT kc_member_has_role(p_moderator, ARRAY['moderator', 'admin']) THEN 'role'
        WHEN NOT EXISTS (SELECT 1 FROM records r WHERE r.id = p_record) THEN 'notfound'
        WHEN NOT kc_in_scope(p_moderator, p_record) THEN 'scope'
    END
$$;

-- Locks a pending record against its author's edits for the rest of the
-- transaction and checks that it is still the version the moderator saw:
-- NULL (go on: the decision's UPDATE finds no pending row when it is not
-- pending) or 'changed'.
CREATE OR REPLACE FUNCTION kc_moderation_version(p_record bigint, p_version int) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_version int;
BEGIN
    SELECT r.version INTO v_version FROM records r
     WHERE r.id = p_record AND r.state = 'pending' FOR UPDATE;
    IF FOUND AND v_version IS DISTINCT FROM p_version THEN
        RETURN 'changed';
    END IF;
    RETURN NULL;
END
$$;

-- Approve a pending record with the moderator's edits, publish it and pay
-- the author once (key 'contribution:ID', event 'contribution_<kind>').
--   'ok'        published and paid
--   'already'   published already: nothing changes, nothing is paid
--   'notfound'  no such record, or not pending
--   'scope'     outside the moderator's scope
--   'role'      p_moderator is not a live moderator/admin
--   'changed'   the author edited it after the review form was shown
--               (p_version, the records.version the form showed, differs;
--               NULL: unknown, so changed): nothing happens
-- NULL edits keep the current value (subjects/levels: NULL keeps, an array
-- replaces them, unknown ids ignored).
CREATE OR REPLACE FUNCTION kc_moderate_approve(p_moderator bigint, p_record bigint, p_title text,
                                    p_description text, p_language text,
                                    p_subjects int[], p_levels int[],
                                    p_version int)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_err      text;
    v_old      records%ROWTYPE;
    v_new      records%ROWTYPE;
    v_subj0    int[];
    v_subj1    int[];
    v_lev0     int[];
    v_lev1     int[];
    v_paid     bigint;
    v_changes  jsonb := '{}';
BEGIN
    v_err := kc_moderation_gate(p_moderator, p_record);
    IF v_err IS NOT NULL THEN
        RETURN v_err;
    END IF;

    -- The row lock decides between concurrent approvals: the second waits,
    -- re-reads the committed row, which no longer matches, and gets nothing.
    SELECT * INTO v_old FROM records r WHERE r.id = p_record AND r.state = 'pending' FOR UPDATE;
    IF NOT FOUND THEN
        RETURN CASE WHEN (SELECT r.state FROM records r WHERE r.id = p_record) = 'published'
                    THEN 'already' ELSE 'notfound' END;
    END IF;
    -- The lock also orders this against the author's edits: what is
    -- published is what the moderator saw, or nothing.
    IF v_old.version IS DISTINCT FROM p_version THEN
        RETURN 'changed';
    END IF;

    UPDATE records
       SET title        = coalesce(p_title, title),
           description  = coalesce(p_description, description),
           language     = coalesce(p_language, language),
           state        = 'published',
           published_at = now(),
           moderated_at = now(),
           moderated_by = p_moderator,
           updated_at   = now()
     WHERE id = p_record
    RETURNING * INTO v_new;

    SELECT coalesce(array_agg(subject_id ORDER BY subject_id), '{}') INTO v_subj0
      FROM record_subjects WHERE record_id = p_record;
    SELECT coalesce(array_agg(level_id ORDER BY level_id), '{}') INTO v_lev0
      FROM record_levels WHERE record_id = p_record;
    PERFORM kc_record_set_taxonomy(p_record, p_subjects, p_levels);
    SELECT coalesce(array_agg(subject_id ORDER BY subject_id), '{}') INTO v_subj1
      FROM record_subjects WHERE record_id = p_record;
    SELECT coalesce(array_agg(level_id ORDER BY level_id), '{}') INTO v_lev1
      FROM record_levels WHERE record_id = p_record;

    v_paid := kc_record_pay(p_record, 'contribution:' || p_record, NULL);
    PERFORM kc_moderation_event(p_record, p_moderator, 'approved', 'approved', NULL);

    -- What the moderator changed, for the audit log.
    IF v_new.title <> v_old.title THEN
        v_changes := v_changes || jsonb_build_object('title',
                         jsonb_build_object('from', v_old.title, 'to', v_new.title));
    END IF;
    IF v_new.description <> v_old.description THEN
        v_changes := v_changes || jsonb_build_object('description', true);
    END IF;
    IF v_new.language <> v_old.language THEN
        v_changes := v_changes || jsonb_build_object('language',
                         jsonb_build_object('from', v_old.language, 'to', v_new.language));
    END IF;
    IF v_subj1 <> v_subj0 THEN
        v_changes := v_changes || jsonb_build_object('subjects',
                         jsonb_build_object('from', v_subj0, 'to', v_subj1));
    END IF;
    IF v_lev1 <> v_lev0 THEN
        v_changes := v_changes || jsonb_build_object('levels',
                         jsonb_build_object('from', v_lev0, 'to', v_lev1));
    END IF;
    PERFORM kc_audit(p_moderator, 'approve', 'record', p_record, NULL,
                     jsonb_build_object('kind', v_new.kind, 'paid', v_paid, 'changes', v_changes));
    RETURN 'ok';
END
$$;

-- Ask the contributor for changes: pending -> changes_requested.
--   'ok' | 'notfound' (no such record, or not pending) | 'scope' | 'role'
--   | 'changed' (p_version is not the current version: see approve)
CREATE OR REPLACE FUNCTION kc_moderate_changes(p_moderator bigint, p_record bigint, p_reason text,
                                    p_version int)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_err text;
BEGIN
    v_err := kc_moderation_gate(p_moderator, p_record);
    IF v_err IS NOT NULL THEN
        RETURN v_err;
    END IF;
    v_err := kc_moderation_version(p_record, p_version);
    IF v_err IS NOT NULL THEN
        RETURN v_err;
    END IF;
    UPDATE records
       SET state = 'changes_requested', changes_reason = p_reason,
           moderated_at = now(), moderated_by = p_moderator, updated_at = now()
     WHERE id = p_record AND state = 'pending';
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_moderation_event(p_record, p_moderator, 'changes_requested',
                                'changes_requested', p_reason);
    PERFORM kc_audit(p_moderator, 'request_changes', 'record', p_record, p_reason, '{}');
    RETURN 'ok';
END
$$;

-- Refuse a pending record with a code (copyright, quality, duplicate,
-- off_topic, incomplete, other; checked by the C side) and a reason.
--   'ok' | 'notfound' (no such record, or not pending) | 'scope' | 'role'
--   | 'changed' (p_version is not the current version: see approve)
CREATE OR REPLACE FUNCTION kc_moderate_refuse(p_moderator bigint, p_record bigint, p_code text,
                                   p_reason text, p_version int)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_err text;
BEGIN
    v_err := kc_moderation_gate(p_moderator, p_record);
    IF v_err IS NOT NULL THEN
        RETURN v_err;
    END IF;
    v_err := kc_moderation_version(p_record, p_version);
    IF v_err IS NOT NULL THEN
        RETURN v_err;
    END IF;
    UPDATE records
       SET state = 'refused', refusal_code = p_code, refusal_reason = p_reason,
           moderated_at = now(), moderated_by = p_moderator, updated_at = now()
     WHERE id = p_record AND state = 'pending';
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_moderation_event(p_record, p_moderator, 'refused', 'refused', p_reason);
    PERFORM kc_audit(p_moderator, 'refuse', 'record', p_record, p_reason,
                     jsonb_build_object('code', p_code));
    RETURN 'ok';
END
$$;

-- Close an open report. 'ok' | 'notfound' (no such open report) | 'role'
-- | 'scope' (its target is outside the moderator's scope: kc_report_in_scope).
-- Raises on an outcome other than dismissed | acted (CHECK).
CREATE OR REPLACE FUNCTION kc_report_close(p_moderator bigint, p_report bigint, p_outcome text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_type   text;
    v_target bigint;
BEGIN
    IF NOT kc_member_has_role(p_moderator, ARRAY['moderator', 'admin']) THEN
        RETURN 'role';
    END IF;
    SELECT p.target_type, p.target_id INTO v_type, v_target FROM reports p
     WHERE p.id = p_report AND p.closed_at IS NULL;
    IF FOUND AND NOT kc_report_in_scope(p_moderator, v_type, v_target) THEN
        RETURN 'scope';
    END IF;
    UPDATE reports
       SET closed_at = now(), closed_by = p_moderator, outcome = p_outcome
     WHERE id = p_report AND closed_at IS NULL
    RETURNING target_type, target_id INTO v_type, v_target;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_audit(p_moderator, 'report_close', 'report', p_report, NULL,
                     jsonb_build_object('outcome', p_outcome, 'target_type', v_type,
                                        'target_id', v_target));
    RETURN 'ok';
END
$$;
