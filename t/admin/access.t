# Who may use /moderation and /admin (spec/moderation.md, spec/accounts.md):
# visitors are sent to the login page (GET and POST alike), members get
# 403 on both, moderators get 403 on /admin; every refused POST changes
# nothing. The handlers check the csrf token as well: a moderator's
# approval without it, or with another session's, is 403 and changes
# nothing.
#
# Resolutions of the spec used here:
# - A visitor's POST is sent to /login (the Location starts with /login;
#   next is not checked for POSTs).
# - httpd logs each refusal by a Require line (AH01630) at level error:
#   those requests run inside expect_errors.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record expect_errors);
use KC::Account qw(forget_login_failures make_role_member member_row);
use KC::Contribute qw(contribute record_row ledger_by_key act approve review_fields);

plan tests => 36, need_lwp;

forget_login_failures();

my $author = KC::Account->registered;
my (undef, $pending) = contribute($author, 'site');
$pending //= 0;
my $published = make_record();
sub state_of { return record_row($_[0])->{state} // 'none' }
sub unchanged {
    return state_of($pending) eq 'pending' && state_of($published) eq 'published'
        && ledger_by_key("contribution:$pending") == 0;
}
ok state_of($pending) eq 'pending', 'set-up: a pending contribution';

# ---- visitors: to the login page (10) -------------------------------------------------------------
my $v = KC::Account->new;
for my $path ('/moderation', "/moderation/records/$pending", '/admin', '/admin/objections',
              '/admin/audit', "/admin/members/$author->{id}") {
    my $res = $v->get($path);
    ok $res->code == 303 && ($res->header('Location') // '') eq "/login?next=$path",
       "visitor GET $path: 303 to /login?next=$path"
       or diag('status ' . $res->code . ' location ' . ($res->header('Location') // ''));
}
for my $post ([ "/moderation/records/$pending/approve", review_fields($pending) ],
              [ "/admin/records/$published/takedown", [ reason => 'weg ermee' ] ],
              [ "/admin/members/$author->{id}/role", [ role => 'admin' ] ]) {
    my ($path, $fields) = @$post;
    my $res = $v->post_form($path, $fields, csrf => 0);
    ok $res->code == 303 && ($res->header('Location') // '') =~ m{^/login\b},
       "visitor POST $path: 303 to /login" or diag('status ' . $res->code);
}
ok unchanged() && member_row($author->{id})->{role} eq 'member', '... and nothing changed';

# ---- a member: 403 (10) ---------------------------------------------------------------------------------
my $mem = KC::Account->registered;
my $tok = $mem->csrf_token('/');
for my $path ('/moderation', "/moderation/records/$pending", '/admin', '/admin/audit') {
    t_is(expect_errors(sub { $mem->get($path) })->code, 403, "member GET $path: 403");
}
my $res = expect_errors(sub { approve($mem, $pending, csrf => $tok) });
t_is($res->code, 403, "member POST approve with the member's own valid csrf: 403");
$res = expect_errors(sub { act($mem, "/moderation/records/$pending/refuse",
                               [ reason_code => 'other', reason => 'Niet goed genoeg' ], csrf => $tok) });
t_is($res->code, 403, 'member POST refuse: 403');
$res = expect_errors(sub { act($mem, "/admin/records/$published/takedown", [ reason => 'weg' ], csrf => $tok) });
t_is($res->code, 403, 'member POST /admin/records/ID/takedown: 403');
$res = expect_errors(sub { act($mem, "/admin/members/$mem->{id}/role", [ role => 'admin' ], csrf => $tok) });
t_is($res->code, 403, 'member POST /admin/members/SELF/role role=admin: 403');
ok unchanged(), '... nothing changed (still pending, still published, nothing paid)';
is member_row($mem->{id})->{role}, 'member', '... and the member is still a member';

# ---- an organisation account: 403 on /moderation (1) -----------------------------------------------------
my $org = make_role_member('organisation');
t_is(expect_errors(sub { $org->get('/moderation') })->code, 403, 'organisation GET /moderation: 403');

# ---- a moderator: /moderation yes, /admin no; csrf checked (11) --------------------------------------------
my $mod = make_role_member('moderator');
t_is($mod->get('/moderation')->code, 200, 'moderator GET /moderation: 200');
for my $path ('/admin', '/admin/objections', "/admin/members/$author->{id}") {
    t_is(expect_errors(sub { $mod->get($path) })->code, 403, "moderator GET $path: 403");
}
$res = expect_errors(sub { act($mod, "/admin/records/$published/takedown", [ reason => 'weg' ]) });
t_is($res->code, 403, 'moderator POST /admin/records/ID/takedown: 403');
$res = expect_errors(sub { act($mod, "/admin/members/$mod->{id}/role", [ role => 'admin' ]) });
ok $res->code == 403 && member_row($mod->{id})->{role} eq 'moderator',
   'moderator POST /admin/members/SELF/role role=admin: 403, still a moderator' or diag('status ' . $res->code);

t_is(approve($mod, $pending, csrf => 0)->code, 403, 'moderator POST approve without csrf: 403');
t_is(approve($mod, $pending, csrf => $tok)->code, 403, "... with another session's csrf: 403");
ok unchanged(), '... nothing changed (still pending, nothing paid)';
t_is(approve($mod, $pending)->code, 303, '... with its own csrf: 303');
ok state_of($pending) eq 'published' && ledger_by_key("contribution:$pending") == 1,
   '... published and paid once';

# ---- an admin: everywhere (3) --------------------------------------------------------------------------
my $adm = make_role_member('admin');
t_is($adm->get('/moderation')->code, 200, 'admin GET /moderation: 200');
t_is($adm->get('/admin')->code, 200, 'admin GET /admin: 200');
t_is($adm->get('/admin/audit')->code, 200, 'admin GET /admin/audit: 200');

forget_login_failures();
