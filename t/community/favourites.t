# Favourites (spec/community.md "On records"): POST /records/ID/favourite
# with action=add|remove; GET /me/favourites lists exactly the member's
# saved records as record cards (<article class="record-card">, like the
# search results).
#
# Resolutions of the spec used here:
# - The member reads the records first (the contract does not say whether
#   saving needs a read; reading keeps the test independent of that).
# - Adding a saved record again keeps one row (303); removing takes the row
#   away; an unknown action is a 400.
# - /me/favourites shows only published records' cards: here all are
#   published.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is make_record);
use KC::Account qw(forget_login_failures);
use KC::Contribute qw(unique_title);
use KC::Search qw(card_ids);
use KC::Community qw(reader refused favourite favourite_rows);

plan tests => 14, need_lwp;

forget_login_failures();

sub status_of { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }
sub saved_on_page {
    my ($c) = @_;
    my $res = $c->get('/me/favourites');
    return ($res->code, join ',', sort { $a <=> $b } card_ids($res));
}

my @r = map { make_record(title => unique_title('Favoriet')) } 1 .. 4;
my $m = reader([@r]);

# ---- adding (5) -------------------------------------------------------------------
my $res = favourite($m, $r[0], 'add');
t_is($res->code, 303, 'POST /records/ID/favourite action=add: 303');
is join(',', favourite_rows($m->{id})), $r[0], 'DB: one favourite row';
my @codes = map { favourite($m, $_, 'add')->code } @r[1, 2];
is "@codes", '303 303', 'two more: 303 each';
$res = favourite($m, $r[0], 'add');
ok $res->code < 400 && favourite_rows($m->{id}) == 3, 'adding the first one again: no second row'
    or diag(status_of($res));
my ($code, $ids) = saved_on_page($m);
ok $code == 200 && $ids eq join(',', sort { $a <=> $b } @r[0 .. 2]),
   '/me/favourites: 200, exactly the three saved records' or diag("status $code, cards $ids");

# ---- removing (4) -----------------------------------------------------------------
$res = favourite($m, $r[1], 'remove');
t_is($res->code, 303, 'action=remove: 303');
is join(',', favourite_rows($m->{id})), join(',', sort { $a <=> $b } @r[0, 2]), 'DB: that row is gone';
($code, $ids) = saved_on_page($m);
is $ids, join(',', sort { $a <=> $b } @r[0, 2]), '/me/favourites: the two left';
$res = favourite($m, $r[3], 'remove');
ok $res->code < 500 && favourite_rows($m->{id}) == 2, 'removing one never saved: changes nothing'
    or diag(status_of($res));

# ---- others (5) -------------------------------------------------------------------
my $other = reader($r[0]);
($code, $ids) = saved_on_page($other);
ok $code == 200 && $ids eq '', "another member's /me/favourites: none of them" or diag("status $code, cards $ids");
favourite($other, $r[0], 'add');
($code, $ids) = saved_on_page($m);
is $ids, join(',', sort { $a <=> $b } @r[0, 2]), "... saving one there leaves the first member's list alone";
$res = refused(sub { favourite($m, $r[3], 'bogus') });
ok $res->code == 400 && favourite_rows($m->{id}) == 2, 'an unknown action: 400, nothing changed'
    or diag(status_of($res));
$res = KC::Account->new->get('/me/favourites');
ok $res->code == 303 && ($res->header('Location') // '') =~ m{^(?:https?://[^/]+)?/login\?next=}, 
   'a visitor GET /me/favourites: 303 to /login?next=...' or diag(status_of($res));
$res = refused(sub { favourite($m, $r[3], 'add', csrf => 0) });
ok $res->code == 403 && favourite_rows($m->{id}) == 2, 'no csrf field: 403, nothing saved' or diag(status_of($res));
