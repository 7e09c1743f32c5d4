# Following members (spec/community.md "Networking"): POST
# /members/ID/follow action=follow|unfollow (not oneself); GET /me/feed
# shows the newest published records and forum questions of followed
# members, newest first.
#
# Resolutions of the spec used here:
# - Feed items are recognised by their links: /records/ID for a record,
#   /forum/topics/ID for a question (the contract gives no marker).
# - Following oneself is refused with 400 or 403 and writes nothing;
#   following twice keeps one row.
# - "Newest first" for a record means its published_at, for a question
#   its created_at (the question here is asked a second after the record
#   is published).
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is make_record);
use KC::Account qw(forget_login_failures);
use KC::Contribute qw(unique_title rand_word);
use KC::Search qw(links);
use KC::Community qw(text_of_length refused forum_category ask follow follows_row);

plan tests => 11, need_lwp;

forget_login_failures();

sub status_of { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }
# The position of the first link to $path (exactly, or with ?query/#fragment) on the page, or -1.
sub link_pos {
    my ($res, $path) = @_;
    my @h = map { $_->{href} // '' } links($res);
    for (0 .. $#h) { return $_ if $h[$_] =~ m{^(?:https?://[^/]+)?\Q$path\E(?:[?#]|$)} }
    return -1;
}

my $f = KC::Account->registered;
my $g = KC::Account->registered(first_name => 'Gevolgd', surname => ucfirst rand_word(8));
my $h = KC::Account->registered;

# ---- following (4) ----------------------------------------------------------------
my $res = follow($f, $g->{id}, 'follow');
t_is($res->code, 303, 'POST /members/ID/follow action=follow: 303');
is follows_row($f->{id}, $g->{id}), 1, 'DB: the follows row';
$res = follow($f, $g->{id}, 'follow');
ok $res->code < 400 && follows_row($f->{id}, $g->{id}) == 1, 'following again: still one row'
    or diag(status_of($res));
$res = refused(sub { follow($f, $f->{id}, 'follow') });
ok(($res->code == 400 || $res->code == 403) && !follows_row($f->{id}, $f->{id}),
   'following oneself: 400 or 403, nothing saved') or diag(status_of($res));

# ---- the feed (4) -----------------------------------------------------------------
my $rg = make_record(author_id => $g->{id}, author_name => "Gevolgd $g->{surname}",
                     title => unique_title('Nieuw van'));
my $rp = make_record(author_id => $g->{id}, state => 'pending', title => unique_title('Nog niet'));
my $rh = make_record(author_id => $h->{id}, title => unique_title('Niet gevolgd'));
sleep 1;
my (undef, $tg) = ask($g, category => forum_category($g), title => 'Een vraag van ' . rand_word(9),
                      body => text_of_length(60, 'Wie kan mij helpen met'));
my $feed = $f->get('/me/feed');
t_is($feed->code, 200, 'GET /me/feed: 200');
my ($p_rec, $p_top) = (link_pos($feed, "/records/$rg"), link_pos($feed, '/forum/topics/' . ($tg // 0)));
ok $p_rec >= 0 && $p_top >= 0, "it shows the followed member's new record and question"
    or diag("record at $p_rec, question at $p_top");
ok $p_top >= 0 && $p_top < $p_rec, '... newest first (the question, then the record)';
ok link_pos($feed, "/records/$rp") < 0 && link_pos($feed, "/records/$rh") < 0,
   "... not their pending record, not the record of a member not followed";

# ---- unfollowing (3) --------------------------------------------------------------
$res = follow($f, $g->{id}, 'unfollow');
ok $res->code == 303 && !follows_row($f->{id}, $g->{id}), 'action=unfollow: 303, the row is gone'
    or diag(status_of($res));
$feed = $f->get('/me/feed');
ok $feed->code == 200 && link_pos($feed, "/records/$rg") < 0 && link_pos($feed, '/forum/topics/' . ($tg // 0)) < 0,
   '/me/feed no longer shows them';
$res = KC::Account->new->get('/me/feed');
ok $res->code == 303 && ($res->header('Location') // '') =~ m{^(?:https?://[^/]+)?/login\?next=},
   'a visitor GET /me/feed: 303 to /login?next=...' or diag(status_of($res));
