# Every statement of the label table that returns rows has the columns its
# column list (store/kc_sql_*.h) names, in that order: each is described by
# PostgreSQL (psql \gdesc: prepared, never run) against the suite's database,
# so a reordered, added or renamed column fails here even for a statement no
# other test runs. (The module checks the same on each statement's first
# result, and refuses to read on if it differs.)
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp qw(tempfile);

my $build = $ENV{KC_BUILDDIR} // $ENV{KC_SRCDIR} // '.';
my $dump = "$build/t/db/sql_dump";
my @statements;
for my $line (`"$dump"`) {
    chomp $line;
    my ($label, $ncols, $names, $sql) = split /\t/, $line, 4;
    push @statements, { label => $label, ncols => $ncols, sql => $sql,
                        names => $names eq '-' ? undef : [split /,/, $names] };
}

plan tests => 2 + @statements;

ok(@statements >= 60, "$dump lists the statements that return rows")
    or diag("$dump gave " . scalar(@statements) . " statements: $?");

# apr_dbd's placeholders as PostgreSQL's: %s is sent as a varchar ($n), %%
# is a %.
sub pg_sql {
    my ($sql) = @_;
    my $n = 0;
    $sql =~ s/%(%|s)/$1 eq '%' ? '%' : '$' . ++$n . '::varchar'/ge;
    return $sql;
}

# One psql run describes them all; "==label" lines separate the answers.
my ($fh, $script) = tempfile(UNLINK => 1);
for my $s (@statements) {
    print {$fh} "\\echo ==$s->{label}\n", pg_sql($s->{sql}), " \\gdesc\n";
}
close $fh;
my %got;
my $label;
for my $line (`psql -X -q -A -t -v ON_ERROR_STOP=0 -f "$script" 2>&1`) {
    chomp $line;
    if ($line =~ /^==(\w+)$/) {
        $label = $1;
        $got{$label} = { names => [], errors => [] };
    }
    elsif (defined $label && $line =~ /ERROR/) {
        push @{ $got{$label}{errors} }, $line;
    }
    elsif (defined $label && $line =~ /^([^|]+)\|/) {
        push @{ $got{$label}{names} }, $1;
    }
}

# Why the columns differ from the list, or '' when they match.
sub mismatch {
    my ($s, $names) = @_;
    return "$s->{ncols} columns in the list, " . scalar(@$names) . " described"
        if @$names != $s->{ncols};
    return '' unless $s->{names};
    for my $i (0 .. $#$names) {
        return "column $i is $names->[$i], the list says $s->{names}[$i]"
            if lc $names->[$i] ne lc $s->{names}[$i];
    }
    return '';
}

for my $s (@statements) {
    my $g = $got{$s->{label}} // { names => [], errors => ['no answer'] };
    my $why = @{ $g->{errors} } ? join('; ', @{ $g->{errors} })
                                : mismatch($s, $g->{names});
    ok($why eq '', "$s->{label}: its columns are its column list")
        or diag($why);
}

# The comparison notices two columns swapped.
my ($named) = grep { $_->{names} && @{ $_->{names} } >= 2 } @statements;
my @swapped = @{ $named->{names} };
@swapped[0, 1] = @swapped[1, 0];
ok(mismatch($named, \@swapped) ne '', "a swapped pair in $named->{label} is noticed");
