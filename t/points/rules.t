# The points economy (spec/records.md "Points"): the public rules page
# /points shows every row of point_rules; kc_points_award pays once per key,
# records a capped award as 0 with its note, and never lets a reversal take
# the balance below zero.
#
# Resolution: the 'grant' rule (points 0: any amount chosen by the team) is
# only required to show its name; every other rule shows its points (a
# range "10–20" / "10-20" / "10 tot 20" when points_max is set) after its
# name, and its daily cap when it has one. Numbers may use a thousands
# separator (1.000).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_member uniq);
use KC::Account ();
use KC::Search qw(visible_text balance_of ledger_sum);

plan tests => 18, need_lwp;

my @rules = @{ db()->selectall_arrayref(
    'SELECT event, points, points_max, daily_cap, name_nl, name_en FROM point_rules ORDER BY position',
    { Slice => {} }) };

# A number as shown: 1000, 1.000 or 1 000.
sub num_re {
    my ($n) = @_;
    my $d = reverse "$n";
    my @groups = map { scalar reverse } reverse($d =~ /(\d{1,3})/g);
    my $sep = qr/[.\x{a0}\x{202f} ]?/;
    my $body = join $sep, map { quotemeta } @groups;
    return qr/(?<![\d.])[+\-\x{2212}]?$body(?![\d])/;
}
sub range_re {
    my ($a, $b) = @_;
    my ($ra, $rb) = (num_re($a), num_re($b));
    return qr/$ra\s*(?:\x{2013}|\x{2014}|-|tot|to|t\/m)\s*$rb/;
}

# The text after each rule's name up to the next rule name (rules may be in
# any order; a name is matched case-sensitively).
sub segments {
    my ($text, $field) = @_;
    my @pos;
    for my $r (@rules) {
        my $i = index($text, $r->{$field});
        push @pos, [ $i, $r ] if $i >= 0;
    }
    @pos = sort { $a->[0] <=> $b->[0] } @pos;
    my %seg;
    for my $k (0 .. $#pos) {
        my ($i, $r) = @{ $pos[$k] };
        my $start = $i + length $r->{$field};
        my $end = $k < $#pos ? $pos[$k + 1][0] : length $text;
        $seg{ $r->{event} } = substr($text, $start, $end - $start);
    }
    return \%seg;
}

sub main_text {
    my ($res) = @_;
    my $c = $res->decoded_content // '';
    $c = $1 if $c =~ m{<main\b[^>]*>(.*)</main>}si;
    return visible_text("<body>$c</body>");
}

my $visitor = KC::Account->new;
my $page = $visitor->get('/points');
t_is($page->code, 200, '/points answers 200 to everyone');
my $text = main_text($page);
my $seg = segments($text, 'name_nl');

my @no_name = map { $_->{event} } grep { !exists $seg->{ $_->{event} } } @rules;
ok(@rules >= 20 && !@no_name, 'every rule of point_rules is listed by name')
    or diag("missing: @no_name");

my (@bad_points, @bad_cap);
for my $r (@rules) {
    my $s = $seg->{ $r->{event} } // next;
    next if $r->{event} eq 'grant';
    my $re = defined $r->{points_max} ? range_re(@$r{qw(points points_max)}) : num_re($r->{points});
    push @bad_points, "$r->{event} ($r->{points}" . (defined $r->{points_max} ? "-$r->{points_max}" : '') . ')'
        unless $s =~ $re;
    if (defined $r->{daily_cap}) {
        (my $rest = $s) =~ s/$re//g;
        push @bad_cap, "$r->{event} (cap $r->{daily_cap})" unless $rest =~ num_re($r->{daily_cap});
    }
}
ok(!@bad_points, 'each rule shows its points, or its range like 10–20')
    or diag("wrong or missing points: @bad_points");
ok(!@bad_cap && grep({ defined $_->{daily_cap} } @rules), 'each capped rule shows its daily cap')
    or diag("cap not shown: @bad_cap");

{
    my $en = $visitor->get('/points', 'Accept-Language' => 'en');
    my $seg_en = segments(main_text($en), 'name_en');
    my @missing = map { $_->{event} } grep { !exists $seg_en->{ $_->{event} } } @rules;
    ok($en->code == 200 && !@missing, 'in English: the English rule names') or diag("missing: @missing");
}

# ---- kc_points_award --------------------------------------------------------------------------
my $m = make_member();
my $award = sub {
    my ($event, $amount, $key, $note) = @_;
    return scalar db()->selectrow_array('SELECT kc_points_award(?, ?, ?, ?, ?, ?)', undef,
                                        $m, $event, "test:$m", $amount, $key, $note // 'test');
};
my $k = uniq('award');
t_is($award->('grant', 50, $k), 50, 'an award pays its amount');
t_is($award->('grant', 50, $k), 0, 'the same key again pays nothing');
ok(balance_of($m) == 50 && db()->selectrow_array(
       'SELECT count(*) FROM points_ledger WHERE award_key = ?', undef, $k) == 1,
   '... balance 50, one ledger row');

my $cap_key = uniq('recommend');
my @paid = map { $award->('recommend', 5, "$cap_key:$_") } 1 .. 11;
is_deeply(\@paid, [ (5) x 10, 0 ], "'recommend' (cap 10 a day): 10 paid, the 11th pays 0");
my $row = db()->selectrow_hashref('SELECT amount, note FROM points_ledger WHERE award_key = ?',
                                  undef, "$cap_key:11");
is_deeply($row, { amount => 0, note => 'daily cap reached' }, '... recorded as 0 with the note');
t_is(balance_of($m), 100, '... balance 50 + 50');
ok($award->('recommend', 5, "$cap_key:11") == 0
   && db()->selectrow_array('SELECT count(*) FROM points_ledger WHERE award_key = ?', undef,
                            "$cap_key:11") == 1,
   'retrying the capped key pays nothing and writes nothing');

t_is($award->('grant', -30, "reverse:$k"), -30, 'a reversal within the balance takes its amount');
ok($award->('grant', -30, "reverse:$k") == 0 && balance_of($m) == 70,
   '... once (same key again: 0, balance 70)');

{
    my $big = uniq('reverse:big');
    my $ok = eval { $award->('grant', -1000, $big); 1 };
    my $state = db()->state // '';
    ok(!$ok && $state eq '23514', 'a reversal below zero fails (check_violation)')
        or diag('state ' . ($state // 'none') . '; ' . ($@ || 'no error'));
    ok(balance_of($m) == 70 && db()->selectrow_array(
           'SELECT count(*) FROM points_ledger WHERE award_key = ?', undef, $big) == 0,
       '... the balance stays 70 and no row is written');
}
{
    my $ok = eval { $award->('no_such_event', 5, uniq('bad')); 1 };
    ok(!$ok && balance_of($m) == 70, 'an unknown event is refused');
}
t_is(ledger_sum($m), balance_of($m), 'balance == ledger sum');
