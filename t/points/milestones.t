# Milestones (issue 13): /admin/milestones declares points for every
# member of an audience (levels, subjects, country), paid to each exactly
# once by kc_milestone_pay_batch() in short batches (the admin's POST runs
# them within a time budget; "continue paying" resumes); concurrent batches
# never pay twice; a milestone armed for N members becomes due at the
# registration that reaches N (once) and is paid in batches, not by that
# registration. Refused for members and moderators (403) and without csrf.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use POSIX ();
use KC::Test qw(t_is db make_member expect_errors uniq);
use KC::Account qw(forget_login_failures make_role_member);
use KC::Contribute qw(act audit_rows);

plan tests => 28, need_lwp;

forget_login_failures();
my $adm = make_role_member('admin');

# An audience of our own: the last subject, given to members made here.
my ($subject) = db()->selectrow_array(q{SELECT id FROM subjects ORDER BY position DESC LIMIT 1});
sub with_subject {
    my $id = make_member(@_);
    db()->do(q{INSERT INTO member_subjects (member_id, subject_id) VALUES (?, ?)}, undef, $id, $subject);
    return $id;
}
my @ours = map { with_subject() } 1 .. 5;
my $banned = with_subject();
db()->do(q{UPDATE members SET ban_permanent = true WHERE id = ?}, undef, $banned);
my $outsider = make_member();
sub audience {
    return @{ db()->selectcol_arrayref(q{
        SELECT m.id FROM members m JOIN member_subjects s ON s.member_id = m.id AND s.subject_id = ?
         WHERE m.deleted_at IS NULL AND NOT m.ban_permanent
           AND coalesce(m.banned_until <= now(), true) ORDER BY m.id}, undef, $subject) };
}
sub paid_rows {
    my ($ms, $member) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM points_ledger WHERE award_key = ?}, undef, "milestone:$ms:$member");
}
sub milestone { return db()->selectrow_hashref(q{SELECT * FROM point_milestones WHERE id = ?}, undef, $_[0]) }
sub declare {
    my (%f) = @_;
    return act($adm, '/admin/milestones', [ name => $f{name}, points => $f{points}, subjects => $subject,
                                            at_members => $f{at_members}, country => '' ],
               from => '/admin/milestones', %{ $f{opt} // {} });
}
sub id_of { return scalar db()->selectrow_array(q{SELECT id FROM point_milestones WHERE name = ?}, undef, $_[0]) }

# ---- declared and paid at once (8) --------------------------------------------------------------------------------
my @aud = audience();
my $name = uniq('Het 50.000ste lid');
my $res = declare(name => $name, points => 100);
ok($res->code == 303 && ($res->header('Location') // '') eq '/admin/milestones?done=paid',
   'POST /admin/milestones (a small audience): 303 done=paid') or diag($res->code . ' ' . ($res->header('Location') // ''));
my $ms = id_of($name);
my $row = milestone($ms);
ok($row->{state} eq 'done' && $row->{paid_count} == @aud, "... done, paid_count = the audience (" . @aud . ")");
ok(!grep({ paid_rows($ms, $_) != 1 } @aud), '... every member of the audience has exactly one ledger row');
ok(paid_rows($ms, $banned) == 0 && paid_rows($ms, $outsider) == 0, '... a banned member and an outsider have none');
ok(db()->selectrow_array(q{SELECT amount FROM points_ledger WHERE award_key = ?}, undef, "milestone:$ms:$ours[0]") == 100,
   '... of 100 points');
ok(audit_rows(action => 'milestone_declare', target_id => $ms) == 1, '... the declaration is audited');
$res = act($adm, "/admin/milestones/$ms/pay", [], from => '/admin/milestones');
ok($res->code == 303 && milestone($ms)->{paid_count} == @aud && !grep({ paid_rows($ms, $_) != 1 } @aud),
   'paying again: nothing more is paid');
my $page = $adm->get('/admin/milestones');
ok($page->code == 200 && $page->decoded_content =~ /data-milestone="$ms"/ && index($page->decoded_content, $name) >= 0,
   'GET /admin/milestones lists it');

# ---- batches, one after the other and at the same time (6) ---------------------------------------------------------
my $decl = sub {
    my ($n) = @_;
    my ($r) = db()->selectrow_array(q{SELECT kc_milestone_declare(?, ?, 5, '{}', ARRAY[?]::int[], NULL, NULL)},
                                    undef, $adm->{id}, $n, $subject);
    return $r =~ /^ok:(\d+)$/ ? $1 : undef;
};
my $ms2 = $decl->(uniq('Per portie'));
my $left0 = db()->selectrow_array(q{SELECT kc_milestone_left(?)}, undef, $ms2);
t_is($left0, scalar @aud, 'a milestone declared in SQL: due, every member left');
t_is(db()->selectrow_array(q{SELECT kc_milestone_pay_batch(?, 2)}, undef, $ms2), 2, 'a batch of 2 pays 2');
t_is(db()->selectrow_array(q{SELECT kc_milestone_left(?)}, undef, $ms2), @aud - 2, '... 2 fewer left');
my @batches;
while ((my $n = db()->selectrow_array(q{SELECT kc_milestone_pay_batch(?, 2)}, undef, $ms2)) > 0) { push @batches, $n }
ok(milestone($ms2)->{state} eq 'done' && milestone($ms2)->{paid_count} == @aud && !grep({ paid_rows($ms2, $_) != 1 } @aud),
   '... batches until 0: done, each member paid once');

my $ms3 = $decl->(uniq('Gelijktijdig'));
db()->{AutoInactiveDestroy} = 1;
my @pids;
pipe(my $rd, my $wr) or die "pipe: $!";
for my $i (1 .. 4) {
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        close $rd;
        my $total = 0;
        my $ok = eval {
            my $h = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                                 $ENV{PGUSER}, '', { AutoCommit => 1, RaiseError => 1, PrintError => 0 });
            while ((my $n = $h->selectrow_array(q{SELECT kc_milestone_pay_batch(?, 1)}, undef, $ms3)) > 0) { $total += $n }
            $h->disconnect;
            1;
        };
        syswrite $wr, ($ok ? $total : 'error') . "\n";
        POSIX::_exit(0);
    }
    push @pids, $pid;
}
close $wr;
my @totals = <$rd>;
waitpid $_, 0 for @pids;
chomp @totals;
my $sum = 0;
$sum += $_ for grep { /^\d+$/ } @totals;
ok(@totals == 4 && !grep({ !/^\d+$/ } @totals) && $sum == @aud, "4 sessions paying batches at once paid $sum in all")
    or diag("@totals");
ok(milestone($ms3)->{paid_count} == @aud && !grep({ paid_rows($ms3, $_) != 1 } @aud), '... each member exactly once');

# ---- armed for a member count (8) -----------------------------------------------------------------------------------
my $live = db()->selectrow_array(q{SELECT count(*) FROM members WHERE deleted_at IS NULL});
my $armed_name = uniq('Bij het volgende tweede lid');
$res = declare(name => $armed_name, points => 50, at_members => $live + 2);
my $ms4 = id_of($armed_name);
ok($res->code == 303 && ($res->header('Location') // '') =~ /done=declared/ && milestone($ms4)->{state} eq 'armed',
   'a milestone armed for 2 more members: declared, armed');
my $r1 = KC::Account->registered;
t_is(milestone($ms4)->{state}, 'armed', 'one registration later: still armed');
my $r2 = KC::Account->registered;
$row = milestone($ms4);
ok($row->{state} eq 'due' && $row->{upto_member} == $r2->{id} && $row->{paid_count} == 0,
   'the registration that reaches the count makes it due (for the members up to it), paying nothing itself');
my $dash = $adm->get('/admin')->decoded_content // '';
ok($dash =~ m{<a href="/admin/milestones">\s*<span class="admin-tile-count">1</span>},
   'the admin dashboard shows one milestone to pay');
my $due_at = $row->{due_at};
KC::Account->registered;
ok(milestone($ms4)->{due_at} eq $due_at, 'a later registration does not fire it again');
$res = act($adm, "/admin/milestones/$ms4/pay", [], from => '/admin/milestones');
ok($res->code == 303 && milestone($ms4)->{state} eq 'done' && milestone($ms4)->{paid_count} == @aud,
   '"continue paying": paid to the audience, done');
ok(paid_rows($ms4, $r1->{id}) == 0, '... (a new member without the subject is not in it)');
ok(($adm->get('/admin')->decoded_content // '') !~ m{<span class="admin-tile-count">\d+</span>\s*<span class="admin-tile-label">[^<]*(?:Mijlpalen|Milestones)},
   '... and the dashboard no longer does');

# ---- refused (6) -------------------------------------------------------------------------------------------------------------
my $n0 = db()->selectrow_array(q{SELECT count(*) FROM point_milestones});
my $mod = make_role_member('moderator');
for my $who ([ member => $r1 ], [ moderator => $mod ]) {
    my ($label, $cl) = @$who;
    my $tok = $cl->csrf_token('/');
    t_is(expect_errors(sub { $cl->get('/admin/milestones') })->code, 403, "$label GET /admin/milestones: 403");
    t_is(expect_errors(sub { act($cl, '/admin/milestones', [ name => 'x', points => 100000 ], csrf => $tok) })->code,
         403, "$label POST /admin/milestones: 403");
}
t_is(declare(name => uniq('x'), points => 10, opt => { csrf => 0 })->code, 403, 'admin POST without csrf: 403');
t_is(db()->selectrow_array(q{SELECT count(*) FROM point_milestones}), $n0, '... no milestone was declared');

forget_login_failures();
