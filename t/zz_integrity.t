# Runs last (Apache::Test runs t/**/*.t in sorted order): after the whole
# suite, the points books must balance and the kept copies equal a recount
# (spec/records.md, sql/functions/points.sql). The checks themselves are one
# SQL function, kc_integrity_problems() (sql/functions/integrity.sql), which
# `tools/kcdb check` calls too; here each invariant is its own test:
# - every member's points_balance equals the sum of their ledger amounts
# - no ledger row without its member, no balance below zero
# - no duplicate unlocks
# - every 'read' ledger row has its unlock, and every paid unlock its
#   'read' row of exactly -cost (and every unlock its keyed debit)
# - tools/kcdb check agrees
# - the facet counts and the subject/level ids on records equal a recount,
#   also after a published record is deleted
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db);

plan tests => 13;

# The problems kc_integrity_problems() finds of the given kinds, as lines.
sub problems {
    my @kinds = @_;
    my $rows = db()->selectall_arrayref(
        q{SELECT problem, detail FROM kc_integrity_problems() WHERE problem = ANY (?)},
        undef, \@kinds);
    return map { "$_->[0]: $_->[1]" } @$rows;
}

sub first10 { return join "\n", @_[0 .. ($#_ < 9 ? $#_ : 9)] }

my $all = db()->selectall_arrayref('SELECT problem, detail FROM kc_integrity_problems()');
ok(!@$all, 'kc_integrity_problems() finds nothing')
    or diag(first10(map { "$_->[0]: $_->[1]" } @$all));

my @mismatch = problems('balance mismatch');
ok(!@mismatch, 'every member: points_balance = sum(points_ledger.amount)')
    or diag(first10(@mismatch));

my @orphans = problems('ledger row without member');
ok(!@orphans, 'no ledger row without its member') or diag(first10(@orphans));

my @negative = problems('balance below zero');
t_is(scalar @negative, 0, 'no balance below zero');

my @dups = problems('duplicate unlock');
ok(!@dups, 'no duplicate unlocks') or diag(first10(@dups));

my @unpaid_reads = problems('debit without unlock');
ok(!@unpaid_reads, "every 'read' ledger row has its unlock")
    or diag(first10(@unpaid_reads));

my @unlock_no_debit = problems('paid unlock without exactly one read row', 'unlock without debit');
ok(!@unlock_no_debit, "every paid unlock has exactly one 'read' row of -cost")
    or diag(first10(@unlock_no_debit));

SKIP: {
    my $kcdb = ($ENV{KC_SRCDIR} // '.') . '/tools/kcdb';
    skip 'tools/kcdb not found', 1 unless -x $kcdb;
    my $out = `"$kcdb" check 2>&1`;
    ok($? == 0 && $out =~ /^ok$/m, 'tools/kcdb check says ok') or diag($out);
}

my @facets = problems('facet count');
ok(!@facets, 'the search counts kept by triggers equal a recount')
    or diag(first10(@facets));

# The subject and level ids copied onto each record (013) equal the rows of
# record_subjects and record_levels that every contribution, change and
# moderation above wrote.
for my $what ('subject', 'level') {
    my $table = "record_${what}s";
    my @off = problems("record ${what}_ids");
    my $n = db()->selectrow_array(qq{SELECT count(*) FROM records WHERE ${what}_ids <> '{}'});
    ok(!@off && $n > 0, "records.${what}_ids equals $table on every record ($n records with some)")
        or diag(first10(@off));
}

# Deleting a published record (its subjects and levels go by cascade)
# keeps the counts exact too.
{
    my $id = KC::Test::make_record();
    db()->do('DELETE FROM records WHERE id = ?', undef, $id);
    my @off = problems('facet count');
    ok(!@off, 'after deleting a published record the counts still equal a recount')
        or diag(first10(@off));
}

# The checks do see a broken invariant: a balance changed behind the books'
# back (inside a transaction that is rolled back) is reported.
{
    my $dbh = db();
    $dbh->begin_work;
    $dbh->do(q{UPDATE members SET points_balance = points_balance + 7
                WHERE id = (SELECT min(id) FROM members)});
    my @seen = problems('balance mismatch');
    $dbh->rollback;
    ok(@seen == 1 && $seen[0] =~ /ledger sum/, 'a balance off by 7 is reported') or diag(@seen);
}
