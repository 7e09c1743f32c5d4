# A database migrated before the functions moved to sql/functions/ and then
# upgraded by `tools/kcdb migrate` ends identical to a new one.
#
# t/fixtures/sql-82f4b1a/ holds the migrations as deployed databases ran them
# (commit 82f4b1a, when every function still lived in the migration that
# created or redefined it). Here, on extra databases of the suite's cluster:
# - "today": those 15 files applied the way kcdb did then (one transaction
#   per file with its schema_migrations row), then today's `kcdb migrate`;
# - "fresh": today's `kcdb migrate` on an empty database, twice (a second run
#   must change nothing);
# and their pg_dump --schema-only, seeded rows and schema_migrations versions
# must be equal. Databases stopped half-way (after 003 and after 010, with
# records, subjects and levels in them) and upgraded by today's migrate must
# end as if the old migrations had run to the end first: same schema, same
# rows (what the backfills of 004, 007 and 013 compute, and the counting
# trigger renamed by 011 present once).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);

my $src = $ENV{KC_SRCDIR} // '.';
my $kcdb = "$src/tools/kcdb";
my $fixtures = "$src/t/fixtures/sql-82f4b1a";
my $pgbin = $ENV{KC_PGBIN} // '/usr/bin';
my $pg_dump = -x "$pgbin/pg_dump" ? "$pgbin/pg_dump" : 'pg_dump';
my @old = sort glob("$fixtures/[0-9][0-9][0-9]_*.sql");
$ENV{PGOPTIONS} = '-c client_min_messages=warning';
$ENV{KC_TMP} //= '/tmp';

plan tests => 13;

my @dbs;
END {
    local $?;
    psql('postgres', "DROP DATABASE IF EXISTS $_") for @dbs;
}

# psql on database $db; dies on an error. Returns the output.
sub psql {
    my ($db, $sql, @files) = @_;
    local $ENV{PGDATABASE} = $db;
    my @cmd = ('psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1');
    push @cmd, '--single-transaction' if @files;
    push @cmd, '-c', $sql if defined $sql;
    push @cmd, map { ('-f', $_) } @files;
    open(my $fh, '-|', @cmd) or die "psql: $!";
    local $/;
    my $out = <$fh> // '';
    close $fh or die "psql failed on $db (@cmd)\n";
    return $out;
}

sub new_db {
    my ($name) = @_;
    my $db = "kc_schema_${name}_$$";
    psql('postgres', "DROP DATABASE IF EXISTS $db");
    psql('postgres', "CREATE DATABASE $db");
    push @dbs, $db;
    return $db;
}

# The old migrations up to and including $last (e.g. '010'), as kcdb ran
# them at 82f4b1a: schema_migrations, then one transaction per file.
sub old_migrate {
    my ($db, $from, $last) = @_;
    psql($db, 'CREATE TABLE IF NOT EXISTS schema_migrations (
                   version text PRIMARY KEY, applied_at timestamptz DEFAULT now())');
    for my $f (@old) {
        my ($version) = $f =~ m{/(\d{3}_\w+)\.sql$};
        my $n = substr($version, 0, 3);
        next if $n lt $from || $n gt $last;
        psql($db, "INSERT INTO schema_migrations (version) VALUES ('$version')", $f);
    }
}

sub kcdb_migrate {
    my ($db) = @_;
    local $ENV{PGDATABASE} = $db;
    my $out = `"$kcdb" migrate 2>&1`;
    return ($? == 0, $out);
}

# pg_dump's output; its warnings (the forum's circular foreign keys in a
# data-only dump) only on failure.
sub pg_dump {
    my ($db, @opt) = @_;
    my $err = "$ENV{KC_TMP}/schema_identity.$$.err";
    my $out = `"$pg_dump" @opt "$db" 2>"$err"`;
    die "pg_dump $db failed: " . `cat "$err"` if $?;
    unlink $err;
    return $out;
}

sub dump_schema {
    my ($db) = @_;
    my $out = pg_dump($db, '--schema-only');
    # \restrict carries a random key per dump (pg_dump 15.14 and later).
    return join '', grep { !/^\\(un)?restrict / } split /^/m, $out;
}

# Every row of every table but schema_migrations (applied_at differs), sorted
# (the physical order of rows depends on how often they were updated).
sub dump_rows {
    my ($db) = @_;
    my $out = pg_dump($db, '--data-only', '--exclude-table-data=schema_migrations');
    return join '', sort grep { !/^\\(un)?restrict / } split /^/m, $out;
}

sub versions { return psql($_[0], 'SELECT version FROM schema_migrations ORDER BY version') }

# The first differing lines of two dumps, for diag().
sub first_diff {
    my ($a, $b) = @_;
    my @a = split /\n/, $a;
    my @b = split /\n/, $b;
    for my $i (0 .. ($#a > $#b ? $#a : $#b)) {
        my ($x, $y) = ($a[$i] // '<end>', $b[$i] // '<end>');
        next if $x eq $y;
        my $lo = $i < 3 ? 0 : $i - 3;
        return "line " . ($i + 1) . ":\n< " . join("\n< ", grep { defined } @a[$lo .. $i + 3])
             . "\n> " . join("\n> ", grep { defined } @b[$lo .. $i + 3]);
    }
    return 'no difference';
}

# Records with subjects and levels, a draft among them, all with fixed times.
sub add_records {
    my ($db) = @_;
    psql($db, q{
        INSERT INTO members (email, first_name, surname, country, created_at)
        VALUES ('schema-identity@test.invalid', 'Schema', 'Test', 'BE', '2024-01-01');
        INSERT INTO records (kind, title, description, language, licence, author_id,
                             author_name, state, published_at, created_at, updated_at)
        SELECT k.code, 'Breuken en kommagetallen ' || k.position, 'Oefeningen voor de klas',
               CASE WHEN k.position % 2 = 0 THEN 'nl' ELSE 'en' END, 'by',
               (SELECT id FROM members), 'Schema Test',
               CASE WHEN k.position = 3 THEN 'pending' ELSE 'published' END,
               CASE WHEN k.position = 3 THEN NULL ELSE timestamptz '2024-02-01' END,
               timestamptz '2024-01-15' + k.position * interval '1 hour',
               timestamptz '2024-01-20'
          FROM record_kinds k;
        INSERT INTO record_subjects (record_id, subject_id)
        SELECT r.id, s.id FROM records r JOIN subjects s ON s.position <= 1 + r.id % 3;
        INSERT INTO record_levels (record_id, level_id)
        SELECT r.id, l.id FROM records r JOIN levels l ON l.position IN (2, 2 + r.id % 4);
    });
}

my $fresh = new_db('fresh');
my ($ok1, $out1) = kcdb_migrate($fresh);
my ($ok2, $out2) = kcdb_migrate($fresh);
ok($ok1 && $ok2 && $out2 !~ /^applied \d/m, 'a new database: kcdb migrate, then again (nothing new)')
    or diag("$out1\n$out2");
my $fresh_schema = dump_schema($fresh);
my $fresh_rows = dump_rows($fresh);

ok(@old == 15, 'the 15 migrations of 82f4b1a are in t/fixtures/sql-82f4b1a') or diag("@old");
my $today = new_db('today');
old_migrate($today, '000', '999');
my $before = dump_schema($today);
isnt($before, $fresh_schema, 'before kcdb migrate, the old schema differs (so the comparison can fail)');
my ($ok3, $out3) = kcdb_migrate($today);
# Migrations newer than the fixture (016 on) are applied, those it ran never again.
my @ran = map { m{/(\d{3}_[^/]+)\.sql$} ? $1 : () } @old;
ok($ok3 && !grep({ my $m = $_; $out3 =~ /^applied \Q$m\E$/m } @ran),
   'the old database: kcdb migrate applies none of the migrations it ran, only newer ones and sql/functions/')
    or diag($out3);
my $today_schema = dump_schema($today);
ok($today_schema eq $fresh_schema, 'old database upgraded: pg_dump --schema-only equals a new one')
    or diag(first_diff($today_schema, $fresh_schema));
is(versions($today), versions($fresh), 'the same schema_migrations versions');
my $today_rows = dump_rows($today);
ok($today_rows eq $fresh_rows && $fresh_rows =~ /point_rules/ && $fresh_rows =~ /\twiskunde\t/,
   'the same seeded rows (kinds, licences, languages, levels, subjects, point rules, ...)')
    or diag(first_diff($today_rows, $fresh_rows));

# Stopped after $cut with data in it: today's migrate (A) against the old
# migrations to the end, then today's migrate (B).
for my $cut ('003', '010') {
    my $a = new_db("a$cut");
    my $b = new_db("b$cut");
    for my $db ($a, $b) {
        old_migrate($db, '000', $cut);
        add_records($db);
    }
    old_migrate($b, sprintf('%03d', $cut + 1), '999');
    my ($oka, $outa) = kcdb_migrate($a);
    my ($okb, $outb) = kcdb_migrate($b);
    ok($oka && $okb, "stopped after $cut: both upgrades run") or diag("$outa\n$outb");
    my ($sa, $sb) = (dump_schema($a), dump_schema($b));
    ok($sa eq $sb && $sa eq $fresh_schema, "stopped after $cut: the schema equals a new one")
        or diag(first_diff($sa, $fresh_schema));
    my ($ra, $rb) = (dump_rows($a), dump_rows($b));
    my $words = psql($a, 'SELECT count(*) FROM record_words');
    my $facets = psql($a, q{SELECT n FROM facet_counts WHERE facet = 'all'});
    my $problems = psql($a, q{SELECT count(*) FROM kc_integrity_problems()});
    ok($ra eq $rb && $words > 0 && $facets == 11 && $problems == 0,
       "stopped after $cut: the same rows as the old migrations computed "
       . "(record_words, facet_counts, subject_ids ...), no integrity problem")
        or diag("words $words, published $facets, problems $problems\n" . first_diff($ra, $rb));
}
