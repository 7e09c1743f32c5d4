# Concurrent grants and awards during a campaign (issue 13): 12 admin
# grants through HTTP (+7 each, 4 of them corrections of -3) and 12 awards
# through kc_points_award (20 each, doubled by a x2 campaign) for one
# member, all at once. Afterwards the balance is exactly the start plus
# what was paid, equal to the ledger sum, and every award has exactly one
# campaign part of +20.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use POSIX ();
use KC::Test qw(t_is db uniq);
use KC::Account qw(forget_login_failures make_role_member);
use KC::Search qw(balance_of ledger_sum);

plan tests => 6, need_lwp;

forget_login_failures();
END { eval { db()->do(q{UPDATE point_campaigns SET ends_at = now() WHERE ends_at > now() AND starts_at <= now()}) } }

my $adm = make_role_member('admin');
my $member = KC::Account->registered;
my $mid = $member->{id};
my $start = balance_of($mid);
my ($camp) = db()->selectrow_array(
    q{SELECT kc_campaign_create(?, ?, (now() AT TIME ZONE 'Europe/Brussels') - interval '1 hour',
                                (now() AT TIME ZONE 'Europe/Brussels') + interval '1 hour',
                                2, NULL, '{nice_scores}', '{}', '{}', '{}')}, undef, $adm->{id}, uniq('Race x2'));
my ($cid) = $camp =~ /^ok:(\d+)$/;
ok($cid, 'a x2 campaign on nice_scores is in force');
my $tok = $adm->csrf_token('/');
my $run = uniq('race');

db()->{AutoInactiveDestroy} = 1;
pipe(my $gate_r, my $gate_w) or die "pipe: $!";
pipe(my $res_r, my $res_w) or die "pipe: $!";
my @pids;
for my $i (1 .. 24) {
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        close $gate_w;
        close $res_r;
        my $h = $i > 12 ? DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                                       $ENV{PGUSER}, '', { AutoCommit => 1, RaiseError => 1, PrintError => 0 })
                        : undef;
        sysread $gate_r, my $buf, 1;
        my $out = eval {
            if ($i <= 12) {
                my $amount = $i <= 4 ? -3 : 7;
                my $res = $adm->post_form("/admin/members/$mid/grant",
                                          [ amount => $amount, reason => "race $i", key => sprintf('%032x', $$ * 100 + $i) ],
                                          csrf => $tok);
                "grant " . $res->code;
            }
            else {
                my ($paid) = $h->selectrow_array(q{SELECT kc_points_award(?, 'nice_scores', 'race', 20, ?, NULL)},
                                                 undef, $mid, "$run:$i");
                "award $paid";
            }
        } // "error $@";
        $out =~ s/\s+/ /g;
        syswrite $res_w, "$out\n";
        POSIX::_exit(0);
    }
    push @pids, $pid;
}
close $gate_r;
close $res_w;
close $gate_w;
my @lines = <$res_r>;
close $res_r;
waitpid $_, 0 for @pids;
chomp @lines;

my @grants = grep { /^grant 303$/ } @lines;
my @awards = grep { /^award 40$/ } @lines;
ok(@grants == 12 && @awards == 12, 'all 12 grants answered 303, all 12 awards paid 40') or diag(join ' | ', @lines);
my $expect = $start + 8 * 7 - 4 * 3 + 12 * 40;
t_is(balance_of($mid), $expect, "the balance is exactly start + 8 x 7 - 4 x 3 + 12 x 40 = $expect");
t_is(ledger_sum($mid), balance_of($mid), '... equal to the ledger sum');
my $parts = db()->selectall_arrayref(
    q{SELECT b.award_key, count(c.id), sum(c.amount) FROM points_ledger b
        LEFT JOIN points_ledger c ON c.parent_id = b.id AND c.campaign_id = ?
       WHERE b.award_key LIKE ? AND b.campaign_id IS NULL GROUP BY b.award_key}, undef, $cid, "$run:%");
ok(@$parts == 12 && !grep({ $_->[1] != 1 || $_->[2] != 20 } @$parts), 'every award has exactly one campaign part of +20');
t_is(scalar db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE member_id = ? AND event = 'grant'}, undef, $mid),
     12, 'and there are 12 grant rows');
db()->do(q{UPDATE point_campaigns SET ends_at = now() WHERE id = ?}, undef, $cid);

forget_login_failures();
