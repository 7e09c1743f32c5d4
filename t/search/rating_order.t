# A search sorted by rating follows new star scores at once, although its
# results are kept in search_cache until the catalogue changes (sql/015);
# other kept searches stay. Asked as a member: a visitor's page may also
# come from the page cache for a few seconds (t/site/pagecache*.t).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(db make_record);
use KC::Search qw(word search_url card_ids);
use KC::Account;

plan tests => 5, need_lwp;

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
is($kept, 2, 'both orders are kept in search_cache');

# New scores, written as kc_rate writes them (records.rating_sum/count).
db()->do(q{UPDATE records SET rating_sum = 10, rating_count = 2 WHERE id = ?}, undef, $b);
my @after = card_ids($m->get(search_url(q => $w, sort => 'rating')));
is_deeply(\@after, [$b, $a], 'after a new score the order follows at once: 5.0 before 4.0');
my $newest = db()->selectrow_array(q{SELECT count(*) FROM search_cache WHERE key LIKE ?
                                        AND split_part(key, chr(31), 9) = 'newest'}, undef, "%$w%");
is($newest, 1, '... while the kept newest-first page of the same search stayed');
my @newest = card_ids($m->get(search_url(q => $w, sort => 'newest')));
is_deeply(\@newest, [$b, $a], 'newest first is unchanged by scores');
