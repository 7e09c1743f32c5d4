# Files of contributions (spec/moderation.md, spec/records.md): stored
# once by SHA-256 as UPLOADDIR/ab/cd/<sha256>, the original name kept;
# the type comes from the content, not from the name or the declared
# type; over KlasCementMaxUpload (1 MB in the suite) -> 413 and nothing
# left anywhere under the upload dir (tmp/ included), no record row.
#
# Resolutions of the spec used here:
# - Uploading bytes that another record already has is a duplicate warning
#   (409); the second upload here confirms it (confirm_duplicate=1).
# - The PNG tried for a video is a fresh one (not the image's), so that the
#   type refusal (400 file) is not mixed up with the duplicate warning, and
#   "nothing stored" can be seen on disk.
# - Editing a contribution without a file keeps the file.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Digest::SHA qw(sha256_hex);
use KC::Test qw(t_is db expect_errors);
use KC::Account qw(forget_login_failures error_fields has_error_field);
use KC::Contribute qw(contribute kind_fields field_pairs record_row count_records
                      pdf_bytes png_bytes mp3_bytes zip_bytes elf_bytes
                      stored_path upload_files wait_upload_files unique_title);

plan tests => 35, need_lwp;

forget_login_failures();

my $c = KC::Account->registered;
sub part { return KC::Account::file_part(@_) }
sub slurp {
    my ($path) = @_;
    open my $fh, '<:raw', $path or return undef;
    local $/;
    return scalar <$fh>;
}
sub files_named {
    my ($sha) = @_;
    return scalar grep { m{(?:^|/)\Q$sha\E$} } upload_files();
}
sub file_cols {
    my ($id) = @_;
    my $r = $id ? record_row($id) : {};
    return { map { ($_ => $r->{$_}) } qw(file_sha256 file_name file_type file_size) };
}

# ---- a PDF for a document (5) ----------------------------------------------------------
my $pdf = pdf_bytes();
my $sha = sha256_hex($pdf);
my ($res, $id) = contribute($c, 'document',
    file => part('Lesbrief breuken 1e graad.pdf', 'application/pdf', $pdf));
t_is($res->code, 303, 'a PDF for a document: 303');
is_deeply(file_cols($id), { file_sha256 => $sha, file_name => 'Lesbrief breuken 1e graad.pdf',
                            file_type => 'application/pdf', file_size => length $pdf },
          '... DB: file_sha256, file_name (as uploaded), file_type application/pdf, file_size');
my $path = stored_path($sha);
ok -f $path, '... stored as uploads/' . substr($sha, 0, 2) . '/' . substr($sha, 2, 2) . '/<sha256>';
ok defined slurp($path) && slurp($path) eq $pdf, '... with exactly the uploaded bytes';
my $in_tmp;
for (1 .. 30) {
    $in_tmp = grep { m{^tmp/} } upload_files();
    last unless $in_tmp;
    select undef, undef, undef, 0.1;
}
is $in_tmp, 0, '... and nothing left in tmp/';

# ---- the same bytes for another record: stored once (4) -----------------------------------------
my ($res2, $id2) = contribute($c, 'document', confirm_duplicate => 1,
    file => part('kopie.pdf', 'application/pdf', $pdf));
t_is($res2->code, 303, 'the same PDF for a second record (duplicate confirmed): 303');
is scalar(db()->selectrow_array(q{SELECT count(*) FROM records WHERE file_sha256 = ?}, undef, $sha)), 2,
   '... DB: two records with that sha256';
is files_named($sha), 1, '... one file on disk';
is $id2 ? record_row($id2)->{file_name} : undef, 'kopie.pdf', '... the second record keeps its own name';

# ---- editing without a file keeps it (3) ---------------------------------------------------------
{
    my $new_title = unique_title('Lesbrief');
    my $f = kind_fields('document', title => $new_title, file => undef);
    my $r = $c->post_multipart("/me/contributions/$id/edit", field_pairs($f), from => '/');
    t_is($r->code, 303, 'editing the document without a file: 303');
    is $id ? record_row($id)->{title} : undef, $new_title, '... DB: the title changed';
    is file_cols($id)->{file_sha256}, $sha, '... and the file is kept';
}

# ---- over the limit (1.1 MB > 1 MB): 413 (5) ----------------------------------------------------
{
    my $big = pdf_bytes(pad => 1_100_000);
    my @before = upload_files();
    my ($r, $bid, $f) = expect_errors(sub {
        contribute($c, 'document', file => part('groot.pdf', 'application/pdf', $big));
    });
    t_is($r->code, 413, 'a PDF of 1.1 MB (limit 1 MB): 413');
    my $body = $r->content // '';
    ok has_error_field($body, 'file') || $body =~ /\bfile\b/, '... the page names the field "file"';
    my @after = wait_upload_files(\@before);
    is_deeply(\@after, \@before, '... no file left under the upload dir (tmp/ included)');
    ok !-e stored_path(sha256_hex($big)), '... not stored under its sha256';
    is count_records($f->{title}, $f->{description}), 0, '... DB: no record';
}

# ---- an executable called lesson.pdf (4) ----------------------------------------------------------
{
    my $elf = elf_bytes();
    my @before = upload_files();
    my ($r, undef, $f) = contribute($c, 'document', file => part('lesson.pdf', 'application/pdf', $elf));
    t_is($r->code, 400, 'an ELF executable named lesson.pdf, declared application/pdf: 400');
    t_is(join(',', error_fields($r->content)), 'file', '... data-field="file"');
    my @after = wait_upload_files(\@before);
    ok join("\n", @after) eq join("\n", @before) && !-e stored_path(sha256_hex($elf)),
       '... nothing stored (no new file under the upload dir)';
    is count_records($f->{title}, $f->{description}), 0, '... DB: no record';
}

# ---- an image: PNG; a PNG called x.pdf is still a PNG (5) -------------------------------------------------
{
    my $png = png_bytes();
    my ($r, $iid) = contribute($c, 'image', file => part('bord.png', 'image/png', $png));
    t_is($r->code, 303, 'a PNG for an image: 303');
    is_deeply(file_cols($iid), { file_sha256 => sha256_hex($png), file_name => 'bord.png',
                                 file_type => 'image/png', file_size => length $png },
              '... DB: the file columns, image/png');
    ok -f stored_path(sha256_hex($png)), '... stored under its sha256';

    my $png2 = png_bytes();
    ($r, $iid) = contribute($c, 'image', file => part('schema.pdf', 'application/pdf', $png2));
    t_is($r->code, 303, 'a PNG named schema.pdf, declared application/pdf, for an image: 303');
    is file_cols($iid)->{file_type}, 'image/png', '... DB: file_type image/png (sniffed)';
}

# ---- a PNG is no video; a PDF is no software (6) ---------------------------------------------------
{
    my $png = png_bytes();
    my @before = upload_files();
    my ($r, undef, $f) = contribute($c, 'video', url => undef, file => part('film.png', 'image/png', $png));
    t_is($r->code, 400, 'a PNG for a video: 400');
    t_is(join(',', error_fields($r->content)), 'file', '... data-field="file"');
    my @after = wait_upload_files(\@before);
    ok join("\n", @after) eq join("\n", @before) && !-e stored_path(sha256_hex($png))
       && count_records($f->{title}, $f->{description}) == 0,
       '... nothing stored, no record';

    my $p = pdf_bytes();
    ($r, undef, $f) = contribute($c, 'software', url => undef, file => part('setup.zip', 'application/zip', $p));
    t_is($r->code, 400, 'a PDF (named setup.zip) for software: 400');
    t_is(join(',', error_fields($r->content)), 'file', '... data-field="file"');
    is count_records($f->{title}, $f->{description}), 0, '... DB: no record';
}

# ---- audio (MP3) and software (zip) by content (3) -------------------------------------------------
{
    my ($r, $aid) = contribute($c, 'audio', url => undef, file => part('lied.mp3', 'audio/mpeg', mp3_bytes()));
    ok $r->code == 303 && (file_cols($aid)->{file_type} // '') eq 'audio/mpeg',
       'an MP3 for audio: 303, file_type audio/mpeg' or diag('status ' . $r->code);
    ($r, $aid) = contribute($c, 'software', url => undef,
                            file => part('rekentool.zip', 'application/octet-stream', zip_bytes()));
    ok $r->code == 303 && (file_cols($aid)->{file_type} // '') eq 'application/zip',
       'a zip (declared application/octet-stream) for software: 303, file_type application/zip'
       or diag('status ' . $r->code);
    ($r, $aid) = contribute($c, 'exercise', url => undef,
                            file => part('oefeningen.txt', 'text/plain', "Oefening 1: 3/4 + 1/8 = ?\n" . unique_title('Oef') . "\n"));
    ok $r->code == 303 && (file_cols($aid)->{file_type} // '') =~ m{^text/plain\b},
       'a text file for an exercise: 303, file_type text/plain' or diag('status ' . $r->code);
}

forget_login_failures();
