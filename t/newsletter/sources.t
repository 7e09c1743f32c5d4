# The newsletter's other two sources of suggestions (issue 14): coming
# webinars (not cancelled ones, not past ones; with their subjects, so a
# member who chose other subjects does not get them) and published theme
# pages (for everyone; not drafts). Added from the admin page like the
# records and questions, shown under their own headings in the preview and
# in each member's mail text.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is db);
use KC::Account qw(forget_login_failures make_role_member);
use KC::Contribute qw(rand_word);
use KC::Community qw(post_as);

plan tests => 9, need_lwp;

forget_login_failures();
sub one { my ($sql, @bind) = @_; return scalar db()->selectrow_array($sql, undef, @bind) }

my ($s1, $s2) = @{ db()->selectcol_arrayref('SELECT id FROM subjects ORDER BY position LIMIT 2') };
my $admin = make_role_member('admin');
my $today = one(q{SELECT to_char((now() AT TIME ZONE 'Europe/Brussels')::date, 'YYYY-MM-DD')});

my $wt = 'Webinar ' . rand_word(10);
my $wid = one(q{INSERT INTO webinars (title, description, presenter_name, starts_at, duration_min,
                                     capacity, meeting_url, subject_ids)
                VALUES (?, 'Over breuken in de klas.', 'An Peeters', now() + interval '2 days', 60, 50,
                        'https://meet.example/abc', ARRAY[?]::int[]) RETURNING id}, $wt, $s1);
my $cancelled = one(q{INSERT INTO webinars (title, presenter_name, starts_at, duration_min, capacity,
                                           meeting_url, cancelled_at)
                      VALUES ('Gaat niet door', 'Bo', now() + interval '3 days', 60, 50,
                              'https://meet.example/x', now()) RETURNING id});
my $past = one(q{INSERT INTO webinars (title, presenter_name, starts_at, duration_min, capacity, meeting_url)
                 VALUES ('Voorbij', 'Bo', now() - interval '1 hour', 30, 50, 'https://meet.example/y')
                 RETURNING id});
my $slug = 'nieuwsbrief-thema-' . ($$ % 100000);
my $tt = 'Thema ' . rand_word(10);
my $tid = one(q{INSERT INTO themes (slug, title, intro, published, featured)
                VALUES (?, ?, 'Alles over afstandsonderwijs.', true, true) RETURNING id}, $slug, $tt);
my $draft = one(q{INSERT INTO themes (slug, title, published) VALUES (?, 'Ontwerp', false) RETURNING id},
                "$slug-ontwerp");

my $res = post_as($admin, '/admin/newsletter', [ title => "Bronnen $today", week => $today ]);
my ($nid) = ($res->header('Location') // '') =~ m{^/admin/newsletter/(\d+)\?done=created};
ok $nid, 'a draft issue' or diag($res->code);
my $page = $admin->get("/admin/newsletter/$nid")->decoded_content // '';
ok $page =~ /data-source="webinar" data-source-id="$wid"/ && $page =~ /data-source="theme" data-source-id="$tid"/,
   'a coming webinar and a published theme are suggested';
ok $page !~ /data-source="webinar" data-source-id="($cancelled|$past)"/,
   '... not a cancelled or a past webinar';
ok $page !~ /data-source="theme" data-source-id="$draft"/, '... nor a draft theme';

post_as($admin, "/admin/newsletter/$nid/add", [ source => 'webinar', source_id => $wid ]);
post_as($admin, "/admin/newsletter/$nid/add", [ source => 'theme', source_id => $tid ]);
$res = post_as($admin, "/admin/newsletter/$nid/add", [ source => 'webinar', source_id => $cancelled ]);
t_is $res->code, 400, 'a cancelled webinar cannot be added (400)';
is one(q{SELECT string_agg(source || ':' || source_id, ',' ORDER BY source) FROM newsletter_items
          WHERE newsletter_id = ?}, $nid), "theme:$tid,webinar:$wid", 'DB: the two items';

my $preview = $admin->get("/admin/newsletter/$nid/preview")->decoded_content // '';
ok $preview =~ /Webinars die eraan komen.*\Q$wt\E.*Themapagina.*\Q$tt\E/s,
   'the preview shows them under their headings' or diag($preview);

my $text = sub {
    my ($subjects) = @_;
    return one(q{SELECT kc_newsletter_text(?, 'nl', 'http://127.0.0.1', ?::int[], '{}'::int[])},
               $nid, $subjects);
};
my $for1 = $text->("{$s1}");
ok $for1 =~ /== Webinars die eraan komen ==.*\Q$wt\E.*\/webinars\/$wid.*== Themapagina's ==.*\Q$tt\E.*\/themes\/\Q$slug\E/s,
   'a member of subject 1 gets the webinar and the theme, with headings and links' or diag($for1);
my $for2 = $text->("{$s2}");
ok $for2 =~ /\Q$tt\E/ && $for2 !~ /\Q$wt\E/, 'a member of subject 2 gets the theme, not the webinar'
   or diag($for2);
