# /calendar.ics and /training.ics: the calendar activities as iCalendar
# (RFC 5545): one VEVENT per published activity with a stable UID, times
# in UTC (Brussels summer and winter time), day events as dates, TEXT
# escaping of , ; \ and line breaks, lines folded at 75 octets, CRLF;
# ?subject= and ?province= as on the HTML pages, bad codes 400; linked from
# /calendar and /training.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use JSON::PP ();
use KC::Test qw(t_is db make_member make_record uniq);

plan tests => 31, need_lwp;

sub org {
    my ($province) = @_;
    my $m = make_member(role => 'organisation');
    db()->do(q{INSERT INTO organisation_profiles (member_id, kind, name, province)
               VALUES (?, 'training', ?, ?)}, undef, $m, uniq('Vormingscentrum'), $province);
    return $m;
}
sub activity {
    my (%f) = @_;
    my $details = delete $f{details};
    my $org = delete $f{organisation};
    my $id = make_record(kind => 'calendar', %f);
    db()->do(q{UPDATE records SET details = ?::jsonb, organisation_id = ? WHERE id = ?}, undef,
             JSON::PP->new->encode($details), $org, $id);
    return $id;
}
sub subject {
    my ($id, $code) = @_;
    db()->do(q{DELETE FROM record_subjects WHERE record_id = ?}, undef, $id);
    db()->do(q{INSERT INTO record_subjects (record_id, subject_id) SELECT ?, id FROM subjects WHERE code = ?},
             undef, $id, $code);
}
# The response's VEVENTs by record id, each a hash of unfolded lines.
sub events {
    my ($body) = @_;
    (my $unfolded = $body) =~ s/\r\n //g;
    my %ev;
    for my $v ($unfolded =~ /BEGIN:VEVENT\r\n(.*?)END:VEVENT\r\n/sg) {
        my %p = map { /^([^:]+):(.*)$/ ? ($1 => $2) : () } split /\r\n/, $v;
        my ($id) = ($p{UID} // '') =~ /^record-(\d+)\@/;
        $ev{$id // 0} = \%p;
    }
    return \%ev;
}
sub ics {
    my ($path) = @_;
    my $res = GET($path);
    my $body = $res->content;
    ok $res->code == 200 && ($res->header('Content-Type') // '') eq 'text/calendar; charset=utf-8',
       "$path: 200 text/calendar" or diag($res->status_line . ' ' . substr($body, 0, 300));
    return $body;
}

my $gent = org('oost-vlaanderen');
my $antw = org('antwerpen');
my $long = 'Studiedag ' . ('over lezen en schrijven ' x 8) . 'einde';
my $summer = activity(title => 'Vorming: breuken, deel 1; "samen" \ online', organisation => $gent,
                      description => "Regel een\nRegel twee, met; tekens \\ erin.",
                      details => { start_date => '2030-05-06', start_time => '14:00',
                                   end_time => '16:30', place => 'Gent, zaal 1', organiser => 'CVO Gent' });
my $winter = activity(title => $long, organisation => $antw,
                      details => { start_date => '2030-01-15', start_time => '09:00',
                                   end_date => '2030-01-16', end_time => '12:00', online_url => 'https://meet.example.test/x' });
my $days = activity(title => 'Leesweek', details => { start_date => '2030-06-01', end_date => '2030-06-02' });
subject($days, 'wiskunde');
my $old = activity(title => 'Lang geleden', details => { start_date => '2020-01-01' });
my $pending = activity(title => 'Nog niet', state => 'pending', details => { start_date => '2030-01-01' });

my $body = ics('/calendar.ics');
like $body, qr/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:[^\r\n]+\r\n/, 'a VCALENDAR, version 2.0, with PRODID';
like $body, qr/END:VCALENDAR\r\n$/, '... closed';
ok !($body =~ /(?<!\r)\n/), 'every line ends in CRLF';
ok !(grep { length($_) > 75 } split /\r\n/, $body), 'no line longer than 75 octets';
my $ev = events($body);
ok $ev->{$summer} && $ev->{$winter} && $ev->{$days}, 'the published upcoming activities';
ok !$ev->{$old} && !$ev->{$pending}, 'not long past ones, not unpublished ones';
my $e = $ev->{$summer};
t_is($e->{UID}, "record-$summer\@127.0.0.1", 'UID: the record at the site host');
like $e->{DTSTAMP} // '', qr/^\d{8}T\d{6}Z$/, 'DTSTAMP in UTC';
t_is($e->{DTSTART}, '20300506T120000Z', 'DTSTART: 14:00 Brussels summer time is 12:00 UTC');
t_is($e->{DTEND}, '20300506T143000Z', 'DTEND: the end time, UTC');
t_is($ev->{$winter}{DTSTART}, '20300115T080000Z', 'winter time: UTC+1');
t_is($ev->{$winter}{DTEND}, '20300116T110000Z', 'an end on another day');
t_is($ev->{$days}{'DTSTART;VALUE=DATE'}, '20300601', 'a day event starts on a date');
t_is($ev->{$days}{'DTEND;VALUE=DATE'}, '20300603', '... and ends the day after its last day');
t_is($e->{SUMMARY}, 'Vorming: breuken\, deel 1\; "samen" \\\\ online', 'SUMMARY: , ; \ escaped');
t_is($e->{DESCRIPTION}, 'Regel een\nRegel twee\, met\; tekens \\\\ erin.\nDoor CVO Gent',
     'DESCRIPTION: line breaks as \n, the organiser');
t_is($e->{URL}, "http://127.0.0.1/records/$summer", 'URL: the record page');
t_is($e->{LOCATION}, 'Gent\, zaal 1', 'LOCATION: the place');
t_is($ev->{$winter}{LOCATION}, 'https://meet.example.test/x', '... else the online address');
utf8::encode(my $bytes = $long);
t_is($ev->{$winter}{SUMMARY}, $bytes, 'a long SUMMARY folds and unfolds to itself');

$ev = events(ics('/calendar.ics?subject=wiskunde'));
ok $ev->{$days} && !$ev->{$summer}, '?subject=: only that subject';
$ev = events(ics('/training.ics'));
ok $ev->{$summer} && $ev->{$winter} && !$ev->{$days}, '/training.ics: the training organisations\' activities';
$ev = events(ics('/training.ics?province=antwerpen'));
ok $ev->{$winter} && !$ev->{$summer}, '?province=: the organisation\'s province';

my $bad = GET('/calendar.ics?subject=bestaat-niet');
ok $bad->code == 400 && $bad->content =~ /subject/, 'an unknown subject: 400 naming it';
$bad = GET('/training.ics?province=atlantis');
ok $bad->code == 400 && $bad->content =~ /province/, 'an unknown province: 400 naming it';

like GET('/calendar')->content, qr{<link rel="alternate" type="text/calendar" href="/calendar\.ics" title="[^"]+">.*<a href="/calendar\.ics" type="text/calendar">}s,
    '/calendar links its feed (head and visibly)';
like GET('/training?province=antwerpen')->content, qr{<link rel="alternate" type="text/calendar" href="/training\.ics\?province=antwerpen"},
    '/training links the feed of its province';
