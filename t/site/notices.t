# ?done=CODE shows the message notice.CODE of the page's catalogue: every
# notice.* key of nl.txt and en.txt shows, an unknown or malformed code
# shows nothing (it cannot reach a key outside notice.*), and a notice
# added only to the catalogues shows without any change to the C code.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use File::Temp qw(tempdir);
use HTML::Entities qw(decode_entities);
use IO::Socket::INET;
use LWP::UserAgent;
use KC::Test qw(t_is);

my $src = $ENV{KC_SRCDIR} or die 'KC_SRCDIR not set';

sub notices {
    my ($file) = @_;
    my %n;
    open my $fh, '<:encoding(UTF-8)', $file or die "$file: $!";
    while (my $line = <$fh>) {
        $n{$1} = $2 if $line =~ /^\s*notice\.([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$/;
    }
    return \%n;
}

my %cat = map { $_ => notices("$src/templates/i18n/$_.txt") } qw(nl en);

# The text of the page's notice, or undef when there is none.
sub notice_of {
    my ($html) = @_;
    return $html =~ m{<p class="notice notice-success" role="status">(.*?)</p>}s
        ? decode_entities($1) : undef;
}

sub page_notice {
    my ($code, $lang) = @_;
    my $res = GET "/login?done=$code", 'Accept-Language' => $lang // 'nl';
    return ($res->code, notice_of($res->decoded_content));
}

my @bad = ('nonexistent', 'PROFILE', 'profile.x', '..%2Fprofile', '../profile',
           'profile%0A', '%20profile', 'profile%26x', 'pro+file', '',
           'x' x 65, 'home.no_records', 'error.404.title', '.profile',
           'notice.profile');

plan tests => 2 + (keys %{ $cat{nl} }) + (keys %{ $cat{en} }) + @bad + 6;

cmp_ok(scalar keys %{ $cat{nl} }, '>=', 44, 'nl.txt has the 44 notices (and maybe more)');
is_deeply([sort keys %{ $cat{en} }], [sort keys %{ $cat{nl} }],
          'en.txt has the same notices as nl.txt');

for my $lang (qw(nl en)) {
    for my $code (sort keys %{ $cat{$lang} }) {
        my ($status, $notice) = page_notice($code, $lang);
        is($notice, $cat{$lang}{$code}, "$lang: ?done=$code shows notice.$code");
    }
}

for my $code (@bad) {
    my ($status, $notice) = page_notice($code);
    # 400 when the query string itself is refused (a NUL byte)
    ok(!defined $notice && ($status == 200 || $status == 400),
       "?done=$code shows no notice (status $status)");
}

# httpd decodes the query into C strings, so a NUL ends the code: what
# follows it can show nothing of its own.
my (undef, $nul) = page_notice('profile%00%3Cscript%3E');
ok(!defined $nul || $nul eq $cat{nl}{profile}, '?done=profile%00... shows at most notice.profile');

# A notice that exists only in the catalogues of a copy of the templates,
# served by a second httpd: shown there, while the suite's server (whose
# catalogues lack it) shows nothing for the same code.
my $code = 'kc_catalogue_only';
my ($status, $notice) = page_notice($code);
ok(!defined $notice, "?done=$code shows nothing where the catalogues lack it");

my $httpd = $ENV{HTTPD_BIN} or die 'HTTPD_BIN not set';
my $dir = tempdir(CLEANUP => 1);
system('cp', '-r', "$src/templates", "$dir/templates") == 0 or die 'cp failed';
my %text = (nl => 'Alleen in de catalogus & nergens anders.',
            en => 'Only in the catalogue & nowhere else.');
for my $lang (keys %text) {
    open my $fh, '>>:encoding(UTF-8)', "$dir/templates/i18n/$lang.txt" or die $!;
    print {$fh} "\nnotice.$code = $text{$lang}\n";
    close $fh;
}
my $port = do {
    my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0)
        or die "no free port: $!";
    $s->sockport;
};
my $libexec = `apxs -q LIBEXECDIR`; chomp $libexec;
open my $cf, '>', "$dir/httpd.conf" or die $!;
print {$cf} <<"CONF";
ServerRoot $dir
Listen 127.0.0.1:$port
ServerName 127.0.0.1
PidFile $dir/httpd.pid
ErrorLog $dir/error_log
Mutex file:$dir default
<IfModule !mpm_event_module>
LoadModule mpm_event_module $libexec/mod_mpm_event.so
</IfModule>
LoadModule authz_core_module $libexec/mod_authz_core.so
LoadModule dbd_module $libexec/mod_dbd.so
LoadModule klascement_module $ENV{KC_MODULE}
DBDriver pgsql
DBDParams "host=$ENV{PGHOST} port=$ENV{PGPORT} dbname=$ENV{PGDATABASE} user=$ENV{KC_SITE_ROLE} connect_timeout=3"
KlasCementTemplateDir $dir/templates
<Location />
    SetHandler klascement
</Location>
CONF
close $cf;

my $started = system($httpd, '-f', "$dir/httpd.conf", '-k', 'start') == 0;
END {
    # Stop the second httpd whatever happened above.
    if ($dir && -f "$dir/httpd.pid") {
        system($httpd, '-f', "$dir/httpd.conf", '-k', 'stop');
        for (1 .. 50) { last unless -f "$dir/httpd.pid"; select(undef, undef, undef, 0.1) }
    }
}
my $ua = LWP::UserAgent->new(timeout => 10, max_redirect => 0);
my $res;
for (1 .. 50) {
    $res = $ua->get("http://127.0.0.1:$port/login?done=$code", 'Accept-Language' => 'nl');
    last if $res->code != 500 || ($res->header('Client-Warning') // '') ne 'Internal response';
    select(undef, undef, undef, 0.1);
}
ok($started && $res->code == 200, 'httpd starts with a notice only in the catalogues')
    or diag($res->status_line, "\n", `cat $dir/error_log 2>/dev/null`);
is(notice_of($res->decoded_content), $text{nl}, '... and shows it in Dutch');
$res = $ua->get("http://127.0.0.1:$port/login?done=$code", 'Accept-Language' => 'en');
is(notice_of($res->decoded_content), $text{en}, '... and in English');
$res = $ua->get("http://127.0.0.1:$port/login?done=nonexistent");
ok(!defined notice_of($res->decoded_content), '... but still nothing for an unknown code');
