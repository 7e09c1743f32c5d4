# Reading costs points only by a deliberate POST (issue 17). GET /records/ID
# never spends: a member who has not read the record sees what it is (title,
# kind, excerpt, author, licence, subjects, levels) and a "Lees voor 10
# punten" button, a form POSTing to /records/ID/unlock with the CSRF token;
# the POST pays once and redirects back. Another site can make the member's
# browser GET anything and POST without the token: neither spends. The JSON
# variant answers unlock_required with the URL to POST. Re-reading, own
# records and staff stay free, without a button.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record uniq);
use KC::Account qw(make_role_member csrf_in);
use KC::Search qw(set_balance balance_of unlock_count visible_text decode_json_res);

plan tests => 34, need_lwp;

sub has_unlock_form {
    my ($res, $rid) = @_;
    my $c = $res->decoded_content // '';
    return $c =~ m{<form[^>]*method="post"[^>]*action="/records/$rid/unlock"} ? 1 : 0;
}

my $tail = uniq('Slotzin van de volledige beschrijving');
my $desc = join(' ', ('Een les over breuken en verhoudingen in het dagelijks leven.') x 10) . " $tail";
my $title = uniq('Breuken in de keuken');
my $rid = make_record(title => $title, description => $desc);
my $m = KC::Account->registered;
my $mid = $m->{id};

# ---- GET shows what it is and the button, and spends nothing (7) ------------
my $res = $m->get("/records/$rid");
t_is($res->code, 200, 'a first GET of a record: 200');
my $text = visible_text($res);
ok index($text, $title) >= 0 && index($text, 'Een les over breuken') >= 0 && index($text, 'Test Leraar') >= 0,
   '... shows the title, the excerpt and the author';
ok index($text, $tail) < 0, '... but not the full description';
ok has_unlock_form($res, $rid), '... and a POST form to /records/ID/unlock';
ok index($text, 'Lees voor 10 punten') >= 0, '... with the button "Lees voor 10 punten"';
ok defined csrf_in($res->decoded_content), '... carrying the CSRF token';
is balance_of($mid) . '/' . unlock_count($mid), '1000/0', 'DB: nothing spent, nothing unlocked';

# ---- another site walks the browser: GET, POST without the token (6) --------
$res = $m->get("/records/$rid?done=unlocked");
ok has_unlock_form($res, $rid) && index(visible_text($res), $tail) < 0,
   'a GET with ?done=unlocked shows the button, not the record';
t_is($m->unlock($rid, csrf => 0)->code, 403, 'POST /records/ID/unlock without a CSRF token: 403');
my $other = KC::Account->registered;
my $foreign = $other->csrf_token('/');
t_is($m->unlock($rid, csrf => $foreign)->code, 403, "... with another member's token: 403");
t_is($m->{ua}->get($m->url("/records/$rid/unlock"))->code, 405, 'GET /records/ID/unlock: 405');
is balance_of($mid) . '/' . unlock_count($mid), '1000/0', 'DB: still nothing spent';
$res = KC::Account->new->post_form("/records/$rid/unlock", {}, csrf => 'x');
ok $res->code == 303 && ($res->header('Location') // '') =~ m{^/login\?next=},
   'a visitor posting the unlock is sent to the login page';

# ---- the button pays once and comes back (8) --------------------------------
my $post = $m->unlock($rid, csrf => csrf_in($m->get("/records/$rid")->decoded_content));
t_is($post->code, 303, 'pressing the button: 303');
t_is($post->header('Location') // '', "/records/$rid?done=unlocked", '... back to the record');
is balance_of($mid) . '/' . unlock_count($mid), '990/1', 'DB: 10 points spent, one unlock';
$res = $m->get($post->header('Location'));
$text = visible_text($res);
ok $res->code == 200 && index($text, $tail) >= 0, '... the record with its full description';
ok index($text, 'Je las dit leermiddel voor 10 punten') >= 0, '... saying what it cost';
ok !has_unlock_form($res, $rid), '... and no button';
$post = $m->unlock($rid);
ok $post->code == 303 && ($post->header('Location') // '') eq "/records/$rid",
   'pressing it again: 303 to the record';
is balance_of($mid) . '/' . unlock_count($mid), '990/1', 'DB: re-reading is free';

# ---- free reads show no button (3) ------------------------------------------
my $own = make_record(author_id => $mid, title => uniq('Mijn eigen les'));
ok !has_unlock_form($m->get("/records/$own"), $own) && balance_of($mid) == 990,
   "one's own record: no button, free";
my $mod = make_role_member('moderator');
$res = $mod->get("/records/$rid");
ok $res->code == 200 && !has_unlock_form($res, $rid) && index(visible_text($res), $tail) >= 0,
   'a moderator reads it at once, no button';
t_is(unlock_count($mod->{id}), 0, '... DB: no unlock');

# ---- JSON (6) ---------------------------------------------------------------
my $rj = make_record(title => uniq('Breuken als JSON'), description => $desc);
$res = $m->get("/records/$rj?format=json");
my $j = decode_json_res($res) // {};
ok $res->code == 200 && ref $j eq 'HASH' && $j->{unlock_required}
   && ($j->{unlock_url} // '') eq "/records/$rj/unlock" && ($j->{cost} // 0) == 10,
   'GET ?format=json of an unread record: unlock_required, unlock_url, cost 10';
ok !exists $j->{description} && ($j->{title} // '') =~ /Breuken als JSON/, '... the summary, not the details';
is balance_of($mid) . '/' . unlock_count($mid, $rj), '990/0', 'DB: nothing spent by the JSON GET';
$post = $m->unlock($rj, csrf => $j->{csrf} // '', json => 1);
t_is($post->header('Location') // '', "/records/$rj?format=json&done=unlocked",
     'POST unlock_url?format=json with its csrf: 303 to the JSON record');
$j = decode_json_res($m->get($post->header('Location'))) // {};
ok ref $j eq 'HASH' && ($j->{description} // '') eq $desc && ($j->{cost_paid} // 0) == 10
   && ($j->{balance} // 0) == 980, '... the details, cost_paid 10, balance 980';
is balance_of($mid) . '/' . unlock_count($mid, $rj), '980/1', 'DB: paid once';

# ---- refusals (4) -----------------------------------------------------------
my $pending = make_record(state => 'pending', title => uniq('Nog niet gepubliceerd'));
t_is($m->unlock($pending)->code, 404, 'unlocking a pending record: 404');
t_is($m->unlock(999999999)->code, 404, '... an unknown record: 404');
my $poor = KC::Account->registered;
set_balance($poor->{id}, 4);
$res = $poor->unlock($rid);
ok $res->code == 403 && ($res->decoded_content // '') =~ /\bclass\s*=\s*"[^"]*\bno-points\b/,
   'too few points: the no-points page (403)';
is balance_of($poor->{id}) . '/' . unlock_count($poor->{id}), '4/0', 'DB: nothing spent';
