# Star scores (spec/community.md "On records"): one score per member and
# record, changeable; the rater is paid once (5, or 10 with an explanation
# of 20 characters or more), never again when the score changes; no score
# for one's own record; records.rating_sum / rating_count stay exact; the
# author gets +20 for every block of 5 scores of 3 stars or more from
# distinct members (keys nice:<record>:<n>), once per block, not taken back.
#
# Resolutions of the spec used here:
# - Raters read the record first (GET /records/ID): the contract does not
#   make reading a condition for scoring, and reading keeps this test
#   independent of that choice.
# - Changing a score (also adding an explanation later) never pays the
#   rater again: one ledger row under rating:<record>:<member>.
# - A block counts distinct members whose score is 3 or more; when a score
#   falls below 3 and comes back, the block already paid is not paid again
#   and the one paid is not taken back.
# - Out-of-range stars -> 400 data-field="stars"; an explanation over 2000
#   characters -> 400 data-field="explanation".
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record);
use KC::Account qw(forget_login_failures has_error_field);
use KC::Contribute qw(unique_title balance record_row);
use KC::Community qw(rule text_of_length reader refused rate rating_row ledger_of ledger_rows paid);

plan tests => 32, need_lwp;

forget_login_failures();

my $rr = rule('rating');
my ($LOW, $HIGH) = ($rr->{points}, $rr->{points_max} // $rr->{points});
my $NICE = rule('nice_scores')->{points};

sub sums { my $r = record_row($_[0]); return join '/', $r->{rating_sum} // '?', $r->{rating_count} // '?' }
sub stars_of { my $g = rating_row(@_); return $g ? $g->{stars} // 0 : 0 }
sub status_of { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }

my $author = KC::Account->registered;
my $R = make_record(author_id => $author->{id}, title => unique_title('Sterren'));

# ---- a score with an explanation; changing it (9) ----------------------------------
my $ann = reader($R);
my $bal = balance($ann->{id});
my $expl = text_of_length(20, 'Goed');
my $res = rate($ann, $R, 4, $expl);
t_is($res->code, 303, 'a member scores 4 stars with a 20-character explanation: 303');
my $g = rating_row($R, $ann->{id}) // {};
ok(($g->{stars} // 0) == 4 && ($g->{explanation} // '') eq $expl, 'DB: the score and the explanation');
my @l = ledger_of("rating:$R:$ann->{id}");
ok @l == 1 && $l[0]{member_id} == $ann->{id} && $l[0]{event} eq 'rating' && $l[0]{amount} == $HIGH,
   "ledger: one row rating:RECORD:MEMBER, +$HIGH" or diag(explain \@l);
is balance($ann->{id}), $bal + $HIGH, "... balance + $HIGH";
is sums($R), '4/1', 'records: rating_sum 4, rating_count 1';
$res = rate($ann, $R, 2, '');
t_is($res->code, 303, 'the same member changes the score to 2: 303');
is(stars_of($R, $ann->{id}), 2, 'DB: one score, now 2');
ok ledger_of("rating:$R:$ann->{id}") == 1 && balance($ann->{id}) == $bal + $HIGH, '... nothing paid again';
is sums($R), '2/1', 'records: rating_sum 2, rating_count 1 (replaced, not added)';

# ---- 5 points without a long explanation (4) ----------------------------------------
my $bert = reader($R);
$res = rate($bert, $R, 5, text_of_length(19, 'Kort'));
ok $res->code == 303 && paid("rating:$R:$bert->{id}") == $LOW, "an explanation of 19 characters: +$LOW"
    or diag(status_of($res));
my $cor = reader($R);
$res = rate($cor, $R, 3, '');
ok $res->code == 303 && paid("rating:$R:$cor->{id}") == $LOW, "no explanation: +$LOW" or diag(status_of($res));
is sums($R), '10/3', 'records: rating_sum 2+5+3, rating_count 3';
$res = rate($cor, $R, 4, text_of_length(40, 'Toch nog uitgelegd'));
ok $res->code == 303 && ledger_of("rating:$R:$cor->{id}") == 1 && paid("rating:$R:$cor->{id}") == $LOW,
   'adding a long explanation later pays nothing more';

# ---- refusals (5) ------------------------------------------------------------------
$res = refused(sub { rate($author, $R, 5, text_of_length(30, 'Mijn eigen werk')) });
t_is($res->code, 403, 'the author scores the own record: 403');
ok !rating_row($R, $author->{id}) && sums($R) eq '11/3' && !ledger_of("rating:$R:$author->{id}"),
   '... nothing saved, nothing paid';
for my $stars (0, 6) {
    $res = refused(sub { rate($ann, $R, $stars, '') });
    ok $res->code == 400 && has_error_field($res->content, 'stars') && stars_of($R, $ann->{id}) == 2,
       "$stars stars: 400 data-field=\"stars\", the score unchanged" or diag(status_of($res));
}
$res = refused(sub { rate($ann, $R, 3, text_of_length(2001, 'Veel te lang')) });
ok $res->code == 400 && has_error_field($res->content, 'explanation') && stars_of($R, $ann->{id}) == 2,
   'an explanation of 2001 characters: 400 data-field="explanation"' or diag(status_of($res));

# ---- blocks of 5 nice scores (14) -------------------------------------------------
{
    my $author2 = KC::Account->registered;
    my $N = make_record(author_id => $author2->{id}, title => unique_title('Mooie scores'));
    my $nbal = balance($author2->{id});
    my (%final, @codes);
    my $score = sub {
        my ($m, $stars) = @_;
        my $res = rate($m, $N, $stars, '');
        push @codes, $res->code;
        $final{ $m->{id} } = $stars if $res->code == 303;
    };
    my $nice_rows = sub { return map { ledger_of("nice:$N:$_") } @_ };

    my @low = map { reader($N) } 1 .. 2;
    $score->($_, 2) for @low;
    my @nice = map { reader($N) } 1 .. 10;
    my @stars = (3, 4, 5, 3, 4, 5, 3, 4, 5, 4);
    $score->($nice[$_], $stars[$_]) for 0 .. 3;
    ok !$nice_rows->(1), '4 scores of 3+ and 2 of 2 stars from 6 members: no block yet';
    $score->($nice[0], 5);
    ok !$nice_rows->(1), 'one of the four changes the score: still no block (4 distinct members)';
    $score->($nice[4], $stars[4]);
    my @n1 = $nice_rows->(1);
    ok @n1 == 1 && $n1[0]{member_id} == $author2->{id} && $n1[0]{event} eq 'nice_scores' && $n1[0]{amount} == $NICE,
       "the 5th distinct member with 3+: nice:RECORD:1, +$NICE for the author" or diag(explain \@n1);
    is balance($author2->{id}), $nbal + $NICE, "... the author's balance + $NICE";
    $score->($nice[$_], $stars[$_]) for 5 .. 8;
    ok !$nice_rows->(2) && balance($author2->{id}) == $nbal + $NICE,
       'the 6th to 9th: nothing more';
    $score->($nice[1], 5);
    ok !$nice_rows->(2) && $nice_rows->(1) == 1, 'a changed score among them: nothing more';
    $score->($nice[9], $stars[9]);
    my @n2 = $nice_rows->(2);
    ok @n2 == 1 && $n2[0]{member_id} == $author2->{id} && $n2[0]{amount} == $NICE,
       "the 10th: nice:RECORD:2, +$NICE" or diag(explain \@n2);
    is balance($author2->{id}), $nbal + 2 * $NICE, "... balance + 2 x $NICE in all";
    $score->($nice[9], 3);
    ok $nice_rows->(2) == 1 && !$nice_rows->(3), 'the 10th changes the score: no third block, the second not paid again';
    $score->($nice[2], 1);
    ok !ledger_rows("reverse:nice:$N:%") && balance($author2->{id}) == $nbal + 2 * $NICE,
       'a score lowered to 1 after the block: nothing taken back';
    $score->($nice[2], 5);
    ok $nice_rows->(2) == 1 && !$nice_rows->(3) && balance($author2->{id}) == $nbal + 2 * $NICE,
       '... raised to 5 again: the second block is not paid again';
    my $sum = 0;
    $sum += $_ for values %final;
    is sums($N), "$sum/12", 'records: rating_sum and rating_count of the 12 current scores';
    my @once = grep { ledger_of("rating:$N:$_->{id}") == 1 && paid("rating:$N:$_->{id}") == $LOW } @low, @nice;
    is scalar @once, 12, "each of the 12 raters paid once, +$LOW";
    ok !grep({ $_ != 303 } @codes), 'every score and change: 303' or diag("codes @codes");
}
