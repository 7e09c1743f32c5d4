-- 017_trust.sql -- accounts and trust (issue 17).
--
-- Login throttling that does not lock out a whole school. Every login
-- attempt (and every current-password check of /me/password, /me/delete)
-- is recorded in login_failures *before* bcrypt runs, by the statement that
-- decides whether it may run (kc_login_attempt, sql/functions/accounts.sql);
-- a row stays a failure until the attempt succeeds, which clears it and the
-- earlier failures of the same (e-mail, client address) pair. The counts
-- are per pair (growing delays), per address (a high threshold) and per
-- e-mail (a slow-down only); kc_login_throttled (5 per e-mail or per
-- address, checked apart from the recording) goes.
ALTER TABLE login_failures ADD COLUMN cleared_at timestamptz NULL;
CREATE INDEX login_failures_pair_idx ON login_failures (email_lower, ip, at)
    WHERE cleared_at IS NULL;
DROP FUNCTION IF EXISTS kc_login_throttled(text, text);

-- Moderation without bait and switch: every edit of a contribution by its
-- author bumps records.version (kc_contribution_update); the review form
-- carries the version it showed, and approve, ask-for-changes and refuse
-- answer 'changed' when it is no longer the current one. The three
-- functions get a p_version argument: the old signatures go.
ALTER TABLE records ADD COLUMN version int NOT NULL DEFAULT 1;
DROP FUNCTION IF EXISTS kc_moderate_approve(bigint, bigint, text, text, text, int[], int[]);
DROP FUNCTION IF EXISTS kc_moderate_changes(bigint, bigint, text);
DROP FUNCTION IF EXISTS kc_moderate_refuse(bigint, bigint, text, text);

-- Reports: one open report per member per target (a second one is the
-- same report), at most 20 a day per member (kc_report_file, which now
-- answers 'ok:<id>' | 'already' | 'ratelimit' instead of the id: the old
-- signature goes). Open duplicates filed before are dismissed first, the
-- oldest of each kept.
UPDATE reports SET closed_at = now(), outcome = 'dismissed'
 WHERE closed_at IS NULL
   AND id NOT IN (SELECT min(id) FROM reports WHERE closed_at IS NULL
                   GROUP BY reporter_id, target_type, target_id);
CREATE UNIQUE INDEX reports_one_open_idx ON reports (reporter_id, target_type, target_id)
    WHERE closed_at IS NULL;
CREATE INDEX reports_reporter_idx ON reports (reporter_id, created_at);
DROP FUNCTION IF EXISTS kc_report_file(bigint, text, bigint, text, text);
