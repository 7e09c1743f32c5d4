# Two httpd nodes, one PostgreSQL: this suite's server is node 1; the test
# starts node 2 on another loopback port with the same site configuration
# (same database, same upload directory) and shows what a load balancer in
# front of both may rely on: a session made on one node works on the other;
# a record approved on node 1 is in node 2's (cached) search results on the
# next request; a change made with psql reaches both nodes' cached pages
# within a second; login throttling and daily caps count across nodes; the
# birthday job pays once with both nodes running; and a node stopped in the
# middle of a job leaves it to the other node, which finishes it later.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use Time::HiRes qw(time sleep);
use URI;
use KC::Test qw(db make_record uniq);
use KC::Node ();
use KC::Account qw(forget_login_failures make_role_member member_row GOOD_PASSWORD);
use KC::Community qw(forum_category ask answer);

plan tests => 20, need_lwp;

forget_login_failures();
my $admin = make_role_member('admin');
my $mod = make_role_member('moderator');

# ---- node 2 ----------------------------------------------------------------------
my $tmp = $ENV{KC_TMP} or die 'KC_TMP not set (run the suite through t/run-suite)';
my $host = URI->new(Apache::TestRequest::resolve_url('/'))->host;
# Whatever happens below, node 2 does not outlive the test (KC::Node).
my $n2 = KC::Node->start(dir => "$tmp/node2", host => $host);
my ($node2, $port) = ($n2->{base}, $n2->{port});
my $up = $n2->up;
ok $up, "node 2 answers on $node2";

# A browser on node 2: the same cookie jar (same host name, another port),
# so a session made on node 1 goes along, as behind a load balancer.
{
    package KC::Node2;
    our @ISA = ('KC::Account');
    sub url { return $node2 . $_[1] }
}
sub on_node2 { my ($c) = @_; return bless { %$c }, 'KC::Node2' }

sub node_pid { return $n2->pid }

sub job_row { db()->selectrow_hashref('SELECT * FROM jobs WHERE name = ?', undef, $_[0]) }

# Node 1's name as the jobs table writes it: the last node of a run it did.
sub request_run {
    my ($c, $name) = @_;
    return $c->post_form("/admin/jobs/$name/run", {}, from => '/admin/jobs');
}
sub wait_runs {
    my ($name, $runs) = @_;
    for (1 .. 200) {
        my $row = job_row($name);
        return $row if $row->{runs} >= $runs && !defined $row->{run_requested_at};
        sleep 0.1;
    }
    return job_row($name);
}

# ---- a session made on node 1 works on node 2 (2) ------------------------------------------
my $teacher = KC::Account->registered;
my $t2 = on_node2($teacher);
my $me = $t2->get('/me/points');
is $me->code, 200, 'the session made on node 1 opens /me/points on node 2'
    or diag('Location ' . ($me->header('Location') // ''));
like $me->decoded_content, qr/\b1000\b/, '... the member\'s own ledger (the welcome points)';

# ---- approved on node 1: in node 2's search on the next request (3) -----------------------------
my $word = 'Tweenode' . int(rand(1e9));
my $rid = make_record(state => 'pending', title => "$word: breuken vergelijken");
my $anon2 = on_node2(KC::Account->new);
$anon2->get("/records?q=$word") for 1 .. 2;         # rendered, then kept by node 2
unlike $anon2->get("/records?q=$word")->decoded_content, qr/data-record="$rid"|\/records\/$rid"/,
    'node 2 keeps a search page without the pending record';
my $res = do {
    require KC::Contribute;
    KC::Contribute::approve($mod, $rid);
};
is $res->code, 303, 'a moderator approves it on node 1';
# The notification travels through PostgreSQL to node 2's listener thread:
# milliseconds, but a loaded machine may take longer; within 2 s at most.
my $shown = 0;
for (1 .. 40) {
    sleep 0.05;
    $shown = 1, last if $anon2->get("/records?q=$word")->decoded_content =~ m{/records/$rid\b};
}
ok $shown, '... and node 2\'s search shows it at once (within 2 s, not after its cache ages)';

# ---- psql changes reach both nodes' cached pages within 1 s (2) -------------------------------
my $title = 'Beidenodes' . int(rand(1e9));
my $pid = make_record(title => $title);
my $anon1 = KC::Account->new;
for my $c ($anon1, $anon2) {
    for (1 .. 30) { last if $c->get('/')->decoded_content =~ /$title/; sleep 0.1 }
}
my $new = 'Gewijzigd' . int(rand(1e9));
db()->do('UPDATE records SET title = ? WHERE id = ?', undef, $new, $pid);
my $t0 = time;
my %seen;
while (time - $t0 < 1 && keys %seen < 2) {
    $seen{1} = 1 if !$seen{1} && $anon1->get('/')->decoded_content =~ /$new/;
    $seen{2} = 1 if !$seen{2} && $anon2->get('/')->decoded_content =~ /$new/;
}
ok $seen{1}, 'a title changed with psql is on node 1\'s cached home page within 1 s';
ok $seen{2}, '... and on node 2\'s';

# ---- login throttling and daily caps count across nodes (3) ----------------------------------
forget_login_failures();
my $victim = KC::Account->registered;
my $email = $victim->{email};
my $c1 = KC::Account->new;
my $c2 = on_node2(KC::Account->new);
$c1->login($email, 'wrong-password-' . $_) for 1 .. 3;
$c2->login($email, 'wrong-password-' . $_) for 4 .. 5;
my $r6 = on_node2(KC::Account->new)->login($email, $victim->{password} // GOOD_PASSWORD);
isnt $r6->code, 303, 'five wrong passwords, three on node 1 and two on node 2: node 2 throttles the sixth attempt';
forget_login_failures();

my $asker = KC::Account->registered;
my (undef, $tid) = ask($asker, category => forum_category($asker), title => uniq('Vraag over breuken'),
                       body => 'Hoe leg jij breuken uit aan het derde leerjaar? ' . uniq('b'));
my $helper = KC::Account->registered;
my $h2 = on_node2($helper);
for my $i (1 .. 12) {
    answer($i % 2 ? $helper : $h2, $tid, "Antwoord $i: begin met pizzapunten. " . uniq('a'));
}
my ($paid, $rows) = db()->selectrow_array(q{
    SELECT count(*) FILTER (WHERE amount > 0), count(*) FROM points_ledger
     WHERE member_id = ? AND event = 'forum_reaction'}, undef, $helper->{id});
is $rows, 12, 'twelve answers, alternately on node 1 and node 2';
is $paid, 10, '... the daily cap of 10 paid awards holds across both nodes';

# ---- the birthday job pays once with both nodes running (3) -----------------------------------
my $b = KC::Account->registered;
my ($year) = db()->selectrow_array(q{SELECT extract(year FROM now() AT TIME ZONE 'Europe/Brussels')::int});
db()->do(q{UPDATE members SET birthday = ((now() AT TIME ZONE 'Europe/Brussels')::date - interval '40 years')::date
            WHERE id = ?}, undef, $b->{id});
my $runs = job_row('birthday')->{runs};
request_run($admin, 'birthday');
request_run(on_node2($admin), 'birthday');
wait_runs('birthday', $runs + 1);
sleep 2.5;                                           # both nodes ticked meanwhile
is db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE award_key = ?}, undef,
                         "birthday:$b->{id}:$year"), 1,
   'asked to run on both nodes: the birthday is paid once';
my $bal = member_row($b->{id})->{points_balance};
request_run(on_node2($admin), 'birthday');
wait_runs('birthday', job_row('birthday')->{runs} + 1);
is member_row($b->{id})->{points_balance}, $bal, '... and a run on node 2 afterwards pays nothing more';
my @nodes = @{ db()->selectcol_arrayref(q{SELECT DISTINCT last_node FROM jobs}) };
ok scalar(@nodes) >= 1, 'the jobs table names the node of each job\'s last run';

# ---- a node stopped mid-job: the other node finishes it later (6) -------------------------------
# Two jobs are made to block half-way (a row each of them needs is locked):
# one node takes one, the other node the other. Node 2 is then killed in
# the middle of its job; when the rows are free, node 1 finishes both.
my $late = KC::Account->registered;
db()->do(q{UPDATE members SET birthday = ((now() AT TIME ZONE 'Europe/Brussels')::date - interval '25 years')::date
            WHERE id = ?}, undef, $late->{id});
db()->do(q{INSERT INTO sessions (token_hash, member_id, csrf_secret, expires_at)
           VALUES (sha256(convert_to(?, 'UTF8')), ?, 'x', now() - interval '1 hour')},
         undef, uniq('stale'), $late->{id});
my $locker = DBI->connect('dbi:Pg:', undef, undef, { AutoCommit => 0, RaiseError => 1, PrintError => 0 })
    or die $DBI::errstr;
$locker->do('SELECT 1 FROM members WHERE id = ? FOR UPDATE', undef, $late->{id});
$locker->do(q{SELECT 1 FROM sessions WHERE member_id = ? AND expires_at < now() FOR UPDATE},
            undef, $late->{id});
my %before = map { $_ => job_row($_)->{runs} } qw(birthday housekeeping);
my ($asked) = db()->selectrow_array('SELECT now()');
request_run($admin, 'birthday');
request_run($admin, 'housekeeping');
# Both started (last_start after the request): each stuck in its statement
# (kept well below the suite's 3 s statement_timeout from here on).
my %holder;
for (1 .. 100) {
    %holder = map { my $r = job_row($_);
                    db()->selectrow_array('SELECT ?::timestamptz >= ?::timestamptz', undef,
                                          $r->{last_start} // '-infinity', $asked)
                        && (!defined $r->{last_end} || $r->{last_end} lt $r->{last_start})
                        ? ($_ => $r->{last_node}) : () } qw(birthday housekeeping);
    last if keys %holder == 2;
    sleep 0.05;
}
is scalar(keys %holder), 2, 'both jobs started and are stuck on the locked rows';
my ($on2) = grep { $holder{$_} =~ /:$port$/ } keys %holder;
ok $on2, 'one of them is running on node 2' or diag(explain \%holder);
$on2 //= 'housekeeping';
my $pid2 = node_pid() // 0;
kill 'KILL', -$pid2 if $pid2;                        # the whole node, mid-job
my $gone = 0;
# Gone, or a zombie nobody reaps (a daemon's parent is init, or not).
sub alive { my $st = -r "/proc/$_[0]/stat" && do { open my $f, '<', "/proc/$_[0]/stat"; (split ' ', <$f>)[2] };
            return $st && $st ne 'Z' }
for (1 .. 20) { $gone = 1, last unless alive($pid2); sleep 0.05 }
ok $pid2 && $gone, 'node 2 is stopped (killed in the middle of its job)' or diag("pid '$pid2'");
$locker->rollback;                                   # the rows are free again
$locker->disconnect;
my $done = wait_runs($on2, $before{$on2} + 1);
ok $done->{runs} > $before{$on2} && $done->{last_node} !~ /:$port$/ && $done->{last_result} eq 'ok',
   "... node 1 finished node 2's job ($on2) later" or diag(explain $done);
is db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE award_key = ?}, undef,
                         "birthday:$late->{id}:$year"), 1, 'the birthday was paid exactly once';
is db()->selectrow_array(q{SELECT count(*) FROM sessions WHERE member_id = ? AND expires_at < now()},
                         undef, $late->{id}), 0, 'the stale session was cleared';
