# The platform team's pages (spec/moderation.md, /admin): deciding
# objections (overturn publishes and pays once, uphold keeps it refused;
# both notify), taking a published record down at once (points taken
# back), restoring it (paid again once) or removing it, banning and
# unbanning members, roles and moderator scope, and the audit log (every
# action one row, filterable, rows that cannot be changed).
#
# Resolutions of the spec used here:
# - "Notified" = the contributor's /me/notifications shows the reason the
#   team gave, or names the record more often than before.
# - The audit page shows each row's reason; ?actor=ID&action=X filter.
# - The member admin page has checkboxes levels/subjects (value = id)
#   ticked for the moderator's scope.
# - A ban "until 2031-07-23" ends on that day (banned_until between
#   2031-07-22 and 2031-07-25 whatever the time of day and zone).
# - Restoring a published record again pays nothing (key restore:ID).
# - Refused admin forms (decision=maybe, takedown/ban without reason,
#   role=emperor) follow the spec's general convention: 400 with
#   <li data-field="..."> items naming the field.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record expect_errors);
use KC::Account qw(forget_login_failures make_role_member member_row sessions_of
                   error_fields is_checked);
use KC::Search qw(search_url card_ids set_levels set_subjects);
use KC::Contribute qw(contribute record_row unique_title rand_word kind_points
                      ledger_by_key balance level_id audit_rows act approve
                      queue_ids text_of notifications_text status_fields);

plan tests => 67, need_lwp;

forget_login_failures();

my $admin = make_role_member('admin');
my $mod = make_role_member('moderator');          # no scope: sees everything
my $carl = KC::Account->registered;
my $other = KC::Account->registered;
my $visitor = KC::Account->new;

sub state_of { return record_row($_[0])->{state} // 'none' }
sub audited {
    my (%w) = @_;
    my $reason = delete $w{reason};
    my @rows = audit_rows(%w);
    @rows = grep { index($_->{reason} // '', $reason) >= 0 } @rows if defined $reason;
    return scalar @rows;
}
# How often $needle occurs in $c's notifications.
sub mentions {
    my ($c, $needle) = @_;
    my $t = notifications_text($c);
    my $n = () = $t =~ /\Q$needle\E/g;
    return $n;
}
# Was $c notified (since $before mentions of $title) about $title, with $reason?
sub notified {
    my ($c, $title, $before, $reason) = @_;
    my $t = notifications_text($c);
    my $n = () = $t =~ /\Q$title\E/g;
    return $n > $before || index($t, $reason) >= 0;
}
sub found {
    my ($word, $id) = @_;
    return scalar grep { $_ == $id } card_ids($visitor->get(search_url(q => $word)));
}
# A contribution of $carl, refused by the moderator, with an objection.
sub refused_with_objection {
    my ($kind, $code, $reason, $objection) = @_;
    my (undef, $id, $f) = contribute($carl, $kind);
    $id //= 0;
    act($mod, "/moderation/records/$id/refuse", [ reason_code => $code, reason => $reason ]);
    act($carl, "/me/contributions/$id/objection", [ text => $objection ]);
    return ($id, $f->{title});
}

# ---- the dashboard and the objections list (2) -------------------------------------------------
my $res = $admin->get('/admin');
ok $res->code == 200 && !grep({ $res->content !~ m{href="/admin/\Q$_\E} } qw(objections members audit)),
   'GET /admin: 200, links to /admin/objections, /admin/members, /admin/audit'
   or diag('status ' . $res->code);

my $rq = 'Onvoldoende uitgewerkt ' . rand_word(10);
my $ot1 = 'Ik heb het materiaal intussen aangevuld met oplossingen. ' . rand_word(8);
my ($ro, $ro_title) = refused_with_objection('video', 'quality', $rq, $ot1);
my $text = text_of($admin->get('/admin/objections'));
ok index($text, $ot1) >= 0 && index($text, $rq) >= 0,
   'GET /admin/objections lists the objection text and the refusal reason';

# ---- overturning an objection (8) -------------------------------------------------------------------------
my $pts = kind_points('video');
my $bal = balance($carl->{id});
my $seen = mentions($carl, $ro_title);
my $dr1 = 'Na herbekijken in orde ' . rand_word(8);
t_is(act($admin, "/admin/objections/$ro/decide", [ decision => 'overturn', reason => $dr1 ])->code, 303,
     'overturn the objection: 303');
is state_of($ro), 'published', '... DB: published';
my @paid = ledger_by_key("contribution:$ro");
ok @paid == 1 && $paid[0]{amount} == $pts && $paid[0]{member_id} == $carl->{id},
   "... one ledger row contribution:ID of +$pts" or diag(explain \@paid);
is balance($carl->{id}), $bal + $pts, "... balance + $pts";
ok notified($carl, $ro_title, $seen, $dr1), '... the contributor is notified';
ok audited(action => 'objection_overturn', target_id => $ro, actor_id => $admin->{id}) == 1,
   'audit_log: objection_overturn, by the admin, of the record';
ok index(text_of($admin->get('/admin/objections')), $ot1) < 0, 'the objection is no longer open';
act($admin, "/admin/objections/$ro/decide", [ decision => 'overturn', reason => $dr1 ]);
ok ledger_by_key("contribution:$ro") == 1 && balance($carl->{id}) == $bal + $pts,
   'deciding it again pays nothing';

# ---- upholding an objection (6) ----------------------------------------------------------------------------
{
    my $reason = 'Auteursrechtelijk beschermde foto ' . rand_word(8);
    my ($ru, $ru_title) = refused_with_objection('site', 'copyright', $reason,
        'De foto is van mijzelf, ik heb ze zelf genomen. ' . rand_word(8));
    my $before = mentions($carl, $ru_title);
    my $dr2 = 'De bron vermeldt een andere fotograaf ' . rand_word(8);
    $res = act($admin, "/admin/objections/$ru/decide", [ decision => 'maybe', reason => $dr2 ]);
    ok $res->code == 400 && join(',', error_fields($res->content)) eq 'decision',
       'decision=maybe: 400 naming decision' or diag(status_fields($res));
    t_is(act($admin, "/admin/objections/$ru/decide", [ decision => 'uphold', reason => $dr2 ])->code, 303,
         'uphold the objection: 303');
    is state_of($ru), 'refused', '... DB: still refused';
    is scalar(ledger_by_key("contribution:$ru")), 0, '... nothing paid';
    ok notified($carl, $ru_title, $before, $dr2), '... the contributor is notified';
    ok audited(action => 'objection_uphold', target_id => $ru, actor_id => $admin->{id}) == 1,
       'audit_log: objection_uphold, by the admin';
}

# ---- taking down, restoring (15) ---------------------------------------------------------------------------
my $word = rand_word(12);
my (undef, $rt, $rtf) = contribute($carl, 'document', title => unique_title("Afgevoerd $word"));
$rt //= 0;
approve($mod, $rt);
my $dpts = kind_points('document');
my $bal_pub = balance($carl->{id});
ok state_of($rt) eq 'published' && found($word, $rt), 'set-up: a published document, found by search';

my $td = 'Klacht van de uitgever over auteursrecht ' . rand_word(8);
$res = act($admin, "/admin/records/$rt/takedown", [ reason => '' ]);
ok $res->code == 400 && join(',', error_fields($res->content)) eq 'reason' && state_of($rt) eq 'published',
   'takedown without a reason: 400 naming reason, still published' or diag(status_fields($res));
my $before = mentions($carl, $rtf->{title});
t_is(act($admin, "/admin/records/$rt/takedown", [ reason => $td ])->code, 303, 'takedown: 303');
is state_of($rt), 'taken_down', '... DB: taken_down';
ok !found($word, $rt), '... gone from search at once';
t_is($other->get("/records/$rt")->code, 404, '... another member GET /records/ID: 404');
is balance($carl->{id}), $bal_pub - $dpts, "... the $dpts points taken back";
my @rev = ledger_by_key("reverse:contribution:$rt");
ok @rev == 1 && $rev[0]{amount} == -$dpts, '... one ledger row reverse:contribution:ID' or diag(explain \@rev);
ok notified($carl, $rtf->{title}, $before, $td), '... the contributor is notified';
ok audited(action => 'takedown', target_id => $rt, actor_id => $admin->{id}, reason => $td) == 1,
   'audit_log: takedown, by the admin, with the reason';

t_is(act($admin, "/admin/records/$rt/restore")->code, 303, 'restore: 303');
ok state_of($rt) eq 'published' && found($word, $rt), '... published and found again';
my @back = ledger_by_key("restore:$rt");
ok @back == 1 && $back[0]{amount} == $dpts && balance($carl->{id}) == $bal_pub,
   "... paid again once (restore:ID, +$dpts)" or diag(explain \@back);
act($admin, "/admin/records/$rt/restore");
ok ledger_by_key("restore:$rt") == 1 && balance($carl->{id}) == $bal_pub,
   '... restoring again pays nothing';
ok audited(action => 'restore', target_id => $rt, actor_id => $admin->{id}) >= 1, 'audit_log: restore';

# ---- removing for good (4) ------------------------------------------------------------------------------
{
    my $rm = make_record(title => unique_title('Verwijderd'));
    act($admin, "/admin/records/$rm/takedown", [ reason => 'Misleidend ' . rand_word(6) ]);
    my $why = 'Definitief verwijderd na onderzoek ' . rand_word(8);
    t_is(act($admin, "/admin/records/$rm/remove", [ reason => $why ])->code, 303,
         'remove a taken-down record: 303');
    is state_of($rm), 'removed', '... DB: removed';
    t_is($other->get("/records/$rm")->code, 404, '... another member GET /records/ID: 404');
    ok audited(action => 'remove', target_id => $rm, actor_id => $admin->{id}) == 1, 'audit_log: remove';
}

# ---- banning (13) ----------------------------------------------------------------------------------------
my $dan = KC::Account->registered;
my $dan_id = $dan->{id};
$res = $admin->get('/admin/members?q=' . $dan->{email});
ok $res->code == 200 && $res->content =~ m{href="/admin/members/$dan_id"},
   'GET /admin/members?q=<e-mail>: links to the member admin page' or diag('status ' . $res->code);
t_is($admin->get("/admin/members/$dan_id")->code, 200, 'GET /admin/members/ID: 200');

$res = act($admin, "/admin/members/$dan_id/ban", [ until => '2031-07-23', reason => '' ]);
ok $res->code == 400 && join(',', error_fields($res->content)) eq 'reason'
   && !defined member_row($dan_id)->{banned_until},
   'ban without a reason: 400 naming reason, not banned' or diag(status_fields($res));
my $br = 'Herhaaldelijk beledigende reacties ' . rand_word(8);
t_is(act($admin, "/admin/members/$dan_id/ban", [ until => '2031-07-23', reason => $br ])->code, 303,
     'ban until 2031-07-23: 303');
my ($in_range) = db()->selectrow_array(
    q{SELECT banned_until > '2031-07-22' AND banned_until < '2031-07-25' AND ban_reason = ?
        FROM members WHERE id = ?}, undef, $br, $dan_id);
ok $in_range, '... DB: banned_until 2031-07-23, ban_reason';
ok $dan->whoami eq 'visitor' && sessions_of($dan_id) == 0, "... the member's session stops working at once";
t_is(KC::Account->new->login($dan->{email}, $dan->{password})->code, 403, '... login refused: 403');
ok audited(action => 'ban', target_id => $dan_id, actor_id => $admin->{id}, reason => $br) == 1,
   'audit_log: ban, by the admin, with the reason';

t_is(act($admin, "/admin/members/$dan_id/unban")->code, 303, 'unban: 303');
my $m = member_row($dan_id);
ok !defined $m->{banned_until} && !$m->{ban_permanent}, '... DB: not banned';
t_is(KC::Account->new->login($dan->{email}, $dan->{password})->code, 303, '... login works again');
ok audited(action => 'unban', target_id => $dan_id, actor_id => $admin->{id}) == 1, 'audit_log: unban';

act($admin, "/admin/members/$dan_id/ban", [ permanent => 1, until => '', reason => "Permanent $br" ]);
my $perm = member_row($dan_id)->{ban_permanent};
act($admin, "/admin/members/$dan_id/unban");
ok $perm && !member_row($dan_id)->{ban_permanent}, 'a permanent ban (permanent=1) and its unban';
forget_login_failures();

# ---- role and scope (11) -----------------------------------------------------------------------------------
my $eve = KC::Account->registered;
my $eve_id = $eve->{id};
t_is(expect_errors(sub { $eve->get('/moderation') })->code, 403, 'a member GET /moderation: 403');
$res = act($admin, "/admin/members/$eve_id/role", [ role => 'emperor' ]);
ok $res->code == 400 && join(',', error_fields($res->content)) eq 'role' && member_row($eve_id)->{role} eq 'member',
   'role=emperor: 400 naming role, unchanged' or diag(status_fields($res));
t_is(act($admin, "/admin/members/$eve_id/role", [ role => 'moderator' ])->code, 303, 'set role moderator: 303');
is member_row($eve_id)->{role}, 'moderator', '... DB: moderator';
my $eve2 = KC::Account->logged_in($eve->{email}, $eve->{password});
t_is($eve2->get('/moderation')->code, 200, '... after logging in again she opens /moderation');
ok audited(action => 'set_role', target_id => $eve_id, actor_id => $admin->{id}) == 1, 'audit_log: set_role';

t_is(act($admin, "/admin/members/$eve_id/scope", [ levels => level_id('lerarenopleiding') ])->code, 303,
     'set scope (level lerarenopleiding): 303');
my $page = $admin->get("/admin/members/$eve_id")->content;
ok is_checked($page, 'levels', level_id('lerarenopleiding')) && !is_checked($page, 'levels', level_id('hoger')),
   '... the member admin page ticks that level only';
my (undef, $in) = contribute($carl, 'site', levels => ['lerarenopleiding'], subjects => ['muziek']);
my (undef, $out) = contribute($carl, 'site', levels => ['hoger'], subjects => ['muziek']);
($in, $out) = ($in // 0, $out // 0);
my @q = queue_ids($eve2->get('/moderation')->content);
ok scalar(grep { $_ == $in } @q), "... a record of that level is in the moderator's queue";
ok !grep({ $_ == $out } @q) && expect_errors(sub { $eve2->get("/moderation/records/$out") })->code == 403,
   '... a record of another level is not, and its review page is 403';
ok audited(action => 'set_scope', target_id => $eve_id, actor_id => $admin->{id}) == 1, 'audit_log: set_scope';

# ---- the audit log (8) ------------------------------------------------------------------------------------
my $all = text_of($admin->get("/admin/audit?actor=$admin->{id}"));
ok index($all, $br) >= 0 && index($all, $td) >= 0, "GET /admin/audit?actor=ADMIN: the ban's and the takedown's reasons";
my $bans = text_of($admin->get("/admin/audit?actor=$admin->{id}&action=ban"));
ok index($bans, $br) >= 0 && index($bans, $td) < 0, '... &action=ban: the ban, not the takedown';
my $tds = text_of($admin->get("/admin/audit?action=takedown&actor=$admin->{id}"));
ok index($tds, $td) >= 0 && index($tds, $br) < 0, '... action=takedown: the takedown, not the ban';
my @none = grep { !audited(action => $_, actor_id => $admin->{id}) }
           qw(objection_uphold objection_overturn takedown restore remove ban unban set_role set_scope);
ok !@none, 'audit_log has rows of the admin for each kind of action' or diag("missing: @none");

my ($aid, $areason) = db()->selectrow_array(
    q{SELECT id, reason FROM audit_log WHERE action = 'ban' AND actor_id = ? ORDER BY id LIMIT 1},
    undef, $admin->{id});
$aid //= 0;
ok !eval { db()->do(q{UPDATE audit_log SET reason = 'tampered' WHERE id = ?}, undef, $aid); 1 },
   'UPDATE audit_log raises an error';
is scalar(db()->selectrow_array(q{SELECT reason FROM audit_log WHERE id = ?}, undef, $aid)), $areason,
   '... and the row is unchanged';
ok !eval { db()->do(q{DELETE FROM audit_log WHERE id = ?}, undef, $aid); 1 },
   'DELETE FROM audit_log raises an error';
is scalar(db()->selectrow_array(q{SELECT count(*) FROM audit_log WHERE id = ?}, undef, $aid)), 1,
   '... and the row is still there';

forget_login_failures();
