# A query that finds nothing but has a close correction (the records'
# vocabulary, pg_trgm) is answered with the correction's results at once:
# "Resultaten voor breuken; zocht je toch breukn?", the typed words a link
# that searches them as typed (exact=1: the suggestion then, as before);
# /records?format=json says so ("corrected", "query"). On the demo data too.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use JSON::PP ();
use LWP::UserAgent ();
use URI ();
use KC::Test qw(make_record expect_errors t_is);
use KC::Account ();
use KC::Search qw(word search_url card_ids page_text html_unescape);
use KC::DemoSite ();

plan tests => 12, need_lwp;

my $visitor = KC::Account->new;

# A word of letters only, unique to this run, and a typo of it (one letter
# dropped): the typo finds nothing itself.
my $w = lc word('vk');
my $typo = $w;
substr($typo, 3, 1) = '';
my $rid = make_record(title => "Oefenblad \u$w");

my $res = $visitor->get(search_url(q => $typo));
t_is($res->code, 200, 'a search with a typo answers 200');
is_deeply [ card_ids($res) ], [$rid], "... with the results of the correction";
my $html = $res->decoded_content;
like $html, qr{Resultaten voor <strong>\Q$w\E</strong>; zocht je toch <a class="search-exact" href="([^"]+)">\Q$typo\E</a>\?},
    '... and says so: "Resultaten voor X; zocht je toch Y?"';
my ($exact_url) = $html =~ m{<a class="search-exact" href="([^"]+)">};
$exact_url = html_unescape($exact_url);
like $exact_url, qr{^/records\?q=\Q$typo\E&.*exact=1|^/records\?q=\Q$typo\E&exact=1}, '... the typed words link to an exact search';
my $ex = $visitor->get($exact_url);
is_deeply [ card_ids($ex) ], [], 'the exact search finds nothing';
like $ex->decoded_content, qr{class="did-you-mean"}, '... and suggests the correction';
unlike $ex->decoded_content, qr{search-exact}, '... without answering with it';

my $en = $visitor->get(search_url(q => $typo), 'Accept-Language' => 'en');
like $en->decoded_content, qr{Results for <strong>\Q$w\E</strong>; search instead for <a},
    'in English: "Results for X; search instead for Y?"';

t_is(expect_errors(sub { $visitor->get(search_url(q => $typo, exact => 'ja')) })->code, 400,
     'exact=ja: 400');

my $json = JSON::PP->new->utf8->decode($visitor->get(search_url(q => $typo, format => 'json'))->content);
is_deeply [ $json->{corrected}, $json->{query}, map { $_->{id} } @{ $json->{records} } ],
          [ $w, $typo, $rid ], 'JSON: "corrected", "query" and the correction\'s records';

# ---- the demo data: breukn (2) ----------------------------------------------------
my $demo = KC::DemoSite::start();
my $u = URI->new("$demo/records");
$u->query_form(q => 'breukn', format => 'json');
my $doc = JSON::PP->new->utf8->decode(LWP::UserAgent->new(timeout => 30)->get($u)->content);
is $doc->{corrected}, 'breuken', 'demo: "breukn" is corrected to "breuken"';
is scalar(grep { $_->{title} =~ /breuken/i } @{ $doc->{records} }), 4, '... and shows the four records about breuken';
