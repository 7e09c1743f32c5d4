-- 019_jobs.sql -- work that runs by itself (mod_watchdog, jobs/ in the
-- module): each job's state, the outbox's retries, inactive accounts.
-- Functions: sql/functions/jobs.sql (and community.sql for the outbox).

-- One row per job, written by the nodes that run it. A run takes the
-- advisory lock of its job first (pg_try_advisory_lock), so one node at a
-- time runs a job; next_due moves on only when a run ends, so a run cut
-- short (a node stopped mid-job) is due again for the next node.
CREATE TABLE jobs (
    name              text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
    interval_s        int NOT NULL CHECK (interval_s > 0),
    next_due          timestamptz NOT NULL DEFAULT now(),
    run_requested_at  timestamptz NULL,     -- "run now" from /admin/jobs
    run_requested_by  bigint NULL REFERENCES members,
    last_start        timestamptz NULL,
    last_end          timestamptz NULL,
    last_result       text NULL CHECK (last_result IN ('ok', 'error')),
    last_rows         bigint NULL,
    last_message      text NULL,
    last_node         text NULL,
    runs              bigint NOT NULL DEFAULT 0,
    failures          bigint NOT NULL DEFAULT 0
);

-- The outbox retries with back-off and gives up after a limit: a row that
-- failed for good has failed_at and stays visible on /admin/jobs.
ALTER TABLE mail_outbox
    ADD COLUMN next_attempt_at timestamptz NULL,
    ADD COLUMN failed_at       timestamptz NULL;
DROP INDEX mail_outbox_unsent_idx;
CREATE INDEX mail_outbox_unsent_idx ON mail_outbox (created_at, id)
    WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX mail_outbox_failed_idx ON mail_outbox (failed_at DESC)
    WHERE failed_at IS NOT NULL;

-- When a member last used the site (a login, a session's last-seen time),
-- and where the inactivity procedure stands: the reminders 30 and 7 days
-- before delete_after. A later last_active_at cancels the procedure.
ALTER TABLE members
    ADD COLUMN last_active_at     timestamptz NULL,
    ADD COLUMN inactive_notice    int NULL CHECK (inactive_notice IN (30, 7)),
    ADD COLUMN inactive_notice_at timestamptz NULL,
    ADD COLUMN delete_after       timestamptz NULL;
UPDATE members m
   SET last_active_at = greatest(m.created_at,
                                 (SELECT max(s.last_seen_at) FROM sessions s
                                   WHERE s.member_id = m.id));
ALTER TABLE members ALTER COLUMN last_active_at SET DEFAULT now(),
                    ALTER COLUMN last_active_at SET NOT NULL;
CREATE INDEX members_last_active_idx ON members (last_active_at)
    WHERE deleted_at IS NULL;
-- Birthdays of the day: month and day of live members.
CREATE INDEX members_birthday_md_idx
    ON members ((extract(month FROM birthday)), (extract(day FROM birthday)))
    WHERE deleted_at IS NULL AND birthday IS NOT NULL;

-- The mails the inactivity procedure sends, by language.
CREATE TABLE job_mail_texts (
    code     text NOT NULL,
    lang     text NOT NULL CHECK (lang IN ('nl', 'en')),
    subject  text NOT NULL,
    body     text NOT NULL,           -- {name}, {date} and {url} are filled in
    PRIMARY KEY (code, lang)
);
INSERT INTO job_mail_texts (code, lang, subject, body) VALUES
('inactive_30', 'nl', 'Je KlasCement-account wordt binnenkort verwijderd',
 E'Dag {name},\n\nJe hebt je KlasCement-account al bijna een jaar niet gebruikt. Volgens onze gebruiksvoorwaarden wordt een account dat een jaar niet gebruikt wordt verwijderd: dat gebeurt op {date}.\n\nWil je je account houden? Meld je dan voor die datum aan op {url}/login. Je bijdragen blijven in elk geval op KlasCement staan, met je naam als auteur.\n\nHet KlasCement-team'),
('inactive_30', 'en', 'Your KlasCement account will be deleted soon',
 E'Dear {name},\n\nYou have not used your KlasCement account for almost a year. Under our terms of use an account that is not used for a year is deleted: this will happen on {date}.\n\nTo keep your account, log in before that date at {url}/login. Your contributions stay on KlasCement in any case, with your name as their author.\n\nThe KlasCement team'),
('inactive_7', 'nl', 'Nog een week: je KlasCement-account wordt verwijderd',
 E'Dag {name},\n\nOp {date} wordt je KlasCement-account verwijderd, omdat je het een jaar niet gebruikt hebt. Meld je aan op {url}/login om het te houden.\n\nHet KlasCement-team'),
('inactive_7', 'en', 'One more week: your KlasCement account will be deleted',
 E'Dear {name},\n\nOn {date} your KlasCement account will be deleted because you have not used it for a year. Log in at {url}/login to keep it.\n\nThe KlasCement team');
