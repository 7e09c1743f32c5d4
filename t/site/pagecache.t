# KlasCementPageCache (5 s in the sample conf): the anonymous home page may
# come from memory, but never for longer than that, and never for a member.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use KC::Test qw(make_record uniq);
use KC::Account;

plan tests => 4, need_lwp;

GET('/') for 1 .. 4;                       # fill the children's copies
my $title = uniq('Vers leermiddel');
make_record(title => $title);
sleep 6;
my @seen = map { GET('/')->content =~ /\Q$title\E/ ? 1 : 0 } 1 .. 4;
is(scalar(grep { $_ } @seen), 4, 'after the cache time every visitor sees the new record');
my $res = GET('/');
like($res->header('Cache-Control') // '', qr/public/, 'the anonymous home page is public');

my $m = KC::Account->registered;
$m->get('/');
my $title2 = uniq('Nog verser leermiddel');
make_record(title => $title2);
my $page = $m->get('/');
like($page->content, qr/\Q$title2\E/, 'a member sees a new record at once');
like($page->header('Cache-Control') // '', qr/no-store/, '... on a private, uncached page');
