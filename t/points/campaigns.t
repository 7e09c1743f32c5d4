# Campaigns (issue 13): /admin/campaigns creates a period (Europe/Brussels)
# with a factor or a fixed extra and a scope (events, record kinds, levels,
# subjects); kc_points_award applies every campaign in force, each part its
# own ledger row with its campaign_id; overlapping campaigns: factors
# multiply (in id order, each on the amount so far), then extras add; a
# reversal takes back exactly what was paid, parts included. Campaigns in
# force are announced on the home page and on /points, to visitors too.
# Refused for members and moderators (403) and without csrf (403).
#
# Every campaign this file starts is ended before it finishes (others'
# tests expect plain points).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_member make_record expect_errors uniq);
use KC::Account qw(forget_login_failures make_role_member);
use KC::Contribute qw(act audit_rows);
use KC::Search qw(visible_text balance_of ledger_sum);

plan tests => 36, need_lwp;

forget_login_failures();
END { eval { db()->do(q{DELETE FROM point_campaigns WHERE starts_at > now()});
             db()->do(q{UPDATE point_campaigns SET ends_at = now() WHERE ends_at > now()}) } }

my $adm = make_role_member('admin');
my $visitor = KC::Account->new;

# Brussels local time, $h hours from now, as a datetime-local value.
sub local_in {
    my ($h) = @_;
    return scalar db()->selectrow_array(
        q{SELECT to_char(now() AT TIME ZONE 'Europe/Brussels' + make_interval(hours => ?),
                         'YYYY-MM-DD"T"HH24:MI')}, undef, $h);
}
sub create {
    my (%f) = @_;
    my @scope = map { my $k = $_; map { ($k => $_) } @{ $f{$k} // [] } } qw(events kinds levels subjects);
    return act($adm, '/admin/campaigns',
               [ name => $f{name}, from => $f{from} // local_in(-1), to => $f{to} // local_in(1),
                 mode => $f{mode}, factor => $f{factor}, extra => $f{extra}, @scope ],
               from => '/admin/campaigns', %{ $f{opt} // {} });
}
sub campaign_id {
    my ($name) = @_;
    return scalar db()->selectrow_array(q{SELECT id FROM point_campaigns WHERE name = ?}, undef, $name);
}
sub award {
    my ($member, $event, $subject, $amount, $key) = @_;
    return scalar db()->selectrow_array(q{SELECT kc_points_award(?, ?, ?, ?, ?, NULL)}, undef,
                                        $member, $event, $subject, $amount, $key);
}
sub parts {
    my ($key) = @_;
    return { map { @$_ } @{ db()->selectall_arrayref(
        q{SELECT c.campaign_id, c.amount FROM points_ledger b
            JOIN points_ledger c ON c.parent_id = b.id WHERE b.award_key = ?}, undef, $key) } };
}
sub shown_on {
    my ($path, $text) = @_;
    my $res = $visitor->get($path);
    return $res->code == 200 && index(visible_text($res->decoded_content), $text) >= 0;
}

# ---- an extra for one record kind (8) ------------------------------------------------------------------
my $video_name = uniq('Video-extra');
my $res = create(name => $video_name, mode => 'extra', extra => 7, kinds => [ 'video' ]);
ok($res->code == 303 && ($res->header('Location') // '') eq '/admin/campaigns?done=campaign_created',
   'POST /admin/campaigns: 303 campaign_created') or diag($res->code);
my $video_c = campaign_id($video_name);
my $row = db()->selectrow_hashref(q{SELECT extra, factor, kinds::text AS kinds,
    to_char(starts_at AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD"T"HH24:MI') AS starts FROM point_campaigns WHERE id = ?},
    undef, $video_c);
ok($row && $row->{extra} == 7 && !defined $row->{factor} && $row->{kinds} eq '{video}',
   '... a campaign row: +7 for videos');
ok(audit_rows(action => 'campaign_create', target_id => $video_c) == 1, '... audited');
my $m = make_member();
my $video = make_record(kind => 'video');
my $doc = make_record(kind => 'document');
t_is(award($m, 'nice_scores', "record:$video", 20, uniq('v')), 27, 'an award for a video record: 20 + 7');
t_is(award($m, 'nice_scores', "record:$doc", 20, uniq('d')), 20, '... for a document: 20');
ok(shown_on('/', $video_name) && shown_on('/points', $video_name),
   'the campaign is announced on the home page and on /points, to a visitor');
$res = act($adm, "/admin/campaigns/$video_c/end", [], from => '/admin/campaigns');
ok($res->code == 303 && db()->selectrow_array(q{SELECT ends_at <= now() FROM point_campaigns WHERE id = ?}, undef, $video_c),
   'POST /admin/campaigns/ID/end: 303, the campaign is over');
ok(!shown_on('/', $video_name) && award($m, 'nice_scores', "record:$video", 20, uniq('v')) == 20,
   '... no longer announced, and a video award is plain again');

# ---- overlapping campaigns: factors multiply, extras add (11) ----------------------------------------------------
my ($b, $c, $d) = map { uniq("Campagne-$_") } qw(x2 x15 plus3);
ok(create(name => $b, mode => 'factor', factor => 2, events => [ 'recommend' ])->code == 303
   && create(name => $c, mode => 'factor', factor => '1.5')->code == 303
   && create(name => $d, mode => 'extra', extra => 3, events => [ 'recommend' ])->code == 303,
   'three campaigns: x2 on recommendations, x1.5 on everything, +3 on recommendations');
my ($bid, $cid, $did) = map { campaign_id($_) } $b, $c, $d;
my $mem = KC::Account->registered;
my $mid = $mem->{id};
my $start = balance_of($mid);
my $k1 = uniq('rec');
t_is(award($mid, 'recommend', 'record:1', 10, $k1), 33, 'a recommendation of 10: 10 x2 x1.5 + 3 = 33');
is_deeply(parts($k1), { $bid => 10, $cid => 10, $did => 3 }, '... one ledger row per campaign: 10, 10 and 3');
t_is(balance_of($mid), $start + 33, '... and the balance grew by 33');
t_is(award($mid, 'rating', 'record:1', 5, uniq('rat')), 8, 'a score of 5 (only x1.5 applies): 5 + round(2.5) = 8');
t_is(award($mid, 'grant', 'test', 10, uniq('g')), 10, 'a grant never gets a campaign part');
my $text = visible_text($mem->get('/me/points')->decoded_content);
ok(index($text, $b) >= 0 && index($text, $d) >= 0, "the member's ledger says which campaign added what");
t_is(db()->selectrow_array(q{SELECT kc_points_reverse(?, 'test')}, undef, $k1), 33,
     'the reversal takes back exactly what was paid: 33');
my $rev = parts("reverse:$k1");
ok($rev->{$bid} == -10 && $rev->{$cid} == -10 && $rev->{$did} == -3 && ledger_sum($mid) == balance_of($mid),
   '... each campaign part taken back on its own row; balance = ledger');

{
    my $k2 = uniq('rec');
    award($mid, 'recommend', 'record:3', 10, $k2);          # 33 again
    my $bal = balance_of($mid);
    award($mid, 'grant', 'test', 20 - $bal, uniq('spend'));  # spend down to 20
    t_is(db()->selectrow_array(q{SELECT kc_points_reverse(?, 'test')}, undef, $k2), 20,
         'a reversal with only 20 left takes 20 (never below zero)');
    my $p2 = parts("reverse:$k2");
    ok(balance_of($mid) == 0 && $p2->{$bid} == -10 && $p2->{$cid} == 0 && $p2->{$did} == 0,
       '... the base first (10), then the parts in order (10, 0, 0)') or diag(join ',', %$p2);
    award($mid, 'grant', 'test', 100, uniq('refill'));
}

# ---- the admin list, a planned campaign, ending (7) ------------------------------------------------------------
my $list = $adm->get('/admin/campaigns');
ok($list->code == 200 && index($list->decoded_content, $b) >= 0, 'GET /admin/campaigns lists them');
my $future = uniq('Later');
ok(create(name => $future, mode => 'factor', factor => 2, from => local_in(24), to => local_in(48))->code == 303
   && !shown_on('/', $future), 'a campaign planned for tomorrow: created, not announced today');
my $fid = campaign_id($future);
$res = act($adm, "/admin/campaigns/$fid/end", [], from => '/admin/campaigns');
ok($res->code == 303 && !campaign_id($future) && audit_rows(action => 'campaign_cancel', target_id => $fid) == 1,
   '... ending it before it starts cancels it (audited)');
ok(!grep({ act($adm, "/admin/campaigns/$_/end", [], from => '/admin/campaigns')->code != 303 } $bid, $cid, $did),
   'the three campaigns ended');
t_is(award($mid, 'recommend', 'record:2', 5, uniq('rec')), 5, '... a recommendation pays 5 again');
t_is(act($adm, "/admin/campaigns/$bid/end", [], from => '/admin/campaigns')->code, 404, 'ending an ended campaign: 404');
ok(!shown_on('/points', $b), '... and /points no longer announces it');

# ---- refused forms (4) -------------------------------------------------------------------------------------------
t_is(create(name => uniq('x'), mode => 'factor', factor => 1)->code, 400, 'a factor of 1: 400');
t_is(create(name => uniq('x'), mode => 'extra', extra => 5, from => local_in(2), to => local_in(1))->code, 400,
     'an end before the start: 400');
t_is(create(name => uniq('x'), mode => 'extra', extra => 5, events => [ 'registration' ])->code, 400,
     'an event campaigns do not apply to (registration): 400');
t_is(create(name => uniq('x'), mode => 'extra', extra => 5, kinds => [ 'nonsense' ])->code, 400,
     'an unknown record kind: 400');

# ---- members, moderators, no csrf (6) ----------------------------------------------------------------------
my $n0 = db()->selectrow_array(q{SELECT count(*) FROM point_campaigns});
my $mod = make_role_member('moderator');
for my $who ([ member => $mem ], [ moderator => $mod ]) {
    my ($name, $cl) = @$who;
    my $tok = $cl->csrf_token('/');
    t_is(expect_errors(sub { $cl->get('/admin/campaigns') })->code, 403, "$name GET /admin/campaigns: 403");
    t_is(expect_errors(sub { act($cl, '/admin/campaigns', [ name => 'x', from => local_in(-1), to => local_in(1),
                                                            mode => 'extra', extra => 100 ], csrf => $tok) })->code,
         403, "$name POST /admin/campaigns: 403");
}
t_is(create(name => uniq('x'), mode => 'extra', extra => 5, opt => { csrf => 0 })->code, 403,
     'admin POST without csrf: 403');
t_is(db()->selectrow_array(q{SELECT count(*) FROM point_campaigns}), $n0, '... no campaign was created');

forget_login_failures();
