# A moderator's scope everywhere (issue 17). Levels/subjects limited the
# queue and its three decisions; now also: removing reactions (through
# their record), editing and removing forum posts and topics (the forum has
# no levels or subjects: only unscoped moderators and admins moderate it),
# the report list and closing reports, and reading records in any state.
# An admin cannot save a scope that is empty after unknown ids are dropped
# (it would mean "everything"): 400 naming the field.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record uniq expect_errors);
use KC::Account qw(make_role_member error_fields);
use KC::Search qw(set_levels);
use KC::Contribute qw(set_moderator_levels level_id act report_close_ids status_fields);
use KC::Community qw(reader react reaction_row unique_body post_as forum_category ask answer
                     topic_row post_row);

plan tests => 24, need_lwp;

my $admin = make_role_member('admin');
my $scoped = make_role_member('moderator');
set_moderator_levels($scoped->{id}, 'lerarenopleiding');
my $free = make_role_member('moderator');               # no scope rows: everything
my $out = set_levels(make_record(title => uniq('Buiten het bereik')), 'volwassenen');
my $in = set_levels(make_record(title => uniq('Binnen het bereik')), 'lerarenopleiding');

# ---- reactions, through their record (4) ------------------------------------
my $rd = reader([ $out, $in ]);
my (undef, $xo) = react($rd, $out, unique_body('Een reactie buiten het bereik'));
my (undef, $xi) = react($rd, $in, unique_body('Een reactie binnen het bereik'));
t_is(expect_errors(sub { post_as($scoped, "/moderation/reactions/$xo/remove", [ reason => 'Weg ermee.' ]) })->code,
     403, 'a scoped moderator removes a reaction on a record outside the scope: 403');
ok !defined reaction_row($xo)->{deleted_at}, '... DB: the reaction stays';
t_is(post_as($scoped, "/moderation/reactions/$xi/remove", [ reason => 'Weg ermee.' ])->code, 303,
     '... on a record inside the scope: 303');
ok defined reaction_row($xi)->{deleted_at}, '... DB: removed';

# ---- the forum: only the unscoped (5) ---------------------------------------
my $asker = KC::Account->registered;
my (undef, $tid) = ask($asker, category => forum_category($asker), title => uniq('Een vraag over toetsen'),
                       body => 'Hoe maken jullie een goede toets voor de eerste graad?');
my (undef, $pid) = answer($asker, $tid, unique_body('Met een toetsmatrijs, zo doe ik het'));
t_is(expect_errors(sub { post_as($scoped, "/moderation/forum/posts/$pid/edit", [ body => 'Aangepast door een moderator.', reason => 'x' ]) })->code,
     403, 'a scoped moderator edits a forum post: 403');
t_is(expect_errors(sub { post_as($scoped, "/moderation/forum/topics/$tid/remove", [ reason => 'x' ]) })->code,
     403, '... removes a forum topic: 403');
ok !defined topic_row($tid)->{deleted_at} && post_row($pid)->{body} =~ /toetsmatrijs/, '... DB: unchanged';
t_is(post_as($free, "/moderation/forum/posts/$pid/remove", [ reason => 'Reclame.' ])->code, 303,
     'an unscoped moderator removes the post: 303');
ok defined post_row($pid)->{deleted_at}, '... DB: removed';

# ---- reports: the list and closing (6) --------------------------------------
my $reporter = KC::Account->registered;
act($reporter, "/records/$_/report", [ reason => 'wrong', text => uniq('Klopt niet') ]) for $out, $in;
my ($rep_out) = db()->selectrow_array(q{SELECT id FROM reports WHERE target_id = ? AND reporter_id = ?}, undef, $out, $reporter->{id});
my ($rep_in) = db()->selectrow_array(q{SELECT id FROM reports WHERE target_id = ? AND reporter_id = ?}, undef, $in, $reporter->{id});
my %listed = map { $_ => 1 } report_close_ids($scoped->get('/moderation?reports=newest')->content);
ok $listed{$rep_in} && !$listed{$rep_out}, "a scoped moderator's report list: the report in the scope, not the other";
%listed = map { $_ => 1 } report_close_ids($free->get('/moderation?reports=newest')->content);
ok $listed{$rep_in} && $listed{$rep_out}, "an unscoped moderator's: both";
t_is(expect_errors(sub { act($scoped, "/moderation/reports/$rep_out/close", [ outcome => 'dismissed' ]) })->code,
     403, 'the scoped moderator closes the report outside the scope: 403');
ok !defined((db()->selectrow_array(q{SELECT closed_at FROM reports WHERE id = ?}, undef, $rep_out))[0]),
   '... DB: still open';
t_is(act($scoped, "/moderation/reports/$rep_in/close", [ outcome => 'dismissed' ])->code, 303,
     '... the one inside: 303');
ok defined((db()->selectrow_array(q{SELECT closed_at FROM reports WHERE id = ?}, undef, $rep_in))[0]),
   '... DB: closed';

# ---- reading records in any state (3) ---------------------------------------
my $p_out = set_levels(make_record(state => 'pending', title => uniq('Wacht buiten')), 'volwassenen');
my $p_in = set_levels(make_record(state => 'pending', title => uniq('Wacht binnen')), 'lerarenopleiding');
t_is($scoped->get("/records/$p_out")->code, 404, 'a scoped moderator reads a pending record outside the scope: 404');
t_is($scoped->get("/records/$p_in")->code, 200, '... inside: 200');
t_is($free->get("/records/$p_out")->code, 200, 'an unscoped moderator: 200');

# ---- saving an empty scope (6) ----------------------------------------------
my $sid = $scoped->{id};
sub scope_of {
    return join ',', @{ db()->selectcol_arrayref(
        q{SELECT level_id FROM moderator_levels WHERE member_id = ? ORDER BY level_id}, undef, $sid) };
}
my $before = scope_of();
my $res = act($admin, "/admin/members/$sid/scope", [ levels => 999999 ]);
ok $res->code == 400 && (grep { $_ eq 'levels' } error_fields($res->content)),
   'an admin saves a scope of only unknown levels: 400 naming levels' or diag(status_fields($res));
t_is(scope_of(), $before, '... DB: the scope is unchanged (not "everything")');
$res = act($admin, "/admin/members/$sid/scope", [ subjects => 999998 ]);
ok $res->code == 400 && (grep { $_ eq 'subjects' } error_fields($res->content)),
   '... of only unknown subjects: 400 naming subjects' or diag(status_fields($res));
t_is(scope_of(), $before, '... DB: unchanged');
t_is(act($admin, "/admin/members/$sid/scope", [ levels => 999999, levels => level_id('volwassenen') ])->code, 303,
     'a known level among unknown ones: 303');
t_is(scope_of(), level_id('volwassenen'), '... DB: the known one is the scope');
