# Bans: a banned member's sessions stop working at once; login is refused
# with 403 saying until when (or that it is permanent); the profile is
# hidden; once the ban is over, login works again.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use HTML::Entities qw(decode_entities);
use KC::Test qw(t_is db);
use KC::Account qw(forget_login_failures);

plan tests => 16, need_lwp;

forget_login_failures();

# The text of a message of the Dutch catalogue without its {{placeholders}}:
# the longest piece, to look for in a page. undef if the key is missing.
sub catalogue_piece {
    my ($key) = @_;
    my $file = ($ENV{KC_SRCDIR} // '.') . '/templates/i18n/nl.txt';
    open my $fh, '<:encoding(UTF-8)', $file or return undef;
    while (my $line = <$fh>) {
        next unless $line =~ /^\s*\Q$key\E\s*=\s*(.*?)\s*$/;
        my ($piece) = sort { length $b <=> length $a } map { s/^\s+|\s+$//gr } split /\{\{[^}]*\}\}/, $1;
        return $piece;
    }
    return undef;
}
sub text_of { my $t = decode_entities($_[0]->decoded_content // ''); $t =~ s/<[^>]*>/ /g; $t =~ s/\s+/ /g; return $t }
sub ban { db()->do("UPDATE members SET $_[1] WHERE id = ?", undef, $_[0]) }

my $c = KC::Account->registered;
my ($id, $email, $pw) = @$c{qw(id email password)};

# ---- banned in the middle of a session (3) ---------------------------------------
t_is($c->get('/me/points')->code, 200, 'a logged-in member sees /me/points');
ban($id, q{banned_until = now() + interval '3 days'});
my $res = $c->get('/me/points');
t_is($res->code, 303, 'banned for 3 days: the next request with the same cookie is a 303');
t_is($res->header('Location') // '', '/login?next=/me/points', '... to the login page');

# ---- login while suspended until a date (6) ---------------------------------------------
ban($id, q{banned_until = '2031-07-23 12:00:00+00'});
my $l = KC::Account->new;
$res = $l->login($email, $pw);
t_is($res->code, 403, 'login while suspended: 403');
my $text = text_of($res);
like $text, qr/2031-07-23|\b23[-\/. ]0?7[-\/. ]2031\b|\b23 (?:juli|july) 2031\b/i,
     '... the page says until when (23 July 2031)';
my $until_piece = catalogue_piece('login.notice.suspended_until') // catalogue_piece('login.error.suspended');
ok defined $until_piece ? index($text, $until_piece) >= 0 : $text =~ /geschorst|suspended/i,
   '... that the account is suspended' or diag("looked for: " . ($until_piece // 'geschorst'));
unlike $text, qr/E-mailadres of wachtwoord is fout/, '... not that the password is wrong';
is $l->whoami, 'visitor', '... and no session';
t_is(KC::Account->new->get("/members/$id")->code, 404, "a banned member's profile: 404");

# ---- a permanent ban (4) ---------------------------------------------------------------------
ban($id, q{banned_until = NULL, ban_permanent = false});
my $p = KC::Account->new;
t_is($p->login($email, $pw)->code, 303, 'ban lifted (banned_until NULL): login works');
ban($id, q{banned_until = NULL, ban_permanent = true});
is $p->whoami, 'visitor', 'banned permanently: the session stops working at once';
$res = KC::Account->new->login($email, $pw);
t_is($res->code, 403, 'login while permanently banned: 403');
my $perm_piece = catalogue_piece('login.error.suspended_permanent');
$text = text_of($res);
ok defined $perm_piece ? index($text, $perm_piece) >= 0
                       : $text =~ /definitief|permanent|voorgoed|onbepaalde tijd/i,
   '... the page says the ban is permanent' or diag("looked for: " . ($perm_piece // 'definitief'));

# ---- the ban is over (3) -----------------------------------------------------------------
ban($id, q{ban_permanent = false, banned_until = now() - interval '1 minute'});
my $back = KC::Account->new;
t_is($back->login($email, $pw)->code, 303, 'a ban that ended a minute ago: login works');
is $back->whoami, "member:$id", '... logged in';
t_is(KC::Account->new->get("/members/$id")->code, 200, '... and the profile is public again');

forget_login_failures();
