package KC::Contribute;
# Helpers for the contributing, moderation and admin tests (t/contribute,
# t/moderation, t/admin; spec/moderation.md): valid forms for the 12 kinds,
# files whose content the site sniffs, record / ledger / audit look-ups,
# the moderation queue's HTML markers.
#
#   my $c = KC::Account->registered;
#   my ($res, $id, $f) = contribute($c, 'lemma', word_language => 'fr');
#   # $res: 303 to /me/contributions?done=submitted; $id: the new record
#   # (found by its unique title), $f: the fields sent
#
# Titles, descriptions and URLs are unique AND unlike each other: the site
# warns about duplicates (same URL, same file hash, or a title with pg_trgm
# similarity >= 0.6 to a published one), so uniq('Titel') style strings,
# which differ only in a counter, would trip that check. Titles here are
# a short label and two words of random letters, no digits.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Carp qw(croak);
use Digest::SHA qw(sha256 sha256_hex);
use File::Find ();
use JSON::PP ();
use POSIX ();
use KC::Test qw(db uniq);
use KC::Account ();

our @EXPORT_OK = qw(KINDS rand_word unique_title unique_text unique_url
                    subject_id level_id kind_fields field_pairs contribute
                    record_row record_id_by_title count_records record_codes
                    pdf_bytes png_bytes mp3_bytes zip_bytes elf_bytes
                    upload_root stored_path upload_files wait_upload_files
                    kind_points ledger_by_key balance
                    set_moderator_levels audit_rows
                    act review_fields approve
                    queue_items queue_ids queue_item report_close_ids report_id_near
                    text_of notifications_text duplicates_section strip_dates
                    status_fields);

use constant KINDS => qw(calendar article document site own_site software exercise
                         lemma image audio video product);

# ---------------------------------------------------------------------------
# Unique text
# ---------------------------------------------------------------------------

my $rand_n = 0;
# A lower-case word of $n letters (default 10), random-looking and unique
# to this call (from SHA-256 of a unique string), no digits.
sub rand_word {
    my ($n) = @_;
    $n //= 10;
    my $bytes = sha256(uniq('w') . ':' . ++$rand_n . ':' . rand());
    $bytes .= sha256($bytes) while length $bytes < $n;
    return join '', map { ('a' .. 'z')[ord($_) % 26] } split //, substr($bytes, 0, $n);
}

# "Label xxxxxxxxxx yyyyyyyyyy": unique, unlike any other such title.
sub unique_title {
    my ($label) = @_;
    return ($label // 'Leermiddel') . ' ' . rand_word(10) . ' ' . rand_word(10);
}

# A unique description-like text.
sub unique_text {
    my ($label) = @_;
    return ($label // 'Beschrijving') . ' ' . rand_word(12) . ' voor de klas.';
}

sub unique_url {
    return 'https://example.test/' . rand_word(8) . '/' . rand_word(8) . '.html';
}

# ---------------------------------------------------------------------------
# Taxonomy
# ---------------------------------------------------------------------------

sub subject_id {
    my ($code) = @_;
    my ($id) = db()->selectrow_array(q{SELECT id FROM subjects WHERE code = ?}, undef, $code);
    croak("no subject $code") unless defined $id;
    return $id;
}

sub level_id {
    my ($code) = @_;
    my ($id) = db()->selectrow_array(q{SELECT id FROM levels WHERE code = ?}, undef, $code);
    croak("no level $code") unless defined $id;
    return $id;
}

# ---------------------------------------------------------------------------
# Files (unique bytes: the same file twice is a duplicate warning)
# ---------------------------------------------------------------------------

# A small PDF (as far as the first bytes go, and a readable one besides).
# $pad adds that many bytes of comment (a big PDF).
sub pdf_bytes {
    my (%opt) = @_;
    my $tag = $opt{tag} // uniq('pdf') . rand_word(8);
    my $text = "BT /F1 12 Tf 72 720 Td ($tag) Tj ET";
    my @obj = (
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            . " /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " . length($text) . " >>\nstream\n$text\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    );
    my $pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    $pdf .= '%' . ('x' x 74) . "\n" for 1 .. int(($opt{pad} // 0) / 76);
    my @off;
    for my $i (0 .. $#obj) {
        push @off, length $pdf;
        $pdf .= ($i + 1) . " 0 obj\n$obj[$i]\nendobj\n";
    }
    my $xref = length $pdf;
    $pdf .= "xref\n0 " . (@obj + 1) . "\n0000000000 65535 f \n";
    $pdf .= sprintf("%010d 00000 n \n", $_) for @off;
    $pdf .= "trailer\n<< /Size " . (@obj + 1) . " /Root 1 0 R >>\nstartxref\n$xref\n%%EOF\n";
    return $pdf;
}

# A valid 1x1 PNG with a tEXt chunk that makes it unique.
sub png_bytes {
    my (%opt) = @_;
    require Compress::Zlib;
    my $chunk = sub {
        my ($type, $data) = @_;
        return pack('N', length $data) . $type . $data
             . pack('N', Compress::Zlib::crc32($type . $data));
    };
    my $tag = $opt{tag} // uniq('png') . rand_word(8);
    return "\x89PNG\r\n\x1a\n"
         . $chunk->('IHDR', pack('NNCCCCC', 1, 1, 8, 2, 0, 0, 0))
         . $chunk->('tEXt', "Comment\0$tag")
         . $chunk->('IDAT', Compress::Zlib::compress("\x00\x0b\x4f\x5c"))
         . $chunk->('IEND', '');
}

# An MP3 as far as its first bytes go: an ID3v2.3 tag (a COMM frame with
# the unique text), then one MPEG-1 layer III frame header and silence.
sub mp3_bytes {
    my (%opt) = @_;
    my $tag = $opt{tag} // uniq('mp3') . rand_word(8);
    my $data = "\0eng\0" . $tag;
    my $frame = 'COMM' . pack('N', length $data) . "\0\0" . $data;
    my $size = length $frame;
    my $syncsafe = pack('C4', ($size >> 21) & 0x7f, ($size >> 14) & 0x7f, ($size >> 7) & 0x7f, $size & 0x7f);
    return "ID3\x03\x00\x00" . $syncsafe . $frame . "\xff\xfb\x90\x64" . ("\0" x 413);
}

# An empty zip archive (only the end-of-central-directory record) whose
# archive comment makes it unique.
sub zip_bytes {
    my (%opt) = @_;
    my $tag = $opt{tag} // uniq('zip') . rand_word(8);
    return "PK\x05\x06" . pack('vvvvVVv', 0, 0, 0, 0, 0, 0, length $tag) . $tag;
}

# The start of an ELF executable (x86-64), with NUL bytes: nothing the site
# accepts, whatever the name or declared type.
sub elf_bytes {
    my $tag = uniq('elf');
    return "\x7fELF\x02\x01\x01\x00" . ("\x00" x 8) . "\x02\x00\x3e\x00\x01\x00\x00\x00"
         . ("\x00" x 40) . $tag . ("\x90" x 64);
}

# ---------------------------------------------------------------------------
# Upload directory
# ---------------------------------------------------------------------------

sub upload_root {
    croak('KC_TMP not set (run the suite through t/run-suite)') unless $ENV{KC_TMP};
    return "$ENV{KC_TMP}/uploads";
}

# Where the site keeps a file with this SHA-256: uploads/ab/cd/<sha256>.
sub stored_path {
    my ($sha) = @_;
    return upload_root() . '/' . substr($sha, 0, 2) . '/' . substr($sha, 2, 2) . "/$sha";
}

# Every file (not directory) under the upload dir, tmp/ included, as
# paths relative to it, sorted.
sub upload_files {
    my $root = upload_root();
    my @f;
    return () unless -d $root;
    File::Find::find({ no_chdir => 1, wanted => sub {
        push @f, substr($File::Find::name, length($root) + 1) if -f $File::Find::name;
    } }, $root);
    return sort @f;
}

# upload_files(), waiting (up to ~3 s) until it equals @$want: the site
# removes temporary files in a pool cleanup, which may run just after the
# response went out.
sub wait_upload_files {
    my ($want) = @_;
    my @now;
    for (1 .. 30) {
        @now = upload_files();
        return @now if join("\n", @now) eq join("\n", @$want);
        select undef, undef, undef, 0.1;
    }
    return @now;
}

# ---------------------------------------------------------------------------
# The contribution form
# ---------------------------------------------------------------------------

# The valid fields of a kind's form, changed by %over (undef removes a
# field; subjects/levels take array refs of codes or ids). A hash:
# subjects/levels are array refs, file is a file part (see
# KC::Account::file_part).
sub kind_fields {
    my ($kind, %over) = @_;
    my %f = (
        title          => unique_title(ucfirst($kind =~ s/_/ /r)),
        description    => unique_text(),
        language       => 'nl',
        subjects       => ['wiskunde'],
        levels         => ['secundair-1'],
        lic_adapt      => 'yes',
        lic_commercial => 'yes',
        confirm_rights => 1,
    );
    my %k = (
        calendar => { start_date => '2031-05-12', start_time => '09:00', end_date => '2031-05-12',
                      end_time => '16:00', place => 'Gent, Sint-Pietersplein 1',
                      organiser => 'Vakgroep wiskunde ' . rand_word(6) },
        article  => { body => "Een artikel over breuken.\n\n" . unique_text('Tekst') },
        document => { file => KC::Account::file_part('lesbrief.pdf', 'application/pdf', pdf_bytes()) },
        site     => { url => unique_url() },
        own_site => { url => unique_url() },
        software => { url => unique_url() },
        exercise => { url => unique_url() },
        lemma    => { word => 'fraction' . rand_word(4), word_language => 'fr',
                      explanation => 'Breuk: een deel van een geheel. ' . rand_word(8) },
        image    => { file => KC::Account::file_part('tekening.png', 'image/png', png_bytes()) },
        audio    => { url => unique_url() },
        video    => { url => unique_url() },
        product  => { supplier => 'Uitgeverij ' . ucfirst(rand_word(7)), url => unique_url() },
    );
    croak("unknown kind $kind") unless $k{$kind};
    %f = (%f, %{ $k{$kind} }, %over);
    delete @f{ grep { !defined $f{$_} } keys %f };
    for my $t (qw(subjects levels)) {
        next unless ref $f{$t} eq 'ARRAY';
        my $lookup = $t eq 'subjects' ? \&subject_id : \&level_id;
        $f{$t} = [ map { /^\d+$/ ? $_ : $lookup->($_) } @{ $f{$t} } ];
    }
    return \%f;
}

# The fields as pairs for post_multipart/post_form: text fields in name
# order, subjects/levels repeated, the file last.
sub field_pairs {
    my ($f) = @_;
    my @pairs;
    for my $k (sort keys %$f) {
        next if $k eq 'file';
        if ($k eq 'subjects' || $k eq 'levels') {
            push @pairs, map { ($k, $_) } @{ ref $f->{$k} ? $f->{$k} : [ $f->{$k} ] };
        } else {
            push @pairs, $k, $f->{$k};
        }
    }
    push @pairs, file => $f->{file} if defined $f->{file};
    return \@pairs;
}

# contribute($browser, $kind, %over) -> ($response, $record_id or undef, \%fields).
# %over as for kind_fields; csrf => and from => are passed to post_multipart.
# The id is that of the newest record with the title sent.
sub contribute {
    my ($c, $kind, %over) = @_;
    my %opt;
    for my $o (qw(csrf from)) { $opt{$o} = delete $over{$o} if exists $over{$o} }
    my $f = kind_fields($kind, %over);
    my $res = $c->post_multipart("/contribute/$kind", field_pairs($f), %opt);
    my $id = defined $f->{title} ? record_id_by_title($f->{title}) : undef;
    return wantarray ? ($res, $id, $f) : $res;
}

# ---------------------------------------------------------------------------
# Database look-ups
# ---------------------------------------------------------------------------

# The records row ({} when there is none); details (jsonb) decoded into a hash.
sub record_row {
    my ($id) = @_;
    my $row = db()->selectrow_hashref(q{SELECT * FROM records WHERE id = ?}, undef, $id // 0) // {};
    if ($row && defined $row->{details} && !ref $row->{details}) {
        my $d = eval { JSON::PP->new->decode($row->{details}) };
        $row->{details} = $d if ref $d eq 'HASH';
    }
    return $row;
}

sub record_id_by_title {
    my ($title) = @_;
    return scalar db()->selectrow_array(
        q{SELECT id FROM records WHERE title = ? ORDER BY id DESC LIMIT 1}, undef, $title);
}

# Records whose title or description is one of the given texts.
sub count_records {
    my ($title, $description) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM records WHERE title = ? OR description = ?}, undef,
        $title // "\x{1}none", $description // "\x{1}none");
}

# The sorted codes of a record's subjects or levels ('subjects' | 'levels').
sub record_codes {
    my ($id, $what) = @_;
    my ($link, $col) = $what eq 'subjects' ? ('record_subjects', 'subject_id')
                                           : ('record_levels', 'level_id');
    return [ map { $_->[0] } @{ db()->selectall_arrayref(
        "SELECT t.code FROM $link x JOIN $what t ON t.id = x.$col
          WHERE x.record_id = ? ORDER BY t.code", undef, $id) } ];
}

# The points of point_rules event 'contribution_<kind>'.
sub kind_points {
    my ($kind) = @_;
    return scalar db()->selectrow_array(
        q{SELECT points FROM point_rules WHERE event = ?}, undef, "contribution_$kind");
}

# Ledger rows with this award key, as hashes.
sub ledger_by_key {
    my ($key) = @_;
    return @{ db()->selectall_arrayref(
        q{SELECT id, member_id, event, subject, amount, award_key FROM points_ledger
           WHERE award_key = ? ORDER BY id}, { Slice => {} }, $key) };
}

sub balance {
    my ($mid) = @_;
    return scalar db()->selectrow_array(
        q{SELECT points_balance FROM members WHERE id = ?}, undef, $mid);
}

# Scope a moderator to these level codes (the admin page does the same
# through POST /admin/members/ID/scope).
sub set_moderator_levels {
    my ($mid, @codes) = @_;
    db()->do(q{DELETE FROM moderator_levels WHERE member_id = ?}, undef, $mid);
    db()->do(q{INSERT INTO moderator_levels (member_id, level_id) VALUES (?, ?)}, undef,
             $mid, level_id($_)) for @codes;
    return;
}

# audit_log rows matching (action => ..., target_id => ..., actor_id => ...,
# target_type => ...), oldest first, as hashes.
sub audit_rows {
    my (%w) = @_;
    my (@where, @bind);
    for my $k (sort keys %w) {
        croak("audit_rows: bad column $k") unless $k =~ /^(?:action|actor_id|target_type|target_id)$/;
        push @where, "${k}::text = ?::text";
        push @bind, $w{$k};
    }
    my $sql = 'SELECT * FROM audit_log' . (@where ? ' WHERE ' . join(' AND ', @where) : '')
            . ' ORDER BY id';
    return @{ db()->selectall_arrayref($sql, { Slice => {} }, @bind) };
}

# ---------------------------------------------------------------------------
# Moderation and admin actions
# ---------------------------------------------------------------------------

# POST a moderation/admin/member action form (urlencoded); the csrf token
# (bound to the session) is taken from the home page unless %opt says
# otherwise. A decision on a contribution (approve, changes, refuse) carries
# the record's current version, as the review form just shown would,
# unless the fields name one.
sub act {
    my ($c, $path, $fields, %opt) = @_;
    $opt{from} //= '/';
    my @f = ref $fields eq "HASH" ? %$fields : @{ $fields // [] };
    if ($path =~ m{^/moderation/records/(\d+)/(?:approve|changes|refuse)$}
        && !grep { $_ eq 'version' } @f[ grep { $_ % 2 == 0 } 0 .. $#f ]) {
        push @f, version => record_row($1)->{version};
    }
    return $c->post_form($path, \@f, %opt);
}

# The review fields of a record as it is in the DB, changed by %over:
# pairs title, description, language, subjects..., levels...
sub review_fields {
    my ($id, %over) = @_;
    my $r = record_row($id);
    my %f = (title => $r->{title}, description => $r->{description}, language => $r->{language});
    %f = (%f, %over);
    my @pairs = map { ($_ => $f{$_}) } grep { defined $f{$_} } qw(title description language);
    my $subj = $over{subjects} // [ map { $_->[0] } @{ db()->selectall_arrayref(
        q{SELECT subject_id FROM record_subjects WHERE record_id = ? ORDER BY subject_id}, undef, $id) } ];
    my $lev = $over{levels} // [ map { $_->[0] } @{ db()->selectall_arrayref(
        q{SELECT level_id FROM record_levels WHERE record_id = ? ORDER BY level_id}, undef, $id) } ];
    push @pairs, map { (subjects => /^\d+$/ ? $_ : subject_id($_)) } @$subj;
    push @pairs, map { (levels => /^\d+$/ ? $_ : level_id($_)) } @$lev;
    push @pairs, version => $over{version} // record_row($id)->{version};
    return \@pairs;
}

# approve($moderator, $id, %over) -> response of POST /moderation/records/ID/approve
# with the record's own values (changed by %over). csrf => passes through.
sub approve {
    my ($c, $id, %over) = @_;
    my %opt;
    $opt{csrf} = delete $over{csrf} if exists $over{csrf};
    return act($c, "/moderation/records/$id/approve", review_fields($id, %over), %opt);
}

# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

sub _body {
    my ($x) = @_;
    return $x->decoded_content(charset => 'UTF-8') // '' if ref $x && $x->can('decoded_content');
    return $x // '';
}

sub _unescape {
    my ($s) = @_;
    $s =~ s/&quot;/"/g; $s =~ s/&#0*39;|&#x0*27;|&apos;/'/gi;
    $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&nbsp;/ /g;
    $s =~ s/&#x([0-9a-f]+);/chr hex $1/gie; $s =~ s/&#([0-9]+);/chr $1/ge;
    $s =~ s/&amp;/&/g;
    return $s;
}

# The text of a page (or a piece of HTML): head, scripts and tags removed,
# entities decoded, blanks squeezed.
sub text_of {
    my ($html) = @_;
    $html = _body($html);
    $html =~ s{<head\b.*?</head>}{}si;
    $html =~ s{<script\b.*?</script>}{}sgi;
    $html =~ s/<[^>]*>/ /g;
    my $t = _unescape($html);
    $t =~ s/\s+/ /g;
    return $t;
}

# The text of GET /me/notifications for this browser.
sub notifications_text {
    my ($c) = @_;
    return text_of($c->get('/me/notifications'));
}

# The queue items in page order: list of [record id, html of the item].
# An item is <li class="queue-item" data-record="ID"> up to the next item
# (or the end of its list).
sub queue_items {
    my ($html) = @_;
    $html = _body($html);
    my @starts;
    while ($html =~ m{(<li\b[^>]*>)}gi) {
        my $tag = $1;
        my $start = pos($html) - length $tag;
        my ($class) = $tag =~ /\sclass\s*=\s*["']([^"']*)["']/i;
        next unless defined $class && grep { $_ eq 'queue-item' } split ' ', $class;
        my ($id) = $tag =~ /\sdata-record\s*=\s*["']?(\d+)/i;
        push @starts, [ $id, $start ];
    }
    my @out;
    for my $i (0 .. $#starts) {
        my $end = $i < $#starts ? $starts[$i + 1][1] : length $html;
        my $piece = substr($html, $starts[$i][1], $end - $starts[$i][1]);
        $piece =~ s{</(?:ol|ul)>.*}{}s if $i == $#starts;
        push @out, [ $starts[$i][0], $piece ];
    }
    return @out;
}

sub queue_ids { return grep { defined } map { $_->[0] } queue_items(@_) }

# The html of the queue item of record $id ('' when not in the queue).
sub queue_item {
    my ($html, $id) = @_;
    for my $q (queue_items($html)) { return $q->[1] if defined $q->[0] && $q->[0] == $id }
    return '';
}

# The report ids that have a close form (action /moderation/reports/ID/close).
sub report_close_ids {
    my ($html) = @_;
    $html = _body($html);
    my %seen;
    return grep { !$seen{$_}++ } $html =~ m{/moderation/reports/(\d+)/close}g;
}

# The report id whose close form is nearest to the first occurrence of
# any of @needles (the report's text, the record's title), or undef.
sub report_id_near {
    my ($html, @needles) = @_;
    $html = _unescape(_body($html));
    my $at;
    for my $n (@needles) {
        my $p = index($html, $n);
        if ($p >= 0) { $at = $p; last }
    }
    return undef unless defined $at;
    my ($best, $dist);
    while ($html =~ m{/moderation/reports/(\d+)/close}g) {
        my $d = abs(pos($html) - $at);
        ($best, $dist) = ($1, $d) if !defined $dist || $d < $dist;
    }
    return $best;
}

# "status N, data-field a,b" of a response, for diagnostics.
sub status_fields {
    my ($res) = @_;
    return 'status ' . $res->code . ', data-field '
         . (join(',', KC::Account::error_fields($res->content)) || '(none)');
}

# The inner html of <section class="duplicates">, or undef.
sub duplicates_section {
    my ($html) = @_;
    $html = _body($html);
    while ($html =~ m{(<section\b[^>]*>)(.*?)</section>}sgi) {
        my ($tag, $inner) = ($1, $2);
        my ($class) = $tag =~ /\sclass\s*=\s*["']([^"']*)["']/i;
        return $inner if defined $class && grep { $_ eq 'duplicates' } split ' ', $class;
    }
    return undef;
}

# Text without dates and times (2024-05-01, 01/05/2024, 1 mei 2024, 12:30),
# so that the numbers left are counts.
sub strip_dates {
    my ($t) = @_;
    $t =~ s/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b/ /g;
    $t =~ s{\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b}{ }g;
    $t =~ s/\b\d{1,2}:\d{2}(?::\d{2})?\b/ /g;
    $t =~ s/\b\d{1,2}\.?\s+(?:jan|feb|maa|mrt|mar|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\.?\s+\d{4}\b/ /gi;
    $t =~ s/\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b/ /gi;
    return $t;
}

1;
