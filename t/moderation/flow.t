# Moderation (spec/moderation.md): the queue (pending records in the
# moderator's scope, oldest first, with the contributor's history),
# approving (published with the moderator's edits, the kind's points paid
# exactly once under key contribution:ID, also when two moderators click at
# the same moment), requesting changes (and the resubmission as a new
# round), refusing with a reason, the contributor's single objection,
# members' reports and closing them, scope, and the audit log.
#
# Resolutions of the spec used here:
# - Scope is set in the DB: moderator_levels (member_id, level_id), one
#   row per level (the admin form does the same; see t/admin/admin.t).
# - The contributor's history in a queue item shows the published and the
#   refused count as plain numbers (here 5 and 3; dates/times ignored).
# - Notifications (/me/notifications) of approval name the record's title;
#   those of changes requested and refusal show the moderator's reason.
# - The review page shows earlier rounds with their reasons.
# - A report's close form posts to /moderation/reports/ID/close; the queue
#   page shows the report's text (or the record's title) near that form.
# - Validation: changes without reason -> 400 reason; refuse with
#   reason_code other and no reason -> 400 reason; unknown reason_code ->
#   400 reason_code; objection text under 10 chars -> 400 text; report with
#   an unknown reason -> 400 reason. An objection on someone else's record
#   -> 404. These follow the spec's general convention: the 400 page carries
#   <li data-field="..."> items (a generic error page naming the field in
#   its text is not enough).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use POSIX ();
use Time::HiRes ();
use KC::Test qw(t_is db make_record expect_errors);
use KC::Account qw(forget_login_failures make_role_member error_fields input_value);
use KC::Search qw(set_levels set_subjects);
use KC::Contribute qw(contribute kind_fields field_pairs record_row record_codes
                      unique_title rand_word kind_points ledger_by_key balance
                      set_moderator_levels audit_rows act approve review_fields
                      queue_ids queue_item report_close_ids report_id_near
                      text_of notifications_text strip_dates status_fields);

plan tests => 55, need_lwp;

forget_login_failures();

my $mod = make_role_member('moderator');        # scope: volwassenen
set_moderator_levels($mod->{id}, 'volwassenen');
my $far = make_role_member('moderator');        # scope: lerarenopleiding
set_moderator_levels($far->{id}, 'lerarenopleiding');

# A contributor with a history: 5 published, 3 refused.
my $alice = KC::Account->registered(first_name => 'Lotte', surname => 'Claes');
make_record(author_id => $alice->{id}, author_name => 'Lotte Claes', state => 'published') for 1 .. 5;
make_record(author_id => $alice->{id}, author_name => 'Lotte Claes', state => 'refused') for 1 .. 3;
my $bob = KC::Account->registered;

# A contribution in the scope of $mod (level volwassenen, subject filosofie).
sub submit {
    my ($who, $kind, %o) = @_;
    my ($res, $id, $f) = contribute($who, $kind, subjects => ['filosofie'], levels => ['volwassenen'], %o);
    diag("contribution of $kind not saved: " . $res->status_line) unless $id;
    $id //= 0;
    return wantarray ? ($id, $f) : $id;
}
sub state_of { return record_row($_[0])->{state} // 'none' }
sub audited {
    my (%w) = @_;
    my $reason = delete $w{reason};
    my @rows = audit_rows(%w);
    @rows = grep { index($_->{reason} // '', $reason) >= 0 } @rows if defined $reason;
    return scalar @rows;
}

# ---- the queue and scope (10) ---------------------------------------------------------------
my $r1 = submit($alice, 'document');
sleep 1;
my $r2 = submit($bob, 'site');
my $rout = submit($bob, 'site', levels => ['lager'], subjects => ['muziek']);

my $res = $mod->get('/moderation');
t_is($res->code, 200, 'a moderator GET /moderation: 200');
my @q = queue_ids($res->content);
my ($p1) = grep { $q[$_] == $r1 } 0 .. $#q;
my ($p2) = grep { $q[$_] == $r2 } 0 .. $#q;
ok defined $p1 && defined $p2 && $p1 < $p2, '... both pending records in scope, the older one first'
    or diag("queue: @q; want $r1 before $r2");
ok !grep({ $_ == $rout } @q), '... not the one outside the scope (other level and subject)';
my $item = queue_item($res->content, $r1);
my $item_text = text_of($item);
ok index($item_text, 'Lotte Claes') >= 0 && index($item_text, record_row($r1)->{title}) >= 0,
   "... an item shows the title and the author's name" or diag($item_text);
my $counts = strip_dates($item_text);
ok $counts =~ /(?<![\d.])5(?![\d.])/ && $counts =~ /(?<![\d.])3(?![\d.])/,
   "... and the contributor's history (5 published, 3 refused)" or diag($item_text);

ok !grep({ $_ == $r1 } queue_ids($far->get('/moderation')->content)),
   'a moderator scoped to another level does not see it in the queue';
t_is(expect_errors(sub { $far->get("/moderation/records/$r1") })->code, 403,
     '... and gets 403 on its review page');
$res = expect_errors(sub { approve($far, $r1) });
ok $res->code == 403 && state_of($r1) eq 'pending', '... and on approving it (403, still pending)'
    or diag('status ' . $res->code);
t_is(expect_errors(sub { $mod->get("/moderation/records/$rout") })->code, 403,
     'the first moderator: 403 on the review page of the record outside the scope');
$res = $mod->get("/moderation/records/$r1");
ok $res->code == 200 && (input_value($res->content, 'title') // '') eq record_row($r1)->{title},
   'the review page of a record in scope: 200, with the title editable' or diag('status ' . $res->code);

# ---- approving, with edits; paid once (10) ----------------------------------------------------------
my $pts = kind_points('document');
my $bal0 = balance($alice->{id});
my $t1 = unique_title('Verbeterd');
$res = approve($mod, $r1, title => $t1, subjects => ['filosofie', 'geschiedenis']);
t_is($res->code, 303, 'approve with an edited title and an extra subject: 303');
my $row = record_row($r1);
ok $row->{state} eq 'published' && $row->{title} eq $t1 && defined $row->{published_at},
   '... DB: published, with the new title';
is_deeply(record_codes($r1, 'subjects'), [qw(filosofie geschiedenis)], '... DB: the edited subjects');
my @paid = ledger_by_key("contribution:$r1");
ok @paid == 1 && $paid[0]{member_id} == $alice->{id} && $paid[0]{amount} == $pts
   && $paid[0]{event} eq 'contribution_document',
   "... one ledger row contribution:ID, +$pts (contribution_document) for the author"
   or diag(explain \@paid);
is balance($alice->{id}), $bal0 + $pts, "... balance + $pts";

$res = approve($mod, $r1);
t_is($res->code, 303, 'approving it again: 303');
like $res->header('Location') // '', qr/[?&]done=already\b/, '... back with done=already';
ok ledger_by_key("contribution:$r1") == 1 && balance($alice->{id}) == $bal0 + $pts,
   '... nothing paid again (one ledger row, same balance)';
ok index(notifications_text($alice), $t1) >= 0, 'the author has a notification naming the approved record';
ok audited(action => 'approve', target_id => $r1, actor_id => $mod->{id}) >= 1,
   'audit_log: approve, by the moderator, of the record';

# ---- two approvals at the same moment: one pays (4) -------------------------------------------------
{
    my $r3 = submit($bob, 'site');
    my $bal = balance($bob->{id});
    my $tok = $mod->csrf_token('/');
    my $fields = review_fields($r3);
    my $at = Time::HiRes::time() + 1.5;
    my @pids;
    for (1 .. 2) {
        my $pid = fork;
        die "fork: $!" unless defined $pid;
        if (!$pid) {
            my $code = eval {
                my $wait = $at - Time::HiRes::time();
                Time::HiRes::sleep($wait) if $wait > 0;
                $mod->post_form("/moderation/records/$r3/approve", $fields, csrf => $tok)->code;
            } // 599;
            POSIX::_exit($code >= 500 ? 2 : $code == 303 ? 0 : 1);
        }
        push @pids, $pid;
    }
    my @exit = map { waitpid($_, 0); $? >> 8 } @pids;
    ok !grep({ $_ == 2 } @exit), 'two concurrent approvals: no server error' or diag("exit codes @exit");
    is scalar(ledger_by_key("contribution:$r3")), 1, '... one ledger row contribution:ID';
    is balance($bob->{id}), $bal + kind_points('site'), '... paid once';
    is state_of($r3), 'published', '... published';
}

# ---- requesting changes, and the next round (11) -----------------------------------------------------
my ($r4) = submit($alice, 'article');
my $why = 'Voeg een bronvermelding toe ' . rand_word(10);
$res = act($mod, "/moderation/records/$r4/changes", [ reason => '' ]);
ok $res->code == 400 && join(',', error_fields($res->content)) eq 'reason' && state_of($r4) eq 'pending',
   'request changes without a reason: 400 naming reason, still pending' or diag(status_fields($res));
t_is(act($mod, "/moderation/records/$r4/changes", [ reason => $why ])->code, 303, 'request changes: 303');
is state_of($r4), 'changes_requested', '... DB: changes_requested';
ok index(notifications_text($alice), $why) >= 0, '... the author is notified, with the reason';
is scalar(ledger_by_key("contribution:$r4")), 0, '... nothing paid';
ok audited(action => 'request_changes', target_id => $r4, actor_id => $mod->{id}, reason => $why) == 1,
   'audit_log: request_changes, by the moderator, with the reason';

my $t4 = unique_title('Met bronnen');
$res = $alice->post_multipart("/me/contributions/$r4/edit",
    field_pairs(kind_fields('article', title => $t4, subjects => ['filosofie'], levels => ['volwassenen'])),
    from => '/');
t_is($res->code, 303, 'the author edits and resubmits: 303');
ok state_of($r4) eq 'pending' && record_row($r4)->{title} eq $t4, '... DB: pending again, new title';
ok scalar(grep { $_ == $r4 } queue_ids($mod->get('/moderation')->content)), '... back in the queue';
$res = $mod->get("/moderation/records/$r4");
ok $res->code == 200 && index(text_of($res), $why) >= 0,
   '... the review page shows the history: the earlier round with its reason';
ok !grep({ $_ == $r4 } queue_ids($far->get('/moderation')->content)), '... (still not in the other scope)';

# ---- refusing, and one objection (12) -------------------------------------------------------------
my ($r5) = submit($alice, 'site');
my $refusal = 'Dit is geen leermiddel maar reclame ' . rand_word(10);
$res = act($mod, "/moderation/records/$r5/refuse", [ reason_code => 'other', reason => '' ]);
ok $res->code == 400 && join(',', error_fields($res->content)) eq 'reason' && state_of($r5) eq 'pending',
   'refuse with reason_code other and no reason: 400 naming reason' or diag(status_fields($res));
$res = act($mod, "/moderation/records/$r5/refuse", [ reason_code => 'boring', reason => $refusal ]);
ok $res->code == 400 && join(',', error_fields($res->content)) eq 'reason_code' && state_of($r5) eq 'pending',
   'refuse with an unknown reason_code: 400 naming reason_code' or diag(status_fields($res));
t_is(act($mod, "/moderation/records/$r5/refuse", [ reason_code => 'other', reason => $refusal ])->code, 303,
     'refuse with a reason: 303');
is state_of($r5), 'refused', '... DB: refused';
ok index(notifications_text($alice), $refusal) >= 0, '... the author is notified, with the reason';
ok ledger_by_key("contribution:$r5") == 0 && audited(action => 'refuse', target_id => $r5,
                                                     actor_id => $mod->{id}, reason => $refusal) == 1,
   '... nothing paid; audit_log: refuse, by the moderator, with the reason';

my $objection = 'Het is wel degelijk lesmateriaal: zie de werkbladen. ' . rand_word(8);
$res = act($alice, "/me/contributions/$r5/objection", [ text => 'Te kort' ]);
ok $res->code == 400 && join(',', error_fields($res->content)) eq 'text',
   'an objection of 7 characters: 400 naming text' or diag(status_fields($res));
t_is(act($bob, "/me/contributions/$r5/objection", [ text => $objection ])->code, 404,
     "an objection on someone else's record: 404");
t_is(act($alice, "/me/contributions/$r5/objection", [ text => $objection ])->code, 303,
     'the author objects: 303');
t_is(act($alice, "/me/contributions/$r5/objection", [ text => "$objection (nogmaals)" ])->code, 409,
     '... a second objection: 409');
is state_of($r5), 'refused', '... the record stays refused until the team decides';
ok index(text_of($alice->get('/me/contributions')), $refusal) >= 0,
   '/me/contributions shows the refusal reason';

# ---- reports (8) -------------------------------------------------------------------------------------
{
    my $pt = unique_title('Gemeld');
    my $p = make_record(title => $pt);
    set_levels($p, 'volwassenen');
    set_subjects($p, 'filosofie');
    my $rt = 'De jaartallen kloppen niet ' . rand_word(10);
    $res = act($bob, "/records/$p/report", [ reason => 'boring', text => $rt ]);
    ok $res->code == 400 && join(',', error_fields($res->content)) eq 'reason',
       'a report with an unknown reason: 400 naming reason' or diag(status_fields($res));
    $res = act($bob, "/records/$p/report", [ reason => 'wrong', text => $rt ]);
    t_is($res->code, 303, 'a member reports a record: 303');
    t_is($res->header('Location') // '', "/records/$p?done=reported", '... back to /records/ID?done=reported');
    $res = $mod->get('/moderation');
    my $rid = report_id_near($res->content, $rt, $pt);
    ok defined $rid && index(text_of($res), $rt) >= 0,
       'the moderation page lists the open report (its text, and a close form)'
       or diag('report id ' . ($rid // 'none'));
    $rid //= 0;
    t_is(act($mod, "/moderation/reports/$rid/close", [ outcome => 'dismissed' ])->code, 303,
         'closing the report: 303');
    $res = $mod->get('/moderation');
    ok !grep({ $_ == $rid } report_close_ids($res->content)) && index(text_of($res), $rt) < 0,
       '... it is gone from the open reports';
    ok audited(action => 'report_close', target_id => $rid, actor_id => $mod->{id}) == 1,
       'audit_log: report_close, by the moderator, of the report';
    is record_row($p)->{state}, 'published', 'a dismissed report leaves the record published';
}

forget_login_failures();
