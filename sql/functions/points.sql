-- points.sql -- the only writers of points_ledger and members.points_balance
-- (tables and point_rules: 002).

-- ---------------------------------------------------------------------------
-- kc_points_award: pay (or take back, with a negative amount) points once per key.
--
-- Returns the amount actually added to the balance: p_amount, or 0 when the
-- key was already used or the daily cap for the event was reached (then a
-- row with amount 0 and note 'daily cap reached' is recorded under the key,
-- so a retry still pays nothing). A negative amount that would overdraw the
-- balance raises check_violation and nothing is written.
-- "Today" for the daily cap is the calendar day in Europe/Brussels (the same
-- clock in Flanders and the Netherlands).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION kc_points_award(p_member bigint, p_event text, p_subject text,
                                p_amount bigint, p_key text, p_note text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_cap     int;
    v_amount  bigint := p_amount;
    v_note    text := p_note;
    v_id      bigint;
    v_today   timestamptz;
BEGIN
    IF p_member IS NULL OR p_event IS NULL OR p_amount IS NULL THEN
        RAISE EXCEPTION 'kc_points_award: member, event and amount are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;

    SELECT r.daily_cap INTO v_cap FROM point_rules r WHERE r.event = p_event;
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
               AND l.amount > 0 AND l.created_at >= v_today) >= v_cap THEN
            v_amount := 0;
            v_note := 'daily cap reached';
        END IF;
    END IF;

    INSERT INTO points_ledger (member_id, event, subject, amount, award_key, note)
    VALUES (p_member, p_event, p_subject, v_amount, p_key, v_note)
    ON CONFLICT (award_key) DO NOTHING
    RETURNING id INTO v_id;

    IF v_id IS NULL THEN
        RETURN 0;                       -- key already used: paid before
    END IF;

    IF v_amount <> 0 THEN
        -- CHECK (points_balance >= 0) aborts the whole call on an overdraft.
        UPDATE members SET points_balance = points_balance + v_amount WHERE id = p_member;
    END IF;

    RETURN v_amount;
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
-- contribution): at most the current balance, never below zero. Keyed, so a
-- second call takes nothing. Returns the points taken back (>= 0).
CREATE OR REPLACE FUNCTION kc_points_reverse(p_key text, p_note text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_member bigint;
    v_event  text;
    v_subject text;
    v_amount bigint;
    v_balance bigint;
    v_take   bigint;
BEGIN
    SELECT l.member_id, l.event, l.subject, l.amount
      INTO v_member, v_event, v_subject, v_amount
      FROM points_ledger l WHERE l.award_key = p_key;
    IF NOT FOUND OR v_amount <= 0 THEN
        RETURN 0;
    END IF;
    SELECT points_balance INTO v_balance FROM members WHERE id = v_member FOR UPDATE;
    v_take := least(v_amount, v_balance);
    RETURN -kc_points_award(v_member, v_event, v_subject, -v_take,
                            'reverse:' || p_key,
                            coalesce(p_note, 'reversed'));
END
$$;
