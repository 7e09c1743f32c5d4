# KlasCementSession off (the sample conf sets it for /static/): a member's
# session cookie is not looked up for static files, so they cost no
# database round trip, while the pages around them still know the member.
# What shows it from outside: a lookup refreshes the session's last-seen
# time when it is over a minute old, and puts the member id in r->user
# (%u of the access log); a static file with the cookie does neither.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Digest::SHA qw(sha256_hex);
use File::Temp qw(tempdir);
use KC::Test qw(db t_is uniq expect_errors);
use KC::Account qw(access_log_user);

plan tests => 14, need_lwp;

sub age_of {        # seconds since the session was last seen
    my ($token) = @_;
    return scalar db()->selectrow_array(
        q{SELECT extract(epoch FROM now() - last_seen_at)::int FROM sessions
           WHERE token_hash = decode(?, 'hex')}, undef, sha256_hex($token));
}
sub set_seen {
    my ($token, $interval) = @_;
    db()->do(q{UPDATE sessions SET last_seen_at = now() - ?::interval
                WHERE token_hash = decode(?, 'hex')}, undef, $interval, sha256_hex($token));
}

my $m = KC::Account->registered;
my $token = $m->session_cookie;
my ($id) = ($m->whoami =~ /^member:(\d+)$/);
ok defined $token && defined $id, 'set-up: a member with a session';

# ---- /static/: KlasCementSession off (4) -------------------------------------
set_seen($token, '10 minutes');
my $probe = uniq('static');
my $css = $m->get("/static/css/site.css?probe=$probe");
t_is($css->code, 200, 'a static file with a valid session cookie: 200');
t_is(access_log_user($probe), '-', '... no member in the access log (r->user unset)');
my $age = age_of($token);
ok $age >= 590, "... and the session was not looked up: last seen still 10 minutes ago ($age s)";
t_is($m->whoami, "member:$id", '... while the cookie is still good');

# ---- a page: the session as ever (3) ----------------------------------------
set_seen($token, '10 minutes');
$probe = uniq('page');
t_is($m->get("/records?page=1&probe=$probe")->code, 200, 'a page with the same cookie: 200');
t_is(access_log_user($probe), $id, '... the member id in the access log');
$age = age_of($token);
ok $age <= 5, "... and the lookup refreshed the last-seen time ($age s ago)";

# ---- merge: an inner KlasCementSession on wins (t/conf/extra.conf.in) (2) ----
set_seen($token, '10 minutes');
$probe = uniq('img');
t_is($m->get("/static/img/logo.svg?probe=$probe")->code, 200,
     '/static/img/ (KlasCementSession on inside /static/): 200');
t_is(access_log_user($probe), $id, '... the session looked up there, member in the access log');

# ---- a Require for a member where sessions are off (2) ----------------------
my $res = expect_errors(sub { $m->get('/kc-test/session-off') });
t_is($res->code, 500, 'Require klascement-role where KlasCementSession is off: 500, not a login loop');
my $log = do { local (@ARGV, $/) = (Apache::Test::vars('t_logs') . '/error_log'); <> };
t_is($log, qr/KC0200: \/kc-test\/session-off needs a member .*KlasCementSession is off/,
     '... logged, naming the directive');

# ---- httpd -t: On or Off only (2) --------------------------------------------
my $httpd = $ENV{HTTPD_BIN} or die 'HTTPD_BIN not set';
my $libexec = `apxs -q LIBEXECDIR`; chomp $libexec;
my $dir = tempdir(CLEANUP => 1);
open my $fh, '>', "$dir/httpd.conf" or die $!;
print {$fh} <<"CONF";
ServerRoot $dir
ServerName 127.0.0.1
ErrorLog $dir/error_log
<IfModule !mpm_event_module>
LoadModule mpm_event_module $libexec/mod_mpm_event.so
</IfModule>
LoadModule authz_core_module $libexec/mod_authz_core.so
LoadModule dbd_module $libexec/mod_dbd.so
LoadModule klascement_module $ENV{KC_MODULE}
<Location /x>
    KlasCementSession maybe
</Location>
CONF
close $fh;
my $out = `$httpd -t -f $dir/httpd.conf 2>&1`;
ok $? != 0, 'KlasCementSession maybe: refused by httpd -t';
t_is($out, qr/KlasCementSession/, '... naming the directive');
