# A search sorted by rating follows new star scores at once. A search with
# words is found anew on every request (one pass, issue 15: nothing kept);
# a search without words is kept in search_cache until the catalogue
# changes, and a new score drops only the kept pages sorted by rating
# (sql/015). Asked as a member: a visitor's page may also come from the
# page cache for a few seconds (t/site/pagecache*.t).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(db make_record);
use KC::Search qw(word search_url card_ids);
use KC::Account;

plan tests => 6, need_lwp;

my $w = word('sterren');
my $a = make_record(title => "Eerste over $w");
my $b = make_record(title => "Tweede over $w");
db()->do(q{UPDATE records SET rating_sum = 8, rating_count = 2 WHERE id = ?}, undef, $a);
db()->do(q{UPDATE records SET rating_sum = 3, rating_count = 1 WHERE id = ?}, undef, $b);

my $m = KC::Account->registered;
my @before = card_ids($m->get(search_url(q => $w, sort => 'rating')));
is_deeply(\@before, [$a, $b], 'best rated first: 4.0 before 3.0');
$m->get(search_url(q => $w, sort => 'newest'));
my $kept = db()->selectrow_array(q{SELECT count(*) FROM search_cache WHERE key LIKE ?}, undef,
                                 "%$w%");
is($kept, 0, 'a search with words keeps nothing in search_cache');
# Without words (a filter alone): both orders kept.
$m->get(search_url(kind => 'video', sort => $_)) for qw(rating newest);
my $plain = q{SELECT count(*) FROM search_cache WHERE split_part(key, chr(31), 4) = 'video'
                AND split_part(key, chr(31), 3) = '' AND split_part(key, chr(31), 9) = ?};
ok(db()->selectrow_array($plain, undef, 'rating') == 1 && db()->selectrow_array($plain, undef, 'newest') == 1,
   'kind=video without words: both orders kept in search_cache');

# New scores, written as kc_rate writes them (records.rating_sum/count).
db()->do(q{UPDATE records SET rating_sum = 10, rating_count = 2 WHERE id = ?}, undef, $b);
my @after = card_ids($m->get(search_url(q => $w, sort => 'rating')));
is_deeply(\@after, [$b, $a], 'after a new score the order follows at once: 5.0 before 4.0');
ok(db()->selectrow_array($plain, undef, 'rating') == 0 && db()->selectrow_array($plain, undef, 'newest') == 1,
   '... the kept kind=video page by rating is dropped, the newest-first one stayed');
my @newest = card_ids($m->get(search_url(q => $w, sort => 'newest')));
is_deeply(\@newest, [$b, $a], 'newest first is unchanged by scores');
