# Theme pages (issue 14), through HTTP: an admin writes a theme with
# sections (chosen records in an order, a saved search that fills a
# section), a visitor sees it (only published records); a record taken
# down leaves it at once, also from the page cache and when the change
# comes from behind the site's back; a draft is not visible to visitors;
# featured themes on the home page, "on the theme page" on a record's page.
# Refused: members and moderators (403), no csrf token (403), a bad slug or
# saved search (400 naming the field), nothing written then.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use KC::Test qw(t_is db make_record expect_errors uniq);
use KC::Account qw(forget_login_failures make_role_member);
use KC::Contribute qw(act audit_rows);

plan tests => 43, need_lwp;

forget_login_failures();

my $adm = make_role_member('admin');
my $mod = make_role_member('moderator');
my $mem = KC::Account->registered;
my $word = 'thema' . $$ . time;
$word =~ tr/0-9/a-j/;
my @rec = map { make_record(title => uniq("Leermiddel $_")) } 1 .. 3;
my $hidden = make_record(title => uniq('Nog in moderatie'), state => 'pending');
my @found = map { make_record(title => "Gratis tool $word $_", description => "Een gratis tool ($word).") } 1 .. 3;
my $slug = 'afstandsonderwijs-' . ($$ % 100000);
sub title_of { db()->selectrow_array('SELECT title FROM records WHERE id = ?', undef, $_[0]) }
sub themes_count { scalar db()->selectrow_array('SELECT count(*) FROM themes') }
sub theme_row { db()->selectrow_hashref('SELECT * FROM themes WHERE slug = ?', undef, $_[0]) }
sub sections_of { @{ db()->selectcol_arrayref('SELECT id FROM theme_sections WHERE theme_id = ? ORDER BY position, id', undef, $_[0]) } }
sub has { my ($html, $id) = @_; my $t = title_of($id); return index($html // '', $t) >= 0 }
sub theme_fields {
    my (%f) = @_;
    return [ slug => $f{slug}, title => $f{title} // 'Afstandsonderwijs', intro => $f{intro} // 'Alles over lesgeven op afstand.',
             published => $f{published}, featured => $f{featured}, order => $f{order} ];
}

# ---- the admin writes a theme (12) --------------------------------------------------------------
t_is($adm->get('/admin/themes')->code, 200, 'admin GET /admin/themes: 200');
my $res = act($adm, '/admin/themes', theme_fields(slug => $slug, featured => 1, order => 1), from => '/admin/themes');
my ($tid) = ($res->header('Location') // '') =~ m{^/admin/themes/(\d+)\?done=created$};
ok($res->code == 303 && $tid, 'POST /admin/themes: 303 to the new theme\'s admin page') or diag($res->code . ' ' . ($res->header('Location') // ''));
$tid //= 0;
my ($audit) = audit_rows(action => 'theme_create', target_id => $tid);
ok($audit && $audit->{actor_id} == $adm->{id}, '... audited, by the admin');
ok(!theme_row($slug)->{published}, '... a draft until published');
$res = act($adm, "/admin/themes/$tid/sections", [ title => 'Digitale tools', intro => 'Om mee te beginnen.' ], from => "/admin/themes/$tid");
t_is($res->code, 303, 'a first section added');
$res = act($adm, "/admin/themes/$tid/sections", [ title => 'Gratis tools', search => "/records?q=$word", limit => 2 ], from => "/admin/themes/$tid");
t_is($res->code, 303, 'a second section with a saved search (its top 2)');
my ($s1, $s2) = sections_of($tid);
for my $id ($rec[0], $rec[1], $rec[2], $hidden) {
    $res = act($adm, "/admin/theme-sections/$s1/items", [ record => $id, change => 'add' ], from => "/admin/themes/$tid");
}
t_is($res->code, 303, 'four records added to the first section (one of them still pending)');
$res = act($adm, "/admin/theme-sections/$s1/items", [ record => "/records/$rec[2]", change => 'up' ], from => "/admin/themes/$tid");
my @order = @{ db()->selectcol_arrayref('SELECT record_id FROM theme_items WHERE section_id = ? ORDER BY position, record_id', undef, $s1) };
is_deeply(\@order, [ $rec[0], $rec[2], $rec[1], $hidden ], 'the third moved up (given as the address of its page)');
$res = act($adm, "/admin/theme-sections/$s1/items", [ record => $rec[0], change => 'add', theme => $tid ], from => "/admin/themes/$tid");
ok($res->code == 303 && ($res->header('Location') // '') eq "/admin/themes/$tid?done=already", 'added twice: back to the theme with done=already, once in the list');
$res = act($adm, "/admin/theme-sections/$s2/items", [ record => 999999999, change => 'add' ], from => "/admin/themes/$tid");
t_is($res->code, 404, 'a record that does not exist: 404');
my $page = $adm->get("/admin/themes/$tid?find=$word")->decoded_content;
ok(index($page, "data-found=\"$found[0]\"") >= 0, 'the admin page finds published records to add from a search');
my $draft = GET("/themes/$slug");
t_is($draft->code, 404, 'a draft theme: 404 for a visitor');
ok($mem->get("/themes/$slug")->code == 404 && $adm->get("/themes/$slug")->code == 200,
   '... and for a member; the admin sees it');

# ---- published: what a visitor sees (9) ---------------------------------------------------------
$res = act($adm, "/admin/themes/$tid", theme_fields(slug => $slug, published => 1, featured => 1, order => 1), from => "/admin/themes/$tid");
t_is($res->code, 303, 'the admin publishes it');
GET("/themes/$slug") for 1 .. 8;                 # copies in the page cache
my $v = GET("/themes/$slug");
my $html = $v->decoded_content;
t_is($v->code, 200, 'a visitor: 200');
ok(has($html, $rec[0]) && has($html, $rec[1]) && has($html, $rec[2]), '... the chosen published records');
ok(!has($html, $hidden), '... not the pending one');
ok(index($html, title_of($rec[0])) < index($html, title_of($rec[2])) && index($html, title_of($rec[2])) < index($html, title_of($rec[1])),
   '... in their order');
my $n_found = grep { has($html, $_) } @found;
is($n_found, 2, '... and the saved search\'s top 2 in the second section');
like(GET('/themes')->decoded_content, qr{href="/themes/\Q$slug\E"}, '/themes lists it');
like(GET('/')->decoded_content, qr{href="/themes/\Q$slug\E"}, 'the home page links it (featured)');
like($mem->read_record($rec[0])->decoded_content, qr{Op themapagina.*href="/themes/\Q$slug\E"}s,
     'the record\'s page: "Op themapagina" with the link');

# ---- a record taken down disappears at once (4) -------------------------------------------------
$res = act($adm, "/admin/records/$rec[1]/takedown", [ reason => 'klacht over auteursrecht' ], from => "/admin/records/$rec[1]");
t_is($res->code, 303, 'the admin takes one of them down');
my $seen = grep { has(GET("/themes/$slug")->decoded_content, $rec[1]) } 1 .. 8;
is($seen, 0, '... no visitor sees it on the theme page any more (no kept copy either)');
GET("/themes/$slug") for 1 .. 8;
db()->do(q{UPDATE records SET state = 'taken_down' WHERE id = ?}, undef, $rec[2]);
my $gone = 0;
for (1 .. 50) {                                  # the notification's way to every child
    $gone = !grep { has(GET("/themes/$slug")->decoded_content, $rec[2]) } 1 .. 4;
    last if $gone;
    select(undef, undef, undef, 0.1);
}
ok($gone, 'taken down behind the site\'s back: gone from the kept copies too (kc_pages notification)');
ok(has(GET("/themes/$slug")->decoded_content, $rec[0]), '... the others are still there');

# ---- refusals (14) ------------------------------------------------------------------------------
my $before = themes_count();
for my $c ([ $mem, 'member' ], [ $mod, 'moderator' ]) {
    my $r1 = expect_errors(sub { $c->[0]->get('/admin/themes') });
    t_is($r1->code, 403, "$c->[1] GET /admin/themes: 403");
    my $tok = $c->[0]->csrf_token('/');
    my $r2 = expect_errors(sub { act($c->[0], '/admin/themes', theme_fields(slug => 'van-een-lid'), csrf => $tok) });
    t_is($r2->code, 403, "$c->[1] POST /admin/themes: 403");
    my $r3 = expect_errors(sub { act($c->[0], "/admin/theme-sections/$s1/items", [ record => $rec[0], change => 'remove' ], csrf => $tok) });
    t_is($r3->code, 403, "$c->[1] removing a record: 403");
}
$res = act($adm, '/admin/themes', theme_fields(slug => 'zonder-token'), csrf => 0);
t_is($res->code, 403, 'admin without the csrf token: 403');
$res = act($adm, '/admin/themes', theme_fields(slug => 'Foute Slug!'), from => '/admin/themes');
ok($res->code == 400 && $res->decoded_content =~ /data-field="slug"/, 'a bad slug: 400 naming the field slug');
$res = act($adm, '/admin/themes', theme_fields(slug => $slug), from => '/admin/themes');
ok($res->code == 400 && $res->decoded_content =~ /data-field="slug"/, 'a slug already taken: 400 naming slug');
$res = act($adm, '/admin/themes', theme_fields(slug => 'ok-slug', order => 'veel'), from => '/admin/themes');
ok($res->code == 400 && $res->decoded_content =~ /data-field="order"/, 'a bad order: 400 naming order');
is(themes_count(), $before, '... nothing written by any of them');
my $nsec = () = sections_of($tid);
$res = act($adm, "/admin/themes/$tid/sections", [ title => 'Fout', search => '/records?sort=willekeurig' ], from => "/admin/themes/$tid");
ok($res->code == 400 && $res->decoded_content =~ /data-field="search"/, 'a saved search the search refuses: 400 naming search');
$res = act($adm, "/admin/themes/$tid/sections", [ title => 'Fout', search => 'level=bestaat-niet' ], from => "/admin/themes/$tid");
ok($res->code == 400 && scalar(() = sections_of($tid)) == $nsec, 'a filter value that does not exist: 400, no section written');
ok(scalar(audit_rows(action => 'theme_create')) == 1, 'only the one theme_create in the audit log');

# ---- a "free tools" collection is a theme; deleting a theme (3) ---------------------------------
$res = act($adm, "/admin/theme-sections/$s1/change", [ change => 'delete' ], from => "/admin/themes/$tid");
ok($res->code == 303 && sections_of($tid) == 1, 'a section deleted');
$res = act($adm, "/admin/themes/$tid/delete", [], from => "/admin/themes/$tid");
ok($res->code == 303 && !theme_row($slug), 'the theme deleted');
t_is(GET("/themes/$slug")->code, 404, '... its page is gone: 404');
