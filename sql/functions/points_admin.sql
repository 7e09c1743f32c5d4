-- points_admin.sql -- the platform team's side of the points economy (role
-- admin): grants, rule values, campaigns, milestones (tables: 002, 018).
-- The conventions of admin.sql hold: one function per change, an error code
-- instead of a raise, one audit_log row per change. Points move only through
-- the functions of points.sql.

-- Grant p_amount points to a member (negative: a correction, never below a
-- zero balance), with a reason the member sees on their ledger and an
-- optional symbolic reward ("reward: two theatre tickets") kept on the
-- ledger row; p_record (or NULL): the record it is for, whose author the
-- member must be. p_key: the form's one-time key, so a double submit pays
-- once. Amount 0 is only allowed with a reward.
--   'ok' | 'role' | 'self' | 'notfound' (no live member, or not the record's
--   author) | 'already' (key used) | 'balance' (would go below zero)
--   | 'invalid' (no reason, amount 0 without a reward, |amount| > 100000)
CREATE OR REPLACE FUNCTION kc_points_grant(p_admin bigint, p_member bigint, p_amount bigint,
                                p_reason text, p_reward text, p_record bigint, p_key text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_balance bigint;
    v_key     text := 'grant:' || p_key;
    v_reward  text := nullif(btrim(coalesce(p_reward, '')), '');
    v_paid    bigint;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF p_member = p_admin THEN
        RETURN 'self';
    END IF;
    IF p_amount IS NULL OR abs(p_amount) > 100000 OR nullif(btrim(coalesce(p_reason, '')), '') IS NULL
       OR (p_amount = 0 AND v_reward IS NULL) OR coalesce(p_key, '') = '' THEN
        RETURN 'invalid';
    END IF;
    -- The member's row lock: a concurrent award or grant waits, so the
    -- balance read here is the one the correction is checked against.
    SELECT m.points_balance INTO v_balance FROM members m
     WHERE m.id = p_member AND m.deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF p_record IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM records r WHERE r.id = p_record AND r.author_id = p_member) THEN
        RETURN 'notfound';
    END IF;
    IF EXISTS (SELECT 1 FROM points_ledger l WHERE l.award_key = v_key) THEN
        RETURN 'already';
    END IF;
    IF v_balance + p_amount < 0 THEN
        RETURN 'balance';
    END IF;
    v_paid := kc_points_award(p_member, 'grant',
                              CASE WHEN p_record IS NULL THEN 'grant' ELSE 'record:' || p_record END,
                              p_amount, v_key, btrim(p_reason), v_reward);
    PERFORM kc_audit(p_admin, 'grant', 'member', p_member, btrim(p_reason),
                     jsonb_build_object('amount', v_paid, 'reward', v_reward,
                                        'record', p_record));
    RETURN 'ok';
END
$$;

-- Set a rule's values: points (>= 0), points_max (NULL: a single value;
-- else >= points) and daily_cap (NULL: no cap; else >= 0). Not 'read' (its
-- cost is KlasCementDetailCost) nor 'grant' (any amount).
--   'ok' (also when nothing changed: then nothing is written) | 'role'
--   | 'notfound' | 'invalid'
-- The audit row has the old and the new values.
CREATE OR REPLACE FUNCTION kc_point_rule_set(p_admin bigint, p_event text, p_points bigint,
                                  p_max bigint, p_cap bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_old point_rules%ROWTYPE;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    SELECT * INTO v_old FROM point_rules WHERE event = p_event FOR UPDATE;
    IF NOT FOUND OR p_event IN ('read', 'grant') THEN
        RETURN 'notfound';
    END IF;
    IF p_points IS NULL OR p_points < 0 OR p_points > 100000
       OR (p_max IS NOT NULL AND (p_max < p_points OR p_max > 100000))
       OR (p_cap IS NOT NULL AND (p_cap < 0 OR p_cap > 10000)) THEN
        RETURN 'invalid';
    END IF;
    IF v_old.points = p_points AND v_old.points_max IS NOT DISTINCT FROM p_max::int
       AND v_old.daily_cap IS NOT DISTINCT FROM p_cap::int THEN
        RETURN 'ok';
    END IF;
    UPDATE point_rules SET points = p_points, points_max = p_max, daily_cap = p_cap
     WHERE event = p_event;
    PERFORM kc_audit(p_admin, 'rule_set', 'point_rule', NULL, NULL,
                     jsonb_build_object('event', p_event,
                                        'old', jsonb_build_object('points', v_old.points,
                                                                  'points_max', v_old.points_max,
                                                                  'daily_cap', v_old.daily_cap),
                                        'new', jsonb_build_object('points', p_points,
                                                                  'points_max', p_max,
                                                                  'daily_cap', p_cap)));
    RETURN 'ok';
END
$$;

-- Create a campaign. p_from / p_to: local times in Europe/Brussels (from
-- inclusive, to exclusive); p_factor (> 1) or p_extra (> 0), not both;
-- empty arrays: any event, kind, level, subject. Unknown events or kinds
-- are refused, so a typo cannot make a campaign that never applies.
--   'ok:<id>' | 'role' | 'invalid'
CREATE OR REPLACE FUNCTION kc_campaign_create(p_admin bigint, p_name text, p_from timestamp,
                                   p_to timestamp, p_factor numeric, p_extra bigint,
                                   p_events text[], p_kinds text[], p_levels int[],
                                   p_subjects int[])
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF nullif(btrim(coalesce(p_name, '')), '') IS NULL OR char_length(p_name) > 200
       OR p_from IS NULL OR p_to IS NULL OR p_to <= p_from
       OR (p_factor IS NULL) = (p_extra IS NULL)
       OR p_factor <= 1 OR p_factor > 10 OR p_extra <= 0 OR p_extra > 10000
       OR EXISTS (SELECT 1 FROM unnest(coalesce(p_events, '{}')) e
                   WHERE NOT EXISTS (SELECT 1 FROM point_rules r WHERE r.event = e AND r.campaigns))
       OR EXISTS (SELECT 1 FROM unnest(coalesce(p_kinds, '{}')) k
                   WHERE NOT EXISTS (SELECT 1 FROM record_kinds rk WHERE rk.code = k)) THEN
        RETURN 'invalid';
    END IF;
    INSERT INTO point_campaigns (name, starts_at, ends_at, factor, extra, events, kinds,
                                 level_ids, subject_ids, created_by)
    VALUES (btrim(p_name), p_from AT TIME ZONE 'Europe/Brussels', p_to AT TIME ZONE 'Europe/Brussels',
            p_factor, p_extra, coalesce(p_events, '{}'), coalesce(p_kinds, '{}'),
            coalesce(p_levels, '{}'), coalesce(p_subjects, '{}'), p_admin)
    RETURNING id INTO v_id;
    PERFORM kc_audit(p_admin, 'campaign_create', 'campaign', v_id, NULL,
                     (SELECT to_jsonb(c) - 'created_by' - 'created_at' FROM point_campaigns c
                       WHERE c.id = v_id));
    RETURN 'ok:' || v_id;
END
$$;

-- End a campaign now: one in force stops at now(); one not yet started is
-- cancelled (deleted: no award can refer to it). 'ok' | 'role' | 'notfound'
-- (unknown or already over).
CREATE OR REPLACE FUNCTION kc_campaign_end(p_admin bigint, p_campaign bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_c point_campaigns%ROWTYPE;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    SELECT * INTO v_c FROM point_campaigns WHERE id = p_campaign FOR UPDATE;
    IF NOT FOUND OR v_c.ends_at <= now() THEN
        RETURN 'notfound';
    END IF;
    IF v_c.starts_at > now() THEN
        DELETE FROM point_campaigns WHERE id = p_campaign;
        PERFORM kc_audit(p_admin, 'campaign_cancel', 'campaign', p_campaign, NULL,
                         jsonb_build_object('name', v_c.name, 'starts_at', v_c.starts_at));
    ELSE
        UPDATE point_campaigns SET ends_at = now() WHERE id = p_campaign;
        PERFORM kc_audit(p_admin, 'campaign_end', 'campaign', p_campaign, NULL,
                         jsonb_build_object('name', v_c.name, 'was_ends_at', v_c.ends_at));
    END IF;
    RETURN 'ok';
END
$$;

-- Declare a milestone: p_points to every member of the audience (levels,
-- subjects: empty = any; country NULL = any), each once. Without
-- p_at_members it is due now, for the members registered so far; with it,
-- it is armed until that many live members exist (due at once if they
-- already do). Paying is kc_milestone_pay_batch's work (points.sql).
--   'ok:<id>' | 'role' | 'invalid'
CREATE OR REPLACE FUNCTION kc_milestone_declare(p_admin bigint, p_name text, p_points bigint,
                                     p_levels int[], p_subjects int[], p_country text,
                                     p_at_members bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id    bigint;
    v_due   boolean;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF nullif(btrim(coalesce(p_name, '')), '') IS NULL OR char_length(p_name) > 200
       OR p_points IS NULL OR p_points < 1 OR p_points > 100000
       OR (p_country IS NOT NULL AND p_country NOT IN ('BE', 'NL'))
       OR p_at_members < 1 THEN
        RETURN 'invalid';
    END IF;
    v_due := p_at_members IS NULL
          OR p_at_members <= (SELECT count(*) FROM members m WHERE m.deleted_at IS NULL);
    INSERT INTO point_milestones (name, points, level_ids, subject_ids, country, at_members,
                                  state, upto_member, due_at, created_by)
    VALUES (btrim(p_name), p_points, coalesce(p_levels, '{}'), coalesce(p_subjects, '{}'),
            p_country, p_at_members, CASE WHEN v_due THEN 'due' ELSE 'armed' END,
            CASE WHEN v_due THEN (SELECT coalesce(max(m.id), 0) FROM members m) END,
            CASE WHEN v_due THEN now() END, p_admin)
    RETURNING id INTO v_id;
    PERFORM kc_audit(p_admin, 'milestone_declare', 'milestone', v_id, NULL,
                     (SELECT to_jsonb(p) - 'created_by' - 'created_at' - 'next_member'
                             - 'paid_count' - 'done_at'
                        FROM point_milestones p WHERE p.id = v_id));
    RETURN 'ok:' || v_id;
END
$$;

-- The admin's "pay" step: one batch of a due milestone, after checking the
-- role. The members paid (0: nothing left, or not due), or -1 for 'role'.
CREATE OR REPLACE FUNCTION kc_milestone_pay_step(p_admin bigint, p_milestone bigint, p_batch int)
RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN -1;
    END IF;
    RETURN kc_milestone_pay_batch(p_milestone, p_batch);
END
$$;
