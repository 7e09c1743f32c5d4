# PostgreSQL restarts while httpd runs: later requests work without an
# httpd restart; database down gives a clean 503; a failing statement is an
# error page, never "no rows".
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_cmp);
use Apache::TestRequest qw(GET);
use KC::Test qw(t_is db make_record expect_errors);
use KC::Account;
use DBI;
use Time::HiRes qw(sleep);

plan tests => 15, need_lwp;

my $pg_ctl = "$ENV{KC_PGBIN}/pg_ctl";
sub pg {
    my @cmd = ($pg_ctl, '-D', $ENV{KC_PGDATA}, '-l', $ENV{KC_PGLOG},
               '-o', "-k $ENV{KC_PGSOCK} -p $ENV{PGPORT}", '-w', '-t', '60', @_);
    system(@cmd) == 0 or die "pg_ctl @_ failed";
}

my $id = make_record(title => 'Herstart-test');
# Use every pooled connection once, so each has prepared statements.
# (Each address its own, so that none comes from the page cache.)
my @before = map { GET("/records?n=$_")->code } 1 .. 12;
t_is(scalar(grep { $_ == 200 } @before), 12, 'the site works before the restart');

# Eight visitors open the registration form now and send it after the
# restart: those requests start with a write (the registration), with no
# read before it that would find a dead connection and retry.
# Registrations before the restart leave the registration prepared on the
# pooled connections, so that after it the statement itself fails (a
# statement that still had to be prepared would be retried: nothing ran).
my @visitors = map { my $c = KC::Account->new; [$c, $c->csrf_token('/register')] } 1 .. 8;
KC::Account->new->register for 1 .. 8;
expect_errors(sub {
    pg('-m', 'fast', 'restart');
});
# A write that fails is not retried (it might have run), so the module
# checks a connection that sat idle in the pool before it writes on it.
# (Without that check, the first write on each dead pooled connection was
# a 503.)
sleep 1.2;
my @writes = map { ($_->[0]->register(csrf => $_->[1]))[0]->code } @visitors;
t_is(scalar(grep { $_ == 303 } @writes), 8,
     'after a PostgreSQL restart, writes on the pooled connections work (registrations)')
    or diag("@writes");
my @after = map { GET("/records?m=$_")->code } 1 .. 24;
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

# The page-change listener (jobs/kc_jobs.c) lost its connection with the
# restarts: it connects again by itself, and a change made with psql
# reaches the cached home page at once again.
my $dbh = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                       $ENV{PGUSER}, '', { AutoCommit => 1, RaiseError => 1, PrintError => 0 });
my $listening = 0;
for (1 .. 100) {
    ($listening) = $dbh->selectrow_array(q{SELECT count(*) FROM pg_stat_activity
                                           WHERE query LIKE '%kc_listen_pages%'
                                             AND pid <> pg_backend_pid()});
    last if $listening;
    sleep 0.1;
}
ok $listening, 'after the restarts the node listens for page changes again';
my $title = 'Nahetherstarten' . int(rand(1e9));
my ($nid) = $dbh->selectrow_array(q{
    INSERT INTO records (kind, title, description, language, licence, author_name, state, published_at)
    VALUES ('document', 'Voorlopige titel', 'Na de herstart.', 'nl', 'by', 'Test Leraar', 'published', now())
    RETURNING id});
for (1 .. 30) { last if GET('/')->content =~ /Voorlopige titel/; sleep 0.1 }   # a kept copy with it
$dbh->do('UPDATE records SET title = ? WHERE id = ?', undef, $title, $nid);
my $seen = 0;
for (1 .. 20) { $seen = 1, last if GET('/')->content =~ /$title/; sleep 0.1 }
ok $seen, '... and a title changed with psql is on the cached home page within 2 s';
$dbh->disconnect;
