package KC::Search;
# Helpers for the search, reading and points tests (t/search, t/read,
# t/points, t/zz_integrity.t): unique search words, URLs, the HTML markers
# of spec/records.md (record cards, result count, facets, did-you-mean,
# JSON-LD), JSON answers, taxonomy and points fixtures.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Carp qw(croak);
use Encode ();
use JSON::PP ();
use URI::Escape qw(uri_escape_utf8);
use KC::Test qw(db uniq);

our @EXPORT_OK = qw(word qs search_url card_ids cards card_of result_count
                    facets facet_count pager_links did_you_mean jsonld_blocks
                    decode_json_res html_unescape strip_tags page_text visible_text links
                    set_subjects set_levels set_rating balance_of set_balance
                    unlock_count read_rows ledger_sum add_file upload_dir);

# ---------------------------------------------------------------------------
# Words and URLs
# ---------------------------------------------------------------------------

# A lower-case word of letters only, unique to this process and call, that
# no stemmer (dutch, english, simple) changes: it ends in "q" and the
# digits of pid/time/counter become consonants. word('fotosynthese') puts
# the unique part after the given prefix.
my $n = 0;
sub word {
    my ($prefix) = @_;
    my $digits = sprintf '%dx%05dx%d', $$, time % 100000, ++$n;
    (my $tail = $digits) =~ tr/0-9/bcdfghklmn/;
    return (defined $prefix ? $prefix : 'zq') . $tail . 'q';
}

# qs(k => v, ...) -> "?k=v&..." (UTF-8, percent-encoded; undef values left
# out); '' when there is nothing.
sub qs {
    my @p = @_;
    my @out;
    while (my ($k, $v) = splice @p, 0, 2) {
        next unless defined $v;
        push @out, uri_escape_utf8($k) . '=' . uri_escape_utf8($v);
    }
    return @out ? '?' . join('&', @out) : '';
}

sub search_url { return '/records' . qs(@_) }

# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

sub html_unescape {
    my ($s) = @_;
    return undef unless defined $s;
    $s =~ s/&quot;/"/g;
    $s =~ s/&#0*39;|&#x0*27;|&apos;/'/gi;
    $s =~ s/&lt;/</g;
    $s =~ s/&gt;/>/g;
    $s =~ s/&#x([0-9a-f]+);/chr hex $1/gie;
    $s =~ s/&#([0-9]+);/chr $1/ge;
    $s =~ s/&nbsp;/\x{a0}/g;
    $s =~ s/&ndash;/\x{2013}/g;
    $s =~ s/&amp;/&/g;
    return $s;
}

sub _attr {
    my ($tag, $name) = @_;
    return $tag =~ /\s\Q$name\E\s*=\s*"([^"]*)"/i ? html_unescape($1)
         : $tag =~ /\s\Q$name\E\s*=\s*'([^']*)'/i ? html_unescape($1)
         : $tag =~ /\s\Q$name\E\s*=\s*([^\s"'>]+)/i ? html_unescape($1)
         : undef;
}

sub _has_class {
    my ($tag, $class) = @_;
    my $c = _attr($tag, 'class');
    return defined $c && grep { $_ eq $class } split ' ', $c;
}

# The body as text (decoded from UTF-8 when it is bytes).
sub _text {
    my ($html) = @_;
    $html = $html->decoded_content(charset => 'UTF-8')
        if ref $html && $html->can('decoded_content');
    $html //= '';
    $html = Encode::decode('UTF-8', $html) unless utf8::is_utf8($html);
    return $html;
}

# The record cards in page order: list of [id, html of the card]. The id is
# the first /records/ID link inside <article class="record-card">.
sub cards {
    my ($html) = @_;
    $html = _text($html);
    my @out;
    while ($html =~ m{(<article\b[^>]*>)(.*?)</article>}sg) {
        my ($tag, $body) = ($1, $2);
        next unless _has_class($tag, 'record-card');
        my ($id) = $body =~ m{<a\b[^>]*\bhref\s*=\s*["'](?:https?://[^/"']+)?/records/(\d+)["']}i;
        push @out, [ $id, $tag . $body . '</article>' ];
    }
    return @out;
}

# The ids of the record cards, in page order.
sub card_ids { return map { $_->[0] } cards(@_) }

# The card of record $id ('' when it is not on the page).
sub card_of {
    my ($html, $id) = @_;
    for my $c (cards($html)) { return $c->[1] if defined $c->[0] && $c->[0] == $id }
    return '';
}

# The number in the element with class "result-count" (undef when none).
# "1.234" and "1 234" count as 1234.
sub result_count {
    my ($html) = @_;
    $html = _text($html);
    while ($html =~ m{(<([a-z][a-z0-9]*)\b[^>]*>)}gi) {
        my ($tag, $name) = ($1, $2);
        next unless _has_class($tag, 'result-count');
        my ($inner) = substr($html, pos $html) =~ m{^(.*?)</\Q$name\E\s*>}si;
        my $t = html_unescape(strip_tags($inner // ''));
        return undef unless $t =~ /(\d{1,3}(?:[.\x{a0}\x{202f} ]\d{3})+|\d+)/;
        (my $num = $1) =~ s/\D//g;
        return 0 + $num;
    }
    return undef;
}

sub strip_tags {
    my ($s) = @_;
    $s =~ s/<[^>]*>/ /g;
    return $s;
}

# The facet links: list of { facet, value, href, count, current, label }.
sub facets {
    my ($html) = @_;
    $html = _text($html);
    my @out;
    while ($html =~ m{(<a\b[^>]*>)(.*?)</a>}sgi) {
        my ($tag, $inner) = ($1, $2);
        next unless _has_class($tag, 'facet');
        my $count;
        if ($inner =~ m{<span\b[^>]*\bclass\s*=\s*["'][^"']*\bcount\b[^"']*["'][^>]*>(.*?)</span>}si) {
            (my $c = strip_tags($1)) =~ s/\D//g;
            $count = length $c ? 0 + $c : undef;
        }
        (my $label = $inner) =~ s{<span\b[^>]*\bcount\b[^>]*>.*?</span>}{}si;
        $label = html_unescape(strip_tags($label));
        $label =~ s/\s+/ /g;
        $label =~ s/^ | $//g;
        push @out, {
            facet   => _attr($tag, 'data-facet'),
            value   => _attr($tag, 'data-value'),
            href    => _attr($tag, 'href'),
            count   => $count,
            current => ((_attr($tag, 'aria-current') // '') eq 'true' ? 1 : 0),
            label   => $label,
        };
    }
    return @out;
}

# The facet link of ($facet, $value), or undef.
sub facet_count {
    my ($html, $facet, $value) = @_;
    for my $f (facets($html)) {
        return $f if ($f->{facet} // '') eq $facet && ($f->{value} // '') eq $value;
    }
    return undef;
}

# Hrefs (unescaped) of the pager's links (inside <nav class="pager">, or
# any link with rel="next"/"prev").
sub pager_links {
    my ($html) = @_;
    $html = _text($html);
    my @hrefs;
    if ($html =~ m{<nav\b[^>]*\bclass\s*=\s*["'][^"']*\bpager\b[^>]*>(.*?)</nav>}si) {
        my $nav = $1;
        push @hrefs, map { html_unescape($_) } $nav =~ m{<a\b[^>]*\bhref\s*=\s*"([^"]*)"}gi;
    }
    while ($html =~ m{(<a\b[^>]*>)}gi) {
        my $tag = $1;
        my $rel = _attr($tag, 'rel') // '';
        push @hrefs, _attr($tag, 'href') if $rel =~ /\b(?:next|prev)\b/;
    }
    my %seen;
    return grep { defined && !$seen{$_}++ } @hrefs;
}

# Every <a> of the page: list of { href, rel => [tokens], text, tag }.
sub links {
    my ($html) = @_;
    $html = _text($html);
    my @out;
    while ($html =~ m{(<a\b[^>]*>)(.*?)</a>}sgi) {
        my ($tag, $inner) = ($1, $2);
        my $t = html_unescape(strip_tags($inner));
        $t =~ s/\s+/ /g;
        $t =~ s/^ | $//g;
        push @out, { href => _attr($tag, 'href'), rel => [ split ' ', lc(_attr($tag, 'rel') // '') ],
                     text => $t, tag => $tag };
    }
    return @out;
}

# The did-you-mean paragraph: (text, [hrefs of its links]) or () if none.
sub did_you_mean {
    my ($html) = @_;
    $html = _text($html);
    while ($html =~ m{(<p\b[^>]*>)(.*?)</p>}sgi) {
        my ($tag, $inner) = ($1, $2);
        next unless _has_class($tag, 'did-you-mean');
        my @hrefs = map { html_unescape($_) } $inner =~ m{<a\b[^>]*\bhref\s*=\s*"([^"]*)"}gi;
        my $t = html_unescape(strip_tags($inner));
        $t =~ s/\s+/ /g;
        return ($t, \@hrefs);
    }
    return;
}

# The raw contents of every <script type="application/ld+json"> block.
sub jsonld_blocks {
    my ($html) = @_;
    $html = _text($html);
    my @out;
    while ($html =~ m{(<script\b[^>]*>)(.*?)</script>}sgi) {
        my ($tag, $body) = ($1, $2);
        push @out, $body if (_attr($tag, 'type') // '') =~ m{^application/ld\+json$}i;
    }
    return @out;
}

# The page's text without <head>, forms (the search box repeats q) and
# tags, entities decoded, blanks squeezed.
sub page_text {
    my ($html) = @_;
    $html = _text($html);
    $html =~ s{<head\b.*?</head>}{}si;
    $html =~ s{<form\b.*?</form>}{}sgi;
    $html =~ s{<script\b.*?</script>}{}sgi;
    my $t = html_unescape(strip_tags($html));
    $t =~ s/\s+/ /g;
    return $t;
}

# Text of the whole body (tags stripped), forms kept.
sub visible_text {
    my ($html) = @_;
    $html = _text($html);
    $html =~ s{<head\b.*?</head>}{}si;
    my $t = html_unescape(strip_tags($html));
    $t =~ s/\s+/ /g;
    return $t;
}

# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------

# The decoded JSON body of a response, or undef (with the reason in $@).
sub decode_json_res {
    my ($res) = @_;
    my $data = eval { JSON::PP->new->utf8->allow_nonref->decode($res->content) };
    return $data;
}

# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

# Replace the subjects / levels of a record by the given codes.
sub set_subjects {
    my ($rid, @codes) = @_;
    db()->do('DELETE FROM record_subjects WHERE record_id = ?', undef, $rid);
    for my $c (@codes) {
        my $n = db()->do(q{INSERT INTO record_subjects (record_id, subject_id)
                           SELECT ?, id FROM subjects WHERE code = ?}, undef, $rid, $c);
        croak("no subject $c") unless $n == 1;
    }
    return $rid;
}

sub set_levels {
    my ($rid, @codes) = @_;
    db()->do('DELETE FROM record_levels WHERE record_id = ?', undef, $rid);
    for my $c (@codes) {
        my $n = db()->do(q{INSERT INTO record_levels (record_id, level_id)
                           SELECT ?, id FROM levels WHERE code = ?}, undef, $rid, $c);
        croak("no level $c") unless $n == 1;
    }
    return $rid;
}

sub set_rating {
    my ($rid, $sum, $count) = @_;
    db()->do('UPDATE records SET rating_sum = ?, rating_count = ? WHERE id = ?',
             undef, $sum, $count, $rid);
    return $rid;
}

sub balance_of {
    my ($mid) = @_;
    return scalar db()->selectrow_array(
        'SELECT points_balance FROM members WHERE id = ?', undef, $mid);
}

# Bring a member's balance to $target the ledger-consistent way: one
# 'grant' award of the difference (balance = ledger sum stays true).
sub set_balance {
    my ($mid, $target) = @_;
    my $delta = $target - balance_of($mid);
    return $target if $delta == 0;
    db()->selectrow_array(q{SELECT kc_points_award(?, 'grant', 'test', ?, ?, 'test')},
                          undef, $mid, $delta, 'test:' . uniq("balance-$mid"));
    my $now = balance_of($mid);
    croak("balance of $mid is $now, not $target") unless $now == $target;
    return $now;
}

# Unlock rows of a member (for one record when $rid is given).
sub unlock_count {
    my ($mid, $rid) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM unlocks WHERE member_id = ? AND (?::bigint IS NULL OR record_id = ?)},
        undef, $mid, $rid, $rid);
}

# The 'read' ledger rows of a member (for one record when $rid is given),
# as hashes, oldest first.
sub read_rows {
    my ($mid, $rid) = @_;
    return @{ db()->selectall_arrayref(
        q{SELECT id, event, subject, amount, award_key FROM points_ledger
           WHERE member_id = ? AND event = 'read'
             AND (?::text IS NULL OR subject = ?) ORDER BY id}, { Slice => {} },
        $mid, (defined $rid ? ("record:$rid") x 2 : (undef, undef))) };
}

sub ledger_sum {
    my ($mid) = @_;
    return scalar db()->selectrow_array(
        'SELECT coalesce(sum(amount), 0) FROM points_ledger WHERE member_id = ?', undef, $mid);
}

# The suite's upload directory (KlasCementUploadDir of the test conf).
sub upload_dir {
    croak('KC_TMP not set (run the suite through t/run-suite)') unless $ENV{KC_TMP};
    return "$ENV{KC_TMP}/uploads";
}

# add_file($rid, $bytes, $name, $type) -> sha256 hex. Stores the bytes as
# UPLOADDIR/ab/cd/<sha256> (ab, cd: the first two pairs of hex digits) and
# fills records.file_sha256/file_name/file_type/file_size.
sub add_file {
    my ($rid, $bytes, $name, $type) = @_;
    require Digest::SHA;
    require File::Path;
    my $sha = Digest::SHA::sha256_hex($bytes);
    my $dir = upload_dir() . '/' . substr($sha, 0, 2) . '/' . substr($sha, 2, 2);
    File::Path::make_path($dir);
    open my $fh, '>:raw', "$dir/$sha" or croak("$dir/$sha: $!");
    print {$fh} $bytes;
    close $fh or croak("$dir/$sha: $!");
    db()->do(q{UPDATE records SET file_sha256 = ?, file_name = ?, file_type = ?, file_size = ?
                WHERE id = ?}, undef, $sha, $name, $type, length $bytes, $rid);
    return $sha;
}

1;
