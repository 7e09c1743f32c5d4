# What the search keeps by triggers follows every change of the rows it is
# kept from: the facet counts (facet_counts) when a published record's
# subject or level row is added, changed or removed, and the words a query's
# compound may be cut into (search_known_words, 032) when a title or a
# Dutch word brings new ones.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record);
use KC::Search qw(word);

plan tests => 9;

sub count_of {
    my ($facet, $value) = @_;
    return scalar db()->selectrow_array(
        q{SELECT coalesce((SELECT n FROM facet_counts WHERE facet = ? AND value = ?), 0)},
        undef, $facet, $value);
}
sub problems {
    my ($kind) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM kc_integrity_problems() WHERE problem = ?}, undef, $kind);
}

my $rid = make_record(title => 'Facettentest');
my ($from, $from_id) = db()->selectrow_array(
    q{SELECT s.code, s.id FROM subjects s JOIN record_subjects rs ON rs.subject_id = s.id
       WHERE rs.record_id = ? ORDER BY s.position LIMIT 1}, undef, $rid);
my ($to, $to_id) = db()->selectrow_array(
    q{SELECT code, id FROM subjects WHERE id NOT IN (SELECT subject_id FROM record_subjects
       WHERE record_id = ?) ORDER BY position LIMIT 1}, undef, $rid);
my ($n_from, $n_to) = (count_of('subject', $from), count_of('subject', $to));

db()->do(q{UPDATE record_subjects SET subject_id = ? WHERE record_id = ? AND subject_id = ?},
         undef, $to_id, $rid, $from_id);
t_is(count_of('subject', $from), $n_from - 1, 'a subject row changed: the old subject counts one less');
t_is(count_of('subject', $to), $n_to + 1, '... and the new one one more');

my ($lvl_from) = db()->selectrow_array(
    q{SELECT v.code FROM levels v JOIN record_levels rl ON rl.level_id = v.id
       WHERE rl.record_id = ? LIMIT 1}, undef, $rid);
my ($lvl_to, $lvl_to_id) = db()->selectrow_array(
    q{SELECT code, id FROM levels WHERE id NOT IN (SELECT level_id FROM record_levels
       WHERE record_id = ?) ORDER BY position LIMIT 1}, undef, $rid);
my ($l_from, $l_to) = (count_of('level', $lvl_from), count_of('level', $lvl_to));
db()->do(q{UPDATE record_levels SET level_id = ? WHERE record_id = ?}, undef, $lvl_to_id, $rid);
t_is(count_of('level', $lvl_from), $l_from - 1, 'a level row changed: the old level counts one less');
t_is(count_of('level', $lvl_to), $l_to + 1, '... and the new one one more');

db()->do(q{DELETE FROM record_subjects WHERE record_id = ?}, undef, $rid);
t_is(count_of('subject', $to), $n_to, 'the subject row removed: back to the count before');
t_is(problems('facet count'), 0, 'every facet count equals a recount');

# A title's new word and a Dutch word's parts become known words.
my $new = word();
make_record(title => "Over $new");
t_is(scalar db()->selectrow_array(q{SELECT count(*) FROM search_known_words WHERE word = ?},
                                  undef, $new), 1, "a published title's new word is a known word");
my ($head, $tail) = (word(), word());
db()->do(q{INSERT INTO dutch_word_parts (word, parts) VALUES (?, ARRAY[?, ?])},
         undef, "$head$tail", $head, $tail);
t_is(scalar db()->selectrow_array(
    q{SELECT count(*) FROM search_known_words WHERE word IN (?, ?, ?)},
    undef, "$head$tail", $head, $tail), 3, 'a Dutch word and its parts are known words');
t_is(problems('search known word'), 0, 'every word records use is a known word');
