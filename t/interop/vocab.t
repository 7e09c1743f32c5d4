# /vocab/levels and /vocab/subjects: our levels and subjects as SKOS concept
# schemes in JSON-LD at stable URLs (the concept URIs of the records'
# JSON-LD), with the Flemish and Dutch names, English, notation, and the
# ISCED 2011 levels (data: level_isced); a browser gets a page; unknown
# codes are 404.
use strict;
use utf8;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use JSON::PP ();
use KC::Test qw(t_is db);

plan tests => 25, need_lwp;

my $J = 'application/ld+json';
sub doc {
    my ($path) = @_;
    my $res = GET($path, Accept => $J);
    my $d = $res->code == 200 ? eval { JSON::PP->new->utf8->decode($res->content) } : undef;
    return ($res, $d);
}

my ($res, $s) = doc('/vocab/levels');
t_is($res->code, 200, '/vocab/levels: 200');
like $res->header('Content-Type') // '', qr{^application/ld\+json; charset=utf-8$}, '... application/ld+json';
like $res->header('Cache-Control') // '', qr/^public, max-age=\d+$/, '... public and cacheable';
t_is($s->{'@id'}, 'http://127.0.0.1/vocab/levels', '... its @id is its URL');
t_is($s->{'@type'}, 'ConceptScheme', '... a skos:ConceptScheme');
t_is($s->{'@context'}{prefLabel}{'@id'}, 'skos:prefLabel', '... with a SKOS context');
ok $s->{title}{nl} && $s->{title}{en}, '... titled in Dutch and English';
my ($n) = db()->selectrow_array('SELECT count(*) FROM levels');
my @top = @{ $s->{hasTopConcept} // [] };
t_is(scalar @top, $n, '... every level a top concept');
my %by = map { $_->{notation} => $_ } @top;
t_is($by{lager}{'@id'}, 'http://127.0.0.1/vocab/levels/lager', 'a concept URI: the scheme URL / code');
is_deeply $by{'secundair-1'}{prefLabel},
    { nl => 'Secundair onderwijs – eerste graad', 'nl-NL' => 'Voortgezet onderwijs – onderbouw',
      en => 'Lower secondary education (age 12-14)' },
    'prefLabel: the Flemish name (nl), the Dutch system\'s (nl-NL), English';
sub isced { my ($c) = @_; return [ map { $_->{notation} } @{ $c->{closeMatch} // [] } ] }
is_deeply isced($by{kleuter}), ['0'], 'kleuter: ISCED 0';
is_deeply isced($by{lager}), ['1'], 'lager: ISCED 1';
is_deeply isced($by{'secundair-1'}), ['2'], 'first grade of secondary: ISCED 2';
is_deeply isced($by{'secundair-3'}), ['3'], 'third grade: ISCED 3';
is_deeply isced($by{hoger}), [ '6', '7', '8' ], 'higher education: ISCED 6-8';
is_deeply isced($by{buitengewoon}), [], 'special needs education: no ISCED level';
like $by{lager}{closeMatch}[0]{inScheme}{title}{en} // '', qr/ISCED 2011/, '... the ISCED 2011 scheme named';

# The mapping is data: a change in the table shows at once.
db()->do(q{INSERT INTO level_isced (level_id, isced) SELECT id, '2' FROM levels WHERE code = 'buitengewoon'});
my (undef, $c) = doc('/vocab/levels/buitengewoon');
is_deeply isced($c), ['2'], 'ISCED from the level_isced table';
db()->do(q{DELETE FROM level_isced WHERE level_id = (SELECT id FROM levels WHERE code = 'buitengewoon')});

(undef, $c) = doc('/vocab/levels/lager');
ok $c && $c->{'@type'} eq 'Concept' && $c->{inScheme} eq 'http://127.0.0.1/vocab/levels'
   && $c->{'@context'}, '/vocab/levels/lager: one Concept, in the scheme, with its context';

(undef, $s) = doc('/vocab/subjects');
my ($ns) = db()->selectrow_array('SELECT count(*) FROM subjects');
t_is(scalar @{ $s->{hasTopConcept} // [] }, $ns, '/vocab/subjects: every subject');
(undef, $c) = doc('/vocab/subjects/wiskunde');
is_deeply $c->{prefLabel}, { nl => 'Wiskunde', 'nl-NL' => 'Rekenen en wiskunde', en => 'Mathematics' },
    'a subject: Flemish, Dutch and English names';

t_is(GET('/vocab/levels/nope', Accept => $J)->code, 404, 'an unknown level: 404');
t_is(GET('/vocab/subjects/lager', Accept => $J)->code, 404, 'a level is not a subject: 404');

my $page = GET('/vocab/levels', Accept => 'text/html,application/xhtml+xml');
ok $page->code == 200 && ($page->header('Content-Type') // '') =~ m{^text/html}
   && $page->decoded_content =~ m{<tr id="lager"><td><a href="http://127\.0\.0\.1/vocab/levels/lager">},
   'a browser gets the same as a page';
like $page->header('Vary') // '', qr/Accept\b/, '... and the answer varies with Accept';
