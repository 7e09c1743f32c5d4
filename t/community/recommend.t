# Recommending a record by mail (spec/community.md "On records"): POST
# /records/ID/recommend writes mail_outbox (to_address, subject, body with
# KlasCementBaseURL/records/ID), delivers it through KlasCementSendmail
# (the suite's command appends each message to $KC_TMP/mail.log) and sets
# sent_at; +5 once per (member, record, lower(e-mail)); invalid e-mail ->
# 400 data-field="email"; 10 per member per day, then 429.
#
# Resolutions of the spec used here:
# - The member reads the record first (not a stated condition).
# - The link in the mail is an absolute URL ending in /records/ID (the
#   suite's KlasCementBaseURL is http://127.0.0.1).
# - Delivery finishes within ~5 s of the response (polled).
# - Recommending the same record to the same address in other letter case
#   pays nothing more (the key holds lower(email)).
# - A message over 1000 characters -> 400 data-field="message".
# - Refused requests (400, 429) write no outbox row and pay nothing; the
#   daily limit counts the member's recommendations (outbox rows) of the
#   last 24 hours / the day.
use strict;
use warnings FATAL => 'all';
no warnings 'uninitialized';    # a missing row compares as empty: the test fails, the file runs on
use Apache::Test qw(-withtestmore);
use KC::Test qw(t_is make_record uniq);
use KC::Account qw(forget_login_failures has_error_field);
use KC::Contribute qw(unique_title balance rand_word);
use KC::Community qw(rule text_of_length reader refused recommend outbox_rows wait_outbox_sent
                     mail_message ledger_of paid);

plan tests => 19, need_lwp;

forget_login_failures();

my $rule = rule('recommend');
my $PTS = $rule->{points};
my $LIMIT = 10;    # community.md: recommendations 10 per member per day

sub status_of { my ($res) = @_; return 'status ' . $res->code . ' ' . ($res->header('Location') // '') }
sub address { return 'collega.' . rand_word(10) . '@example.test' }

my $rid = make_record(title => unique_title('Aanrader'));
my $link = qr{https?://[^\s/"'<>]+/records/$rid(?![0-9])};
my $m = reader($rid);
my $bal = balance($m->{id});

# ---- a recommendation: outbox, delivery, points (9) -------------------------------------
my $email = address();
my $res = recommend($m, $rid, $email, 'Dit is iets voor jouw klas.');
t_is($res->code, 303, 'POST /records/ID/recommend: 303');
my @out = outbox_rows($email);
ok @out == 1 && length($out[0]{subject} // '') && ($out[0]{body} // '') =~ $link,
   'DB: one mail_outbox row to the address, with a subject and the link to the record'
   or diag(explain \@out);
@out = wait_outbox_sent($email);
ok @out == 1 && defined $out[0]{sent_at} && !length($out[0]{last_error} // ''),
   '... sent_at set, no last_error (the sendmail command exited 0)' or diag(explain \@out);
my $msg = mail_message($email);
ok $msg, 'the mail log has a message with a To: header naming the address';
$msg //= { headers => '', body => '' };
ok $msg->{headers} =~ /^Subject:\s*\S/mi && $msg->{headers} =~ /^From:\s*\S/mi,
   '... with Subject: and From: headers' or diag($msg->{headers});
like $msg->{body}, $link, '... and the link to the record in the body';
my @l = ledger_of("recommend:$m->{id}:$rid:" . lc $email);
ok @l == 1 && $l[0]{member_id} == $m->{id} && $l[0]{event} eq 'recommend' && $l[0]{amount} == $PTS,
   "ledger: recommend:MEMBER:RECORD:EMAIL, +$PTS" or diag(explain \@l);
is balance($m->{id}), $bal + $PTS, "... balance + $PTS";
$res = recommend($m, $rid, uc $email, '');
ok $res->code == 303 && ledger_of("recommend:$m->{id}:$rid:" . lc $email) == 1 && balance($m->{id}) == $bal + $PTS,
   'the same address in capitals again: 303, nothing paid again' or diag(status_of($res));

# ---- refusals (5) -----------------------------------------------------------------
for my $bad ('geen-adres', '') {
    $res = refused(sub { recommend($m, $rid, $bad, '') });
    ok $res->code == 400 && has_error_field($res->content, 'email'),
       "e-mail '$bad': 400 data-field=\"email\"" or diag(status_of($res));
}
ok !outbox_rows('geen-adres') && balance($m->{id}) == $bal + $PTS, '... no outbox row, nothing paid';
my $long_to = address();
$res = refused(sub { recommend($m, $rid, $long_to, text_of_length(1001, 'Lang bericht')) });
ok $res->code == 400 && has_error_field($res->content, 'message') && !outbox_rows($long_to),
   'a message of 1001 characters: 400 data-field="message", no outbox row' or diag(status_of($res));
my $nocsrf = address();
$res = refused(sub { recommend($m, $rid, $nocsrf, '', csrf => 0) });
ok $res->code == 403 && !outbox_rows($nocsrf), 'no csrf field: 403, no outbox row' or diag(status_of($res));

# ---- 10 a day, then 429 (5) --------------------------------------------------------
{
    my $f = reader($rid);
    my $fbal = balance($f->{id});
    my @to = map { address() } 1 .. $LIMIT;
    my @codes = map { recommend($f, $rid, $_, '')->code } @to;
    ok !grep({ $_ != 303 } @codes), "$LIMIT recommendations to $LIMIT addresses: 303 each" or diag("@codes");
    is scalar(grep { outbox_rows($_) == 1 } @to), $LIMIT, "... $LIMIT outbox rows";
    my $extra = address();
    $res = refused(sub { recommend($f, $rid, $extra, '') });
    t_is($res->code, 429, 'number ' . ($LIMIT + 1) . ' that day: 429');
    ok !outbox_rows($extra) && !ledger_of("recommend:$f->{id}:$rid:" . lc $extra), '... no outbox row, nothing paid';
    my $paid_n = defined $rule->{daily_cap} && $rule->{daily_cap} < $LIMIT ? $rule->{daily_cap} : $LIMIT;
    is balance($f->{id}), $fbal + $paid_n * $PTS, "balance: + $paid_n x $PTS";
}
