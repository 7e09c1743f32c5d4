package KC::Community;
# Helpers for the community tests (t/community, t/forum, t/network;
# spec/community.md): reactions, ratings, favourites, recommendations, the
# forum, follows, messages, blocks, organisations, and the HTML markers and
# database look-ups they share.
#
#   my $author = KC::Account->registered;
#   my $rid = make_record(author_id => $author->{id});
#   my $m = reader($rid);                         # a member who has read it
#   my ($res, $xid) = react($m, $rid, text_of_length(120, 'Mooi'));
#   ledger_by_key("reaction:$xid");               # (KC::Contribute)
#
# Every POST takes its csrf token from the home page (the layout's logout
# form carries it for a logged-in member): fetching it from /records/ID
# would read (and pay for) the record as a side effect.
#
# Schema the look-ups assume (community.md names only mail_outbox, the
# ledger keys, records.rating_sum/rating_count, deleted_at and norm_hash;
# the rest is sql/006_community.sql). Every table name is in %TABLE below,
# so one edit here follows a rename:
#   reactions (id, record_id, member_id, body, created_at, deleted_at)
#   ratings (record_id, member_id, stars, explanation)
#   favourites (member_id, record_id)
#   mail_outbox (id, to_address, subject, body, sent_at, last_error)
#   forum_categories (code, position), forum_topics (id, member_id, title,
#     body, accepted_post_id, created_at, deleted_at), forum_posts (id,
#     topic_id, member_id, body, created_at, deleted_at), post_thumbs
#     (post_id, member_id)
#   follows (follower_id, followed_id), blocks (blocker_id, blocked_id)
#   messages (id, sender_id, recipient_id, body, created_at, read_at)
#   organisation_profiles (member_id, kind, name, province, themes)
#   notifications (member_id, kind) with kinds 'reaction' and 'answer'
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Carp qw(croak);
use Digest::MD5 ();
use KC::Test qw(db uniq);
use KC::Account ();
use KC::Contribute qw(rand_word);

our @EXPORT_OK = qw(%TABLE rule text_of_length unique_body
                    reader read_records post_as refused
                    react reaction_row reaction_ids_of
                    rate rating_row
                    favourite favourite_rows
                    recommend outbox_rows wait_outbox_sent wait_outbox_idle mail_log mail_message
                    forum_category ask topic_row answer post_row thumb thumb_count accept_answer
                    follow follows_row block blocks_row send_message messages_between
                    set_organisation organisation_row
                    unread_badge marker_ids topic_ids member_ids organisation_ids event_ids
                    notification_count ledger_of ledger_rows paid
                    age_rows set_member_age brussels_date wait_day_margin
                    db_fingerprint fingerprint_diff);

our %TABLE = (
    reactions     => 'reactions',
    ratings       => 'ratings',
    favourites    => 'favourites',
    outbox        => 'mail_outbox',
    categories    => 'forum_categories',
    topics        => 'forum_topics',
    posts         => 'forum_posts',
    thumbs        => 'post_thumbs',
    follows       => 'follows',
    blocks        => 'blocks',
    messages      => 'messages',
    organisations => 'organisation_profiles',
);

sub T {
    my ($what) = @_;
    my $t = $TABLE{$what} or croak("KC::Community: no table for $what");
    return $t;
}

# ---------------------------------------------------------------------------
# Points rules and texts
# ---------------------------------------------------------------------------

# The point_rules row of an event as a hash (points, points_max, daily_cap).
sub rule {
    my ($event) = @_;
    my $r = db()->selectrow_hashref(
        q{SELECT event, points, points_max, daily_cap FROM point_rules WHERE event = ?},
        undef, $event);
    croak("no point rule $event") unless $r;
    return $r;
}

# A text of exactly $n characters (ASCII letters and single blanks, no
# blank at either end), starting with $label, unique (random words).
sub text_of_length {
    my ($n, $label) = @_;
    my $t = $label // 'Tekst';
    $t .= ' ' . rand_word(9) while length $t < $n;
    $t = substr($t, 0, $n);
    $t =~ s/ $/x/;
    return $t;
}

# A short unique text (a sentence and two random words).
sub unique_body {
    my ($label) = @_;
    return ($label // 'Bedankt voor dit materiaal') . ' ' . rand_word(10) . ' ' . rand_word(10) . '.';
}

# ---------------------------------------------------------------------------
# Members and requests
# ---------------------------------------------------------------------------

# Reads each record as $c (KC::Account::read_record: the first read pays
# the detail cost through POST /records/ID/unlock). Returns how many
# answered 200.
sub read_records {
    my ($c, @ids) = @_;
    my $ok = 0;
    for my $id (@ids) {
        my $res = $c->read_record($id);
        if ($res->code == 200) { $ok++ }
        else { Test::More::diag("reading record $id: status " . $res->code) }
    }
    return $ok;
}

# A new registered member (a browser, logged in) who has read @ids.
# %over: registration fields (first_name => ...).
sub reader {
    my ($ids, %over) = @_;
    my $c = KC::Account->registered(%over);
    read_records($c, @{ ref $ids ? $ids : [ $ids ] });
    return $c;
}

# POST a form as $c with the csrf token of the home page (or csrf => ...).
sub post_as {
    my ($c, $path, $fields, %opt) = @_;
    $opt{from} //= '/' unless exists $opt{csrf} && $opt{csrf} ne '1';
    return $c->post_form($path, $fields // [], %opt);
}

# Run requests that the site refuses (403 pages, authz refusals are
# logged by httpd at level error): KC::Test::expect_errors.
sub refused {
    my ($code) = @_;
    return KC::Test::expect_errors($code);
}

# ---------------------------------------------------------------------------
# Reactions and ratings
# ---------------------------------------------------------------------------

# react($c, $rid, $body, %opt) -> ($response, the id of the member's newest
# reaction on the record, or undef).
sub react {
    my ($c, $rid, $body, %opt) = @_;
    my $res = post_as($c, "/records/$rid/reactions", [ body => $body ], %opt);
    my ($id) = db()->selectrow_array(
        'SELECT max(id) FROM ' . T('reactions') . ' WHERE member_id = ? AND record_id = ? AND body = ?',
        undef, $c->{id}, $rid, $body);
    return wantarray ? ($res, $id) : $res;
}

sub reaction_row {
    my ($id) = @_;
    return db()->selectrow_hashref(
        'SELECT id, record_id, member_id, body, created_at, deleted_at FROM ' . T('reactions')
        . ' WHERE id = ?', undef, $id // 0) // {};
}

# The ids of a member's reactions (on one record when $rid is given), oldest first.
sub reaction_ids_of {
    my ($mid, $rid) = @_;
    return @{ db()->selectcol_arrayref(
        'SELECT id FROM ' . T('reactions')
        . ' WHERE member_id = ? AND (?::bigint IS NULL OR record_id = ?) ORDER BY id',
        undef, $mid, $rid, $rid) };
}

# rate($c, $rid, $stars, $explanation) -> response.
sub rate {
    my ($c, $rid, $stars, $explanation, %opt) = @_;
    return post_as($c, "/records/$rid/rating",
                   [ stars => $stars, explanation => $explanation // '' ], %opt);
}

sub rating_row {
    my ($rid, $mid) = @_;
    return db()->selectrow_hashref(
        'SELECT record_id, member_id, stars, explanation FROM ' . T('ratings')
        . ' WHERE record_id = ? AND member_id = ?', undef, $rid, $mid);
}

# ---------------------------------------------------------------------------
# Favourites and recommendations
# ---------------------------------------------------------------------------

sub favourite {
    my ($c, $rid, $action, %opt) = @_;
    return post_as($c, "/records/$rid/favourite", [ action => $action // 'add' ], %opt);
}

# The record ids a member saved, sorted.
sub favourite_rows {
    my ($mid) = @_;
    return @{ db()->selectcol_arrayref(
        'SELECT record_id FROM ' . T('favourites') . ' WHERE member_id = ? ORDER BY record_id',
        undef, $mid) };
}

sub recommend {
    my ($c, $rid, $email, $message, %opt) = @_;
    return post_as($c, "/records/$rid/recommend",
                   [ email => $email, message => $message // '' ], %opt);
}

# mail_outbox rows to this address (any letter case), oldest first.
sub outbox_rows {
    my ($email) = @_;
    return @{ db()->selectall_arrayref(
        'SELECT id, to_address, subject, body, sent_at, last_error FROM ' . T('outbox')
        . ' WHERE lower(to_address) = lower(?) ORDER BY id', { Slice => {} }, $email) };
}

# The outbox rows to $email once all of them have sent_at (waiting up to
# ~15 s: the mail job sends them, every second in the suite).
sub wait_outbox_sent {
    my ($email) = @_;
    my @rows;
    for (1 .. 150) {
        @rows = outbox_rows($email);
        return @rows if @rows && !grep { !defined $_->{sent_at} } @rows;
        select undef, undef, undef, 0.1;
    }
    return @rows;
}

# Wait (up to ~15 s) until the mail job has handled every mail that is due,
# so that what the mail log holds next is what the caller sends.
sub wait_outbox_idle {
    for (1 .. 150) {
        my ($n) = db()->selectrow_array(
            'SELECT count(*) FROM ' . T('outbox') . q{ WHERE sent_at IS NULL
               AND failed_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())});
        return 1 unless $n;
        select undef, undef, undef, 0.1;
    }
    return 0;
}

# The text of $KC_TMP/mail.log (the suite's KlasCementSendmail appends
# each message to it), '' when there is none.
# The mail job sends outbox mail in the background: first wait until it
# has handled every mail that is due, so the log holds what was sent.
sub mail_log {
    croak('KC_TMP not set (run the suite through t/run-suite)') unless $ENV{KC_TMP};
    wait_outbox_idle();
    my $file = "$ENV{KC_TMP}/mail.log";
    open my $fh, '<:raw', $file or return '';
    local $/;
    my $t = <$fh>;
    close $fh;
    $t =~ s/\r\n/\n/g;
    return $t;
}

my $HEADER_LINE = qr/(?:From|Sender|Reply-To|Return-Path|Cc|Bcc|Subject|Date|Message-ID|MIME-Version|Content-[A-Za-z-]+|Auto-Submitted|Precedence|List-[A-Za-z-]+|X-[A-Za-z0-9-]+):[ \t]/i;

# The message in the mail log addressed to $email (the last one when there
# are several): { headers => text, body => text }, or undef. A message runs
# from its header block (the run of header lines around the To: line) to
# the line "----- end of message" (t/run-suite's sendmail stand-in writes
# it), the next message's header lines, or the end of the log.
sub mail_message {
    my ($email, $log) = @_;
    $log //= mail_log();
    my $found;
    while ($log =~ /^To:[^\n]*\Q$email\E[^\n]*$/mgi) {
        $found = $-[0];
    }
    return undef unless defined $found;
    my $start = rindex($log, "\n\n", $found);
    $start = $start < 0 ? 0 : $start + 2;
    my $rest = substr($log, $start);
    my ($headers, $body) = split /\n\n/, $rest, 2;
    $body //= '';
    # only the run of header lines around the To: line (a previous
    # message's body may end right above it)
    my @lines = split /\n/, $headers;
    my ($to) = grep { $lines[$_] =~ /^To:/i } reverse 0 .. $#lines;
    my $first = $to // 0;
    $first-- while $first > 0 && $lines[$first - 1] =~ /^(?:[A-Za-z][\w-]*:\s|[ \t])/;
    $headers = join "\n", @lines[$first .. $#lines];
    if ($body =~ /^To:\s/mi) {
        # the next message: leave out its To: line and the header lines
        # just before it
        $body = substr($body, 0, $-[0]);
        1 while $body =~ s/(?:^|\n)$HEADER_LINE[^\n]*\n?\z//;
    }
    # the suite's sendmail stand-in ends each message with this line
    $body =~ s/^-----[ ]end[ ]of[ ]message\b.*\z//ms;
    # undo quoted-printable soft breaks, should the body be encoded so
    $body =~ s/=\n//g;
    return { headers => $headers, body => $body };
}

# ---------------------------------------------------------------------------
# The forum
# ---------------------------------------------------------------------------

# A forum category code: the first <option> with a value in the category
# field of GET /forum/new, else the first row of the categories table.
sub forum_category {
    my ($c) = @_;
    if ($c) {
        my $html = $c->get('/forum/new')->decoded_content // '';
        if ($html =~ m{<select\b[^>]*\bname\s*=\s*["']?category["']?[^>]*>(.*?)</select>}si) {
            my $sel = $1;
            while ($sel =~ m{<option\b[^>]*\bvalue\s*=\s*["']([^"']+)["']}gi) {
                return $1 if length $1;
            }
        }
    }
    my ($code) = eval { db()->selectrow_array(
        'SELECT code FROM ' . T('categories') . ' ORDER BY position, code LIMIT 1') };
    return $code // 'algemeen';
}

# ask($c, category => ..., title => ..., body => ...) -> ($response, topic id or undef).
sub ask {
    my ($c, %f) = @_;
    my %opt;
    $opt{csrf} = delete $f{csrf} if exists $f{csrf};
    my $res = post_as($c, '/forum/new',
                      [ category => $f{category}, title => $f{title}, body => $f{body} ], %opt);
    my ($id) = db()->selectrow_array(
        'SELECT max(id) FROM ' . T('topics') . ' WHERE member_id = ? AND title = ?',
        undef, $c->{id}, $f{title} // '');
    return wantarray ? ($res, $id) : $res;
}

sub topic_row {
    my ($id) = @_;
    return db()->selectrow_hashref(
        'SELECT id, member_id, title, body, accepted_post_id, created_at, deleted_at FROM '
        . T('topics') . ' WHERE id = ?', undef, $id // 0) // {};
}

# answer($c, $topic, $body) -> ($response, post id or undef).
sub answer {
    my ($c, $tid, $body, %opt) = @_;
    my $res = post_as($c, "/forum/topics/$tid/answers", [ body => $body ], %opt);
    my ($id) = db()->selectrow_array(
        'SELECT max(id) FROM ' . T('posts') . ' WHERE member_id = ? AND topic_id = ? AND body = ?',
        undef, $c->{id}, $tid, $body);
    return wantarray ? ($res, $id) : $res;
}

sub post_row {
    my ($id) = @_;
    return db()->selectrow_hashref(
        'SELECT id, topic_id, member_id, body, created_at, deleted_at FROM ' . T('posts')
        . ' WHERE id = ?', undef, $id // 0) // {};
}

sub thumb {
    my ($c, $pid, %opt) = @_;
    return post_as($c, "/forum/posts/$pid/thumb", [], %opt);
}

# Thumbs on a post (from one member when $mid is given).
sub thumb_count {
    my ($pid, $mid) = @_;
    return scalar db()->selectrow_array(
        'SELECT count(*) FROM ' . T('thumbs')
        . ' WHERE post_id = ? AND (?::bigint IS NULL OR member_id = ?)', undef, $pid, $mid, $mid);
}

sub accept_answer {
    my ($c, $tid, $pid, %opt) = @_;
    return post_as($c, "/forum/topics/$tid/accept", [ post_id => $pid ], %opt);
}

# ---------------------------------------------------------------------------
# Networking
# ---------------------------------------------------------------------------

sub follow {
    my ($c, $mid, $action, %opt) = @_;
    return post_as($c, "/members/$mid/follow", [ action => $action // 'follow' ], %opt);
}

# How many follows rows say $follower follows $followed.
sub follows_row {
    my ($follower, $followed) = @_;
    return scalar db()->selectrow_array(
        'SELECT count(*) FROM ' . T('follows') . ' WHERE follower_id = ? AND followed_id = ?',
        undef, $follower, $followed);
}

sub block {
    my ($c, $mid, $action, %opt) = @_;
    return post_as($c, "/members/$mid/block", [ action => $action // 'block' ], %opt);
}

sub blocks_row {
    my ($blocker, $blocked) = @_;
    return scalar db()->selectrow_array(
        'SELECT count(*) FROM ' . T('blocks') . ' WHERE blocker_id = ? AND blocked_id = ?',
        undef, $blocker, $blocked);
}

sub send_message {
    my ($c, $to, $body, %opt) = @_;
    return post_as($c, "/me/messages/$to", [ body => $body ], %opt);
}

# Messages from $from to $to, oldest first, as hashes.
sub messages_between {
    my ($from, $to) = @_;
    return @{ db()->selectall_arrayref(
        'SELECT id, sender_id, recipient_id, body, created_at, read_at FROM ' . T('messages')
        . ' WHERE sender_id = ? AND recipient_id = ? ORDER BY id', { Slice => {} }, $from, $to) };
}

# POST /me/organisation with the given fields (urlencoded).
sub set_organisation {
    my ($c, %f) = @_;
    my %opt;
    $opt{csrf} = delete $f{csrf} if exists $f{csrf};
    my @pairs = map { ($_ => $f{$_}) } grep { defined $f{$_} }
                qw(kind name description contact website province themes);
    return post_as($c, '/me/organisation', \@pairs, %opt);
}

sub organisation_row {
    my ($mid) = @_;
    return db()->selectrow_hashref(
        'SELECT member_id, kind, name, province, themes FROM ' . T('organisations')
        . ' WHERE member_id = ?', undef, $mid);
}

# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

sub _html {
    my ($x) = @_;
    return $x->decoded_content(charset => 'UTF-8') // '' if ref $x && $x->can('decoded_content');
    return $x // '';
}

# The ids in attribute $attr of the <$tag> elements that carry it, in page
# order (duplicates removed): marker_ids($html, 'li', 'data-member').
sub marker_ids {
    my ($html, $tag, $attr) = @_;
    $html = _html($html);
    my (@ids, %seen);
    while ($html =~ m{<\Q$tag\E\b([^>]*)>}gi) {
        my $attrs = $1;
        next unless $attrs =~ /\s\Q$attr\E\s*=\s*["']?(\d+)/i;
        push @ids, $1 unless $seen{$1}++;
    }
    return @ids;
}

sub topic_ids        { return marker_ids($_[0], 'article', 'data-topic') }
sub member_ids       { return marker_ids($_[0], 'li', 'data-member') }
sub organisation_ids { return marker_ids($_[0], 'li', 'data-organisation') }
sub event_ids        { return marker_ids($_[0], 'li', 'data-record') }

# The unread-messages count the page header shows (user.unread): 0 when
# the header shows none. Looked for, in this order, in an element of the
# site header whose class or data attribute says "unread", in the header's
# link to /me/messages, in the whole header's text.
sub unread_badge {
    my ($html) = @_;
    $html = _html($html);
    return undef unless $html =~ m{<header\b[^>]*>(.*?)</header>}si;
    my $head = $1;
    return $1 if $head =~ /\sdata-unread\s*=\s*["']?(\d+)/i;
    my $num = sub {
        my ($piece) = @_;
        $piece =~ s/<[^>]*>/ /g;
        return $piece =~ /(?<![\w.,-])(\d+)(?![\w.,-])/ ? $1 : 0;
    };
    if ($head =~ m{<(\w+)\b[^>]*\bclass\s*=\s*["'][^"']*unread[^"']*["'][^>]*>(.*?)</\1>}si) {
        return $num->($2);
    }
    if ($head =~ m{<a\b[^>]*\bhref\s*=\s*["'](?:https?://[^/"']+)?/me/messages["'][^>]*>(.*?)</a>}si) {
        return $num->($1);
    }
    (my $text = $head) =~ s{<form\b.*?</form>}{ }sgi;
    return $num->($text);
}

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------

# Notifications of a member (of one kind when $kind is given).
sub notification_count {
    my ($mid, $kind) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM notifications WHERE member_id = ? AND (?::text IS NULL OR kind = ?)},
        undef, $mid, $kind, $kind);
}

# The ledger rows under exactly this award key (at most one), with the note.
sub ledger_of {
    my ($key) = @_;
    return @{ db()->selectall_arrayref(
        q{SELECT id, member_id, event, subject, amount, award_key, note FROM points_ledger
           WHERE award_key = ? ORDER BY id}, { Slice => {} }, $key) };
}

# Ledger rows whose award_key matches a LIKE pattern, oldest first.
sub ledger_rows {
    my ($pattern) = @_;
    return @{ db()->selectall_arrayref(
        q{SELECT id, member_id, event, subject, amount, award_key, note FROM points_ledger
           WHERE award_key LIKE ? ORDER BY id}, { Slice => {} }, $pattern) };
}

# The sum paid under exactly this key (0 when there is no row).
sub paid {
    my ($key) = @_;
    return scalar db()->selectrow_array(
        q{SELECT coalesce(sum(amount), 0) FROM points_ledger WHERE award_key = ?}, undef, $key);
}

my %AGE_COLUMN = (reactions => 'member_id', topics => 'member_id', posts => 'member_id',
                  messages => 'sender_id', outbox => 'id');
# Move created_at of a member's rows in a table ('reactions', 'messages',
# ...) back by $interval ('16 minutes'); only the row $row_id when given.
sub age_rows {
    my ($what, $mid, $interval, $row_id) = @_;
    my $col = $AGE_COLUMN{$what} or croak("age_rows: no rule for $what");
    return db()->do('UPDATE ' . T($what) . ' SET created_at = created_at - ?::interval'
                    . " WHERE $col = ?" . (defined $row_id ? ' AND id = ?' : ''),
                    undef, $interval, $mid, defined $row_id ? $row_id : ());
}

# Make a member registered $days days ago.
sub set_member_age {
    my ($mid, $days) = @_;
    db()->do(q{UPDATE members SET created_at = now() - make_interval(days => ?) WHERE id = ?},
             undef, $days, $mid);
    return;
}

# Today + $days in Europe/Brussels as YYYY-MM-DD.
sub brussels_date {
    my ($days) = @_;
    return scalar db()->selectrow_array(
        q{SELECT to_char((now() AT TIME ZONE 'Europe/Brussels')::date + ?::int, 'YYYY-MM-DD')},
        undef, $days // 0);
}

# Daily caps count per calendar day in Europe/Brussels: when fewer than
# $secs seconds are left of that day, wait until it has turned.
sub wait_day_margin {
    my ($secs) = @_;
    my ($left) = db()->selectrow_array(q{
        SELECT extract(epoch FROM (date_trunc('day', now() AT TIME ZONE 'Europe/Brussels')
                                   + interval '1 day') - (now() AT TIME ZONE 'Europe/Brussels'))});
    if ($left < $secs) {
        Test::More::diag("waiting ${left}s for the day to turn (daily caps)");
        sleep int($left) + 2;
    }
    return;
}

# What the tables hold now: { table => md5 of all rows, or 'missing' }.
# Tables: keys of %TABLE or plain names (points_ledger, notifications, ...).
sub db_fingerprint {
    my (@what) = @_;
    my %fp;
    for my $w (@what) {
        my $t = $TABLE{$w} // $w;
        croak("db_fingerprint: bad table $t") unless $t =~ /^[a-z_]+$/;
        my ($exists) = db()->selectrow_array('SELECT to_regclass(?) IS NOT NULL', undef, $t);
        if (!$exists) { $fp{$t} = 'missing'; next }
        my ($n, $md5) = db()->selectrow_array(
            "SELECT count(*), md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM $t x");
        $fp{$t} = "$n:$md5";
    }
    return \%fp;
}

# The tables whose fingerprint differs (sorted names).
sub fingerprint_diff {
    my ($a, $b) = @_;
    my %k = map { $_ => 1 } keys %$a, keys %$b;
    return sort grep { ($a->{$_} // '') ne ($b->{$_} // '') } keys %k;
}

1;
