# The JSON answers (spec/records.md): /records?format=json and
# Accept: application/json mirror the HTML page; the record detail as JSON
# has the same gating and cost as the HTML page.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record);
use KC::Account ();
use KC::Search qw(word search_url card_ids result_count facets decode_json_res
                  set_subjects set_levels set_rating set_balance balance_of unlock_count);

plan tests => 26, need_lwp;

my $visitor = KC::Account->new;
my $J = word();
my @kinds = (('video') x 5, ('document') x 4, ('exercise') x 3, 'image');
my @ids = map {
    my $id = make_record(title => "Tafels oefenen $J nummer $_", kind => $kinds[$_ - 1],
                         language => $_ % 4 ? 'nl' : 'en', licence => $_ % 3 ? 'by' : 'cc0',
                         published_at => sprintf('2022-03-%02d 08:00:00+00', $_));
    set_subjects($id, $_ % 2 ? 'wiskunde' : 'nederlands');
    set_levels($id, 'lager');
    $id;
} 1 .. 13;
set_rating($ids[0], 9, 2);       # 4.5; the others unrated

my $html = $visitor->get(search_url(q => $J));
my @html_ids = card_ids($html);
my %html_facets = map { ("$_->{facet}:$_->{value}" => $_->{count}) }
                  grep { ($_->{count} // 0) > 0 } facets($html);

# The given keys of a decoded JSON object (other keys may exist).
sub json_fields {
    my ($data, @keys) = @_;
    return 'not a JSON object' unless ref $data eq 'HASH';
    return { map { $_ => $data->{$_} } @keys };
}

sub json_view {
    my ($data) = @_;
    return {} unless ref $data eq 'HASH';
    my %f;
    for my $facet (keys %{ ref $data->{facets} eq 'HASH' ? $data->{facets} : {} }) {
        for my $v (@{ ref $data->{facets}{$facet} eq 'ARRAY' ? $data->{facets}{$facet} : [] }) {
            next unless ref $v eq 'HASH' && defined $v->{value} && ($v->{count} // '') =~ /^\d+$/;
            $f{"$facet:$v->{value}"} = 0 + $v->{count} if $v->{count} > 0;
        }
    }
    return { ids    => [ map { ref $_ eq 'HASH' && ($_->{id} // '') =~ /^\d+$/ ? 0 + $_->{id} : 'bad id' }
                         @{ ref $data->{records} eq 'ARRAY' ? $data->{records} : [] } ],
             total  => $data->{total},
             facets => \%f };
}

# ---- list: format=json and Accept -------------------------------------------------------
my $res = $visitor->get(search_url(q => $J, format => 'json'));
t_is($res->code, 200, 'format=json answers 200');
t_is($res->header('Content-Type') // '', qr{^application/json;\s*charset=utf-8$}i,
     '... as application/json; charset=utf-8');
my $data = decode_json_res($res);
my $view = json_view($data);
is_deeply($view->{ids}, \@html_ids, '... the same records in the same order as the HTML page');
t_is($view->{total}, result_count($html), '... the same total');
is_deeply($view->{facets}, \%html_facets, '... the same facet counts');

my $acc = $visitor->get(search_url(q => $J), Accept => 'application/json');
is_deeply(json_view(decode_json_res($acc)), $view,
          'Accept: application/json gives the same answer as format=json');

# ---- list: shape --------------------------------------------------------------------------
$data = {} unless ref $data eq 'HASH';
ok(join(',', map { $data->{$_} // 'none' } qw(total page pages per_page)) eq '13,1,2,10'
   && ref $data->{records} eq 'ARRAY' && @{ $data->{records} } == 10,
   'total 13, page 1, pages 2, per_page 10, 10 records');
my @keys = qw(id title kind kind_name excerpt author_name licence licence_name language
              published subjects levels rating rating_count url);
my @recs = grep { ref $_ eq 'HASH' } @{ ref $data->{records} eq 'ARRAY' ? $data->{records} : [] };
my @missing = map { my $r = $_; map { "record " . ($r->{id} // '?') . " lacks $_" } grep { !exists $r->{$_} } @keys } @recs;
ok(@recs == 10 && !@missing, 'every record has the summary fields') or diag(join "\n", @missing[0 .. 4]);
ok(!grep({ ($_->{url} // '') ne '/records/' . ($_->{id} // '') } @recs) && @recs,
   'url is /records/ID');
ok(@recs && !grep({ ($_->{published} // '') !~ /^\d{4}-\d\d-\d\d$/
                    || ref $_->{subjects} ne 'ARRAY' || ref $_->{levels} ne 'ARRAY'
                    || (defined $_->{rating} && $_->{rating} !~ /^\d+(?:\.\d+)?$/)
                    || ($_->{rating_count} // '') !~ /^\d+$/ } @recs),
   'published YYYY-MM-DD, subjects/levels lists, rating number or null, rating_count number');
{
    # The records of both pages (equal relevance: any order).
    my $p2 = decode_json_res($visitor->get(search_url(q => $J, page => 2, format => 'json')));
    my @all = (@recs, grep { ref $_ eq 'HASH' }
                      @{ ref $p2 eq 'HASH' && ref $p2->{records} eq 'ARRAY' ? $p2->{records} : [] });
    my ($first) = grep { ($_->{id} // 0) == $ids[0] } @all;
    my ($other) = grep { ($_->{id} // 0) == $ids[2] } @all;
    $first //= {};
    $other //= {};
    my $got = { map { $_ => $first->{$_} } qw(title kind kind_name licence licence_name language
                                              published author_name rating rating_count subjects levels) };
    $got->{other_rating} = $other->{rating};
    is_deeply($got, { title => "Tafels oefenen $J nummer 1", kind => 'video', kind_name => 'Video',
                      licence => 'by', licence_name => 'CC BY 4.0', language => 'nl',
                      published => '2022-03-01', author_name => 'Test Leraar', rating => 4.5,
                      rating_count => 2, subjects => ['Wiskunde'], levels => ['Lager onderwijs'],
                      other_rating => undef },
              'the values of a record (rating = sum/count, null when unrated)');
}
{
    my $f = ref $data->{facets} eq 'HASH' ? $data->{facets} : {};
    my @bad = grep { ref $f->{$_} ne 'ARRAY'
                     || grep({ ref $_ ne 'HASH' || !defined $_->{value} || !defined $_->{name}
                               || ($_->{count} // '') !~ /^\d+$/ } @{ $f->{$_} }) }
              qw(kind subject level language licence);
    ok(!@bad && (grep { ($_->{value} // '') eq 'video' && ($_->{count} // '') eq '5' } @{ $f->{kind} // [] }),
       'facets: kind, subject, level, language, licence, each a list of {value, name, count}')
        or diag("bad facets: @bad");
}
ok(exists $data->{suggestion} && !defined $data->{suggestion}, 'suggestion is null when there are results');
{
    my $p2 = decode_json_res($visitor->get(search_url(q => $J, page => 2, format => 'json')));
    ok(ref $p2 eq 'HASH' && ($p2->{page} // '') eq '2' && ref $p2->{records} eq 'ARRAY'
       && @{ $p2->{records} } == 3, 'page 2: the other 3 records');
}

# ---- detail ------------------------------------------------------------------------------------
my $long = join ' ', ('Een uitgebreide beschrijving van deze les.') x 20, "Einde $J.";
my $rid = make_record(title => "Detail $J", kind => 'site', description => $long);
db()->do('UPDATE records SET url = ? WHERE id = ?', undef, 'https://example.org/les', $rid);
my $author = db()->selectrow_array('SELECT author_id FROM records WHERE id = ?', undef, $rid);

{
    my $res = $visitor->get("/records/$rid", Accept => 'application/json');
    t_is($res->code, 401, 'a visitor asking JSON for a record gets 401');
    is_deeply(json_fields(decode_json_res($res), qw(error login)),
              { error => 'login_required', login => "/login?next=/records/$rid" },
              '... {"error":"login_required","login":"/login?next=/records/ID"}');
}

my $member = KC::Account->registered;
{
    my $res = $member->read_record($rid, json => 1);
    t_is($res->code, 200, 'a member reads the record as JSON (GET, then POST unlock_url)');
    my $d = decode_json_res($res) // {};
    $d = {} unless ref $d eq 'HASH';
    ok(($d->{cost_paid} // -1) == 10 && ($d->{balance} // -1) == 990,
       '... first read: cost_paid 10, balance 990')
        or diag('cost_paid ' . ($d->{cost_paid} // 'none') . ', balance ' . ($d->{balance} // 'none'));
    my @need = qw(id title kind description url_external details licence_url attribution
                  author_id download cost_paid balance);
    my @lacks = grep { !exists $d->{$_} } @need;
    ok(!@lacks && ($d->{description} // '') eq $long
       && ($d->{url_external} // '') eq 'https://example.org/les'
       && ref $d->{details} eq 'HASH'
       && ($d->{licence_url} // '') eq 'https://creativecommons.org/licenses/by/4.0/'
       && ($d->{author_id} // '') eq $author && !defined $d->{download},
       '... the detail fields: full description, url_external, details, licence_url, author_id, download')
        or diag("missing: @lacks");

    my $again = decode_json_res($member->get("/records/$rid", Accept => 'application/json')) // {};
    ok(ref $again eq 'HASH' && ($again->{cost_paid} // -1) == 0 && ($again->{balance} // -1) == 990,
       'second read: cost_paid 0, balance still 990');
    my $fmt = $member->get("/records/$rid?format=json");
    my $fd = decode_json_res($fmt);
    ok($fmt->code == 200 && ref $fd eq 'HASH' && ($fd->{cost_paid} // -1) == 0,
       '?format=json works on the detail too');
    t_is(unlock_count($member->{id}, $rid), 1, 'one unlock row after three reads');
}

{
    my $poor = KC::Account->registered;
    set_balance($poor->{id}, 3);
    my $res = $poor->get("/records/$rid", Accept => 'application/json');
    t_is($res->code, 403, 'too few points: 403');
    is_deeply(json_fields(decode_json_res($res), qw(error needed balance)),
              { error => 'not_enough_points', needed => 10, balance => 3 },
              '... {"error":"not_enough_points","needed":10,"balance":3}');
    ok(balance_of($poor->{id}) == 3 && unlock_count($poor->{id}) == 0, '... nothing spent, nothing unlocked');
}

t_is($member->get('/records/999999999', Accept => 'application/json')->code, 404,
     'an unknown record as JSON: 404');
