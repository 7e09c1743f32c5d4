package KC::Test;
# Helpers for the Apache::Test suite: the test database, fixtures, and
# requests without following redirects.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use DBI;
use Apache::TestRequest ();
use Test::More ();

our @EXPORT_OK = qw(db make_member make_record make_records expect_errors
                    get_noredirect uniq t_is);

our $dbh;

# The suite's database (t/run-suite exports the libpq variables).
sub db {
    return $dbh if $dbh && $dbh->ping;
    $dbh = DBI->connect("dbi:Pg:host=$ENV{PGHOST};port=$ENV{PGPORT};dbname=$ENV{PGDATABASE}",
                        $ENV{PGUSER}, '', { AutoCommit => 1, RaiseError => 1,
                                            PrintError => 0, pg_enable_utf8 => 1 });
    return $dbh;
}

my $seq = 0;
# A string unique to this test run and process.
sub uniq { return sprintf '%s-%d-%d-%d', shift // 'u', $$, time, ++$seq }

# make_member(%fields) -> id. A member with a registration ledger row.
sub make_member {
    my %f = @_;
    my $email = $f{email} // uniq('member') . '@example.test';
    my ($id) = db()->selectrow_array(
        q{INSERT INTO members (email, first_name, surname, country, role)
          VALUES (?, ?, ?, ?, ?) RETURNING id}, undef,
        $email, $f{first_name} // 'Test', $f{surname} // 'Leraar',
        $f{country} // 'BE', $f{role} // 'member');
    return $id;
}

# make_record(%fields) -> id. Published by default, with one subject and
# one level.
sub make_record {
    my %f = @_;
    my $author = $f{author_id} // make_member();
    my $state = $f{state} // 'published';
    my ($id) = db()->selectrow_array(
        q{INSERT INTO records (kind, title, description, language, licence,
                               author_id, author_name, state, published_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?,
                  CASE WHEN ? = 'published' THEN COALESCE(?::timestamptz, now()) END)
          RETURNING id}, undef,
        $f{kind} // 'document', $f{title} // uniq('Leermiddel'),
        $f{description} // 'Een beschrijving van dit leermiddel.',
        $f{language} // 'nl', $f{licence} // 'by', $author,
        $f{author_name} // 'Test Leraar', $state, $state, $f{published_at});
    db()->do(q{INSERT INTO record_subjects (record_id, subject_id)
               SELECT ?, id FROM subjects ORDER BY position LIMIT 1}, undef, $id);
    db()->do(q{INSERT INTO record_levels (record_id, level_id)
               SELECT ?, id FROM levels ORDER BY position LIMIT 1}, undef, $id);
    return $id;
}

# t_is(got, expected, name): `is` for strings, `like` for regexps.
sub t_is {
    my ($got, $want, $name) = @_;
    my $tb = Test::More->builder;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    return ref $want eq 'Regexp' ? Test::More::like($got, $want, $name)
                                 : Test::More::is($got, $want, $name);
}

sub make_records {
    my ($n, %f) = @_;
    return map { make_record(%f) } 1 .. $n;
}

# GET without following redirects.
sub get_noredirect {
    my ($url, @headers) = @_;
    local $Apache::TestRequest::RedirectOK = 0;
    return Apache::TestRequest::GET($url, @headers);
}

# Run $code while errors in the error log are expected (t/run-suite skips
# the lines between the markers).
sub expect_errors {
    my ($code) = @_;
    my $log = Apache::Test::vars('t_logs') . '/error_log';
    _mark($log, 'begin');
    my @r = eval { $code->() };
    my $err = $@;
    sleep 1;    # let httpd flush what the requests logged
    _mark($log, 'end');
    die $err if $err;
    return wantarray ? @r : $r[0];
}

sub _mark {
    my ($log, $what) = @_;
    open my $fh, '>>', $log or die "$log: $!";
    print {$fh} "[KC-TEST expected-errors-$what]\n";
    close $fh;
}

1;
