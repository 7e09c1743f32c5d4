# "For you this week" (issue 15): a member sees, on the home page and on
# their own profile, what colleagues read in this week and the next three
# of earlier years for the member's subjects and levels, and what
# colleagues who read what the member read also read, each with its
# reason; never a record the member read or wrote, never a taken-down one;
# "not for me" (POST + CSRF) removes one for good; visitors see no box.
# Reading history is built through kc_record_unlock (so every read is paid
# and keyed as the site does it) with its date set back; the suggestions
# come from the `foryou` job, run through "run now" on /admin/jobs.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record expect_errors);
use KC::Account qw(forget_login_failures make_role_member);

plan tests => 47, need_lwp;

forget_login_failures();
my $admin = make_role_member('admin');
my $teacher = KC::Account->registered;       # Wiskunde, lager onderwijs
my $historian = KC::Account->registered;     # Geschiedenis, secundair 1e graad
my $reader = KC::Account->registered;        # no subjects or levels, one read
my $newcomer = KC::Account->registered;      # nothing at all
my @colleagues = map { KC::Account->registered } 1 .. 6;
my $visitor = KC::Account->new;

sub tax_id {
    my ($table, $code) = @_;
    return db()->selectrow_array("SELECT id FROM $table WHERE code = ?", undef, $code);
}
my %subject = map { $_ => tax_id('subjects', $_) } qw(wiskunde geschiedenis frans);
my %level = map { $_ => tax_id('levels', $_) } qw(lager secundair-1);

sub profile {
    my ($who, $subjects, $levels) = @_;
    db()->do('INSERT INTO member_subjects (member_id, subject_id) VALUES (?, ?)', undef,
             $who->{id}, $subject{$_}) for @$subjects;
    db()->do('INSERT INTO member_levels (member_id, level_id) VALUES (?, ?)', undef,
             $who->{id}, $level{$_}) for @$levels;
}
profile($teacher, ['wiskunde'], ['lager']);
profile($historian, ['geschiedenis'], ['secundair-1']);

# A published record with these subject and level codes.
my $n = 0;
sub record {
    my ($subj, $lev, %f) = @_;
    my $id = make_record(title => sprintf('Voor-jou %d %s %d', ++$n, $subj, $$), %f);
    db()->do('DELETE FROM record_subjects WHERE record_id = ?', undef, $id);
    db()->do('DELETE FROM record_levels WHERE record_id = ?', undef, $id);
    db()->do('INSERT INTO record_subjects (record_id, subject_id) VALUES (?, ?)', undef,
             $id, $subject{$subj});
    db()->do('INSERT INTO record_levels (record_id, level_id) VALUES (?, ?)', undef,
             $id, $level{$lev});
    return $id;
}

# A paid read of $rec by $who, dated $when (SQL, e.g. "now() - interval '1 year'").
sub read_at {
    my ($who, $rec, $when) = @_;
    my ($r) = db()->selectrow_array('SELECT kc_record_unlock(?, ?, 10)', undef, $who->{id}, $rec);
    die "unlock of $rec by $who->{id}: $r" unless $r eq 'unlocked';
    db()->do("UPDATE unlocks SET created_at = $when WHERE member_id = ? AND record_id = ?",
             undef, $who->{id}, $rec);
}
my $in_window = "now() - interval '1 year' + interval '1 day'";
my $two_back = "now() - interval '2 years' + interval '2 days'";
my $off_season = "now() - interval '1 year' + interval '60 days'";
my $recent = "now() - interval '3 days'";
my ($c1, $c2, $c3, $c4, $c5, $c6) = @colleagues;

my $season_top = record('wiskunde', 'lager');        # 3 reads in the window
read_at($_, $season_top, $in_window) for ($c1, $c2, $c3);
my $season_two = record('wiskunde', 'lager');        # 1 last year + 1 two years ago
read_at($c1, $season_two, $in_window);
read_at($c2, $season_two, $two_back);
my $off = record('wiskunde', 'lager');               # read, but in other weeks
read_at($_, $off, $off_season) for ($c1, $c2, $c3);
# The teacher read this season pick; its other reader read nothing else
# (so it brings no co-reading of its own).
my $already = record('wiskunde', 'lager');
read_at($c6, $already, $in_window);
read_at($teacher, $already, $recent);
my $own = record('wiskunde', 'lager', author_id => $teacher->{id});   # the teacher's own
read_at($_, $own, $in_window) for ($c1, $c2, $c3);
my $doomed = record('wiskunde', 'lager');            # taken down after the job
read_at($_, $doomed, $in_window) for ($c1, $c2);
my $history = record('geschiedenis', 'secundair-1'); # another profile
read_at($_, $history, $in_window) for ($c1, $c2);
# Co-reading: the teacher and the reader read X; two other colleagues read
# X and Y (and nothing else).
my $x = record('frans', 'secundair-1');
my $y = record('frans', 'secundair-1');
read_at($_, $x, $recent) for ($c4, $c5);
read_at($_, $y, $recent) for ($c4, $c5);
read_at($reader, $x, $recent);
my $x_page = $teacher->read_record($x);              # as a member reads: pays, unlocks
t_is $x_page->code, 200, 'the teacher reads X through the site';

sub job_row { db()->selectrow_hashref('SELECT * FROM jobs WHERE name = ?', undef, 'foryou') }

# "Run now" on /admin/jobs, then wait until a run has ended after it.
sub run_job {
    my $row;
    for (1 .. 300) {
        last if ($row = job_row());
        select undef, undef, undef, 0.1;
    }
    my $before = $row ? $row->{runs} : 0;
    my $res = $admin->post_form('/admin/jobs/foryou/run', {}, from => '/admin/jobs');
    for (1 .. 600) {
        $row = job_row();
        return ($res, $row) if $row->{runs} > $before && !defined $row->{run_requested_at};
        select undef, undef, undef, 0.1;
    }
    return ($res, $row);
}

sub box_ids {
    my ($html) = @_;
    return [ $html =~ /data-foryou="(\d+)"/g ];
}
sub has { my ($list, $id) = @_; return scalar grep { $_ == $id } @$list }

# ---- the job (5) -------------------------------------------------------------------
my ($res, $row) = run_job();
t_is $res->code, 303, 'run now of foryou as an admin: 303';
is $row->{last_result}, 'ok', '... the run ended ok' or diag($row->{last_message});
is $row->{last_message}, 'cycle complete', '... and finished its cycle';
my $admin_page = $admin->get('/admin/jobs')->decoded_content;
like $admin_page, qr/data-job="foryou"/, '/admin/jobs lists the foryou job';
my ($phase) = db()->selectrow_array('SELECT phase FROM foryou_progress');
is $phase, 'done', 'the progress row says the cycle is done';

# ---- the teacher's home page (12) ------------------------------------------------
my $home = $teacher->get('/');
t_is $home->code, 200, 'the teacher opens the home page';
my $html = $home->decoded_content;
my $ids = box_ids($html);
like $html, qr{<section class="foryou"}, '... with a "for you this week" box';
ok has($ids, $season_top), '... suggesting what colleagues read most in these weeks last year'
    or diag("@$ids");
is $ids->[0], $season_top, '... first the most read of the season';
ok has($ids, $season_two), '... and what was read in these weeks two years ago';
ok !has($ids, $off), '... not what was read in other weeks';
ok !has($ids, $already), '... never a record the teacher read';
ok !has($ids, $own), '... never the teacher\'s own record';
ok !has($ids, $history), '... nor another profile\'s season';
like $html, qr{data-foryou="$season_top" data-reason="profile">.*?Omdat je Wiskunde geeft in Lager onderwijs}s,
    '... with its reason: "Omdat je Wiskunde geeft in Lager onderwijs"';
like $html, qr{data-foryou="$y" data-reason="coread">.*?Omdat collega&#39;s die <a href="/records/$x">}s,
    '... and Y "because colleagues who read X also read this"';
ok !has($ids, $x), '... X itself, read, is not suggested';

# ---- on /me too, in English too (3) ---------------------------------------------------
my $me = $teacher->get('/members/' . $teacher->{id})->decoded_content;
ok has(box_ids($me), $season_top), 'the teacher\'s own profile (/me) shows the box too';
my $other_profile = $teacher->get('/members/' . $historian->{id})->decoded_content;
unlike $other_profile, qr{class="foryou"}, '... someone else\'s profile does not';
# The member's language preference (profile) decides; a session may be
# remembered briefly, so look a few times.
db()->do(q{UPDATE members SET lang = 'en' WHERE id = ?}, undef, $teacher->{id});
my $en = '';
for (1 .. 50) {
    $en = $teacher->get('/')->decoded_content;
    last if $en =~ /For you this week/;
    select undef, undef, undef, 0.1;
}
like $en, qr{Because you teach Mathematics in Primary education},
    'in English: "Because you teach Mathematics in Primary education..."';
db()->do(q{UPDATE members SET lang = 'nl' WHERE id = ?}, undef, $teacher->{id});
for (1 .. 50) {
    last if $teacher->get('/')->decoded_content =~ /Voor jou deze week/;
    select undef, undef, undef, 0.1;
}

# ---- other members (6) ---------------------------------------------------------------
my $hist_ids = box_ids($historian->get('/')->decoded_content);
ok has($hist_ids, $history), 'the historian sees the season of Geschiedenis, secundair';
ok !has($hist_ids, $season_top), '... not the teacher\'s';
my $reader_html = $reader->get('/')->decoded_content;
my $reader_ids = box_ids($reader_html);
is_deeply $reader_ids, [$y], 'a member without subjects or levels: only what co-readers read'
    or diag("@$reader_ids");
like $reader_html, qr{data-reason="coread"}, '... with the co-reading reason';
unlike $newcomer->get('/')->decoded_content, qr{class="foryou"},
    'a member with nothing to suggest: no box at all';
unlike $visitor->get('/')->decoded_content, qr{class="foryou"|foryou-title},
    'a visitor: no box on the home page';

# ---- at once: taken down, read since (4) -------------------------------------------------
ok has(box_ids($teacher->get('/')->decoded_content), $doomed), 'before the takedown: suggested';
db()->do(q{UPDATE records SET state = 'taken_down' WHERE id = ?}, undef, $doomed);
ok !has(box_ids($teacher->get('/')->decoded_content), $doomed),
    'a taken-down record disappears at once (no job run)';
db()->do(q{UPDATE records SET state = 'published' WHERE id = ?}, undef, $doomed);
my $read_page = $teacher->read_record($season_two);
t_is $read_page->code, 200, 'the teacher reads a suggestion';
ok !has(box_ids($teacher->get('/')->decoded_content), $season_two),
    '... it is gone from the box at once';

# ---- not for me (13) -----------------------------------------------------------------
my $before_rows = db()->selectrow_array('SELECT count(*) FROM foryou_dismissed');
$res = $teacher->{ua}->post($teacher->url("/foryou/$season_top/dismiss"), [ back => '/' ]);
t_is $res->code, 403, '"not for me" without a CSRF token: 403';
$res = $teacher->{ua}->post($teacher->url("/foryou/$season_top/dismiss"),
                            [ csrf => 'x' x 43, back => '/' ]);
t_is $res->code, 403, '... with a wrong one: 403';
$res = $visitor->post_form("/foryou/$season_top/dismiss", { back => '/' }, csrf => 'x' x 43);
ok $res->code != 200 && $res->code != 303
       || ($res->header('Location') // '') =~ m{/login}, 'a visitor cannot dismiss';
is db()->selectrow_array('SELECT count(*) FROM foryou_dismissed'), $before_rows, '... nothing written';
$res = $teacher->post_form('/foryou/999999999/dismiss', { back => '/' }, from => '/');
t_is $res->code, 404, 'dismissing a record that does not exist: 404';
$res = $teacher->post_form("/foryou/$season_top/dismiss", { back => '/' }, from => '/');
t_is $res->code, 303, '"not for me" with the token: 303';
is $res->header('Location'), '/?done=foryou_dismissed', '... back to the home page';
my $after = $teacher->get('/?done=foryou_dismissed')->decoded_content;
ok !has(box_ids($after), $season_top), '... the suggestion is gone';
like $after, qr{Je krijgt deze suggestie niet meer te zien}, '... with a notice';
$res = $teacher->post_form("/foryou/$y/dismiss", { back => '//evil.example/' }, from => '/');
is $res->header('Location'), '/?done=foryou_dismissed', 'a foreign "back" goes home instead';
($res, $row) = run_job();
is $row->{last_result}, 'ok', 'the job runs again';
my $again = box_ids($teacher->get('/')->decoded_content);
ok !has($again, $season_top) && !has($again, $y), '... and a dismissed suggestion does not come back'
    or diag("@$again");
ok has(box_ids($historian->get('/')->decoded_content), $history),
    '... another member\'s suggestions are their own';

# ---- the table the page reads (3) ----------------------------------------------------
my $rows = db()->selectall_arrayref(
    'SELECT record_id, reason, subject_id, level_id, because_id FROM foryou WHERE member_id = ? ORDER BY rank',
    { Slice => {} }, $teacher->{id});
ok @$rows > 0 && @$rows <= 12, 'the job keeps at most 12 rows a member';
ok !(grep { $_->{record_id} == $season_two || $_->{record_id} == $already } @$rows),
    '... none the member has read';
my ($profile_row) = grep { $_->{reason} eq 'profile' } @$rows;
ok $profile_row && $profile_row->{subject_id} == $subject{wiskunde}
   && $profile_row->{level_id} == $level{lager}, '... a profile row names the subject and level';
