# On https (the suite's second port, vhost kc_https, whose ServerName
# carries the https scheme as a site behind a TLS proxy would): the
# visitor's CSRF cookie is __Host-kc_csrf (Secure), a plain kc_csrf cookie
# planted by someone else does not count there, the session cookie is
# __Host-kc_session, and every answer carries Strict-Transport-Security
# (KlasCementHSTS, default 180 days). Over plain http none of that.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use LWP::UserAgent ();
use HTTP::Request::Common qw(GET POST);
use KC::Test qw(t_is);
use KC::Account qw(forget_login_failures set_cookie_line csrf_in);

plan tests => 19, need_lwp;

forget_login_failures();
my $reg = KC::Account->registered;     # on the plain http port

# A browser without a cookie jar: LWP would not send Secure cookies back
# over the test's plain TCP, so cookies go by hand.
my $ua = LWP::UserAgent->new(max_redirect => 0, keep_alive => 0, timeout => 30);

sub on_https {
    my ($path) = @_;
    Apache::TestRequest::module('kc_https');
    my $url = Apache::TestRequest::resolve_url($path);
    Apache::TestRequest::module('default');
    return $url;
}

sub cookie_value {
    my ($line) = @_;
    return $line && $line =~ /^[^=]+=([^;]*)/ ? $1 : undef;
}

# ---- the visitor's CSRF cookie and HSTS on https (6) ----------------------------------
my $res = $ua->request(GET(on_https('/login')));
t_is($res->code, 200, 'https: GET /login');
my $line = set_cookie_line($res, '__Host-kc_csrf');
ok defined $line, '... sets __Host-kc_csrf';
ok !defined set_cookie_line($res, 'kc_csrf'), '... and no plain kc_csrf';
like $line // '', qr/;\s*Secure\s*(?:;|$)/i, '... Secure';
like $line // '', qr/;\s*Path=\/\s*(?:;|$)/i, '... Path=/ (what __Host- requires)';
t_is($res->header('Strict-Transport-Security') // '', 'max-age=15552000',
     '... Strict-Transport-Security: max-age=15552000');
my $csrf = cookie_value($line);
is csrf_in($res->content), $csrf, '... the form carries the cookie\'s token';

# ---- a planted plain kc_csrf does not count on https (1) ------------------------------
$res = $ua->request(POST(on_https('/login'),
                         Cookie  => "kc_csrf=$csrf",
                         Content => [ csrf => $csrf, email => $reg->{email},
                                      password => $reg->{password} ]));
t_is($res->code, 403, 'https: a login with the token in a plain kc_csrf cookie: 403');

# ---- the login with the __Host- cookie (4) -------------------------------------------
$res = $ua->request(POST(on_https('/login'),
                         Cookie  => "__Host-kc_csrf=$csrf",
                         Content => [ csrf => $csrf, email => $reg->{email},
                                      password => $reg->{password} ]));
t_is($res->code, 303, 'https: the login with __Host-kc_csrf: 303');
$line = set_cookie_line($res, '__Host-kc_session');
ok defined $line, '... sets __Host-kc_session';
like $line // '', qr/;\s*Secure\s*(?:;|$)/i, '... Secure';
ok defined $res->header('Strict-Transport-Security'), '... with Strict-Transport-Security';

# ---- errors and static files carry it too (4) -----------------------------------------
$res = $ua->request(GET(on_https('/no-such-page-' . $$)));
t_is($res->code, 404, 'https: an unknown page: 404');
ok defined $res->header('Strict-Transport-Security'), '... with Strict-Transport-Security';
$res = $ua->request(GET(on_https('/static/robots.txt')));
t_is($res->code, 200, 'https: a static file: 200');
ok defined $res->header('Strict-Transport-Security'), '... with Strict-Transport-Security';

# ---- plain http: none of it (3) ------------------------------------------------------
$res = $ua->request(GET(Apache::TestRequest::resolve_url('/login')));
ok defined set_cookie_line($res, 'kc_csrf'), 'http: GET /login sets kc_csrf';
ok !defined set_cookie_line($res, '__Host-kc_csrf'), '... not __Host-kc_csrf';
ok !defined $res->header('Strict-Transport-Security'), '... and no Strict-Transport-Security';
