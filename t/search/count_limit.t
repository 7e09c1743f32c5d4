# KlasCementSearchCountLimit (issue 15): a search with words reads at most
# N + 1 matches in one pass. Up to N the count, page and facets are exact;
# with more the page says "meer dan N" / "more than N", pages reach as far
# as the first N, the last of them says to refine, a page beyond is past the
# end, facet values show without numbers, and JSON says total_capped. With a
# filter in use every match is counted again (a common word's first N + 1
# candidates could hide the ones that pass the filter). The vhost kc_tuned
# (t/conf/extra.conf.in) sets the limit to 10; the main server keeps 1000.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use KC::Test qw(t_is make_record);
use KC::Account ();
use KC::Search qw(word search_url card_ids result_count pager_links facets
                  page_text decode_json_res);

plan tests => 21, need_lwp;

my $visitor = KC::Account->new;
sub search_on {
    my ($module, @q) = @_;
    Apache::TestRequest::module($module);
    my $res = $visitor->get(search_url(@q));
    Apache::TestRequest::module('default');
    return $res;
}
sub tuned { return search_on('kc_tuned', @_) }

# 14 records with one word; 3 of them videos, the last made one first.
my $w = word();
my @ids = map { make_record(title => "Rekenkaart $_ $w",
                            kind => $_ <= 3 ? 'video' : 'document') } 1 .. 14;
# 10 records with another word: exactly the limit.
my $w10 = word();
my @ten = map { make_record(title => "Taalkaart $_ $w10") } 1 .. 10;

# ---- up to the limit: exact (3) ------------------------------------------------------------
{
    my $res = tuned(q => $w10);
    t_is(result_count($res->decoded_content), 10, '10 matches with limit 10: counted exactly');
    unlike(page_text($res->decoded_content), qr/meer dan/i, '... no "meer dan"');
    my @f = grep { defined $_->{count} } facets($res->decoded_content);
    ok(@f > 0, '... facet values with their counts');
}

# ---- more than the limit (9) ----------------------------------------------------------------
{
    my $res = tuned(q => $w);
    t_is($res->code, 200, 'limit 10, 14 matches: 200');
    my $html = $res->decoded_content;
    t_is(page_text($html), qr/Meer dan 10 leermiddelen/, '... "Meer dan 10 leermiddelen gevonden"');
    t_is(page_text($html), qr/van meer dan 10/, '... the range says "van meer dan 10"');
    t_is(scalar(my @c = card_ids($html)), 10, '... a full first page');
    my @f = facets($html);
    ok(@f > 0 && !grep({ defined $_->{count} } @f), '... facet values without numbers');
    ok(!grep({ /page=2/ } pager_links($html)),
       '... no next page: the first 10 fill page 1, the last page known');
    ok($html =~ /capped-end/ && page_text($html) =~ /preciezer/,
       '... which says to make the search more precise');

    my $p2 = tuned(q => $w, page => 2)->decoded_content;
    ok(!card_ids($p2) && page_text($p2) =~ /voorbij het einde/,
       'page 2: past the end of what is known, no records');
    my $sorted = tuned(q => $w, sort => 'newest')->decoded_content;
    t_is(scalar(my @s = card_ids($sorted)), 10, 'sorted by newest: a full page too');
}

# ---- the same search on the main server (limit 1000): exact (2) ---------------------------
{
    my $res = search_on('default', q => $w);
    t_is(result_count($res->decoded_content), 14, 'limit 1000: 14, exactly');
    unlike(page_text($res->decoded_content), qr/meer dan/i, '... no "meer dan"');
}

# ---- JSON (3) -------------------------------------------------------------------------------
{
    my $j = decode_json_res(tuned(q => $w, format => 'json'));
    ok($j->{total_capped}, 'JSON: total_capped');
    t_is($j->{total}, 10, '... total is the limit');
    t_is($j->{pages}, 1, '... pages as far as the first 10 reach');
}

# ---- a filter in use: every match counted (3) -----------------------------------------------
{
    my $res = tuned(q => $w, kind => 'video');
    my $html = $res->decoded_content;
    t_is(result_count($html), 3, 'with kind=video: the 3 videos, counted exactly');
    is_deeply([sort { $a <=> $b } card_ids($html)], [@ids[0 .. 2]], '... all three shown');
    my ($doc) = grep { ($_->{value} // '') eq 'document' } facets($html);
    t_is($doc && $doc->{count}, 11, '... the kind facet counts the 11 documents too');
}

# ---- English (1) ---------------------------------------------------------------------------
{
    Apache::TestRequest::module('kc_tuned');
    my $res = $visitor->get(search_url(q => $w), 'Accept-Language' => 'en');
    Apache::TestRequest::module('default');
    t_is(page_text($res->decoded_content), qr/More than 10 resources found/,
         'in English: "More than 10 resources found"');
}
