-- sql/t/lib.sql -- what the psql test scripts of sql/t/ share: the psql
-- settings, the assertions and a few counters and fixtures. Each script
-- includes it (\ir lib.sql) after \set ON_ERROR_STOP 1. Everything is
-- created in pg_temp: it lives as long as the script's session.
--
-- A failed assertion raises 'FAIL <what>: ...', which stops the script
-- (exit 3) before its final 'ALL OK'.
\set QUIET 1
\pset tuples_only on
\pset format unaligned
SET client_min_messages = warning;
\o /dev/null

-- ---------------------------------------------------------------------------
-- Assertions
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.t_eq(p_got text, p_want text, p_what text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_got IS DISTINCT FROM p_want THEN
        RAISE EXCEPTION 'FAIL %: got %, want %', p_what,
            coalesce(quote_literal(p_got), 'NULL'), coalesce(quote_literal(p_want), 'NULL');
    END IF;
END
$$;
CREATE FUNCTION pg_temp.t_eq(p_got bigint, p_want bigint, p_what text) RETURNS void
LANGUAGE sql AS $$ SELECT pg_temp.t_eq(p_got::text, p_want::text, p_what) $$;
CREATE FUNCTION pg_temp.t_ok(p_cond boolean, p_what text) RETURNS void
LANGUAGE sql AS $$ SELECT pg_temp.t_eq(p_cond::text, 'true', p_what) $$;
-- p_sql must raise an error whose message is LIKE p_like (its changes are
-- rolled back with the sub-transaction).
CREATE FUNCTION pg_temp.t_raises(p_sql text, p_like text, p_what text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE p_sql;
    EXCEPTION WHEN OTHERS THEN
        IF SQLERRM NOT LIKE p_like THEN
            RAISE EXCEPTION 'FAIL %: raised "%", want like "%"', p_what, SQLERRM, p_like;
        END IF;
        RETURN;
    END;
    RAISE EXCEPTION 'FAIL %: did not raise', p_what;
END
$$;
-- 'ok:<id>' -> id; anything else fails.
CREATE FUNCTION pg_temp.t_id(p_result text, p_what text) RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
    IF p_result IS NULL OR p_result !~ '^ok:[0-9]+$' THEN
        RAISE EXCEPTION 'FAIL %: got %, want ok:<id>', p_what, coalesce(quote_literal(p_result), 'NULL');
    END IF;
    RETURN split_part(p_result, ':', 2)::bigint;
END
$$;
-- Every member's balance equals its ledger sum (the kcdb check invariant).
CREATE FUNCTION pg_temp.t_balances(p_what text) RETURNS void
LANGUAGE sql AS $$
    SELECT pg_temp.t_eq((SELECT count(*) FROM members m
                          WHERE m.points_balance <> (SELECT coalesce(sum(l.amount), 0)
                                                       FROM points_ledger l WHERE l.member_id = m.id)),
                        0, p_what || ': balance = ledger sum for every member')
$$;

-- ---------------------------------------------------------------------------
-- Counters and fixtures
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.n_ledger(p_key text) RETURNS bigint
LANGUAGE sql AS $$ SELECT count(*) FROM points_ledger WHERE award_key = p_key $$;
CREATE FUNCTION pg_temp.balance(p_member bigint) RETURNS bigint
LANGUAGE sql AS $$ SELECT points_balance FROM members WHERE id = p_member $$;
CREATE FUNCTION pg_temp.n_audit(p_target_type text, p_target bigint, p_action text) RETURNS bigint
LANGUAGE sql AS $$
    SELECT count(*) FROM audit_log
     WHERE target_type = p_target_type AND target_id = p_target
       AND (p_action IS NULL OR action = p_action)
$$;
-- A member of this run (p_tag keeps runs apart), e-mail ...@test.invalid.
CREATE FUNCTION pg_temp.mk_member(p_tag text, p_who text, p_role text) RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO members (email, first_name, surname, country, role)
    VALUES (p_tag || '-' || p_who || '@test.invalid', initcap(p_who), 'Test', 'BE', p_role)
    RETURNING id
$$;
