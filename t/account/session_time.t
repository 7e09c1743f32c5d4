# A session ends after KlasCementSessionIdle (7 days in the sample conf)
# without a request, and KlasCementSessionLifetime (30 days) after login
# whatever happens. Its last-seen time is written at most once a minute:
# reading a page is a read in the database, not a write.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Digest::SHA qw(sha256_hex);
use KC::Test qw(db t_is);
use KC::Account;

plan tests => 8, need_lwp;

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
ok(defined $token, 'set-up: a member with a session');

set_seen($token, '30 seconds');
like($m->whoami, qr/^member:/, 'seen 30 s ago: still logged in');
my $age = age_of($token);
ok($age >= 29, "... and the last-seen time was not written again within the minute ($age s)");

set_seen($token, '2 minutes');
like($m->whoami, qr/^member:/, 'seen 2 minutes ago: logged in');
$age = age_of($token);
ok($age <= 5, "... and the last-seen time is now ($age s ago)");

set_seen($token, '6 days 23 hours');
like($m->whoami, qr/^member:/, 'seen just under 7 days ago: still logged in');

set_seen($token, '7 days 1 minute');
t_is($m->whoami, 'visitor', 'seen over 7 days ago (KlasCementSessionIdle): logged out');

my $m2 = KC::Account->registered;
db()->do(q{UPDATE sessions SET expires_at = now() - interval '1 second'
            WHERE token_hash = decode(?, 'hex')}, undef, sha256_hex($m2->session_cookie));
t_is($m2->whoami, 'visitor', 'past its lifetime (KlasCementSessionLifetime): logged out, however active');
