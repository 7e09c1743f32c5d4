# A confirmed e-mail address: registration mails a link /confirm/TOKEN
# (single use, valid 7 days, only its hash stored); a new member uses the
# site at once (reads, reacts) but nothing that mails others (recommending
# a record or a forum question) until the link is followed: that is a 403
# page that says why, with a "send the link again" button (POST
# /confirm/resend, CSRF, at most 3 mails an hour). Following the link
# needs no login. Members made outside the registration form (demo data,
# SQL) are confirmed. As an attacker: no CSRF token, a used link, an
# expired one, a reset link in its place, wrong methods.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Digest::SHA qw(sha256_hex);
use HTTP::Request ();
use KC::Test qw(t_is db uniq make_member make_record);
use KC::Account qw(forget_login_failures member_row);
use KC::Community qw(mail_log mail_message read_records react recommend outbox_rows
                     wait_outbox_sent unique_body);
use KC::Contribute qw(rand_word);

plan tests => 44, need_lwp;

forget_login_failures();

sub confirm_link {
    my ($email) = @_;
    my $msg = mail_message($email) or return ();
    return $msg->{body} =~ m{https?://[^/\s]+(/confirm/([A-Za-z0-9_-]{43}))} ? ($1, $2) : ();
}
sub mails_to {
    my ($email) = @_;
    my @n = mail_log() =~ /^To:[^\n]*\Q$email\E/mgi;
    return scalar @n;
}
sub confirmed { return defined member_row($_[0])->{email_confirmed_at} }
sub address { return 'collega.' . rand_word(10) . '@example.test' }

my $rid = make_record();
my $asker = KC::Account->registered;
my $qtitle = 'Wie heeft tips voor ' . rand_word(10);
$asker->post_form('/forum/new', { category => 'digitale-tools', title => $qtitle,
    body => 'Ik zoek goede digitale tools om breuken in te oefenen met het vierde leerjaar.' });
my ($tid) = db()->selectrow_array('SELECT id FROM forum_topics WHERE title = ?', undef, $qtitle);

# ---- registration mails the link (6) ------------------------------------------------------
my $u = KC::Account->registered(unconfirmed => 1);
ok !confirmed($u->{id}), 'a new member\'s address is not confirmed yet';
my ($path, $token) = confirm_link($u->{email});
ok $token, 'registration mailed the member a /confirm/TOKEN link';
like mail_message($u->{email})->{headers}, qr/^Subject:\s*\S/mi, '... with a subject';
my $row = db()->selectrow_hashref(q{SELECT * FROM member_tokens WHERE token_hash = decode(?, 'hex')},
                                  undef, sha256_hex($token // ''));
ok $row && $row->{member_id} == $u->{id} && $row->{purpose} eq 'confirm',
   'DB: the SHA-256 of the token, purpose confirm';
my ($days) = db()->selectrow_array(q{SELECT (extract(epoch FROM expires_at - created_at) / 86400)::int
                                       FROM member_tokens WHERE token_hash = decode(?, 'hex')},
                                   undef, sha256_hex($token // ''));
is $days, 7, '... valid for 7 days';
ok confirmed(make_member()), 'a member made straight in SQL (demo data, fixtures) is confirmed';

# ---- the site works at once, but not mail to others (11) -----------------------------------
is read_records($u, $rid), 1, 'the unconfirmed member reads a record';
my ($rres, $xid) = react($u, $rid, unique_body('Een reactie van een nieuw lid'));
ok $rres->code == 303 && $xid, '... and reacts on it';
my $to = address();
my $res = recommend($u, $rid, $to, 'Kijk eens');
t_is($res->code, 403, 'recommending the record by mail: 403');
like $res->decoded_content, qr/data-notice="unconfirmed"/, '... a page that says the address is not confirmed';
like $res->decoded_content, qr{<form\b[^>]*action="/confirm/resend"}, '... with a form to /confirm/resend';
like $res->decoded_content, qr/Stuur de link opnieuw/, '... whose button says "Stuur de link opnieuw"';
ok !outbox_rows($to), '... no outbox row';
ok !db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE member_id = ? AND event = 'recommend'},
                          undef, $u->{id}), '... and no points';
my $tto = address();
$res = $u->post_form("/forum/topics/$tid/recommend", { email => $tto, message => 'Kijk' });
t_is($res->code, 403, 'recommending a forum question by mail: 403');
like $res->decoded_content, qr/data-notice="unconfirmed"/, '... the same page';
ok !outbox_rows($tto), '... no outbox row';

# ---- send the link again (7) ------------------------------------------------------------------
my $mails = mails_to($u->{email});
$res = $u->post_form('/confirm/resend', {}, csrf => 0);
t_is($res->code, 403, 'POST /confirm/resend without csrf: 403');
is mails_to($u->{email}), $mails, '... no mail';
$res = $u->post_form('/confirm/resend', {}, from => '/');
t_is($res->code, 303, 'POST /confirm/resend: 303');
t_is($res->header('Location') // '', "/members/$u->{id}?done=confirm_sent", '... to the profile, with a notice');
is mails_to($u->{email}), $mails + 1, '... and a new mail';
my ($path2, $token2) = confirm_link($u->{email});
ok $token2 && $token2 ne $token, '... with a new link';
$u->post_form('/confirm/resend', {}, from => '/');
t_is($u->post_form('/confirm/resend', {}, from => '/')->code, 429,
     'the 4th mail within the hour (registration and 3 asks): 429');

# ---- following the link (8) ------------------------------------------------------------------------
my $visitor = KC::Account->new;
$res = $visitor->get($path2);
t_is($res->code, 303, 'following the link, not logged in: 303');
t_is($res->header('Location') // '', "/members/$u->{id}?done=email_confirmed", '... to the profile, with a notice');
ok confirmed($u->{id}), 'DB: the address is confirmed';
$res = KC::Account->new->get($path2);
t_is($res->code, 404, 'the same link again: 404');
like $res->decoded_content, qr/data-notice="token-invalid"/, '... a page that says the link no longer works';
$res = recommend($u, $rid, $to, 'Kijk eens');
t_is($res->code, 303, 'now recommending the record by mail: 303');
my @out = wait_outbox_sent($to);
ok @out == 1 && defined $out[0]{sent_at}, '... the mail is queued and sent';
t_is($u->post_form("/forum/topics/$tid/recommend", { email => $tto })->code, 303,
     '... and the forum question too: 303');

# ---- nothing to confirm; expired and misused links; wrong methods (10) -------------------------
$mails = mails_to($u->{email});
$res = $u->post_form('/confirm/resend', {}, from => '/');
t_is($res->header('Location') // '', "/members/$u->{id}?done=confirm_already",
     'asking again once confirmed: "already confirmed"');
is mails_to($u->{email}), $mails, '... and no mail';
my $w = KC::Account->registered(unconfirmed => 1);
my ($wpath, $wtoken) = confirm_link($w->{email});
db()->do(q{UPDATE member_tokens SET expires_at = now() - interval '1 minute'
            WHERE token_hash = decode(?, 'hex')}, undef, sha256_hex($wtoken // ''));
t_is(KC::Account->new->get($wpath // '/')->code, 404, 'an expired link (set in the DB): 404');
ok !confirmed($w->{id}), '... the address not confirmed';
# someone else's old link confirms only the address it was mailed to
t_is(KC::Account->new->get($path)->code, 303, 'the member\'s first link still works once (nothing to do)');
ok !confirmed($w->{id}), '... and confirms nobody else';
t_is(KC::Account->new->get('/confirm/' . ('A' x 43))->code, 404, 'a made-up token: 404');
t_is(KC::Account->new->get('/password/reset/' . ($wtoken // ''))->code, 404,
     'a confirmation token used as a reset link: 404');
my $post = $w->{ua}->request(HTTP::Request->new(POST => $w->url($wpath // '/')));
t_is($post->code, 405, 'POST /confirm/TOKEN: 405');
t_is($w->get('/confirm/resend')->code, 405, 'GET /confirm/resend: 405');

# ---- deleting the account takes its tokens along (2) -----------------------------------------
my $wtokens = db()->selectrow_array(q{SELECT count(*) FROM member_tokens WHERE member_id = ?}, undef, $w->{id});
t_is($w->post_form('/me/delete', { password => $w->{password} })->code, 303,
     'an unconfirmed member with a link deletes the account: 303');
ok $wtokens > 0 && !db()->selectrow_array(q{SELECT count(*) FROM member_tokens WHERE member_id = ?},
                                          undef, $w->{id}), '... no token of theirs is left';
