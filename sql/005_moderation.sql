-- 005_moderation.sql -- contributing, moderation, objections, reports,
-- notifications, the platform team's actions and the audit log
-- (spec: moderation.md, issue 5).
--
-- The functions and triggers (the conventions they share: one function per
-- change, error codes, concurrency, audit) are in sql/functions/moderation.sql
-- and admin.sql.

-- ---------------------------------------------------------------------------
-- Records: new states and moderation columns
-- ---------------------------------------------------------------------------

-- 001 declared the state CHECK inline on the column: PostgreSQL named it
-- records_state_check. Re-added under the same name.
ALTER TABLE records DROP CONSTRAINT records_state_check;
ALTER TABLE records ADD CONSTRAINT records_state_check
    CHECK (state IN ('pending', 'published', 'refused', 'taken_down',
                     'changes_requested', 'withdrawn', 'removed'));

ALTER TABLE records
    ADD COLUMN submitted_at    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN moderated_at    timestamptz NULL,
    ADD COLUMN moderated_by    bigint NULL REFERENCES members,
    ADD COLUMN refusal_code    text NULL,
    ADD COLUMN refusal_reason  text NULL,
    ADD COLUMN changes_reason  text NULL,
    ADD COLUMN takedown_reason text NULL;

-- Rows that existed before this migration were submitted when created.
UPDATE records SET submitted_at = created_at WHERE submitted_at <> created_at;

-- The moderation queue: WHERE state = 'pending' ORDER BY submitted_at, id.
CREATE INDEX records_queue_idx ON records (submitted_at, id) WHERE state = 'pending';

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

-- The history of a record, shown on the review page and to the contributor.
CREATE TABLE moderation_rounds (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id   bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    action      text NOT NULL CHECK (action IN ('submitted', 'resubmitted', 'changes_requested',
                                                'approved', 'refused', 'withdrawn', 'objection',
                                                'objection_upheld', 'objection_overturned',
                                                'taken_down', 'restored', 'removed')),
    actor_id    bigint NULL REFERENCES members,
    reason      text NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX moderation_rounds_record_idx ON moderation_rounds (record_id, id);

-- A moderator's scope. No rows at all = everything (as for an admin).
CREATE TABLE moderator_levels (
    member_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    level_id   int NOT NULL REFERENCES levels,
    PRIMARY KEY (member_id, level_id)
);

CREATE TABLE moderator_subjects (
    member_id   bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    subject_id  int NOT NULL REFERENCES subjects,
    PRIMARY KEY (member_id, subject_id)
);

-- One objection per record, ever: the primary key decides.
CREATE TABLE objections (
    record_id        bigint PRIMARY KEY REFERENCES records ON DELETE CASCADE,
    member_id        bigint NOT NULL REFERENCES members,
    text             text NOT NULL CHECK (char_length(text) BETWEEN 10 AND 5000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz NULL,
    decision         text NULL CHECK (decision IN ('upheld', 'overturned')),
    decided_by       bigint NULL REFERENCES members,
    decision_reason  text NULL,
    CONSTRAINT objections_decided_check CHECK ((decided_at IS NULL) = (decision IS NULL))
);

CREATE INDEX objections_open_idx ON objections (created_at, record_id) WHERE decided_at IS NULL;

CREATE TABLE reports (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target_type  text NOT NULL CHECK (target_type IN ('record', 'post')),
    target_id    bigint NOT NULL,
    reporter_id  bigint NOT NULL REFERENCES members,
    reason       text NOT NULL CHECK (reason IN ('copyright', 'wrong', 'offensive', 'spam')),
    text         text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 5000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    closed_at    timestamptz NULL,
    closed_by    bigint NULL REFERENCES members,
    outcome      text NULL CHECK (outcome IN ('dismissed', 'acted')),
    CONSTRAINT reports_closed_check CHECK ((closed_at IS NULL) = (outcome IS NULL))
);

CREATE INDEX reports_open_idx ON reports (created_at, id) WHERE closed_at IS NULL;
CREATE INDEX reports_target_idx ON reports (target_type, target_id);

CREATE TABLE notifications (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('approved', 'changes_requested', 'refused',
                                              'objection_upheld', 'objection_overturned',
                                              'taken_down', 'restored', 'removed')),
    record_id   bigint NULL REFERENCES records ON DELETE SET NULL,
    reason      text NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz NULL
);

CREATE INDEX notifications_member_idx ON notifications (member_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (member_id) WHERE read_at IS NULL;

-- Append-only. actor_id has no ON DELETE action on purpose: SET NULL would
-- be an UPDATE, which the trigger forbids (members are soft-deleted anyway).
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor_id     bigint NULL REFERENCES members,
    action       text NOT NULL,
    target_type  text NOT NULL,
    target_id    bigint NULL,
    reason       text NULL,
    details      jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT audit_log_details_object_check CHECK (jsonb_typeof(details) = 'object')
);

CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
