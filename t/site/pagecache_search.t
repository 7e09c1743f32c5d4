# KlasCementPageCache also keeps anonymous search result pages (5 s in the
# sample conf), keyed by the whole query string. A record written behind
# the site's back (here: straight into the database) may reach visitors
# that late; a member sees it at once; JSON is never answered from the HTML
# copy; and any change made through the site (a POST that succeeds, in any
# httpd child) retires every kept copy at once. When a copy expires, one
# request renders the next while the others still get the old copy.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use KC::Test qw(make_record uniq db expect_errors);
use Time::HiRes qw(time sleep);
use POSIX qw(_exit);
use KC::Account;

plan tests => 15, need_lwp;

my $word = 'zoekcache' . join '', map { ('a' .. 'z')[($$ + time + $_ * 7) % 26] } 1 .. 8;
my $url = "/records?q=$word";

my @before = map { GET($url) } 1 .. 4;                  # fill the children's copies
ok(!(grep { $_->code != 200 } @before), 'the search answers 200 to visitors');
like($before[0]->header('Vary') // '', qr/Accept\b/, 'the page varies on Accept (HTML or JSON)');
like($before[0]->header('Cache-Control') // '', qr/public/, 'a visitor\'s result page is public');

my $title = "Leermiddel over $word";
make_record(title => $title);

# JSON is a different answer for the same address: never the kept HTML.
my $json = GET($url, Accept => 'application/json');
like($json->header('Content-Type') // '', qr{application/json}, 'JSON asked for, JSON answered');
like($json->content, qr/\Q$word\E/, '... with the new record in it at once (JSON is not kept)');

my $m = KC::Account->registered;
my $page = $m->get($url);
like($page->content, qr/\Q$title\E/, 'a member finds the new record at once');
like($page->header('Cache-Control') // '', qr/no-store|private/, '... on a page that is not shared')
    or diag($page->header('Cache-Control'));

sleep 6;
my @seen = map { GET($url)->content =~ /\Q$title\E/ ? 1 : 0 } 1 .. 4;
is(scalar(grep { $_ } @seen), 4, 'after the cache time every visitor finds the new record');

# Another query string is another page: a kept copy never answers it.
my $other = GET("$url&sort=newest");
like($other->content, qr/\Q$title\E/, 'another order of the same search is its own page');
my $bad = GET("$url&page=0");
is($bad->code, 400, 'a bad parameter is still refused (not answered from a copy)');

# A change through the site (here the smallest one: a member logs out)
# retires the kept copies in every child: a record written behind the
# site's back shows at once after it.
my $word2 = $word . 'x';
my $url2 = "/records?q=$word2";
# Each request is a new connection, and the server may run several children
# by now: enough requests that every child keeps a copy.
GET($url2) for 1 .. 40;
my $title2 = "Tweede leermiddel over $word2";
make_record(title => $title2);
my $stale = grep { GET($url2)->content =~ /\Q$title2\E/ } 1 .. 12;
ok($stale < 12, 'written behind the site\'s back: some visitors still get the kept copy')
    or diag('every request rendered anew; is KlasCementPageCache on?');
my $m2 = KC::Account->registered;
is($m2->logout->code, 303, 'a member logs out (a POST that changes something)');
my @fresh = map { GET($url2)->content =~ /\Q$title2\E/ ? 1 : 0 } 1 .. 12;
is(scalar(grep { $_ } @fresh), 12, '... and at once every visitor finds the new record');

# An expired copy while its successor is being rendered: the renderer is
# held up (the records table is locked, so its statements time out after
# 3 s), and visitors asking at the same time get the old copy at once
# instead of all waiting for the same search.
my $url3 = "/records?q=$word&sort=rating";
# Copies in as many children as possible: new connections, one by one
# and then many at once (httpd spreads those over its children).
GET($url3) for 1 .. 40;
{
    my @pids;
    for (1 .. 16) {
        my $pid = fork // die "fork: $!";
        if (!$pid) { GET($url3); _exit(0); }
        push @pids, $pid;
    }
    waitpid($_, 0) for @pids;
}
my $filled = time;
sleep 5.5;                                 # expired (5 s), still in its grace
my $locker = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                          $ENV{PGUSER}, '', { AutoCommit => 0, RaiseError => 1, PrintError => 0 });
$locker->do('LOCK TABLE records IN ACCESS EXCLUSIVE MODE');
my @kids;
my @results = expect_errors(sub {
    for my $i (1 .. 16) {
        pipe(my $rd, my $wr) or die "pipe: $!";
        my $pid = fork // die "fork: $!";
        if (!$pid) {
            close $rd;
            my $t0 = time;
            my $res = GET($url3);
            printf {$wr} "%d %.2f\n", $res->code, time - $t0;
            close $wr;
            _exit(0);
        }
        close $wr;
        push @kids, [$pid, $rd];
        sleep 0.05;
    }
    my @r;
    for my $k (@kids) {
        my $fh = $k->[1];
        my $line = <$fh> // "0 99\n";
        waitpid($k->[0], 0);
        push @r, [split ' ', $line];
    }
    $locker->rollback;
    return @r;
});
$locker->disconnect;
my $quick = grep { $_->[0] == 200 && $_->[1] < 2 } @results;
my $held = grep { $_->[0] != 200 || $_->[1] >= 2 } @results;
ok(time - $filled < 12, 'set-up: the requests ran within the grace time') or diag(time - $filled);
# Every copy has expired, so without the grace every request would render
# and wait for the lock: any quick answer is a kept copy. (Requests that
# reach a child without a copy, and one per child with a copy, wait; how
# httpd spreads connections over its children is its own business.)
ok($quick >= 1 && !(grep { $_->[0] == 200 && $_->[1] >= 2 } @results),
   'while one request per child renders the successor, the others get the old copy at once')
    or diag(join ', ', map { "$_->[0] in $_->[1] s" } @results);
