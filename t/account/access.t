# Require klascement-role: visitors are sent to the login page with the
# way back, members without the role get a 403 page in the layout;
# admin includes moderator includes member. Pages of logged-in members
# are not cached.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is expect_errors);
use KC::Account qw(forget_login_failures make_role_member);

plan tests => 22, need_lwp;

forget_login_failures();

# neither sent to the login page nor refused (200, or 404 while the
# moderation/admin pages do not exist yet); never a server error
sub let_in {
    my ($res) = @_;
    my $c = $res->code;
    return $c != 303 && $c != 403 && $c < 500;
}

# ---- visitors (8) -------------------------------------------------------------
my $v = KC::Account->new;
for my $path ('/me/points', '/me', '/moderation', '/admin') {
    my $res = $v->get($path);
    t_is($res->code, 303, "visitor GET $path: 303");
    t_is($res->header('Location') // '', "/login?next=$path", "... to /login?next=$path");
}

# ---- a member (5) -------------------------------------------------------------
my $mem = KC::Account->registered;
t_is($mem->get('/me/points')->code, 200, 'member GET /me/points: 200');
# httpd logs each authorisation refusal (AH01630) at level error.
my ($mod_page, $adm_page) = expect_errors(sub { ($mem->get('/moderation'), $mem->get('/admin')) });
t_is($mod_page->code, 403, 'member GET /moderation: 403');
like $mod_page->content, qr/<main/, '... a page in the site layout';
t_is($adm_page->code, 403, 'member GET /admin: 403');
like $adm_page->content, qr/<main/, '... a page in the site layout';

# ---- no caching of a member's pages (3) ---------------------------------------------
for my $path ('/me/points', '/', "/members/$mem->{id}") {
    my $cc = join ', ', $mem->get($path)->headers->header('Cache-Control');
    ok $cc =~ /\bno-store\b/i && $cc =~ /\bprivate\b/i,
       "member GET $path: Cache-Control with no-store and private"
       or diag("Cache-Control: $cc");
}

# ---- a moderator (3) ------------------------------------------------------------
my $mod = make_role_member('moderator');
my $r = $mod->get('/moderation');
ok let_in($r), 'moderator GET /moderation: let in' or diag('status ' . $r->code);
t_is(expect_errors(sub { $mod->get('/admin') })->code, 403, 'moderator GET /admin: 403');
t_is($mod->get('/me/points')->code, 200, 'moderator GET /me/points: 200 (a member too)');

# ---- an admin (3) -----------------------------------------------------------------
my $adm = make_role_member('admin');
$r = $adm->get('/admin');
ok let_in($r), 'admin GET /admin: let in' or diag('status ' . $r->code);
$r = $adm->get('/moderation');
ok let_in($r), 'admin GET /moderation: let in (admin includes moderator)' or diag('status ' . $r->code);
t_is($adm->get('/me/points')->code, 200, 'admin GET /me/points: 200');
