# /records.atom?...: an Atom feed of a search with the parameters of
# /records (full text, filters, page), well-formed, values escaped, only
# published records, a bad filter refused like /records does.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use File::Temp qw(tempfile);
use KC::Test qw(t_is db make_record make_records);
use KC::Search qw(word);

plan tests => 18, need_lwp;

sub well_formed {
    my ($body) = @_;
    my ($fh, $file) = tempfile(UNLINK => 1);
    binmode $fh, ':encoding(UTF-8)';
    print {$fh} $body;
    close $fh;
    my $out = `xmllint --noout '$file' 2>&1`;
    diag($out) if $?;
    return $? == 0;
}
sub feed {
    my ($query) = @_;
    my $res = GET("/records.atom$query");
    my $body = $res->decoded_content // '';
    ok $res->code == 200
       && ($res->header('Content-Type') // '') =~ m{^application/atom\+xml; charset=utf-8}
       && well_formed($body), "/records.atom$query: 200, Atom, well-formed"
        or diag(substr($body, 0, 400));
    return $body;
}
sub entry_ids { my ($b) = @_; return [ $b =~ m{<entry><id>http://127\.0\.0\.1/records/(\d+)</id>}g ] }

my $w = word();
make_records(12);
my @mine = map { make_record(title => "Over $w deel $_", kind => $_ == 1 ? 'site' : 'document') } 1 .. 3;
my $odd = make_record(title => qq{$w <b> & "x"});
my $hidden = make_record(title => "$w verborgen", state => 'pending');

my $body = feed('');
like $body, qr{^<\?xml version="1\.0"[^>]*\?>\n<feed xmlns="http://www\.w3\.org/2005/Atom">}, 'an Atom feed';
like $body, qr{<link rel="self" type="application/atom\+xml" href="http://127\.0\.0\.1/records\.atom"></link>}, 'a self link';
my $ids = entry_ids($body);
t_is(scalar @$ids, 10, 'ten entries, like a page of /records');
my ($newest) = db()->selectrow_array(q{SELECT id FROM records WHERE state = 'published'
                                        ORDER BY published_at DESC, id DESC LIMIT 1});
t_is($ids->[0], $newest, 'the newest published record first');
like $body, qr{<updated>\d{4}-\d\d-\d\dT00:00:00Z</updated>}, 'dates are date-times';

$body = feed("?q=$w");
is_deeply [ sort { $a <=> $b } @{ entry_ids($body) } ], [ sort { $a <=> $b } @mine, $odd ],
    'a full-text search: exactly its published matches';
like $body, qr{<title>\Q$w\E &lt;b&gt; &amp; &quot;x&quot;</title>}, 'titles escaped';
like $body, qr{<title>KlasCement: \Q$w\E</title>}, 'the feed is named after the search';
ok !(grep { $_ == $hidden } @{ entry_ids($body) }), 'no pending record';
like $body, qr{<category term="site" label="[^"]+"></category>}, 'the kind as a category';

$body = feed("?q=$w&kind=site");
is_deeply entry_ids($body), [ $mine[0] ], 'a filter as on /records';

$body = feed('?page=2');
ok !(grep { my $i = $_; grep { $_ == $i } @$ids } @{ entry_ids($body) }), 'page 2 shares nothing with page 1';

t_is(GET('/records.atom?kind=nope')->code, 400, 'an unknown kind: 400');
t_is(GET('/records.atom?page=0')->code, 400, 'a bad page: 400');
