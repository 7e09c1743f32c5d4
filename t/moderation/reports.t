# Reports (issue 17): one open report per member per target (a second one
# is the same report), at most 20 a day per member (429 after), and the
# moderators' list shows the newest as well as the oldest, paginated, so a
# flood of old junk reports cannot hide a new real one.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record uniq expect_errors);
use KC::Account qw(make_role_member);
use KC::Contribute qw(act report_close_ids text_of);

plan tests => 11, need_lwp;

sub open_reports {
    my ($member, $rid) = @_;
    return scalar db()->selectrow_array(
        q{SELECT count(*) FROM reports WHERE reporter_id = ? AND closed_at IS NULL
           AND (?::bigint IS NULL OR target_id = ?)}, undef, $member, $rid, $rid);
}
sub report { my ($c, $rid) = @_; return act($c, "/records/$rid/report", [ reason => 'spam', text => uniq('Reclame') ]) }

# ---- one open report per member per target (3) ------------------------------
my $m = KC::Account->registered;
my $a = make_record();
t_is(report($m, $a)->header('Location') // '', "/records/$a?done=reported", 'a member reports a record: back with done=reported');
t_is(report($m, $a)->header('Location') // '', "/records/$a?done=already_reported",
     '... the same record again: done=already_reported');
t_is(open_reports($m->{id}, $a), 1, 'DB: one open report');

# ---- 20 a day (3) -----------------------------------------------------------
my @codes = map { report($m, make_record())->code } 2 .. 20;
is scalar(grep { $_ == 303 } @codes), 19, '19 more reports on other records the same day: 303 each';
t_is(expect_errors(sub { report($m, make_record()) })->code, 429, 'the 21st: 429');
t_is(open_reports($m->{id}, undef), 20, 'DB: 20 open reports');

# ---- a flood of old junk does not hide a new report (5) --------------------
my @junk = map { KC::Account->registered } 1 .. 2;
for my $j (@junk) { report($j, make_record()) for 1 .. 15 }
db()->do(q{UPDATE reports SET created_at = created_at - interval '2 hours' WHERE reporter_id IN (?, ?)},
         undef, map { $_->{id} } @junk);
my $real = KC::Account->registered;
my $victim = make_record(title => uniq('Echt een probleem'));
report($real, $victim);
my ($rid) = db()->selectrow_array(q{SELECT id FROM reports WHERE reporter_id = ? AND target_id = ?},
                                  undef, $real->{id}, $victim);
my $mod = make_role_member('moderator');
my $page = $mod->get('/moderation');
ok !grep({ $_ == $rid } report_close_ids($page->content)), 'oldest first, page 1: the new report is not among the first 20';
is scalar(report_close_ids($page->content)), 20, '... which lists 20';
my @newest = report_close_ids($mod->get('/moderation?reports=newest')->content);
t_is($newest[0] // 0, $rid, 'newest first: the new report comes first');
my ($pages) = text_of($page) =~ /Pagina 1 van (\d+)/;
ok $pages && $pages >= 2, "the list is paginated ($pages pages)";
ok grep({ $_ == $rid } report_close_ids($mod->get("/moderation?reports=oldest&rpage=$pages")->content)),
   '... and the last page of oldest first holds the new report';
