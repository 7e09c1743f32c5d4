# The public record page (what a visitor gets at /records/ID) carries the
# record as a schema.org LearningResource in JSON-LD (the AMB profile):
# kind type, licence URI, language, creator, levels and subjects as
# DefinedTerms whose @id are concept URIs that resolve (/vocab), dates, and
# access conditions; only what a visitor sees.
use strict;
use utf8;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use JSON::PP ();
use KC::Test qw(t_is db make_record make_member get_noredirect);
use KC::Search qw(jsonld_blocks);
use KC::Account;

plan tests => 28, need_lwp;

my $iso = qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
my $long = 'Begin van de beschrijving. ' . ('Meer uitleg. ' x 30) . 'GEHEIMSTAART';
my $id = make_record(kind => 'video', licence => 'by-sa', language => 'en',
                     title => 'Breuken <uitgelegd> & "meer"', description => $long,
                     author_name => 'Anna Peeters');
db()->do(q{INSERT INTO record_levels (record_id, level_id)
           SELECT ?, id FROM levels WHERE code = 'secundair-1'}, undef, $id);
db()->do(q{INSERT INTO record_subjects (record_id, subject_id)
           SELECT ?, id FROM subjects WHERE code = 'wiskunde'}, undef, $id);

sub ld_of {
    my ($res) = @_;
    my @ld = map { eval { JSON::PP->new->decode($_) } // () }
             jsonld_blocks($res->decoded_content // '');
    return (grep { ref $_ eq 'HASH' } @ld)[0];
}
sub types { my ($x) = @_; return ref $x->{'@type'} ? @{ $x->{'@type'} } : ($x->{'@type'} // ()) }

my $res = get_noredirect("/records/$id");
t_is($res->code, 200, 'a visitor gets the public page of a published record');
my $html = $res->decoded_content;
like $html, qr{href="/login\?next=/records/$id"}, '... with the way in: log in, then back here';
unlike $html, qr/GEHEIMSTAART/, '... and not the rest of the description';
my $ld = ld_of($res);
ok $ld, 'one JSON-LD block that parses' or diag($html);
t_is($ld->{'@context'}, 'https://schema.org', '@context schema.org');
is_deeply [ sort(types($ld)) ], [ 'LearningResource', 'VideoObject' ],
    '@type LearningResource and the kind\'s CreativeWork type';
t_is($ld->{url}, "http://127.0.0.1/records/$id", 'url: the record page, absolute');
t_is($ld->{name}, 'Breuken <uitgelegd> & "meer"', 'name: the title, unescaped JSON');
like $ld->{description}, qr/^Begin van de beschrijving\..*…$/s, 'description: what a visitor sees (the excerpt)';
t_is($ld->{license}, 'https://creativecommons.org/licenses/by-sa/4.0/', 'license: the Creative Commons URI');
t_is($ld->{inLanguage}, 'en', 'inLanguage');
ok $ld->{isAccessibleForFree} && JSON::PP::is_bool($ld->{isAccessibleForFree}), 'isAccessibleForFree true';
like $ld->{conditionsOfAccess} // '', qr/account/i, 'conditionsOfAccess: an account is needed';
is_deeply $ld->{creator}, [ { '@type' => 'Person', name => 'Anna Peeters' } ], 'creator: the author as a Person';
ok defined $ld->{learningResourceType}, 'learningResourceType: the kind';
like $ld->{$_} // '', $iso, "$_ in UTC" for qw(dateCreated datePublished dateModified);
ok !exists $ld->{isBasedOn}, 'no isBasedOn: records do not say what they adapt';

my @levels = @{ $ld->{educationalLevel} // [] };
my @about = @{ $ld->{about} // [] };
is_deeply [ map { $_->{termCode} } @levels ], [ 'kleuter', 'secundair-1' ], 'educationalLevel: the record\'s levels';
is_deeply [ map { $_->{termCode} } @about ], [ 'nederlands', 'wiskunde' ], 'about: its subjects';
ok !(grep { ($_->{'@type'} // '') ne 'DefinedTerm' } @levels, @about), '... as DefinedTerms';
my $resolves = 1;
for my $t (@levels, @about) {
    my ($path) = ($t->{'@id'} // '') =~ m{^http://127\.0\.0\.1(/vocab/(?:levels|subjects)/[a-z0-9-]+)$};
    my $c = $path ? GET($path, Accept => 'application/ld+json') : undef;
    my $doc = $c && $c->code == 200 ? eval { JSON::PP->new->utf8->decode($c->content) } : undef;
    unless ($doc && $doc->{'@id'} eq $t->{'@id'} && $doc->{'@type'} eq 'Concept'
            && $doc->{notation} eq $t->{termCode}) {
        $resolves = 0;
        diag("$t->{'@id'} does not resolve to its concept");
    }
}
ok $resolves, 'every concept @id resolves to that SKOS concept';

# A kind without a CreativeWork type; all rights reserved: no licence URI.
my $cal = make_record(kind => 'calendar', licence => 'arr');
$ld = ld_of(get_noredirect("/records/$cal"));
is_deeply [ types($ld) ], [ 'LearningResource' ], 'a calendar activity is only a LearningResource';
ok !exists $ld->{license}, 'all rights reserved: no license';

# Unpublished records have no public page.
my $pending = make_record(state => 'pending');
t_is(get_noredirect("/records/$pending")->code, 404, 'a pending record: 404, no JSON-LD');

# A member reading the record gets the same metadata on the detail page.
my $author = KC::Account->registered;
my $aid = $author->{id};
my $own = make_record(author_id => $aid, description => $long);
my $page = $author->read_record($own);
$ld = ld_of($page);
t_is($ld && $ld->{url}, "http://127.0.0.1/records/$own", 'the detail page has the JSON-LD too');
unlike $ld->{description} // '', qr/GEHEIMSTAART/, '... with the visitor\'s description only';
