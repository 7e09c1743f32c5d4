# Private messages (spec/community.md "Networking" and "Anti-spam and
# flood"): POST /me/messages/ID sends, the recipient's page header shows
# the unread count (user.unread), GET /me/messages lists the threads,
# GET /me/messages/ID shows a thread and marks it read; blocking (either
# way) refuses messages with 403 until unblocked; duplicate text 409;
# 30 messages an hour, then 429.
#
# Resolutions of the spec used here:
# - The header's count is read from an element of the site header whose
#   class (or data-unread attribute) says "unread", else from the header's
#   link to /me/messages, else from the header's text (members here have
#   names without digits); no number there means 0.
# - The thread list links each thread to /me/messages/MEMBER_ID and shows
#   the other member's name.
# - A refused message (403, 409, 429, 400) writes no row.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is);
use KC::Account qw(forget_login_failures has_error_field);
use KC::Contribute qw(rand_word text_of);
use KC::Search qw(links);
use KC::Community qw(unique_body refused send_message messages_between block blocks_row unread_badge);

plan tests => 21, need_lwp;

forget_login_failures();

sub status_of { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }
sub person { return KC::Account->registered(first_name => $_[0], surname => ucfirst rand_word(8)) }
sub unread_of { my ($c) = @_; return unread_badge($c->get('/')) // 'no header' }

my $s = person('Zender');
my $r = person('Ontvanger');

# ---- sending; the unread count (10) -----------------------------------------------------
my $body1 = unique_body('Hallo, heb je zin om samen te werken');
my $res = send_message($s, $r->{id}, $body1);
t_is($res->code, 303, 'POST /me/messages/ID: 303');
my @m = messages_between($s->{id}, $r->{id});
ok @m == 1 && $m[0]{body} eq $body1 && !defined $m[0]{read_at}, 'DB: the message, unread';
my $body2 = unique_body('Ik heb ook nog een werkblad');
$res = send_message($s, $r->{id}, $body2);
ok $res->code == 303 && messages_between($s->{id}, $r->{id}) == 2, 'a second one: 303, saved';
is unread_of($r), 2, "the recipient's page header shows 2 unread";
is unread_of($s), 0, "the sender's header shows none";
my $list = $r->get('/me/messages');
ok $list->code == 200 && (grep { ($_->{href} // '') =~ m{^(?:https?://[^/]+)?/me/messages/$s->{id}$} } links($list))
   && index(text_of($list), $s->{surname}) >= 0,
   'GET /me/messages: a thread with the sender (name, link to /me/messages/ID)' or diag('status ' . $list->code);
my $thread = $r->get("/me/messages/$s->{id}");
my $tt = text_of($thread);
ok $thread->code == 200 && index($tt, $body1) >= 0 && index($tt, $body2) >= 0, 'the thread shows both messages';
ok !grep({ !defined $_->{read_at} } messages_between($s->{id}, $r->{id})), 'DB: opening the thread marked them read';
is unread_of($r), 0, "the recipient's header: no unread count any more";
$res = send_message($r, $s->{id}, unique_body('Graag, wanneer past het'));
ok $res->code == 303 && unread_of($s) eq '1', 'a reply: 303, the first member now has 1 unread'
    or diag(status_of($res));

# ---- blocking (5) -----------------------------------------------------------------
$res = block($r, $s->{id}, 'block');
ok $res->code == 303 && blocks_row($r->{id}, $s->{id}) == 1, 'POST /members/ID/block action=block: 303, saved'
    or diag(status_of($res));
$res = refused(sub { send_message($s, $r->{id}, unique_body('Nog een vraag')) });
ok $res->code == 403 && messages_between($s->{id}, $r->{id}) == 2, 'the blocked member sends a message: 403, not saved'
    or diag(status_of($res));
my $n_back = messages_between($r->{id}, $s->{id});
$res = refused(sub { send_message($r, $s->{id}, unique_body('Toch nog iets')) });
ok $res->code == 403 && messages_between($r->{id}, $s->{id}) == $n_back, '... and the one who blocked: 403 too'
    or diag(status_of($res));
$res = block($r, $s->{id}, 'unblock');
ok $res->code == 303 && !blocks_row($r->{id}, $s->{id}), 'action=unblock: 303, the row is gone'
    or diag(status_of($res));
$res = send_message($s, $r->{id}, unique_body('Fijn dat het weer kan'));
ok $res->code == 303 && messages_between($s->{id}, $r->{id}) == 3, '... messages go through again'
    or diag(status_of($res));

# ---- duplicate and empty text (2) -------------------------------------------------
(my $dup = uc $body1) =~ s/,//g;
$res = refused(sub { send_message($s, $r->{id}, "$dup?!") });
ok $res->code == 409 && has_error_field($res->content, 'body') && messages_between($s->{id}, $r->{id}) == 3,
   'the first message again in capitals, other punctuation: 409 data-field="body", not saved'
   or diag(status_of($res));
$res = refused(sub { send_message($s, $r->{id}, '') });
ok $res->code == 400 && has_error_field($res->content, 'body'), 'an empty message: 400 data-field="body"'
    or diag(status_of($res));

# ---- 30 an hour, then 429 (3) ------------------------------------------------------
{
    my $q = person('Veelschrijver');
    my $t = person('Lezer');
    my $tok = $q->csrf_token('/');
    my @codes = map { send_message($q, $t->{id}, unique_body("Bericht $_"), csrf => $tok)->code } 1 .. 30;
    ok !grep({ $_ != 303 } @codes) && messages_between($q->{id}, $t->{id}) == 30, '30 messages within the hour: 303 each'
        or diag("codes @codes");
    $res = refused(sub { send_message($q, $t->{id}, unique_body('Bericht te veel'), csrf => $tok) });
    t_is($res->code, 429, 'the 31st: 429');
    is scalar(messages_between($q->{id}, $t->{id})), 30, '... not saved';
}

# ---- visitors (1) -----------------------------------------------------------------
$res = KC::Account->new->get('/me/messages');
ok $res->code == 303 && ($res->header('Location') // '') =~ m{^(?:https?://[^/]+)?/login\?next=},
   'a visitor GET /me/messages: 303 to /login?next=...' or diag(status_of($res));
