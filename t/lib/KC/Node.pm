package KC::Node;
# Another httpd with the suite's module and site configuration, next to the
# one Apache::Test runs: a second node behind a "load balancer"
# (t/jobs/two_nodes.t), a node with other directives (t/analytics/restart.t),
# a node on another database (KC::DemoSite).
#
#   my $n = KC::Node->start(dir => "$ENV{KC_TMP}/node2",
#                           host => 'localhost',           # of ->{base}
#                           site_conf => $file,            # default KC_TEST_CONF
#                           server => "GracefulShutdownTimeout 30\n",
#                           after => "KlasCementJobs off\n");
#   $n->up or die;            # GET / answers 200 (waits up to 10 s)
#   $n->{base}                # http://HOST:PORT
#   $n->k('graceful');        # httpd -k ..., true on success
#   $n->pid; $n->stop;        # SIGTERM to the parent
#
# A node still running when the test ends is killed with its children.
use strict;
use warnings FATAL => 'all';
use File::Path qw(make_path);
use IO::Socket::INET ();
use LWP::UserAgent ();

my @started;

sub free_port {
    my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0)
        or die "no free port: $!";
    my $p = $s->sockport;
    close $s;
    return $p;
}

sub httpd_bin { return $ENV{HTTPD_BIN} || '/usr/sbin/apache2' }

sub start {
    my ($class, %opt) = @_;
    my $dir = $opt{dir} or die 'KC::Node->start: dir needed';
    make_path($dir);
    my $port = free_port();
    my $site = $opt{site_conf} // $ENV{KC_TEST_CONF}
        or die 'KC_TEST_CONF not set (run the suite through t/run-suite)';
    my $libexec = `apxs -q LIBEXECDIR`;
    chomp $libexec;
    open my $fh, '>', "$dir/httpd.conf" or die "$dir/httpd.conf: $!";
    print $fh "ServerRoot $dir\nListen 127.0.0.1:$port\nServerName 127.0.0.1:$port\n",
              "PidFile $dir/httpd.pid\nDefaultRuntimeDir $dir\nMutex file:$dir default\n",
              "ErrorLog $dir/error_log\nLogLevel warn\nTypesConfig /etc/mime.types\n",
              $opt{server} // '';
    for my $m (qw(mpm_event authz_core authz_host alias mime dir remoteip)) {
        next unless -f "$libexec/mod_$m.so";
        print $fh "<IfModule !${m}_module>\n  LoadModule ${m}_module $libexec/mod_$m.so\n</IfModule>\n";
    }
    print $fh "Include $site\n", $opt{after} // '';
    close $fh;
    my $self = bless { dir => $dir, port => $port,
                       base => 'http://' . ($opt{host} // '127.0.0.1') . ":$port" }, $class;
    $self->k('start') or die "the node in $dir did not start";
    push @started, $self;
    return $self;
}

sub k {
    my ($self, $what) = @_;
    return system(httpd_bin(), '-f', "$self->{dir}/httpd.conf", '-k', $what) == 0;
}

# True once GET / answers 200, within $seconds (10).
sub up {
    my ($self, $seconds) = @_;
    my $ua = LWP::UserAgent->new(timeout => 2);
    for (1 .. 10 * ($seconds // 10)) {
        return 1 if $ua->get("$self->{base}/")->code == 200;
        select undef, undef, undef, 0.1;
    }
    return 0;
}

sub pid {
    my ($self) = @_;
    open my $fh, '<', "$self->{dir}/httpd.pid" or return;
    my $p = <$fh>;
    chomp $p if defined $p;
    return $p;
}

sub stop {
    my ($self) = @_;
    my $p = $self->pid;
    kill 'TERM', $p if $p;
    $self->{stopped} = 1;
}

END {
    for my $n (@started) {
        next if $n->{stopped};
        my $p = $n->pid;
        kill 'KILL', -$p if $p;
    }
}

1;
