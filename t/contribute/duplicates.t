# The duplicate warning of the contribution form (spec/moderation.md):
# the same URL as a published or pending record, the same file (sha256) as
# any record, or a title very similar (pg_trgm >= 0.6) to a published
# record's -> the form again with 409, <section class="duplicates"> listing
# the record(s), a confirm_duplicate checkbox, nothing saved; sent again
# with confirm_duplicate=1 -> saved (303).
#
# Resolutions of the spec used here:
# - A listed record shows as a link to /records/ID or with its title.
# - A title like a PENDING record's (and nothing else alike) is no warning.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Digest::SHA qw(sha256_hex);
use KC::Test qw(t_is db make_record);
use KC::Account qw(forget_login_failures input_value input_tag);
use KC::Search qw(add_file);
use KC::Contribute qw(contribute kind_fields field_pairs record_row count_records
                      unique_title unique_url pdf_bytes duplicates_section);

plan tests => 20, need_lwp;

forget_login_failures();

my $c = KC::Account->registered;

# Does the duplicates section of $html list record $id (titled $title)?
sub lists {
    my ($html, $id, $title) = @_;
    my $sec = duplicates_section($html) // return 0;
    return $sec =~ m{/records/\Q$id\E\b} || index($sec, $title) >= 0 ? 1 : 0;
}
sub post_again {
    my ($kind, $f) = @_;
    return $c->post_multipart("/contribute/$kind", field_pairs($f));
}

# ---- the same URL as a published record (8) ---------------------------------------------------
my $url = unique_url();
my $pub_title = unique_title('Gepubliceerd');
my $pub = make_record(kind => 'site', title => $pub_title);
db()->do(q{UPDATE records SET url = ? WHERE id = ?}, undef, $url, $pub);

my $f = kind_fields('site', url => $url);
my $res = post_again('site', $f);
t_is($res->code, 409, 'the URL of a published record: 409');
ok lists($res->content, $pub, $pub_title), '... <section class="duplicates"> lists that record'
    or diag(duplicates_section($res->content) // 'no section');
ok defined input_tag($res->content, 'confirm_duplicate'), '... with a confirm_duplicate checkbox';
is input_value($res->content, 'title'), $f->{title}, '... and the title still filled in';
is count_records($f->{title}, $f->{description}), 0, '... DB: nothing saved';

$f->{confirm_duplicate} = 1;
$res = post_again('site', $f);
t_is($res->code, 303, 'sent again with confirm_duplicate=1: 303');
my $id = db()->selectrow_array(q{SELECT id FROM records WHERE title = ?}, undef, $f->{title});
my $row = $id ? record_row($id) : {};
ok $id && $row->{url} eq $url && $row->{state} eq 'pending' && $row->{author_id} == $c->{id},
   '... DB: saved as pending, with that url, by the member';
is count_records($f->{title}, $f->{description}), 1, '... once';

# ---- the same URL as a pending record (2) -------------------------------------------------------
{
    my $purl = unique_url();
    my $pending = make_record(kind => 'site', state => 'pending', title => unique_title('Wachtend'));
    db()->do(q{UPDATE records SET url = ? WHERE id = ?}, undef, $purl, $pending);
    my $g = kind_fields('site', url => $purl);
    my $r = post_again('site', $g);
    t_is($r->code, 409, "the URL of another member's pending record: 409");
    is count_records($g->{title}, $g->{description}), 0, '... DB: nothing saved';
}

# ---- a very similar title (5) --------------------------------------------------------------------
{
    my $t = unique_title('Fotosynthese');
    my $p = make_record(kind => 'article', title => $t);
    my $g = kind_fields('article', title => "$t deel");
    my $r = post_again('article', $g);
    t_is($r->code, 409, 'a title very like a published one ("<title> deel"): 409');
    ok lists($r->content, $p, $t), '... listing that record' or diag(duplicates_section($r->content) // 'no section');
    is count_records($g->{title}, $g->{description}), 0, '... DB: nothing saved';
    $g->{confirm_duplicate} = 1;
    t_is(post_again('article', $g)->code, 303, '... confirmed: 303');
    is count_records($g->{title}, $g->{description}), 1, '... DB: saved';
}

# ---- like a pending record's title only: no warning (1) ----------------------------------------
{
    my $t = unique_title('Bladgroen');
    make_record(kind => 'article', state => 'pending', title => $t);
    my $g = kind_fields('article', title => "$t deel");
    t_is(post_again('article', $g)->code, 303, "a title like a pending record's only: no warning, 303");
}

# ---- the same file as another record (4) -------------------------------------------------------------
{
    my $pdf = pdf_bytes();
    my $t = unique_title('Werkblad');
    my $other = make_record(kind => 'document', title => $t);
    add_file($other, $pdf, 'werkblad.pdf', 'application/pdf');
    my $g = kind_fields('document', file => KC::Account::file_part('mijn-werkblad.pdf', 'application/pdf', $pdf));
    my $r = post_again('document', $g);
    t_is($r->code, 409, 'a file with the sha256 of another record: 409');
    ok lists($r->content, $other, $t), '... listing that record' or diag(duplicates_section($r->content) // 'no section');
    is count_records($g->{title}, $g->{description}), 0, '... DB: nothing saved';
    $g->{confirm_duplicate} = 1;
    $r = post_again('document', $g);
    my $nid = db()->selectrow_array(q{SELECT id FROM records WHERE title = ?}, undef, $g->{title});
    ok $r->code == 303 && $nid && (record_row($nid)->{file_sha256} // '') eq sha256_hex($pdf),
       '... confirmed (file sent again): 303, saved with that file' or diag('status ' . $r->code);
}

forget_login_failures();
