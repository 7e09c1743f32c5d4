# The dead-links job (issue 12), against a small HTTP server this test
# starts on loopback (never the internet): HEAD, then GET when HEAD is
# refused; redirects; the timeout; the User-Agent; one request per host a
# second; at most KlasCementLinkCheckBatch links a run (4 in the suite);
# three failures in a row make a link dead (one report for the moderators,
# one notification for the author); a link that works again recovers; an
# edited URL starts over. And kc_link_checked, the verdict, directly.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(db make_record uniq);
use KC::Account qw(forget_login_failures make_role_member);
use IO::Socket::INET;
use File::Temp qw(tempdir);
use Fcntl qw(:flock);
use POSIX ();
use Time::HiRes qw(time sleep);

plan tests => 39, need_lwp;

# ---- the server ------------------------------------------------------------------------------
# One process per connection (the slow answer must not hold up the next
# check); every request is logged as "time METHOD PATH\tUser-Agent".
my $dir = tempdir(CLEANUP => 1);
my $log = "$dir/requests.log";
my $listen = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 20,
                                   Proto => 'tcp', ReuseAddr => 1) or die "listen: $!";
my $port = $listen->sockport;
my $base = "http://127.0.0.1:$port";

sub answer {
    my ($c) = @_;
    local $/ = "\r\n";
    my $line = <$c> // return;
    my ($method, $path) = $line =~ m{^(\S+) (\S+)} or return;
    my $ua = '';
    while (defined(my $h = <$c>)) {
        last if $h eq "\r\n";
        $ua = $1 if $h =~ /^User-Agent:\s*(.*?)\r\n/i;
    }
    open my $f, '>>', $log or die;
    flock $f, LOCK_EX;
    printf $f "%.3f %s %s\t%s\n", time, $method, $path, $ua;
    close $f;
    my ($code, @headers) = (200);
    if ($path eq '/gone') { $code = 404 }
    elsif ($path eq '/nohead') { $code = $method eq 'HEAD' ? 405 : 200 }
    elsif ($path eq '/moved') { ($code, @headers) = (302, "Location: $base/ok") }
    elsif ($path eq '/slow') { sleep 5 }
    elsif ($path eq '/flaky') { $code = -e "$dir/flaky-ok" ? 200 : 404 }
    my $body = "answer $code\n";
    print $c "HTTP/1.1 $code X\r\n", map({ "$_\r\n" } @headers),
             'Content-Length: ', length($body), "\r\nConnection: close\r\n\r\n",
             $method eq 'HEAD' ? '' : $body;
}

my $server = fork // die "fork: $!";
if (!$server) {
    $SIG{CHLD} = 'IGNORE';
    while (my $c = $listen->accept) {
        my $pid = fork;
        if (defined $pid && !$pid) { answer($c); close $c; POSIX::_exit(0) }
        close $c;
    }
    POSIX::_exit(0);
}
close $listen;
END { kill 'TERM', $server if $server }

sub requests {
    open my $f, '<', $log or return ();
    return map { chomp; my ($t, $m, $p, $ua) = /^(\S+) (\S+) (\S+)\t(.*)$/;
                 { t => $t, method => $m, path => $p, ua => $ua } } <$f>;
}

# ---- the site ------------------------------------------------------------------------------------
forget_login_failures();
my $admin = make_role_member('admin');
my $mod = make_role_member('moderator');
my $author = KC::Account->registered;

my %rec;
for my $name (qw(ok gone nohead moved slow flaky)) {
    $rec{$name} = make_record(author_id => $author->{id}, kind => 'site',
                              title => uniq("Link $name"));
    db()->do('UPDATE records SET url = ? WHERE id = ?', undef, "$base/$name", $rec{$name});
}
my @mine = values %rec;

sub check_row { db()->selectrow_hashref('SELECT * FROM link_checks WHERE record_id = ?', undef, $_[0]) }
sub job_row { db()->selectrow_hashref(q{SELECT * FROM jobs WHERE name = 'links'}) }

# Other tests' records have links too (example.org ...): they count as
# checked just now, so a run sees only this test's links.
sub quiet_others {
    db()->do(q{INSERT INTO link_checks (record_id, url, ok)
               SELECT id, url, true FROM records
                WHERE state = 'published' AND url IS NOT NULL AND NOT (id = ANY (?))
               ON CONFLICT (record_id) DO UPDATE SET checked_at = now(), url = EXCLUDED.url},
             undef, [@mine]);
}

# A check long ago: due again.
sub age { db()->do(q{UPDATE link_checks SET checked_at = checked_at - interval '2 days'
                      WHERE record_id = ?}, undef, $_) for @_ }

# "Run now" on /admin/jobs, then wait until that run has ended.
sub run_links {
    quiet_others();
    my $before = job_row()->{runs};
    my $res = $admin->post_form('/admin/jobs/links/run', {}, from => '/admin/jobs');
    for (1 .. 400) {
        my $row = job_row();
        return $row if $row->{runs} > $before && !defined $row->{run_requested_at};
        sleep 0.1;
    }
    return job_row();
}

sub reports { db()->selectall_arrayref(q{SELECT * FROM reports WHERE target_type = 'record'
                                          AND target_id = ? ORDER BY id}, { Slice => {} }, $_[0]) }
sub notes { db()->selectall_arrayref(q{SELECT * FROM notifications WHERE record_id = ?
                                        ORDER BY id}, { Slice => {} }, $_[0]) }

# ---- run 1: the batch of four (12) -------------------------------------------------------------------
my $run = run_links();
is $run->{last_result}, 'ok', 'run 1 of the links job ended ok';
is $run->{last_rows}, 4, '... it checked 4 links: KlasCementLinkCheckBatch holds';
is_deeply [map { defined check_row($rec{$_}) ? 1 : 0 } qw(ok gone nohead moved slow flaky)],
          [1, 1, 1, 1, 0, 0], '... the four oldest new links, the rest waits';
my $c = check_row($rec{ok});
ok $c->{ok} && $c->{http_status} == 200 && $c->{failures_in_a_row} == 0, 'a working link: ok, 200';
$c = check_row($rec{gone});
ok !$c->{ok} && $c->{http_status} == 404 && $c->{failures_in_a_row} == 1 && !defined $c->{dead_since},
   'a 404: failing once, not dead' or diag(explain $c);
is $c->{error}, 'HTTP 404', '... the error says why';
ok check_row($rec{nohead})->{ok}, 'a server that refuses HEAD but serves GET: ok';
my @req = requests();
is join(' ', map { "$_->{method} $_->{path}" } @req),
   'HEAD /ok HEAD /gone HEAD /nohead GET /nohead HEAD /moved HEAD /ok',
   '... HEAD first, GET only after the 405; 404 is not asked again' or diag(explain \@req);
ok check_row($rec{moved})->{ok} && check_row($rec{moved})->{http_status} == 200,
   'a redirect is followed to its target';
is scalar(grep { $_->{ua} eq 'KlasCement-linkcheck/1 (+http://127.0.0.1)' } @req), scalar(@req),
   'every request names the site in its User-Agent' or diag(explain \@req);
my @paced = grep { !($_->{path} eq '/ok' && $_->{method} eq 'HEAD' && $_ == $req[-1]) } @req;
my @gaps = map { $paced[$_]{t} - $paced[$_ - 1]{t} } 1 .. $#paced;
ok !(grep { $_ < 0.95 } @gaps), 'one request to a host a second at most' or diag("@gaps");
ok !@{ reports($rec{gone}) } && !@{ notes($rec{gone}) }, 'one failure: no report, no notification';

# ---- run 2: the rest; the timeout (5) ---------------------------------------------------------------
my $t0 = time;
$run = run_links();
is $run->{last_rows}, 2, 'run 2 checks the two links left (the others are not due yet)';
$c = check_row($rec{slow});
ok !$c->{ok} && $c->{failures_in_a_row} == 1 && !$c->{http_status},
   'a link slower than KlasCementLinkCheckTimeout fails' or diag(explain $c);
like $c->{error} // '', qr/time/i, '... as a timeout';
ok time - $t0 < 15, '... and the run did not wait for it';
is check_row($rec{flaky})->{failures_in_a_row}, 1, 'the flaky link failed once';

# ---- runs 3 to 5: an edited URL starts over; dead after three failures (8) ------------------------
db()->do('UPDATE records SET url = ? WHERE id = ?', undef, "$base/ok?was=gone", $rec{gone});
age($rec{flaky});
$run = run_links();
$c = check_row($rec{gone});
ok $c->{ok} && $c->{url} eq "$base/ok?was=gone" && $c->{failures_in_a_row} == 0,
   'the author edited the failing URL: checked anew, ok' or diag(explain $c);
is $run->{last_rows}, 2, '... in the same run as the flaky link';
$c = check_row($rec{flaky});
ok $c->{failures_in_a_row} == 2 && !defined $c->{dead_since} && !@{ reports($rec{flaky}) },
   'two failures in a row: failing, still no report' or diag(explain $c);
age($rec{flaky});
$run = run_links();
$c = check_row($rec{flaky});
ok $c->{failures_in_a_row} == 3 && defined $c->{dead_since}, 'the third failure in a row: dead'
    or diag(explain $c);
like $run->{last_message} // '', qr/1 dead/, '... the run says so';
my $reps = reports($rec{flaky});
ok @$reps == 1 && $reps->[0]{reason} eq 'dead_link' && !defined $reps->[0]{reporter_id}
   && !defined $reps->[0]{closed_at} && $c->{report_id} == $reps->[0]{id},
   '... one open dead-link report, from the site itself' or diag(explain $reps);
my $n = notes($rec{flaky});
ok @$n == 1 && $n->[0]{kind} eq 'link_dead' && $n->[0]{member_id} == $author->{id},
   '... and one notification for the author' or diag(explain $n);
age($rec{flaky});
run_links();
ok @{ reports($rec{flaky}) } == 1 && @{ notes($rec{flaky}) } == 1
   && check_row($rec{flaky})->{failures_in_a_row} == 4,
   'checked again while dead: no second report or notification';

# ---- what people see (4) ------------------------------------------------------------------------------
my $page = $mod->get('/moderation');
my $html = $page->decoded_content;
like $html, qr{data-report="$reps->[0]{id}"}, 'the moderators see the report in their queue';
like $html, qr{linkcontrole|link check}i, '... raised by the link check, not by a member';
$page = $author->get('/me/notifications');
$html = $page->decoded_content;
like $html, qr{notification-link_dead}, 'the author sees the notification';
like $html, qr{\Q$base/flaky\E}, '... naming the link';

# ---- recovery (4) ----------------------------------------------------------------------------------------
open my $ok, '>', "$dir/flaky-ok" or die;
close $ok;
age($rec{flaky});
run_links();
$c = check_row($rec{flaky});
ok $c->{ok} && $c->{failures_in_a_row} == 0 && !defined $c->{dead_since} && !defined $c->{report_id},
   'the link works again: cleared' or diag(explain $c);
$reps = reports($rec{flaky});
ok defined $reps->[0]{closed_at} && $reps->[0]{outcome} eq 'recovered',
   '... its report is closed as recovered' or diag(explain $reps);
$n = notes($rec{flaky});
ok @$n == 2 && $n->[1]{kind} eq 'link_recovered', '... and the author is told' or diag(explain $n);
unlike $mod->get('/moderation')->decoded_content, qr{data-report="$reps->[0]{id}"},
   '... the report left the moderators\' queue';

# ---- kc_link_checked and kc_links_due directly (6) --------------------------------------------------
my $r = make_record(author_id => $author->{id}, kind => 'site');
db()->do('UPDATE records SET url = ? WHERE id = ?', undef, 'https://dead.invalid/x', $r);
my $verdict = sub { db()->selectrow_array('SELECT kc_link_checked(?, ?, ?, ?, ?)', undef, $r, @_) };
is join(' ', map { $verdict->('https://dead.invalid/x', 0, undef, 'no answer') } 1 .. 4),
   'failing failing dead dead', 'kc_link_checked: failing, failing, dead, still dead';
is join(' ', $verdict->('https://dead.invalid/x', 1, 200, undef),
             $verdict->('https://dead.invalid/x', 1, 200, undef)),
   'recovered ok', '... then recovered, then ok';
is $verdict->('https://other.invalid/', 0, 500, 'HTTP 500'), 'stale',
   '... an answer for a URL the record no longer has: stale, nothing kept';
$verdict->('https://dead.invalid/x', 0, 404, 'HTTP 404') for 1 .. 2;
db()->do('UPDATE records SET url = ? WHERE id = ?', undef, 'https://new.invalid/y', $r);
is $verdict->('https://new.invalid/y', 0, 404, 'HTTP 404') . ' ' . check_row($r)->{failures_in_a_row},
   'failing 1', '... a new URL starts over at one failure';
my $ftp = make_record(kind => 'site');
db()->do(q{UPDATE records SET url = 'ftp://files.invalid/a' WHERE id = ?}, undef, $ftp);
my $due = db()->selectcol_arrayref('SELECT record_id FROM kc_links_due(100000)');
ok !(grep { $_ == $ftp } @$due), 'kc_links_due: only http and https links';
$verdict->('https://new.invalid/y', 1, 200, undef);
is db()->selectrow_array(q{SELECT count(*) FROM reports WHERE target_id = ? AND reason = 'dead_link'
                            AND closed_at IS NULL}, undef, $r), 0, 'no dead-link report left open';
