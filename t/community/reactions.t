# Reactions on records (spec/community.md "On records" and "Anti-spam and
# flood"): who may react (readers, the author, staff), the points (10, or
# 20 from 200 characters; none on one's own record; the daily cap of
# point_rules), the author's notification, editing within 15 minutes,
# deleting (hidden, points taken back), duplicate text, the hourly rate
# limit and the link limit for new members.
#
# Resolutions of the spec used here:
# - "Has read the record" = GET /records/ID once as that member (the first
#   read pays the detail cost and writes the unlock row).
# - A reaction's id is found in the DB (reactions.id of the member's row
#   with that body); the ledger key is 'reaction:<id>'.
# - Reacting on one's own record: saved, and no positive ledger row under
#   its key (either no row or an amount of 0).
# - Editing someone else's reaction: 403 (the contract's "else 403");
#   deleting someone else's reaction: 403 or 404 (the contract names no
#   status there); deleting twice takes nothing back twice.
# - The notification of a reaction is a notifications row of kind
#   'reaction' for the record's author; /me/notifications shows it as
#   <li class="notification notification-reaction"> with the record's title.
# - The hourly limit (10) counts the member's reactions of the last hour in
#   PostgreSQL (reactions.created_at): moving them back 2 hours lets the
#   test post on. The daily cap is read from point_rules; capped awards are
#   ledger rows of 0 with the note 'daily cap reached' (kc_points_award).
# - The link limit counts http://, https:// and www. occurrences; "less
#   than 7 days" is members.created_at > now() - 7 days.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record);
use KC::Account qw(forget_login_failures has_error_field make_role_member);
use KC::Contribute qw(unique_title rand_word ledger_by_key balance text_of audit_rows);
use KC::Community qw(rule text_of_length unique_body reader post_as refused
                     react reaction_row reaction_ids_of notification_count paid ledger_of
                     age_rows set_member_age wait_day_margin);

plan tests => 54, need_lwp;

forget_login_failures();

my $R = rule('reaction');
my ($LOW, $HIGH, $CAP) = ($R->{points}, $R->{points_max} // $R->{points}, $R->{daily_cap});
my $HOURLY = 10;    # community.md: reactions 10 per hour

my $author = KC::Account->registered(first_name => 'Auteur', surname => ucfirst rand_word(8));
my %title;
sub rec {
    my $t = unique_title('Les');
    my $id = make_record(author_id => $author->{id}, title => $t,
                         author_name => "Auteur $author->{surname}");
    $title{$id} = $t;
    return $id;
}
sub status_of { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }

my @r = map { rec() } 1 .. 4;
my $reader = reader([ @r[0 .. 2] ], first_name => 'Lezer', surname => ucfirst rand_word(8));

# ---- a reaction: 303, saved, paid, the author notified (8) -------------------------
my $bal0 = balance($reader->{id});
my $body1 = text_of_length(150, 'Een heldere les');
my ($res, $x1) = react($reader, $r[0], $body1);
t_is($res->code, 303, 'a member who read the record reacts: 303');
like $res->header('Location') // '', qr{^(?:https?://[^/]+)?/records/$r[0]\?done=reacted#reactions$},
     '... back to /records/ID?done=reacted#reactions';
my $row = reaction_row($x1);
ok $x1 && $row->{member_id} == $reader->{id} && $row->{record_id} == $r[0] && !defined $row->{deleted_at},
   'DB: the reaction (member, record, not deleted)';
my @l = ledger_by_key('reaction:' . ($x1 // 0));
ok @l == 1 && $l[0]{member_id} == $reader->{id} && $l[0]{event} eq 'reaction' && $l[0]{amount} == $LOW,
   "ledger: one row under reaction:ID, event reaction, +$LOW" or diag(explain \@l);
is balance($reader->{id}), $bal0 + $LOW, "... balance + $LOW";
ok notification_count($author->{id}, 'reaction') >= 1,
   "DB: a notification of kind 'reaction' for the record's author";
my $nt = $author->get('/me/notifications');
ok $nt->code == 200 && $nt->content =~ /\bnotification-reaction\b/ && index(text_of($nt), $title{$r[0]}) >= 0,
   '/me/notifications of the author shows it (notification-reaction, with the record title)'
   or diag('status ' . $nt->code);
my $page = text_of($author->get("/records/$r[0]"));
ok index($page, $body1) >= 0 && index($page, $reader->{surname}) >= 0,
   'the detail page shows the reaction and the name of its author';

# ---- 10 or 20 points, at the 200-character boundary (4) ---------------------------
my $body199 = text_of_length(199, 'Bijna lang');
my $body200 = text_of_length(200, 'Lang genoeg');
my ($res199, $x199) = react($reader, $r[1], $body199);
my ($res200, $x200) = react($reader, $r[2], $body200);
ok $res199->code == 303 && $res200->code == 303 && $x199 && $x200,
   'reactions of 199 and of 200 characters: 303, saved' or diag(status_of($res199), '; ', status_of($res200));
is paid('reaction:' . ($x199 // 0)), $LOW, "199 characters: +$LOW";
is paid('reaction:' . ($x200 // 0)), $HIGH, "200 characters: +$HIGH";
is balance($reader->{id}), $bal0 + 2 * $LOW + $HIGH, '... the balance says the same';

# ---- on one's own record: allowed, no points (3) ----------------------------------
my $bal_a = balance($author->{id});
my ($reso, $xo) = react($author, $r[0], unique_body('Aanvulling van de auteur'));
t_is($reso->code, 303, 'the author reacts on the own record (never read): 303');
ok $xo, '... DB: the reaction is saved';
ok !grep({ $_->{amount} > 0 } ledger_by_key('reaction:' . ($xo // 0))) && balance($author->{id}) == $bal_a,
   '... and pays nothing';

# ---- not read: 403; staff may react (4) -------------------------------------------
my $stranger = KC::Account->registered;
my ($rs, $xs) = refused(sub { react($stranger, $r[3], unique_body('Zonder te lezen')) });
t_is($rs->code, 403, 'a member who has not read the record reacts: 403');
ok !defined $xs && !reaction_ids_of($stranger->{id}), '... nothing saved';
is balance($stranger->{id}), 1000, '... nothing paid or spent (the record was not read on the way)';
my $mod = make_role_member('moderator');
my ($rm, $xm) = react($mod, $r[3], unique_body('Opmerking van de moderator'));
ok $rm->code == 303 && $xm, 'a moderator reacts without reading first: 303, saved' or diag(status_of($rm));

# ---- editing within 15 minutes (6) -------------------------------------------------
my $new1 = text_of_length(120, 'Aangepaste reactie');
$res = post_as($reader, "/reactions/$x1/edit", [ body => $new1 ]);
t_is($res->code, 303, 'the author of a reaction edits it at once: 303');
is reaction_row($x1)->{body}, $new1, '... DB: the new text';
is paid("reaction:$x1"), $LOW, '... the points stay as they were';
$res = refused(sub { post_as($stranger, "/reactions/$x1/edit", [ body => unique_body('Overschreven') ]) });
ok $res->code == 403 && reaction_row($x1)->{body} eq $new1, 'another member edits it: 403, text unchanged'
   or diag(status_of($res));
age_rows('reactions', $reader->{id}, '16 minutes', $x1);
$res = refused(sub { post_as($reader, "/reactions/$x1/edit", [ body => unique_body('Te laat aangepast') ]) });
t_is($res->code, 403, '16 minutes after posting, editing: 403');
is reaction_row($x1)->{body}, $new1, '... DB: text unchanged';

# ---- deleting: hidden, points taken back once (7) ----------------------------------
my $bal_d = balance($reader->{id});
$res = refused(sub { post_as($stranger, "/reactions/$x200/delete", []) });
ok(($res->code == 403 || $res->code == 404) && !defined reaction_row($x200)->{deleted_at},
   'another member deletes it: refused (403 or 404), not deleted')
   or diag(status_of($res));
$res = post_as($reader, "/reactions/$x200/delete", []);
t_is($res->code, 303, 'the author deletes the 200-character reaction: 303');
ok defined reaction_row($x200)->{deleted_at}, '... DB: deleted_at set, the row kept';
my @rev = ledger_by_key("reverse:reaction:$x200");
ok @rev == 1 && $rev[0]{member_id} == $reader->{id} && $rev[0]{amount} == -$HIGH,
   "... ledger: reverse:reaction:ID, -$HIGH" or diag(explain \@rev);
is balance($reader->{id}), $bal_d - $HIGH, '... balance back';
ok index(text_of($author->get("/records/$r[2]")), $body200) < 0, '... the detail page no longer shows it';
refused(sub { post_as($reader, "/reactions/$x200/delete", []) });
ok ledger_by_key("reverse:reaction:$x200") == 1 && balance($reader->{id}) == $bal_d - $HIGH,
   'deleting it again takes nothing more';

# ---- a moderator removes a reaction (2) --------------------------------------------
{
    my $bal_m = balance($reader->{id});
    my $why = 'Geen inhoudelijke reactie ' . rand_word(6);
    my $res = post_as($mod, "/moderation/reactions/$x199/remove", [ reason => $why ]);
    ok $res->code == 303 && defined reaction_row($x199)->{deleted_at}
       && grep({ ($_->{reason} // '') eq $why }
               audit_rows(action => 'remove_reaction', target_id => $x199, actor_id => $mod->{id})),
       'a moderator removes a reaction: 303, hidden, audit_log remove_reaction with the reason'
       or diag(status_of($res));
    ok paid("reverse:reaction:$x199") == -$LOW && balance($reader->{id}) == $bal_m - $LOW,
       "... its points taken back (reverse:reaction:ID, -$LOW)";
}

# ---- duplicate text (5) ------------------------------------------------------------
{
    my $w = rand_word(8);
    my $dup_a = "Zooo mooi: een les over breuken, echt waar! ($w)";
    my $dup_b = 'ZOOOOO MOOI een les over... breuken echt waar ' . uc($w);
    my ($ra) = react($reader, $r[0], $dup_a);
    t_is($ra->code, 303, 'a reaction: 303');
    my ($rb, $xb) = refused(sub { react($reader, $r[1], $dup_b) });
    t_is($rb->code, 409, 'the same text in other case, punctuation and letter runs, on another record: 409');
    ok has_error_field($rb->content, 'body'), '... with data-field="body"';
    ok !defined $xb, '... nothing saved';
    my $other = reader($r[0]);
    my ($rc) = react($other, $r[0], $dup_a);
    t_is($rc->code, 303, 'another member posting that same text: 303 (duplicates are per member)');
}

# ---- links from new members (6) ----------------------------------------------------
{
    my $two = sub { 'Zie https://example.test/' . rand_word(6) . ' en www.' . rand_word(6) . '.test voor meer.' };
    my $newbie = reader($r[0]);
    my ($r1, $y1) = refused(sub { react($newbie, $r[0], $two->()) });
    t_is($r1->code, 400, 'a member registered today: a reaction with 2 links: 400');
    ok has_error_field($r1->content, 'body'), '... with data-field="body"';
    ok !defined $y1 && !reaction_ids_of($newbie->{id}), '... nothing saved';
    my ($r2, $y2) = react($newbie, $r[0], 'Eén link: https://example.test/' . rand_word(8) . ' is genoeg.');
    ok $r2->code == 303 && $y2, '... with 1 link: 303, saved' or diag(status_of($r2));
    set_member_age($newbie->{id}, 6);
    my ($r3) = refused(sub { react($newbie, $r[0], $two->()) });
    t_is($r3->code, 400, 'registered 6 days ago: 2 links still 400');
    set_member_age($newbie->{id}, 8);
    my ($r4, $y4) = react($newbie, $r[0], $two->());
    ok $r4->code == 303 && $y4, 'registered 8 days ago: 2 links allowed (303, saved)' or diag(status_of($r4));
}

# ---- csrf and validation (3) -------------------------------------------------------
{
    my ($r1, $y1) = refused(sub { react($reader, $r[1], unique_body('Zonder token'), csrf => 0) });
    ok $r1->code == 403 && !defined $y1, 'no csrf field: 403, nothing saved' or diag(status_of($r1));
    my $n = reaction_ids_of($reader->{id});
    my ($r2) = refused(sub { react($reader, $r[1], '') });
    ok $r2->code == 400 && has_error_field($r2->content, 'body'), 'an empty body: 400 data-field="body"'
        or diag(status_of($r2));
    my ($r3) = refused(sub { react($reader, $r[1], text_of_length(5001, 'Te lang')) });
    ok $r3->code == 400 && has_error_field($r3->content, 'body') && reaction_ids_of($reader->{id}) == $n,
       '5001 characters: 400 data-field="body", nothing saved' or diag(status_of($r3));
}

# ---- the hourly rate limit and the daily cap (6) -----------------------------------
{
    wait_day_margin(300);
    my $n_posts = $CAP + 2 > $HOURLY ? $CAP + 2 : $HOURLY;
    my @fr = map { rec() } 1 .. $n_posts + 1;
    my $flood = reader([@fr]);
    my $fbal = balance($flood->{id});
    my (@codes, @ids, $rate_res, $rate_saved);
    my $rate_check = sub {
        my $before = reaction_ids_of($flood->{id});
        ($rate_res) = refused(sub { react($flood, $fr[-1], unique_body('Een reactie te veel')) });
        $rate_saved = reaction_ids_of($flood->{id}) - $before;
    };
    my $in_hour = 0;
    for my $i (0 .. $n_posts - 1) {
        if ($in_hour == $HOURLY) {
            $rate_check->() unless defined $rate_res;
            age_rows('reactions', $flood->{id}, '2 hours');
            $in_hour = 0;
        }
        my ($res, $id) = react($flood, $fr[$i], text_of_length(80, 'Reactie nummer'));
        push @codes, $res->code;
        push @ids, $id // 0;
        $in_hour++;
    }
    $rate_check->() unless defined $rate_res;
    ok !grep({ $_ != 303 } @codes) && !grep({ !$_ } @ids),
       "$n_posts reactions, at most $HOURLY an hour (older ones moved back 2 hours): all 303, saved"
       or diag("codes @codes");
    t_is($rate_res->code, 429, "reaction number " . ($HOURLY + 1) . " within the hour: 429");
    is $rate_saved, 0, '... nothing saved';
    my @first = @ids[0 .. $CAP - 1];
    my @rest = @ids[$CAP .. $#ids];
    ok !grep({ paid("reaction:$_") != $LOW } @first), "the first $CAP (the daily cap) paid +$LOW each"
        or diag(join ' ', map { paid("reaction:$_") } @first);
    my @capped = map { ledger_of("reaction:$_") } @rest;
    ok @capped == @rest && !grep({ $_->{amount} != 0 || ($_->{note} // '') !~ /daily cap/ } @capped),
       'the ones after the cap: a ledger row of 0 with the note "daily cap reached"'
       or diag(explain \@capped);
    is balance($flood->{id}), $fbal + $CAP * $LOW, "balance: + $CAP x $LOW and no more";
}
