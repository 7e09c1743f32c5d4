-- 018_points_economy.sql -- what the platform team runs on top of the rules
-- of 002: campaigns, milestones, and the columns of the ledger that say
-- which campaign added what and which symbolic reward a grant carried.
-- The functions are in sql/functions/points.sql (awards, reversals, the
-- milestone batches) and sql/functions/points_admin.sql (the admin actions).

-- Whether a campaign may add to this event's awards. Not to the welcome
-- points, the birthday, milestones, the team's own grants or reading.
ALTER TABLE point_rules ADD COLUMN campaigns boolean NOT NULL DEFAULT true;
UPDATE point_rules SET campaigns = false
 WHERE event IN ('registration', 'birthday', 'milestone', 'grant', 'read');

-- A campaign: in force from starts_at (inclusive) to ends_at (exclusive).
-- Either a factor (x2: the award is multiplied) or a fixed extra per award.
-- Scope: an empty array means "any"; kinds, levels and subjects only match
-- awards for a record (subject 'record:<id>').
CREATE TABLE point_campaigns (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    factor      numeric(6,2) NULL CHECK (factor > 1 AND factor <= 10),
    extra       bigint NULL CHECK (extra > 0 AND extra <= 10000),
    events      text[] NOT NULL DEFAULT '{}',
    kinds       text[] NOT NULL DEFAULT '{}',
    level_ids   int[] NOT NULL DEFAULT '{}',
    subject_ids int[] NOT NULL DEFAULT '{}',
    created_by  bigint NULL REFERENCES members,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK ((factor IS NULL) <> (extra IS NULL))
);

CREATE INDEX point_campaigns_period_idx ON point_campaigns (ends_at, starts_at);

-- A campaign's part of an award is its own ledger row: same member, event
-- and subject, campaign_id set, parent_id the award row it belongs with
-- (for a reversal: the base reversal row), key '<award key>#campaign:<id>'.
ALTER TABLE points_ledger
    ADD COLUMN campaign_id bigint NULL REFERENCES point_campaigns,
    ADD COLUMN parent_id bigint NULL REFERENCES points_ledger,
    ADD COLUMN reward text NULL,
    ADD CONSTRAINT points_ledger_campaign_part CHECK ((campaign_id IS NULL) = (parent_id IS NULL));

-- kc_points_reverse finds the parts of an award by parent_id; the admin
-- page sums what each campaign added.
CREATE INDEX points_ledger_parent_idx ON points_ledger (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX points_ledger_campaign_idx ON points_ledger (campaign_id) WHERE campaign_id IS NOT NULL;

-- A milestone: `points` to every member of the audience, each once (ledger
-- key 'milestone:<id>:<member>'), paid in batches by
-- kc_milestone_pay_batch(). state: 'armed' (waits for at_members live
-- members; the registration that reaches it makes it due), 'due' (to be
-- paid), 'done'. upto_member: the highest member id when it became due;
-- members who register later are not in it. next_member: every member
-- below it has been considered by a batch.
CREATE TABLE point_milestones (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    points       bigint NOT NULL CHECK (points > 0 AND points <= 100000),
    level_ids    int[] NOT NULL DEFAULT '{}',
    subject_ids  int[] NOT NULL DEFAULT '{}',
    country      text NULL CHECK (country IN ('BE', 'NL')),
    at_members   bigint NULL CHECK (at_members > 0),
    state        text NOT NULL CHECK (state IN ('armed', 'due', 'done')),
    upto_member  bigint NULL,
    next_member  bigint NOT NULL DEFAULT 0,
    paid_count   bigint NOT NULL DEFAULT 0,
    created_by   bigint NULL REFERENCES members,
    created_at   timestamptz NOT NULL DEFAULT now(),
    due_at       timestamptz NULL,
    done_at      timestamptz NULL,
    CHECK (state = 'armed' OR upto_member IS NOT NULL),
    CHECK (state <> 'armed' OR at_members IS NOT NULL)
);

CREATE INDEX point_milestones_open_idx ON point_milestones (state) WHERE state <> 'done';
