# The public record list: 10 per page, pager, bad and out-of-range pages,
# unpublished records invisible, titles escaped.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_cmp);
use Apache::TestRequest qw(GET);
use KC::Account;
use KC::Test qw(t_is db make_record make_records uniq);

plan tests => 23, need_lwp;

make_records(25);
my $total = db()->selectrow_array(
    q{SELECT count(*) FROM records WHERE state = 'published'});
my $pages = int(($total + 9) / 10);

sub ids_on { my ($body) = @_; return [ $body =~ m{<a[^>]+href="/records/(\d+)"}g ] }
sub uniq_ids { my %s; return [ grep { !$s{$_}++ } @{ $_[0] } ] }

my $r1 = GET '/records';
t_is($r1->code, 200, 'page 1 answers 200');
my $p1 = uniq_ids(ids_on($r1->content));
t_is(scalar @$p1, 10, 'exactly 10 records on page 1');
t_is(scalar(() = $r1->content =~ /<article/g), 10, '10 articles on page 1');
ok $r1->content =~ /\b\Q$total\E\b/;   # the total count is shown
t_is($r1->header('Content-Type'), qr{^text/html; charset=utf-8}i, 'html utf-8');

my $r2 = GET '/records?page=2';
t_is($r2->code, 200, 'page 2 answers 200');
my $p2 = uniq_ids(ids_on($r2->content));
t_is(scalar @$p2, 10, 'exactly 10 records on page 2');
my %on1 = map { $_ => 1 } @$p1;
t_is(scalar(grep { $on1{$_} } @$p2), 0, 'page 2 shares no record with page 1');
ok $r2->content =~ m{href="/records"}, 'page 2 links back to page 1';
ok $r1->content =~ m{href="/records\?page=2"}, 'page 1 links to page 2';

# Newest first: page 1 holds the newest published record.
my ($newest) = db()->selectrow_array(
    q{SELECT id FROM records WHERE state = 'published'
      ORDER BY published_at DESC, id DESC LIMIT 1});
t_is($p1->[0], $newest, 'the newest record comes first');

my $last = GET "/records?page=$pages";
my $on_last = uniq_ids(ids_on($last->content));
t_is(scalar @$on_last, $total - 10 * ($pages - 1), 'the last page holds the rest');

my $beyond = GET '/records?page=' . ($pages + 5);
t_is($beyond->code, 200, 'a page beyond the end answers 200');
t_is(scalar(() = $beyond->content =~ /<article/g), 0, '... with no records');
ok $beyond->content =~ m{href="/records(\?page=$pages)?"}, '... and a link back to the last page';

for my $bad ('abc', '-1', '0', '1.5', '', '99999999999999999999') {
    my $res = GET "/records?page=$bad";
    t_is($res->code, 400, "page=$bad is refused with 400")
        && $res->content =~ /page/;
}

# Unpublished records are not public; a title is HTML-escaped.
my $pending_title = uniq('Nog niet gemodereerd');
make_record(state => 'pending', title => $pending_title);
my $xss = make_record(title => '<script>alert(1)</script>');
# Asked as a member: a visitor's list may come from the page cache for a
# few seconds (t/site/pagecache*.t), and these records were written
# straight into the database, not through the site.
my $after = KC::Account->registered->get('/records');
ok !($after->content =~ /\Q$pending_title\E/), 'a pending record is not listed';
ok $after->content =~ /&lt;script&gt;alert\(1\)&lt;\/script&gt;/
   && $after->content !~ /<script>alert\(1\)/, 'a <script> title is shown escaped';
