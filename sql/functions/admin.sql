-- admin.sql -- the platform team's actions (role admin): objections,
-- takedowns, removals, bans, roles and moderator scopes (tables: 005).
-- The conventions of moderation.sql hold: one function per change, an error
-- code instead of a raise, one audit_log row per change.

-- Decide an open objection. p_decision: 'uphold' (stays refused) or
-- 'overturn' (published now and paid once, key 'contribution:ID').
--   'ok' | 'notfound' (no open objection on a refused record) | 'role'
-- Raises invalid_parameter_value on another decision.
CREATE OR REPLACE FUNCTION kc_objection_decide(p_admin bigint, p_record bigint, p_decision text,
                                    p_reason text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
    v_paid  bigint := 0;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF p_decision IS NULL OR p_decision NOT IN ('uphold', 'overturn') THEN
        RAISE EXCEPTION 'kc_objection_decide: decision must be uphold or overturn, not %', p_decision
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Locks the objection and the record; a concurrent decision waits and
    -- then no longer finds an open objection.
    SELECT r.state INTO v_state
      FROM objections o JOIN records r ON r.id = o.record_id
     WHERE o.record_id = p_record AND o.decided_at IS NULL
       FOR UPDATE;
    IF NOT FOUND OR v_state <> 'refused' THEN
        RETURN 'notfound';
    END IF;

    UPDATE objections
       SET decided_at = now(),
           decision = CASE p_decision WHEN 'uphold' THEN 'upheld' ELSE 'overturned' END,
           decided_by = p_admin, decision_reason = p_reason
     WHERE record_id = p_record;

    IF p_decision = 'overturn' THEN
        UPDATE records
           SET state = 'published', published_at = now(),
               moderated_at = now(), moderated_by = p_admin, updated_at = now()
         WHERE id = p_record;
        v_paid := kc_record_pay(p_record, 'contribution:' || p_record, NULL);
        PERFORM kc_moderation_event(p_record, p_admin, 'objection_overturned',
                                    'objection_overturned', p_reason);
        PERFORM kc_audit(p_admin, 'objection_overturn', 'record', p_record, p_reason,
                         jsonb_build_object('paid', v_paid));
    ELSE
        PERFORM kc_moderation_event(p_record, p_admin, 'objection_upheld',
                                    'objection_upheld', p_reason);
        PERFORM kc_audit(p_admin, 'objection_uphold', 'record', p_record, p_reason, '{}');
    END IF;
    RETURN 'ok';
END
$$;

-- Take a published record down at once (IP complaint): hidden, the author
-- notified, the contribution points taken back (at most the balance).
--   'ok' | 'notfound' (no such record, or not published) | 'role'
CREATE OR REPLACE FUNCTION kc_record_takedown(p_admin bigint, p_record bigint, p_reason text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_taken bigint;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    UPDATE records
       SET state = 'taken_down', takedown_reason = p_reason, updated_at = now()
     WHERE id = p_record AND state = 'published';
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    v_taken := kc_record_unpay(p_record, 'taken down');
    PERFORM kc_moderation_event(p_record, p_admin, 'taken_down', 'taken_down', p_reason);
    PERFORM kc_audit(p_admin, 'takedown', 'record', p_record, p_reason,
                     jsonb_build_object('taken_back', v_taken));
    RETURN 'ok';
END
$$;

-- Publish a taken-down record again and pay its points again, once per
-- record ever (key 'restore:ID': a second restore after a second takedown
-- pays nothing).
--   'ok' | 'notfound' (no such record, or not taken_down) | 'role'
CREATE OR REPLACE FUNCTION kc_record_restore(p_admin bigint, p_record bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_paid bigint;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    UPDATE records
       SET state = 'published', published_at = coalesce(published_at, now()),
           takedown_reason = NULL, updated_at = now()
     WHERE id = p_record AND state = 'taken_down';
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    v_paid := kc_record_pay(p_record, 'restore:' || p_record, 'restored');
    PERFORM kc_moderation_event(p_record, p_admin, 'restored', 'restored', NULL);
    PERFORM kc_audit(p_admin, 'restore', 'record', p_record, NULL,
                     jsonb_build_object('paid', v_paid));
    RETURN 'ok';
END
$$;

-- Remove a published or taken-down record for good. A published one gives
-- its points back like a takedown (a taken-down one already did).
--   'ok' | 'notfound' (no such record, or not published/taken_down) | 'role'
CREATE OR REPLACE FUNCTION kc_record_remove(p_admin bigint, p_record bigint, p_reason text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
    v_taken bigint := 0;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    SELECT r.state INTO v_state FROM records r
     WHERE r.id = p_record AND r.state IN ('published', 'taken_down')
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    UPDATE records SET state = 'removed', updated_at = now() WHERE id = p_record;
    -- Keyed reversals: after a takedown this takes nothing more.
    v_taken := kc_record_unpay(p_record, 'removed');
    PERFORM kc_moderation_event(p_record, p_admin, 'removed', 'removed', p_reason);
    PERFORM kc_audit(p_admin, 'remove', 'record', p_record, p_reason,
                     jsonb_build_object('from', v_state, 'taken_back', v_taken));
    RETURN 'ok';
END
$$;

-- Ban a member until p_until, or for good (p_permanent); their sessions end.
--   'ok' | 'notfound' (no such live member) | 'role' | 'self'
-- Raises invalid_parameter_value for a temporary ban without a future date.
-- Banning again replaces the previous ban.
CREATE OR REPLACE FUNCTION kc_member_ban(p_admin bigint, p_member bigint, p_until timestamptz,
                              p_permanent boolean, p_reason text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_permanent boolean := coalesce(p_permanent, false);
    v_sessions  bigint;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF p_member = p_admin THEN
        RETURN 'self';
    END IF;
    IF NOT v_permanent AND (p_until IS NULL OR p_until <= now()) THEN
        RAISE EXCEPTION 'kc_member_ban: a temporary ban needs a date in the future (got %)', p_until
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE members
       SET banned_until  = CASE WHEN v_permanent THEN NULL ELSE p_until END,
           ban_permanent = v_permanent,
           ban_reason    = p_reason
     WHERE id = p_member AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    WITH d AS (DELETE FROM sessions WHERE member_id = p_member RETURNING 1)
    SELECT count(*) INTO v_sessions FROM d;
    PERFORM kc_audit(p_admin, 'ban', 'member', p_member, p_reason,
                     jsonb_build_object('until', CASE WHEN v_permanent THEN NULL ELSE p_until END,
                                        'permanent', v_permanent,
                                        'sessions_ended', v_sessions));
    RETURN 'ok';
END
$$;

-- Lift a ban (also an expired one). 'ok' | 'notfound' (no such live member)
-- | 'role'. A member without a ban: 'ok', nothing written.
CREATE OR REPLACE FUNCTION kc_member_unban(p_admin bigint, p_member bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_until     timestamptz;
    v_permanent boolean;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    SELECT m.banned_until, m.ban_permanent INTO v_until, v_permanent
      FROM members m WHERE m.id = p_member AND m.deleted_at IS NULL
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF v_until IS NULL AND NOT v_permanent THEN
        RETURN 'ok';
    END IF;
    UPDATE members SET banned_until = NULL, ban_permanent = false, ban_reason = NULL
     WHERE id = p_member;
    PERFORM kc_audit(p_admin, 'unban', 'member', p_member, NULL,
                     jsonb_build_object('was_until', v_until, 'was_permanent', v_permanent));
    RETURN 'ok';
END
$$;

-- Change a member's role (member | organisation | moderator | admin; another
-- value raises check_violation).
--   'ok' | 'notfound' (no such live member) | 'role' | 'self'
-- The same role again: 'ok', nothing written. Scope rows are kept.
CREATE OR REPLACE FUNCTION kc_member_set_role(p_admin bigint, p_member bigint, p_role text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_from text;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF p_member = p_admin THEN
        RETURN 'self';
    END IF;
    SELECT m.role INTO v_from FROM members m
     WHERE m.id = p_member AND m.deleted_at IS NULL
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF v_from = p_role THEN
        RETURN 'ok';
    END IF;
    UPDATE members SET role = p_role WHERE id = p_member;
    PERFORM kc_audit(p_admin, 'set_role', 'member', p_member, NULL,
                     jsonb_build_object('from', v_from, 'to', p_role));
    RETURN 'ok';
END
$$;

-- Replace a moderator's scope (unknown ids ignored; NULL or empty arrays:
-- no rows = everything).
--   'ok' | 'notfound' (no such live member) | 'role'
--   | 'empty_levels' / 'empty_subjects': ids were given, none is known
--     (the field named is the one that had ids; nothing written)
-- The same scope again: 'ok', nothing written.
CREATE OR REPLACE FUNCTION kc_moderator_set_scope(p_admin bigint, p_member bigint, p_levels int[],
                                       p_subjects int[])
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_lev0  int[];
    v_subj0 int[];
    v_lev1  int[];
    v_subj1 int[];
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    -- The member row lock serialises two admins editing the same scope.
    PERFORM 1 FROM members m WHERE m.id = p_member AND m.deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    SELECT coalesce(array_agg(level_id ORDER BY level_id), '{}') INTO v_lev0
      FROM moderator_levels WHERE member_id = p_member;
    SELECT coalesce(array_agg(subject_id ORDER BY subject_id), '{}') INTO v_subj0
      FROM moderator_subjects WHERE member_id = p_member;
    SELECT coalesce(array_agg(l.id ORDER BY l.id), '{}') INTO v_lev1
      FROM levels l WHERE l.id = ANY (p_levels);
    SELECT coalesce(array_agg(s.id ORDER BY s.id), '{}') INTO v_subj1
      FROM subjects s WHERE s.id = ANY (p_subjects);
    -- Ids were given but none is known: saving would make the scope empty,
    -- which means everything. Refused, naming the field.
    IF v_lev1 = '{}' AND v_subj1 = '{}'
       AND (cardinality(p_levels) > 0 OR cardinality(p_subjects) > 0) THEN
        RETURN CASE WHEN cardinality(p_levels) > 0 THEN 'empty_levels' ELSE 'empty_subjects' END;
    END IF;
    IF v_lev0 = v_lev1 AND v_subj0 = v_subj1 THEN
        RETURN 'ok';
    END IF;

    DELETE FROM moderator_levels WHERE member_id = p_member;
    INSERT INTO moderator_levels (member_id, level_id) SELECT p_member, unnest(v_lev1);
    DELETE FROM moderator_subjects WHERE member_id = p_member;
    INSERT INTO moderator_subjects (member_id, subject_id) SELECT p_member, unnest(v_subj1);
    PERFORM kc_audit(p_admin, 'set_scope', 'member', p_member, NULL,
                     jsonb_build_object('from', jsonb_build_object('levels', v_lev0, 'subjects', v_subj0),
                                        'to',   jsonb_build_object('levels', v_lev1, 'subjects', v_subj1)));
    RETURN 'ok';
END
$$;
