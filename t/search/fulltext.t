# Full-text search on /records (spec/records.md): Dutch and English
# stemming, title above description, 10 per page with the total, the
# typo-tolerant "did you mean" (exact=1; without it the correction answers:
# t/search/typos.t), an empty result that explains itself, an
# escaped query, and the JSON-LD ItemList.
#
# Every record here carries a word made by KC::Search::word (letters only,
# unchanged by every stemmer, unique to this run), so a query "stem WORD"
# finds exactly the records of one check, whatever else is in the database.
# (Stems checked in psql: dutch vulkanen|vulkaan -> 'vulkan', planeten|planeet
# -> 'planet'; english fractions -> 'fraction', running|runs -> 'run', while
# dutch keeps 'running'.)
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use JSON::PP ();
use KC::Test qw(t_is make_record uniq);
use KC::Account ();
use KC::Search qw(word search_url card_ids result_count pager_links did_you_mean
                  jsonld_blocks page_text decode_json_res html_unescape);

plan tests => 46, need_lwp;

my $visitor = KC::Account->new;
sub search { return $visitor->get(search_url(@_)) }
sub ids_for { return [ card_ids(search(@_)) ] }

# ---- Dutch stemming ----------------------------------------------------------
{
    my $w = word();
    my $rid = make_record(language => 'nl', title => "Vulkanen van IJsland $w");
    is_deeply(ids_for(q => "vulkaan $w"), [$rid],
              'nl: a record about "vulkanen" is found by q=vulkaan');
    is_deeply(ids_for(q => "vulkanen $w"), [$rid], '... and by the word itself');

    my $w2 = word();
    my $rid2 = make_record(language => 'nl', title => "De planeet Saturnus $w2");
    is_deeply(ids_for(q => "planeten $w2"), [$rid2],
              'nl: a record about "planeet" is found by q=planeten (vice versa)');
    t_is(result_count(search(q => "planeten $w2")), 1, '... and the total count says 1');
}

# ---- English stemming --------------------------------------------------------
{
    my $w = word();
    my $rid = make_record(language => 'en', title => "Adding fractions $w",
                          description => 'Worksheets for adding and subtracting.');
    is_deeply(ids_for(q => "fraction $w"), [$rid], 'en: "fractions" is found by q=fraction');

    my $w2 = word();
    my $en = make_record(language => 'en', title => "Running a marathon $w2");
    is_deeply(ids_for(q => "runs $w2"), [$en], 'en: "running" is found by q=runs');

    my $w3 = word();
    make_record(language => 'nl', title => "Running a marathon $w3");
    is_deeply(ids_for(q => "runs $w3", exact => 1), [],
              'the same title in a Dutch record is stemmed as Dutch: q=runs does not find it');
}

# ---- words one by one, and the search box's syntax --------------------------------
{
    my ($w, $wa, $wb) = (word(), word(), word());
    my $simplify = make_record(language => 'nl', title => "Breuken vereenvoudigen $w $wa");
    my $line = make_record(language => 'nl', title => "Breuken op de getallenlijn $w");
    my $en = make_record(language => 'en', title => "Simplifying fractions $wb");
    is_deeply([ sort { $a <=> $b } @{ ids_for(q => "breuk $w") } ], [ $simplify, $line ],
              'plain words: each word in one of its forms (breuk finds breuken)');
    is_deeply(ids_for(q => "de getallenlijn $w"), [$line],
              'a stop word ("de") is not required of a record');
    is_deeply(ids_for(q => "breuken -getallenlijn $w", exact => 1), [$simplify],
              '-word leaves the records with that word out');
    is_deeply(ids_for(q => qq{"breuken vereenvoudigen" $w}, exact => 1), [$simplify],
              'a quoted phrase is matched as a phrase');
    is_deeply([ sort { $a <=> $b } @{ ids_for(q => "$wa or $wb", exact => 1) } ],
              [ $simplify, $en ], '"or" between two words finds either');
}

# ---- title weighted above description ----------------------------------------
{
    my $w = word();
    # The description record is created last (newer), so "newest first"
    # would put it on top: only the ranking puts the title record first.
    my $in_title = make_record(title => "Werkblad $w", description => 'Oefeningen voor de klas.',
                               published_at => '2020-01-01 10:00:00+00');
    my $in_descr = make_record(title => 'Werkblad voor de klas',
                               description => "Oefeningen met $w voor de klas.");
    is_deeply(ids_for(q => $w, sort => 'relevance'), [ $in_title, $in_descr ],
              'sort=relevance: the word in the title ranks above the word in the description');
    is_deeply(ids_for(q => $w), [ $in_title, $in_descr ],
              'with q, relevance is the default sort');
}

# ---- 10 per page, total count, pager -------------------------------------------
my $many = word();
my @many = map { make_record(title => "Breuken oefenen $many deel $_") } 1 .. 25;
{
    my $p1 = search(q => $many);
    t_is($p1->code, 200, 'a search answers 200');
    my @ids1 = card_ids($p1);
    t_is(scalar @ids1, 10, 'exactly 10 results on page 1');
    t_is(result_count($p1), 25, 'the total count (class result-count) is 25');
    my @next = grep { /[?&]page=2(?:&|$)/ } pager_links($p1);
    ok(@next && $next[0] =~ m{^/records\?} && $next[0] =~ /[?&]q=\Q$many\E(?:&|$)/,
       'the pager links to page 2 with q kept') or diag("pager links: @{[pager_links($p1)]}");
    my @ids2 = card_ids(search(q => $many, page => 2));
    my @ids3 = card_ids(search(q => $many, page => 3));
    t_is(scalar @ids2, 10, '10 on page 2');
    t_is(scalar @ids3, 5, 'the remaining 5 on page 3');
    is_deeply([ sort { $a <=> $b } @ids1, @ids2, @ids3 ], [ sort { $a <=> $b } @many ],
              'the three pages hold exactly the 25 matching records, each once');
}

# ---- did you mean --------------------------------------------------------------
{
    my $right = word('fotosynthese');               # e.g. fotosynthesebcd…q
    (my $typo = $right) =~ s/^fotosynthese/fotosyntese/;
    my $rid = make_record(title => "Bladgroen en $right");

    # exact=1: the words as typed; without it the correction's results
    # answer at once (t/search/typos.t).
    my $res = search(q => $typo, exact => 1);
    t_is($res->code, 200, 'a misspelt query answers 200');
    is_deeply([ card_ids($res) ], [], '... finds nothing directly');
    my ($text, $hrefs) = did_you_mean($res);
    ok(defined $text, '... and shows a did-you-mean paragraph (class did-you-mean)');
    my @to = grep { m{^/records\?q=\Q$right\E(?:&|$)} } @{ $hrefs // [] };
    ok(scalar @to, '... linking to /records?q=<the right title word>')
        or diag('did-you-mean links: ' . join(' ', @{ $hrefs // [] }));
    is_deeply([ card_ids($visitor->get($to[0] // search_url(q => $right))) ], [$rid],
              'following the suggestion finds the record');

    my $json = decode_json_res($visitor->get(search_url(q => $typo, exact => 1, format => 'json')));
    t_is(ref $json eq 'HASH' ? $json->{suggestion} // 'null' : 'no JSON', $right,
         'JSON: "suggestion" is the right word');
    my $two = decode_json_res($visitor->get(search_url(q => "bladgroen $typo", exact => 1, format => 'json')));
    t_is(ref $two eq 'HASH' ? $two->{suggestion} // 'null' : 'no JSON', "bladgroen $right",
         'a known word is kept, only the unknown word is replaced');
}

# ---- nothing at all ---------------------------------------------------------------
{
    my $none = 'vwjvwjkvwjv';
    my $res = search(q => $none);
    t_is($res->code, 200, 'a query that matches nothing answers 200');
    t_is(scalar(() = card_ids($res)), 0, '... with no results');
    ok(index(page_text($res), $none) >= 0,
       '... and a message that names the query (outside the search box)');

    my $filtered = search(q => $none, kind => 'video');
    t_is($filtered->code, 200, 'nothing found with a filter: 200');
    my @hrefs = map { html_unescape($_) } $filtered->content =~ m{<a\b[^>]*\bhref="([^"]*)"}g;
    ok(scalar(grep { m{^/records(?:\?q=\Q$none\E)?$} } @hrefs),
       '... with a link that removes the filters (/records?q=<q>)')
        or diag('links: ' . join(' ', grep { m{^/records} } @hrefs));
}

# ---- the query is escaped ------------------------------------------------------------
{
    my $res = search(q => '<script>alert(1)</script>');
    t_is($res->code, 200, 'q with HTML answers 200');
    my $c = $res->content;
    ok($c !~ /<script>alert\(1\)/ && $c =~ /&lt;script&gt;alert\(1\)&lt;\/script&gt;/,
       '... and is shown escaped, never as markup');
}

# ---- JSON-LD -----------------------------------------------------------------------------
{
    my $res = search(q => $many);
    my @cards = card_ids($res);
    my @lists = grep { ref $_ eq 'HASH' && _is_type($_, 'ItemList') }
                map { my $b = $_; eval { JSON::PP->new->decode($b) } } jsonld_blocks($res);
    t_is(scalar @lists, 1, 'one JSON-LD block (application/ld+json) holds an ItemList, valid JSON');
    my @items = map { ref $_ eq 'HASH' && exists $_->{item} ? $_->{item} : $_ }
                @{ $lists[0]{itemListElement} // [] };
    t_is(scalar @items, 10, '... with the 10 results of the page');
    t_is(scalar(grep { ref $_ eq 'HASH' && _is_type($_, 'LearningResource') } @items), 10,
         '... each a schema.org LearningResource');
    my @urls = map { ref $_ eq 'HASH' && ($_->{url} // '') =~ m{/records/(\d+)$} ? $1 : 0 } @items;
    is_deeply(\@urls, \@cards, '... whose urls are the results, in page order');
    my $first = $items[0] // {};
    ok(($first->{name} // '') =~ /^Breuken oefenen \Q$many\E deel \d+$/,
       '... with the title as name');
    ok(defined $first->{description} && defined $first->{learningResourceType}
       && defined $first->{educationalLevel},
       '... description, learningResourceType and educationalLevel');
    t_is($first->{inLanguage} // '', 'nl', '... inLanguage');
    t_is($first->{license} // '', 'https://creativecommons.org/licenses/by/4.0/',
         '... license as the licence URL');
    my $author = ref $first->{author} eq 'HASH' ? $first->{author} : {};
    ok(_is_type($author, 'Person') && ($author->{name} // '') eq 'Test Leraar',
       '... author a Person with the name');
}

# A title that tries to end the JSON-LD script block.
{
    my $w = word();
    my $title = "</script><script>alert(1)</script> $w";
    make_record(title => $title);
    my $res = search(q => $w);
    ok($res->content !~ m{</script><script>alert}i,
       'a title with </script> cannot break out of the JSON-LD block');
    my ($list) = grep { ref $_ eq 'HASH' && _is_type($_, 'ItemList') }
                 map { my $b = $_; eval { JSON::PP->new->decode($b) } } jsonld_blocks($res);
    my ($item) = map { ref $_ eq 'HASH' && exists $_->{item} ? $_->{item} : $_ }
                 @{ ($list // {})->{itemListElement} // [] };
    t_is(ref $item eq 'HASH' ? $item->{name} // '' : '', $title,
         '... and the JSON-LD still decodes to the exact title');
}

sub _is_type {
    my ($obj, $type) = @_;
    my $t = $obj->{'@type'} // '';
    return ref $t eq 'ARRAY' ? scalar(grep { $_ eq $type } @$t) : $t eq $type;
}
