# OAI-PMH 2.0 at /oai with a harvester's eyes: the six verbs, every error
# code, a full harvest through resumption tokens (each published record
# exactly once), from/until, sets, deleted records, and every answer
# validated with xmllint against the schemas in t/fixtures/xsd/ (the
# OAI-PMH envelope and oai_dc, written out there: the suite has no network).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use File::Temp qw(tempfile);
use URI::Escape qw(uri_escape_utf8);
use KC::Test qw(t_is db make_member make_record make_records);

plan tests => 179, need_lwp;

my $xsd = Apache::Test::vars('serverroot') . '/fixtures/xsd/harvest.xsd';
my $NS_REQ = qr{<request>http://127\.0\.0\.1/oai</request>};

# The answer to a request (GET by default), after checking it is 200 XML
# that the schemas accept.
# In a harvest the number of pages depends on how many records earlier test
# files left behind: its pages are judged together (one test), not each.
our ($QUIET, @QUIET_BAD) = (0);
sub oai {
    my (@args) = @_;
    my $post = @args && $args[0] eq 'POST' ? shift @args : 0;
    my @pairs;
    while (my ($k, $v) = splice @args, 0, 2) {
        push @pairs, uri_escape_utf8($k) . '=' . uri_escape_utf8($v);
    }
    my $q = join '&', @pairs;
    my $res = $post
        ? POST('/oai', content => $q,
               'Content-Type' => 'application/x-www-form-urlencoded')
        : GET("/oai?$q");
    my $body = $res->decoded_content // '';
    my $ok = $res->code == 200
             && ($res->header('Content-Type') // '') =~ m{^text/xml; charset=utf-8}i
             && valid($body);
    if ($QUIET) {
        push @QUIET_BAD, "$q: " . substr($body, 0, 600) unless $ok;
    } else {
        ok $ok, "$q: 200, text/xml, valid" or diag(substr($body, 0, 600));
    }
    return $body;
}

sub valid {
    my ($body) = @_;
    my ($fh, $file) = tempfile(UNLINK => 1);
    binmode $fh, ':encoding(UTF-8)';
    print {$fh} $body;
    close $fh;
    my $out = `xmllint --noout --schema '$xsd' '$file' 2>&1`;
    diag($out) if $?;
    return $? == 0;
}

sub error_code { my ($x) = @_; return $x =~ m{<error code="(\w+)">} ? $1 : '' }
sub token { my ($x) = @_; return $x =~ m{<resumptionToken[^>]*>([^<]*)</resumptionToken>} ? $1 : undef }
sub token_attrs {
    my ($x) = @_;
    my ($attrs) = $x =~ m{<resumptionToken([^>]*)>};
    return ($attrs // '') =~ /completeListSize="(\d+)" cursor="(\d+)"/ ? ($1, $2) : ();
}
sub headers {
    my ($x) = @_;
    my @h;
    while ($x =~ m{<header( status="deleted")?><identifier>oai:127\.0\.0\.1:record:(\d+)</identifier><datestamp>([^<]+)</datestamp>((?:<setSpec>[^<]+</setSpec>)*)</header>}g) {
        my ($deleted, $id, $ds, $sets) = ($1, $2, $3, $4);
        push @h, { deleted => $deleted ? 1 : 0, id => $id, datestamp => $ds,
                   sets => [ $sets =~ m{<setSpec>([^<]+)</setSpec>}g ] };
    }
    return @h;
}
sub ids { return map { $_->{id} } @_ }
sub col { my ($sql, @bind) = @_; return @{ db()->selectcol_arrayref($sql, undef, @bind) } }
sub one { my ($sql, @bind) = @_; return (db()->selectrow_array($sql, undef, @bind))[0] }

# Harvest a whole list: (headers, [cursor, completeListSize] of each page).
sub harvest {
    my ($verb, @args) = @_;
    my (@all, @pages);
    local $QUIET = 1;
    local @QUIET_BAD = ();
    my $body = oai(verb => $verb, metadataPrefix => 'oai_dc', @args);
    while (1) {
        push @all, headers($body);
        push @pages, [ token_attrs($body) ];
        my $t = token($body);
        last unless defined $t && length $t;
        $body = oai(verb => $verb, resumptionToken => $t);
    }
    ok !@QUIET_BAD, "harvest $verb @args: every page (" . scalar(@pages) . ') 200, text/xml, valid'
        or diag(join "\n", @QUIET_BAD);
    return (\@all, \@pages, $body);
}

# ---- data: more published records than two pages, and some that are not --
make_records(230);
my $kinds_site = 3;
make_record(kind => 'site') for 1 .. $kinds_site;
my $pending = make_record(state => 'pending');
my $odd = make_record(title => qq{Breuken <b> & "delen" 'x'\x{1} \x{2028}caf\x{e9}},
                      description => "Ok\x{7}\ntekst < 3");

# ---- Identify --------------------------------------------------------------
my $body = oai(verb => q{Identify});
like $body, qr{<request verb="Identify">http://127\.0\.0\.1/oai</request>}, 'Identify: request echoed';
like $body, qr{<repositoryName>KlasCement</repositoryName>}, 'Identify: name';
like $body, qr{<baseURL>http://127\.0\.0\.1/oai</baseURL>}, 'Identify: baseURL';
like $body, qr{<protocolVersion>2\.0</protocolVersion>}, 'Identify: version';
like $body, qr{<deletedRecord>persistent</deletedRecord>}, 'Identify: persistent deletes';
like $body, qr{<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>}, 'Identify: seconds';
like $body, qr{<adminEmail>\S+@\S+\.\S+</adminEmail>}, 'Identify: an admin address';
like $body, qr{<earliestDatestamp>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</earliestDatestamp>}, 'Identify: earliest datestamp';
# The oai-identifier description (OAI guidelines), when the host can be a
# repositoryIdentifier (a domain name; 127.0.0.1 cannot).
unlike $body, qr{oai-identifier}, 'Identify at an IP address: no oai-identifier description';
Apache::TestRequest::module('kc_named');
my $named = GET('/oai?verb=Identify');
Apache::TestRequest::module('default');
my $nb = $named->decoded_content // '';
ok $named->code == 200 && valid($nb), 'Identify under a domain name: valid, oai-identifier schema included';
like $nb, qr{<description><oai-identifier xmlns="http://www\.openarchives\.org/OAI/2\.0/oai-identifier"[^>]*><scheme>oai</scheme><repositoryIdentifier>oai\.klascement\.test</repositoryIdentifier><delimiter>:</delimiter><sampleIdentifier>oai:oai\.klascement\.test:record:1</sampleIdentifier></oai-identifier></description>},
    '... with the oai-identifier description: scheme, host, delimiter, sample';
(my $ip = $nb) =~ s/oai\.klascement\.test/127.0.0.1/g;
ok !valid($ip), '... which the schema checks (an IP address is refused)';
my $pb = oai('POST', verb => 'Identify');
like $pb, qr{<Identify>}, 'Identify by POST, without a CSRF token';

# ---- ListMetadataFormats -----------------------------------------------------
$body = oai(verb => 'ListMetadataFormats');
like $body, qr{<metadataPrefix>oai_dc</metadataPrefix><schema>http://www\.openarchives\.org/OAI/2\.0/oai_dc\.xsd</schema>}, 'formats: oai_dc';
$body = oai(verb => 'ListMetadataFormats', identifier => "oai:127.0.0.1:record:$odd");
like $body, qr{<metadataPrefix>oai_dc</metadataPrefix>}, 'formats of one record';
t_is(error_code(oai(verb => 'ListMetadataFormats', identifier => 'oai:127.0.0.1:record:999999999')),
     'idDoesNotExist', 'formats of an unknown record: idDoesNotExist');
t_is(error_code(oai(verb => 'ListMetadataFormats', identifier => "oai:127.0.0.1:record:$pending")),
     'idDoesNotExist', 'formats of a record never published: idDoesNotExist');

# ---- ListSets ----------------------------------------------------------------
$body = oai(verb => 'ListSets');
my @specs = $body =~ m{<setSpec>([^<]+)</setSpec>}g;
my $nsets = one(q{SELECT (SELECT count(*) FROM record_kinds) + (SELECT count(*) FROM levels)
                       + (SELECT count(*) FROM subjects)});
t_is(scalar @specs, $nsets, 'ListSets: one set per kind, level and subject');
ok((grep { $_ eq 'kind:site' } @specs), 'ListSets: kind:site');
ok((grep { $_ eq 'level:lager' } @specs), 'ListSets: level:lager');
ok((grep { $_ eq 'subject:wiskunde' } @specs), 'ListSets: subject:wiskunde');
t_is(error_code(oai(verb => 'ListSets', resumptionToken => 'x')), 'badResumptionToken',
     'ListSets with a token: badResumptionToken');

# ---- a full harvest ----------------------------------------------------------
my @published = col(q{SELECT id FROM records WHERE state = 'published' ORDER BY id});
my $ever = one(q{SELECT count(*) FROM records WHERE published_at IS NOT NULL});
ok @published > 200, 'more published records than two pages';
my ($all, $pages, $last) = harvest('ListIdentifiers');
my @live = sort { $a <=> $b } ids(grep { !$_->{deleted} } @$all);
my %seen;
$seen{$_}++ for ids(@$all);
t_is(scalar(grep { $seen{$_} > 1 } keys %seen), 0, 'harvest: no record twice');
is_deeply \@live, \@published, 'harvest: exactly the published records';
ok !$seen{$pending}, 'harvest: never the pending record';
t_is(scalar @$pages, int(($ever + 99) / 100), 'harvest: pages of 100');
is_deeply [ map { $_->[1] // -1 } @$pages ], [ map { 100 * $_ } 0 .. $#$pages ],
    'harvest: cursor 0, 100, 200, ...';
ok !(grep { ($_->[0] // -1) != $ever } @$pages), 'harvest: completeListSize on every page';
like $last, qr{<resumptionToken completeListSize="$ever" cursor="\d+"></resumptionToken>},
    'harvest: the last page has an empty token';
my @order = map { "$_->{datestamp} " . sprintf('%012d', $_->{id}) } @$all;
is_deeply \@order, [ sort @order ], 'harvest: in (datestamp, id) order';

my ($recs) = harvest('ListRecords');
t_is(scalar @$recs, scalar @$all, 'ListRecords harvests the same list');

# POST with a token works like GET.
$body = oai(verb => 'ListIdentifiers', metadataPrefix => 'oai_dc');
my $t1 = token($body);
my $p2 = oai('POST', verb => 'ListIdentifiers', resumptionToken => $t1);
my $g2 = oai(verb => 'ListIdentifiers', resumptionToken => $t1);
is_deeply [ ids(headers($p2)) ], [ ids(headers($g2)) ], 'POST and GET pages agree';
ok headers($p2) == 100, 'page 2 has 100 headers';

# ---- GetRecord ---------------------------------------------------------------
$body = oai(verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$odd", metadataPrefix => 'oai_dc');
like $body, qr{<dc:title>Breuken &lt;b&gt; &amp; &quot;delen&quot; &apos;x&apos; \x{2028}caf\x{e9}</dc:title>},
    'GetRecord: title escaped, control character dropped';
like $body, qr{<dc:description>Ok\ntekst &lt; 3</dc:description>}, 'GetRecord: description escaped';
like $body, qr{<dc:identifier>http://127\.0\.0\.1/records/$odd</dc:identifier>}, 'GetRecord: link to the record page';
like $body, qr{<dc:rights>}, 'GetRecord: rights';
like $body, qr{<dc:language>nl</dc:language>}, 'GetRecord: language';
my ($h) = headers($body);
ok $h && !$h->{deleted} && (grep { $_ eq 'kind:document' } @{ $h->{sets} }), 'GetRecord: header with its sets';
unlike $body, qr{/download|file_|unlock}, 'GetRecord: no file or unlock details';
# All rights reserved: a licence without a URI (this crashed the child).
my $arr = make_record(licence => 'arr');
$body = oai(verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$arr", metadataPrefix => 'oai_dc');
unlike $body, qr{<dc:rights>https?:}, 'GetRecord, all rights reserved: the licence name, no URI';
$body = oai(verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$arr", metadataPrefix => 'lom');
like $body, qr{<rights>.*<description><string language="x-none">Alle rechten voorbehouden[^<]*</string></description>}s, '... and in lom, the licence name';

# ---- lom (the fields of NL-LOM that a visitor sees) -----------------------------
like oai(verb => 'ListMetadataFormats'), qr{<metadataPrefix>lom</metadataPrefix><schema>http://ltsc\.ieee\.org/xsd/lomv1\.0/lom\.xsd</schema><metadataNamespace>http://ltsc\.ieee\.org/xsd/LOM</metadataNamespace>},
    'formats: lom';
$body = oai(verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$odd", metadataPrefix => 'lom');
like $body, qr{<lom xmlns="http://ltsc\.ieee\.org/xsd/LOM"[^>]*><general><identifier><catalog>URI</catalog><entry>http://127\.0\.0\.1/records/$odd</entry></identifier><title><string language="nl">Breuken &lt;b&gt; &amp;},
    'lom: identifier and escaped title';
like $body, qr{<technical><location>http://127\.0\.0\.1/records/$odd</location></technical>}, 'lom: the record page as location';
like $body, qr{<learningResourceType><source>[^<]+</source><value>document</value></learningResourceType>}, 'lom: the kind';
my ($scode1) = db()->selectrow_array(q{SELECT code FROM subjects ORDER BY position LIMIT 1});
like $body, qr{<purpose><source>LOMv1\.0</source><value>discipline</value></purpose><taxonPath><source><string language="x-none">KlasCement subjects</string></source><taxon><id>\Q$scode1\E</id>},
    'lom: the subject as a discipline';
like $body, qr{<entity>BEGIN:VCARD\nVERSION:3\.0\nFN:Test Leraar\nEND:VCARD</entity>}, 'lom: the author as a vCard';
my $vc = make_record(author_name => "Jan\nEND:VCARD, de; Tweede");
like oai(verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$vc", metadataPrefix => 'lom'),
    qr{FN:Jan\\nEND:VCARD\\, de\\; Tweede\nEND:VCARD}, 'lom: a name cannot add vCard lines';
my $lt = token(oai(verb => 'ListRecords', metadataPrefix => 'lom'));
like oai(verb => 'ListRecords', resumptionToken => $lt), qr{<metadata><lom }, 'lom through a resumption token';

# ---- every error code --------------------------------------------------------
my @bad_verb = ([], [ verb => 'Nope' ], [ verb => 'identify' ]);
for my $args (@bad_verb) {
    my $e = oai(@$args);
    t_is(error_code($e), 'badVerb', "badVerb: @$args");
    like $e, $NS_REQ, 'badVerb: request without attributes';
}
my $rep = GET('/oai?verb=Identify&verb=Identify')->decoded_content;
t_is(error_code($rep), 'badVerb', 'a repeated verb: badVerb');
ok valid($rep), 'repeated verb answer valid';
my @bad_arg = (
    [ verb => 'Identify', foo => 'bar' ],
    [ verb => 'ListRecords' ],
    [ verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$odd" ],
    [ verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', from => '2026-13-01' ],
    [ verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', from => '2026-01-01T00:00:00' ],
    [ verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', from => '2026-01-01', until => '2026-02-01T00:00:00Z' ],
    [ verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', from => '2026-02-01', until => '2026-01-01' ],
    [ verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', resumptionToken => $t1 ],
    [ verb => 'ListSets', set => 'kind:site' ],
);
for my $args (@bad_arg) {
    my $e = oai(@$args);
    t_is(error_code($e), 'badArgument', "badArgument: @$args[2..$#$args]");
    like $e, $NS_REQ, 'badArgument: request without attributes';
}
$rep = GET('/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&metadataPrefix=oai_dc')->decoded_content;
t_is(error_code($rep), 'badArgument', 'a repeated argument: badArgument');
$rep = GET('/oai?verb=Identify&x=%G1')->decoded_content;
t_is(error_code($rep), 'badArgument', 'a malformed query string: badArgument');
$rep = GET('/oai?verb=ListRecords&metadataPrefix=oai_dc&set=kind%01site');
t_is($rep->code, 200, 'a control character in an argument: still an OAI answer (200)');
t_is(error_code($rep->decoded_content), 'badArgument', '... badArgument');
t_is(error_code(oai(verb => 'ListRecords', metadataPrefix => 'marc21')), 'cannotDisseminateFormat',
     'ListRecords of an unknown format: cannotDisseminateFormat');
t_is(error_code(oai(verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$odd", metadataPrefix => 'lom2')),
     'cannotDisseminateFormat', 'GetRecord of an unknown format: cannotDisseminateFormat');
for my $id ('oai:127.0.0.1:record:999999999', "oai:127.0.0.1:record:0$odd", "oai:example.org:record:$odd",
            'nonsense', "oai:127.0.0.1:record:$pending") {
    t_is(error_code(oai(verb => 'GetRecord', identifier => $id, metadataPrefix => 'oai_dc')),
         'idDoesNotExist', "GetRecord $id: idDoesNotExist");
}
t_is(error_code(oai(verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', from => '2100-01-01')),
     'noRecordsMatch', 'nothing from 2100: noRecordsMatch');
t_is(error_code(oai(verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', set => 'kind:nope')),
     'noRecordsMatch', 'an unknown set: noRecordsMatch');
t_is(error_code(oai(verb => 'ListRecords', metadataPrefix => 'oai_dc', set => 'colour:blue')),
     'noRecordsMatch', 'a set of another hierarchy: noRecordsMatch');
my $tampered = $t1;
substr($tampered, 10, 1) = substr($tampered, 10, 1) eq 'a' ? 'b' : 'a';
for my $t ('garbage', $tampered, substr($t1, 0, -1), '') {
    t_is(error_code(oai(verb => 'ListRecords', resumptionToken => $t)), 'badResumptionToken',
         'a token we did not issue: badResumptionToken');
}

# ---- from / until, in seconds and days ---------------------------------------
my @dated = make_records(3);
db()->do(q{UPDATE records SET oai_datestamp = timestamptz '2001-02-03 04:05:05+00'
                                              + (id - ?) * interval '1 second'
           WHERE id = ANY(?)}, undef, $dated[0], \@dated);
sub listed { my @a = @_; return [ ids(headers(oai(verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', @a))) ] }
is_deeply listed(from => '2001-02-03T04:05:06Z', until => '2001-02-03T04:05:06Z'), [ $dated[1] ],
    'from = until = one second: that record';
is_deeply listed(until => '2001-02-03T04:05:06Z'), [ @dated[0, 1] ], 'until is inclusive';
is_deeply listed(from => '2001-02-03', until => '2001-02-03'), \@dated, 'day granularity: the whole day';
is_deeply listed(from => '2001-02-03T04:05:06Z', until => '2001-02-04T00:00:00Z'), [ @dated[1, 2] ],
    'from is inclusive';
like oai(verb => 'ListIdentifiers', metadataPrefix => 'oai_dc', until => '2001-02-03T04:05:06Z'),
    qr{<request verb="ListIdentifiers" metadataPrefix="oai_dc" until="2001-02-03T04:05:06Z">},
    'the request element echoes the arguments';
like oai(verb => 'Identify'), qr{<earliestDatestamp>2001-02-03T04:05:05Z</earliestDatestamp>},
    'earliestDatestamp is the oldest datestamp';

# ---- sets ----------------------------------------------------------------------
my ($sites) = harvest('ListIdentifiers', set => 'kind:site');
t_is(scalar @$sites, one(q{SELECT count(*) FROM records WHERE kind = 'site' AND published_at IS NOT NULL}),
     'set kind:site: every site');
ok !(grep { !grep { $_ eq 'kind:site' } @{ $_->{sets} } } @$sites), 'set kind:site: only sites';
my ($lcode, $scode) = (one(q{SELECT code FROM levels ORDER BY position LIMIT 1}),
                       one(q{SELECT code FROM subjects ORDER BY position LIMIT 1}));
my ($lv) = harvest('ListIdentifiers', set => "level:$lcode");
t_is(scalar @$lv, one(q{SELECT count(*) FROM records r JOIN record_levels rl ON rl.record_id = r.id
                        JOIN levels v ON v.id = rl.level_id WHERE v.code = ? AND r.published_at IS NOT NULL}, $lcode),
     "set level:$lcode: every record of that level");
my ($sj) = harvest('ListRecords', set => "subject:$scode");
t_is(scalar @$sj, one(q{SELECT count(*) FROM records r JOIN record_subjects rs ON rs.record_id = r.id
                        JOIN subjects s ON s.id = rs.subject_id WHERE s.code = ? AND r.published_at IS NOT NULL}, $scode),
     "set subject:$scode: every record of that subject");

# ---- datestamps move; taken down and removed records answer as deleted --------
my $admin = make_member(role => 'admin');
my ($down, $gone, $edited) = make_records(3);
db()->do(q{UPDATE records SET oai_datestamp = timestamptz '2002-01-01 00:00:00+00' WHERE id = ANY(?)},
         undef, [ $down, $gone, $edited ]);
t_is(one(q{SELECT kc_record_takedown(?, ?, 'copyright')}, $admin, $down), 'ok', 'taken down');
like one(q{SELECT kc_record_remove(?, ?, 'spam')}, $admin, $gone), qr/^ok/, 'removed';
db()->do(q{UPDATE records SET title = 'Nieuwe titel' WHERE id = ?}, undef, $edited);
for my $id ($down, $gone) {
    $body = oai(verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$id", metadataPrefix => 'oai_dc');
    my ($dh) = headers($body);
    ok $dh && $dh->{deleted}, "record $id answers as deleted";
    ok $dh && $dh->{datestamp} gt '2002-01-01T00:00:00Z', "record $id: a later datestamp";
    unlike $body, qr{<metadata>}, "record $id: no metadata";
}
$body = oai(verb => 'GetRecord', identifier => "oai:127.0.0.1:record:$edited", metadataPrefix => 'oai_dc');
my ($eh) = headers($body);
ok $eh && !$eh->{deleted} && $eh->{datestamp} gt '2002-01-01T00:00:00Z', 'an edited title moves the datestamp';
like $body, qr{<dc:title>Nieuwe titel</dc:title>}, 'and shows the new title';
my $before = one(q{SELECT oai_datestamp FROM records WHERE id = ?}, $edited);
db()->do(q{UPDATE records SET oai_datestamp = timestamptz '2002-01-01 00:00:00+00', rating_count = rating_count
           WHERE id = ?}, undef, $edited);
t_is(one(q{SELECT oai_datestamp = timestamptz '2002-01-01 00:00:00+00' FROM records WHERE id = ?}, $edited), 1,
     'a change a harvester does not see leaves the datestamp');
db()->do(q{INSERT INTO record_subjects (record_id, subject_id)
           SELECT ?, id FROM subjects ORDER BY position DESC LIMIT 1}, undef, $edited);
ok one(q{SELECT oai_datestamp > timestamptz '2002-01-01 00:00:00+00' FROM records WHERE id = ?}, $edited),
   'a new subject moves the datestamp';
my $now = one(q{SELECT to_char(now() AT TIME ZONE 'UTC' - interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')});
my ($recent) = harvest('ListIdentifiers', from => $now);
my %rec = map { $_->{id} => $_ } @$recent;
ok $rec{$down} && $rec{$down}{deleted} && $rec{$gone} && $rec{$gone}{deleted},
   'an incremental harvest sees the deletions';
ok $rec{$edited} && !$rec{$edited}{deleted}, 'and the edit';
