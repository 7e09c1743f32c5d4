# Every account form refuses a POST without its csrf token, or with a token
# that is not this browser's: 403, and nothing changes.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is uniq);
use KC::Account qw(forget_login_failures member_row members_matching sessions_of csrf_in);

plan tests => 30, need_lwp;

forget_login_failures();

sub made_up { join '', map { ('A' .. 'Z', 'a' .. 'z', 0 .. 9, '-', '_')[int rand 64] } 1 .. 43 }

my $m = KC::Account->registered;                                  # session 1 of M
my $id = $m->{id};
my $m2 = KC::Account->logged_in($m->{email}, $m->{password});     # session 2 of M
my $n = KC::Account->registered;                                  # another member
my $foreign = $n->csrf_token('/');
ok defined $foreign, "another member's page carries a csrf token";
$foreign //= made_up();

# ---- /logout (4) --------------------------------------------------------------
t_is($m->logout(csrf => 0)->code, 403, 'POST /logout without csrf: 403');
t_is($m->logout(csrf => $foreign)->code, 403, "... with another session's token: 403");
t_is($m->logout(csrf => made_up())->code, 403, '... with a made-up token: 403');
is $m->whoami, "member:$id", '... and the member is still logged in';

# ---- /logout-all (4) ----------------------------------------------------------
t_is($m->post_form('/logout-all', {}, csrf => 0)->code, 403, 'POST /logout-all without csrf: 403');
t_is($m->post_form('/logout-all', {}, csrf => $foreign)->code, 403, "... with another session's token: 403");
is $m->whoami, "member:$id", '... this session still works';
is $m2->whoami, "member:$id", '... and the other one too';

# ---- /me/password (5) ----------------------------------------------------------
my $hash = member_row($id)->{password_hash};
my %pw = (old_password => $m->{password}, password => 'een-heel-nieuw-wachtwoord-5',
          password2 => 'een-heel-nieuw-wachtwoord-5');
t_is($m->post_form('/me/password', \%pw, csrf => 0)->code, 403, 'POST /me/password without csrf: 403');
t_is($m->post_form('/me/password', \%pw, csrf => $foreign)->code, 403, "... with another session's token: 403");
is member_row($id)->{password_hash}, $hash, 'DB: the password hash is unchanged';
t_is(KC::Account->new->login($m->{email}, $m->{password})->code, 303, 'the old password still logs in');
is $m2->whoami, "member:$id", 'the other session was not ended';

# ---- /me/delete (4) ------------------------------------------------------------
my %del = (password => $m->{password});
t_is($m->post_form('/me/delete', \%del, csrf => 0)->code, 403, 'POST /me/delete without csrf: 403');
t_is($m->post_form('/me/delete', \%del, csrf => $foreign)->code, 403, "... with another session's token: 403");
my $row = member_row($id);
ok !defined $row->{deleted_at} && defined $row->{email} && defined $row->{password_hash},
   'DB: the account is not deleted';
is $m->whoami, "member:$id", '... and its session still works';

# ---- /me/profile, multipart (3) --------------------------------------------------
my $before = member_row($id)->{expertise};
my $expertise = uniq('Expertise die er niet mag komen');
my @prof = (first_name => $m->{first_name}, surname => $m->{surname},
            expertise => $expertise, organisation => '', lang => 'nl');
t_is($m->post_multipart('/me/profile', \@prof, csrf => 0)->code, 403, 'POST /me/profile without csrf: 403');
t_is($m->post_multipart('/me/profile', \@prof, csrf => $foreign)->code, 403, "... with another session's token: 403");
is member_row($id)->{expertise}, $before, 'DB: the profile is unchanged';

# ---- /register (visitor; double submit) (4) ---------------------------------------
my @emails;
my $v = KC::Account->new;
$v->get('/register');                                  # has the kc_csrf cookie
my ($r1, undef, $f1) = $v->register(csrf => 0);
push @emails, $f1->{email};
t_is($r1->code, 403, 'POST /register without csrf: 403');
my ($r2, undef, $f2) = $v->register(csrf => made_up());
push @emails, $f2->{email};
t_is($r2->code, 403, '... with a token that is not the cookie: 403');
my $x = KC::Account->new;
my $xtok = csrf_in($x->get('/register')->content) // made_up();
my ($r3, undef, $f3) = KC::Account->new->register(csrf => $xtok);  # no kc_csrf cookie
push @emails, $f3->{email};
t_is($r3->code, 403, "... with another browser's token: 403");
is join(',', map { members_matching($_, undef) } @emails), '0,0,0', 'DB: no member written';

# ---- /login (visitor; double submit) (5) -------------------------------------------
my $sessions = sessions_of($id);
my $lv = KC::Account->new;
$lv->get('/login');
t_is($lv->login($m->{email}, $m->{password}, undef, csrf => 0)->code, 403, 'POST /login without csrf: 403');
t_is($lv->login($m->{email}, $m->{password}, undef, csrf => made_up())->code, 403,
     '... with a token that is not the cookie: 403');
my $ltok = csrf_in(KC::Account->new->get('/login')->content) // made_up();
my $ly = KC::Account->new;
t_is($ly->login($m->{email}, $m->{password}, undef, csrf => $ltok)->code, 403,
     "... with another browser's token: 403");
ok $lv->whoami eq 'visitor' && $ly->whoami eq 'visitor', '... nobody logged in';
t_is(sessions_of($id), $sessions, 'DB: no session made');

forget_login_failures();
