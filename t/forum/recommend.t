# Recommending a forum question by mail: the outbox row, the command
# called, +5 once per member, topic and address.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(db uniq);
use KC::Account;
use KC::Community qw(wait_outbox_sent);

plan tests => 7, need_lwp;

my $asker = KC::Account->registered;
my $title = 'Wie heeft tips voor ' . join('', map { chr(97 + int rand 26) } 1 .. 10);
my $res = $asker->post_form('/forum/new', { category => 'digitale-tools', title => $title,
    body => 'Ik zoek goede digitale tools om breuken in te oefenen met het vierde leerjaar.' });
is($res->code, 303, 'a question is asked');
my ($topic) = db()->selectrow_array('SELECT id FROM forum_topics WHERE title = ?', undef, $title);
ok($topic, '... and stored');

my $c = KC::Account->registered;
my $to = uniq('collega') . '@example.test';
is($c->post_form("/forum/topics/$topic/recommend", { email => $to, message => 'Kijk eens!' })->code,
   303, 'a member recommends the question by mail');
my @sent = grep { defined $_->{sent_at} } wait_outbox_sent($to);
is(scalar @sent, 1, '... the mail job handed the outbox row to the mail command');
my $log = do { local $/; open my $fh, '<', "$ENV{KC_TMP}/mail.log" or die $!; <$fh> };
like($log, qr{/forum/topics/$topic}, '... the mail carries the link to the question');
$c->post_form("/forum/topics/$topic/recommend", { email => $to });
my ($paid, $rows) = db()->selectrow_array(q{
    SELECT coalesce(sum(amount), 0), count(*) FROM points_ledger
     WHERE member_id = ? AND event = 'recommend'}, undef, $c->{id});
is($paid, 5, '+5 once for the same question and address');
is($c->post_form("/forum/topics/$topic/recommend", { email => 'not-an-address' })->code,
   400, 'a bad address is refused');
