# GET /records/ID/download (spec/records.md "Reading"): only for a member
# who unlocked the record (or its author, a moderator, an admin); the file
# comes from KlasCementUploadDir/ab/cd/<sha256> through an internal
# redirect, as an attachment under its original name; the internal
# location itself is never reachable from outside.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Encode ();
use URI::Escape qw(uri_unescape);
use KC::Test qw(t_is db make_record uniq expect_errors);
use KC::Account qw(make_role_member);
use KC::Search qw(add_file balance_of unlock_count links decode_json_res);

plan tests => 19, need_lwp;

my $author = KC::Account->registered;
my $rid = make_record(author_id => $author->{id}, kind => 'document',
                      title => uniq('Werkblad met bestand'));
# Bytes that survive nothing but a byte-exact copy: every byte value, a
# NUL, CR/LF pairs and a unique tail.
my $bytes = "%PDF-1.4\n" . join('', map { chr } 0 .. 255) . "\r\n\0\r\n" . uniq('einde') . "\n";
my $name = "Werkblad breuken \x{e9}\x{e9}n.pdf";
my $sha = add_file($rid, $bytes, $name, 'application/pdf');
my $internal = '/_kc_files/' . substr($sha, 0, 2) . '/' . substr($sha, 2, 2) . "/$sha";

# ---- visitor -----------------------------------------------------------------------------------
my $visitor = KC::Account->new;
{
    my $res = $visitor->get("/records/$rid/download");
    t_is($res->code, 303, 'a visitor asking for the file: 303');
    t_is($res->header('Location') // '', qr{^/login\?next=/records/\Q$rid\E/download$},
         '... to the login page, with the way back');
}

# ---- a member who has not unlocked the record --------------------------------------------------
my $member = KC::Account->registered;
{
    my $res = $member->get("/records/$rid/download");
    t_is($res->code, 403, 'a member who has not read the record: 403');
    ok(index($res->content, $bytes) < 0 && balance_of($member->{id}) == 1000
       && unlock_count($member->{id}) == 0, '... no bytes, nothing spent, nothing unlocked');
}

# ---- after reading (unlocking) it ----------------------------------------------------------------
{
    my $page = $member->read_record($rid);
    t_is($page->code, 200, 'the member reads the record (10 points)');
    ok((grep { ($_->{href} // '') eq "/records/$rid/download" } links($page)),
       '... the detail page links to /records/ID/download');

    my $res = $member->get("/records/$rid/download");
    t_is($res->code, 200, 'now the download answers 200');
    ok($res->content eq $bytes, '... with exactly the stored bytes')
        or diag('got ' . length($res->content) . ' bytes, want ' . length $bytes);
    my $cd = $res->header('Content-Disposition') // '';
    my ($enc) = $cd =~ /\bfilename\*\s*=\s*UTF-8''([^;\s]+)/i;
    my $got = defined $enc ? eval { Encode::decode('UTF-8', uri_unescape($enc), Encode::FB_CROAK) } : undef;
    ok($cd =~ /^\s*attachment\s*(?:;|$)/i && defined $got && $got eq $name,
       "... Content-Disposition: attachment; filename*=UTF-8''<the original name>")
        or diag("Content-Disposition: $cd");
    t_is(balance_of($member->{id}), 990, 'downloading costs nothing beyond the read');

    my $json = decode_json_res($member->get("/records/$rid", Accept => 'application/json'));
    t_is(ref $json eq 'HASH' ? $json->{download} // 'null' : 'no JSON', qr{/records/\Q$rid\E/download$},
         'the JSON detail names the download URL');
}

# ---- author and moderator ------------------------------------------------------------------------
{
    my $res = $author->get("/records/$rid/download");
    ok($res->code == 200 && $res->content eq $bytes, 'the author downloads without unlocking');
    my $mod = make_role_member('moderator');
    my $m = $mod->get("/records/$rid/download");
    ok($m->code == 200 && $m->content eq $bytes && unlock_count($mod->{id}) == 0,
       'a moderator downloads without unlocking');
}

# ---- no file, no record -----------------------------------------------------------------------------
{
    my $nofile = make_record(title => uniq('Zonder bestand'));
    $member->read_record($nofile);
    t_is(unlock_count($member->{id}, $nofile), 1, 'the member unlocked a record without a file');
    t_is($member->get("/records/$nofile/download")->code, 404, '... whose download is 404');
    t_is($member->get('/records/999999999/download')->code, 404, 'an unknown record\'s download: 404');
}

# ---- the internal location is not public ---------------------------------------------------------------
# (httpd may log "client denied by server configuration": expected here.)
(my $odd = $internal) =~ s{^/_kc_files/}{/%5Fkc%5Ffiles/};    # httpd decodes it before matching
my @direct = expect_errors(sub {
    return ($visitor->get($internal), $member->get($internal), $member->get($odd));
});
for my $i (0, 1) {
    my $res = $direct[$i];
    my $label = $i ? 'member who unlocked it' : 'visitor';
    ok(($res->code == 403 || $res->code == 404) && index($res->content, $bytes) < 0,
       "a direct request for $internal by a $label: 403 or 404, never the bytes")
        or diag('status ' . $res->code);
}
ok(($direct[2]->code == 403 || $direct[2]->code == 404) && index($direct[2]->content, $bytes) < 0,
   'nor with the path percent-encoded (/%5Fkc%5Ffiles/...)') or diag('status ' . $direct[2]->code);
