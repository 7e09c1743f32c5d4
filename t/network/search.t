# Finding people and events (spec/community.md "Networking"): the member
# search /members (name, expertise, organisation; subjects and levels
# taught; deleted and banned members never listed), organisations (the
# profile a member with role organisation edits at /me/organisation, the
# page /organisations/ID with their published records), the training
# search /training (name, theme, province) and the calendar of upcoming
# activities (/calendar, by details.start_date, from today on).
#
# Resolutions of the spec used here:
# - The pages are fetched by a logged-in member (the contract does not say
#   whether visitors may see them).
# - Search words are unique letter-only words (KC::Search::word), so both
#   a substring and a full-text implementation find exactly the members
#   and organisations made here.
# - Members' expertise, organisation, subjects and levels are set through
#   POST /me/profile for one member and in the DB for the others; bans and
#   deletion in the DB (members.ban_permanent / banned_until,
#   kc_member_delete). A ban that has ended does not hide a member.
# - POST /me/organisation is urlencoded (no file) with kind, name,
#   description, contact, website, province, themes; an unknown province
#   code -> 400 data-field="province". A member without role organisation
#   gets 403 on GET and POST.
# - "Their published records" on /organisations/ID: records authored by
#   the organisation member with records.organisation_id set to it.
# - Calendar dates are calendar days in Europe/Brussels; an activity of
#   today is listed, one of two days ago is not.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record);
use KC::Account qw(forget_login_failures make_role_member has_error_field input_value);
use KC::Contribute qw(unique_title rand_word subject_id level_id field_pairs text_of);
use KC::Search qw(word qs);
use KC::Community qw(refused set_organisation organisation_row member_ids organisation_ids event_ids
                     brussels_date wait_day_margin);

plan tests => 23, need_lwp;

forget_login_failures();

sub status_of { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }
sub has { my ($list, @ids) = @_; my %in = map { $_ => 1 } @$list; return !grep { !$in{$_} } @ids }
sub none { my ($list, @ids) = @_; my %in = map { $_ => 1 } @$list; return !grep { $in{$_} } @ids }
sub teach {
    my ($mid, $subject, $level) = @_;
    db()->do('INSERT INTO member_subjects (member_id, subject_id) VALUES (?, ?)', undef, $mid, subject_id($subject));
    db()->do('INSERT INTO member_levels (member_id, level_id) VALUES (?, ?)', undef, $mid, level_id($level));
}
sub set_member { my ($mid, $col, $val) = @_; db()->do("UPDATE members SET $col = ? WHERE id = ?", undef, $val, $mid) }

my $viewer = KC::Account->registered;
sub find { my ($path, %q) = @_; my $res = $viewer->get($path . qs(map { ($_ => $q{$_}) } sort keys %q)); return $res }

# ---- members (8) ------------------------------------------------------------------
my $tag = word('vak');
my $sur1 = word('naam');
my $exp2 = word('kunde');
my $orgword = word('school');
my $m1 = KC::Account->registered(first_name => 'Ilse', surname => ucfirst $sur1);
set_member($m1->{id}, expertise => "Fysica en $tag");
teach($m1->{id}, 'fysica', 'lager');
my $m2 = KC::Account->registered(first_name => 'Jan', surname => ucfirst rand_word(9));
my $res = $m2->post_multipart('/me/profile', field_pairs({
    first_name => 'Jan', surname => $m2->{surname}, expertise => "Chemie $tag en $exp2",
    organisation => '', lang => 'nl', subjects => [ subject_id('chemie') ], levels => [ level_id('hoger') ] }));
ok $res->code == 303 && (db()->selectrow_array('SELECT expertise FROM members WHERE id = ?', undef, $m2->{id}) // '') =~ /\Q$exp2\E/,
   'a member sets expertise, a subject and a level via POST /me/profile' or diag(status_of($res));
my $m3 = KC::Account->registered(first_name => 'Els', surname => ucfirst rand_word(9));
set_member($m3->{id}, expertise => $tag);
set_member($m3->{id}, organisation => "Scholengroep $orgword");
my @hidden;
for my $how (qw(deleted permanent until)) {
    my $x = KC::Account->registered(first_name => 'Verborgen', surname => ucfirst $tag);
    set_member($x->{id}, expertise => $tag);
    if ($how eq 'deleted') { db()->selectrow_array('SELECT kc_member_delete(?)', undef, $x->{id}) }
    elsif ($how eq 'permanent') { set_member($x->{id}, ban_permanent => 1) }
    else { db()->do(q{UPDATE members SET banned_until = now() + interval '1 day' WHERE id = ?}, undef, $x->{id}) }
    push @hidden, $x->{id};
}
my $expired = KC::Account->registered(first_name => 'Terug', surname => ucfirst $tag);
db()->do(q{UPDATE members SET banned_until = now() - interval '1 day' WHERE id = ?}, undef, $expired->{id});

$res = find('/members', q => $sur1);
my @ids = member_ids($res);
ok $res->code == 200 && "@ids" eq $m1->{id}, '/members?q=<surname>: exactly that member (<li class="member" data-member>)'
    or diag(status_of($res) . " members @ids");
@ids = member_ids(find('/members', q => $exp2));
is "@ids", $m2->{id}, '/members?q=<a word of the expertise>: exactly that member';
@ids = member_ids(find('/members', q => $tag));
ok has(\@ids, $m1->{id}, $m2->{id}, $m3->{id}, $expired->{id}),
   '/members?q=<shared word>: the members with it in name or expertise (a ban that ended too)' or diag("members @ids");
ok none(\@ids, @hidden), '... never a deleted or banned member' or diag("members @ids; hidden @hidden");
@ids = member_ids(find('/members', q => $tag, subject => 'fysica'));
ok has(\@ids, $m1->{id}) && none(\@ids, $m2->{id}, $m3->{id}), '&subject=fysica: only the one teaching physics'
    or diag("members @ids");
@ids = member_ids(find('/members', q => $tag, level => 'hoger'));
ok has(\@ids, $m2->{id}) && none(\@ids, $m1->{id}, $m3->{id}), '&level=hoger: only the one teaching in higher education'
    or diag("members @ids");
@ids = member_ids(find('/members', organisation => $orgword));
is "@ids", $m3->{id}, '/members?organisation=<word>: the member of that organisation';

# ---- organisations and training (12) ---------------------------------------------------
my $name_w = word('vorming');
my ($theme_a, $theme_b) = (word('thema'), word('thema'));
my %org = (
    a => { kind => 'training', name => "Vormingscentrum $name_w Noord", province => 'antwerpen',
           description => 'Nascholing voor leraren wiskunde ' . rand_word(8) . '.', themes => "rekenen, $theme_a" },
    b => { kind => 'training', name => "Opleidingen $name_w Zuid", province => 'utrecht',
           description => 'Cursussen voor het basisonderwijs.', themes => "taal, $theme_b" },
    c => { kind => 'publisher', name => "Uitgeverij $name_w", province => 'antwerpen',
           description => 'Schoolboeken.', themes => $theme_a },
);
my %oc;
for my $k (sort keys %org) {
    $oc{$k} = make_role_member('organisation');
    $res = set_organisation($oc{$k}, %{ $org{$k} }, contact => "info\@$k.example.test",
                            website => "https://$k.example.test/");
    $org{$k}{status} = $res->code;
}
my ($A, $B, $C) = map { $oc{$_}{id} } qw(a b c);
my $row = organisation_row($A) // {};
ok $org{a}{status} == 303 && ($row->{kind} // '') eq 'training' && ($row->{province} // '') eq 'antwerpen'
   && ($row->{name} // '') eq $org{a}{name},
   'an organisation member POST /me/organisation: 303, the profile saved' or diag("status $org{a}{status}", explain $row);
ok $org{b}{status} == 303 && $org{c}{status} == 303, '... two more (a training organisation, a publisher): 303'
    or diag("status $org{b}{status} $org{c}{status}");
@ids = organisation_ids(find('/training', q => $name_w));
ok has(\@ids, $A, $B) && none(\@ids, $C), '/training?q=<name>: the two training organisations, not the publisher'
    or diag("organisations @ids");
@ids = organisation_ids(find('/training', theme => $theme_a));
ok has(\@ids, $A) && none(\@ids, $B, $C), '/training?theme=: the one with that theme' or diag("organisations @ids");
@ids = organisation_ids(find('/training', q => $name_w, province => 'antwerpen'));
ok has(\@ids, $A) && none(\@ids, $B, $C), '&province=antwerpen: the one in Antwerp' or diag("organisations @ids");
@ids = organisation_ids(find('/training', q => $name_w, province => 'utrecht'));
ok has(\@ids, $B) && none(\@ids, $A, $C), '&province=utrecht: the one in Utrecht' or diag("organisations @ids");

my $pub = make_record(author_id => $A, title => unique_title('Nascholing'), author_name => $org{a}{name});
my $pen = make_record(author_id => $A, title => unique_title('Nog te keuren'), author_name => $org{a}{name},
                      state => 'pending');
db()->do('UPDATE records SET organisation_id = ? WHERE id IN (?, ?)', undef, $A, $pub, $pen);
my $page = find("/organisations/$A");
my $pt = text_of($page);
ok $page->code == 200 && index($pt, $org{a}{name}) >= 0 && index($pt, $org{a}{description}) >= 0,
   'GET /organisations/ID: the name and description' or diag(status_of($page));
my ($t_pub, $t_pen) = map { db()->selectrow_array('SELECT title FROM records WHERE id = ?', undef, $_) } $pub, $pen;
ok index($pt, $t_pub) >= 0 && index($pt, $t_pen) < 0, '... their published record, not the pending one';

$res = $oc{a}->get('/me/organisation');
is input_value($res->content, 'name'), $org{a}{name}, 'GET /me/organisation: the form, filled in';
$res = refused(sub { set_organisation($oc{a}, %{ $org{a} }, province => 'mars') });
ok $res->code == 400 && has_error_field($res->content, 'province') && (organisation_row($A) // {})->{province} eq 'antwerpen',
   'an unknown province: 400 data-field="province", nothing changed' or diag(status_of($res));
$res = refused(sub { $viewer->get('/me/organisation') });
t_is($res->code, 403, 'a member without role organisation GET /me/organisation: 403');
$res = refused(sub { set_organisation($viewer, %{ $org{b} }, name => 'Niet van mij') });
ok $res->code == 403 && !organisation_row($viewer->{id}), '... POST: 403, nothing saved' or diag(status_of($res));

# ---- the calendar (3) -------------------------------------------------------------
wait_day_margin(60);    # "today" must stay today until the page is fetched
my %when = (today => 0, in1 => 1, in2 => 2, in3 => 3, past => -2, pending => 1);
my %ev;
for my $k (qw(in3 in1 past today in2 pending)) {
    $ev{$k} = make_record(kind => 'calendar', title => unique_title('Studiedag'),
                          state => $k eq 'pending' ? 'pending' : 'published');
    db()->do(q{UPDATE records SET details = jsonb_build_object('start_date', ?::text, 'start_time', '09:00',
                                                               'place', 'Gent') WHERE id = ?},
             undef, brussels_date($when{$k}), $ev{$k});
}
$res = find('/calendar');
@ids = event_ids($res);
my %at = map { $ids[$_] => $_ } 0 .. $#ids;
my @order = grep { defined $at{$_} } map { $ev{$_} } qw(today in1 in2 in3);
t_is($res->code, 200, 'GET /calendar: 200');
ok @order == 4 && $at{ $ev{today} } < $at{ $ev{in1} } && $at{ $ev{in1} } < $at{ $ev{in2} }
   && $at{ $ev{in2} } < $at{ $ev{in3} },
   'upcoming activities from today on, soonest first (<li class="event" data-record>)' or diag("events @ids");
ok !defined $at{ $ev{past} } && !defined $at{ $ev{pending} }, '... not one of two days ago, not a pending one'
    or diag("events @ids");
