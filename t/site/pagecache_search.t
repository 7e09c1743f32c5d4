# KlasCementPageCache also keeps anonymous search result pages (5 s in the
# sample conf), keyed by the whole query string. A record written behind
# the site's back (here: straight into the database) reaches visitors at
# once when its notification does (t/jobs/), that late when it does not; a member sees it at once; JSON is never answered from the HTML
# copy; and any change made through the site (a POST that succeeds, in any
# httpd child, other than logging in and out and such) retires every kept
# copy at once. When a copy expires, one
# request renders the next while the others still get the old copy.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use KC::Test qw(make_record uniq db expect_errors);
use Time::HiRes qw(sleep);
use POSIX qw(_exit);
use KC::Account;

plan tests => 18, need_lwp;

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

# A change through the site retires the kept copies in every child, so a
# record written behind the site's back shows at once after it. Logging in
# or out changes nothing a visitor sees: it leaves the copies alone.
# Written behind the site's back *without* its notification (the
# page-change triggers off for that transaction: as with a node whose
# listener is down), a record reaches visitors only when the copies go.
my $word2 = $word . 'x';
my $url2 = "/records?q=$word2";
# Each request is a new connection, and the server may run several children
# by now: enough requests that every child keeps a copy.
GET($url2) for 1 .. 40;
my $title2 = "Tweede leermiddel over $word2";
my @pages_trg = (['records', 'records_pages_trg'], ['record_subjects', 'record_subjects_pages_trg'],
                 ['record_levels', 'record_levels_pages_trg']);
db()->begin_work;
db()->do("ALTER TABLE $_->[0] DISABLE TRIGGER $_->[1]") for @pages_trg;
make_record(title => $title2);
db()->do("ALTER TABLE $_->[0] ENABLE TRIGGER $_->[1]") for @pages_trg;
db()->commit;
my $stale = grep { GET($url2)->content =~ /\Q$title2\E/ } 1 .. 12;
ok($stale < 12, 'written behind the site\'s back, unannounced: some visitors still get the kept copy')
    or diag('every request rendered anew; is KlasCementPageCache on?');
my $m2 = KC::Account->registered;
is($m2->logout->code, 303, 'a member logs out');
my $after_logout = grep { GET($url2)->content =~ /\Q$title2\E/ } 1 .. 12;
ok($after_logout < 12, '... which leaves the kept copies alone');
$m2->login($m2->{email}, $m2->{password});
my $saved = $m2->post_multipart('/me/profile', [ first_name => 'Test', surname => 'Leraar', lang => 'nl' ]);
is($saved->code, 303, 'a member saves a profile (a change visitors could see)');
my @fresh = map { GET($url2)->content =~ /\Q$title2\E/ ? 1 : 0 } 1 .. 12;
is(scalar(grep { $_ } @fresh), 12, '... and at once every visitor finds the new record');

# An expired copy while its successor is being rendered: the renderer is
# held up (the records table is locked, so its statements fail after the
# suite's 3 s statement_timeout: a 500), and visitors asking at the same
# time get the old copy (a 200) instead of all waiting for the same search.
# Told apart by their status, not by how long they took.
my $url3 = "/records?q=$word&sort=rating";
# Copies in as many children as possible: many new connections at once
# (httpd spreads those over its children), quickly, so that every copy
# expires (within 5 s of being kept) before the first one's grace (another
# 5 s) is over.
my $fork_get = sub {
    my ($url) = @_;
    pipe(my $rd, my $wr) or die "pipe: $!";
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        close $rd;
        print {$wr} GET($url)->code, "\n";
        close $wr;
        _exit(0);
    }
    close $wr;
    return [$pid, $rd];
};
my $collect = sub {
    my @codes;
    for my $k (@_) {
        my $fh = $k->[1];
        my $code = <$fh> // "0\n";
        chomp $code;
        waitpid($k->[0], 0);
        push @codes, $code;
    }
    return @codes;
};
my @fill = $collect->(map { $fork_get->($url3) } 1 .. 16);
ok(!(grep { $_ != 200 } @fill), 'set-up: 16 visitors at once get the page (and the children keep it)')
    or diag("@fill");
sleep 5.2;                                 # every copy expired, none past its grace
my $locker = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                          $ENV{PGUSER}, '', { AutoCommit => 0, RaiseError => 1, PrintError => 0 });
$locker->do('LOCK TABLE records IN ACCESS EXCLUSIVE MODE');
my @codes = expect_errors(sub {
    my @kids;
    for (1 .. 16) {
        push @kids, $fork_get->($url3);
        sleep 0.05;
    }
    my @c = $collect->(@kids);
    $locker->rollback;
    return @c;
});
$locker->disconnect;
my $kept = grep { $_ == 200 } @codes;
my $held = grep { $_ == 500 } @codes;
# Every copy has expired, so without the grace every request would render
# and wait for the lock: each 200 is a kept copy, each 500 a renderer (one
# per child that has a copy, and any request reaching a child without one).
ok($held >= 1, 'expired copies: some requests render the page anew (and meet the lock)')
    or diag("@codes");
ok($kept >= 1 && $kept + $held == 16,
   'while a request renders the successor, the others get the old copy')
    or diag("@codes");
