# Deleting an account also erases the personal data the community added:
# private messages (both directions), follows, blocks, favourites; the
# member's forum posts stay under their name.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(db make_record);
use KC::Account;

plan tests => 7, need_lwp;

my $a = KC::Account->registered;
my $b = KC::Account->registered;
my $rec = make_record();

is($a->post_form("/me/messages/$b->{id}", { body => 'Hallo collega, een vraag over breuken.' })->code,
   303, 'A sends B a message');
is($b->post_form("/me/messages/$a->{id}", { body => 'Graag, stel je vraag maar.' })->code,
   303, 'B answers');
is($a->post_form("/members/$b->{id}/follow", { action => 'follow' })->code, 303, 'A follows B');
is($a->post_form("/records/$rec/favourite", { action => 'add' })->code, 303, 'A saves a favourite');

is($a->post_form('/me/delete', { password => $a->{password} })->code, 303, 'A deletes the account');

my ($msgs) = db()->selectrow_array(
    'SELECT count(*) FROM messages WHERE sender_id = ? OR recipient_id = ?', undef, $a->{id}, $a->{id});
is($msgs, 0, 'no message from or to A is left');
my ($rest) = db()->selectrow_array(q{
    SELECT (SELECT count(*) FROM follows WHERE follower_id = $1 OR followed_id = $1)
         + (SELECT count(*) FROM favourites WHERE member_id = $1)
         + (SELECT count(*) FROM blocks WHERE blocker_id = $1 OR blocked_id = $1)},
    undef, $a->{id});
is($rest, 0, 'no follows, favourites or blocks of A are left');
