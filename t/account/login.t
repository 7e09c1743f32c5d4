# Logging in and out: the way back (never off-site), the session cookie
# and what is stored of it, one message for wrong password and unknown
# e-mail, logout (POST only), "log out everywhere", the throttle, and the
# member id in the access log.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db uniq make_record);
use KC::Account qw(forget_login_failures sessions_of session_for_token error_text
                   input_value set_cookie_line access_log_user);

plan tests => 54, need_lwp;

forget_login_failures();

my $reg = KC::Account->registered;
my ($email, $pw, $id) = @$reg{qw(email password id)};
my $rec = make_record();

# ---- the form (2) ---------------------------------------------------------
my $br = KC::Account->new;
my $form = $br->get("/login?next=/records/$rec");
t_is($form->code, 200, 'GET /login shows the form');
is input_value($form->content, 'next'), "/records/$rec", '... keeping next in a hidden field';

# ---- success: redirect, cookie, stored token (11) ---------------------------
my $res = $br->login($email, $pw, "/records/$rec");
t_is($res->code, 303, 'the right password: 303');
t_is($res->header('Location') // '', "/records/$rec", '... to next');
my $line = set_cookie_line($res, 'kc_session');
ok defined $line, '... setting kc_session (not __Host-kc_session over http)';
$line //= '';
my $token = $br->session_cookie // '';
t_is($token, qr/^[A-Za-z0-9_-]{43}$/, 'the token is 43 characters of base64url');
like $line, qr/;\s*HttpOnly\s*(?:;|$)/i, 'cookie flag HttpOnly';
like $line, qr/;\s*SameSite=Lax\s*(?:;|$)/i, 'cookie flag SameSite=Lax';
like $line, qr/;\s*Path=\/\s*(?:;|$)/i, 'cookie flag Path=/';
unlike $line, qr/;\s*Secure\s*(?:;|$)/i, 'no Secure flag over http';
is $br->whoami, "member:$id", 'the browser is logged in';
my $srow = session_for_token($token);
ok $srow && $srow->{member_id} == $id,
   'DB: sessions.token_hash is the SHA-256 of the cookie value, for this member';
t_is(db()->selectrow_array(
        q{SELECT count(*) FROM sessions s WHERE strpos(s::text, ?) > 0}, undef, $token),
     0, 'DB: the raw token is stored in no column of sessions');

# ---- wrong password, unknown e-mail: one message (7) -------------------------
my $w = KC::Account->new;
my $bad_pw = 'niet-het-goede-wachtwoord-1';
my $wrong = $w->login($email, $bad_pw);
t_is($wrong->code, 400, 'a wrong password: 400');
like $wrong->content, qr/E-mailadres of wachtwoord is fout/, '... "E-mailadres of wachtwoord is fout"';
is $w->whoami, 'visitor', '... not logged in';
is input_value($wrong->content, 'email'), $email, '... the e-mail re-filled';
ok index($wrong->content, $bad_pw) < 0, '... the password not';
my $unknown = KC::Account->new->login(uniq('niemand') . '@example.test', $bad_pw);
t_is($unknown->code, 400, 'an unknown e-mail: 400');
my ($e1, $e2) = (error_text($wrong->content), error_text($unknown->content));
ok defined $e1 && defined $e2 && length $e1 && $e1 eq $e2,
   '... with the same error text as the wrong password'
   or diag('wrong password: ' . ($e1 // 'no error summary') . "\nunknown e-mail: " . ($e2 // 'no error summary'));

# ---- logout (6) -----------------------------------------------------------
my $old = $br->session_cookie;
my $out = $br->logout;
t_is($out->code, 303, 'POST /logout: 303');
t_is($out->header('Location') // '', '/', '... to /');
ok defined set_cookie_line($out, 'kc_session'), '... with a Set-Cookie for kc_session';
ok !$br->session_cookie, '... that removes it from the browser';
is $br->whoami, 'visitor', 'the browser is logged out';
is +KC::Account->with_session($old)->whoami, 'visitor', 'the old cookie value no longer works';

# ---- GET /logout (2) ------------------------------------------------------
my $l = KC::Account->logged_in($email, $pw);
t_is($l->get('/logout')->code, 405, 'GET /logout: 405');
is $l->whoami, "member:$id", '... and the session lives on';

# ---- no open redirect (5) ---------------------------------------------------
for my $next ('//evil.example/', 'https://evil.example/', '/\\evil.example',
              'javascript:alert(1)', '') {
    my $r = KC::Account->new->login($email, $pw, $next);
    t_is($r->code == 303 ? $r->header('Location') // '' : 'status ' . $r->code, '/',
         "next=$next: back to / only");
}

# ---- a token from before the login is worthless after it (7) -----------------
my $forged = join '', map { ('A' .. 'Z', 'a' .. 'z', 0 .. 9, '-', '_')[int rand 64] } 1 .. 43;
my $fx = KC::Account->new->set_session_cookie($forged);
t_is($fx->login($email, $pw)->code, 303, 'login with a forged kc_session already in the browser: 303');
my $after = $fx->session_cookie // '';
ok length $after && $after ne $forged, '... the cookie afterwards is a new value';
ok !session_for_token($forged), 'DB: no session under the forged value';
is +KC::Account->with_session($forged)->whoami, 'visitor', 'the forged value logs nobody in';

my $e = KC::Account->logged_in($email, $pw);
my $t1 = $e->session_cookie // 'none';
$e->logout;
$e->set_session_cookie($t1);              # a stale cookie of an earlier session
$e->login($email, $pw);
my $t2 = $e->session_cookie // '';
ok length $t2 && $t2 ne $t1, 'a cookie of an earlier session is replaced at login';
is +KC::Account->with_session($t1)->whoami, 'visitor', '... and stays worthless';
is $e->whoami, "member:$id", '... while the new one works';

# ---- r->user in the access log (2) --------------------------------------------
my $probe = uniq('probe');
my $lg = KC::Account->logged_in($email, $pw);
$lg->get("/records?page=1&probe=$probe");
is access_log_user($probe), $id, 'access log: the member id in the user field';
my $vprobe = uniq('probe');
KC::Account->new->get("/records?page=1&probe=$vprobe");
is access_log_user($vprobe), '-', 'access log: "-" for a visitor';

# ---- log out everywhere (6) ---------------------------------------------------
my $x = KC::Account->logged_in($email, $pw);
my $y = KC::Account->logged_in($email, $pw);
my $other = KC::Account->registered;
my $all = $x->post_form('/logout-all', {});
t_is($all->code, 303, 'POST /logout-all: 303');
t_is($all->header('Location') // '', '/login', '... to /login');
is $x->whoami, 'visitor', '... this session ended';
is $y->whoami, 'visitor', '... and the other browser of the member too';
t_is(sessions_of($id), 0, 'DB: no session of the member left');
is $other->whoami, "member:$other->{id}", "another member's session is untouched";

# ---- throttle (6) -------------------------------------------------------------
forget_login_failures();
my $t = KC::Account->registered;
my @codes = map { KC::Account->new->login($t->{email}, "fout-wachtwoord-nummer-$_")->code } 1 .. 5;
is "@codes", '400 400 400 400 400', 'five wrong passwords for one e-mail: 400 each';
my $th = KC::Account->new;
t_is($th->login($t->{email}, $t->{password})->code, 429,
     'the sixth attempt, even with the right password: 429');
is $th->whoami, 'visitor', '... and no session';
t_is(sessions_of($t->{id}), 1, 'DB: only the session of the registration');

forget_login_failures();
my @ip = map { KC::Account->new->login(uniq('onbekend') . '@example.test', 'fout-wachtwoord-1')->code } 1 .. 5;
is "@ip", '400 400 400 400 400', 'five failures for five unknown e-mails from one address: 400 each';
my $t2c = KC::Account->registered;
t_is(KC::Account->new->login($t2c->{email}, $t2c->{password})->code, 303,
     '... then a good login of another member from that address: 303 (one address is a whole school)');

forget_login_failures();
