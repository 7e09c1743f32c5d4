# Webinars (issue 14), through HTTP: the team announces one on
# /admin/webinars; a member signs up with a question and cancels; only
# participants (and the presenter and admins) see the meeting's address,
# also in the .ics file; capacity holds under concurrent sign-ups; the
# presenter's page lists the questions (403 for others); the reminders job
# mails each sign-up once, the day before; a past webinar is a record-like
# page with its recording. Refused: members (403), no csrf token (403),
# bad input (400 naming the field, nothing written).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use POSIX ();
use KC::Test qw(t_is db expect_errors uniq);
use KC::Account qw(forget_login_failures make_role_member);
use KC::Contribute qw(act audit_rows);
use KC::Community qw(outbox_rows mail_message);

plan tests => 51, need_lwp;

forget_login_failures();

my $adm = make_role_member('admin');
my $presenter = KC::Account->registered;
my $mem = KC::Account->registered;
my $other = KC::Account->registered;
my $meeting = 'https://meet.example.org/kc-' . $$ . '-' . time;

sub local_in { db()->selectrow_array(q{SELECT to_char((now() + ?::interval) AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD"T"HH24:MI')}, undef, $_[0]) }
sub wrow { db()->selectrow_hashref('SELECT * FROM webinars WHERE id = ?', undef, $_[0]) }
sub srow { db()->selectrow_hashref('SELECT * FROM webinar_signups WHERE webinar_id = ? AND member_id = ?', undef, @_) }
sub wcount { scalar db()->selectrow_array('SELECT count(*) FROM webinars') }
sub fields {
    my (%f) = @_;
    return [ title => $f{title} // uniq('Evalueren op afstand'), description => $f{description} // "Toetsen, online; wat werkt?\nEen overzicht.",
             presenter => 'Sam Peeters', presenter_member => $f{presenter_member}, starts => $f{starts} // local_in('3 days'),
             duration => $f{duration} // 60, capacity => $f{capacity} // 30, meeting_url => $f{meeting_url} // $meeting,
             recording_url => $f{recording_url} ];
}
sub create {
    my (%f) = @_;
    my $res = act($adm, '/admin/webinars', fields(%f), from => '/admin/webinars');
    my ($id) = ($res->header('Location') // '') =~ m{^/admin/webinars/(\d+)\?done=created$};
    return ($res, $id);
}

# ---- the team announces one (8) -----------------------------------------------------------------
t_is($adm->get('/admin/webinars')->code, 200, 'admin GET /admin/webinars: 200');
my $title = 'Toetsen, online; ' . uniq('webinar');
my ($res, $wid) = create(title => $title, presenter_member => $presenter->{id});
ok($wid, 'POST /admin/webinars: 303 to the new webinar') or diag($res->code . ' ' . $res->decoded_content);
$wid //= 0;
my ($audit) = audit_rows(action => 'webinar_create', target_id => $wid);
ok($audit && $audit->{actor_id} == $adm->{id}, '... audited');
my $before = wcount();
$res = act($adm, '/admin/webinars', fields(duration => 'lang'), from => '/admin/webinars');
ok($res->code == 400 && $res->decoded_content =~ /data-field="duration"/, 'a bad duration: 400 naming duration');
$res = act($adm, '/admin/webinars', fields(meeting_url => 'javascript:alert(1)'), from => '/admin/webinars');
ok($res->code == 400 && $res->decoded_content =~ /data-field="meeting_url"/, 'a meeting address that is not http(s): 400 naming meeting_url');
$res = act($adm, '/admin/webinars', fields(starts => 'morgen'), from => '/admin/webinars');
ok($res->code == 400 && $res->decoded_content =~ /data-field="starts"/, 'a bad start: 400 naming starts');
$res = act($adm, '/admin/webinars', fields(), csrf => 0);
t_is($res->code, 403, 'without the csrf token: 403');
my $r403 = expect_errors(sub { act($mem, '/admin/webinars', fields(), csrf => $mem->csrf_token('/')) });
ok($r403->code == 403 && wcount() == $before, 'a member: 403; nothing written by any of these');

# ---- visitors, sign up, the meeting's address (11) ------------------------------------------------
my $list = GET('/webinars')->decoded_content;
ok(index($list, "/webinars/$wid") >= 0, '/webinars lists it');
my $vpage = GET("/webinars/$wid")->decoded_content;
ok(index($vpage, $meeting) < 0 && $vpage =~ m{/login\?next=/webinars/$wid}, 'a visitor: no meeting address, a way to log in');
ok(index($mem->get("/webinars/$wid")->decoded_content, $meeting) < 0, 'a member not signed up: no meeting address');
$res = act($mem, "/webinars/$wid/signup", [ question => 'Hoe toets ik mondeling, via video?' ], from => "/webinars/$wid");
ok($res->code == 303 && ($res->header('Location') // '') eq "/webinars/$wid?done=signed_up", 'sign up with a question: 303 done=signed_up');
my $s = srow($wid, $mem->{id});
ok($s && !defined $s->{cancelled_at} && $s->{question} eq 'Hoe toets ik mondeling, via video?' && wrow($wid)->{signup_count} == 1,
   '... one sign-up with the question, counted');
my $mpage = $mem->get("/webinars/$wid");
ok(index($mpage->decoded_content, $meeting) >= 0 && ($mpage->header('Cache-Control') // '') =~ /no-store/,
   '... now the meeting address shows, on a private page');
ok(index(GET("/webinars/$wid")->decoded_content, $meeting) < 0, '... still not for a visitor');
$res = act($mem, "/webinars/$wid/signup", [ question => 'Andere vraag' ], from => "/webinars/$wid");
ok(($res->header('Location') // '') =~ /done=already/ && wrow($wid)->{signup_count} == 1 && srow($wid, $mem->{id})->{question} eq 'Andere vraag',
   'signing up again: done=already, counted once, the question updated');
$res = act($other, "/webinars/$wid/signup", [], csrf => 0);
t_is($res->code, 403, 'a sign-up without the csrf token: 403');
ok(!srow($wid, $other->{id}), '... nothing written');
$res = act($mem, "/webinars/$wid/signup", [ question => 'x' x 2001 ], from => "/webinars/$wid");
ok($res->code == 400 && $res->decoded_content =~ /data-field="question"/, 'a question too long: 400 naming question');

# ---- the .ics file (6) --------------------------------------------------------------------------
my $ics = GET("/webinars/$wid.ics");
t_is($ics->code, 200, 'GET /webinars/ID.ics: 200');
like($ics->header('Content-Type') // '', qr{^text/calendar}, '... text/calendar');
my $body = $ics->content;
ok($body =~ /\ABEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/ && $body =~ /END:VCALENDAR\r\n\z/ && $body =~ /BEGIN:VEVENT\r\n.*UID:webinar-$wid\@/s,
   '... a calendar with one event, CRLF line ends');
(my $unfolded = $body) =~ s/\r\n //g;
my $esc = $title; $esc =~ s/([,;])/\\$1/g;
ok(index($unfolded, "SUMMARY:$esc\r\n") >= 0 && $unfolded =~ /DTSTART:\d{8}T\d{6}Z\r\n/ && $unfolded =~ /DESCRIPTION:Toetsen\\, online\\; wat werkt\?\\nEen/,
   '... SUMMARY and DESCRIPTION escaped (, ; newline), DTSTART in UTC');
ok(!grep({ length($_) > 75 } split /\r\n/, $body) && index($unfolded, $meeting) < 0,
   '... no line over 75 octets; no meeting address for a visitor');
(my $mine = $mem->get("/webinars/$wid.ics")->content) =~ s/\r\n //g;
ok(index($mine, "LOCATION:$meeting") >= 0, '... the participant\'s file has the meeting address as LOCATION');

# ---- the presenter's page (5) -------------------------------------------------------------------
my $q = $presenter->get("/webinars/$wid/questions");
ok($q->code == 200 && index($q->decoded_content, 'Andere vraag') >= 0, 'the presenter (a member) sees the questions');
ok(index($presenter->get("/webinars/$wid")->decoded_content, $meeting) >= 0, '... and the meeting address');
ok($adm->get("/webinars/$wid/questions")->decoded_content =~ /Andere vraag/, 'an admin sees them');
t_is($other->get("/webinars/$wid/questions")->code, 403, 'another member: 403');
my $vq = do { local $Apache::TestRequest::RedirectOK = 0; KC::Account->new->{ua}->get(KC::Account->new->url("/webinars/$wid/questions")) };
ok($vq->code == 303 && ($vq->header('Location') // '') =~ m{^/login}, 'a visitor: to the login page');

# ---- cancel (3) ---------------------------------------------------------------------------------
$res = act($mem, "/webinars/$wid/cancel", [], from => "/webinars/$wid");
ok(($res->header('Location') // '') eq "/webinars/$wid?done=cancelled" && defined srow($wid, $mem->{id})->{cancelled_at}
   && wrow($wid)->{signup_count} == 0, 'cancel: done=cancelled, the place is free again');
ok(index($mem->get("/webinars/$wid")->decoded_content, $meeting) < 0, '... and the meeting address is gone');
$res = act($mem, "/webinars/$wid/cancel", [], from => "/webinars/$wid");
t_is($res->code, 404, 'cancelling again: 404 (not signed up)');

# ---- capacity under concurrent sign-ups (3) -----------------------------------------------------
my ($res3, $small) = create(capacity => 3);
my $N = 10;
my @people = map { KC::Account->registered } 1 .. $N;
my @tok = map { $_->csrf_token("/webinars/$small") } @people;
db()->{AutoInactiveDestroy} = 1;
pipe(my $gate_r, my $gate_w) or die "pipe: $!";
pipe(my $out_r, my $out_w) or die "pipe: $!";
my @pids;
for my $i (0 .. $N - 1) {
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        close $gate_w; close $out_r;
        sysread $gate_r, my $buf, 1;
        my $r = eval { act($people[$i], "/webinars/$small/signup", [ question => "Vraag $i" ], csrf => $tok[$i]) };
        my ($done) = $r ? (($r->header('Location') // '') =~ /done=(\w+)/) : ();
        syswrite $out_w, ($done // 'error') . "\n";
        POSIX::_exit(0);
    }
    push @pids, $pid;
}
close $gate_r; close $out_w; close $gate_w;
my @answers = <$out_r>;
waitpid $_, 0 for @pids;
chomp @answers;
my %n; $n{$_}++ for @answers;
ok(($n{signed_up} // 0) == 3 && ($n{full} // 0) == $N - 3, "$N at once for 3 places: 3 signed up, the others told it is full")
    or diag(join ', ', map { "$_: $n{$_}" } sort keys %n);
my ($rows) = db()->selectrow_array('SELECT count(*) FROM webinar_signups WHERE webinar_id = ? AND cancelled_at IS NULL', undef, $small);
ok($rows == 3 && wrow($small)->{signup_count} == 3, '... exactly 3 sign-up rows, the count says 3');
like(GET("/webinars/$small")->decoded_content, qr/volzet/, '... the page says it is full');

# ---- the team cancels one: participants are told (5) --------------------------------------------
my @in = @{ db()->selectcol_arrayref('SELECT member_id FROM webinar_signups WHERE webinar_id = ? AND cancelled_at IS NULL', undef, $small) };
my ($told) = grep { $_->{id} == $in[0] } @people;
my $r5 = expect_errors(sub { act($told, "/admin/webinars/$small/cancel", [], csrf => $told->csrf_token('/')) });
ok($r5->code == 403 && !defined wrow($small)->{cancelled_at}, 'a member cannot cancel a webinar: 403');
$res = act($adm, "/admin/webinars/$small/cancel", [], from => "/admin/webinars/$small");
ok($res->code == 303 && defined wrow($small)->{cancelled_at} && audit_rows(action => 'webinar_cancel', target_id => $small) == 1,
   'the admin cancels it: done, audited');
ok(GET("/webinars/$small")->code == 404 && index(GET('/webinars')->decoded_content, "/webinars/$small\"") < 0,
   '... its page is gone (404) and the list no longer has it');
ok((grep { $_->{subject} =~ /^Geannuleerd: webinar/ } outbox_rows($told->{email})) == 1,
   '... and each participant gets one mail that it is cancelled');
{
    my $list = $adm->get('/admin/webinars')->decoded_content;
    my ($row) = $list =~ m{(<tr data-webinar="$small"[^>]*>.*?</tr>)}s;
    ok(defined $row && $row =~ /is-cancelled/ && $row =~ /Geannuleerd/
       && $row !~ m{href="/admin/webinars/$small"},
       '... the admin list still shows it, marked cancelled, without an edit link')
        or diag($row // 'no row for the cancelled webinar');
}

# ---- the reminder the day before, once (5) ------------------------------------------------------
my $soon_title = uniq('Morgen live');
my ($res4, $soon) = create(title => $soon_title, starts => local_in('20 hours'));
act($mem, "/webinars/$soon/signup", [], from => "/webinars/$soon");
act($other, "/webinars/$soon/signup", [ question => 'Kan dit ook met Jitsi?' ], from => "/webinars/$soon");
act($other, "/webinars/$wid/signup", [], from => "/webinars/$wid");     # in 3 days: no reminder yet
sub job_runs { scalar db()->selectrow_array(q{SELECT runs FROM jobs WHERE name = 'webinars'}) // 0 }
sub run_job {
    my $runs = job_runs();
    $adm->post_form('/admin/jobs/webinars/run', {}, from => '/admin/jobs');
    for (1 .. 150) {
        my ($req) = db()->selectrow_array(q{SELECT run_requested_at FROM jobs WHERE name = 'webinars'});
        return 1 if job_runs() > $runs && !defined $req;
        select undef, undef, undef, 0.1;
    }
    return 0;
}
ok(run_job(), 'the webinars job runs (run now from /admin/jobs)');
my $msg = mail_message($other->{email});
ok($msg && index($msg->{body}, $soon_title) >= 0 && index($msg->{body}, "/webinars/$soon") >= 0,
   'a reminder mail with the title and the address of the page') or diag(explain($msg));
run_job();
my @to_other = grep { index($_->{subject}, $soon_title) >= 0 } outbox_rows($other->{email});
my @to_mem = grep { index($_->{subject}, $soon_title) >= 0 } outbox_rows($mem->{email});
ok(@to_other == 1 && @to_mem == 1, 'run again: still one reminder each');
ok(defined srow($soon, $other->{id})->{reminded_at} && !defined srow($wid, $other->{id})->{reminded_at},
   '... the sign-up is marked; the one in 3 days is not reminded yet');
ok(!grep({ index($_->{subject}, $title) >= 0 } outbox_rows($other->{email})), '... and got no mail');

# ---- a past webinar: a record-like page with its recording (4) ----------------------------------
my $rec_url = 'https://video.example.org/opname-' . $$;
my ($past) = db()->selectrow_array(
    q{INSERT INTO webinars (title, description, presenter_name, starts_at, duration_min, capacity, meeting_url, recording_url)
      VALUES (?, 'Over leerpaden.', 'Team', now() - interval '2 days', 60, 50, ?, ?) RETURNING id}, undef,
    uniq('Voorbij webinar'), $meeting . '-oud', $rec_url);
my $pp = GET("/webinars/$past")->decoded_content;
ok(index($pp, $rec_url) >= 0 && index($pp, 'Opname') >= 0 && $pp !~ m{action="/webinars/$past/signup"},
   'a past webinar: the recording link, no sign-up form');
like(GET('/webinars')->decoded_content, qr{/webinars/$past"}, '... listed among the past webinars');
$res = act($mem, "/webinars/$past/signup", [], from => "/webinars/$past");
ok(($res->header('Location') // '') =~ /done=past/ && !srow($past, $mem->{id}), 'signing up for it: done=past, nothing written');
t_is(GET('/webinars/999999999')->code, 404, 'an unknown webinar: 404');

# ---- a deleted account: its question goes, its place is freed (1) -------------------------------
my $gone = KC::Account->registered;
act($gone, "/webinars/$wid/signup", [ question => 'Mijn persoonlijke vraag' ], from => "/webinars/$wid");
my $count = wrow($wid)->{signup_count};
db()->do('SELECT kc_member_delete(?)', undef, $gone->{id});
my $g = srow($wid, $gone->{id});
ok($g && $g->{question} eq '' && defined $g->{cancelled_at} && wrow($wid)->{signup_count} == $count - 1,
   'the member deletes the account: the question is erased and the place freed');
