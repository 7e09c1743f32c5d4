# Synonyms and abbreviations the team edits at /admin/synonyms (issue 15):
# an admin adds one and the very next search finds the record by it (the
# search cache and the page cache are emptied), edits and deletes it
# (audited); members and moderators get 403, a POST without the CSRF token
# is refused, bad input is 400 naming the field and changes nothing.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(db make_record expect_errors t_is);
use KC::Account qw(make_role_member forget_login_failures);
use KC::Search qw(word search_url card_ids);

plan tests => 21, need_lwp;

forget_login_failures();
my $admin = make_role_member('admin');
my $visitor = KC::Account->new;
sub ids_for { return [ card_ids($visitor->get(search_url(@_))) ] }
sub syn_row {
    return db()->selectrow_hashref(q{SELECT * FROM search_synonyms WHERE term = ?}, undef, $_[0]);
}
sub audits {
    return scalar db()->selectrow_array(q{SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = ?},
                                        undef, $admin->{id}, $_[0]);
}

# A term made of letters that are no word: nothing finds it but the synonym.
my $abbr = lc word('ab');
my $topic = word();
my $rid = make_record(title => "Lesmap over $topic");

# ---- before: nothing; the page is cached (2) --------------------------------------
# (exact=1: the words as typed, so that no correction answers instead.)
is_deeply ids_for(q => $abbr, exact => 1), [], 'before: the abbreviation finds nothing';
is_deeply ids_for(q => $abbr, exact => 1), [], '... (the page again, now from the caches)';

# ---- an admin adds it: the next search finds the record (6) ---------------------------
my $page = $admin->get('/admin/synonyms');
t_is($page->code, 200, 'an admin opens /admin/synonyms');
like $page->decoded_content, qr/tweede wereldoorlog/, '... which lists the seeded synonyms';
my $res = $admin->post_form('/admin/synonyms', { term => uc($abbr) . '!', expansion => "Lesmap  $topic" },
                            from => '/admin/synonyms');
t_is($res->code, 303, 'POST /admin/synonyms: 303');
my $row = syn_row($abbr);
is $row && $row->{expansion}, lc("lesmap $topic"), '... kept lower case, one space between words';
is_deeply ids_for(q => $abbr, exact => 1), [$rid],
    'the very next search by the abbreviation finds the record (the cached page is gone)';
is_deeply ids_for(q => uc $abbr), [$rid], '... in any case';
is audits('synonym_add'), 1, '... and the addition is in the audit log';

# ---- edit: the old meaning goes at once (3) ----------------------------------------
my $other = word();
my $rid2 = make_record(title => "Werkblad $other");
$res = $admin->post_form("/admin/synonyms/$row->{id}", { term => $abbr, expansion => $other },
                         from => '/admin/synonyms');
t_is($res->code, 303, 'an admin changes the synonym: 303');
is_deeply ids_for(q => $abbr), [$rid2], '... the search finds the new meaning';
is audits('synonym_edit'), 1, '... audited';

# ---- members, moderators, no CSRF, bad input (8) --------------------------------------
my $member = KC::Account->registered;
my $mod = make_role_member('moderator');
for my $who ([ member => $member ], [ moderator => $mod ]) {
    my ($name, $cl) = @$who;
    my $tok = $cl->csrf_token('/');
    t_is(expect_errors(sub { $cl->get('/admin/synonyms') })->code, 403, "$name GET /admin/synonyms: 403");
    t_is(expect_errors(sub { $cl->post_form("/admin/synonyms/$row->{id}/delete", {}, csrf => $tok) })->code,
         403, "$name POST .../delete: 403");
}
t_is(expect_errors(sub { $admin->post_form('/admin/synonyms', { term => 'zzabc', expansion => 'iets' },
                                           csrf => 0) })->code, 403, 'admin POST without the CSRF token: 403');
ok !syn_row('zzabc'), '... nothing added';
$res = expect_errors(sub { $admin->post_form('/admin/synonyms', { term => '', expansion => 'iets' },
                                             from => '/admin/synonyms') });
t_is($res->code, 400, 'an empty term: 400');
like $res->decoded_content, qr/Woorden|Words/, '... naming the field';

# ---- delete (1) -----------------------------------------------------------------------
$res = $admin->post_form("/admin/synonyms/$row->{id}/delete", {}, from => '/admin/synonyms');
is_deeply [ $res->code, ids_for(q => $abbr, exact => 1) ], [ 303, [] ],
    'an admin deletes it: the abbreviation finds nothing again';
