# The forum, "the staffroom" (spec/community.md "Forum"): asking (20 or 40
# points), the list with its views (newest, unanswered, helpful) and full
# text search, answering (10 or 20; nothing on one's own topic; the asker
# notified), thumbs up (once per member, not one's own; +10 per 10 thumbs
# from distinct members), accepting an answer (only the asker), deleting
# one's own answer or topic (points taken back), the moderators' edit and
# removal (audit log, points taken back), duplicate text and validation,
# and visitors (who can post nothing).
#
# Resolutions of the spec used here:
# - A topic's and a post's id are found in the DB (forum_topics /
#   forum_posts rows of the member with that title / body).
# - The category is the first one offered by GET /forum/new (the select
#   named category), else the first forum_categories row.
# - A second thumb by the same member is refused or ignored: one row.
# - Deleting someone else's answer or topic: 403 or 404 (the contract says
#   "own" and names no status); accepting by anyone but the asker: 403.
# - "Unanswered" lists a topic without answers; one with answers is not
#   listed. "Newest" lists newer topics first; "helpful" puts the topic
#   whose answers have the most thumbs first. This test's topics are the
#   only ones in the suite, so all of them are on page 1.
# - Duplicate question: the same title and body in other letter case and
#   punctuation -> 409 data-field="body".
# - The asker's notification is a notifications row of kind 'answer',
#   shown as <li class="notification notification-answer">.
# - Removing a post takes back its forum_reaction:<id> award (ledger row
#   reverse:forum_reaction:<id>); removing / deleting a topic takes back
#   forum_post:topic:<id>. Whether a thumbs block is taken back too is not
#   checked.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db);
use KC::Account qw(forget_login_failures has_error_field make_role_member);
use KC::Contribute qw(rand_word balance text_of audit_rows);
use KC::Search qw(word);
use KC::Community qw(rule text_of_length unique_body post_as refused forum_category ask topic_row
                     answer post_row thumb thumb_count accept_answer topic_ids
                     notification_count ledger_of paid);

plan tests => 59, need_lwp;

forget_login_failures();

my $FP = rule('forum_post');
my ($Q_LOW, $Q_HIGH) = ($FP->{points}, $FP->{points_max} // $FP->{points});
my $FR = rule('forum_reaction');
my ($A_LOW, $A_HIGH) = ($FR->{points}, $FR->{points_max} // $FR->{points});
my $THUMBS = rule('thumbs_up')->{points};

sub status_of { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }
sub name { return (first_name => $_[0], surname => ucfirst rand_word(8)) }
sub pos_of { my ($list, $id) = @_; for (0 .. $#$list) { return $_ if $list->[$_] == $id } return -1 }
sub topic_text { my ($c, $t) = @_; return text_of($c->get("/forum/topics/$t")) }
sub list_ids { my ($c, $qs) = @_; return [ topic_ids($c->get("/forum$qs")) ] }

my $asker = KC::Account->registered(name('Vrager'));
my $bob   = KC::Account->registered(name('Beantwoorder'));
my $carl  = KC::Account->registered(name('Collega'));
my $cat = forum_category($asker);

# ---- asking (8) -------------------------------------------------------------------
my $qword = word('breuk');
my $tword = word('titel');
my $title = "Hoe leer ik breuken aan $tword";
my $body = text_of_length(499, "Ik zoek een goede aanpak voor breuken in het vijfde leerjaar $qword");
t_is($asker->get('/forum/new')->code, 200, 'GET /forum/new: 200');
my ($res, $T) = ask($asker, category => $cat, title => $title, body => $body);
t_is($res->code, 303, 'POST /forum/new (a 499-character question): 303');
my $row = topic_row($T);
ok $T && $row->{member_id} == $asker->{id} && $row->{body} eq $body && !defined $row->{deleted_at},
   'DB: the topic, by the asker, with the body';
my @l = ledger_of('forum_post:topic:' . ($T // 0));
ok @l == 1 && $l[0]{member_id} == $asker->{id} && $l[0]{event} eq 'forum_post' && $l[0]{amount} == $Q_LOW,
   "ledger: forum_post:topic:ID, +$Q_LOW" or diag(explain \@l);
my ($res2, $T2) = ask($asker, category => $cat, title => 'Wie heeft tips voor ' . rand_word(9),
                      body => text_of_length(500, 'Een lange vraag over rekenen'));
ok $res2->code == 303 && $T2 && paid("forum_post:topic:$T2") == $Q_HIGH, "a question of 500 characters: +$Q_HIGH"
    or diag(status_of($res2));
my $list = list_ids($carl, '');
ok pos_of($list, $T) >= 0 && pos_of($list, $T2) >= 0, 'GET /forum lists both (<article class="topic" data-topic>)'
    or diag("topics @$list");
$list = list_ids($carl, "?q=$qword");
ok pos_of($list, $T) >= 0 && pos_of($list, $T2) < 0, '?q= a word of the body finds that topic only'
    or diag("topics @$list");
$list = list_ids($carl, "?q=$tword");
ok pos_of($list, $T) >= 0, '?q= a word of the title finds it' or diag("topics @$list");

# ---- answering (9) ----------------------------------------------------------------
my $bbal = balance($bob->{id});
my $a1 = text_of_length(299, 'Begin met pizzapunten');
my ($ra1, $P1) = answer($bob, $T, $a1);
t_is($ra1->code, 303, 'another member answers (299 characters): 303');
ok $P1 && post_row($P1)->{topic_id} == $T && post_row($P1)->{member_id} == $bob->{id}, 'DB: the answer';
@l = ledger_of('forum_reaction:' . ($P1 // 0));
ok @l == 1 && $l[0]{member_id} == $bob->{id} && $l[0]{event} eq 'forum_reaction' && $l[0]{amount} == $A_LOW,
   "ledger: forum_reaction:POST, +$A_LOW" or diag(explain \@l);
ok notification_count($asker->{id}, 'answer') >= 1, "DB: a notification of kind 'answer' for the asker";
like $asker->get('/me/notifications')->content, qr/\bnotification-answer\b/, '... shown on /me/notifications';
my $a2 = text_of_length(300, 'Gebruik ook breukstokken');
my ($ra2, $P2) = answer($bob, $T, $a2);
ok $ra2->code == 303 && $P2 && paid("forum_reaction:$P2") == $A_HIGH, "an answer of 300 characters: +$A_HIGH"
    or diag(status_of($ra2));
is balance($bob->{id}), $bbal + $A_LOW + $A_HIGH, '... balance';
my ($ra3, $P3) = answer($asker, $T, unique_body('Bedankt allemaal voor de tips'));
ok $ra3->code == 303 && $P3 && !grep({ $_->{amount} > 0 } ledger_of("forum_reaction:$P3")),
   'the asker answers the own topic: 303, no points' or diag(status_of($ra3));
my $tt = topic_text($carl, $T);
my ($i_q, $i1, $i2) = map { index($tt, $_) } $body, $a1, $a2;
ok $i_q >= 0 && $i1 >= 0 && $i2 > $i1, 'the topic page: the question, then the answers oldest first'
    or diag("positions $i_q $i1 $i2");

# ---- thumbs up (8) ----------------------------------------------------------------
$res = thumb($asker, $P1);
ok $res->code == 303 && thumb_count($P1, $asker->{id}) == 1, 'a thumb up for an answer: 303, saved'
    or diag(status_of($res));
thumb($asker, $P1);
is thumb_count($P1), 1, 'a second thumb from the same member: still one';
$res = refused(sub { thumb($bob, $P1) });
ok $res->code == 403 && !thumb_count($P1, $bob->{id}), 'a thumb for one\'s own answer: 403, not saved'
    or diag(status_of($res));
my @fans = map { KC::Account->registered } 1 .. 10;
my @codes = map { thumb($_, $P1)->code } @fans[0 .. 7];
ok !grep({ $_ != 303 } @codes) && !ledger_of("thumbs:$P1:1"), '9 thumbs from distinct members: no award yet'
    or diag("codes @codes");
my $b_before = balance($bob->{id});
thumb($fans[8], $P1);
my @t1 = ledger_of("thumbs:$P1:1");
ok @t1 == 1 && $t1[0]{member_id} == $bob->{id} && $t1[0]{event} eq 'thumbs_up' && $t1[0]{amount} == $THUMBS,
   "the 10th: thumbs:POST:1, +$THUMBS for the answer's author" or diag(explain \@t1);
is balance($bob->{id}), $b_before + $THUMBS, "... balance + $THUMBS";
thumb($fans[9], $P1);
ok !ledger_of("thumbs:$P1:2") && balance($bob->{id}) == $b_before + $THUMBS, 'the 11th: nothing more';
is thumb_count($P1), 11, 'DB: 11 thumbs on the answer';

# ---- accepting an answer (5) ---------------------------------------------------------
$res = refused(sub { accept_answer($carl, $T, $P2) });
ok $res->code == 403 && !defined topic_row($T)->{accepted_post_id}, 'another member accepts an answer: 403'
    or diag(status_of($res));
$res = refused(sub { accept_answer($bob, $T, $P2) });
ok $res->code == 403 && !defined topic_row($T)->{accepted_post_id}, "... the answer's own author neither: 403"
    or diag(status_of($res));
$res = accept_answer($asker, $T, $P2);
t_is($res->code, 303, 'the asker accepts the second answer: 303');
is topic_row($T)->{accepted_post_id}, $P2, 'DB: forum_topics.accepted_post_id';
$tt = topic_text($carl, $T);
ok index($tt, $a2) >= 0 && index($tt, $a2) < index($tt, $a1), 'the topic page: the accepted answer first';

# ---- views (3) -------------------------------------------------------------------
my ($rt3, $T3) = ask($carl, category => $cat, title => 'Nog zonder antwoord ' . rand_word(9),
                     body => text_of_length(60, 'Weet iemand hoe dit moet'));
my $un = list_ids($carl, '?view=unanswered');
ok $T3 && pos_of($un, $T3) >= 0 && pos_of($un, $T) < 0,
   'view=unanswered: the topic without answers, not the one with answers' or diag("topics @$un");
my $new = list_ids($carl, '?view=newest');
ok pos_of($new, $T3) >= 0 && pos_of($new, $T3) < pos_of($new, $T2) && pos_of($new, $T2) < pos_of($new, $T),
   'view=newest: newest first' or diag("topics @$new");
my $help = list_ids($carl, '?view=helpful');
ok pos_of($help, $T) >= 0 && ($T3 ? pos_of($help, $T) < pos_of($help, $T3) : 0)
   && pos_of($help, $T) < pos_of($help, $T2),
   'view=helpful: the topic with the thumbed answers first' or diag("topics @$help");

# ---- deleting one's own answer (5) -------------------------------------------------
my $dora = KC::Account->registered(name('Docent'));
my $a4 = unique_body('Een korte tip van mij');
my ($ra4, $P4) = answer($dora, $T, $a4);
my $dbal = balance($dora->{id});
$res = refused(sub { post_as($bob, "/forum/posts/" . ($P4 // 0) . "/delete", []) });
ok(($res->code == 403 || $res->code == 404) && $P4 && !defined post_row($P4)->{deleted_at},
   'another member deletes the answer: refused (403 or 404)')
    or diag(status_of($res));
$res = post_as($dora, "/forum/posts/" . ($P4 // 0) . "/delete", []);
t_is($res->code, 303, 'its author deletes it: 303');
ok defined post_row($P4)->{deleted_at}, 'DB: deleted_at set';
ok paid('reverse:forum_reaction:' . ($P4 // 0)) == -$A_LOW && balance($dora->{id}) == $dbal - $A_LOW,
   "ledger: reverse:forum_reaction:POST, -$A_LOW; balance back";
ok index(topic_text($carl, $T), $a4) < 0, 'the topic page no longer shows it';

# ---- moderators (10) ---------------------------------------------------------------
my $mod = make_role_member('moderator');
my $a2_new = text_of_length(310, 'Verbeterd antwoord');
$res = post_as($mod, "/moderation/forum/posts/$P2/edit", [ body => $a2_new, reason => 'Taalfouten verbeterd' ]);
ok $res->code == 303 && post_row($P2)->{body} eq $a2_new, 'a moderator edits an answer: 303, the new body'
    or diag(status_of($res));
ok scalar(audit_rows(action => 'edit_post', target_id => $P2, actor_id => $mod->{id})),
   'audit_log: edit_post by the moderator';
$res = refused(sub { post_as($carl, "/moderation/forum/posts/$P1/remove", [ reason => 'Ik wil het weg' ]) });
ok $res->code == 403 && !defined post_row($P1)->{deleted_at}, 'a member POST /moderation/forum/posts/ID/remove: 403'
    or diag(status_of($res));
my $reason = 'Reclame ' . rand_word(6);
$res = post_as($mod, "/moderation/forum/posts/$P1/remove", [ reason => $reason ]);
t_is($res->code, 303, 'a moderator removes an answer: 303');
ok defined post_row($P1)->{deleted_at}, 'DB: hidden (deleted_at set)';
my @aud = grep { ($_->{reason} // '') eq $reason }
          audit_rows(action => 'remove_post', target_id => $P1, actor_id => $mod->{id});
is scalar @aud, 1, 'audit_log: one remove_post row with the reason';
is paid("reverse:forum_reaction:$P1"), -$A_LOW, "ledger: reverse:forum_reaction:POST, -$A_LOW";
ok index(topic_text($carl, $T), $a1) < 0, 'the topic page no longer shows it';
$res = post_as($mod, "/moderation/forum/topics/$T2/remove", [ reason => 'Dubbel onderwerp' ]);
ok $res->code == 303 && defined topic_row($T2)->{deleted_at}
   && audit_rows(action => 'remove_topic', target_id => $T2, actor_id => $mod->{id})
   && paid("reverse:forum_post:topic:$T2") == -$Q_HIGH,
   "a moderator removes a topic: 303, hidden, audit remove_topic, -$Q_HIGH taken back" or diag(status_of($res));
ok pos_of(list_ids($carl, ''), $T2) < 0, '... no longer in the list';

# ---- deleting one's own topic (3) --------------------------------------------------
my ($rt4, $T4) = ask($carl, category => $cat, title => 'Even iets vragen ' . rand_word(9),
                     body => text_of_length(40, 'Een korte vraag'));
$res = refused(sub { post_as($asker, "/forum/topics/" . ($T4 // 0) . "/delete", []) });
ok(($res->code == 403 || $res->code == 404) && $T4 && !defined topic_row($T4)->{deleted_at},
   'another member deletes the topic: refused (403 or 404)')
    or diag(status_of($res));
$res = post_as($carl, "/forum/topics/" . ($T4 // 0) . "/delete", []);
ok $res->code == 303 && defined topic_row($T4)->{deleted_at}, 'the asker deletes it: 303, deleted_at set'
    or diag(status_of($res));
is paid('reverse:forum_post:topic:' . ($T4 // 0)), -$Q_LOW, "ledger: reverse:forum_post:topic:ID, -$Q_LOW";

# ---- duplicates, validation, visitors (8) -------------------------------------------
sub topics_of {
    return scalar db()->selectrow_array('SELECT count(*) FROM ' . $KC::Community::TABLE{topics}
                                        . ' WHERE member_id = ?', undef, $_[0]);
}
my $n_topics = topics_of($asker->{id});
(my $body_dup = uc $body) =~ s/ /, /;
($res) = refused(sub { ask($asker, category => $cat, title => uc($title) . '?', body => "$body_dup!!") });
t_is($res->code, 409, 'the same question in capitals with punctuation: 409');
ok has_error_field($res->content, 'body') && topics_of($asker->{id}) == $n_topics,
   '... data-field="body", nothing saved';
($res) = refused(sub { ask($asker, category => $cat, title => 'Kort', body => text_of_length(40, 'Een vraag')) });
ok $res->code == 400 && has_error_field($res->content, 'title'), 'a title of 4 characters: 400 data-field="title"'
    or diag(status_of($res));
($res) = refused(sub { ask($asker, category => $cat, title => 'Een titel ' . rand_word(6), body => text_of_length(19, 'Te kort')) });
ok $res->code == 400 && has_error_field($res->content, 'body') && topics_of($asker->{id}) == $n_topics,
   'a body of 19 characters: 400 data-field="body", nothing saved' or diag(status_of($res));
my $x = unique_body('Dat heb ik ook eens geprobeerd');
my ($rx) = answer($carl, $T, $x);
(my $x_dup = uc $x) =~ s/\.$/!!!/;
my ($ry, $Py) = refused(sub { answer($carl, $T3, $x_dup) });
ok $rx->code == 303 && $ry->code == 409 && has_error_field($ry->content, 'body') && !$Py,
   'the same answer again (other case and punctuation, other topic): 409 data-field="body"'
   or diag(status_of($rx), '; ', status_of($ry));
my $v = KC::Account->new;
my $tok = $v->csrf_token('/login');
my $vtitle = 'Vraag van een bezoeker ' . rand_word(9);
$res = post_as($v, '/forum/new', [ category => $cat, title => $vtitle, body => text_of_length(40, 'Mag ik iets vragen') ],
               csrf => $tok // '');
ok $res->code == 303 && ($res->header('Location') // '') =~ m{^(?:https?://[^/]+)?/login(?:\?|$)},
   'a visitor POST /forum/new: 303 to /login' or diag(status_of($res));
ok !db()->selectrow_array('SELECT count(*) FROM ' . $KC::Community::TABLE{topics} . ' WHERE title = ?',
                          undef, $vtitle), '... nothing saved';
$res = $v->get('/forum/new');
ok $res->code == 303 && ($res->header('Location') // '') =~ m{^(?:https?://[^/]+)?/login\?next=},
   'a visitor GET /forum/new: 303 to /login?next=...' or diag(status_of($res));
