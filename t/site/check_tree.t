# tools/check-tree (run by t/run-suite on the real tree) notices each kind
# of mistake it is there for: run on copies of the tree, each with one
# mistake put in, it fails naming the mistake.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp qw(tempdir);
use KC::Test qw(t_is);

my $src = $ENV{KC_SRCDIR} or die 'KC_SRCDIR not set';
my $check = "$src/tools/check-tree";

# A copy of what the check reads, changed by $edit (given the copy's path).
sub check_copy {
    my ($edit) = @_;
    my $dir = tempdir(CLEANUP => 1);
    mkdir "$dir/$_" or die $! for qw(docs conf);
    system('cp', '-r', "$src/mod_klascement", "$dir/") == 0 or die 'cp failed';
    system('cp', "$src/README.md", "$dir/") == 0 or die 'cp failed';
    system('cp', "$src/docs/log-messages.md", "$dir/docs/") == 0 or die 'cp failed';
    system('cp', "$src/conf/klascement.conf.in", "$dir/conf/") == 0 or die 'cp failed';
    $edit->($dir) if $edit;
    my $out = `$check $dir 2>&1`;
    return ($? >> 8, $out);
}

sub edit_file {
    my ($path, $code) = @_;
    open my $in, '<', $path or die "$path: $!";
    local $_ = do { local $/; <$in> };
    close $in;
    $code->();
    open my $out, '>', $path or die "$path: $!";
    print {$out} $_;
    close $out;
}

sub append_c {
    my ($text) = @_;
    return sub { edit_file("$_[0]/mod_klascement/http/kc_render.c", sub { $_ .= $text }) };
}

sub docs_edit {
    my ($code) = @_;
    return sub { edit_file("$_[0]/docs/log-messages.md", $code) };
}

my @cases = (
    [ 'an undocumented number',
      append_c(qq{\nstatic void x(server_rec *s) {\n    ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,\n                 KC_LOGNO(9999) "new");\n}\n}),
      qr{kc_render\.c:\d+: KC9999 is not listed in docs/log-messages\.md} ],
    [ 'an untagged log call over several lines',
      append_c(qq{\nstatic void x(request_rec *r) {\n    ap_log_rerror(APLOG_MARK,\n        APLOG_DEBUG, 0, r,\n        "no tag %s",\n        "(here)");\n}\n}),
      qr{kc_render\.c:\d+: ap_log_rerror\(\) without a tag} ],
    [ 'an httpd APLOGNO instead of ours',
      append_c(qq{\nstatic void x(apr_pool_t *p) {\n    ap_log_perror(APLOG_MARK, APLOG_ERR, 0, p, APLOGNO(01234) "theirs");\n}\n}),
      qr{ap_log_perror\(\) without a tag} ],
    [ 'a tag that is not the start of the format',
      append_c(qq{\nstatic void x(server_rec *s) {\n    ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, "late " KC_LOGNO(0030) "tag");\n}\n}),
      qr{ap_log_error\(\) without a tag} ],
    [ 'a number reused for another message',
      append_c(qq{\nstatic void x(server_rec *s) {\n    ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, KC_LOGNO(0030) "something else");\n}\n}),
      qr{KC0030 is already used at .* for another message} ],
    [ 'a number of three digits',
      append_c(qq{\nstatic void x(server_rec *s) {\n    ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, KC_LOGNO(999) "short");\n}\n}),
      qr{KC_LOGNO\(999\): the number must have four digits} ],
    [ 'a documented number used nowhere',
      docs_edit(sub { $_ .= "| KC9998 | error | nothing logs this |\n" }),
      qr{log-messages\.md:\d+: KC9998 is used nowhere} ],
    [ 'a number documented twice',
      docs_edit(sub { s/^(\| KC0030 \|.*\n)/$1$1/m or die }),
      qr{KC0030 is listed twice} ],
    [ 'rows out of order',
      docs_edit(sub { s/^(\| KC0030 \|.*\n)(\| KC0031 \|.*\n)/$2$1/m or die }),
      qr{KC0030 is out of order} ],
    [ 'a retired number used again',
      docs_edit(sub { s/^\| KC0030 \| error \|/| KC0030 | — | retired:/m or die }),
      qr{KC0030 is retired in docs/log-messages\.md} ],
    [ 'an unreadable row',
      docs_edit(sub { s/^\| KC0030 \|/| KC30 |/m or die }),
      qr{log-messages\.md:\d+: cannot read this row} ],
    [ 'a directive missing from README.md and the sample conf',
      append_c(qq{\nstatic const command_rec x[] = {\n    AP_INIT_TAKE1("KlasCementNewThing", NULL, NULL, RSRC_CONF, "help"),\n};\n}),
      qr{directive KlasCementNewThing has no row in README\.md.*\n.*directive KlasCementNewThing does not appear in conf/klascement\.conf\.in} ],
    [ 'a README row for a directive the code lacks',
      sub { edit_file("$_[0]/README.md", sub { s/^(\| `KlasCementDetailCost`.*\n)/$1| `KlasCementGone` *n* | server | 1 | gone |\n/m or die }) },
      qr{README\.md: the directive table describes KlasCementGone} ],
    [ 'a conf line for a directive the code lacks',
      sub { edit_file("$_[0]/conf/klascement.conf.in", sub { s/^(\s*KlasCementDetailCost .*\n)/$1    #KlasCementGone 5\n/m or die }) },
      qr{conf/klascement\.conf\.in: sets KlasCementGone} ],
);

plan tests => 1 + 2 * @cases;

my ($rc, $out) = check_copy();
t_is($rc, 0, 'an unchanged copy of the tree passes') or diag($out);
for my $case (@cases) {
    my ($name, $edit, $want) = @$case;
    ($rc, $out) = check_copy($edit);
    ok($rc != 0, "$name fails the check");
    t_is($out, $want, '... naming it') or diag($out);
}
