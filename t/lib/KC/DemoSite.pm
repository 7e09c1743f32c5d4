package KC::DemoSite;
# A second httpd on the demo data set: the suite's own database holds what
# the tests make, so searches over the demo data (t/search/dutch.t, the
# judged query set of t/search/judged.t) run against a database of their
# own, kc_demo, made once per suite run (kcdb migrate + kcdb demo) and a
# node started with the suite's site configuration pointed at it.
#
#   my $base = KC::DemoSite::start();   # "http://127.0.0.1:PORT"
#   KC::DemoSite::db()                  # DBI handle on kc_demo (owner role)
use strict;
use warnings FATAL => 'all';
use DBI;
use File::Path qw(make_path);
use LWP::UserAgent ();
use Time::HiRes qw(sleep);

use constant DBNAME => 'kc_demo';

my ($dir, $dbh);

sub db {
    return $dbh if $dbh && $dbh->ping;
    $dbh = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=" . DBNAME,
                        $ENV{PGUSER}, '', { AutoCommit => 1, RaiseError => 1,
                                            PrintError => 0, pg_enable_utf8 => 1 });
    return $dbh;
}

# The demo database, made (and the demo data loaded) by the first caller.
sub ensure_db {
    my $src = $ENV{KC_SRCDIR} or die 'KC_SRCDIR not set (run the suite through t/run-suite)';
    my $main = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                            $ENV{PGUSER}, '', { AutoCommit => 1, RaiseError => 1, PrintError => 0 });
    my ($exists) = $main->selectrow_array('SELECT count(*) FROM pg_database WHERE datname = ?',
                                          undef, DBNAME);
    $main->disconnect;
    return if $exists;
    local $ENV{PGDATABASE} = DBNAME;
    system('createdb', DBNAME) == 0 or die 'createdb ' . DBNAME . ' failed';
    system("'$src/tools/kcdb' migrate >/dev/null") == 0 or die 'kcdb migrate failed on ' . DBNAME;
    system("'$src/tools/kcdb' demo >/dev/null") == 0 or die 'kcdb demo failed on ' . DBNAME;
}

sub free_port {
    require IO::Socket::INET;
    my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0)
        or die "no free port: $!";
    my $p = $s->sockport;
    close $s;
    return $p;
}

# Starts the node (stopped when the test ends); returns its base URL.
sub start {
    ensure_db();
    my $tmp = $ENV{KC_TMP} or die 'KC_TMP not set (run the suite through t/run-suite)';
    $dir = "$tmp/demo-node-$$";
    make_path($dir);
    my $port = free_port();
    my $conf = do {
        open my $in, '<', $ENV{KC_TEST_CONF} or die "$ENV{KC_TEST_CONF}: $!";
        local $/;
        <$in>;
    };
    my $db = DBNAME;
    $conf =~ s/\bdbname=$ENV{PGDATABASE}\b/dbname=$db/g or die 'no dbname= in the site configuration';
    open my $cf, '>', "$dir/klascement.conf" or die $!;
    print $cf $conf;
    close $cf;
    my $libexec = `apxs -q LIBEXECDIR`;
    chomp $libexec;
    open my $fh, '>', "$dir/httpd.conf" or die $!;
    print $fh "ServerRoot $dir\nListen 127.0.0.1:$port\nServerName 127.0.0.1:$port\n",
              "PidFile $dir/httpd.pid\nDefaultRuntimeDir $dir\nMutex file:$dir default\n",
              "ErrorLog $dir/error_log\nLogLevel warn\nTypesConfig /etc/mime.types\n";
    for my $m (qw(mpm_event authz_core authz_host alias mime dir remoteip)) {
        next unless -f "$libexec/mod_$m.so";
        print $fh "<IfModule !${m}_module>\n  LoadModule ${m}_module $libexec/mod_$m.so\n</IfModule>\n";
    }
    print $fh "Include $dir/klascement.conf\n";
    close $fh;
    my $httpd = $ENV{HTTPD_BIN} || '/usr/sbin/apache2';
    system($httpd, '-f', "$dir/httpd.conf", '-k', 'start') == 0 or die 'the demo node did not start';
    my $base = "http://127.0.0.1:$port";
    my $ua = LWP::UserAgent->new(timeout => 5);
    for (1 .. 200) {
        return $base if $ua->get("$base/")->code == 200;
        sleep 0.1;
    }
    die "the demo node does not answer on $base";
}

sub stop {
    return unless $dir && open my $fh, '<', "$dir/httpd.pid";
    my $p = <$fh>;
    chomp $p;
    kill 'TERM', $p if $p;
    undef $dir;
}

END { stop() }

1;
