# The in-memory search index (KlasCementSearchIndex, issue 15): every
# search with words the index answers gives exactly what PostgreSQL's text
# index gives (page, order, total, facets, suggestion), and no search ever
# shows a record's old state: a change made with psql is seen by the very
# next search (the database answers while the index catches up), and the
# index itself follows within seconds. Which engine answered is in the
# Server-Timing header ("search;desc=index" or "desc=database").
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use LWP::UserAgent ();
use Time::HiRes qw(sleep time);
use KC::Test qw(db make_record);
use KC::Account ();
use KC::DemoSite ();
use KC::Node ();
use KC::Search qw(word search_url card_ids result_count decode_json_res set_rating facets);

plan tests => 29, need_lwp;

my $ua = LWP::UserAgent->new(timeout => 30, keep_alive => 1);
sub engine { return ((shift->header('Server-Timing') // '') =~ /search;desc=(\w+)/)[0] // 'none' }

# ---- the same answers as PostgreSQL, on the demo data ------------------------
my $with = KC::DemoSite::start();
my $dir = "$ENV{KC_TMP}/search-index-off-$$";
my $without = KC::Node->start(dir => $dir,
                              site_conf => "$ENV{KC_TMP}/demo-node-$$/klascement.conf",
                              after => "KlasCementSearchIndex off\nKlasCementJobs off\n");
$without->up(20) or die "the node without an index does not answer";

# Wait for the demo node's index (each poll a new URL: pages are cached).
my $ready = 0;
for my $i (1 .. 100) {
    my $res = $ua->get("$with/records?q=" . join('+', ('breuken') x $i));
    if (engine($res) eq 'index') { $ready = 1; last }
    sleep 0.2;
}
ok $ready, 'the demo node answers from its index once it is built';

my @queries;
open my $tsv, '<', "$ENV{KC_SRCDIR}/t/fixtures/judged-queries.tsv" or die $!;
while (<$tsv>) {
    next if /^#/ || !/\S/;
    push @queries, (split /\t/)[0];
}
close $tsv;
push @queries, 'les', 'oefeningen les', 'spel -wiskunde', 'spel or quiz', 'de het',
               'breukn', 'tafels tot 10', 'WO II', '"tweede wereldoorlog"';
ok @queries >= 40, scalar(@queries) . ' queries from the judged set and more';

my @variants = ('', '&sort=rating', '&sort=newest', '&page=2', '&level=lager',
                '&kind=document', '&language=en', '&subject=wiskunde&sort=rating',
                '&licence=by&level=secundair-1');
my (%by, @differ);
for my $q (@queries) {
    (my $e = $q) =~ s/([^A-Za-z0-9])/sprintf '%%%02X', ord $1/ge;
    for my $v (@variants) {
        my $path = "/records?format=json&q=$e$v";
        my $a = $ua->get("$with$path");
        my $b = $ua->get("$without->{base}$path");
        $by{engine($a)}++;
        $by{"off:" . engine($b)}++;
        my ($da, $db) = (decode_json_res($a), decode_json_res($b));
        my $same = $a->code == $b->code && $da && $db
            && JSON::PP->new->canonical->encode($da) eq JSON::PP->new->canonical->encode($db);
        unless ($same) {
            push @differ, "$q$v";
            diag("$q$v:\n  index: " . substr($a->decoded_content, 0, 600)
                 . "\n  database: " . substr($b->decoded_content, 0, 600)) if @differ <= 3;
        }
    }
}
is_deeply \@differ, [], scalar(@queries) * @variants
    . ' searches: the same JSON with and without the index';
diag(join ', ', map { "$_: $by{$_}" } sort keys %by);
ok(($by{index} // 0) > 0.9 * @queries * @variants,
   'the index answered more than 9 in 10 of them');
is $by{'off:index'} // 0, 0, 'with KlasCementSearchIndex off the database answers every search';
my $phrase = $ua->get("$with/records?q=%22tweede+wereldoorlog%22&sort=newest");
is engine($phrase), 'database', 'a phrase is answered by the database';
ok result_count($phrase->decoded_content) > 0, '... and finds what it finds';
$without->stop;
KC::DemoSite::stop();

# ---- never behind: changes made with psql, on the suite's own node -----------
my $visitor = KC::Account->new;
my $n = 0;
# A search for the words, each time by another URL (pages are cached):
# trailing spaces, which the search ignores.
sub find {
    my ($words, $more) = @_;
    my $res = $visitor->get(search_url(q => $words . (' ' x ++$n), ($more ? %$more : ())));
    return ($res, [ card_ids($res->decoded_content) ]);
}
# The search again until the index answers it (at most 10 s).
sub by_index {
    my ($words, $more) = @_;
    for (1 .. 50) {
        my ($res, $ids) = find($words, $more);
        return ($res, $ids) if engine($res) eq 'index';
        sleep 0.2;
    }
    return find($words, $more);
}

my $w = word();
my ($res, $ids) = by_index(word());
is engine($res), 'index', 'the suite\'s node answers from its index';

my $id = make_record(title => "Zoekindex $w eerste versie");
($res, $ids) = find($w);
is_deeply $ids, [$id], 'a record published with psql is found by the very next search';
($res, $ids) = by_index($w);
is engine($res), 'index', '... the index catches up';
is_deeply $ids, [$id], '... and finds it too';

db()->do(q{UPDATE records SET state = 'taken_down' WHERE id = ?}, undef, $id);
($res, $ids) = find($w);
is_deeply $ids, [], 'taken down with psql: gone from the very next search';
($res, $ids) = by_index($w);
is engine($res), 'index', '... the index catches up';
is_deeply $ids, [], '... and does not find it either';

my $w2 = word();
db()->do(q{UPDATE records SET state = 'published', title = ? WHERE id = ?}, undef,
         "Zoekindex $w2 tweede versie", $id);
($res, $ids) = find($w2);
is_deeply $ids, [$id], 'republished under a new title: the new word finds it at once';
($res, $ids) = find($w);
is_deeply $ids, [], '... the old word no longer does';
($res, $ids) = by_index($w2);
is_deeply [engine($res), @$ids], ['index', $id], '... nor in the index';
($res, $ids) = by_index($w);
is_deeply [engine($res), @$ids], ['index'], '... (the old word)';

# The order by rating follows a rating at once.
my $w3 = word();
my @r = map { make_record(title => "Beoordeeld $w3 nummer $_",
                          published_at => "2023-01-0$_ 10:00:00+00") } 1 .. 3;
($res, $ids) = by_index($w3, { sort => 'rating' });
is_deeply $ids, [reverse @r], 'unrated: newest first';
set_rating($r[0], 10, 2);
($res, $ids) = find($w3, { sort => 'rating' });
is_deeply $ids, [$r[0], $r[2], $r[1]], 'a rating changes the order at once';
($res, $ids) = by_index($w3, { sort => 'rating' });
is_deeply [engine($res), @$ids], ['index', $r[0], $r[2], $r[1]], '... in the index too';

# A subject moved with psql (the filter and its facet).
db()->do(q{DELETE FROM record_subjects WHERE record_id = ?}, undef, $r[1]);
my ($other) = db()->selectrow_array(
    'SELECT code FROM subjects ORDER BY position OFFSET 1 LIMIT 1');   # not make_record's
db()->do(q{INSERT INTO record_subjects (record_id, subject_id)
           SELECT ?, id FROM subjects WHERE code = ?}, undef, $r[1], $other);
($res, $ids) = find($w3, { subject => $other });
is_deeply $ids, [$r[1]], 'a subject set with psql filters at once';
($res, $ids) = by_index($w3, { subject => $other });
is_deeply [engine($res), @$ids], ['index', $r[1]], '... in the index too';

# A vocabulary renamed with psql: the facet's name at once, and from the
# index once it is built anew.
my $renamed = "Hernoemd $w3";
my ($was) = db()->selectrow_array('SELECT name_be FROM subjects WHERE code = ?', undef, $other);
db()->do(q{UPDATE subjects SET name_be = ? WHERE code = ?}, undef, $renamed, $other);
sub subject_label {
    my ($res) = @_;
    my ($f) = grep { ($_->{facet} // '') eq 'subject' && ($_->{value} // '') eq $other }
              facets($res->decoded_content);
    return $f ? $f->{label} : 'none';
}
($res, $ids) = find($w3);
is subject_label($res), $renamed, 'a subject renamed with psql: its new name at once';
($res, $ids) = by_index($w3);
is_deeply [engine($res), subject_label($res)], ['index', $renamed], '... and from the index';
db()->do(q{UPDATE subjects SET name_be = ? WHERE code = ?}, undef, $was, $other);

# Deleted outright.
db()->do(q{DELETE FROM records WHERE id = ?}, undef, $r[2]);
($res, $ids) = find($w3);
is scalar(grep { $_ == $r[2] } @$ids), 0, 'a deleted record is gone at once';
($res, $ids) = by_index($w3);
is_deeply [engine($res), sort { $a <=> $b } @$ids], ['index', $r[0], $r[1]], '... and from the index';

# A change made on the site (a moderator's take-down is a POST): the same.
($res, $ids) = by_index($w3, { sort => 'newest' });
is_deeply [engine($res), @$ids], ['index', $r[1], $r[0]], 'before: both';
db()->do(q{UPDATE records SET kind = 'video' WHERE id = ?}, undef, $r[0]);
($res, $ids) = find($w3, { kind => 'video' });
is_deeply $ids, [$r[0]], 'a kind changed with psql filters at once';
