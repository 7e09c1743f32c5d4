# The analytics counters are kept in each httpd child's memory and written
# at most KlasCementStatsFlush seconds later, and when a child stops: this
# test starts a second node on the suite's database with
# KlasCementStatsFlush 3600, so only a child's exit can write what it
# counted. Searches and a record page on it are not in the tables while
# it runs; a graceful restart writes them (each once); a graceful stop
# writes what was counted after that.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use Time::HiRes qw(sleep);
use URI;
use KC::Test qw(db make_record);
use KC::Node ();
use KC::Account qw(forget_login_failures);
use KC::Contribute qw(rand_word);
use KC::Community qw(reader);

plan tests => 7, need_lwp;

forget_login_failures();

my $tmp = $ENV{KC_TMP} or die 'KC_TMP not set (run the suite through t/run-suite)';
my $host = URI->new(Apache::TestRequest::resolve_url('/'))->host;
# The site's configuration, then: counters written only at a child's exit.
my $n2 = KC::Node->start(dir => "$tmp/stats-node", host => $host,
                         server => "GracefulShutdownTimeout 30\n",
                         after => "KlasCementStatsFlush 3600\nKlasCementJobs off\n");
my $node = $n2->{base};
my $up = $n2->up;
ok $up, "the second node answers on $node";

{
    package KC::StatsNode;
    our @ISA = ('KC::Account');
    sub url { return $node . $_[1] }
}
sub searches {
    my ($q) = @_;
    return scalar db()->selectrow_array(
        q{SELECT coalesce(sum(searches), 0) FROM search_stats WHERE query = ? AND filters = ''}, undef, $q);
}
sub views {
    return scalar db()->selectrow_array(
        q{SELECT coalesce(sum(views), 0) FROM record_views WHERE record_id = ?}, undef, $_[0]);
}
sub eventually {
    my ($code) = @_;
    my $v;
    for (1 .. 120) { $v = $code->(); return $v if $v; sleep 0.5 }
    return $v;
}
sub httpd_k { return $n2->k($_[0]) }

(my $word = lc rand_word(12)) =~ s/(.)\1\1+/$1$1/g;
my $rid = make_record(title => "Herstart $word");
my $m = reader($rid);                      # read on node 1 (written within a second there)
eventually(sub { views($rid) });
my $before = views($rid);
my $on = bless { %$m }, 'KC::StatsNode';   # the same browser on the second node
$on->get("/records?q=$word") for 1 .. 3;
$on->get("/records/$rid");
sleep 3;
ok searches($word) == 0 && views($rid) == $before,
   'while the second node runs, its counts wait in memory (KlasCementStatsFlush 3600)'
   or diag('searches ' . searches($word));

ok httpd_k('graceful'), 'graceful restart of the second node';
is eventually(sub { searches($word) >= 3 ? searches($word) : 0 }), 3,
   'the stopping children wrote their counts: three searches';
is views($rid), $before + 1, '... and the record page';

$n2->up;
$on->get("/records?q=$word") for 1 .. 2;
ok httpd_k('graceful-stop'), 'graceful stop of the second node';
is eventually(sub { searches($word) >= 5 ? searches($word) : 0 }), 5,
   'what was counted after the restart is written at the stop, nothing twice';
