# What forms refuse before anything is written:
# - a C0 control character other than tab, CR, LF in any text field
#   (U+001E / U+001F are the separators of the joined details: a value
#   holding them could pose as extra detail rows): 400 naming the field,
#   in multipart contribution forms and urlencoded forms alike;
# - a multipart POST whose first field is not a valid CSRF token: 403 as
#   soon as that is known, before the file part reaches the disk (seen
#   with an unwritable upload tmp/ directory: the file is never begun);
# - editing a contribution whose kind has no form in this build: 404.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record);
use KC::Account qw(forget_login_failures error_fields);
use KC::Community qw(reader react);
use KC::Contribute qw(contribute kind_fields field_pairs count_records upload_root
                      upload_files wait_upload_files pdf_bytes);

plan tests => 33, need_lwp;

forget_login_failures();
my $c = KC::Account->registered;

# ---- control characters in a contribution's kind-specific field (5) -------------------
my ($res, $id, $f) = contribute($c, 'calendar', place => "Gent\x{1e}online_url\x{1f}https://evil.example");
t_is($res->code, 400, 'U+001E/U+001F in a calendar activity\'s place: 400');
is_deeply [ error_fields($res->decoded_content) ], ['place'], '... naming the field place';
is count_records($f->{title}), 0, '... and no record row';
($res, $id, $f) = contribute($c, 'lemma', explanation => "Uitleg\x{07} met een bel");
t_is($res->code, 400, 'U+0007 in a lemma\'s explanation: 400');
is_deeply [ error_fields($res->decoded_content) ], ['explanation'], '... naming explanation';

# ---- tab, CR and LF pass (2) --------------------------------------------------------------
($res, $id, $f) = contribute($c, 'article', body => "Regel een\r\n\tRegel twee\nRegel drie " . time);
t_is($res->code, 303, 'tab, CR and LF in an article body: accepted (303)');
ok $id, '... the record is there';

# ---- in a reaction (urlencoded) (3) -----------------------------------------------------------
my $rec = make_record();
my $r = reader($rec);
my $body = "Goede les\x{1e}maar dit is geen tweede rij " . time;
my ($rres, $rid) = react($r, $rec, $body);
t_is($rres->code, 400, 'U+001E in a reaction: 400');
is_deeply [ error_fields($rres->decoded_content) ], ['body'], '... naming the field body';
ok !defined $rid, '... and no reaction row';

# ---- in a registration field (2) ---------------------------------------------------------------
my $visitor = KC::Account->new;
my ($reg) = $visitor->register(first_name => "An\x{1f}na");
t_is($reg->code, 400, 'U+001F in a first name at registration: 400');
is_deeply [ error_fields($reg->decoded_content) ], ['first_name'], '... naming first_name';

# ---- in a query string (4) ----------------------------------------------------------------------
my $get = $visitor->get('/records?q=breuken%07&kind=site');
t_is($get->code, 400, 'U+0007 in a search query string: 400');
is_deeply [ error_fields($get->decoded_content) ], ['q'], '... naming the parameter q';
$get = $visitor->get('/members?q=An%1Ena');
t_is($get->code, 400, 'U+001E in the member search\'s q: 400');
t_is($visitor->get('/records.atom?subject=wiskunde%1F')->code, 400, '... and in /records.atom\'s subject: 400');

# ---- a query string is read as a form: '+' is a space; bad escapes refused (3) -----------
my $w = 'Plusteken' . int(rand(1e9));
my $plus = make_record(title => "$w breuken vergelijken");
like $visitor->get("/records?q=vergelijken+$w")->decoded_content, qr{/records/$plus\b},
     'q=vergelijken+WORD finds "WORD breuken vergelijken": two words, not a phrase';
$get = $visitor->get('/records?q=breuken%G1');
t_is($get->code, 400, 'a malformed escape in a query string: 400');
is_deeply [ error_fields($get->decoded_content) ], ['q'], '... naming q';

# ---- multipart: the CSRF token first, before any file is spooled (11) --------------------
my $tmp = upload_root() . '/tmp';
mkdir $tmp unless -d $tmp;
my @before = wait_upload_files([ upload_files() ]);
my $big = pdf_bytes() . ('%' x 900_000);    # under the suite's 1 MB, over any buffer
my $fields = kind_fields('document', file => KC::Account::file_part('groot.pdf', 'application/pdf', $big));

# With tmp/ unwritable, a file part that the site began would fail with a
# 500; refused first, it is never begun.
chmod 0555, $tmp or die "chmod $tmp: $!";
my $forged = $c->post_multipart('/contribute/document', field_pairs($fields), csrf => 0);
my $bad = $c->post_multipart('/contribute/document', field_pairs($fields), csrf => 'A' x 43);
my $other = KC::Account->registered;
my $theirs = $other->csrf_token('/contribute/document');
my $stolen = $c->post_multipart('/contribute/document', field_pairs($fields), csrf => $theirs);
my $good = $c->csrf_token('/contribute/document');
my $late = $c->post_multipart('/contribute/document',
                              [ @{ field_pairs($fields) }[0 .. 1], csrf => $good,
                                @{ field_pairs($fields) }[2 .. $#{ field_pairs($fields) }] ],
                              csrf => 0);
my $file_first = $c->post_multipart('/contribute/document',
                                    [ file => $fields->{file}, csrf => $good, title => $fields->{title} ],
                                    csrf => 0);
chmod 0755, $tmp;
t_is($forged->code, 403, 'a large upload without a csrf field: 403');
is_deeply [ error_fields($forged->decoded_content) ], ['csrf'], '... naming csrf';
t_is($bad->code, 403, 'with a made-up token: 403');
t_is($stolen->code, 403, 'with another member\'s token: 403');
t_is($late->code, 403, 'with the right token, but not as the first field: 403');
t_is($file_first->code, 403, 'with the file part before the token: 403');
is_deeply [ wait_upload_files(\@before) ], \@before,
    '... no file and no temporary file left under the upload directory';
is count_records($fields->{title}), 0, '... and no record row';
($res, $id) = contribute($c, 'document', title => $fields->{title});
t_is($res->code, 303, 'the token first (as the form has it): the upload is accepted (303)');
ok $id, '... the record is there';
like $c->get('/contribute/document')->decoded_content,
     qr/<form\b[^>]*multipart[^>]*>\s*<input type="hidden" name="csrf"/,
     'the contribution form puts the csrf field first';

# ---- a contribution of a kind this build has no form for (3) -----------------------------
db()->do(q{INSERT INTO record_kinds (code, position, name_nl, name_en)
           VALUES ('podcast', 99, 'Podcast', 'Podcast') ON CONFLICT DO NOTHING});
my $odd = make_record(author_id => $c->{id}, kind => 'podcast', state => 'pending');
$res = $c->get("/me/contributions/$odd/edit");
t_is($res->code, 404, 'editing a pending contribution of an unknown kind: 404');
$res = $c->post_multipart("/me/contributions/$odd/edit", field_pairs(kind_fields('site')),
                          from => '/contribute/site');
t_is($res->code, 404, '... and posting the edit: 404');
is db()->selectrow_array(q{SELECT kind FROM records WHERE id = ?}, undef, $odd), 'podcast',
   '... the record unchanged';
db()->do(q{UPDATE records SET kind = 'article' WHERE id = ?}, undef, $odd);
db()->do(q{DELETE FROM record_kinds WHERE code = 'podcast'});
