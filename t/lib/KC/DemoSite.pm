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
use KC::Node ();

use constant DBNAME => 'kc_demo';

my ($node, $dbh);

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

# Starts the node (stopped when the test ends); returns its base URL.
sub start {
    ensure_db();
    my $tmp = $ENV{KC_TMP} or die 'KC_TMP not set (run the suite through t/run-suite)';
    my $dir = "$tmp/demo-node-$$";
    make_path($dir);
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
    $node = KC::Node->start(dir => $dir, site_conf => "$dir/klascement.conf");
    $node->up(20) or die "the demo node does not answer on $node->{base}";
    return $node->{base};
}

sub stop {
    $node->stop if $node;
    undef $node;
}

1;
