# The judged query set (t/fixtures/judged-queries.tsv: Dutch and English
# queries over the demo data, a third of them compounds, synonyms and
# typos) scored by tools/search-score against a node on the demo data: the
# overall recall@10 and nDCG@10 must stay at or above the floors below
# (the scores reached when they were set, rounded down a little).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::DemoSite ();

use constant { MIN_RECALL => 0.98, MIN_NDCG => 0.96 };

plan tests => 3, need_lwp;

my $base = KC::DemoSite::start();
my $src = $ENV{KC_SRCDIR};
my $out = `'$src/tools/search-score' --url '$base' --min-recall @{[MIN_RECALL]} --min-ndcg @{[MIN_NDCG]} 2>&1`;
my $rc = $? >> 8;
diag($out);
my ($recall, $ndcg) = $out =~ /^overall: \d+ queries, recall\@10 ([\d.]+), nDCG\@10 ([\d.]+)$/m;
ok defined $ndcg, 'tools/search-score scored the judged set'
    or diag("exit $rc");
is $rc, 0, sprintf('overall recall@10 and nDCG@10 at or above the floors (%.2f, %.2f)',
                   MIN_RECALL, MIN_NDCG);
KC::DemoSite::stop();
my $errors = '';
if (open my $log, '<', glob("$ENV{KC_TMP}/demo-node-$$/error_log")) {
    $errors = join '', grep { /:(error|crit|alert|emerg)\]/ } <$log>;
}
is $errors, '', 'the demo node logged no errors';
