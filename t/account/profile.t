# The public profile, editing one's own profile (multipart, with a
# picture checked by its content), the points page, and changing the
# password (which ends the member's other sessions).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db uniq make_member expect_errors);
use KC::Account qw(forget_login_failures member_row error_fields input_value is_checked
                   png_1x1);

plan tests => 47, need_lwp;

forget_login_failures();

my $c = KC::Account->registered;
my $id = $c->{id};
my %subject = map { @$_ } @{ db()->selectall_arrayref(
    q{SELECT code, id FROM subjects WHERE code IN ('geschiedenis', 'biologie', 'wiskunde')}) };
my ($hoger) = db()->selectrow_array(q{SELECT id FROM levels WHERE code = 'hoger'});

sub picture { return KC::Account->new->get("/members/$id/picture") }
# The profile form's fields, changed by %f (extra names are added).
sub profile_fields {
    my (%f) = @_;
    my %base = (first_name => $c->{first_name}, surname => $c->{surname},
                expertise => '', organisation => '', lang => 'nl');
    my @pairs;
    for my $k (qw(first_name surname expertise organisation lang)) {
        push @pairs, $k, exists $f{$k} ? delete $f{$k} : $base{$k};
    }
    push @pairs, map { ($_, $f{$_}) } sort keys %f;
    return \@pairs;
}

# ---- the public profile (4) -------------------------------------------------------
my $pub = KC::Account->new->get("/members/$id");
t_is($pub->code, 200, 'a visitor sees GET /members/ID');
ok $pub->content =~ /\Q$c->{first_name}\E/ && $pub->content =~ /\Q$c->{surname}\E/, '... with the name';
t_is(KC::Account->new->get('/members/999999999')->code, 404, 'an unknown member: 404');
t_is(picture()->code, 404, 'no picture yet: /members/ID/picture is 404');

# ---- the edit form (3) ------------------------------------------------------------
my $form = $c->get('/me/profile');
t_is($form->code, 200, 'GET /me/profile shows the form');
is input_value($form->content, 'first_name'), $c->{first_name}, '... filled with the first name';
is is_checked($form->content, 'subjects', $subject{geschiedenis}), 0,
   '... with an unticked box per subject';

# ---- editing, with a picture (10) -------------------------------------------------
my $png = png_1x1();
my $expertise = uniq('Wiskunde in de derde graad');
my $org = uniq('Sint-Jozefscollege');
my $new_first = uniq('Bram');
my $res = $c->post_multipart('/me/profile', [
    first_name => $new_first, surname => $c->{surname}, expertise => $expertise,
    organisation => $org, lang => 'nl',
    subjects => $subject{geschiedenis}, subjects => $subject{biologie}, levels => $hoger,
    picture => KC::Account::file_part('klein.png', 'image/png', $png) ]);
t_is($res->code, 303, 'POST /me/profile: 303');
t_is($res->header('Location') // '', "/members/$id?done=profile", '... to /members/ID?done=profile');
$c->{first_name} = $new_first;
my $row = member_row($id);
is $row->{expertise}, $expertise, 'DB: expertise saved';
is $row->{first_name}, $new_first, 'DB: first name saved';
my $after = KC::Account->new->get("/members/$id")->content;
ok $after =~ /\Q$new_first\E/ && $after =~ /\Q$expertise\E/ && $after =~ /\Q$org\E/,
   'the public profile shows the new name, expertise and organisation';
ok $pub->content !~ /Geschiedenis|Biologie/
   && $after =~ /Geschiedenis/ && $after =~ /Biologie/ && $after =~ /Hoger onderwijs/,
   '... and the chosen subjects and level';
my $form2 = $c->get('/me/profile')->content;
ok is_checked($form2, 'subjects', $subject{geschiedenis}) && is_checked($form2, 'subjects', $subject{biologie})
   && defined is_checked($form2, 'subjects', $subject{wiskunde}) && !is_checked($form2, 'subjects', $subject{wiskunde})
   && is_checked($form2, 'levels', $hoger),
   'the edit form ticks exactly the chosen subjects, and the level';
my $pic = picture();
t_is($pic->code, 200, 'GET /members/ID/picture: 200');
t_is($pic->header('Content-Type') // '', qr{^image/png\b}, '... image/png');
ok $pic->content eq $png, '... the uploaded bytes';

# ---- a text file called x.png (4) -------------------------------------------------
$res = $c->post_multipart('/me/profile', profile_fields(
    expertise => 'Dit mag niet bewaard worden',
    picture => KC::Account::file_part('x.png', 'image/png', "Dit is gewoon tekst, geen afbeelding.\n")));
t_is($res->code, 400, 'a text file named x.png: 400');
is join(',', error_fields($res->content)), 'picture', '... data-field="picture"';
is member_row($id)->{expertise}, $expertise, 'DB: nothing of that form saved';
ok picture()->content eq $png, 'the picture is still the old one';

# ---- size: 1.5 MB fits, over 2 MB does not (4) ---------------------------------------
my $big = png_1x1(pad => 1_500_000);
$res = $c->post_multipart('/me/profile', profile_fields(expertise => $expertise,
    picture => KC::Account::file_part('groot.png', 'image/png', $big)));
t_is($res->code, 303, 'a 1.5 MB PNG is accepted');
ok picture()->content eq $big, '... and served';
my $huge = png_1x1(pad => 2 * 1024 * 1024 + 1);
my $stored = picture()->content;
$res = expect_errors(sub {
    $c->post_multipart('/me/profile', profile_fields(expertise => $expertise,
        picture => KC::Account::file_part('te-groot.png', 'image/png', $huge)));
});
ok $res->code == 400 || $res->code == 413, 'a PNG over 2 MB is refused (400 or 413)'
   or diag('status ' . $res->code);
ok picture()->content eq $stored, '... and the picture is unchanged';

# ---- removing the picture (2) --------------------------------------------------------
$res = $c->post_multipart('/me/profile', profile_fields(expertise => $expertise, remove_picture => 1));
t_is($res->code, 303, 'remove_picture=1: 303');
t_is(picture()->code, 404, '... and the picture is gone');

# ---- no other member can be edited (3) --------------------------------------------------
my $other = make_member(first_name => 'Ander', surname => 'Lid');
db()->do(q{UPDATE members SET expertise = 'Van een ander' WHERE id = ?}, undef, $other);
my $exp2 = uniq('Eigen expertise');
$res = $c->post_multipart('/me/profile', [ id => $other, member_id => $other,
    @{ profile_fields(first_name => 'Gekaapt', expertise => $exp2) } ]);
t_is($res->code, 303, 'POST /me/profile with an extra id=OTHER: 303');
my $o = member_row($other);
ok $o->{first_name} eq 'Ander' && $o->{expertise} eq 'Van een ander', "the other member's profile is unchanged";
is member_row($id)->{expertise}, $exp2, 'the logged-in member was edited';
$c->{first_name} = 'Gekaapt';

# ---- points (6) ---------------------------------------------------------------------------
my $pts = $c->get('/me/points');
t_is($pts->code, 200, 'GET /me/points: 200');
my $text = $pts->decoded_content // '';
like $text, qr/(?<![\d.,+])1[.,\x{a0}\x{202f} ]?000(?![\d.,])/, '... the balance 1000';
like $text, qr/\+1[.,\x{a0}\x{202f} ]?000\b/, '... the registration row (+1000)';
like $text, qr/registratie/i, '... for the registration';
db()->selectrow_array(q{SELECT kc_points_award(?, 'grant', 'test', 234, ?, 'test')}, undef,
                      $id, uniq('grant'));
$text = $c->get('/me/points')->decoded_content // '';
like $text, qr/(?<![\d.,+])1[.,\x{a0}\x{202f} ]?234(?![\d.,])/, 'after a grant of 234: the balance 1234';
my $p234 = index($text, '+234');
my $p1000 = $text =~ /\+1[.,\x{a0}\x{202f} ]?000\b/ ? $-[0] : -1;
ok $p234 >= 0 && $p1000 > $p234, '... the newest row (+234) before the registration row (+1000)';

# ---- changing the password (11) ------------------------------------------------------------
my $second = KC::Account->logged_in($c->{email}, $c->{password});
t_is($c->get('/me/password')->code, 200, 'GET /me/password shows the form');
my $new_pw = 'nieuw-paard-batterij-7';
$res = $c->post_form('/me/password', { old_password => 'niet-mijn-wachtwoord-1',
                                        password => $new_pw, password2 => $new_pw });
t_is($res->code, 400, 'a wrong old password: 400');
is join(',', error_fields($res->content)), 'old_password', '... data-field="old_password"';
is $second->whoami, "member:$id", '... and the other session still works';
$res = $c->post_form('/me/password', { old_password => $c->{password},
                                        password => 'Zk3pQ9wXy', password2 => 'Zk3pQ9wXy' });
is join(',', $res->code, error_fields($res->content)), '400,password', 'a new password of 9 characters: 400, data-field="password"';
$res = $c->post_form('/me/password', { old_password => $c->{password},
                                        password => $new_pw, password2 => $new_pw });
t_is($res->code, 303, 'the right old password: 303');
t_is($res->header('Location') // '', "/members/$id?done=password", '... to /members/ID?done=password');
is $c->whoami, "member:$id", 'this session goes on';
is $second->whoami, 'visitor', 'the other session is ended';
t_is(KC::Account->new->login($c->{email}, $new_pw)->code, 303, 'the new password logs in');
t_is(KC::Account->new->login($c->{email}, $c->{password})->code, 400, 'the old one does not');

forget_login_failures();
