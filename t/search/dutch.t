# Search that understands Dutch (issue 15): on the demo data, "rekenen"
# finds the records about hoofdrekenen and "WO II" (the search box's
# example) those about de Tweede Wereldoorlog; on records made here, a word
# finds the compounds it is part of below the records that have the word
# itself, a compound finds the records that use its parts below one that
# has the compound, subject names are found (Flemish and Dutch), and
# English records keep English stemming.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use JSON::PP ();
use LWP::UserAgent ();
use URI ();
use KC::Test qw(db make_record);
use KC::Account ();
use KC::Search qw(word search_url card_ids);
use KC::DemoSite ();

plan tests => 12, need_lwp;

# ---- on the demo data (4) --------------------------------------------------------
my $demo = KC::DemoSite::start();
my $ua = LWP::UserAgent->new(timeout => 30);
sub demo_titles {
    my ($q) = @_;
    my $u = URI->new("$demo/records");
    $u->query_form(q => $q, format => 'json');
    my $doc = JSON::PP->new->utf8->decode($ua->get($u)->content);
    return ($doc->{total}, [ map { $_->{title} } @{ $doc->{records} } ]);
}
{
    my ($n, $titles) = demo_titles('rekenen');
    my @hoofd = grep { /hoofdrekenen/i } @$titles;
    is scalar(@hoofd), 5, 'demo: "rekenen" finds the five published records about hoofdrekenen'
        or diag(join "\n", @$titles);
    like $titles->[0], qr/hoofdrekenen/i, '... first';
    ($n, $titles) = demo_titles('WO II');
    is scalar(grep { /Tweede Wereldoorlog/ } @$titles), 4,
        'demo: "WO II" finds the four records about de Tweede Wereldoorlog';
    is $n, 4, '... and nothing else';
}

# ---- compounds, ranked below the word itself (4) ----------------------------------
my $visitor = KC::Account->new;
sub ids_for { return [ card_ids($visitor->get(search_url(@_))) ] }
{
    my $w = word();
    my $compound = make_record(title => "Oefenreeks hoofdrekenen $w", published_at => '2030-01-01 10:00:00+00');
    my $exact = make_record(title => "Oefenreeks rekenen $w", published_at => '2020-01-01 10:00:00+00');
    is_deeply ids_for(q => "rekenen $w"), [ $exact, $compound ],
        'a word finds the compound it is part of (rekenen -> hoofdrekenen), below the word itself';

    my $w2 = word();
    my $parts = make_record(title => "De stelling van Pythagoras $w2", published_at => '2030-01-01 10:00:00+00');
    my $whole = make_record(title => "De pythagorasstelling $w2", published_at => '2020-01-01 10:00:00+00');
    is_deeply ids_for(q => "pythagorasstelling $w2"), [ $whole, $parts ],
        'a compound finds the records that use its parts, below the one that has it';

    my $w3 = word();
    my $spel = make_record(title => "Werkwoordspelling oefenen $w3");
    is_deeply ids_for(q => "spelling $w3"), [$spel], 'spelling finds werkwoordspelling';
    is_deeply ids_for(q => "woord $w3"), [$spel], '... and so does woord';
}

# ---- subject names, both countries (2); English stays English (2) ------------------
{
    my $w = word();
    my $rid = make_record(title => "Proefjes met zout $w");
    db()->do(q{DELETE FROM record_subjects WHERE record_id = ?}, undef, $rid);
    db()->do(q{INSERT INTO record_subjects (record_id, subject_id)
               SELECT ?, id FROM subjects WHERE code = 'chemie'}, undef, $rid);
    is_deeply ids_for(q => "chemie $w"), [$rid], 'a record of the subject Chemie is found by "chemie"';
    is_deeply ids_for(q => "scheikunde $w"), [$rid], '... and by its Dutch name "scheikunde"';

    my $w2 = word();
    my $en = make_record(language => 'en', title => "Counting sheep $w2");
    is_deeply ids_for(q => "counts $w2"), [$en], 'an English record is stemmed as English (counts -> counting)';
    my $w3 = word();
    my $nl = make_record(language => 'nl', title => "Counting sheep $w3");
    is_deeply ids_for(q => "counts $w3", exact => 1), [], '... a Dutch one as Dutch';
}
