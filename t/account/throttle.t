# Login throttling that does not lock out a whole school (issue 17): failures
# count per (e-mail, client address) with growing delays, per address only at
# KlasCementLoginThrottleIP (100 in 15 minutes), per e-mail only as a
# slow-down; the attempt is recorded by the statement that decides, so
# parallel attempts cannot all pass; a database that cannot record refuses;
# /me/password and /me/delete count the same way. The client address is set
# with X-Forwarded-For through mod_remoteip (t/conf/extra.conf.in).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use POSIX ();
use KC::Test qw(t_is db uniq expect_errors);
use KC::Account qw(forget_login_failures member_row sessions_of has_error_field);

plan tests => 33, need_lwp;

forget_login_failures();
my $n = 0;
sub addr { return sprintf '10.17.%d.%d', int(++$n / 250), $n % 250 + 1 }
sub login_from {
    my ($ip, $email, $pw) = @_;
    return KC::Account->new(ip => $ip)->login($email, $pw)->code;
}
sub pair_failures {
    my ($email, $ip) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM login_failures
           WHERE email_lower = lower(?) AND ip = ? AND cleared_at IS NULL}, undef, $email, $ip);
}
# Moves a pair's failures $secs into the past (waiting without waiting).
sub age_pair {
    my ($email, $ip, $secs) = @_;
    db()->do(q{UPDATE login_failures SET at = at - make_interval(secs => ?)
                WHERE email_lower = lower(?) AND ip = ?}, undef, $secs, $email, $ip);
}

# ---- the school behind one address (8) -------------------------------------
my $school = addr();
my ($p, $q) = (KC::Account->registered, KC::Account->registered);
my @codes = map { login_from($school, $p->{email}, "fout-wachtwoord-$_") } 1 .. 5;
is "@codes", '400 400 400 400 400', 'a pupil types five wrong passwords for a teacher: 400 each';
t_is(login_from($school, $p->{email}, $p->{password}), 429,
     '... then that e-mail from that address is refused for now, even with the right password');
t_is(login_from($school, $q->{email}, $q->{password}), 303,
     'another teacher behind the same address logs in (the school is not locked out)');
my $home = addr();
my $pb = KC::Account->new(ip => $home);
t_is($pb->login($p->{email}, $p->{password})->code, 303,
     'the locked-out teacher logs in from another address');
is $pb->whoami, "member:$p->{id}", '... and has a session';
t_is(pair_failures($p->{email}, $school), 5, "DB: the school's five failures still count for that pair");
t_is(pair_failures($p->{email}, $home), 0, "DB: the successful pair's attempt is cleared");
t_is(login_from($school, $p->{email}, $p->{password}), 429,
     '... so from the school the pair is still refused');

# ---- growing delays (6) -----------------------------------------------------
age_pair($p->{email}, $school, 61);
t_is(login_from($school, $p->{email}, 'fout-wachtwoord-6'), 400,
     'a minute after the fifth failure the pair may try again (wrong: 400)');
t_is(login_from($school, $p->{email}, $p->{password}), 429, '... and the sixth failure refuses it again');
t_is(pair_failures($p->{email}, $school), 6, 'DB: the refused attempts were not recorded (6 failures)');
db()->do(q{INSERT INTO login_failures (email_lower, ip, at)
           SELECT lower(?), ?, clock_timestamp() - interval '1 second'
             FROM generate_series(1, 4)}, undef, $p->{email}, $school);
age_pair($p->{email}, $school, 120);
t_is(login_from($school, $p->{email}, $p->{password}), 429,
     'after ten failures two minutes are not enough (five minutes)');
age_pair($p->{email}, $school, 200);
t_is(login_from($school, $p->{email}, $p->{password}), 303,
     '... after five minutes the right password logs in');
t_is(pair_failures($p->{email}, $school), 0, "DB: and clears the pair's failures");

# ---- the address alone: KlasCementLoginThrottleIP, default 100 (4) ---------
forget_login_failures();
my $nat = addr();
my @fails = map { login_from($nat, uniq('spray') . '@example.test', 'Welkom123!') } 1 .. 99;
is scalar(grep { $_ == 400 } @fails), 99, '99 failures for 99 e-mails from one address: 400 each';
my $r = KC::Account->registered;
t_is(login_from($nat, $r->{email}, $r->{password}), 303, '... a teacher behind it still logs in');
login_from($nat, uniq('spray') . '@example.test', 'Welkom123!');
my $r2 = KC::Account->registered;
t_is(login_from($nat, $r2->{email}, $r2->{password}), 429,
     'the 100th failure from that address refuses every login from it');
t_is(login_from(addr(), $r2->{email}, $r2->{password}), 303, '... but not from elsewhere');

# ---- the e-mail alone: a slow-down, never a lock-out (4) --------------------
forget_login_failures();
my $v = KC::Account->registered;
my @spread = map { login_from(addr(), $v->{email}, "fout-$_") } 1 .. 20;
is scalar(grep { $_ == 400 } @spread), 20, '20 failures for one e-mail from 20 addresses: 400 each';
t_is(login_from(addr(), $v->{email}, $v->{password}), 429,
     '... the owner from a new address right after: 429 (one attempt per 5 seconds)');
sleep 6;
my $vb = KC::Account->new(ip => addr());
t_is($vb->login($v->{email}, $v->{password})->code, 303, '... and after a few seconds: logged in');
is $vb->whoami, "member:$v->{id}", '... with a session';

# ---- parallel attempts cannot all pass the count (2) ------------------------
forget_login_failures();
my $w = KC::Account->registered;
my $race = addr();
my $N = 20;
db()->{AutoInactiveDestroy} = 1;
pipe(my $gate_r, my $gate_w) or die "pipe: $!";
pipe(my $res_r, my $res_w) or die "pipe: $!";
my @pids;
for my $i (1 .. $N) {
    my $b = KC::Account->new(ip => $race);
    $b->csrf_token('/login');
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        close $gate_w;
        close $res_r;
        sysread $gate_r, my $buf, 1;
        my $code = eval { $b->login($w->{email}, "fout-parallel-$i", undef, csrf => $b->{csrf})->code } // 0;
        syswrite $res_w, "$code\n";
        POSIX::_exit(0);
    }
    push @pids, $pid;
}
close $gate_r;
close $res_w;
close $gate_w;
my @got = <$res_r>;
close $res_r;
waitpid $_, 0 for @pids;
chomp @got;
my %by;
$by{$_}++ for @got;
is join(' ', map { "$_:$by{$_}" } sort keys %by), "400:5 429:15",
   "$N parallel wrong passwords for one pair: exactly 5 ran, 15 were refused";
t_is(pair_failures($w->{email}, $race), 5, 'DB: exactly 5 failures recorded');

# ---- the current-password checks of /me/password and /me/delete (6) --------
forget_login_failures();
my $m = KC::Account->registered;
my $hash = member_row($m->{id})->{password_hash};
my @pw = map {
    $m->post_form('/me/password', { old_password => "niet-het-mijne-$_",
                                    password => 'een-nieuw-wachtwoord-17', password2 => 'een-nieuw-wachtwoord-17' })->code
} 1 .. 5;
is "@pw", '400 400 400 400 400', 'a stolen session guesses the current password five times: 400 each';
my $res = $m->post_form('/me/password', { old_password => $m->{password},
                                          password => 'een-nieuw-wachtwoord-17', password2 => 'een-nieuw-wachtwoord-17' });
t_is($res->code, 429, '... the sixth, even right: 429');
ok has_error_field($res->content, 'old_password'), '... said on the field';
t_is(member_row($m->{id})->{password_hash}, $hash, 'DB: the password is unchanged');
t_is($m->post_form('/me/delete', { password => $m->{password} })->code, 429,
     '/me/delete is refused the same way');
ok !member_row($m->{id})->{deleted_at}, 'DB: the account is not deleted';

# ---- fail closed: an attempt that cannot be recorded is refused (3) --------
forget_login_failures();
my $f = KC::Account->registered;
my $fb = KC::Account->new(ip => addr());
$fb->csrf_token('/login');
db()->do(q{ALTER TABLE login_failures ADD CONSTRAINT kc_test_no_insert CHECK (false) NOT VALID});
my $code = expect_errors(sub { $fb->login($f->{email}, $f->{password}, undef, csrf => $fb->{csrf})->code });
db()->do(q{ALTER TABLE login_failures DROP CONSTRAINT kc_test_no_insert});
t_is($code, 429, 'the database cannot record the attempt: the right password is refused (429)');
is $fb->whoami, 'visitor', '... and no session';
t_is(sessions_of($f->{id}), 1, 'DB: only the session of the registration');
