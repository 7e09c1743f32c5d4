# Runs last (Apache::Test runs t/**/*.t in sorted order): after the whole
# suite, the points books must balance (spec/records.md, sql/002_points.sql).
# - every member's points_balance equals the sum of their ledger amounts
# - no balance below zero
# - no duplicate unlocks
# - every 'read' ledger row has its unlock, and every paid unlock its
#   'read' row of exactly -cost
# - tools/kcdb check agrees
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db);

plan tests => 11;

sub problems {
    my ($sql) = @_;
    return @{ db()->selectcol_arrayref($sql) };
}

my @mismatch = problems(q{
    SELECT 'member ' || m.id || ': balance ' || m.points_balance || ', ledger ' || coalesce(l.total, 0)
      FROM members m
      LEFT JOIN (SELECT member_id, sum(amount) AS total FROM points_ledger GROUP BY member_id) l
             ON l.member_id = m.id
     WHERE m.points_balance <> coalesce(l.total, 0)
     ORDER BY m.id});
ok(!@mismatch, 'every member: points_balance = sum(points_ledger.amount)')
    or diag(join "\n", @mismatch[0 .. ($#mismatch < 9 ? $#mismatch : 9)]);

my @orphans = problems(q{
    SELECT 'ledger row ' || l.id || ' of member ' || l.member_id || ' without member'
      FROM points_ledger l LEFT JOIN members m ON m.id = l.member_id WHERE m.id IS NULL});
ok(!@orphans, 'no ledger row without its member') or diag(join "\n", @orphans);

t_is(scalar db()->selectrow_array('SELECT count(*) FROM members WHERE points_balance < 0'), 0,
     'no balance below zero');

my @dups = problems(q{
    SELECT 'member ' || member_id || ' record ' || record_id || ' x' || count(*)
      FROM unlocks GROUP BY member_id, record_id HAVING count(*) > 1});
ok(!@dups, 'no duplicate unlocks') or diag(join "\n", @dups);

my @unpaid_reads = problems(q{
    SELECT 'ledger row ' || l.id || ' (member ' || l.member_id || ', ' || coalesce(l.subject, 'no subject') || ')'
      FROM points_ledger l
     WHERE l.event = 'read'
       AND NOT EXISTS (SELECT 1 FROM unlocks u
                        WHERE u.member_id = l.member_id
                          AND l.subject = 'record:' || u.record_id)
     ORDER BY l.id});
ok(!@unpaid_reads, "every 'read' ledger row has its unlock")
    or diag(join "\n", @unpaid_reads[0 .. ($#unpaid_reads < 9 ? $#unpaid_reads : 9)]);

my @unlock_no_debit = problems(q{
    SELECT 'unlock member ' || u.member_id || ' record ' || u.record_id || ' cost ' || u.cost
           || ': ' || count(l.id) || ' read row(s)'
      FROM unlocks u
      LEFT JOIN points_ledger l
             ON l.member_id = u.member_id AND l.event = 'read'
            AND l.subject = 'record:' || u.record_id AND l.amount = -u.cost
     WHERE u.cost > 0
     GROUP BY u.member_id, u.record_id, u.cost
    HAVING count(l.id) <> 1});
ok(!@unlock_no_debit, "every paid unlock has exactly one 'read' row of -cost")
    or diag(join "\n", @unlock_no_debit[0 .. ($#unlock_no_debit < 9 ? $#unlock_no_debit : 9)]);

SKIP: {
    my $kcdb = ($ENV{KC_SRCDIR} // '.') . '/tools/kcdb';
    skip 'tools/kcdb not found', 1 unless -x $kcdb;
    my $out = `"$kcdb" check 2>&1`;
    ok($? == 0 && $out =~ /^ok$/m, 'tools/kcdb check says ok') or diag($out);
}

# The kept search counts that differ from a recount, as lines to show.
sub facet_count_errors {
    my $off = db()->selectall_arrayref(q{
        SELECT coalesce(c.facet, e.facet), coalesce(c.value, e.value), c.n, e.n
          FROM facet_counts c FULL JOIN facet_counts_expected e
            ON e.facet = c.facet AND e.value = c.value
         WHERE coalesce(c.n, 0) <> coalesce(e.n, 0)});
    return map { join ' ', map { $_ // 'NULL' } @$_ } @$off;
}

my @facets = facet_count_errors();
ok(!@facets, 'the search counts kept by triggers equal a recount')
    or diag(join "\n", @facets);

# The subject and level ids copied onto each record (013) equal the rows of
# record_subjects and record_levels that every contribution, change and
# moderation above wrote.
for my $t (['subject', 'record_subjects'], ['level', 'record_levels']) {
    my ($what, $table) = @$t;
    my $off = db()->selectcol_arrayref(qq{
        SELECT r.id FROM records r
         WHERE r.${what}_ids IS DISTINCT FROM coalesce((SELECT array_agg(x.${what}_id
                 ORDER BY x.${what}_id) FROM $table x WHERE x.record_id = r.id), '{}')});
    my $n = db()->selectrow_array(qq{SELECT count(*) FROM records WHERE ${what}_ids <> '{}'});
    ok(!@$off && $n > 0, "records.${what}_ids equals $table on every record ($n records with some)")
        or diag("records off: @$off[0 .. ($#$off < 9 ? $#$off : 9)]");
}

# Deleting a published record (its subjects and levels go by cascade)
# keeps the counts exact too.
{
    my $id = KC::Test::make_record();
    db()->do('DELETE FROM records WHERE id = ?', undef, $id);
    my @off = facet_count_errors();
    ok(!@off, 'after deleting a published record the counts still equal a recount')
        or diag(join "\n", @off);
}
