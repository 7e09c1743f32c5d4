# PostgreSQL restarts while httpd runs: later requests work without an
# httpd restart; database down gives a clean 503; a failing statement is an
# error page, never "no rows".
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_cmp);
use Apache::TestRequest qw(GET);
use KC::Test qw(t_is db make_record expect_errors);
use DBI;

plan tests => 12, need_lwp;

my $pg_ctl = "$ENV{KC_PGBIN}/pg_ctl";
sub pg {
    my @cmd = ($pg_ctl, '-D', $ENV{KC_PGDATA}, '-l', $ENV{KC_PGLOG},
               '-o', "-k $ENV{KC_PGSOCK} -p $ENV{PGPORT}", '-w', '-t', '60', @_);
    system(@cmd) == 0 or die "pg_ctl @_ failed";
}

my $id = make_record(title => 'Herstart-test');
# Use every pooled connection once, so each has prepared statements.
my @before = map { GET('/records')->code } 1 .. 12;
t_is(scalar(grep { $_ == 200 } @before), 12, 'the site works before the restart');

expect_errors(sub {
    pg('-m', 'fast', 'restart');
});
my @after = map { GET('/records')->code } 1 .. 24;
t_is(scalar(grep { $_ == 200 } @after), 24,
         'after a PostgreSQL restart every request works, httpd not restarted');
t_is(GET('/')->code, 200, 'the home page too');
ok GET('/records')->content =~ /Herstart-test/, 'with the data';

# The anonymous home page may be kept KlasCementPageCache (5) seconds:
# let the copies from the requests above expire so the page asks the
# database.
sleep 6;
my @down = expect_errors(sub {
    pg('-m', 'fast', 'stop');
    my @r = map { GET($_) } '/records', '/', "/records/$id";
    pg('start');
    return @r;
});
t_is($down[0]->code, 503, 'database down: 503 for the list');
t_is($down[1]->code, 503, '... and the home page');
t_is($down[2]->code, 503, '... and a record (not a 404)');
ok $down[0]->content =~ /<main/ && $down[0]->content =~ /<\/html>/,
   'the 503 page is a whole page in the layout';
ok defined $down[0]->header('Retry-After'), '... with Retry-After';
my @back = map { GET('/records')->code } 1 .. 12;
t_is(scalar(grep { $_ == 200 } @back), 12, 'back to normal once PostgreSQL is up');

# A statement that fails (here: a lock makes it time out) must be an error,
# not an empty page or a 404.
my $locker = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                          $ENV{PGUSER}, '', { AutoCommit => 0, RaiseError => 1, PrintError => 0 });
$locker->do('LOCK TABLE records IN ACCESS EXCLUSIVE MODE');
# (/records?page=2: not asked before, so not in the page cache.)
my @err = expect_errors(sub { return (GET('/records?page=2'), GET("/records/$id")) });
$locker->rollback;
$locker->disconnect;
t_is($err[0]->code, 500, 'a failing query gives 500, not an empty list');
t_is($err[1]->code, 500, 'a failing lookup gives 500, not a 404');
