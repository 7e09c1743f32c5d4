# The role the site connects as (KC_SITE_ROLE, set up by t/run-suite and
# granted by `kcdb migrate`, sql/site_role.sql) owns nothing and may do no
# DDL; audit_log and points_ledger are append-only for it; it can still read
# and write what the site needs. httpd's own connections use it. (That the
# grants are enough is the rest of the suite, which runs against httpd
# connecting as this role; the tests themselves connect as the owner.)
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use KC::Test qw(t_is db make_member make_record);
use DBI;

plan tests => 34, need_lwp;

my $role = $ENV{KC_SITE_ROLE} or die 'KC_SITE_ROLE not set';
my $site = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                        $role, '', { AutoCommit => 1, RaiseError => 0, PrintError => 0,
                                     pg_enable_utf8 => 1 });
ok $site, "connected as $role" or BAIL_OUT("cannot connect as $role: $DBI::errstr");
t_is(scalar $site->selectrow_array('SELECT current_user'), $role, '... and that is the current user');
isnt $role, db()->selectrow_array('SELECT current_user'), 'the tests connect as another role (the owner)';

# Refused for lack of a privilege (42501), not for anything else: the
# statement names real objects and would otherwise run.
sub refused {
    my ($sql, $name) = @_;
    $site->begin_work;
    my $ok = $site->do($sql);
    my ($state, $err) = ($site->state, $site->errstr // '');
    $site->rollback;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    ok !defined $ok && $state eq '42501', "refused: $name" or diag "state $state: $err";
}

my $member = make_member();
my $record = make_record(title => 'Siterol-test');
my ($audit_id) = db()->selectrow_array(
    q{INSERT INTO audit_log (actor_id, action, target_type, target_id)
      VALUES (?, 'test.site_role', 'member', ?) RETURNING id}, undef, $member, $member);
db()->selectrow_array(q{SELECT kc_points_award(?, 'registration', 'site_role.t', 1000, ?, NULL)},
                      undef, $member, "site-role-$$-registration");
my ($ledger_id) = db()->selectrow_array(
    'SELECT id FROM points_ledger WHERE award_key = ?', undef, "site-role-$$-registration");
ok $ledger_id, 'the member has a ledger row';

refused('ALTER TABLE records ADD COLUMN site_role_test int', 'ALTER TABLE records ADD COLUMN');
refused('ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable_trg', 'ALTER TABLE audit_log DISABLE TRIGGER');
refused('CREATE TABLE site_role_test (id int)', 'CREATE TABLE');
refused('CREATE INDEX site_role_test_idx ON records (title)', 'CREATE INDEX');
refused("DELETE FROM audit_log WHERE id = $audit_id", 'DELETE FROM audit_log');
refused("UPDATE audit_log SET reason = 'x' WHERE id = $audit_id", 'UPDATE audit_log');
refused('TRUNCATE audit_log', 'TRUNCATE audit_log');
refused("UPDATE points_ledger SET amount = amount + 1000 WHERE id = $ledger_id", 'UPDATE points_ledger');
refused("DELETE FROM points_ledger WHERE id = $ledger_id", 'DELETE FROM points_ledger');
refused("SELECT 1 FROM points_ledger WHERE id = $ledger_id FOR UPDATE", 'points_ledger FOR UPDATE');
refused('TRUNCATE sessions', 'TRUNCATE sessions');
refused("INSERT INTO schema_migrations (version) VALUES ('999_site_role')", 'INSERT INTO schema_migrations');
refused('DROP FUNCTION kc_token_hash(text)', 'DROP FUNCTION');
refused(q{CREATE OR REPLACE FUNCTION kc_token_hash(text) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$},
        'CREATE OR REPLACE FUNCTION over the owner\'s');
refused('SELECT * FROM kc_integrity_problems()', 'kc_integrity_problems() (the owner\'s check)');
refused('CREATE SCHEMA site_role_test', 'CREATE SCHEMA');

t_is(scalar db()->selectrow_array('SELECT count(*) FROM audit_log WHERE id = ?', undef, $audit_id),
     1, 'the audit row is still there');

my $owns = db()->selectrow_array(q{
    SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)
         + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
         + (SELECT count(*) FROM pg_type WHERE typowner = r.oid)
         + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
         + (SELECT count(*) FROM pg_database WHERE datdba = r.oid)
      FROM pg_roles r WHERE r.rolname = ?}, undef, $role);
t_is($owns, 0, 'the site role owns no table, function, type, schema or database');
my $owner_tables = db()->selectrow_array(q{
    SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND r.rolname = current_user});
cmp_ok $owner_tables, '>', 20, 'the owner (the tests\' role) owns the tables';

# What the site does: read, write, append to the two logs, call functions.
$site->{RaiseError} = 1;
my $ok = eval {
    $site->begin_work;
    my ($n) = $site->selectrow_array('SELECT count(*) FROM records WHERE id = ?', undef, $record);
    die "record not found\n" unless $n == 1;
    $site->do("UPDATE members SET first_name = 'Rol' WHERE id = ?", undef, $member);
    $site->do("INSERT INTO audit_log (actor_id, action, target_type, target_id)
               VALUES (?, 'test.site_role', 'member', ?)", undef, $member, $member);
    $site->do("INSERT INTO points_ledger (member_id, event, amount, award_key)
               SELECT ?, event, 0, ? FROM point_rules LIMIT 1", undef, $member, "site-role-$$");
    $site->do('DELETE FROM sessions WHERE member_id = ?', undef, $member);
    $site->selectrow_array("SELECT kc_token_hash('abc')");
    $site->selectrow_array('SELECT version FROM schema_migrations ORDER BY version DESC LIMIT 1');
    $site->rollback;
    1;
};
ok $ok, 'it reads and writes records and members, appends to audit_log and points_ledger, deletes sessions, calls functions'
    or diag $@;
$ok = eval {
    my ($got) = $site->selectrow_array('SELECT pg_try_advisory_lock(4242017)');
    $site->selectrow_array('SELECT pg_advisory_unlock(4242017)');
    $site->do('LISTEN kc_site_role_test');
    $site->do("NOTIFY kc_site_role_test");
    $site->do('UNLISTEN *');
    $got;
};
ok $ok, 'it takes advisory locks and uses LISTEN/NOTIFY' or diag $@;
$site->{RaiseError} = 0;

# `kcdb migrate` refuses a site role that could undo all this.
sub migrate_with {
    my ($name) = @_;
    my $out = `"$ENV{KC_SRCDIR}/tools/kcdb" migrate --site-role '$name' 2>&1`;
    return ($? >> 8, $out);
}
my ($rc, $out) = migrate_with($role);
t_is($rc, 0, 'kcdb migrate with the site role runs again') or diag $out;
t_is($out, qr/granted the site's rights to role \Q$role\E/, '... and says so');
($rc, $out) = migrate_with('kc_no_such_role');
ok $rc != 0 && $out =~ /site role "kc_no_such_role" does not exist/, 'kcdb migrate refuses a role that does not exist'
    or diag $out;
my ($owner) = db()->selectrow_array('SELECT current_user');
($rc, $out) = migrate_with($owner);
ok $rc != 0 && $out =~ /must not be the role running kcdb migrate/, 'kcdb migrate refuses the owner as the site role'
    or diag $out;
my $member_role = "kc_site_member_$$";
db()->do(qq{CREATE ROLE "$member_role" LOGIN IN ROLE "$owner"});
($rc, $out) = migrate_with($member_role);
db()->do(qq{DROP ROLE "$member_role"});
ok $rc != 0 && $out =~ /owns \(or is a member of the owner of\) the database/,
   'kcdb migrate refuses a member of the owner role' or diag $out;
my $super_role = "kc_site_super_$$";
db()->do(qq{CREATE ROLE "$super_role" LOGIN CREATEROLE});
($rc, $out) = migrate_with($super_role);
db()->do(qq{DROP ROLE "$super_role"});
ok $rc != 0 && $out =~ /has SUPERUSER, CREATEROLE/, 'kcdb migrate refuses a role with CREATEROLE'
    or diag $out;
($rc, $out) = migrate_with(q{kc"; DROP TABLE audit_log; --});
ok $rc != 0 && db()->selectrow_array(q{SELECT to_regclass('audit_log') IS NOT NULL}),
   'a role name is only ever an identifier';

# httpd connects as the site role: its pooled connections stay open after a
# request that went to the database.
t_is(GET('/records?q=siterol' . $$)->code, 200, 'a page from the database');
my $pids = join ',', map { int } $site->{pg_pid}, db()->{pg_pid};
# (A connection of a finished psql or test may take a moment to go.)
my $users;
for (1 .. 50) {
    $users = db()->selectcol_arrayref(qq{
        SELECT DISTINCT usename FROM pg_stat_activity
         WHERE datname = current_database() AND backend_type = 'client backend'
           AND pid NOT IN ($pids)
         ORDER BY 1});
    last if "@$users" eq $role;
    select undef, undef, undef, 0.1;
}
is_deeply $users, [$role], "httpd's connections to the database are all the site role's";
