# 64 concurrent first reads (POST /records/ID/unlock with the session's CSRF
# token: a GET never pays) by a member whose balance pays exactly 7
# (spec/records.md "Reading"; sql/functions/points.sql kc_record_unlock):
# exactly 7 are unlocked (303 back to the record), 57 get the no-points
# page, and the books still balance.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use POSIX ();
use KC::Test qw(t_is db make_record uniq);
use KC::Account ();
use KC::Search qw(set_balance balance_of unlock_count read_rows ledger_sum);

plan tests => 11, need_lwp;

my $N = 64;
my $member = KC::Account->registered;
my $mid = $member->{id};
set_balance($mid, 70);

my %title_of;
my @rids = map {
    my $t = uniq("Gelijktijdig gelezen $_");
    my $id = make_record(title => $t);
    $title_of{$id} = $t;
    $id;
} 1 .. $N;

# Fork one child per record; each waits at the gate (a pipe the parent
# closes once all are forked), does one POST with the member's cookie and
# reports "record status verdict" on the result pipe, then _exits (no
# END blocks, no DBI or Test::Builder clean-up in the children).
my $csrf = $member->csrf_token('/');
db()->{AutoInactiveDestroy} = 1;
pipe(my $gate_r, my $gate_w) or die "pipe: $!";
pipe(my $res_r, my $res_w) or die "pipe: $!";
my @pids;
for my $rid (@rids) {
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        close $gate_w;
        close $res_r;
        sysread $gate_r, my $buf, 1;            # EOF when the parent opens the gate
        my $res = eval { $member->unlock($rid, csrf => $csrf) };
        my ($code, $verdict) = (0, 'error');
        if ($res) {
            $code = $res->code;
            my $c = $res->decoded_content // '';
            $verdict = $code == 303 && ($res->header('Location') // '') eq "/records/$rid?done=unlocked" ? 'detail'
                     : $code == 403 && $c =~ /\bclass\s*=\s*"[^"]*\bno-points\b/ ? 'no-points'
                     : 'other';
        }
        syswrite $res_w, "$rid $code $verdict\n";
        POSIX::_exit(0);
    }
    push @pids, $pid;
}
close $gate_r;
close $res_w;
close $gate_w;                                   # go
my @lines = <$res_r>;
close $res_r;
waitpid $_, 0 for @pids;

my (%by_verdict, %code_of, %verdict_of);
for (@lines) {
    my ($rid, $code, $verdict) = split ' ';
    $by_verdict{$verdict}++;
    $code_of{$rid} = $code;
    $verdict_of{$rid} = $verdict;
}
t_is(scalar @lines, $N, "all $N requests answered");
t_is($by_verdict{detail} // 0, 7, 'exactly 7 answered 303 back to the record');
t_is($by_verdict{'no-points'} // 0, $N - 7, 'the other 57 answered 403 with the no-points page');
diag(join ', ', map { "$_: $by_verdict{$_}" } sort keys %by_verdict)
    if ($by_verdict{detail} // 0) != 7;

t_is(balance_of($mid), 0, 'the balance is 0');
t_is(unlock_count($mid), 7, 'exactly 7 unlock rows');
my @reads = read_rows($mid);
t_is(scalar @reads, 7, "exactly 7 'read' ledger rows");
ok(!grep({ $_->{amount} != -10 } @reads), '... each of -10');
t_is(ledger_sum($mid), balance_of($mid), 'ledger sum == balance');

my @unlocked = sort { $a <=> $b } @{ db()->selectcol_arrayref(
    'SELECT record_id FROM unlocks WHERE member_id = ?', undef, $mid) };
my @served = sort { $a <=> $b } grep { ($verdict_of{$_} // '') eq 'detail' } keys %verdict_of;
is_deeply(\@unlocked, \@served, 'the unlocked records are exactly the ones served');
is_deeply([ sort { $a <=> $b } map { /^record:(\d+)$/ ? $1 : 0 } map { $_->{subject} } @reads ],
          \@unlocked, 'the ledger rows name exactly those records');

# Re-reading an unlocked record with 0 points is still free.
my $again = @served ? $member->get("/records/$served[0]") : undef;
ok($again && $again->code == 200 && index($again->decoded_content // '', $title_of{$served[0]}) >= 0
   && balance_of($mid) == 0, 're-reading an unlocked record at 0 points: 200, free');
