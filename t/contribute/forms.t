# Contributing (spec/moderation.md): the kind chooser, the form of each
# of the 12 kinds, a valid submission of each (saved as pending with the
# member as author, its subjects, levels, licence and kind-specific
# details), and every refusal: 400 naming the field, nothing written.
#
# Resolutions of the spec used here:
# - Kind-specific fields are kept in records.details under the form's field
#   names (details.start_date, details.place, details.word, ...); url and
#   file go to records.url / records.file_*.
# - "file or url" missing for document/image/audio/video/software/exercise:
#   the error names file or url (or both), nothing else.
# - /contribute needs a member: a visitor is sent to /login?next=...
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db);
use KC::Account qw(forget_login_failures error_fields input_value csrf_in);
use KC::Contribute qw(KINDS kind_fields field_pairs contribute record_row count_records
                      record_codes unique_url);

my @KINDS = KINDS;

# What each kind must store besides the common fields: details keys (with
# the values sent), and whether url / a file is kept.
my %STORE = (
    calendar => { details => [qw(start_date end_date place organiser)] },
    article  => { details => [qw(body)] },
    document => { file => 'application/pdf' },
    site     => { url => 1 },
    own_site => { url => 1 },
    software => { url => 1 },
    exercise => { url => 1 },
    lemma    => { details => [qw(word word_language explanation)] },
    image    => { file => 'image/png' },
    audio    => { url => 1 },
    video    => { url => 1 },
    product  => { details => [qw(supplier)], url => 1 },
);

# Refusals per kind: [ description, field changes, expected error field(s) (regexp) ].
my $FILE_OR_URL = qr/^(?:file|url|file,url)$/;
my %BAD = (
    calendar => [ [ 'no start_date', { start_date => undef }, qr/^start_date$/ ],
                  [ 'start_date 2031-02-30', { start_date => '2031-02-30' }, qr/^start_date$/ ],
                  [ 'no place and no online_url', { place => undef }, qr/^place$/ ] ],
    article  => [ [ 'no body', { body => undef }, qr/^body$/ ] ],
    document => [ [ 'neither file nor url', { file => undef }, $FILE_OR_URL ] ],
    site     => [ [ 'no url', { url => undef }, qr/^url$/ ] ],
    own_site => [ [ 'no url', { url => undef }, qr/^url$/ ] ],
    software => [ [ 'neither file nor url', { url => undef }, $FILE_OR_URL ] ],
    exercise => [ [ 'neither file nor url', { url => undef }, $FILE_OR_URL ] ],
    lemma    => [ [ 'no word', { word => undef }, qr/^word$/ ],
                  [ 'no word_language', { word_language => undef }, qr/^word_language$/ ],
                  [ 'word_language xx', { word_language => 'xx' }, qr/^word_language$/ ],
                  [ 'no explanation', { explanation => undef }, qr/^explanation$/ ] ],
    image    => [ [ 'neither file nor url', { file => undef }, $FILE_OR_URL ] ],
    audio    => [ [ 'neither file nor url', { url => undef }, $FILE_OR_URL ] ],
    video    => [ [ 'neither file nor url', { url => undef }, $FILE_OR_URL ] ],
    product  => [ [ 'no supplier', { supplier => undef }, qr/^supplier$/ ],
                  [ 'no url', { url => undef }, qr/^url$/ ] ],
);
my $n_bad = 0;
$n_bad += @{ $BAD{$_} } for @KINDS;

# Refusals of the common fields, tried on a website (kind site).
my @COMMON = (
    [ 'no title',                { title => undef },                   qr/^title$/ ],
    [ 'a title of 301 characters', { title => 'T' x 301 },             qr/^title$/ ],
    [ 'no description',          { description => undef },             qr/^description$/ ],
    [ 'a description of 10001 characters', { description => 'b' x 10001 }, qr/^description$/ ],
    [ 'no subject',              { subjects => undef },                qr/^subjects$/ ],
    [ 'no level',                { levels => undef },                  qr/^levels$/ ],
    [ 'language xx',             { language => 'xx' },                 qr/^language$/ ],
    [ 'confirm_rights not ticked', { confirm_rights => undef },        qr/^confirm_rights$/ ],
    [ 'url javascript:alert(1)', { url => 'javascript:alert(1)' },     qr/^url$/ ],
    [ 'url ftp://',              { url => 'ftp://example.test/les.pdf' }, qr/^url$/ ],
    [ 'url of 2001 characters',  { url => 'https://example.test/' . ('a' x 1980) }, qr/^url$/ ],
);

plan tests => 5 + 7 * @KINDS + 3 + 3 * $n_bad + 3 * @COMMON + 3 + 1, need_lwp;

forget_login_failures();

my $c = KC::Account->registered;
my $author_name = "$c->{first_name} $c->{surname}";

# ---- the chooser and the forms (5) ---------------------------------------------------
my $v = KC::Account->new;
my $res = $v->get('/contribute/document');
ok $res->code == 303 && ($res->header('Location') // '') eq '/login?next=/contribute/document',
   'a visitor GET /contribute/document: 303 to /login?next=/contribute/document'
   or diag('status ' . $res->code . ' location ' . ($res->header('Location') // ''));

$res = $c->get('/contribute');
t_is($res->code, 200, 'a member GET /contribute: 200');
my $html = $res->content;
my @missing = grep { $html !~ m{href="/contribute/\Q$_\E"} } @KINDS;
ok !@missing, '... links to /contribute/{kind} for the 12 kinds' or diag("missing: @missing");

my @no_form = grep {
    my $r = $c->get("/contribute/$_");
    !($r->code == 200 && defined csrf_in($r->content) && $r->content =~ /multipart\/form-data/i)
} @KINDS;
ok !@no_form, 'GET /contribute/{kind}: 200, a multipart form with a csrf field, for each kind'
   or diag("wrong: @no_form");
t_is($c->get('/contribute/nope')->code, 404, 'GET /contribute/nope: 404');

# ---- a valid submission of each kind (7 each) ------------------------------------------
for my $kind (@KINDS) {
    my ($r, $id, $f) = contribute($c, $kind);
    t_is($r->code, 303, "$kind: a valid submission -> 303");
    t_is($r->header('Location') // '', '/me/contributions?done=submitted',
         "$kind: ... to /me/contributions?done=submitted");
    my $row = $id ? record_row($id) : {};
    is_deeply({ map { ($_ => $row->{$_}) } qw(kind state author_id author_name language description) },
              { kind => $kind, state => 'pending', author_id => $c->{id}, author_name => $author_name,
                language => 'nl', description => $f->{description} },
              "$kind: DB: one pending record of this kind by the member, with the description");
    is_deeply([ $id ? (record_codes($id, 'subjects'), record_codes($id, 'levels')) : () ],
              [ ['wiskunde'], ['secundair-1'] ], "$kind: DB: its subject and level");
    is $row->{licence}, 'by', "$kind: DB: licence by (may adapt, may use commercially)";
    my %want = (%{ $STORE{$kind} });
    my (%got, %exp);
    for my $k (@{ $want{details} // [] }) {
        $got{"details.$k"} = $row->{details} ? $row->{details}{$k} : undef;
        $exp{"details.$k"} = $f->{$k};
    }
    if ($want{url}) {
        $got{url} = $row->{url};
        $exp{url} = $f->{url};
    }
    if ($want{file}) {
        $got{file_type} = $row->{file_type};
        $exp{file_type} = $want{file};
        $got{file_name} = $row->{file_name};
        $exp{file_name} = $f->{file}[1];
        $got{file_size} = $row->{file_size};
        $exp{file_size} = length $f->{file}[5];     # [undef, name, 'Content-Type' => t, Content => bytes]
    }
    is_deeply(\%got, \%exp, "$kind: DB: the kind's own fields (" . join(', ', sort keys %exp) . ')');
    my $count = db()->selectrow_array(q{SELECT count(*) FROM records WHERE title = ?}, undef, $f->{title});
    is $count, 1, "$kind: DB: exactly one record with that title";
}

# ---- a calendar activity online (3) ---------------------------------------------------------
{
    my $online = unique_url();
    my ($r, $id) = contribute($c, 'calendar', place => undef, online_url => $online);
    t_is($r->code, 303, 'calendar without place but with online_url: 303');
    my $row = $id ? record_row($id) : {};
    is $row->{details} ? $row->{details}{online_url} : undef, $online, '... DB: details.online_url';
    my $d = $row->{details} // {};
    ok !defined $d->{place} || $d->{place} eq '', '... and no place';
}

# ---- refusals of the kind fields (3 each) ----------------------------------------------------
sub refused {
    my ($what, $kind, $change, $want) = @_;
    my ($r, undef, $f) = contribute($c, $kind, %$change);
    t_is($r->code, 400, "$what: 400");
    t_is(join(',', error_fields($r->content)), $want, "$what: ... data-field names it");
    is count_records($f->{title}, $f->{description}), 0, "$what: ... DB: no record written";
    return $r;
}

for my $kind (@KINDS) {
    for my $bad (@{ $BAD{$kind} }) {
        my ($what, $change, $want) = @$bad;
        refused("$kind, $what", $kind, $change, $want);
    }
}

# ---- refusals of the common fields (3 each) -------------------------------------------------
for my $bad (@COMMON) {
    my ($what, $change, $want) = @$bad;
    refused("site, $what", 'site', $change, $want);
}

# ---- a refused form keeps what was typed (3) -------------------------------------------------------
{
    my $f = kind_fields('lemma', description => undef);
    my $r = $c->post_multipart('/contribute/lemma', field_pairs($f));
    t_is($r->code, 400, 'lemma without description: 400');
    is input_value($r->content, 'title'), $f->{title}, '... the title is refilled';
    is input_value($r->content, 'word'), $f->{word}, '... and the word';
}

# ---- a javascript: url for a document without file (1) -----------------------------------------
{
    my ($r) = contribute($c, 'document', file => undef, url => 'javascript:alert(1)');
    ok $r->code == 400 && join(',', error_fields($r->content)) eq 'url',
       'document with url javascript:alert(1) and no file: 400 naming url'
       or diag('status ' . $r->code . ' fields ' . join(',', error_fields($r->content)));
}

forget_login_failures();
