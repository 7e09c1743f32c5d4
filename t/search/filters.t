# Filters, facet counts, sorts and bookmarkable URLs of /records
# (spec/records.md), and the taxonomy labels of the viewer's country.
#
# Resolutions of the spec used here (the implementation follows them):
# - data-value of a facet link is the code the URL parameter takes
#   (kind/language/licence code, subjects.code, levels.code).
# - The count of facet F's value X is the total of the current search with
#   F=X (replacing the current value of F, every other parameter kept);
#   for the active value that is the current total. The link of a value
#   that is not active points to exactly that search (page dropped).
# - sort=rating orders by rating_sum/rating_count descending, unrated
#   records last.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record);
use KC::Account ();
use KC::Search qw(word qs search_url card_ids card_of result_count facets
                  pager_links decode_json_res set_subjects set_levels set_rating
                  html_unescape strip_tags);

plan tests => 43, need_lwp;

my $visitor = KC::Account->new;
sub fetch { return $visitor->get(search_url(@_)) }
sub sorted { return [ sort { $a <=> $b } @_ ] }

# A record: kind, language, licence, subjects, levels, published day.
sub rec {
    my ($title, %f) = @_;
    my $id = make_record(title => $title, kind => $f{kind}, language => $f{language},
                         licence => $f{licence},
                         published_at => "$f{day} 12:00:00+00");
    set_subjects($id, @{ $f{subjects} });
    set_levels($id, @{ $f{levels} });
    return $id;
}

my $T = word();
my %r;
$r{1} = rec("Kommagetallen $T een", kind => 'video', subjects => ['wiskunde'], levels => ['lager'],
            language => 'nl', licence => 'by', day => '2021-01-03');
$r{2} = rec("Forces and motion $T two", kind => 'video', subjects => ['fysica'], levels => ['secundair-1'],
            language => 'en', licence => 'cc0', day => '2021-01-02');
$r{3} = rec("Snelheid berekenen $T drie", kind => 'video', subjects => ['wiskunde', 'fysica'],
            levels => ['lager'], language => 'nl', licence => 'by-sa', day => '2021-01-01');
$r{4} = rec("De Franse Revolutie $T vier", kind => 'document', subjects => ['geschiedenis'],
            levels => ['secundair-1'], language => 'nl', licence => 'by', day => '2021-01-05');
$r{5} = rec("Algebra basics $T five", kind => 'document', subjects => ['wiskunde'],
            levels => ['secundair-2'], language => 'en', licence => 'cc0', day => '2021-01-04');
$r{6} = rec("La Renaissance $T six", kind => 'image', subjects => ['geschiedenis'], levels => ['lager'],
            language => 'fr', licence => 'by', day => '2021-01-06');

# ---- each filter alone, over everything published --------------------------------
my %column = (kind => 'kind', language => 'language', licence => 'licence');
sub matches {
    my ($rid, $facet, $value) = @_;
    if ($column{$facet}) {
        return scalar db()->selectrow_array(
            "SELECT count(*) FROM records WHERE id = ? AND $column{$facet} = ?", undef, $rid, $value);
    }
    my ($link, $tab, $col) = $facet eq 'subject' ? ('record_subjects', 'subjects', 'subject_id')
                                                 : ('record_levels', 'levels', 'level_id');
    return scalar db()->selectrow_array(
        "SELECT count(*) FROM $link x JOIN $tab t ON t.id = x.$col WHERE x.record_id = ? AND t.code = ?",
        undef, $rid, $value);
}
sub db_total {
    my ($facet, $value) = @_;
    if ($column{$facet}) {
        return scalar db()->selectrow_array(
            "SELECT count(*) FROM records WHERE state = 'published' AND $column{$facet} = ?",
            undef, $value);
    }
    my ($link, $tab, $col) = $facet eq 'subject' ? ('record_subjects', 'subjects', 'subject_id')
                                                 : ('record_levels', 'levels', 'level_id');
    return scalar db()->selectrow_array(
        "SELECT count(DISTINCT r.id) FROM records r JOIN $link x ON x.record_id = r.id
           JOIN $tab t ON t.id = x.$col WHERE r.state = 'published' AND t.code = ?",
        undef, $value);
}

for my $f ([kind => 'video'], [subject => 'fysica'], [level => 'secundair-1'],
           [language => 'en'], [licence => 'cc0']) {
    my ($facet, $value) = @$f;
    my $res = fetch($facet => $value);
    my @ids = card_ids($res);
    my @bad = grep { !matches($_, $facet, $value) } @ids;
    ok($res->code == 200 && @ids && !@bad, "$facet=$value alone: only matching records listed")
        or diag('status ' . $res->code . "; not matching: @bad");
    t_is(result_count($res), db_total($facet, $value), "$facet=$value: the total is every such record");
}

# ---- each filter with q: exactly the expected records -----------------------------
my %alone = (kind => ['video', 1, 2, 3], subject => ['wiskunde', 1, 3, 5],
             level => ['lager', 1, 3, 6], language => ['en', 2, 5], licence => ['by', 1, 4, 6]);
for my $facet (qw(kind subject level language licence)) {
    my ($value, @n) = @{ $alone{$facet} };
    is_deeply(sorted(card_ids(fetch(q => $T, $facet => $value))), sorted(@r{@n}),
              "q + $facet=$value: exactly the matching records");
}

# ---- facet counts ---------------------------------------------------------------------
# Counts of the facet values this file's records use (others must be absent
# or 0), and a check that every facet link tells the truth.
my @keys = qw(kind:video kind:document kind:image subject:wiskunde subject:fysica
              subject:geschiedenis level:lager level:secundair-1 level:secundair-2
              language:nl language:en language:fr licence:by licence:cc0 licence:by-sa);

sub counts_of {
    my ($res) = @_;
    my %c;
    for my $f (facets($res)) {
        next unless defined $f->{facet} && defined $f->{value};
        $c{"$f->{facet}:$f->{value}"} = $f->{count};
    }
    return { map { $_ => $c{$_} // 0 } @keys };
}

# Every facet link's count equals the total of the search with that facet
# set to that value (other parameters kept); returns the mismatches.
sub facet_lies {
    my ($res, %params) = @_;
    my @lies;
    for my $f (facets($res)) {
        unless (defined $f->{facet} && defined $f->{value}) {
            push @lies, 'a facet link without data-facet/data-value';
            next;
        }
        my %p = (%params, $f->{facet} => $f->{value});
        my $n = result_count(fetch(map { ($_ => $p{$_}) } sort keys %p));
        push @lies, "$f->{facet}=$f->{value} shows " . ($f->{count} // 'no count') . ", gives " . ($n // 'no count')
            unless defined $f->{count} && defined $n && $f->{count} == $n;
    }
    return @lies;
}

{
    my $res = fetch(q => $T);
    is_deeply(counts_of($res),
              { 'kind:video' => 3, 'kind:document' => 2, 'kind:image' => 1,
                'subject:wiskunde' => 3, 'subject:fysica' => 2, 'subject:geschiedenis' => 2,
                'level:lager' => 3, 'level:secundair-1' => 2, 'level:secundair-2' => 1,
                'language:nl' => 3, 'language:en' => 2, 'language:fr' => 1,
                'licence:by' => 3, 'licence:cc0' => 2, 'licence:by-sa' => 1 },
              'facet counts of q alone');
    my @lies = facet_lies($res, q => $T);
    ok(!@lies, 'each facet count equals the total that search reports') or diag(join "\n", @lies);
    my @bad_href;
    for my $f (grep { !$_->{current} } facets($res)) {
        my $h = $f->{href} // '';
        push(@bad_href, 'no data-facet/data-value'), next
            unless defined $f->{facet} && defined $f->{value};
        push @bad_href, $h unless $h =~ m{^/records\?} && $h =~ /[?&]q=\Q$T\E(?:&|$)/
                                  && $h =~ /[?&]\Q$f->{facet}\E=\Q$f->{value}\E(?:&|$)/;
    }
    ok(!@bad_href && facets($res), 'facet links keep q and set their value')
        or diag("bad facet links: @bad_href");
}

{
    my $res = fetch(q => $T, kind => 'video');
    my @active = grep { $_->{current} } facets($res);
    ok(@active == 1 && ($active[0]{facet} // '') eq 'kind' && ($active[0]{value} // '') eq 'video',
       'the active value has aria-current="true"')
        or diag('active: ' . join(' ', map { "$_->{facet}=$_->{value}" } @active));
    is_deeply(counts_of($res),
              { 'kind:video' => 3, 'kind:document' => 2, 'kind:image' => 1,
                'subject:wiskunde' => 2, 'subject:fysica' => 2, 'subject:geschiedenis' => 0,
                'level:lager' => 2, 'level:secundair-1' => 1, 'level:secundair-2' => 0,
                'language:nl' => 2, 'language:en' => 1, 'language:fr' => 0,
                'licence:by' => 1, 'licence:cc0' => 1, 'licence:by-sa' => 1 },
              'with kind=video: kind counts as if kind were each value, the others within videos');
    my @lies = facet_lies($res, q => $T, kind => 'video');
    ok(!@lies, '... and every count equals the total its search reports') or diag(join "\n", @lies);
}

# ---- combined filters ------------------------------------------------------------------
is_deeply(sorted(card_ids(fetch(q => $T, kind => 'video', subject => 'wiskunde'))),
          sorted(@r{1, 3}), 'q + kind + subject');
is_deeply(sorted(card_ids(fetch(q => $T, kind => 'video', level => 'lager', language => 'nl',
                                licence => 'by-sa', subject => 'fysica'))),
          [ $r{3} ], 'all five filters together');
{
    my %all = (kind => 'document', subject => 'geschiedenis', level => 'secundair-1',
               language => 'nl', licence => 'by');
    my @ids = card_ids(fetch(%all));
    my @bad = grep { my $id = $_; grep { !matches($id, $_, $all{$_}) } keys %all } @ids;
    ok((grep { $_ == $r{4} } @ids) && !@bad, 'five filters without q: matching records only')
        or diag("ids @ids; not matching: @bad");
}

# ---- unknown values -> 400 naming the parameter ---------------------------------------
for my $bad ([kind => 'xyz'], [subject => 'nope'], [level => 'nope'], [language => 'xx'],
             [licence => 'nope'], [sort => 'foo']) {
    my ($p, $v) = @$bad;
    my $res = fetch(q => $T, $p => $v);
    ok($res->code == 400 && $res->content =~ /\b\Q$p\E\b/, "$p=$v -> 400 naming $p")
        or diag('status ' . $res->code);
}
t_is(fetch(kind => 'xyz', format => 'json')->code, 400, 'the same with format=json');
# A search with words checks its filters in its own statement: the first
# unknown one (in the order kind, subject, level, language, licence) is named.
{
    my $res = fetch(q => $T, level => 'nope', licence => 'nope', format => 'json');
    my $body = $res->content;
    ok($res->code == 400 && $body =~ /"level"/ && $body !~ /"licence"/,
       'level and licence unknown: 400 naming level')
        or diag('status ' . $res->code . ": $body");
}

# ---- sorts --------------------------------------------------------------------------------
is_deeply([ card_ids(fetch(q => $T, sort => 'newest')) ], [ @r{6, 4, 5, 1, 2, 3} ],
          'sort=newest: published_at descending');

set_rating($r{1}, 9, 2);    # 4.5
set_rating($r{2}, 12, 4);   # 3.0 (the biggest sum: sorting by sum would put it first)
set_rating($r{4}, 10, 2);   # 5.0
set_rating($r{5}, 2, 2);    # 1.0
{
    my @ids = card_ids(fetch(q => $T, sort => 'rating'));
    ok(join(',', @ids[0 .. 3]) eq join(',', @r{4, 1, 2, 5})
       && join(',', sort { $a <=> $b } grep { defined } @ids[4, 5]) eq join(',', sort { $a <=> $b } @r{3, 6}),
       'sort=rating: average rating descending, unrated last')
        or diag("got @ids; want @r{4, 1, 2, 5} then {@r{3, 6}}");
}
{
    my $w = word();
    my $in_descr = make_record(title => 'Filmpje over de maan', kind => 'video',
                               description => "Een filmpje $w over de maan.");
    my $in_title = make_record(title => "Maanfases $w", kind => 'video',
                               published_at => '2019-05-05 10:00:00+00');
    is_deeply([ card_ids(fetch(q => $w, kind => 'video', sort => 'relevance')) ],
              [ $in_title, $in_descr ], 'sort=relevance with q and a filter: best match first');
}

# ---- bookmarkable: the pager keeps every parameter ------------------------------------
{
    my $B = word();
    my @ids = map {
        my $id = make_record(title => "Meetkunde $B nummer $_", kind => 'exercise');
        set_subjects($id, 'wiskunde');
        $id;
    } 1 .. 12;
    my %params = (q => $B, kind => 'exercise', subject => 'wiskunde', sort => 'newest');
    my $p1 = fetch(%params);
    my @on1 = card_ids($p1);
    ok(@on1 == 10 && result_count($p1) == 12, '12 matches: 10 on page 1, total 12')
        or diag(scalar(@on1) . ' cards, count ' . (result_count($p1) // 'none'));
    my ($next) = grep { /[?&]page=2(?:&|$)/ } pager_links($p1);
    $next //= '';
    ok($next =~ m{^/records\?} && !grep({ $next !~ /[?&]\Q$_\E=\Q$params{$_}\E(?:&|$)/ } keys %params),
       'the link to page 2 keeps q, the filters and the sort') or diag("page 2 link: $next");
    my @on2 = card_ids($visitor->get($next || search_url(%params, page => 2)));
    is_deeply(sorted(@on1, @on2), sorted(@ids), 'page 2 holds the other 2');
}

# ---- taxonomy labels of the viewer's country ---------------------------------------------
{
    my $L = word();
    my $rid = make_record(title => "Krachten en beweging $L");
    set_subjects($rid, 'fysica');
    set_levels($rid, 'lager');
    my %want = (BE => [ 'Lager onderwijs', 'Fysica' ],
                NL => [ 'Basisonderwijs groep 3-8', 'Natuurkunde' ]);
    my $labels = sub {      # (visible text of the record's card) -> 'BE', 'NL' or what
        my ($card) = @_;
        my $t = html_unescape(strip_tags($card));
        my $be = ($t =~ /\QLager onderwijs\E/ && $t =~ /\bFysica\b/);
        my $nl = ($t =~ /\QBasisonderwijs groep 3-8\E/ && $t =~ /\bNatuurkunde\b/
                  && $t !~ /\QLager onderwijs\E/);
        return $be && !$nl ? 'BE' : $nl && !$be ? 'NL' : 'neither/both';
    };
    my $nl_member = KC::Account->registered(country => 'NL');
    my $be_member = KC::Account->registered(country => 'BE');
    my %page = (
        visitor    => $visitor->get(search_url(q => $L, level => 'lager')),
        nl_member  => $nl_member->get(search_url(q => $L, level => 'lager')),
        be_member  => $be_member->get(search_url(q => $L, level => 'lager')),
        country_nl => $visitor->get(search_url(q => $L, level => 'lager', country => 'nl')),
    );
    t_is($labels->(card_of($page{visitor}, $rid)), 'BE', 'a visitor sees the Flemish names');
    t_is($labels->(card_of($page{nl_member}, $rid)), 'NL',
         'a member from the Netherlands sees the Dutch system\'s names');
    t_is($labels->(card_of($page{be_member}, $rid)), 'BE', 'a member from Flanders sees the Flemish names');
    t_is($labels->(card_of($page{country_nl}, $rid)), 'NL', 'a visitor with ?country=nl sees the NL names');
    ok(join(',', card_ids($page{visitor})) eq "$rid"
       && !grep({ join(',', card_ids($page{$_})) ne "$rid" } keys %page),
       'the same records match for every viewer (level=lager is the same code)');
}
