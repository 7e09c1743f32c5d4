# Deleting one's account: only with the password; personal data erased,
# every session ended, the name kept on the member's records, the profile
# gone, and the e-mail free for a new registration.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db uniq make_record);
use KC::Account qw(forget_login_failures member_row sessions_of error_fields);

plan tests => 22, need_lwp;

forget_login_failures();

my $c = KC::Account->registered;
my ($id, $email, $pw) = @$c{qw(id email password)};
my $c2 = KC::Account->logged_in($email, $pw);
db()->do(q{UPDATE members SET expertise = 'Te wissen expertise' WHERE id = ?}, undef, $id);
my $author_name = "$c->{first_name} $c->{surname}";
my $title = uniq('Les van een vertrokken lid');
my $rec = make_record(author_id => $id, author_name => $author_name, title => $title);
my $before = member_row($id);
my $token = $c->session_cookie;

# ---- the form (1) --------------------------------------------------------------
t_is($c->get('/me/delete')->code, 200, 'GET /me/delete shows the form');

# ---- a wrong password (5) ----------------------------------------------------------
my $res = $c->post_form('/me/delete', { password => 'niet-mijn-wachtwoord-2' });
t_is($res->code, 400, 'a wrong password: 400');
is join(',', error_fields($res->content)), 'password', '... data-field="password"';
my $row = member_row($id);
ok !defined $row->{deleted_at} && ($row->{email} // '') eq $before->{email}
   && ($row->{password_hash} // '') eq $before->{password_hash} && defined $row->{birthday},
   'DB: nothing erased';
is $c->whoami, "member:$id", '... still logged in';
ok index($res->content, 'niet-mijn-wachtwoord-2') < 0, '... the password not sent back';

# ---- the right password (3) ------------------------------------------------------------
$res = $c->post_form('/me/delete', { password => $pw });
t_is($res->code, 303, 'the right password: 303');
t_is($res->header('Location') // '', '/?done=deleted', '... to /?done=deleted');
ok !$c->session_cookie, '... and the session cookie is cleared';

# ---- what the database keeps (5) ---------------------------------------------------------
$row = member_row($id) // {};
ok !defined $row->{email} && !defined $row->{password_hash} && !defined $row->{birthday},
   'DB: email, password_hash and birthday are NULL';
ok defined $row->{deleted_at}, 'DB: deleted_at is set';
is $row->{expertise}, '', 'DB: expertise cleared';
ok +($row->{first_name} // '') eq $c->{first_name} && ($row->{surname} // '') eq $c->{surname},
   'DB: first name and surname stay';
t_is(sessions_of($id), 0, 'DB: no session left');

# ---- what the site shows (8) ------------------------------------------------------------
is +KC::Account->with_session($token)->whoami, 'visitor', 'the old cookie value no longer works';
is $c2->whoami, 'visitor', 'the other session is ended too';
t_is(KC::Account->new->get("/members/$id")->code, 404, 'GET /members/ID: 404');
my $list = KC::Account->new->get('/records')->content;
ok $list =~ /\Q$title\E/ && $list =~ /\Q$author_name\E/,
   'the record written before is still listed with the author name';
is db()->selectrow_array(q{SELECT author_name FROM records WHERE id = ?}, undef, $rec),
   $author_name, 'DB: the record keeps author_name';
t_is(KC::Account->new->login($email, $pw)->code, 400, 'the old e-mail and password no longer log in');
my ($again, $new_id) = KC::Account->new->register(email => $email);
t_is($again->code, 303, 'the same e-mail can register again');
ok $new_id && $new_id != $id, '... as a new member';

forget_login_failures();
