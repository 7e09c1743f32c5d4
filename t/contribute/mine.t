# A member's own contributions (spec/moderation.md): /me/contributions
# lists them with their state and the moderator's reasons; a pending
# record is invisible to everyone else (not in search, 404 to other
# members and visitors), readable by its author; the author edits pending
# and changes_requested records and withdraws them; nobody edits or
# withdraws someone else's (404).
#
# Resolutions of the spec used here:
# - The list links to /me/contributions/ID/edit only for pending and
#   changes_requested records, has a withdraw form
#   (/me/contributions/ID/withdraw) for those, and an objection form or link
#   (/me/contributions/ID/objection) for a refused one.
# - A visitor asking for a pending record gets 404 (it does not exist for
#   the public), as in t/records/gate.t.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db);
use KC::Account qw(forget_login_failures make_role_member input_value);
use KC::Search qw(search_url card_ids);
use KC::Contribute qw(contribute kind_fields field_pairs record_row unique_title rand_word
                      act approve balance text_of);

plan tests => 37, need_lwp;

forget_login_failures();

my $c = KC::Account->registered;
my $other = KC::Account->registered;
my $admin = make_role_member('admin');
my $visitor = KC::Account->new;

# Titles with a word of their own, to search for.
my %word = map { ($_ => rand_word(12)) } qw(A B C D E);
my %rec;
my %title;
for my $k (qw(A B C D)) {
    my $kind = $k eq 'B' ? 'document' : 'site';
    my ($res, $id, $f) = contribute($c, $kind, title => unique_title("Bijdrage $word{$k}"));
    $rec{$k} = $id;
    $title{$k} = $f->{title};
}
my (undef, $e_id, $ef) = contribute($other, 'site', title => unique_title("Andere $word{E}"));

my $reason_b = 'Voeg een bronvermelding toe ' . rand_word(8);
my $reason_c = 'Dit is reclame voor een betalende dienst ' . rand_word(8);
act($admin, "/moderation/records/$rec{B}/changes", [ reason => $reason_b ]);
act($admin, "/moderation/records/$rec{C}/refuse", [ reason_code => 'other', reason => $reason_c ]);
approve($admin, $rec{D});
sub state_of { return record_row($_[0])->{state} // 'none' }

# ---- set-up (1) ------------------------------------------------------------------------
is join(' ', map { state_of($rec{$_}) } qw(A B C D)), 'pending changes_requested refused published',
   'set-up: four contributions, pending / changes_requested / refused / published';

# ---- the list (8) ----------------------------------------------------------------------------
t_is($visitor->get('/me/contributions')->code, 303, 'a visitor GET /me/contributions: 303 (login)');
my $res = $c->get('/me/contributions?done=submitted');
t_is($res->code, 200, 'GET /me/contributions: 200');
my $html = $res->decoded_content // '';
my $text = text_of($html);
ok !grep({ index($text, $title{$_}) < 0 } qw(A B C D)), '... lists the four titles';
ok index($text, $ef->{title}) < 0, "... and not another member's contribution";
ok index($text, $reason_b) >= 0 && index($text, $reason_c) >= 0,
   "... with the moderator's reasons (changes requested, refused)";
ok $html =~ m{/me/contributions/$rec{A}/edit\b} && $html =~ m{/me/contributions/$rec{B}/edit\b},
   '... edit links for the pending and the changes_requested one';
ok $html !~ m{/me/contributions/$rec{C}/edit\b} && $html !~ m{/me/contributions/$rec{D}/edit\b},
   '... none for the refused and the published one';
ok $html =~ m{/me/contributions/$rec{A}/withdraw\b} && $html =~ m{/me/contributions/$rec{C}/objection\b},
   '... a withdraw form for the pending one, an objection for the refused one';

# ---- a pending record is invisible (8) ------------------------------------------------------
my @found = card_ids($visitor->get(search_url(q => $word{A})));
ok !grep({ $_ == $rec{A} } @found), 'search q=<word of the pending title>: not found (visitor)';
@found = card_ids($other->get(search_url(q => $word{A})));
ok !grep({ $_ == $rec{A} } @found), '... not found (another member)';
@found = card_ids($visitor->get(search_url(q => $word{D})));
ok scalar(grep { $_ == $rec{D} } @found), '... while the published one is found by its word';
my $bal = balance($other->{id});
t_is($other->get("/records/$rec{A}")->code, 404, 'another member GET /records/PENDING: 404');
is balance($other->{id}), $bal, '... no points spent';
t_is($visitor->get("/records/$rec{A}")->code, 404, 'a visitor GET /records/PENDING: 404');
t_is($c->get("/records/$rec{A}")->code, 200, 'the author GET /records/PENDING: 200');
t_is($other->get("/records/$rec{C}")->code, 404, 'another member GET /records/REFUSED: 404');

# ---- editing (10) ----------------------------------------------------------------------------
sub edit_fields {
    my ($kind, %over) = @_;
    my %f = %{ kind_fields($kind, %over) };
    delete $f{file};
    return field_pairs(\%f);
}
$res = $c->get("/me/contributions/$rec{A}/edit");
t_is($res->code, 200, 'GET /me/contributions/PENDING/edit: 200');
is input_value($res->content, 'title'), $title{A}, '... the form holds the title';

my $new_a = unique_title("Herwerkt $word{A}");
$res = $c->post_multipart("/me/contributions/$rec{A}/edit",
                          edit_fields('site', title => $new_a), from => '/');
t_is($res->code, 303, 'POST /me/contributions/PENDING/edit: 303');
my $row = record_row($rec{A});
ok $row->{title} eq $new_a && $row->{state} eq 'pending', '... DB: the title changed, still pending';

my $new_b = unique_title("Aangevuld $word{B}");
$res = $c->post_multipart("/me/contributions/$rec{B}/edit",
                          edit_fields('document', title => $new_b), from => '/');
t_is($res->code, 303, 'editing the changes_requested one: 303');
$row = record_row($rec{B});
ok $row->{title} eq $new_b && $row->{state} eq 'pending', '... DB: title changed, back to pending';

my $hijack = unique_title('Gekaapt');
t_is($other->get("/me/contributions/$rec{A}/edit")->code, 404, "another member GET .../edit of someone else's: 404");
$res = $other->post_multipart("/me/contributions/$rec{A}/edit",
                              edit_fields('site', title => $hijack), from => '/');
t_is($res->code, 404, '... POST: 404');
is record_row($rec{A})->{title}, $new_a, '... DB: the title is unchanged';

ok $c->get("/me/contributions/$rec{C}/edit")->code == 404
   && $c->get("/me/contributions/$rec{D}/edit")->code == 404,
   'the author GET .../edit of the refused and the published one: 404';

# ---- withdrawing (6) -----------------------------------------------------------------------
t_is(act($other, "/me/contributions/$rec{A}/withdraw")->code, 404,
     "another member withdrawing someone else's: 404");
is state_of($rec{A}), 'pending', '... DB: still pending';
t_is(act($c, "/me/contributions/$rec{A}/withdraw")->code, 303, 'the author withdraws the pending one: 303');
is state_of($rec{A}), 'withdrawn', '... DB: withdrawn';
t_is($c->get("/me/contributions/$rec{A}/edit")->code, 404, '... and it cannot be edited any more');
ok act($c, "/me/contributions/$rec{D}/withdraw")->code == 404 && state_of($rec{D}) eq 'published',
   'withdrawing the published one: 404, still published';

# ---- without csrf nothing changes (2) --------------------------------------------------------------
t_is(act($c, "/me/contributions/$rec{B}/withdraw", [], csrf => 0)->code, 403,
     'withdraw without csrf: 403');
is state_of($rec{B}), 'pending', '... DB: unchanged';

# ---- the author's own view after the changes (2) ----------------------------------------------------
$text = text_of($c->get('/me/contributions'));
ok index($text, $new_a) >= 0 && index($text, $new_b) >= 0, '/me/contributions shows the new titles';
t_is($other->get("/records/$rec{B}")->code, 404, 'the resubmitted one is still invisible to others');

forget_login_failures();
