# Atom feeds of a member's contributions (/members/ID.atom, beside the
# profile) and of the forum (/forum.atom): valid against the Atom subset
# schema, the elements RFC 4287 requires, only what is published or shown,
# 404 where the profile is not shown, linked from the pages.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use File::Temp qw(tempfile);
use KC::Test qw(t_is db make_member make_record uniq);

plan tests => 26, need_lwp;

my $xsd = Apache::Test::vars('serverroot') . '/fixtures/xsd/atom-subset.xsd';

sub valid {
    my ($body) = @_;
    my ($fh, $file) = tempfile(UNLINK => 1);
    print {$fh} $body;
    close $fh;
    my $out = `xmllint --noout --schema '$xsd' '$file' 2>&1`;
    diag($out) if $?;
    return $? == 0;
}
sub count { my ($xml, $el) = @_; my @m = $xml =~ m{<\Q$el\E[\s>]}g; return scalar @m }
# RFC 4287 4.1.1 and 4.1.2: one id, title and updated in the feed and in
# every entry; an author in the feed (our feeds name one) or each entry.
sub atom_ok {
    my ($body) = @_;
    my @entries = $body =~ m{(<entry>.*?</entry>)}sg;
    (my $head = $body) =~ s{<entry>.*?</entry>}{}sg;
    for my $el (qw(id title updated)) {
        return 0 unless count($head, $el) == 1;
        return 0 if grep { count($_, $el) != 1 } @entries;
    }
    return 0 unless count($head, 'author') >= 1 || !grep { count($_, 'author') < 1 } @entries;
    return 1;
}
sub feed {
    my ($path) = @_;
    my $res = GET($path);
    my $body = $res->content;
    ok $res->code == 200
       && ($res->header('Content-Type') // '') =~ m{^application/atom\+xml; charset=utf-8}
       && valid($body) && atom_ok($body), "$path: 200, Atom, valid, required elements"
        or diag(substr($body, 0, 600));
    utf8::decode($body);
    return $body;
}
sub ids { my ($b, $what) = @_; return [ $b =~ m{<entry><id>http://127\.0\.0\.1/\Q$what\E/(\d+)</id>}g ] }

# ---- a member's contributions -------------------------------------------
my $m = make_member(first_name => 'Fien', surname => 'Feed');
my @pub = map { make_record(author_id => $m, title => "Bijdrage $_ <&>",
                            published_at => "2026-01-0$_ 10:00:00+00") } 1 .. 3;
my $pending = make_record(author_id => $m, state => 'pending');
my $down = make_record(author_id => $m, state => 'taken_down');
my $other = make_record();

my $body = feed("/members/$m.atom");
is_deeply ids($body, 'records'), [ reverse @pub ], 'the member\'s published records, newest first';
like $body, qr{<title>KlasCement: Fien Feed</title>}, 'the feed is named after the member';
like $body, qr{<link rel="alternate" type="text/html" href="http://127\.0\.0\.1/members/$m"></link>},
    '... and points to the profile';
like $body, qr{<title>Bijdrage 1 &lt;&amp;&gt;</title>}, 'titles escaped';
like $body, qr{<published>2026-01-01T10:00:00Z</published>}, 'published: the date-time of publication';

my $empty = make_member();
$body = feed("/members/$empty.atom");
t_is(scalar @{ ids($body, 'records') }, 0, 'a member without contributions: an empty feed');

t_is(GET('/members/999999999.atom')->code, 404, 'an unknown member: 404');
my $gone = make_member();
make_record(author_id => $gone);
db()->do('UPDATE members SET deleted_at = now(), email = NULL WHERE id = ?', undef, $gone);
t_is(GET("/members/$gone.atom")->code, 404, 'a deleted account: 404');
my $banned = make_member();
make_record(author_id => $banned);
db()->do('UPDATE members SET ban_permanent = true WHERE id = ?', undef, $banned);
t_is(GET("/members/$banned.atom")->code, 404, 'a banned member (hidden profile): 404');
t_is(GET("/members/$banned")->code, 404, '... as the profile');
t_is(GET("/members/x$m.atom")->code, 404, 'a malformed id: 404');

my $profile = GET("/members/$m")->content;
like $profile, qr{<link rel="alternate" type="application/atom\+xml" href="/members/$m\.atom" title="[^"]+">},
    'the profile links its feed in the head';
like $profile, qr{<a href="/members/$m\.atom" type="application/atom\+xml">}, '... and visibly';

# ---- the forum ------------------------------------------------------------
sub topic {
    my ($member, $cat, $title, %f) = @_;
    my ($id) = db()->selectrow_array(
        q{INSERT INTO forum_topics (category_id, member_id, title, body, norm_hash, created_at, deleted_at)
          SELECT id, ?, ?, ?, encode(sha256(convert_to(?, 'UTF8')), 'hex'), ?, ?
            FROM forum_categories WHERE code = ? RETURNING id}, undef,
        $member, $title, "Een vraag over $title, met genoeg tekst erin.", uniq('t'),
        $f{created} // 'now()', $f{deleted}, $cat);
    return $id;
}
my $asker = make_member(first_name => 'Vraag', surname => 'Steller');
my $t1 = topic($asker, 'digitale-tools', 'Welke tool voor quizzen?', created => '2030-01-01 09:00:00+00');
my $t2 = topic($asker, 'secundair', 'Hoe evalueren in de eerste graad?', created => '2030-01-02 09:00:00+00');
my $t3 = topic($asker, 'secundair', 'Verwijderde vraag <x>', created => '2030-01-03 09:00:00+00',
               deleted => '2030-01-03 10:00:00+00');

$body = feed('/forum.atom');
my $got = ids($body, 'forum/topics');
is_deeply [ @$got[0, 1] ], [ $t2, $t1 ], 'the newest shown questions first';
ok !(grep { $_ == $t3 } @$got), 'a removed question is not in the feed';
like $body, qr{<author><name>Vraag Steller</name></author>}, 'the asker as author';
like $body, qr{<category term="secundair" label="[^"]+"></category>}, 'the category';
like $body, qr{<summary type="text">Een vraag over Hoe evalueren}, 'the question as summary';

$body = feed('/forum.atom?category=digitale-tools');
$got = ids($body, 'forum/topics');
ok((grep { $_ == $t1 } @$got) && !(grep { $_ == $t2 } @$got), '?category=: only that category');
my $bad = GET('/forum.atom?category=bestaat-niet');
ok $bad->code == 400 && $bad->content =~ /category/, 'an unknown category: 400 naming the field';

my $forum = GET('/forum')->content;
like $forum, qr{<link rel="alternate" type="application/atom\+xml" href="/forum\.atom" title="[^"]+">},
    '/forum links its feed in the head';
like $forum, qr{<a href="/forum\.atom" type="application/atom\+xml">}, '... and visibly';
