# Visitors can post nothing (spec/community.md, conventions): every POST
# route of the community contract answers a visitor with 303 to /login,
# and nothing is written: the community tables, the ledger, the
# notifications, the audit log, records and members are exactly as they
# were, and no mail goes out. The member pages of the contract send a
# visitor to /login?next=... too.
#
# Resolutions of the spec used here:
# - The visitor sends the double-submit csrf token of the login page
#   (cookie kc_csrf + the same value in the field), so a refusal cannot be
#   put down to a missing token: the answer must still be 303 to /login.
# - The ids in the paths are real (a reaction, a topic and an answer made
#   by members first); should making them fail, an unknown id is used,
#   which must be answered the same way.
# - "Nothing written" = the fingerprint (row count + md5 of all rows) of
#   each table below is unchanged after each request.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(make_record expect_errors);
use KC::Account qw(forget_login_failures);
use KC::Contribute qw(unique_title rand_word);
use KC::Community qw(text_of_length unique_body reader react forum_category ask answer
                     post_as mail_log db_fingerprint fingerprint_diff);

my @GETS = qw(/me/favourites /me/feed /me/messages /me/organisation /forum/new);

plan tests => 20 + 1 + @GETS, need_lwp;

forget_login_failures();

# ---- what there is to post to ---------------------------------------------------------
my $author = KC::Account->registered;
my $rid = make_record(author_id => $author->{id}, title => unique_title('Voor bezoekers'));
my $m = reader($rid);
my (undef, $xid) = react($m, $rid, unique_body('Een reactie van een lid'));
my $cat = forum_category($m);
my (undef, $tid) = ask($m, category => $cat, title => 'Een onderwerp ' . rand_word(9),
                       body => text_of_length(60, 'Een vraag van een lid'));
my $other = KC::Account->registered;
my (undef, $pid) = answer($other, $tid // 0, unique_body('Een antwoord van een lid'));
$_ //= 999999999 for $xid, $tid, $pid;
my $target = $author->{id};

my @routes = (
    [ "/records/$rid/reactions",  [ body => unique_body('Bezoeker reageert') ] ],
    [ "/reactions/$xid/edit",     [ body => unique_body('Bezoeker past aan') ] ],
    [ "/reactions/$xid/delete",   [] ],
    [ "/records/$rid/rating",     [ stars => 5, explanation => text_of_length(30, 'Bezoeker scoort') ] ],
    [ "/records/$rid/favourite",  [ action => 'add' ] ],
    [ "/records/$rid/recommend",  [ email => 'bezoeker.' . rand_word(8) . '@example.test', message => 'Kijk' ] ],
    [ '/forum/new',               [ category => $cat, title => 'Bezoeker vraagt ' . rand_word(9),
                                    body => text_of_length(60, 'Een vraag van een bezoeker') ] ],
    [ "/forum/topics/$tid/answers", [ body => unique_body('Bezoeker antwoordt') ] ],
    [ "/forum/posts/$pid/thumb",  [] ],
    [ "/forum/topics/$tid/accept", [ post_id => $pid ] ],
    [ "/forum/posts/$pid/delete", [] ],
    [ "/forum/topics/$tid/delete", [] ],
    [ "/moderation/forum/posts/$pid/edit",   [ body => unique_body('Bezoeker bewerkt'), reason => 'Zomaar' ] ],
    [ "/moderation/forum/posts/$pid/remove", [ reason => 'Zomaar' ] ],
    [ "/moderation/forum/topics/$tid/remove", [ reason => 'Zomaar' ] ],
    [ "/moderation/reactions/$xid/remove",   [ reason => 'Zomaar' ] ],
    [ "/members/$target/follow",  [ action => 'follow' ] ],
    [ "/members/$target/block",   [ action => 'block' ] ],
    [ "/me/messages/$target",     [ body => unique_body('Bezoeker schrijft') ] ],
    [ '/me/organisation',         [ kind => 'training', name => 'Bezoeker ' . rand_word(8),
                                    description => 'Niets', contact => 'x@example.test',
                                    website => 'https://example.test/', province => 'antwerpen',
                                    themes => 'niets' ] ],
);
die 'route list and plan disagree' unless @routes == 20;

my @TABLES = (qw(reactions ratings favourites outbox categories topics posts thumbs follows blocks
                 messages organisations),
              qw(notifications points_ledger audit_log records members unlocks reports));

# ---- every POST route: 303 to /login, nothing written (20 + 1) ----------------------------
my $v = KC::Account->new;
my $tok = $v->csrf_token('/login') // '';
my $mail_before = length mail_log();
my @results = expect_errors(sub {
    my @r;
    for my $route (@routes) {
        my ($path, $fields) = @$route;
        my $before = db_fingerprint(@TABLES);
        my $res = post_as($v, $path, $fields, csrf => $tok);
        my @changed = fingerprint_diff($before, db_fingerprint(@TABLES));
        push @r, [ $path, $res->code, $res->header('Location') // '', \@changed ];
    }
    return @r;
});
for my $r (@results) {
    my ($path, $code, $loc, $changed) = @$r;
    ok $code == 303 && $loc =~ m{^(?:https?://[^/]+)?/login(?:\?|$)} && !@$changed,
       "a visitor POST $path: 303 to /login, nothing written"
       or diag("status $code, location '$loc', changed: @$changed");
}
select undef, undef, undef, 0.5;
is length(mail_log()), $mail_before, 'no mail went out';

# ---- the member pages (5) ---------------------------------------------------------
for my $path (@GETS) {
    my $res = $v->get($path);
    my $loc = $res->header('Location') // '';
    ok $res->code == 303 && $loc =~ m{^(?:https?://[^/]+)?/login\?next=},
       "a visitor GET $path: 303 to /login?next=..." or diag('status ' . $res->code . " location '$loc'");
}
