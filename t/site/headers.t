# Security headers, error pages in the layout, static files, language.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestUtil qw(t_cmp);
use Apache::TestRequest qw(GET);
use KC::Test qw(t_is get_noredirect);

plan tests => 25, need_lwp;

for my $url ('/', '/records', '/no-such-page', '/static/css/site.css') {
    my $res = GET $url;
    my $csp = $res->header('Content-Security-Policy') // '';
    ok $csp =~ /frame-ancestors 'none'/ && $csp =~ /script-src 'self'/ && $csp !~ /unsafe-inline/,
       "$url: a CSP without inline scripts";
    t_is($res->header('X-Content-Type-Options'), 'nosniff', "$url: nosniff");
    ok defined $res->header('Referrer-Policy'), "$url: Referrer-Policy";
}

my $home = GET '/';
t_is($home->code, 200, 'home page');
ok $home->content =~ /<form[^>]+action="\/records"/, 'home page has the search form';
ok $home->content !~ /<script/i, 'no scripts at all';
t_is($home->content, qr/<html lang="nl"/, 'Dutch by default');

my $en = GET '/', 'Accept-Language' => 'en-GB,en;q=0.9,nl;q=0.5';
t_is($en->content, qr/<html lang="en"/, 'English on Accept-Language');

my $switch = get_noredirect('/language/en?next=/records');
t_is($switch->code, 303, 'language switch redirects');
t_is($switch->header('Location'), '/records', '... back to the page');
t_is($switch->header('Set-Cookie'), qr/kc_lang=en;.*HttpOnly/, '... setting the preference');
my $evil = get_noredirect('/language/en?next=//evil.example/');
t_is($evil->header('Location'), '/', 'an off-site next is refused');

my $css = GET '/static/css/site.css';
t_is($css->code, 200, 'static CSS served');
t_is($css->header('Content-Type'), qr{^text/css}, '... as text/css');

my $missing = GET '/static/nope.css';
t_is($missing->code, 404, 'a missing static file is 404')
   && $missing->content =~ /<main/;   # httpd's 404 in the site's layout

my $post = Apache::TestRequest::POST('/records', content => 'x=1');
t_is($post->code, 405, 'POST to a GET page is 405')
   && ($post->header('Allow') // '') =~ /GET/;
