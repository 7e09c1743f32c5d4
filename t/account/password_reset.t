# A forgotten password: /password/forgot mails a single-use link valid for
# an hour (only the token's SHA-256 is stored), the answer is the same page
# whether or not the address is a member's; the link's form sets a new
# password by the registration rules, ends every session of the member,
# logs the browser in, and works once, also for two requests at the same
# moment. At most 3 mails per address per hour (the 4th request gets the
# same answer, and no mail), 20 requests per client address per hour (then
# 429). As an attacker: no CSRF token, a used token, an expired one, a
# confirmation token in its place, a suspended member, wrong methods.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Digest::SHA qw(sha256_hex);
use POSIX ();
use HTTP::Request ();
use KC::Test qw(t_is db);
use KC::Account qw(forget_login_failures error_fields csrf_in GOOD_PASSWORD);
use KC::Community qw(mail_log mail_message);

plan tests => 53, need_lwp;

forget_login_failures();
sub forget_requests { db()->do(q{DELETE FROM account_mail_requests WHERE purpose = 'reset'}) }
forget_requests();

my $NEW = 'een-nieuw-wachtwoord-77';

# The reset link mailed last to $email: (path, token), or () when none.
sub reset_link {
    my ($email) = @_;
    my $msg = mail_message($email) or return ();
    return $msg->{body} =~ m{https?://[^/\s]+(/password/reset/([A-Za-z0-9_-]{43}))} ? ($1, $2) : ();
}
sub mails_to {
    my ($email) = @_;
    my @n = mail_log() =~ /^To:[^\n]*\Q$email\E/mgi;
    return scalar @n;
}
sub token_row {
    my ($token) = @_;
    return db()->selectrow_hashref(q{SELECT * FROM member_tokens WHERE token_hash = decode(?, 'hex')},
                                   undef, sha256_hex($token));
}
sub forgot {
    my ($c, $email, %opt) = @_;
    return $c->post_form('/password/forgot', [ email => $email ], %opt);
}
sub set_password {
    my ($c, $path, $pw, $pw2, %opt) = @_;
    return $c->post_form($path, [ password => $pw, password2 => $pw2 // $pw ], %opt);
}
# The page without its per-browser CSRF token, to compare two answers.
sub page_text {
    my ($res) = @_;
    (my $t = $res->decoded_content // '') =~ s/[A-Za-z0-9_-]{43}/TOKEN/g;
    return $t;
}

my $m = KC::Account->registered;
my $elsewhere = KC::Account->logged_in($m->{email}, $m->{password});

# ---- the way in (3) -----------------------------------------------------------------------
my $login = KC::Account->new->get('/login');
like $login->decoded_content, qr{<a href="/password/forgot">Wachtwoord vergeten\?</a>},
     'the login page links to /password/forgot: "Wachtwoord vergeten?"';
my $v = KC::Account->new;
my $res = $v->get('/password/forgot');
t_is($res->code, 200, 'GET /password/forgot: the form');
ok csrf_in($res->content) && $res->content =~ /name="email"/, '... with an e-mail field and a csrf token';

# ---- asking: the same answer for a member and a stranger (9) ---------------------------
$res = forgot($v, $m->{email}, csrf => 0);
t_is($res->code, 403, 'no csrf field: 403');
ok !reset_link($m->{email}), '... no mail';
my $known = forgot($v, $m->{email});
my $stranger = 'niemand.' . $$ . time . '@example.test';
my $unknown = forgot($v, $stranger);
t_is($known->code, 200, 'a member\'s address: 200');
t_is($unknown->code, 200, 'an unknown address: 200');
is page_text($known), page_text($unknown), '... the very same page';
like $known->decoded_content, qr/data-notice="forgot-sent"/, '... that says a link was mailed if the account exists';
ok !mail_message($stranger), 'no mail to the unknown address';
my ($path, $token) = reset_link($m->{email});
ok $token, 'the member got a mail with a /password/reset/TOKEN link';
my $row = token_row($token // '');
ok $row && $row->{member_id} == $m->{id} && $row->{purpose} eq 'reset' && !defined $row->{used_at},
   'DB: member_tokens holds the SHA-256 of the token (purpose reset, unused)';
# mail_log() has waited for the outbox: the mail is sent, and the outbox
# keeps no copy of the live link (029).
my ($kept) = db()->selectrow_array(q{SELECT count(*) FROM mail_outbox
                                      WHERE to_address = ? AND strpos(body, ?) > 0},
                                   undef, $m->{email}, $token // 'no token');
my ($emptied) = db()->selectrow_array(q{SELECT count(*) FROM mail_outbox
                                         WHERE to_address = ? AND secret AND sent_at IS NOT NULL AND body = ''},
                                      undef, $m->{email});
ok $kept == 0 && $emptied >= 1, 'DB: the sent reset mail is kept without its body (no live link in mail_outbox)';

my ($ttl) = db()->selectrow_array(q{SELECT extract(epoch FROM expires_at - created_at)::int
                                      FROM member_tokens WHERE token_hash = decode(?, 'hex')},
                                  undef, sha256_hex($token // ''));
is $ttl, 3600, '... valid for one hour';
ok !db()->selectrow_array(q{SELECT count(*) FROM member_tokens WHERE token_hash = convert_to(?, 'UTF8')},
                          undef, $token // ''), '... and never the token itself';

# ---- the form of the link (7) ---------------------------------------------------------------
$path //= '/password/reset/' . ('x' x 43);
my $b = KC::Account->new;
$res = $b->get($path);
t_is($res->code, 200, 'GET the link: the new-password form');
ok csrf_in($res->content), '... with a csrf token';
$res = set_password($b, $path, 'kort');
t_is($res->code, 400, 'a too short password: 400');
is_deeply [ error_fields($res->decoded_content) ], ['password'], '... on the field password';
$res = set_password($b, $path, $NEW, $NEW . 'x');
ok $res->code == 400 && grep({ $_ eq 'password2' } error_fields($res->decoded_content)),
   'a different repetition: 400 on password2';
$res = set_password($b, $path, $NEW, $NEW, csrf => 0);
t_is($res->code, 403, 'no csrf field: 403');
ok !defined token_row($token)->{used_at}, '... the token is still unused after all that';

# ---- using it (9) -----------------------------------------------------------------------------
my $hash_before = db()->selectrow_array(q{SELECT password_hash FROM members WHERE id = ?}, undef, $m->{id});
$res = set_password($b, $path, $NEW);
t_is($res->code, 303, 'a good new password: 303');
t_is($res->header('Location') // '', "/members/$m->{id}?done=password_reset", '... to the profile, with a notice');
is $b->whoami, "member:$m->{id}", '... and the browser is logged in as the member';
is $m->whoami, 'visitor', 'the member\'s other sessions ended (the registering browser)';
is $elsewhere->whoami, 'visitor', '... and the one elsewhere';
isnt db()->selectrow_array(q{SELECT password_hash FROM members WHERE id = ?}, undef, $m->{id}), $hash_before,
     'DB: a new password hash';
ok defined token_row($token)->{used_at}, 'DB: the token is used';
t_is(KC::Account->new->login($m->{email}, $m->{password})->code, 400, 'the old password no longer works');
t_is(KC::Account->new->login($m->{email}, $NEW)->code, 303, 'the new one does');
forget_login_failures();

# ---- a used link (3) ----------------------------------------------------------------------------
$res = KC::Account->new->get($path);
t_is($res->code, 404, 'the used link again: 404');
like $res->decoded_content, qr/data-notice="token-invalid"/, '... a page that says the link no longer works';
t_is(set_password(KC::Account->new, $path, 'nog-een-ander-wachtwoord-1', undef, from => '/login')->code, 404,
     '... and posting to it: 404');

# ---- an expired link (3) -------------------------------------------------------------------------
forget_requests();
forgot($v, $m->{email});
my ($path2, $token2) = reset_link($m->{email});
ok $token2 && $token2 ne $token, 'a second request: a new link';
db()->do(q{UPDATE member_tokens SET expires_at = now() - interval '1 minute'
            WHERE token_hash = decode(?, 'hex')}, undef, sha256_hex($token2 // ''));
t_is(KC::Account->new->get($path2 // '/')->code, 404, 'expired (set in the DB): GET 404');
t_is(set_password(KC::Account->new, $path2 // '/', 'nog-een-ander-wachtwoord-2', undef, from => '/login')->code, 404,
     '... and POST: 404');

# ---- two requests with one link at the same moment: one wins (2) ---------------------------
forget_requests();
forgot($v, $m->{email});
my ($path3, $token3) = reset_link($m->{email});
my $racer = KC::Account->new;
my $race_csrf = $racer->csrf_token($path3 // '/');
my $start = time + 2;
my @kids;
for my $i (1 .. 4) {
    pipe(my $rd, my $wr) or die "pipe: $!";
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        close $rd;
        select undef, undef, undef, 0.01 while time < $start;
        my $r = set_password($racer, $path3, "race-wachtwoord-$i-abc", undef, csrf => $race_csrf);
        print {$wr} $r->code;
        close $wr;
        POSIX::_exit(0);
    }
    close $wr;
    push @kids, [ $pid, $rd ];
}
my @codes;
for my $k (@kids) {
    my ($pid, $rd) = @$k;
    local $/;
    push @codes, scalar <$rd>;
    waitpid $pid, 0;
}
@codes = sort @codes;
is_deeply \@codes, [ 303, 404, 404, 404 ], '4 POSTs with one link at once: one 303, three 404';
is db()->selectrow_array(q{SELECT count(*) FROM sessions WHERE member_id = ?}, undef, $m->{id}), 1,
   '... and the member has one session';

# ---- limits (8) ------------------------------------------------------------------------------------
forget_requests();
my $n = KC::Account->registered;
my $before = mails_to($n->{email});
my @pages = map { forgot($v, $n->{email}) } 1 .. 5;
is_deeply [ map { $_->code } @pages ], [ 200, 200, 200, 200, 200 ], '5 requests for one address: 200 each';
is page_text($pages[4]), page_text($pages[0]), '... the 5th the same page as the 1st';
is mails_to($n->{email}) - $before, 3, '... but only 3 mails went out';
is db()->selectrow_array(q{SELECT count(*) FROM member_tokens WHERE member_id = ? AND purpose = 'reset'},
                         undef, $n->{id}), 3, '... and 3 tokens exist';
my (undef, $ntoken) = reset_link($n->{email});
t_is(KC::Account->new->get('/confirm/' . ($ntoken // ''))->code, 404,
     'a reset token used as a confirmation link: 404');
my ($ip) = db()->selectrow_array(q{SELECT ip FROM account_mail_requests ORDER BY id DESC LIMIT 1});
db()->do(q{INSERT INTO account_mail_requests (purpose, email_lower, ip)
           SELECT 'reset', 'ander' || g || '@example.test', ? FROM generate_series(1, 15) g}, undef, $ip);
my $o = KC::Account->registered;
$res = forgot($v, $o->{email});
t_is($res->code, 429, 'request number 21 from one client address within the hour: 429');
ok !reset_link($o->{email}), '... no mail';
forget_requests();
t_is(forgot($v, $o->{email})->code, 200, 'the hour over (rows removed): 200 again');

# ---- a confirmation token is no reset token; a suspended member (4) -------------------------------
my $u = KC::Account->registered(unconfirmed => 1);
my $cmsg = mail_message($u->{email});
my ($ctoken) = ($cmsg // { body => '' })->{body} =~ m{/confirm/([A-Za-z0-9_-]{43})};
ok $ctoken, 'a new member\'s confirmation link';
t_is(KC::Account->new->get('/password/reset/' . ($ctoken // ''))->code, 404,
     '... used as a reset link: 404');
forget_requests();
forgot($v, $o->{email});
my ($path4) = reset_link($o->{email});
db()->do(q{UPDATE members SET ban_permanent = true WHERE id = ?}, undef, $o->{id});
my $hash_o = db()->selectrow_array(q{SELECT password_hash FROM members WHERE id = ?}, undef, $o->{id});
t_is(set_password(KC::Account->new, $path4 // '/', 'geschorst-wachtwoord-9')->code, 403,
     'a suspended member\'s link: 403');
is db()->selectrow_array(q{SELECT password_hash FROM members WHERE id = ?}, undef, $o->{id}), $hash_o,
   '... the password unchanged';
db()->do(q{UPDATE members SET ban_permanent = false WHERE id = ?}, undef, $o->{id});

# ---- wrong methods (2) -------------------------------------------------------------------------
my $put = $v->{ua}->request(HTTP::Request->new(PUT => $v->url('/password/forgot')));
t_is($put->code, 405, 'PUT /password/forgot: 405');
my $del = $v->{ua}->request(HTTP::Request->new(DELETE => $v->url($path)));
t_is($del->code, 405, 'DELETE /password/reset/TOKEN: 405');
forget_requests();
