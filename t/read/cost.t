# Reading a record's details (spec/records.md "Reading"): the first read
# costs KlasCementDetailCost (10 in the test conf) once, re-reading is free,
# authors and moderators read free, too few points is a 403 that spends
# nothing, unpublished records are only for their author and moderators;
# /me/points shows the read; the detail page shows what the card does not.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db make_record uniq);
use KC::Account qw(make_role_member);
use KC::Search qw(set_balance balance_of unlock_count read_rows ledger_sum visible_text
                  links set_subjects set_levels);

plan tests => 31, need_lwp;

# Points of a member as "balance/unlocks/read rows".
sub state_of {
    my ($mid) = @_;
    return join '/', balance_of($mid), unlock_count($mid), scalar(read_rows($mid));
}

my $member = KC::Account->registered;
my $mid = $member->{id};
t_is(state_of($mid), '1000/0/0', 'a new member: 1000 points, nothing unlocked');

# ---- the first read costs 10, once -----------------------------------------------------
my $desc = join(' ', ('Deze les behandelt de oorzaken en gevolgen van de Eerste Wereldoorlog.') x 12)
         . ' ' . uniq('Slotzin');
my $title = uniq('Lezen & schrijven over WO I');
my $rid = make_record(title => $title, description => $desc, kind => 'document', licence => 'by');
set_subjects($rid, 'geschiedenis');
set_levels($rid, 'hoger');
my $author_id = db()->selectrow_array('SELECT author_id FROM records WHERE id = ?', undef, $rid);

my $first = $member->read_record($rid);
t_is($first->code, 200, 'a member reads a record: 200');
t_is(balance_of($mid), 990, '... 10 points spent (1000 -> 990)');
t_is(unlock_count($mid, $rid), 1, '... one unlock row');
is_deeply([ map { [ $_->{amount}, $_->{subject} ] } read_rows($mid) ], [ [ -10, "record:$rid" ] ],
          "... one ledger row: event 'read', amount -10, subject 'record:ID'");

my $second = $member->read_record($rid);
t_is($second->code, 200, 're-reading: 200');
t_is(state_of($mid), '990/1/1', '... free: balance, unlocks and ledger unchanged');

# ---- free reads -------------------------------------------------------------------------------
{
    my $own = make_record(author_id => $mid, title => uniq('Mijn eigen bijdrage'));
    t_is($member->get("/records/$own")->code, 200, 'reading one\'s own record: 200');
    t_is(state_of($mid), '990/1/1', '... free, no unlock');

    my $other = make_record(title => uniq('Voor de moderator'));
    for my $role (qw(moderator admin)) {
        my $m = make_role_member($role);
        my $res = $m->get("/records/$other");
        t_is($res->code, 200, "a $role reads a record: 200");
        t_is(state_of($m->{id}), '1000/0/0', "... free, no unlock, no ledger row");
    }
}

# ---- too few points --------------------------------------------------------------------------
{
    my $poor = KC::Account->registered;
    set_balance($poor->{id}, 5);
    my $res = $poor->get("/records/$rid");
    t_is($res->code, 403, 'too few points (5 of 10): 403');
    my $c = $res->decoded_content // '';
    ok($c =~ /<[a-z][^>]*\bclass\s*=\s*"[^"]*\bno-points\b/i, '... a page with class "no-points"');
    my $from = $c =~ /\bclass\s*=\s*"[^"]*\bno-points\b/g ? pos($c) : length $c;
    my $region = substr($c, $from);
    my $text = visible_text("<body>$region");
    ok($text =~ /\b10\b/ && $text =~ /\b5\b/ && $region =~ m{href\s*=\s*"/points"},
       '... stating the 10 needed and the balance 5, with a link to /points')
        or diag("text: " . substr($text, 0, 300));
    t_is(state_of($poor->{id}), '5/0/0', '... nothing spent, nothing unlocked');

    my $exact = KC::Account->registered;
    set_balance($exact->{id}, 10);
    t_is($exact->read_record($rid)->code, 200, 'exactly 10 points is enough: 200');
    t_is(state_of($exact->{id}), '0/1/1', '... and leaves 0');
}

# ---- unpublished records -------------------------------------------------------------------
{
    my $author = KC::Account->registered;
    my $pending = make_record(author_id => $author->{id}, state => 'pending',
                              title => uniq('Wacht op moderatie'));
    my $refused = make_record(author_id => $author->{id}, state => 'refused',
                              title => uniq('Geweigerd'));
    t_is($member->get("/records/$pending")->code, 404, 'a pending record is 404 for another member');
    t_is($author->get("/records/$pending")->code, 200, '... 200 for its author');
    t_is($author->get("/records/$refused")->code, 200, 'a refused record is 200 for its author');
    t_is(state_of($author->{id}), '1000/0/0', '... free for the author');
    my $mod = make_role_member('moderator');
    t_is($mod->get("/records/$pending")->code, 200, 'a pending record is 200 for a moderator');
    t_is(state_of($mid), '990/1/1', 'the 404 cost the other member nothing');
}

# ---- /me/points shows the read -----------------------------------------------------------
{
    my $res = $member->get('/me/points');
    ok($res->code == 200 && index(visible_text($res), "Gelezen: $title") >= 0,
       '/me/points shows "Gelezen: <title>" for the read');
}

# ---- the detail page ---------------------------------------------------------------------------
{
    my $res = $member->get("/records/$rid");
    my $text = visible_text($res);
    ok(index($text, $desc) >= 0, 'the detail page shows the full description');
    my @lic = grep { (grep { $_ eq 'license' } @{ $_->{rel} })
                     && ($_->{href} // '') eq 'https://creativecommons.org/licenses/by/4.0/' } links($res);
    ok(@lic && index($text, 'CC BY 4.0') >= 0,
       '... the licence name and its deed link rel="license"');
    ok((grep { ($_->{href} // '') =~ m{^/members/\Q$author_id\E$} && $_->{text} =~ /Test Leraar/ } links($res)),
       '... the author name linking to /members/AUTHOR_ID');
    ok(index($text, 'Geschiedenis') >= 0 && index($text, 'Hoger onderwijs') >= 0
       && index($text, 'Document') >= 0,
       '... the kind, subjects and levels');

    my $site = make_record(kind => 'site', title => uniq('Een goede website'));
    db()->do('UPDATE records SET url = ? WHERE id = ?', undef, 'https://example.org/bron', $site);
    my @ext = grep { ($_->{href} // '') eq 'https://example.org/bron' } links($member->read_record($site));
    my %rel = map { $_ => 1 } map { @{ $_->{rel} } } @ext;
    ok(@ext && $rel{nofollow} && $rel{noopener} && $rel{ugc},
       'the external link has rel="nofollow noopener ugc"')
        or diag('rel: ' . join(' ', sort keys %rel));
}
