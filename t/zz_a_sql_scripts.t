# Runs near the end (sorted order), before zz_integrity.t: the psql test
# scripts of the SQL functions (sql/t/*_test.sql, which include the shared
# helpers of sql/t/lib.sql) against the suite's database.
# They make their own members and records (e-mail ...@test.invalid) and commit
# them, so they come after the HTTP tests whose counts they would disturb;
# zz_integrity.t then checks the books and counts they leave behind.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(db);

my $dir = ($ENV{KC_SRCDIR} // '.') . '/sql/t';
my @scripts = sort glob("$dir/*_test.sql");

plan tests => 1 + @scripts;

ok(@scripts >= 2, "psql test scripts found in $dir") or diag("none in $dir");
# The scripts claim and close outbox mail themselves: the site's mail job
# must not take their mail meanwhile. Holding the job's advisory lock is
# what a node running the job does, so no node runs it until we let go.
db()->selectrow_array(q{SELECT pg_advisory_lock(kc_job_lock_key('mail'))});
for my $script (@scripts) {
    my $out = `psql -X -q -v ON_ERROR_STOP=1 -f "$script" 2>&1`;
    my $rc = $? >> 8;
    my ($name) = $script =~ m{([^/]+)$};
    ok($rc == 0 && $out =~ /ALL OK/, "$name: all checks pass")
        or diag("exit $rc\n" . join("\n", grep { /FAIL|ERROR/ } split /\n/, $out) || $out);
}
db()->selectrow_array(q{SELECT pg_advisory_unlock(kc_job_lock_key('mail'))});
