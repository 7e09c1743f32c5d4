# The licence chooser of the contribution form (spec/moderation.md):
# the answers to "may others adapt it?" and "may they use it commercially?"
# give a Creative Commons licence; waiving all rights gives CC0; "all
# rights reserved (with permission)" gives arr. records.licence is checked.
#
# Resolutions of the spec used here:
# - lic_waive=1 and lic_arr=1 are sent without the two questions.
# - No answer at all, or an unknown answer, is a 400 whose data-field is
#   the question (lic_adapt, lic_commercial, ...) or "licence" (the
#   chooser as a whole): the spec names no field for it.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is);
use KC::Account qw(forget_login_failures error_fields);
use KC::Contribute qw(contribute record_row count_records);

my @CASES = (
    [ { lic_waive => 1, lic_adapt => undef, lic_commercial => undef }, 'cc0' ],
    [ { lic_adapt => 'yes',         lic_commercial => 'yes' }, 'by' ],
    [ { lic_adapt => 'sharealike',  lic_commercial => 'yes' }, 'by-sa' ],
    [ { lic_adapt => 'no',          lic_commercial => 'yes' }, 'by-nd' ],
    [ { lic_adapt => 'yes',         lic_commercial => 'no' },  'by-nc' ],
    [ { lic_adapt => 'sharealike',  lic_commercial => 'no' },  'by-nc-sa' ],
    [ { lic_adapt => 'no',          lic_commercial => 'no' },  'by-nc-nd' ],
    [ { lic_arr => 1, lic_adapt => undef, lic_commercial => undef }, 'arr' ],
);

plan tests => 2 * @CASES + 6, need_lwp;

forget_login_failures();

my $c = KC::Account->registered;

sub answers {
    my ($a) = @_;
    return join ', ', map { "$_=$a->{$_}" } grep { defined $a->{$_} } sort keys %$a;
}

# ---- each combination (2 each) ---------------------------------------------------------
for my $case (@CASES) {
    my ($ans, $want) = @$case;
    my ($res, $id) = contribute($c, 'site', %$ans);
    t_is($res->code, 303, answers($ans) . ': 303');
    is $id ? record_row($id)->{licence} : undef, $want, '... DB: licence ' . $want;
}

# ---- no answer, a wrong answer (3 each) -----------------------------------------------------
{
    my ($res, undef, $f) = contribute($c, 'site', lic_adapt => undef, lic_commercial => undef);
    t_is($res->code, 400, 'no licence answer at all: 400');
    my @fields = error_fields($res->content);
    ok @fields && !grep({ !/^(?:lic_\w+|licence)$/ } @fields),
       '... naming the licence question(s) (lic_* or licence)' or diag("fields: @fields");
    is count_records($f->{title}, $f->{description}), 0, '... DB: nothing written';
}
{
    my ($res, undef, $f) = contribute($c, 'site', lic_adapt => 'maybe');
    t_is($res->code, 400, 'lic_adapt=maybe: 400');
    t_is(join(',', error_fields($res->content)), qr/^(?:lic_adapt|licence)$/,
         '... data-field="lic_adapt" (or "licence")');
    is count_records($f->{title}, $f->{description}), 0, '... DB: nothing written';
}

forget_login_failures();
