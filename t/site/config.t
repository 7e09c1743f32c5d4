# A bad configuration stops httpd at start-up with a message naming the
# directive (or the template file and line).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_cmp);
use File::Temp qw(tempdir);
use File::Copy qw(copy);
use File::Path qw(make_path);
use KC::Test qw(t_is);

plan tests => 17;

my $httpd = $ENV{HTTPD_BIN} or die 'HTTPD_BIN not set';
my $dir = tempdir(CLEANUP => 1);
my $libexec = `apxs -q LIBEXECDIR`; chomp $libexec;
my $templates = "$ENV{KC_SRCDIR}/templates";

sub conf {
    my (%d) = @_;
    my $port = 20000 + $$ % 20000;
    my $c = <<"CONF";
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
KlasCementTemplateDir @{[ $d{templates} // $templates ]}
CONF
    $c .= "$_ $d{extra}{$_}\n" for sort keys %{ $d{extra} // {} };
    open my $fh, '>', "$dir/httpd.conf" or die $!;
    print {$fh} $c;
    close $fh;
    unlink "$dir/error_log";
    return "$dir/httpd.conf";
}

# `httpd -t`: directive values are judged while the file is read.
sub syntax_check {
    my $out = `$httpd -t -f @{[ conf(@_) ]} 2>&1`;
    return ($? >> 8, $out);
}

my ($rc, $out) = syntax_check(extra => { KlasCementDetailCost => '-5' });
ok $rc != 0, 'a negative KlasCementDetailCost is refused';
t_is($out, qr/KlasCementDetailCost/, '... naming the directive');

($rc, $out) = syntax_check(templates => "$dir/no-such-dir");
ok $rc != 0, 'a missing template directory is refused';
t_is($out, qr/KlasCementTemplateDir/, '... naming the directive');

($rc, $out) = syntax_check(extra => { KlasCementMaxUpload => 'lots' });
ok $rc != 0 && $out =~ /KlasCementMaxUpload/, 'a non-numeric KlasCementMaxUpload is refused';

($rc, $out) = syntax_check(extra => { KlasCementPageCacheEntries => '200000' });
ok $rc != 0 && $out =~ /KlasCementPageCacheEntries.*100000/,
    'KlasCementPageCacheEntries above 100000 is refused, naming the limit';

($rc, $out) = syntax_check(extra => { KlasCementPageCache => 5, KlasCementPageCacheEntries => 64 });
t_is($rc, 0, 'KlasCementPageCache with KlasCementPageCacheEntries passes');

($rc, $out) = syntax_check(extra => { KlasCementHSTS => 'soon' });
ok $rc != 0 && $out =~ /KlasCementHSTS.*\(or off\)/, 'KlasCementHSTS soon is refused, naming the directive and "off"';

($rc, $out) = syntax_check(extra => { KlasCementHSTS => 'off' });
t_is($rc, 0, 'KlasCementHSTS off passes');

($rc, $out) = syntax_check(extra => { KlasCementBaseURL => 'https://' });
ok $rc != 0 && $out =~ /KlasCementBaseURL/, 'a KlasCementBaseURL without a host is refused';

($rc, $out) = syntax_check(extra => { KlasCementBaseURL => 'https://www.example.test:8443/kc/' });
t_is($rc, 0, 'a KlasCementBaseURL with a port and a path passes');

($rc, $out) = syntax_check(extra => { KlasCementLinkCheckBatch => '0' });
ok $rc != 0 && $out =~ /KlasCementLinkCheckBatch.*1 to 1000/, 'KlasCementLinkCheckBatch 0 is refused, naming the range';
($rc, $out) = syntax_check(extra => { KlasCementLinkCheckTimeout => '600' });
ok $rc != 0 && $out =~ /KlasCementLinkCheckTimeout.*1 to 60/, 'KlasCementLinkCheckTimeout 600 is refused, naming the range';
($rc, $out) = syntax_check(extra => { KlasCementLinkCheckInterval => 900, KlasCementLinkCheckBatch => 20,
                                      KlasCementLinkCheckTimeout => 5 });
t_is($rc, 0, 'the dead-links job\'s directives with good values pass');

($rc, $out) = syntax_check();
t_is($rc, 0, 'the good configuration passes');

# A broken template stops a real start-up, naming file and line.
my $bad = "$dir/templates";
system('cp', '-r', $templates, $bad) == 0 or die 'cp failed';
open my $fh, '>>', "$bad/home.html" or die $!;
print {$fh} "\n{{#records}} never closed\n";
close $fh;
my $conf = conf(templates => $bad);
my $start = system("timeout 20 $httpd -f $conf -DFOREGROUND >/dev/null 2>&1");
ok((($start >> 8) != 0 && ($start >> 8) != 124), 'a broken template stops httpd at start-up');
my $log = do { local $/; open my $l, '<', "$dir/error_log" or die $!; <$l> } // '';
t_is($log, qr/KC0001.*home\.html:\d+/, 'the log names the template and line');
