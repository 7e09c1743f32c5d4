# /sitemap.xml (an index), its pages (public pages; published records, at
# most 50,000 a page, by id ranges) and /robots.txt pointing to it: the
# sitemap lists exactly the published records; answers validated with
# xmllint against t/fixtures/xsd/sitemap.xsd.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use File::Temp qw(tempfile);
use KC::Test qw(t_is db make_record make_records);

plan tests => 27, need_lwp;

my $xsd = Apache::Test::vars('serverroot') . '/fixtures/xsd/sitemap.xsd';

sub valid {
    my ($body) = @_;
    my ($fh, $file) = tempfile(UNLINK => 1);
    print {$fh} $body;
    close $fh;
    my $out = `xmllint --noout --schema '$xsd' '$file' 2>&1`;
    diag($out) if $?;
    return $? == 0;
}
sub locs { my ($b) = @_; return $b =~ m{<loc>([^<]+)</loc>}g }
sub fetch_xml {
    my ($path) = @_;
    my $res = GET($path);
    my $body = $res->content;
    ok $res->code == 200 && $res->header('Content-Type') =~ m{^application/xml; charset=utf-8}
       && valid($body), "$path: 200, XML, valid" or diag(substr($body, 0, 400));
    return $body;
}

make_records(5);
my $pending = make_record(state => 'pending');
my $down = make_record();
db()->do(q{UPDATE records SET state = 'taken_down' WHERE id = ?}, undef, $down);
# A published record in the second range of 50,000 ids (its id given by
# hand; removed at the end so later tests do not see it).
my ($high) = db()->selectrow_array(
    q{INSERT INTO records (id, kind, title, language, licence, author_name, state, published_at)
      OVERRIDING SYSTEM VALUE
      VALUES (50001, 'document', 'Hoog nummer', 'nl', 'by', 'Test Leraar', 'published', now())
      RETURNING id});

my $robots = GET('/robots.txt');
t_is($robots->code, 200, 'robots.txt: 200');
like $robots->header('Content-Type'), qr{^text/plain}, 'robots.txt: text';
like $robots->content, qr{^Sitemap: http://127\.0\.0\.1/sitemap\.xml$}m, 'robots.txt names the sitemap';
like $robots->content, qr{^Disallow: /$_}m, "robots.txt: Disallow /$_" for qw(admin moderation login me/);
unlike $robots->content, qr{^Disallow: /(records|forum)?$}m, 'robots.txt keeps the public pages open';

my $index = fetch_xml('/sitemap.xml');
like $index, qr{<sitemapindex xmlns="http://www\.sitemaps\.org/schemas/sitemap/0\.9">}, 'a sitemap index';
my @maps = locs($index);
t_is($maps[0], 'http://127.0.0.1/sitemap-pages.xml', 'the public pages first');
my @pages = map { m{/sitemap-records-(\d+)\.xml$} ? $1 : () } @maps;
is_deeply \@pages, [ 1, 2 ], 'one records page per range of 50,000 ids with a published record';

my $tslug = 'sitemap-thema-' . ($$ % 100000);
db()->do(q{INSERT INTO themes (slug, title, published) VALUES (?, 'Op de kaart', true), (?, 'Nog een ontwerp', false)},
         undef, $tslug, "$tslug-draft");
my $public = fetch_xml('/sitemap-pages.xml');
ok((grep { $_ eq 'http://127.0.0.1/records' } locs($public)), 'the record list is a public page');
ok((grep { $_ eq 'http://127.0.0.1/themes' } locs($public)) && (grep { $_ eq 'http://127.0.0.1/webinars' } locs($public)),
   'the theme and webinar lists are public pages');
ok((grep { $_ eq "http://127.0.0.1/themes/$tslug" } locs($public)), 'a published theme page is listed');
ok(!(grep { $_ eq "http://127.0.0.1/themes/$tslug-draft" } locs($public)), '... a draft is not');
ok(!(grep { m{/(me|admin|moderation|login)} } locs($public)), 'no gated page');

my @listed;
for my $n (@pages) {
    my $body = fetch_xml("/sitemap-records-$n.xml");
    push @listed, map { m{^http://127\.0\.0\.1/records/(\d+)$} ? $1 : 'bad' } locs($body);
    like $body, qr{<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</lastmod>}, "page $n: lastmod";
}
my $published = db()->selectcol_arrayref(q{SELECT id FROM records WHERE state = 'published' ORDER BY id});
is_deeply [ sort { $a <=> $b } @listed ], $published, 'the sitemap lists exactly the published records';
ok !(grep { $_ == $pending || $_ == $down } @listed), 'neither pending nor taken-down records';

t_is(GET('/sitemap-records-3.xml')->code, 404, 'a range without published records: 404');
t_is(GET('/sitemap-records-0.xml')->code, 404, 'page 0: 404');
t_is(GET('/sitemap-records-x.xml')->code, 404, 'not a number: 404');

db()->do(q{DELETE FROM records WHERE id = ?}, undef, $high);
