-- points.sql -- the only writers of points_ledger and members.points_balance
-- (tables and point_rules: 002; campaigns and milestones: 018). The team's
-- actions that call these are in points_admin.sql.

-- ---------------------------------------------------------------------------
-- kc_points_award: pay (or take back, with a negative amount) points once per key.
--
-- Returns the amount actually added to the balance: p_amount plus what
-- campaigns added, or 0 when the key was already used or the daily cap for
-- the event was reached (then a row with amount 0 and note 'daily cap
-- reached' is recorded under the key, so a retry still pays nothing). A
-- negative amount that would overdraw the balance raises check_violation
-- and nothing is written.
-- "Today" for the daily cap is the calendar day in Europe/Brussels (the same
-- clock in Flanders and the Netherlands).
--
-- Campaigns (018): a positive award of an event whose rule allows campaigns
-- gets, from every campaign in force at now() whose scope matches, its own
-- ledger row (campaign_id, parent_id = the award's row, key
-- '<key>#campaign:<id>'). Overlapping campaigns: factors multiply, extras
-- add. The factors apply first, in campaign id order, each to the amount so
-- far (its part: round(amount * (factor - 1))); then each extra adds its
-- fixed points. So base 10 under x2 and x1.5 and +5 and +3 pays
-- 10 + 10 + 10 + 5 + 3 = 38. Campaign rows never count towards the cap.
--
-- p_reward: the symbolic reward of a team grant (points_admin.sql), written
-- with the row: the site's database role may add ledger rows but never
-- change one (sql/site_role.sql). Everything else calls the six-argument
-- form below.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION kc_points_award(p_member bigint, p_event text, p_subject text,
                                p_amount bigint, p_key text, p_note text, p_reward text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_cap     int;
    v_campaigns boolean;
    v_amount  bigint := p_amount;
    v_note    text := p_note;
    v_id      bigint;
    v_today   timestamptz;
    v_extra   bigint := 0;
BEGIN
    IF p_member IS NULL OR p_event IS NULL OR p_amount IS NULL THEN
        RAISE EXCEPTION 'kc_points_award: member, event and amount are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;

    SELECT r.daily_cap, r.campaigns INTO v_cap, v_campaigns
      FROM point_rules r WHERE r.event = p_event;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'kc_points_award: unknown point event %', p_event
            USING ERRCODE = 'foreign_key_violation';
    END IF;

    IF v_cap IS NOT NULL AND p_amount > 0 THEN
        -- Serialise capped awards of one member, so that two concurrent
        -- awards cannot both see "one below the cap". After the lock this
        -- (READ COMMITTED) statement-level snapshot sees the other's row.
        PERFORM 1 FROM members m WHERE m.id = p_member FOR UPDATE;
        v_today := date_trunc('day', now() AT TIME ZONE 'Europe/Brussels') AT TIME ZONE 'Europe/Brussels';
        IF (SELECT count(*) FROM points_ledger l
             WHERE l.member_id = p_member AND l.event = p_event
               AND l.amount > 0 AND l.campaign_id IS NULL
               AND l.created_at >= v_today) >= v_cap THEN
            v_amount := 0;
            v_note := 'daily cap reached';
        END IF;
    END IF;

    INSERT INTO points_ledger (member_id, event, subject, amount, award_key, note, reward)
    VALUES (p_member, p_event, p_subject, v_amount, p_key, v_note, p_reward)
    ON CONFLICT (award_key) DO NOTHING
    RETURNING id INTO v_id;

    IF v_id IS NULL THEN
        RETURN 0;                       -- key already used: paid before
    END IF;

    IF v_amount > 0 AND v_campaigns THEN
        v_extra := kc_points_campaign_parts(v_id, p_member, p_event, p_subject, v_amount, p_key);
    END IF;

    IF v_amount + v_extra <> 0 THEN
        -- CHECK (points_balance >= 0) aborts the whole call on an overdraft.
        UPDATE members SET points_balance = points_balance + v_amount + v_extra
         WHERE id = p_member;
    END IF;

    RETURN v_amount + v_extra;
END
$$;

-- kc_points_award without a reward: every award but a team grant.
CREATE OR REPLACE FUNCTION kc_points_award(p_member bigint, p_event text, p_subject text,
                                p_amount bigint, p_key text, p_note text)
RETURNS bigint
LANGUAGE sql AS $$
    SELECT kc_points_award(p_member, p_event, p_subject, p_amount, p_key, p_note, NULL::text)
$$;

-- The campaigns in force now that match an award (event; for a record
-- subject also its kind, levels and subjects), factors first, each in id order.
CREATE OR REPLACE FUNCTION kc_points_campaigns_for(p_event text, p_subject text)
RETURNS TABLE (id bigint, name text, factor numeric, extra bigint)
LANGUAGE sql STABLE AS $$
    SELECT c.id, c.name, c.factor, c.extra
      FROM point_campaigns c
      LEFT JOIN records r
             ON split_part(p_subject, ':', 1) = 'record'
            AND r.id = CASE WHEN split_part(p_subject, ':', 1) = 'record'
                            THEN nullif(split_part(p_subject, ':', 2), '')::bigint END
     WHERE c.starts_at <= now() AND c.ends_at > now()
       AND (c.events = '{}' OR p_event = ANY (c.events))
       AND (c.kinds = '{}' OR r.kind = ANY (c.kinds))
       AND (c.level_ids = '{}' OR c.level_ids && r.level_ids)
       AND (c.subject_ids = '{}' OR c.subject_ids && r.subject_ids)
     ORDER BY c.factor IS NULL, c.id
$$;

-- Write the campaign rows of the award row p_parent (p_base points) and
-- return their sum; the caller adds it to the balance with the base.
CREATE OR REPLACE FUNCTION kc_points_campaign_parts(p_parent bigint, p_member bigint, p_event text,
                                        p_subject text, p_base bigint, p_key text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    c       record;
    v_total bigint := p_base;
    v_part  bigint;
BEGIN
    FOR c IN SELECT * FROM kc_points_campaigns_for(p_event, p_subject) LOOP
        IF c.factor IS NOT NULL THEN
            v_part := round(v_total * (c.factor - 1));
        ELSE
            v_part := c.extra;
        END IF;
        CONTINUE WHEN v_part <= 0;
        INSERT INTO points_ledger (member_id, event, subject, amount, award_key, note,
                                   campaign_id, parent_id)
        VALUES (p_member, p_event, p_subject, v_part, p_key || '#campaign:' || c.id,
                c.name, c.id, p_parent);
        v_total := v_total + v_part;
    END LOOP;
    RETURN v_total - p_base;
END
$$;

-- ---------------------------------------------------------------------------
-- kc_record_unlock: the first read of a record's details costs p_cost points.
--
-- Returns
--   'notfound'  the record does not exist or is not published (nothing written)
--   'free'      the member is the record's author, or a moderator/admin (nothing written)
--   'already'   the member unlocked it before (nothing written)
--   'unlocked'  unlock row + ledger row ('read', 'record:ID', -cost,
--               award_key 'read:MEMBER:RECORD') written and balance debited,
--               all in one statement
--   'nopoints'  balance too small (nothing written)
-- Raises if the member does not exist or p_cost is negative.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION kc_record_unlock(p_member bigint, p_record bigint, p_cost bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_author  bigint;
    v_state   text;
    v_role    text;
    v_n       int;
BEGIN
    IF p_cost IS NULL OR p_cost < 0 THEN
        RAISE EXCEPTION 'kc_record_unlock: invalid cost %', p_cost
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT r.author_id, r.state INTO v_author, v_state FROM records r WHERE r.id = p_record;
    IF NOT FOUND OR v_state <> 'published' THEN
        RETURN 'notfound';
    END IF;

    SELECT m.role INTO v_role FROM members m WHERE m.id = p_member;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'kc_record_unlock: unknown member %', p_member
            USING ERRCODE = 'foreign_key_violation';
    END IF;

    IF v_author = p_member OR v_role IN ('moderator', 'admin') THEN
        RETURN 'free';
    END IF;

    BEGIN
        WITH u AS (
            INSERT INTO unlocks (member_id, record_id, cost)
            VALUES (p_member, p_record, p_cost)
            ON CONFLICT (member_id, record_id) DO NOTHING
            RETURNING member_id
        ), d AS (
            UPDATE members SET points_balance = points_balance - p_cost
             WHERE id = p_member AND EXISTS (SELECT 1 FROM u)
            RETURNING id
        ), l AS (
            INSERT INTO points_ledger (member_id, event, subject, amount, award_key)
            SELECT p_member, 'read', 'record:' || p_record, -p_cost,
                   'read:' || p_member || ':' || p_record
              FROM u
            RETURNING id
        )
        -- (data-modifying CTEs always run to completion, referenced or not)
        SELECT count(*) INTO v_n FROM u;
    EXCEPTION WHEN check_violation THEN
        RETURN 'nopoints';              -- the sub-transaction is rolled back: nothing written
    END;

    IF v_n = 0 THEN
        RETURN 'already';
    END IF;
    RETURN 'unlocked';
END
$$;

-- Take back what an award paid (a deleted reaction, a refused or taken-down
-- contribution), its campaign parts included: at most the current balance,
-- never below zero (the base first, then each campaign part in order).
-- Keyed ('reverse:<key>', each part 'reverse:<key>#campaign:<id>' with
-- its campaign_id and parent_id = the base reversal row), so a second call
-- takes nothing. Returns the points taken back (>= 0).
CREATE OR REPLACE FUNCTION kc_points_reverse(p_key text, p_note text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_base    points_ledger%ROWTYPE;
    v_balance bigint;
    v_take    bigint;
    v_total   bigint;
    v_rev     bigint;
    v_note    text := coalesce(p_note, 'reversed');
    p         record;
BEGIN
    SELECT * INTO v_base FROM points_ledger l WHERE l.award_key = p_key;
    IF NOT FOUND OR v_base.amount <= 0 THEN
        RETURN 0;
    END IF;
    SELECT points_balance INTO v_balance FROM members WHERE id = v_base.member_id FOR UPDATE;
    v_take := least(v_base.amount, v_balance);
    INSERT INTO points_ledger (member_id, event, subject, amount, award_key, note)
    VALUES (v_base.member_id, v_base.event, v_base.subject, -v_take, 'reverse:' || p_key, v_note)
    ON CONFLICT (award_key) DO NOTHING
    RETURNING id INTO v_rev;
    IF v_rev IS NULL THEN
        RETURN 0;                       -- reversed before
    END IF;
    v_total := v_take;
    FOR p IN SELECT l.amount, l.award_key, l.campaign_id FROM points_ledger l
              WHERE l.parent_id = v_base.id ORDER BY l.id LOOP
        v_take := least(p.amount, v_balance - v_total);
        INSERT INTO points_ledger (member_id, event, subject, amount, award_key, note,
                                   campaign_id, parent_id)
        VALUES (v_base.member_id, v_base.event, v_base.subject, -v_take,
                'reverse:' || p.award_key, v_note, p.campaign_id, v_rev);
        v_total := v_total + v_take;
    END LOOP;
    IF v_total <> 0 THEN
        UPDATE members SET points_balance = points_balance - v_total WHERE id = v_base.member_id;
    END IF;
    RETURN v_total;
END
$$;

-- ---------------------------------------------------------------------------
-- Milestones (table 018): paid in batches, each batch its own transaction.
-- ---------------------------------------------------------------------------

-- How many members a due milestone still has to consider: those of its
-- audience (the same conditions as kc_milestone_pay_batch) from next_member
-- up to upto_member. For the admin page (a count over the members table).
CREATE OR REPLACE FUNCTION kc_milestone_left(p_milestone bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT count(*)
      FROM point_milestones p
      JOIN members m ON m.id >= p.next_member AND m.id <= p.upto_member
     WHERE p.id = p_milestone AND p.state = 'due'
       AND m.deleted_at IS NULL
       AND NOT (m.ban_permanent OR coalesce(m.banned_until > now(), false))
       AND (p.country IS NULL OR m.country = p.country)
       AND (p.level_ids = '{}' OR EXISTS (SELECT 1 FROM member_levels ml
                                           WHERE ml.member_id = m.id
                                             AND ml.level_id = ANY (p.level_ids)))
       AND (p.subject_ids = '{}' OR EXISTS (SELECT 1 FROM member_subjects ms
                                             WHERE ms.member_id = m.id
                                               AND ms.subject_id = ANY (p.subject_ids)))
$$;

-- Pay the next p_batch members of a due milestone (ids from next_member up
-- to upto_member, in id order) and return how many it paid; the milestone
-- is 'done' when a batch finds fewer. One call is one short transaction:
-- it locks the milestone row (so batches of one milestone run one after the
-- other and never pay a member twice: the ledger key decides anyway) and
-- the batch's member rows, in id order (the order kc_community_lock uses,
-- so no deadlock with awards), until it commits. A milestone that is not
-- due (armed, done, unknown) pays 0. Call it again until it returns 0: the
-- admin page does so within a time budget, the job runner may too.
CREATE OR REPLACE FUNCTION kc_milestone_pay_batch(p_milestone bigint, p_batch int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_ms    point_milestones%ROWTYPE;
    v_paid  bigint;
    v_seen  bigint;
    v_last  bigint;
BEGIN
    IF p_batch IS NULL OR p_batch < 1 OR p_batch > 100000 THEN
        RAISE EXCEPTION 'kc_milestone_pay_batch: batch size % out of 1..100000', p_batch
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_ms FROM point_milestones WHERE id = p_milestone FOR UPDATE;
    IF NOT FOUND OR v_ms.state <> 'due' THEN
        RETURN 0;
    END IF;
    WITH c AS (
        SELECT m.id FROM members m
         WHERE m.id >= v_ms.next_member AND m.id <= v_ms.upto_member
           -- the audience (as in kc_milestone_left): live, not banned, of
           -- the country, one of the levels, one of the subjects
           AND m.deleted_at IS NULL
           AND NOT (m.ban_permanent OR coalesce(m.banned_until > now(), false))
           AND (v_ms.country IS NULL OR m.country = v_ms.country)
           AND (v_ms.level_ids = '{}' OR EXISTS (SELECT 1 FROM member_levels ml
                                                  WHERE ml.member_id = m.id
                                                    AND ml.level_id = ANY (v_ms.level_ids)))
           AND (v_ms.subject_ids = '{}' OR EXISTS (SELECT 1 FROM member_subjects ms
                                                    WHERE ms.member_id = m.id
                                                      AND ms.subject_id = ANY (v_ms.subject_ids)))
         ORDER BY m.id
         LIMIT p_batch
           FOR NO KEY UPDATE
    ), l AS (
        INSERT INTO points_ledger (member_id, event, subject, amount, award_key, note)
        SELECT c.id, 'milestone', 'milestone:' || v_ms.id, v_ms.points,
               'milestone:' || v_ms.id || ':' || c.id, v_ms.name
          FROM c
        ON CONFLICT (award_key) DO NOTHING
        RETURNING member_id
    ), u AS (
        UPDATE members m SET points_balance = m.points_balance + v_ms.points
          FROM l WHERE m.id = l.member_id
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM c), (SELECT max(id) FROM c)
      INTO v_paid, v_seen, v_last;
    UPDATE point_milestones
       SET next_member = coalesce(v_last + 1, next_member),
           paid_count = paid_count + v_paid,
           state = CASE WHEN v_seen < p_batch THEN 'done' ELSE state END,
           done_at = CASE WHEN v_seen < p_batch THEN now() END
     WHERE id = p_milestone;
    RETURN v_paid;
END
$$;

-- One batch of the oldest due milestone (for the job runner, issue 12): the
-- members it paid; 0 when nothing is due.
CREATE OR REPLACE FUNCTION kc_milestones_pay_due(p_batch int) RETURNS bigint
LANGUAGE sql AS $$
    SELECT coalesce((SELECT kc_milestone_pay_batch(p.id, p_batch)
                       FROM point_milestones p WHERE p.state = 'due'
                      ORDER BY p.due_at, p.id LIMIT 1), 0)
$$;

-- Called by kc_member_register for the new member p_member: an armed
-- milestone whose member count is reached becomes due (once: the UPDATE's
-- WHERE state = 'armed' is re-checked under the row lock), with the members
-- up to this one as its audience. It only marks it: paying 200,000 members
-- is the batches' work, never the registration's. Costs one index probe
-- when nothing is armed near this id (the live member count is at most the
-- highest id), a count of the members otherwise.
CREATE OR REPLACE FUNCTION kc_milestones_arm_check(p_member bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_count bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM point_milestones p
                    WHERE p.state = 'armed' AND p.at_members <= p_member) THEN
        RETURN;
    END IF;
    SELECT count(*) INTO v_count FROM members m WHERE m.deleted_at IS NULL;
    UPDATE point_milestones
       SET state = 'due', due_at = now(), upto_member = p_member
     WHERE state = 'armed' AND at_members <= v_count;
END
$$;
