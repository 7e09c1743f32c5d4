-- 020_links.sql -- the dead-links job (issue 12): the last check of each
-- published record's link, and the report and notifications it raises.
--
-- The functions: sql/functions/links.sql. The job: jobs/kc_job_links.c.

-- One row per record whose link was checked: the URL checked (an edited
-- URL starts over), the last answer, how many checks in a row failed, and
-- the open dead-link report while the link is dead.
CREATE TABLE link_checks (
    record_id          bigint PRIMARY KEY REFERENCES records ON DELETE CASCADE,
    url                text NOT NULL,
    checked_at         timestamptz NOT NULL DEFAULT now(),
    ok                 boolean NOT NULL,
    http_status        int NULL CHECK (http_status BETWEEN 0 AND 999),
    error              text NULL CHECK (char_length(error) <= 300),
    failures_in_a_row  int NOT NULL DEFAULT 0 CHECK (failures_in_a_row >= 0),
    dead_since         timestamptz NULL,
    report_id          bigint NULL REFERENCES reports ON DELETE SET NULL,
    CONSTRAINT link_checks_ok_check CHECK (NOT ok OR failures_in_a_row = 0),
    CONSTRAINT link_checks_dead_check CHECK (dead_since IS NULL OR failures_in_a_row >= 3)
);

-- The job takes the links checked longest ago.
CREATE INDEX link_checks_checked_idx ON link_checks (checked_at);

-- A dead link is reported by the site itself: no reporter, reason
-- 'dead_link'; it is closed as 'recovered' when the link works again.
ALTER TABLE reports ALTER COLUMN reporter_id DROP NOT NULL;
ALTER TABLE reports DROP CONSTRAINT reports_reason_check;
ALTER TABLE reports ADD CONSTRAINT reports_reason_check
    CHECK (reason IN ('copyright', 'wrong', 'offensive', 'spam', 'dead_link'));
ALTER TABLE reports ADD CONSTRAINT reports_reporter_check
    CHECK (reporter_id IS NOT NULL OR reason = 'dead_link');
ALTER TABLE reports DROP CONSTRAINT reports_outcome_check;
ALTER TABLE reports ADD CONSTRAINT reports_outcome_check
    CHECK (outcome IN ('dismissed', 'acted', 'recovered'));

-- The author hears that the link is dead, and that it works again.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('approved', 'changes_requested', 'refused',
                    'objection_upheld', 'objection_overturned',
                    'taken_down', 'restored', 'removed',
                    'reaction', 'answer', 'accepted', 'message',
                    'link_dead', 'link_recovered'));
