# /admin/analytics (issue 14): searches and pages counted per day without
# who. Searches and reads made through HTTP reach search_stats,
# record_views and profile_views after the child's next write (the suite
# sets KlasCementStatsFlush 1; polled generously), each exactly once; the
# tables have no column that could hold a visitor; the page shows the
# terms, the terms that found nothing, the most-read records and the
# charts (inline SVG with a table of the same numbers); bad parameters are
# 400 naming the field; members and moderators get 403, visitors the
# login page.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record make_member uniq expect_errors);
use KC::Account qw(forget_login_failures make_role_member has_error_field);
use KC::Contribute qw(rand_word);
use KC::Community qw(reader);

plan tests => 29, need_lwp;

forget_login_failures();

# Poll until $code returns a list whose first value is true (at most
# ~40 s on a loaded machine); that list (in scalar context its first value).
sub eventually {
    my ($code) = @_;
    my @v;
    for (1 .. 80) {
        @v = $code->();
        last if $v[0];
        select undef, undef, undef, 0.5;
    }
    return wantarray ? @v : $v[0];
}

sub searches_of {
    my ($q, $f) = @_;
    my ($n, $r) = db()->selectrow_array(
        q{SELECT sum(searches), max(results) FROM search_stats WHERE query = ? AND filters = ?},
        undef, $q, $f // '');
    return ($n // 0, $r);
}

sub views_of {
    my ($table, $col, $id) = @_;
    my ($n) = db()->selectrow_array("SELECT coalesce(sum(views), 0) FROM $table WHERE $col = ?",
                                    undef, $id);
    return $n;
}

# ---- the tables hold no one (3) -------------------------------------------------------------
my %cols;
for my $t (qw(search_stats record_views profile_views)) {
    my $c = db()->selectcol_arrayref(
        q{SELECT column_name FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = ? ORDER BY column_name}, undef, $t);
    $cols{$t} = join ',', @$c;
}
is $cols{search_stats}, 'day,filters,query,results,searches',
   'search_stats: day, query, filters, counts; no member, IP or session column';
is $cols{record_views}, 'day,record_id,views', 'record_views: day, record, count only';
is $cols{profile_views}, 'day,profile_id,views',
   'profile_views: day, the profile shown, count only (not who looked)';

# ---- searches through HTTP (6) --------------------------------------------------------------
# kc_normalise cuts a run of 3+ equal letters to 2: keep the words plain.
sub plain { (my $w = lc $_[0]) =~ s/(.)\1\1+/$1$1/g; return $w }
my $word = plain(rand_word(12));
my $title_word = plain(rand_word(11));
my $rid = make_record(title => "Lesidee $title_word");
my $m = reader($rid);                      # a member: pages are not cached for members
t_is $m->get('/records?q=%C3%89B%C3%89NISTE%20' . uc($word))->code, 200, 'a search that finds nothing: 200';
$m->get("/records?q=%C3%89b%C3%A9niste+$word");
$m->get("/records?q=%C3%89b%C3%A9niste+$word&page=2");    # page 2: not another search
$m->get("/records?q=$title_word&kind=document");
my ($n, $r) = eventually(sub { my @v = searches_of("ebeniste $word"); $v[0] >= 2 ? @v : () });
is $n, 2, 'search_stats: the query in its comparison form, counted twice (page 2 not counted)';
is $r, 0, '... with its result count 0';
($n, $r) = eventually(sub { my @v = searches_of($title_word, 'kind=document'); $v[0] ? @v : () });
ok $n == 1 && $r == 1, 'a search with a filter: its own row (filters kind=document), 1 result'
   or diag("searches $n results $r");
sleep 3;
($n) = searches_of("ebeniste $word");
is $n, 2, 'after more writes the count is still 2 (never written twice)';
my ($raw) = db()->selectrow_array(q{SELECT count(*) FROM search_stats WHERE query LIKE ?},
                                  undef, "%\x{c9}%");
is $raw, 0, 'no raw (unnormalised) query is stored';

# ---- a visitor's search served from the page cache is counted too (2) ------------------------
{
    my $cw = plain(rand_word(12));
    my $crid = make_record(title => "Kaartje $cw");
    # In a row, well within KlasCementPageCache (5 s): most of them are kept
    # copies (t/site/pagecache_search.t), each one a search all the same.
    my @codes = map { Apache::TestRequest::GET("/records?q=$cw")->code } 1 .. 6;
    ok !(grep { $_ != 200 } @codes), 'a visitor searches six times in a row: 200 each time';
    my ($cn, $cr) = eventually(sub { my @v = searches_of($cw); $v[0] >= 6 ? @v : () });
    ok $cn == 6 && $cr == 1, '... six searches counted, with the count of the page kept (1)'
        or diag("searches $cn results $cr");
}

# ---- record and profile pages (4) ------------------------------------------------------------
# The reader's own first read is written first.
my $before = eventually(sub { views_of('record_views', 'record_id', $rid) });
$m->get("/records/$rid") for 1 .. 3;
my $v = eventually(sub { my $x = views_of('record_views', 'record_id', $rid); $x >= $before + 3 ? $x : 0 });
is $v, $before + 3, 'record_views: three more detail pages shown, three more views';
my $profile = make_member(first_name => 'Profiel', surname => 'Bekeken');
$m->get("/members/$profile") for 1 .. 2;
KC::Account->new->get("/members/$profile");      # a visitor's view counts too
$v = eventually(sub { my $x = views_of('profile_views', 'profile_id', $profile); $x >= 3 ? $x : 0 });
is $v, 3, 'profile_views: three profile pages shown (members and visitors alike)';
my ($rows) = db()->selectrow_array(q{SELECT count(*) FROM record_views WHERE record_id = ?},
                                   undef, $rid);
is $rows, 1, 'one row per (day, record), not one per request';
my $visitor = KC::Account->new;
$visitor->get("/records/$rid");                   # a visitor is sent to log in: not a read
sleep 3;
is views_of('record_views', 'record_id', $rid), $before + 3, 'a visitor sent to the login page is not a read';

# ---- the page (9) ---------------------------------------------------------------------------
# A term searched more than in the same days a year before (rows as the
# counters write them).
my $rising = 'stijgend ' . plain(rand_word(9));
db()->do(q{INSERT INTO search_stats (day, query, filters, searches, results)
           VALUES ((now() AT TIME ZONE 'Europe/Brussels')::date, ?, '', 5, 2),
                  ((now() AT TIME ZONE 'Europe/Brussels')::date - 364, ?, '', 1, 2)},
         undef, $rising, $rising);
# Other test files' searches compete for the top of the list: the term
# counted through HTTP above is made the week's most searched one.
db()->do(q{UPDATE search_stats SET searches = searches + 100000 WHERE query = ? AND filters = 'kind=document'},
         undef, $title_word);
db()->do(q{UPDATE search_stats SET searches = searches + 100000 WHERE query = ?}, undef, "ebeniste $word");
my $admin = make_role_member('admin');
my $res = $admin->get('/admin/analytics');
t_is $res->code, 200, 'admin: GET /admin/analytics 200';
my $html = $res->decoded_content // '';
like $html, qr{id="table-empty".*data-term="ebeniste \Q$word\E"}s,
     'the term that found nothing is in "terms that found nothing"';
like $html, qr{id="table-terms".*data-term="\Q$title_word\E"}s, 'the filtered search\'s term is a top term';
like $html, qr{id="table-records".*data-record="$rid"}s, 'the record read is among the most-read';
like $html, qr{id="table-profiles".*data-profile="$profile"}s, 'the profile is among the most-viewed';
like $html, qr{id="table-rising".*data-term="\Q$rising\E"}s, 'a term searched more than a year before is rising';
like $html, qr{id="table-gaps".*data-record="$rid"}s,
     'the new record found by a term with few results fills a gap';
like $html, qr{<svg[^>]*role="img".*?<rect class="chart-bar".*?</svg>.*?<table class="data-table chart-table">}s,
     'charts: inline SVG bars with a table of the numbers beside them';
unlike $html, qr{\Q$m->{email}\E}, 'the page names no visitor (the searching member\'s address is absent)';

# ---- parameters and roles (5) -------------------------------------------------------------
$res = $admin->get('/admin/analytics?period=month&until=2026-02-01');
t_is $res->code, 200, 'period=month with a day: 200';
$res = $admin->get('/admin/analytics?period=year');
ok $res->code == 400 && has_error_field($res->decoded_content, 'period'), 'period=year: 400 naming period'
   or diag($res->code);
$res = $admin->get('/admin/analytics?until=2026-02-30');
ok $res->code == 400 && has_error_field($res->decoded_content, 'until'), 'until=2026-02-30: 400 naming until'
   or diag($res->code);
my ($mem403, $mod403) = expect_errors(sub {
    return ($m->get('/admin/analytics')->code, make_role_member('moderator')->get('/admin/analytics')->code);
});
ok $mem403 == 403 && $mod403 == 403, 'a member and a moderator: 403' or diag("$mem403 $mod403");
$res = KC::Account->new->get('/admin/analytics');
ok $res->code == 303 && ($res->header('Location') // '') =~ m{^/login}, 'a visitor: to the login page';
