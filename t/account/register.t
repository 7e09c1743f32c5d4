# Registration: a valid form makes a member with 1000 welcome points and
# logs them in; every refusal is a 400 (409 for a used e-mail) naming the
# field, writes nothing, re-fills the form but never the password.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Encode qw(encode_utf8);
use KC::Test qw(t_is db uniq);
use KC::Account qw(forget_login_failures member_row members_matching error_fields
                   input_value input_tag csrf_in set_cookie_line password_of_bytes
                   GOOD_PASSWORD);

my $Y = (localtime)[5] + 1900;
my $pw72 = password_of_bytes(72);
my $pw73 = password_of_bytes(73);          # $pw72 plus one byte
my $pw_multibyte = "\x{e9}" x 37;          # 37 characters, 74 bytes in UTF-8

# [ what, overrides, the one field named ]
my @refusals = (
    [ 'missing first_name',             { first_name => undef },                'first_name' ],
    [ 'surname of 101 characters',      { surname => 'x' x 101 },               'surname' ],
    [ 'an e-mail without @',            { email => uniq('geen-adres') . '.example.test' }, 'email' ],
    [ 'password of 9 characters',       { password => 'Zk3pQ9wXy' },            'password' ],
    [ 'a common password',              { password => 'qwertyuiop' },           'password' ],
    [ 'a common password in capitals',  { password => 'QwertyUIOP' },           'password' ],
    [ 'password2 differs',              { password2 => 'correct-horse-battery-8' }, 'password2' ],
    [ 'password of 73 bytes',           { password => $pw73 },                  'password' ],
    [ 'password of 37 chars = 74 bytes', { password => $pw_multibyte },         'password' ],
    [ 'birthday in the future',         { birthday => ($Y + 1) . '-01-15' },    'birthday' ],
    [ 'birthday not a real date',       { birthday => '1990-02-30' },           'birthday' ],
    [ 'birthday not a date at all',     { birthday => 'gisteren' },             'birthday' ],
    [ 'ten years old',                  { birthday => ($Y - 10) . '-03-14' },   'birthday' ],
    [ 'born in this year - 17',         { birthday => ($Y - 17) . '-01-01' },   'birthday' ],
    [ 'declare_age not ticked',         { declare_age => undef },               'declare_age' ],
    [ 'declare_not_pupil not ticked',   { declare_not_pupil => undef },         'declare_not_pupil' ],
    [ 'accept_terms not ticked',        { accept_terms => undef },              'accept_terms' ],
    [ 'country FR',                     { country => 'FR' },                    'country' ],
    [ 'edu_role pupil',                 { edu_role => 'pupil' },                'edu_role' ],
);
my $per_refusal = 5;

plan tests => 5 + 14 + $per_refusal * @refusals - 1 + 6 + 2 + 6, need_lwp;

forget_login_failures();

# ---- the form (5) ---------------------------------------------------------
my $v = KC::Account->new;
my $form = $v->get('/register');
t_is($form->code, 200, 'GET /register shows the form');
my $tok = csrf_in($form->content);
ok defined $tok, '... with a csrf field';
my $csrf_cookie = set_cookie_line($form, 'kc_csrf') // '';
ok defined $tok && $v->cookie('kc_csrf') && $v->cookie('kc_csrf') eq $tok,
   '... and the same value in the kc_csrf cookie (double submit)';
ok $csrf_cookie =~ /;\s*HttpOnly/i && $csrf_cookie =~ /;\s*SameSite=Lax/i,
   '... which is HttpOnly and SameSite=Lax';
t_is(KC::Account->new->get('/terms')->code, 200, 'the terms of use exist (GET /terms)');

# ---- success (14) ---------------------------------------------------------
my $c = KC::Account->new;
my ($res, $id, $f) = $c->register;
t_is($res->code, 303, 'a valid registration answers 303');
t_is($res->header('Location') // '', qr{^/members/\d+(?:\?done=registered)?$},
     '... to /members/ID (?done=registered allowed)');
ok defined set_cookie_line($res, 'kc_session') && $c->session_cookie,
   '... and sets the session cookie';
is $c->whoami, 'member:' . ($id // 'none'), 'the new member is logged in';
my $profile = $c->get("/members/" . ($id // 0));
t_is($profile->code, 200, 'GET /members/ID answers 200');
ok $profile->content =~ /\Q$f->{first_name}\E/ && $profile->content =~ /\Q$f->{surname}\E/,
   '... showing the name';
my $m = member_row($id // 0) // {};
t_is($m->{points_balance} // 'none', 1000, 'DB: balance 1000');
my $ledger = db()->selectall_arrayref(
    q{SELECT event, amount FROM points_ledger WHERE member_id = ?}, { Slice => {} }, $id // 0);
t_is(scalar @$ledger, 1, 'DB: exactly one ledger row');
ok @$ledger == 1 && $ledger->[0]{event} eq 'registration' && $ledger->[0]{amount} == 1000,
   "DB: ... event 'registration', amount 1000";
ok defined $m->{password_hash} && $m->{password_hash} =~ /^\$2[aby]\$\d\d\$/
   && index($m->{password_hash}, GOOD_PASSWORD) < 0, 'DB: the password is stored as a bcrypt hash';
ok +($m->{birthday} // '') eq '1985-03-14' && ($m->{country} // '') eq 'BE'
   && ($m->{edu_role} // '') eq 'teacher' && ($m->{role} // '') eq 'member',
   'DB: birthday, country, edu_role stored; role member';
t_is(members_matching($f->{email}, undef), 1, 'DB: one member with that e-mail');

# The boundary of the age rule is the year: born on 31 December of this
# year - 18 is old enough.
my ($r18) = KC::Account->new->register(birthday => ($Y - 18) . '-12-31');
t_is($r18->code, 303, 'born on 31 December of this year - 18: accepted');

my ($rnl) = KC::Account->new->register(country => 'NL', edu_role => 'student_teacher');
t_is($rnl->code, 303, 'country NL, edu_role student_teacher: accepted');

# ---- refusals (5 per case, 4 for the missing first name) -------------------
for my $case (@refusals) {
    my ($what, $over, $field) = @$case;
    my $b = KC::Account->new;
    my ($r, undef, $sent) = $b->register(%$over);
    t_is($r->code, 400, "$what: 400");
    is join(',', error_fields($r->content)), $field, "$what: data-field=\"$field\" (and only that)";
    t_is(members_matching($sent->{email}, $sent->{first_name}), 0, "$what: no member written");
    my $body = $r->content;
    my @leaks = grep { defined && length && index($body, encode_utf8($_)) >= 0 }
                     @$sent{qw(password password2)};
    ok !@leaks, "$what: the password is not sent back";
    if (defined $sent->{first_name}) {
        is input_value($body, 'first_name'), $sent->{first_name}, "$what: first_name re-filled";
    }
}

# ---- the e-mail, once more in other letters (6) -----------------------------
my $first = KC::Account->registered;
my $dup_first_name = uniq('Dubbel');
my ($dup) = KC::Account->new->register(email => uc $first->{email}, first_name => $dup_first_name);
t_is($dup->code, 409, 'an e-mail already used (other letter case): 409');
is join(',', error_fields($dup->content)), 'email', '... data-field="email"';
t_is(members_matching($first->{email}, undef), 1, '... still one member with that e-mail');
t_is(members_matching(undef, $dup_first_name), 0, '... nothing written for the second one');
is input_value($dup->content, 'email'), uc $first->{email}, '... the e-mail re-filled';
ok index($dup->content, GOOD_PASSWORD) < 0, '... the password not';

# ---- an invalid e-mail marks its input (2) ----------------------------------
my ($bad) = KC::Account->new->register(email => 'iemand@');
my $html = $bad->content;
my $email_input = input_tag($html, 'email') // '';
like $email_input, qr/\saria-invalid="true"/, 'the refused input carries aria-invalid="true"';
my ($summary) = $html =~ m{<li\b[^>]*\bdata-field="email"[^>]*>(.*?)</li>}s;
$summary //= '';
my $next_to = join ' ', map {
    $html =~ m{<(\w+)\b[^>]*\bid="\Q$_\E"[^>]*>(.*?)</\1>}s ? $2 : ''
} split ' ', ($email_input =~ /\saria-describedby="([^"]*)"/ ? $1 : '');
s/<[^>]*>//g, s/\s+/ /g, s/^ | $//g for $summary, $next_to;
ok length $summary && index($next_to, $summary) >= 0,
   '... and aria-describedby points at the message next to it (the one in the summary)'
   or diag("summary: '$summary'; described by: '$next_to'");

# ---- 72 bytes is the limit, and nothing is truncated (6) -----------------------
my $long = KC::Account->new;
my ($r72, $id72) = $long->register(password => $pw72);
t_is($r72->code, 303, 'a password of exactly 72 bytes is accepted');
my $in72 = KC::Account->new;
t_is($in72->login($long->{email} // 'none', $pw72)->code, 303, '... and logs in');
my $in73 = KC::Account->new;
my $r73 = $in73->login($long->{email} // 'none', $pw73);
t_is($r73->code, 400, '... while the same 72 bytes plus one more do not log in (no truncation)');
is $in73->whoami, 'visitor', '... (no session)';
my $in71 = KC::Account->new;
t_is($in71->login($long->{email} // 'none', substr($pw72, 0, 71))->code, 400,
   '... nor the first 71 bytes');
t_is(db()->selectrow_array(
        q{SELECT count(*) FROM members WHERE id = ? AND password_hash IS NOT NULL}, undef, $id72 // 0),
     1, 'the 72-byte member has a password hash');

forget_login_failures();
