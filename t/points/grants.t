# The team's grants and rule values (issue 13), through HTTP as an admin:
# POST /admin/members/ID/grant (amount, reason shown on the member's
# ledger, optional reward, a one-time form key), the same from a record's
# admin page to its author, negative corrections never below zero; the
# rules page /admin/points with every change audited (old and new values)
# and shown at once on /points. Refused for members and moderators (403)
# and without the csrf token (403); nothing changes then.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record expect_errors uniq);
use KC::Account qw(forget_login_failures make_role_member input_value);
use KC::Contribute qw(act audit_rows);
use KC::Search qw(visible_text balance_of ledger_sum);

plan tests => 38, need_lwp;

forget_login_failures();

my $adm = make_role_member('admin');
my $mem = KC::Account->registered;
my $mid = $mem->{id};

sub grant_rows {
    my ($member) = @_;
    return @{ db()->selectall_arrayref(
        q{SELECT amount, note, reward, subject, award_key FROM points_ledger
           WHERE member_id = ? AND event = 'grant' ORDER BY id}, { Slice => {} }, $member) };
}
sub key_of_page {
    my ($c, $path) = @_;
    my $html = $c->get($path)->decoded_content // '';
    return input_value($html, 'key');
}
sub grant {
    my ($c, $member, %f) = @_;
    return act($c, "/admin/members/$member/grant",
               [ amount => $f{amount}, reason => $f{reason}, reward => $f{reward},
                 key => $f{key}, record => $f{record} ], %{ $f{opt} // {} });
}

# ---- a grant from the member's admin page (8) ----------------------------------------------------
my $page = $adm->get("/admin/members/$mid");
t_is($page->code, 200, 'admin GET /admin/members/ID: 200');
my $key = input_value($page->decoded_content, 'key');
ok(defined $key && $key =~ /^[0-9a-f]{32}$/, '... with a grant form carrying a one-time key');
my $before = balance_of($mid);
my $res = grant($adm, $mid, amount => 25, reason => 'Voor een uitzonderlijke inzet',
                reward => 'twee tickets voor het theater', key => $key);
ok($res->code == 303 && ($res->header('Location') // '') eq "/admin/members/$mid?done=granted",
   'POST grant: 303 back to the member with done=granted') or diag($res->code . ' ' . ($res->header('Location') // ''));
t_is(balance_of($mid), $before + 25, '... the balance grew by 25');
my @g = grant_rows($mid);
ok(@g == 1 && $g[0]{amount} == 25 && $g[0]{note} eq 'Voor een uitzonderlijke inzet'
   && $g[0]{reward} eq 'twee tickets voor het theater' && $g[0]{subject} eq 'grant',
   '... one grant ledger row with the reason and the reward');
my ($audit) = audit_rows(action => 'grant', target_id => $mid);
ok($audit && $audit->{reason} eq 'Voor een uitzonderlijke inzet' && $audit->{actor_id} == $adm->{id},
   '... and an audit row with the reason, by the admin');
my $text = visible_text($mem->get('/me/points')->decoded_content);
ok(index($text, 'Voor een uitzonderlijke inzet') >= 0 && index($text, 'twee tickets voor het theater') >= 0
   && $text =~ /\+25/, "the member's /me/points shows +25, the reason and the reward");
$res = grant($adm, $mid, amount => 25, reason => 'Voor een uitzonderlijke inzet', key => $key);
ok($res->code == 303 && ($res->header('Location') // '') =~ /done=already/
   && grant_rows($mid) == 1 && balance_of($mid) == $before + 25,
   'the same form again (a double submit): done=already, paid once');

# ---- corrections (4) -------------------------------------------------------------------------------
my $bal = balance_of($mid);
$res = grant($adm, $mid, amount => -($bal + 1), reason => 'Correctie', key => key_of_page($adm, "/admin/members/$mid"));
ok($res->code == 400 && balance_of($mid) == $bal && grant_rows($mid) == 1,
   'a correction below a zero balance: 400, nothing written');
$res = grant($adm, $mid, amount => -$bal, reason => 'Correctie tot nul', key => key_of_page($adm, "/admin/members/$mid"));
ok($res->code == 303 && balance_of($mid) == 0 && ledger_sum($mid) == 0,
   'a correction down to exactly zero: done, balance 0 = ledger sum');
$res = grant($adm, $mid, amount => 0, reason => 'Niets', key => key_of_page($adm, "/admin/members/$mid"));
t_is($res->code, 400, 'amount 0 without a reward: 400');
$res = grant($adm, $mid, amount => 0, reason => 'Een symbolische beloning', reward => 'boekenbon',
             key => key_of_page($adm, "/admin/members/$mid"));
ok($res->code == 303 && (grep { $_->{reward} && $_->{reward} eq 'boekenbon' && $_->{amount} == 0 } grant_rows($mid)),
   'amount 0 with a reward: recorded (a symbolic reward)');

# ---- from a record's admin page to its author (4) -----------------------------------------------------
my $rec = make_record(author_id => $mid);
my $other = make_record();
$page = $adm->get("/admin/records/$rec");
my $rkey = input_value($page->decoded_content, 'key');
ok($page->code == 200 && $page->decoded_content =~ m{action="/admin/members/$mid/grant"}
   && defined $rkey, "the record's admin page has a grant form for its author");
$res = grant($adm, $mid, amount => 40, reason => 'Uitzonderlijk waardevol', key => $rkey, record => $rec);
ok($res->code == 303 && ($res->header('Location') // '') eq "/admin/records/$rec?done=granted",
   '... POST: 303 back to the record page');
ok((grep { $_->{subject} eq "record:$rec" && $_->{amount} == 40 } grant_rows($mid)),
   '... the ledger row names the record');
$res = grant($adm, $mid, amount => 40, reason => 'Niet van dit lid', key => key_of_page($adm, "/admin/members/$mid"),
             record => $other);
t_is($res->code, 404, "a grant 'for' a record the member did not write: 404");

# ---- rule values (8) ----------------------------------------------------------------------------------
my $orig = db()->selectrow_hashref(q{SELECT points, points_max, daily_cap FROM point_rules WHERE event = 'reaction'});
t_is($adm->get('/admin/points')->code, 200, 'admin GET /admin/points: 200');
$res = act($adm, '/admin/points/reaction', [ points => 12, points_max => 24, daily_cap => 9 ], from => '/admin/points');
ok($res->code == 303 && ($res->header('Location') // '') eq '/admin/points?done=rule_saved',
   'POST /admin/points/reaction: 303 rule_saved');
my $now = db()->selectrow_hashref(q{SELECT points, points_max, daily_cap FROM point_rules WHERE event = 'reaction'});
is_deeply($now, { points => 12, points_max => 24, daily_cap => 9 }, '... the rule has the new values');
my ($ra) = grep { ($_->{details} // '') =~ /"event": "reaction"/ } audit_rows(action => 'rule_set');
ok($ra && $ra->{details} =~ /"old": \{[^}]*"points": $orig->{points}\b/ && $ra->{details} =~ /"new": \{[^}]*"points": 12\b/,
   '... audited with the old and the new values') or diag($ra ? $ra->{details} : 'no audit row');
$text = visible_text(KC::Account->new->get('/points')->decoded_content);
like($text, qr/12\s*(?:\x{2013}|-|tot|to)\s*24/, '/points shows the values in force (12–24)');
t_is(act($adm, '/admin/points/reaction', [ points => 30, points_max => 20, daily_cap => '' ], from => '/admin/points')->code,
     400, 'a maximum below the points: 400');
t_is(act($adm, '/admin/points/read', [ points => 1, points_max => '', daily_cap => '' ], from => '/admin/points')->code,
     404, "the 'read' rule (KlasCementDetailCost) is not editable: 404");
$res = act($adm, '/admin/points/reaction', [ points => $orig->{points}, points_max => $orig->{points_max} // '',
                                             daily_cap => $orig->{daily_cap} // '' ], from => '/admin/points');
$now = db()->selectrow_hashref(q{SELECT points, points_max, daily_cap FROM point_rules WHERE event = 'reaction'});
ok($res->code == 303 && $now->{points} == $orig->{points}, 'the rule set back to its old values');

# ---- whom to reward: members with the most, in a period (3) ----------------------------------------
my $today = db()->selectrow_array(q{SELECT to_char(now() AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD')});
my $busy = KC::Account->registered;
db()->selectrow_array(q{SELECT kc_points_award(?, 'nice_scores', 'test', 20, ?, NULL)}, undef, $busy->{id}, uniq('busy'))
    for 1 .. 100;
$page = $adm->get("/admin/members?top=points&from=$today&to=$today");
my ($first) = ($page->decoded_content // '') =~ /<tr class="member-row" data-member="(\d+)"/;
ok($page->code == 200 && defined $first && $first == $busy->{id},
   '/admin/members?top=points (today): the member who earned the most today comes first')
    or diag('first ' . ($first // 'none'));
ok($adm->get("/admin/members?top=contributions&from=$today&to=$today")->code == 200
   && $adm->get("/admin/members?top=reactions&from=2020-01-01&to=$today")->code == 200,
   '... by contributions and by reactions received: 200');
t_is($adm->get('/admin/members?top=nonsense')->code, 400, 'an unknown sort: 400');

# ---- refused: members, moderators, no csrf (11) ---------------------------------------------------------
my $count = sub { scalar db()->selectrow_array(q{SELECT count(*) FROM points_ledger WHERE member_id = ? AND event = 'grant'}, undef, $mid) };
my $n0 = $count->();
my $rules0 = db()->selectrow_array(q{SELECT points FROM point_rules WHERE event = 'rating'});
my $mod = make_role_member('moderator');
for my $who ([ member => $mem ], [ moderator => $mod ]) {
    my ($name, $c) = @$who;
    my $tok = $c->csrf_token('/');
    t_is(expect_errors(sub { $c->get('/admin/points') })->code, 403, "$name GET /admin/points: 403");
    t_is(expect_errors(sub { grant($c, $mid, amount => 1000, reason => 'zelf', key => 'ab' x 16,
                                    opt => { csrf => $tok }) })->code, 403, "$name POST grant: 403");
    t_is(expect_errors(sub { act($c, '/admin/points/rating', [ points => 99 ], csrf => $tok) })->code, 403,
         "$name POST /admin/points/rating: 403");
}
t_is(grant($adm, $mid, amount => 1000, reason => 'geen token', key => key_of_page($adm, "/admin/members/$mid"),
           opt => { csrf => 0 })->code, 403, 'admin POST grant without csrf: 403');
t_is(grant($adm, $mid, amount => 1000, reason => 'fout token', key => key_of_page($adm, "/admin/members/$mid"),
           opt => { csrf => $mem->csrf_token('/') })->code, 403, "admin POST grant with another session's csrf: 403");
t_is(act($adm, '/admin/points/rating', [ points => 99 ], csrf => 0)->code, 403, 'admin POST rule without csrf: 403');
ok($count->() == $n0 && db()->selectrow_array(q{SELECT points FROM point_rules WHERE event = 'rating'}) == $rules0,
   '... nothing was granted, no rule changed');
t_is(grant($adm, $adm->{id}, amount => 10, reason => 'mezelf', key => key_of_page($adm, "/admin/members/$mid"))->code,
     403, 'an admin cannot grant points to themselves: 403');

forget_login_failures();
