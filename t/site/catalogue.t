# Every message the C code asks for exists in every catalogue: the keys
# written literally in the sources, the field labels of every form error,
# and the families built from codes (states, roles, reasons, actions...).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Find;

my $src = $ENV{KC_SRCDIR} or die 'KC_SRCDIR not set';
my %cat;
for my $lang (qw(nl en)) {
    open my $fh, '<:encoding(UTF-8)', "$src/templates/i18n/$lang.txt" or die $!;
    while (<$fh>) {
        next if /^\s*(#|$)/;
        $cat{$lang}{$1} = 1 if /^\s*([A-Za-z0-9_.-]+)\s*=/;
    }
}

my (%keys, %fields);
find(sub {
    return unless /\.c$/;
    open my $fh, '<', $_ or die $!;
    local $/;
    my $c = <$fh>;
    $keys{$1} = 1 while $c =~ /kc_msg\(req,\s*"([a-z0-9_.]+)"\)/g;
    $keys{$1} = 1 while $c =~ /kc_tmpl_msg\([^;]*?"([a-z0-9_]+\.[a-z0-9_.]+)"/g;
    while ($c =~ /kc_error_add\([^,]+,\s*"([a-z0-9_]+)",\s*"([a-z0-9_.]+)"/g) {
        $fields{$1} = 1;
        $keys{$2} = 1;
    }
    $keys{$1} = 1 while $c =~ /\?\s*"((?:form|login)\.error\.[a-z_]+)"/g;
}, "$src/mod_klascement");

my %family = (
    state  => [qw(pending published refused taken_down changes_requested withdrawn removed)],
    role   => [qw(member organisation moderator admin)],
    reason => [qw(copyright quality duplicate off_topic incomplete other wrong offensive spam)],
    action => [qw(submitted resubmitted changes_requested approved refused withdrawn objection
                  objection_upheld objection_overturned taken_down restored removed approve
                  request_changes refuse report_close objection_uphold objection_overturn
                  takedown restore remove ban unban set_role set_scope)],
    notification => [qw(approved changes_requested refused objection_upheld objection_overturned
                        taken_down restored removed)],
    notice => [qw(profile password registered deleted submitted withdrawn objection reported
                  approved already changes refused closed decided takedown restored removed
                  banned unbanned role scope)],
    country => [qw(BE NL)],
    facet  => [qw(kind subject level language licence)],
    sort   => [qw(relevance newest rating)],
);
for my $f (keys %family) { $keys{"$f.$_"} = 1 for @{ $family{$f} } }
$keys{"kind.$_.help"} = 1 for qw(calendar article document site own_site software exercise
                                  lemma image audio video product);
for my $code (qw(400 403 404 405 413 429 500 503)) {
    $keys{"error.$code.title"} = $keys{"error.$code.message"} = 1;
}
$keys{"field.$_"} = 1 for keys %fields;

my @all = sort keys %keys;
plan tests => 2 * @all;
for my $lang (qw(nl en)) {
    ok($cat{$lang}{$_}, "$lang.txt has $_") for @all;
}
