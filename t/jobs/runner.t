# The job runner (mod_watchdog) and its jobs, through /admin/jobs and the
# database: who may see and start jobs, "run now", the mail outbox's
# retries and giving up, birthday points (once a year, 29 February on 28
# February), inactive accounts (reminders 30 and 7 days before, deletion
# like a member's own, a login cancels), housekeeping, and the page-change
# notifications that retire cached pages (psql changes reach visitors' pages
# at once).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use KC::Test qw(t_is db make_record expect_errors);
use KC::Account qw(forget_login_failures make_role_member member_row);
use KC::Community qw(outbox_rows wait_outbox_sent mail_message);

plan tests => 50, need_lwp;

forget_login_failures();
my $admin = make_role_member('admin');
my $mod = make_role_member('moderator');
my $member = KC::Account->registered;
my $visitor = KC::Account->new;

sub job_row {
    my ($name) = @_;
    return db()->selectrow_hashref('SELECT * FROM jobs WHERE name = ?', undef, $name);
}

# Ask for a run through the page and wait until a run has ended after it.
sub run_job {
    my ($name) = @_;
    my $before = job_row($name) // { runs => 0 };
    my $res = $admin->post_form("/admin/jobs/$name/run", {}, from => '/admin/jobs');
    for (1 .. 150) {
        my $row = job_row($name);
        return ($res, $row) if $row && $row->{runs} > $before->{runs}
                               && !defined $row->{run_requested_at};
        select undef, undef, undef, 0.1;
    }
    return ($res, job_row($name));
}

# ---- the jobs are there, and only admins see them (6) -------------------------------------
my @names;
for (1 .. 100) {
    @names = @{ db()->selectcol_arrayref('SELECT name FROM jobs ORDER BY name') };
    last if @names >= 9;
    select undef, undef, undef, 0.1;
}
is_deeply \@names, [qw(birthday foryou housekeeping inactive links mail milestones newsletter webinars)],
    'the runner registered its nine jobs in the jobs table';
my $page = $admin->get('/admin/jobs');
t_is $page->code, 200, 'GET /admin/jobs as an admin: 200';
my $html = $page->decoded_content;
ok +(grep { $html =~ /data-job="$_"/ } @names) == 9,
    '... a row per job' or diag($html);
like $html, qr{action="/admin/jobs/mail/run"}, '... each with a "run now" form';
t_is expect_errors(sub { $mod->get('/admin/jobs')->code }), 403, 'a moderator: 403 (httpd logs the refusal)';
my $v = do { local $Apache::TestRequest::RedirectOK = 0; $visitor->{ua}->get($visitor->url('/admin/jobs')) };
ok $v->code == 303 && ($v->header('Location') // '') =~ m{/login}, 'a visitor: to the login page'
    or diag($v->code);

# ---- run now (8) -----------------------------------------------------------------------------
my $res = $admin->{ua}->post($admin->url('/admin/jobs/housekeeping/run'), [ csrf => 'x' x 43 ]);
t_is $res->code, 403, 'run now without a valid CSRF token: 403';
ok !defined job_row('housekeeping')->{run_requested_at}, '... nothing requested';
$res = expect_errors(sub { $member->post_form('/admin/jobs/housekeeping/run', {}, from => '/me') });
t_is $res->code, 403, 'run now as a member: 403';
$res = $admin->post_form('/admin/jobs/nosuchjob/run', {}, from => '/admin/jobs');
t_is $res->code, 404, 'run now of an unknown job: 404';

my $expired = db()->selectrow_array(q{
    INSERT INTO sessions (token_hash, member_id, csrf_secret, expires_at)
    VALUES (sha256(convert_to(?, 'UTF8')), ?, 'x', now() - interval '1 day')
    RETURNING member_id}, undef, "expired-$$-" . time, $member->{id});
my ($r, $row);
{
    local $Apache::TestRequest::RedirectOK = 0;
    ($r, $row) = run_job('housekeeping');
}
ok $r->code == 303 && ($r->header('Location') // '') =~ m{/admin/jobs\?done=job_requested},
   'run now as an admin: 303 back to /admin/jobs with a notice' or diag($r->code);
ok $row->{last_result} eq 'ok' && defined $row->{last_end} && length($row->{last_node} // ''),
   '... the job ran: result ok, end and node recorded' or diag(explain $row);
is db()->selectrow_array(q{SELECT count(*) FROM sessions WHERE expires_at < now()}), 0,
   '... housekeeping removed the expired session';
is db()->selectrow_array(q{SELECT count(*) FROM audit_log WHERE action = 'job_run'
                            AND actor_id = ? AND details->>'job' = 'housekeeping'},
                         undef, $admin->{id}), 1, '... and the audit log has the request';

# ---- mail: sent outside the request, retried, given up (9) ----------------------------------------
my $to = "kollega-$$-" . time . '@example.test';
db()->do(q{INSERT INTO mail_outbox (to_address, subject, body) VALUES (?, 'Hallo', 'Tekst')},
         undef, $to);
my @out = wait_outbox_sent($to);
ok @out == 1 && defined $out[0]{sent_at}, 'a mail put in the outbox with psql is sent by the mail job'
    or diag(explain \@out);
ok mail_message($to), '... it is in the mail log';

my $bounce = "nobody-$$-" . time . '@bounce.invalid';
my ($bid) = db()->selectrow_array(q{INSERT INTO mail_outbox (to_address, subject, body)
                                    VALUES (?, 'Hallo', 'Tekst') RETURNING id}, undef, $bounce);
my $m;
for (1 .. 100) {
    $m = db()->selectrow_hashref('SELECT * FROM mail_outbox WHERE id = ?', undef, $bid);
    last if $m->{attempts} >= 1 && !defined $m->{claimed_at};
    select undef, undef, undef, 0.1;
}
ok $m->{attempts} == 1 && !defined $m->{sent_at} && !defined $m->{failed_at},
   'a mail the command refuses: one attempt, not sent, not given up' or diag(explain $m);
like $m->{last_error} // '', qr/status 75/, '... the error is kept';
ok defined $m->{next_attempt_at}, '... and it waits for its next attempt (back-off)';
my $later = db()->selectrow_array(q{SELECT next_attempt_at > now() + interval '30 seconds'
                                    FROM mail_outbox WHERE id = ?}, undef, $bid);
ok $later, '... about a minute later, not at the next tick';
db()->do(q{UPDATE mail_outbox SET attempts = 4, next_attempt_at = now() WHERE id = ?}, undef, $bid);
for (1 .. 100) {
    $m = db()->selectrow_hashref('SELECT * FROM mail_outbox WHERE id = ?', undef, $bid);
    last if defined $m->{failed_at};
    select undef, undef, undef, 0.1;
}
ok defined $m->{failed_at} && $m->{attempts} == 5 && !defined $m->{sent_at},
   'after the fifth attempt the mail is given up (failed_at)' or diag(explain $m);
$html = $admin->get('/admin/jobs')->decoded_content;
like $html, qr{data-mail="$bid"}, '... and /admin/jobs lists it among the mail given up on';
like $html, qr{id="mail-failed">[1-9]}, '... and counts it';

# ---- birthday points (9) --------------------------------------------------------------------------
my ($today, $year) = db()->selectrow_array(
    q{SELECT (now() AT TIME ZONE 'Europe/Brussels')::date, extract(year FROM now() AT TIME ZONE 'Europe/Brussels')::int});
my $bday = KC::Account->registered;
db()->do(q{UPDATE members SET birthday = (?::date - interval '30 years')::date WHERE id = ?},
         undef, $today, $bday->{id});
my $bal = member_row($bday->{id})->{points_balance};
($r, $row) = run_job('birthday');
my $paid = db()->selectall_arrayref(q{SELECT event, amount, subject FROM points_ledger WHERE award_key = ?},
                                    { Slice => {} }, "birthday:$bday->{id}:$year");
ok @$paid == 1 && $paid->[0]{amount} == 20 && $paid->[0]{event} eq 'birthday',
   'the birthday job pays +20 on the birthday, keyed birthday:MEMBER:YEAR' or diag(explain $paid);
is member_row($bday->{id})->{points_balance}, $bal + 20, '... the balance went up by 20';
ok $row->{last_rows} >= 1, '... the run counts it';
run_job('birthday');
is db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE award_key = ?}, undef,
                         "birthday:$bday->{id}:$year"), 1, 'a second run pays nothing more';
is member_row($bday->{id})->{points_balance}, $bal + 20, '... balance unchanged';
like $bday->get('/me/points')->decoded_content, qr/Verjaardag|Birthday/,
   'the member sees the birthday in the ledger';

my $leap = KC::Account->registered;
db()->do(q{UPDATE members SET birthday = '2000-02-29' WHERE id = ?}, undef, $leap->{id});
db()->selectrow_array(q{SELECT kc_birthday_points('2027-02-28')});
is db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE award_key = ?}, undef,
                         "birthday:$leap->{id}:2027"), 1,
   'born on 29 February: paid on 28 February of a year without it';
db()->selectrow_array(q{SELECT kc_birthday_points('2028-02-28')});
is db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE award_key = ?}, undef,
                         "birthday:$leap->{id}:2028"), 0, '... but not on 28 February of a leap year';
db()->selectrow_array(q{SELECT kc_birthday_points('2028-02-29')});
is db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE award_key = ?}, undef,
                         "birthday:$leap->{id}:2028"), 1, '... where 29 February pays';

# ---- milestones: a due one is paid by the job, each member once (3) ----------------------------
my $lucky = KC::Account->registered;
my ($msid) = db()->selectrow_array(q{
    INSERT INTO point_milestones (name, points, state, due_at, upto_member, next_member)
    VALUES ('Testmijlpaal', 100, 'due', now(), ?, ?) RETURNING id}, undef, $lucky->{id}, $lucky->{id});
my $lbal = member_row($lucky->{id})->{points_balance};
($r, $row) = run_job('milestones');
is db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE award_key = ?}, undef,
                         "milestone:$msid:$lucky->{id}"), 1, 'a due milestone is paid by the milestones job';
is member_row($lucky->{id})->{points_balance}, $lbal + 100, '... +100 to its member';
is db()->selectrow_array(q{SELECT state FROM point_milestones WHERE id = ?}, undef, $msid), 'done',
   '... and it is done';

# ---- inactive accounts (11) ---------------------------------------------------------------------------
my $gone = KC::Account->registered;
my $back = KC::Account->registered;
my $rid = make_record(author_id => $gone->{id}, author_name => 'Ina Actief');
db()->do(q{DELETE FROM sessions WHERE member_id IN (?, ?)}, undef, $gone->{id}, $back->{id});
db()->do(q{UPDATE members SET last_active_at = now() - interval '340 days' WHERE id IN (?, ?)},
         undef, $gone->{id}, $back->{id});
run_job('inactive');
my $g = member_row($gone->{id});
ok $g->{inactive_notice} == 30 && defined $g->{delete_after},
   'unused for 340 days: the first reminder, with a date of deletion' or diag(explain $g);
# (the registration's confirmation mail went to the same address)
sub inactive_mails { return grep { $_->{subject} =~ /verwijderd/ } outbox_rows($_[0]) }
my @mails = inactive_mails($gone->{email});
ok @mails == 1 && $mails[0]{body} =~ m{/login},
   '... a mail in the member\'s language, with the way back' or diag(explain \@mails);
ok db()->selectrow_array(q{SELECT delete_after BETWEEN now() + interval '29 days'
                                               AND now() + interval '31 days'
                            FROM members WHERE id = ?}, undef, $gone->{id}),
   '... deletion not sooner than 30 days after the first reminder';

# $back logs in: the procedure ends.
ok $back->login($back->{email}, $back->{password}), 'the other member logs in again';
db()->do(q{UPDATE members SET delete_after = now() + interval '5 days' WHERE id IN (?, ?)},
         undef, $gone->{id}, $back->{id});
run_job('inactive');
$g = member_row($gone->{id});
my $b = member_row($back->{id});
ok $g->{inactive_notice} == 7, 'a week before the date: the second reminder' or diag(explain $g);
is scalar(inactive_mails($gone->{email})), 2, '... a second mail';
ok !defined $b->{delete_after} && !defined $b->{inactive_notice},
   'the member who logged in: the procedure is cancelled' or diag(explain $b);

db()->do(q{UPDATE members SET delete_after = now() - interval '1 minute',
                              inactive_notice_at = now() - interval '7 days' WHERE id = ?},
         undef, $gone->{id});
run_job('inactive');
$g = member_row($gone->{id});
ok defined $g->{deleted_at} && !defined $g->{email} && !defined $g->{password_hash},
   'on the date: the account is deleted, personal data erased' or diag(explain $g);
my ($state, $author) = db()->selectrow_array(
    q{SELECT state, author_name FROM records WHERE id = ?}, undef, $rid);
ok $state eq 'published' && $author eq 'Ina Actief',
   '... the contribution stays, with the author\'s name';
ok !defined member_row($back->{id})->{deleted_at}, 'the member who came back keeps the account';
is db()->selectrow_array(q{SELECT kc_inactive_accounts(0, '', 10)}), 0,
   'KlasCementInactiveDays 0: the function does nothing';

# ---- one truth for cached pages: psql changes reach visitors' pages at once (4) ----------
my $title = "Psqltitel$$" . time;
my $new = "Nieuwetitel$$" . time;
my $pid = make_record(title => $title);
my $anon = KC::Account->new;
my $home;
for (1 .. 30) {                                   # the new record, then a kept copy
    $home = $anon->get('/')->decoded_content;
    last if $home =~ /$title/;
    select undef, undef, undef, 0.1;
}
like $home, qr/$title/, 'a visitor\'s home page shows the newest record';
db()->do(q{UPDATE records SET title = ? WHERE id = ?}, undef, $new, $pid);
my $seen = 0;
for (1 .. 20) {                                   # 2 s; a kept copy lives 3.75 s or more
    $seen = 1, last if $anon->get('/')->decoded_content =~ /$new/;
    select undef, undef, undef, 0.1;
}
ok $seen, 'a title changed with psql is on the cached home page within 2 s (a notification, not expiry)';
my $listening = db()->selectrow_array(q{SELECT count(*) FROM pg_stat_activity
                                        WHERE query LIKE '%kc_listen_pages%'});
ok $listening >= 1, '... the node listens for page changes on a connection of its own';
db()->do(q{UPDATE records SET title = ? WHERE id = ?}, undef, $title, $pid);
my $again = 0;
for (1 .. 20) {
    $again = 1, last if $anon->get('/')->decoded_content =~ /$title/;
    select undef, undef, undef, 0.1;
}
ok $again, '... and again for the next change';
