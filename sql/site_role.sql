-- site_role.sql -- the privileges of the role the site connects as.
--
-- Run by `kcdb migrate --site-role NAME` (or KC_SITE_ROLE=NAME) as the
-- owner role, in the migrate transaction, after the migrations and
-- sql/functions/, so tables, sequences and functions added by any later
-- migration get their grants on the next migrate. Not a migration: grants
-- depend on the role name, which only the sysadmin knows; every run first
-- takes away what an earlier run gave, so a table moved to a stricter line
-- below loses the rest.
--
-- The site role owns nothing and may do no DDL: everything it may do is
-- granted here. audit_log and points_ledger are append-only for it (SELECT,
-- INSERT: no UPDATE or DELETE, no SELECT ... FOR UPDATE); schema_migrations
-- is read-only. Functions run as their caller (none is SECURITY DEFINER),
-- so every table a site-called function or trigger writes needs its grant
-- here; foreign-key actions (ON DELETE CASCADE / SET NULL) run as the
-- owner of the referencing table and need none. kc_integrity_problems()
-- is for `kcdb check` (the owner): the site role cannot run it.
--
-- :site_role comes from the sysadmin's command line; it is only ever used
-- quoted, as an identifier (:"site_role") or a literal (:'site_role').

-- The checks in one DO block: a DO body cannot see psql variables, so the
-- name goes in through a transaction-local setting.
SELECT set_config('kc.site_role', :'site_role', true) \g /dev/null
DO $$
DECLARE
    v_role text := current_setting('kc.site_role');
    v_oid  oid;
    v_what text;
BEGIN
    SELECT oid INTO v_oid FROM pg_roles WHERE rolname = v_role;
    IF v_oid IS NULL THEN
        RAISE EXCEPTION 'site role "%" does not exist', v_role
            USING HINT = 'create it first (as a superuser): createuser ' || quote_ident(v_role);
    END IF;
    IF v_role = current_user THEN
        RAISE EXCEPTION 'the site role must not be the role running kcdb migrate (%)', v_role;
    END IF;
    -- CREATEROLE could grant itself membership of the owner role.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE oid = v_oid
                  AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls)) THEN
        RAISE EXCEPTION 'site role "%" has SUPERUSER, CREATEROLE, CREATEDB or BYPASSRLS', v_role
            USING HINT = 'ALTER ROLE ' || quote_ident(v_role)
                         || ' NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS';
    END IF;
    -- Owning, or being able to SET ROLE to the owner of, the database, the
    -- schema or anything in it would give back every right taken away below.
    SELECT w INTO v_what FROM (
        SELECT 'the database' AS w FROM pg_database
         WHERE datname = current_database() AND pg_has_role(v_oid, datdba, 'MEMBER')
        UNION ALL
        SELECT 'schema public' FROM pg_namespace
         WHERE nspname = 'public' AND pg_has_role(v_oid, nspowner, 'MEMBER')
        UNION ALL
        SELECT c.relname::text FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND pg_has_role(v_oid, c.relowner, 'MEMBER')
        UNION ALL
        SELECT p.oid::regprocedure::text FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace AND pg_has_role(v_oid, p.proowner, 'MEMBER')
    ) o LIMIT 1;
    IF v_what IS NOT NULL THEN
        RAISE EXCEPTION 'site role "%" owns (or is a member of the owner of) %', v_role, v_what;
    END IF;
    -- DDL through a right given to PUBLIC (before PostgreSQL 15 everyone
    -- could create in schema public) or to another role it belongs to.
    IF has_schema_privilege(v_oid, 'public', 'CREATE')
       OR has_database_privilege(v_oid, current_database(), 'CREATE') THEN
        RAISE EXCEPTION 'site role "%" may create objects in this database', v_role
            USING HINT = 'REVOKE CREATE ON SCHEMA public (and ON DATABASE) from it, from PUBLIC '
                         'and from any role it belongs to';
    END IF;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"site_role";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM :"site_role";
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM :"site_role";

GRANT USAGE ON SCHEMA public TO :"site_role";
-- Every table and view: the site reads and writes them all ...
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"site_role";
-- ... but these two are append-only (a trigger refuses changes to
-- audit_log for everyone; for points_ledger the grant is the only guard).
REVOKE UPDATE, DELETE ON audit_log, points_ledger FROM :"site_role";
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM :"site_role";
-- Identity columns need no sequence right; a serial one would.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"site_role";

-- EXECUTE goes to PUBLIC by default when a function is created; the
-- integrity check is taken away from everyone but the owner.
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO :"site_role";
REVOKE EXECUTE ON FUNCTION kc_integrity_problems() FROM PUBLIC, :"site_role";

-- What the role may do in the end, whatever PUBLIC or a role it belongs to
-- was given elsewhere: no more than the grants above.
DO $$
DECLARE
    v_role text := current_setting('kc.site_role');
    v_what text;
BEGIN
    SELECT w INTO v_what FROM (
        SELECT c.relname || ': TRUNCATE, REFERENCES or TRIGGER' AS w FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
           AND has_table_privilege(v_role, c.oid, 'TRUNCATE, REFERENCES, TRIGGER')
        UNION ALL
        SELECT t || ': UPDATE or DELETE' FROM unnest(ARRAY['audit_log', 'points_ledger']) t
         WHERE has_table_privilege(v_role, t, 'UPDATE, DELETE')
        UNION ALL
        SELECT 'schema_migrations: INSERT, UPDATE or DELETE'
         WHERE has_table_privilege(v_role, 'schema_migrations', 'INSERT, UPDATE, DELETE')
    ) o LIMIT 1;
    IF v_what IS NOT NULL THEN
        RAISE EXCEPTION 'site role "%" still has % (through PUBLIC or a role it belongs to)',
            v_role, v_what;
    END IF;
END
$$;
