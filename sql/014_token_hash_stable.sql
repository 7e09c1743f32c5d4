-- 014_token_hash_stable.sql -- kc_token_hash as STABLE, so that PostgreSQL
-- inlines it into the statements that look sessions up.
--
-- Its body uses convert_to(), which is STABLE. PostgreSQL does not inline a
-- SQL function declared more strictly (IMMUTABLE) than its body, so in the
-- generic plan of the session lookup, run on every request of a member,
-- kc_token_hash($1) was called as a function: its body parsed and planned
-- anew on each call (about 5 % of PostgreSQL's time on record pages, seen
-- with perf). Declared STABLE, the call becomes sha256(convert_to($1, ...))
-- in the plan. Nothing indexes kc_token_hash, so IMMUTABLE bought nothing.
CREATE OR REPLACE FUNCTION kc_token_hash(p_token text) RETURNS bytea
LANGUAGE sql STABLE STRICT AS $$
    SELECT sha256(convert_to(p_token, 'UTF8'))
$$;
