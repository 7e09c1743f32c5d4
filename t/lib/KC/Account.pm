package KC::Account;
# A "browser" for the account tests: its own cookie jar, no automatic
# redirects, forms posted with the CSRF token the site put in them.
# Plus the database and HTML look-ups the account tests share.
#
#   my $c = KC::Account->new;
#   my ($res, $id) = $c->register(first_name => 'An');   # 303, logged in
#   my $b = KC::Account->new;
#   $b->login($c->{email}, $c->{password}, '/records/1');
#   $b->whoami;                                          # "member:$id"
#
# Members with a known password exist only through the site (bcrypt is in
# the C code): register them here; for roles, register, UPDATE members.role
# and log in again (make_role_member).
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Carp qw(croak);
use Encode ();
use Digest::SHA qw(sha256_hex);
use Compress::Zlib ();
use LWP::UserAgent ();
use HTTP::Cookies ();
use HTTP::Request::Common ();
use URI ();
use URI::Escape qw(uri_escape_utf8);
use Apache::Test ();
use Apache::TestRequest ();
use Test::More ();
use KC::Test qw(db uniq);

our @EXPORT_OK = qw(forget_login_failures member_row sessions_of session_for_token
                    members_matching error_fields has_error_field error_text
                    input_tag input_value is_checked csrf_in set_cookie_line
                    png_1x1 password_of_bytes access_log_user make_role_member
                    GOOD_PASSWORD);

use constant GOOD_PASSWORD => 'correct-horse-battery-9';
use constant SESSION_COOKIE => 'kc_session';

# ---------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------

sub new {
    my ($class, %opt) = @_;
    my $ua = LWP::UserAgent->new(
        max_redirect          => 0,
        requests_redirectable => [],
        cookie_jar            => HTTP::Cookies->new,
        keep_alive            => 0,
        timeout               => 30,
        agent                 => $opt{agent} // 'kc-account-test/1',
    );
    # ip => ADDRESS: the client address the site sees (r->useragent_ip),
    # through X-Forwarded-For and mod_remoteip (t/conf/extra.conf.in).
    $ua->default_header('X-Forwarded-For' => $opt{ip}) if defined $opt{ip};
    return bless { ua => $ua, jar => $ua->cookie_jar }, $class;
}

# Absolute URL of a site path (host and port of this Apache::Test run).
sub url {
    my ($self, $path) = @_;
    return Apache::TestRequest::resolve_url($path);
}

sub get {
    my ($self, $path, @headers) = @_;
    my $res = $self->{ua}->get($self->url($path), @headers);
    $self->{last} = $res;
    return $res;
}

# The CSRF token of the form on $page (GET). Remembered in {csrf}.
sub csrf_token {
    my ($self, $page) = @_;
    my $res = $self->get($page);
    my $tok = csrf_in($res->content);
    Test::More::diag("no csrf field on $page (status " . $res->code . ')')
        unless defined $tok;
    $self->{csrf} = $tok;
    return $tok;
}

# Where the form of a POST route is shown. /logout and /logout-all: every
# page of a logged-in member carries the token (layout's logout form).
my %FORM_PAGE = ('/logout' => '/', '/logout-all' => '/');
sub form_page {
    my ($path) = @_;
    (my $bare = $path) =~ s/\?.*//s;
    return $FORM_PAGE{$bare} // $path;
}

# The csrf field value for a POST, by option:
#   csrf => 1 (default)  fetch it from the form page (from => PAGE to override)
#   csrf => 0            no csrf field at all
#   csrf => 'text'       exactly this value
sub _csrf_pairs {
    my ($self, $path, %opt) = @_;
    my $csrf = exists $opt{csrf} ? $opt{csrf} : 1;
    return () if defined $csrf && $csrf eq '0';
    if (defined $csrf && $csrf eq '1') {
        my $tok = $self->csrf_token($opt{from} // form_page($path));
        return defined $tok ? (csrf => $tok) : ();
    }
    return (csrf => $csrf // '');
}

# Field list: a hash ref, or an array ref of pairs (repeated names allowed).
# Pairs whose value is undef are left out (an unticked box, a missing field).
# Values are text, sent as UTF-8 ("\x{e9}" goes out as two bytes); files
# (array refs, see file_part) as they are.
sub _pairs {
    my ($fields) = @_;
    my @in = ref $fields eq 'HASH' ? map { ($_, $fields->{$_}) } sort keys %$fields
                                   : @{ $fields // [] };
    my @out;
    while (my ($k, $v) = splice @in, 0, 2) {
        next unless defined $v;
        $v = Encode::encode('UTF-8', $v) unless ref $v;
        push @out, $k, $v;
    }
    return @out;
}

# POST application/x-www-form-urlencoded.
sub post_form {
    my ($self, $path, $fields, %opt) = @_;
    my @pairs = ($self->_csrf_pairs($path, %opt), _pairs($fields));
    my $req = HTTP::Request::Common::POST($self->url($path), \@pairs);
    my $res = $self->{ua}->request($req);
    $self->{last} = $res;
    return $res;
}

# POST multipart/form-data. A file is [ undef, 'name.png',
# 'Content-Type' => 'image/png', Content => $bytes ] (see file_part).
sub post_multipart {
    my ($self, $path, $fields, %opt) = @_;
    my @pairs = ($self->_csrf_pairs($path, %opt), _pairs($fields));
    my $req = HTTP::Request::Common::POST($self->url($path),
                                          Content_Type => 'form-data',
                                          Content      => \@pairs);
    my $res = $self->{ua}->request($req);
    $self->{last} = $res;
    return $res;
}

sub file_part {
    my ($filename, $type, $bytes) = @_;
    return [ undef, $filename, 'Content-Type' => $type, Content => $bytes ];
}

# A valid registration, changed by %overrides (undef removes a field).
sub registration_fields {
    my (%over) = @_;
    my %f = (
        first_name        => uniq('Anna'),
        surname           => 'Peeters',
        email             => lc(uniq('lid')) . '@example.test',
        password          => GOOD_PASSWORD,
        country           => 'BE',
        birthday          => '1985-03-14',
        edu_role          => 'teacher',
        declare_age       => 1,
        declare_not_pupil => 1,
        accept_terms      => 1,
    );
    %f = (%f, %over);
    $f{password2} = $f{password} if !exists $over{password2};
    return \%f;
}

# register(%overrides) -> ($response, $member_id or undef, \%fields).
# On success the browser is logged in and remembers email/password/id.
# The site mails new members a link that confirms the address, and until
# it is followed they may not send mail to others (recommend by mail); the
# members made here count as confirmed at once (a direct UPDATE), unless
# unconfirmed => 1 is passed (t/account/confirm.t follows the real link).
sub register {
    my ($self, %over) = @_;
    my $csrf = delete $over{csrf};
    my $unconfirmed = delete $over{unconfirmed};
    my $f = registration_fields(%over);
    my $res = $self->post_form('/register', $f, defined $csrf ? (csrf => $csrf) : ());
    my $id;
    if ($res->code == 303
        && ($res->header('Location') // '') =~ m{^/members/(\d+)(?:\?done=registered)?$}) {
        $id = $1;
        @$self{qw(id email password first_name surname)} =
            ($id, @$f{qw(email password first_name surname)});
        db()->do(q{UPDATE members SET email_confirmed_at = now() WHERE id = ?}, undef, $id)
            unless $unconfirmed;
    }
    return wantarray ? ($res, $id, $f) : $res;
}

# login(email, password, next) -> response. next is left out when undef.
sub login {
    my ($self, $email, $password, $next, %opt) = @_;
    my $page = defined $next ? '/login?next=' . uri_escape_utf8($next) : '/login';
    my $res = $self->post_form('/login',
                               [ email => $email, password => $password, next => $next ],
                               from => $page, %opt);
    if ($res->code == 303) {
        @$self{qw(email password)} = ($email, $password);
    }
    return $res;
}

# read_record(ID, json => 0|1) -> response: what a member gets on reading
# record ID, paying when it is a first read, as a browser does it: GET
# /records/ID (which never spends); when that shows the "Read for N points"
# form (JSON: unlock_required), POST it (POST /records/ID/unlock with the
# CSRF token of the page) and follow its redirect. The response is the final
# page, or the POST's own answer when it did not redirect (403 no points).
sub read_record {
    my ($self, $id, %opt) = @_;
    my @h = $opt{json} ? (Accept => 'application/json') : ();
    my $res = $self->get("/records/$id", @h);
    my $c = $res->decoded_content // '';
    my $tok;
    if ($opt{json}) {
        return $res unless $res->code == 200 && $c =~ /"unlock_required"\s*:\s*true/;
        ($tok) = $c =~ /"csrf"\s*:\s*"([^"]*)"/;
    }
    else {
        return $res unless $res->code == 200 && $c =~ m{action="/records/$id/unlock"};
        $tok = csrf_in($c);
    }
    my $post = $self->unlock($id, csrf => $tok // '', json => $opt{json});
    return $post unless $post->code == 303;
    return $self->get($post->header('Location'), @h);
}

# POST /records/ID/unlock with the session's token (csrf => to override,
# json => 1 for ?format=json). The raw response (303, 403, 404).
sub unlock {
    my ($self, $id, %opt) = @_;
    my $path = "/records/$id/unlock" . ($opt{json} ? '?format=json' : '');
    return $self->post_form($path, {}, csrf => $opt{csrf} // 1, from => '/');
}

sub logout {
    my ($self, %opt) = @_;
    return $self->post_form('/logout', {}, %opt);
}

# A new browser that registered (and so is logged in); dies if the site
# refuses, since nothing after it can work.
sub registered {
    my ($class, %over) = @_;
    my $c = $class->new;
    my ($res, $id) = $c->register(%over);
    croak('registration failed: ' . $res->status_line . ' ' . ($res->header('Location') // ''))
        unless $id;
    return $c;
}

# A new browser logged in as $email; dies when the login is refused.
sub logged_in {
    my ($class, $email, $password) = @_;
    my $c = $class->new;
    my $res = $c->login($email, $password);
    croak("login of $email failed: " . $res->status_line) unless $res->code == 303;
    $c->{id} = member_id_by_email($email);
    return $c;
}

# "member:ID" when GET /me says the browser is logged in, "visitor" when
# it is sent to the login page, else a description of what happened.
sub whoami {
    my ($self) = @_;
    my $res = $self->get('/me');
    my $loc = $res->header('Location') // '';
    return "member:$1" if $res->code == 303 && $loc =~ m{^(?:https?://[^/]+)?/members/(\d+)$};
    return 'visitor'   if $res->code == 303 && $loc =~ m{^(?:https?://[^/]+)?/login(?:\?|$)};
    return 'status ' . $res->code . " location '$loc'";
}

# Cookies in this browser's jar.
sub cookie {
    my ($self, $name) = @_;
    my $val;
    $self->{jar}->scan(sub { $val = $_[2] if $_[1] eq $name });
    return $val;
}

sub session_cookie { return $_[0]->cookie(SESSION_COOKIE) }

sub _jar_domain {
    my $h = URI->new(Apache::TestRequest::resolve_url('/'))->host;
    return $h =~ /\./ ? $h : "$h.local";
}

# Put a cookie in the jar, as if the site (or an attacker) had set it.
sub set_cookie {
    my ($self, $name, $value) = @_;
    $self->{jar}->set_cookie(0, $name, $value, '/', _jar_domain(), undef, 1, 0, 3600, 0);
    return $self;
}

sub set_session_cookie { return $_[0]->set_cookie(SESSION_COOKIE, $_[1]) }

# A browser that carries only the given session token.
sub with_session {
    my ($class, $token) = @_;
    return $class->new->set_session_cookie($token);
}

# ---------------------------------------------------------------------------
# Members with roles
# ---------------------------------------------------------------------------

# make_role_member($role) -> a new browser, logged in (after the role
# change) as a new member whose role is $role.
sub make_role_member {
    my ($role, %over) = @_;
    my $reg = KC::Account->registered(%over);
    db()->do(q{UPDATE members SET role = ? WHERE id = ?}, undef, $role, $reg->{id});
    my $c = KC::Account->logged_in($reg->{email}, $reg->{password});
    $c->{id} = $reg->{id};
    $c->{password} = $reg->{password};
    return $c;
}

# ---------------------------------------------------------------------------
# Database look-ups
# ---------------------------------------------------------------------------

# The login throttle counts rows in login_failures (per e-mail and per IP,
# 15 minutes). Every test runs from 127.0.0.1, so files that log in start
# (and files that fail logins end) with a clean slate.
sub forget_login_failures { db()->do('DELETE FROM login_failures'); return }

sub member_row {
    my ($id) = @_;
    return db()->selectrow_hashref(q{SELECT * FROM members WHERE id = ?}, undef, $id);
}

sub member_id_by_email {
    my ($email) = @_;
    return scalar db()->selectrow_array(
        q{SELECT id FROM members WHERE lower(email) = lower(?) AND deleted_at IS NULL},
        undef, $email);
}

# How many members have this e-mail (any case) or this first name.
sub members_matching {
    my ($email, $first_name) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM members
           WHERE (?::text IS NOT NULL AND lower(email) = lower(?))
              OR (?::text IS NOT NULL AND first_name = ?)}, undef,
        $email, $email, $first_name, $first_name);
}

sub sessions_of {
    my ($id) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM sessions WHERE member_id = ?}, undef, $id);
}

# The sessions row whose token_hash is SHA-256 of the cookie value.
sub session_for_token {
    my ($token) = @_;
    return undef unless defined $token;
    return db()->selectrow_hashref(
        q{SELECT * FROM sessions WHERE token_hash = decode(?, 'hex')}, undef,
        sha256_hex($token));
}

# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

sub _unescape {
    my ($s) = @_;
    return undef unless defined $s;
    $s =~ s/&quot;/"/g; $s =~ s/&#0*39;/'/g; $s =~ s/&#x0*27;/'/gi;
    $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&amp;/&/g;
    return $s;
}

sub _attr {
    my ($tag, $name) = @_;
    return $tag =~ /\s\Q$name\E\s*=\s*"([^"]*)"/i ? $1
         : $tag =~ /\s\Q$name\E\s*=\s*'([^']*)'/i ? $1
         : $tag =~ /\s\Q$name\E\s*=\s*([^\s"'>]+)/i ? $1
         : undef;
}

# The <input> (or <textarea>/<select>) tags named $name, optionally with value $value.
sub input_tag {
    my ($html, $name, $value) = @_;
    my @tags;
    for my $tag ($html =~ /(<input\b[^>]*>)/gi) {
        my $n = _attr($tag, 'name');
        next unless defined $n && _unescape($n) eq $name;
        next if defined $value && (_unescape(_attr($tag, 'value')) // '') ne $value;
        push @tags, $tag;
    }
    return wantarray ? @tags : $tags[0];
}

# The value an input is (re)filled with; undef when there is no such input
# or it has no value attribute. Textareas give their text.
sub input_value {
    my ($html, $name) = @_;
    my $tag = input_tag($html, $name);
    return _unescape(_attr($tag, 'value')) if defined $tag;
    if ($html =~ /<textarea\b[^>]*\bname\s*=\s*"\Q$name\E"[^>]*>(.*?)<\/textarea>/si) {
        return _unescape($1);
    }
    return undef;
}

# Is the checkbox/radio $name with value $value checked?
sub is_checked {
    my ($html, $name, $value) = @_;
    my $tag = input_tag($html, $name, $value);
    return undef unless defined $tag;
    return $tag =~ /\schecked(?:\s|=|\/?>|>)/i ? 1 : 0;
}

# The csrf hidden field's value.
sub csrf_in {
    my ($html) = @_;
    my $v = input_value($html // '', 'csrf');
    return defined $v && length $v ? $v : undef;
}

# The distinct field names of the error items (data-field="..."), sorted.
sub error_fields {
    my ($html) = @_;
    my %seen;
    return sort grep { !$seen{$_}++ } map { _unescape($_) } ($html // '') =~ /\bdata-field="([^"]*)"/g;
}

sub has_error_field {
    my ($html, $field) = @_;
    return scalar grep { $_ eq $field } error_fields($html);
}

# The text of the error summary (<div ... role="alert">…</div>), tags
# removed and blanks squeezed; undef when there is none.
sub error_text {
    my ($html) = @_;
    return undef unless ($html // '') =~ m{<div\b[^>]*\brole="alert"[^>]*>(.*?)</div>}si;
    my $t = $1;
    $t =~ s/<[^>]*>/ /g;
    $t = _unescape($t);
    $t =~ s/\s+/ /g;
    $t =~ s/^ | $//g;
    return $t;
}

# The raw Set-Cookie header that sets cookie $name (undef if none).
sub set_cookie_line {
    my ($res, $name) = @_;
    for my $line ($res->headers->header('Set-Cookie')) {
        return $line if $line =~ /^\s*\Q$name\E=/;
    }
    return undef;
}

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

# A valid 1x1 PNG (8-bit RGB, one teal pixel), built here with real CRCs.
# png_1x1(pad => N) adds a tEXt chunk of N more bytes (a big but valid PNG).
sub png_1x1 {
    my (%opt) = @_;
    my $chunk = sub {
        my ($type, $data) = @_;
        return pack('N', length $data) . $type . $data
             . pack('N', Compress::Zlib::crc32($type . $data));
    };
    my $pad = $opt{pad} ? $chunk->('tEXt', "Comment\0" . ('x' x ($opt{pad} - 20))) : '';
    return "\x89PNG\r\n\x1a\n"
         . $chunk->('IHDR', pack('NNCCCCC', 1, 1, 8, 2, 0, 0, 0))
         . $pad
         . $chunk->('IDAT', Compress::Zlib::compress("\x00\x0b\x4f\x5c"))
         . $chunk->('IEND', '');
}

# An ASCII password of exactly $n bytes, not in any common list.
sub password_of_bytes {
    my ($n) = @_;
    return substr('Kc9-lange-zin-met-cijfers-0123456789-' x (1 + int($n / 30)), 0, $n);
}

# The user field (3rd, %u) of the last access_log line containing $needle,
# waiting a little for httpd to write it.
sub access_log_user {
    my ($needle) = @_;
    my $log = Apache::Test::vars('t_logs') . '/access_log';
    for (1 .. 20) {
        if (open my $fh, '<', $log) {
            my $last;
            while (my $line = <$fh>) { $last = $line if index($line, $needle) >= 0 }
            close $fh;
            return $1 if defined $last && $last =~ /^\S+ \S+ (\S+) \[/;
        }
        select undef, undef, undef, 0.1;
    }
    return undef;
}

1;
