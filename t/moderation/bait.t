# Moderation without bait and switch (issue 17): a pending contribution can
# be edited by its author while a moderator reviews it. The review form
# carries the version it showed (records.version, bumped by every edit);
# approve, ask-for-changes and refuse answer 409 "this contribution changed
# while you were reviewing it", decide nothing, and show the new version,
# when the author edited it since (or the version is missing).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db);
use KC::Account qw(make_role_member input_value);
use KC::Contribute qw(contribute kind_fields field_pairs record_row unique_title
                      ledger_by_key act review_fields text_of);

plan tests => 20, need_lwp;

my $mod = make_role_member('moderator');            # no scope rows: everything
my $author = KC::Account->registered;

sub submit {
    my ($title) = @_;
    my ($res, $id) = contribute($author, 'site', title => $title,
                                subjects => ['filosofie'], levels => ['volwassenen']);
    diag('contribution not saved: ' . $res->status_line) unless $id;
    return $id // 0;
}
sub author_edits {
    my ($id, $title) = @_;
    my %f = %{ kind_fields('site', title => $title, subjects => ['filosofie'], levels => ['volwassenen']) };
    delete $f{file};
    return $author->post_multipart("/me/contributions/$id/edit", field_pairs(\%f), from => '/')->code;
}

# ---- the switch after the review page was shown (12) ------------------------
my $shown = unique_title('Een degelijke bron');
my $id = submit($shown);
my $page = $mod->get("/moderation/records/$id");
my $v = input_value($page->content, 'version');
ok defined $v && $v =~ /^\d+$/ && $v == record_row($id)->{version},
   'the review form carries the version it shows';
my $bait = unique_title('Koop nu goedkope pillen');
t_is(author_edits($id, $bait), 303, 'the author edits the pending contribution meanwhile');
t_is(record_row($id)->{version}, $v + 1, 'DB: the edit bumped the version');

my $res = act($mod, "/moderation/records/$id/approve", review_fields($id, title => $shown, version => $v));
t_is($res->code, 409, 'approving with the version shown: 409');
my $text = text_of($res);
ok index($text, 'veranderd terwijl je ze beoordeelde') >= 0, '... "this contribution changed while you were reviewing it"';
t_is(input_value($res->content, 'title') // '', $bait, '... showing the new version');
t_is(input_value($res->content, 'version') // '', $v + 1, '... and carrying its version');
my $row = record_row($id);
ok $row->{state} eq 'pending' && $row->{title} eq $bait, 'DB: nothing published';
is(scalar(my @paid = ledger_by_key("contribution:$id")), 0, 'DB: nothing paid');

t_is(act($mod, "/moderation/records/$id/changes", [ reason => 'Graag een bron erbij.', version => $v ])->code, 409,
     'asking for changes with the old version: 409');
t_is(act($mod, "/moderation/records/$id/refuse", [ reason_code => 'quality', reason => 'Niet goed.', version => $v ])->code, 409,
     'refusing with the old version: 409');
t_is(record_row($id)->{state}, 'pending', 'DB: still pending');

# ---- no version at all (2) --------------------------------------------------
my @fields = @{ review_fields($id) };
my @without;
while (my ($k, $val) = splice @fields, 0, 2) { push @without, $k, $val unless $k eq 'version' }
t_is(act($mod, "/moderation/records/$id/approve", [ @without, version => '' ])->code, 409,
     'approving without a version: 409 (the moderator may not have seen this one)');
t_is(record_row($id)->{state}, 'pending', 'DB: still pending');

# ---- the current version decides (6) ----------------------------------------
$res = act($mod, "/moderation/records/$id/approve", review_fields($id, title => unique_title('Nagekeken bron'), version => $v + 1));
t_is($res->code, 303, 'approving the version now shown: 303');
$row = record_row($id);
ok $row->{state} eq 'published' && $row->{title} =~ /^Nagekeken bron/, 'DB: published with what the moderator approved';

my $id2 = submit(unique_title('Tweede bijdrage'));
my $v2 = record_row($id2)->{version};
t_is(act($mod, "/moderation/records/$id2/refuse", [ reason_code => 'quality', reason => 'Te mager.', version => $v2 ])->code, 303,
     'refusing the current version: 303');
t_is(record_row($id2)->{state}, 'refused', 'DB: refused');

my $id3 = submit(unique_title('Derde bijdrage'));
my $v3 = record_row($id3)->{version};
t_is(author_edits($id3, unique_title('Derde bijdrage, herwerkt')), 303, 'another contribution is edited once');
t_is(act($mod, "/moderation/records/$id3/changes", [ reason => 'Graag een bron.', version => $v3 + 1 ])->code, 303,
     'asking for changes on its current version: 303');
