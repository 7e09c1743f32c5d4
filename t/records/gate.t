# "Read more…" for a visitor: the record's public page (its summary) with
# the way in, the login page with the way back; unknown and unpublished
# records are 404.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_cmp);
use KC::Test qw(t_is make_record get_noredirect);

plan tests => 9, need_lwp;

my $id = make_record();
my $res = get_noredirect("/records/$id");
t_is($res->code, 200, 'a visitor reading a record gets its public page');
like $res->content, qr{<a class="button button-primary" href="/login\?next=/records/$id">},
     '... whose way in is the login page, with next';

t_is(get_noredirect('/records/999999999')->code, 404, 'unknown id -> 404');
t_is(get_noredirect('/records/abc')->code, 404, 'non-numeric id -> 404');
t_is(get_noredirect('/records/0')->code, 404, 'id 0 -> 404');

for my $state (qw(pending refused taken_down)) {
    my $hidden = make_record(state => $state);
    t_is(get_noredirect("/records/$hidden")->code, 404, "a $state record -> 404");
}
my $page = get_noredirect('/records/999999999');
ok $page->content =~ /<main/ && $page->content !~ /Not Found<\/h1>\s*<p>The requested URL/,
   'the 404 page is in the site layout';
