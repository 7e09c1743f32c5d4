# The weekly newsletter (issue 14): an admin composes an issue from the
# site's suggestions (records of the week, unanswered forum questions)
# and free text, previews and sends it; the job mails it in batches, each
# member once, filtered to the subjects each chose on /me/newsletter, with
# List-Unsubscribe headers; the one-click unsubscribe works without login
# and refuses an altered link; the archive shows only sent issues;
# "recommend this newsletter" pays the 'recommend' rule once per key;
# organisations ask for promotional slots that the team approves; roles
# and CSRF are checked.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record uniq expect_errors);
use KC::Account qw(forget_login_failures make_role_member has_error_field);
use KC::Contribute qw(rand_word);
use KC::Community qw(rule post_as ledger_of paid mail_message wait_outbox_sent);

plan tests => 45, need_lwp;

forget_login_failures();

sub status { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }
sub one { my ($sql, @bind) = @_; return scalar db()->selectrow_array($sql, undef, @bind) }
sub eventually {
    my ($code) = @_;
    my $v;
    for (1 .. 120) { $v = $code->(); return $v if $v; select undef, undef, undef, 0.5 }
    return $v;
}
my $today = one(q{SELECT to_char((now() AT TIME ZONE 'Europe/Brussels')::date, 'YYYY-MM-DD')});

# ---- set-up: two subjects, a record for each, a question --------------------------------------
my ($s1, $s2) = @{ db()->selectcol_arrayref('SELECT id FROM subjects ORDER BY position LIMIT 2') };
my $t1 = 'Breuken ' . rand_word(10);
my $t2 = 'Vertaling ' . rand_word(10);
my $r1 = make_record(title => $t1);
my $r2 = make_record(title => $t2);
# Record 2 is about subject 2 only (delete and insert: the facet counts follow).
db()->do('DELETE FROM record_subjects WHERE record_id = ?', undef, $r2);
db()->do('INSERT INTO record_subjects (record_id, subject_id) VALUES (?, ?)', undef, $r2, $s2);
my $admin = make_role_member('admin');
my $qtitle = 'Vraag ' . rand_word(10);
my $qid = one(q{INSERT INTO forum_topics (category_id, member_id, title, body, norm_hash)
                VALUES ((SELECT min(id) FROM forum_categories), ?, ?, ?, repeat('a', 64))
                RETURNING id}, $admin->{id}, $qtitle, 'Hoe leg ik dit het best uit aan mijn klas?');

my $ann = KC::Account->registered;
my $bob = KC::Account->registered;

# ---- /me/newsletter (5) -------------------------------------------------------------------------
t_is $ann->get('/me/newsletter')->code, 200, 'GET /me/newsletter: 200 for a member';
my $res = post_as($ann, '/me/newsletter', [ subscribed => 1, subjects => $s1 ]);
t_is status($res), qr{^status 303 /me/newsletter\?done=saved}, 'POST /me/newsletter: saved';
post_as($bob, '/me/newsletter', [ subscribed => 1, subjects => $s2 ]);
is one('SELECT subject_ids::text FROM newsletter_prefs WHERE member_id = ?', $ann->{id}), "{$s1}",
   'DB: member A chose subject 1';
$res = post_as($bob, '/me/newsletter', [ subscribed => 1, subjects => 999999 ]);
ok $res->code == 400 && has_error_field($res->decoded_content, 'subjects'),
   'an unknown subject: 400 naming subjects' or diag(status($res));
$res = $bob->post_form('/me/newsletter', [ subscribed => 0 ], csrf => 0);
ok $res->code == 403 && one('SELECT subscribed FROM newsletter_prefs WHERE member_id = ?', $bob->{id}),
   'without the CSRF token: 403, still subscribed';

# ---- composing (11) ----------------------------------------------------------------------------
$res = post_as($admin, '/admin/newsletter', [ title => "Week $today", week => $today, intro => 'Hallo allemaal.' ]);
my ($nid) = ($res->header('Location') // '') =~ m{^/admin/newsletter/(\d+)\?done=created};
ok $nid, 'POST /admin/newsletter: a draft, 303 to its page' or diag(status($res));
$res = post_as($admin, '/admin/newsletter', [ title => '', week => $today ]);
ok $res->code == 400 && has_error_field($res->decoded_content, 'title'), 'no title: 400 naming title';
$res = $admin->get("/admin/newsletter/$nid");
my $page = $res->decoded_content // '';
ok $res->code == 200 && $page =~ /data-source="record" data-source-id="$r1"/
   && $page =~ /data-source="record" data-source-id="$r2"/,
   'the records of the week are suggested' or diag(status($res));
like $page, qr/data-source="question" data-source-id="$qid"/, 'the unanswered question is suggested';
for my $add ([ record => $r1 ], [ record => $r2 ], [ question => $qid ]) {
    post_as($admin, "/admin/newsletter/$nid/add", [ source => $add->[0], source_id => $add->[1] ]);
}
my $text_title = 'Nieuws ' . rand_word(8);
$res = post_as($admin, "/admin/newsletter/$nid/add", [ source => 'text', title => $text_title, body => 'Een tekst van het team.' ]);
t_is status($res), qr{^status 303 /admin/newsletter/$nid\?done=added}, 'free text added';
post_as($admin, "/admin/newsletter/$nid/add", [ source => 'record', source_id => $r1 ]);    # twice: once
is one('SELECT count(*) FROM newsletter_items WHERE newsletter_id = ?', $nid), 4,
   'DB: four items (a suggestion added twice is there once)';
$res = post_as($admin, "/admin/newsletter/$nid/add", [ source => 'record', source_id => 999999999 ]);
ok $res->code == 400 && has_error_field($res->decoded_content, 'source_id'),
   'a record that is not a suggestion: 400 naming source_id';
$res = $admin->post_form("/admin/newsletter/$nid/add", [ source => 'text', title => 'x' ], csrf => 0);
ok $res->code == 403 && one('SELECT count(*) FROM newsletter_items WHERE newsletter_id = ?', $nid) == 4,
   'without the CSRF token: 403, nothing added';
my @codes = expect_errors(sub {
    return (post_as($ann, "/admin/newsletter/$nid/add", [ source => 'text', title => 'x' ])->code,
            $ann->get("/admin/newsletter/$nid")->code,
            make_role_member('moderator')->get('/admin/newsletter')->code);
});
is "@codes", '403 403 403', 'a member (POST, GET) and a moderator: 403';
$res = $admin->get("/admin/newsletter/$nid/preview");
ok $res->code == 200 && ($res->decoded_content // '') =~ /\Q$t1\E.*\Q$t2\E/s, 'the preview shows the items';

# ---- the archive before and after sending (4) ------------------------------------------------
t_is(KC::Account->new->get("/newsletter/$nid")->code, 404, 'a draft is not in the public archive (404)');
unlike(KC::Account->new->get('/newsletter')->decoded_content, qr/data-issue="$nid"/, '... nor in the list');
$res = post_as($admin, "/admin/newsletter/$nid/send", []);
t_is status($res), qr{^status 303 /admin/newsletter/$nid\?done=sending}, 'send: 303; the job does the rest';
my $state = eventually(sub { my $s = one('SELECT state FROM newsletters WHERE id = ?', $nid); $s eq 'sent' ? $s : '' });
is $state, 'sent', 'the job mails every batch and marks the issue sent';

# ---- per member (9) -----------------------------------------------------------------------------
sub mail_of {
    my ($mid) = @_;
    return db()->selectrow_hashref(
        q{SELECT o.to_address, o.subject, o.body, o.unsubscribe_url FROM newsletter_deliveries d
            JOIN mail_outbox o ON o.id = d.outbox_id WHERE d.newsletter_id = ? AND d.member_id = ?},
        undef, $nid, $mid) // {};
}
my $ma = mail_of($ann->{id});
my $mb = mail_of($bob->{id});
ok $ma->{body} =~ /\Q$t1\E/ && $ma->{body} !~ /\Q$t2\E/, 'member A (subject 1) gets record 1, not record 2'
   or diag($ma->{body});
ok $mb->{body} =~ /\Q$t2\E/ && $mb->{body} !~ /\Q$t1\E/, 'member B (subject 2) gets record 2, not record 1'
   or diag($mb->{body});
ok $ma->{body} =~ /\Q$qtitle\E/ && $mb->{body} =~ /\Q$text_title\E/ && $ma->{body} =~ /Weet jij het antwoord/,
   'both get the question ("weet jij het antwoord?") and the team\'s text';
is one('SELECT count(*) FROM newsletter_deliveries WHERE newsletter_id = ? AND member_id IN (?, ?)', $nid, $ann->{id}, $bob->{id}), 2,
   'one delivery each (the key: each member once)';
my ($unsub) = $ma->{body} =~ m{https?://[^/\s]+(/newsletter/unsubscribe/\S+)};
ok $unsub && $ma->{unsubscribe_url} =~ /\Q$unsub\E$/, 'the mail has a one-click unsubscribe link'
   or diag($ma->{body});
wait_outbox_sent($ma->{to_address});
my $msg = mail_message($ma->{to_address}) // {};
ok $msg->{headers} =~ /^List-Unsubscribe: <https?:\/\/[^>]+\Q$unsub\E>$/m
   && $msg->{headers} =~ /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m,
   'the mail carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058)' or diag($msg->{headers});
$res = KC::Account->new->get("/newsletter/$nid");
ok $res->code == 200 && $res->decoded_content =~ /\Q$t1\E/ && $res->decoded_content =~ /\Q$t2\E/,
   'the sent issue is in the public archive with every item';
like(KC::Account->new->get('/newsletter')->decoded_content, qr/data-issue="$nid"/, '... and in the list');
t_is post_as($admin, "/admin/newsletter/$nid/send", [])->code, 409, 'sending again: 409';

# ---- one-click unsubscribe (6) ------------------------------------------------------------------
my ($uid, $key) = $unsub =~ m{/newsletter/unsubscribe/(\d+)/(\S+)};
my $v = KC::Account->new;
$res = $v->get($unsub);
ok $res->code == 200 && $res->decoded_content =~ /method="post"/, 'GET the link without login: a page with a button';
ok one('SELECT subscribed FROM newsletter_prefs WHERE member_id = ?', $ann->{id}), '... which changes nothing yet';
(my $bad = $key) =~ s/^(.)/$1 eq 'A' ? 'B' : 'A'/e;
my @bad = (KC::Account->new->get("/newsletter/unsubscribe/$uid/$bad")->code,
           KC::Account->new->post_form("/newsletter/unsubscribe/$uid/$bad", [ 'List-Unsubscribe' => 'One-Click' ], csrf => 0)->code,
           KC::Account->new->post_form("/newsletter/unsubscribe/$bob->{id}/$key", [ 'List-Unsubscribe' => 'One-Click' ], csrf => 0)->code);
is "@bad", '404 404 404', 'an altered key, or the key with another member\'s id: refused (GET and POST)';
ok one('SELECT subscribed FROM newsletter_prefs WHERE member_id = ?', $ann->{id})
   && one('SELECT subscribed FROM newsletter_prefs WHERE member_id = ?', $bob->{id}), '... nobody unsubscribed';
$res = KC::Account->new->post_form($unsub, [ 'List-Unsubscribe' => 'One-Click' ], csrf => 0);
ok $res->code == 200 && $res->decoded_content =~ /id="unsubscribed"/, 'the one-click POST (as a mail program sends it): 200';
ok !one('SELECT subscribed FROM newsletter_prefs WHERE member_id = ?', $ann->{id}), 'DB: member A is unsubscribed';

# ---- recommend by mail (5) ----------------------------------------------------------------------
my $rule = rule('recommend');
my $to = 'collega.' . rand_word(8) . '@example.test';
my $akey = "recommend:$bob->{id}:newsletter:$nid:" . lc $to;
$res = post_as($bob, "/newsletter/$nid/recommend", [ email => $to, message => 'Lees dit.' ]);
t_is status($res), qr{^status 303 /newsletter/$nid\?done=recommended}, 'recommend: 303';
is paid($akey), $rule->{points}, "the 'recommend' rule's points ($rule->{points}) are paid with the key";
post_as($bob, "/newsletter/$nid/recommend", [ email => uc $to, message => '' ]);
is scalar(ledger_of($akey)), 1, 'the same issue to the same address again: paid once';
$res = $bob->post_form("/newsletter/$nid/recommend", [ email => 'ander@example.test' ], csrf => 0);
t_is $res->code, 403, 'without the CSRF token: 403';
$res = post_as($bob, "/newsletter/$nid/recommend", [ email => 'geen-adres' ]);
ok $res->code == 400 && has_error_field($res->decoded_content, 'email'), 'a bad address: 400 naming email';

# ---- promotional slots (4) ----------------------------------------------------------------------
my $org = make_role_member('organisation');
my $ptitle = 'Nascholing ' . rand_word(8);
$res = post_as($org, '/me/newsletter/promo', [ week => $today, title => $ptitle, body => 'Onze cursus.', url => 'https://example.test/cursus' ]);
my $pid = one('SELECT id FROM newsletter_promos WHERE title = ?', $ptitle);
ok $res->code == 303 && $pid && one('SELECT state FROM newsletter_promos WHERE id = ?', $pid) eq 'pending',
   'an organisation asks for a slot: pending' or diag(status($res));
t_is post_as($ann, '/me/newsletter/promo', [ week => $today, title => 'x', body => 'y' ])->code, 403,
     'a member who is not an organisation: 403';
$res = post_as($admin, "/admin/newsletter/promos/$pid/decide", [ decision => 'approve' ]);
ok $res->code == 303 && one('SELECT state FROM newsletter_promos WHERE id = ?', $pid) eq 'approved',
   'the team approves it' or diag(status($res));
$res = post_as($admin, '/admin/newsletter', [ title => "Promo $today", week => $today ]);
my ($n2) = ($res->header('Location') // '') =~ m{/admin/newsletter/(\d+)};
like $admin->get("/admin/newsletter/$n2/preview")->decoded_content, qr/\Q$ptitle\E/,
     'the approved slot is in the issue of its week';

# ---- after unsubscribing (2) ----------------------------------------------------------------
post_as($admin, "/admin/newsletter/$n2/send", []);
eventually(sub { one('SELECT state FROM newsletters WHERE id = ?', $n2) eq 'sent' });
is one('SELECT count(*) FROM newsletter_deliveries WHERE newsletter_id = ? AND member_id = ?', $n2, $ann->{id}), 0,
   'the next issue does not go to the member who unsubscribed';
like mail_of_issue($n2, $bob->{id}), qr/\Q$ptitle\E/, '... and does go, with the partner\'s slot, to one still subscribed';

sub mail_of_issue {
    my ($issue, $mid) = @_;
    return one(q{SELECT o.body FROM newsletter_deliveries d JOIN mail_outbox o ON o.id = d.outbox_id
                  WHERE d.newsletter_id = ? AND d.member_id = ?}, $issue, $mid) // '';
}
