-- 028_foryou.sql -- "For you this week" (issue 15): what colleagues read in
-- the coming weeks of earlier school years, for a member's subjects and
-- levels, and what members with similar reading read.
--
-- The `foryou` job (jobs/kc_jobs.c) fills these tables in batches, each
-- its own transaction; the home page and the member's own profile read
-- the member's few rows of `foryou` by its primary key. The functions:
-- sql/functions/foryou.sql.

-- The tables the job derives (all but foryou_dismissed) have no foreign
-- keys: a check per inserted row (and its lock on the records row) would
-- cost more than the rest of the job, and the page checks every record
-- against `records` anyway; each cycle rewrites them, hard-deleted members
-- and records included.

-- Reads (unlocks) of this week and the next three in each of the five
-- earlier years, per record: the season's reading.
CREATE TABLE foryou_season_reads (
    record_id  bigint PRIMARY KEY,
    reads      int NOT NULL CHECK (reads > 0)
);

-- Per profile (a subject and a level; 0 = any), the season's most read
-- records tagged with both (and their author, never suggested his own):
-- shared by every member with that profile.
CREATE TABLE foryou_season (
    subject_id int NOT NULL,
    level_id   int NOT NULL,
    rank       smallint NOT NULL CHECK (rank > 0),
    record_id  bigint NOT NULL,
    author_id  bigint NULL,
    reads      int NOT NULL,
    PRIMARY KEY (subject_id, level_id, rank)
);

-- Co-reading: for a record, the records most read by its (latest)
-- readers, with how many of them read both (at least two).
CREATE TABLE foryou_coread (
    record_id  bigint NOT NULL,
    rank       smallint NOT NULL CHECK (rank > 0),
    other_id   bigint NOT NULL,
    author_id  bigint NULL,           -- other_id's
    readers    int NOT NULL,
    PRIMARY KEY (record_id, rank)
);

-- A member's suggestions, in the order shown, each with its reason:
-- 'profile' (subject_id and level_id: the member teaches both), 'subject'
-- (the member has subjects but no levels), 'level' (levels only),
-- 'coread' (because_id: colleagues who read that record read this).
CREATE TABLE foryou (
    member_id  bigint NOT NULL,
    rank       smallint NOT NULL CHECK (rank > 0),
    record_id  bigint NOT NULL,
    reason     text NOT NULL CHECK (reason IN ('profile', 'subject', 'level', 'coread')),
    subject_id int NULL,
    level_id   int NULL,
    because_id bigint NULL,
    PRIMARY KEY (member_id, rank),
    CONSTRAINT foryou_reason_fields_check CHECK (
        (reason = 'profile' AND subject_id IS NOT NULL AND level_id IS NOT NULL)
        OR (reason = 'subject' AND subject_id IS NOT NULL)
        OR (reason = 'level' AND level_id IS NOT NULL)
        OR (reason = 'coread' AND because_id IS NOT NULL))
);

-- "Not for me": never suggested to this member again.
CREATE TABLE foryou_dismissed (
    member_id    bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    record_id    bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    dismissed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, record_id)
);

-- Where the job stands in its cycle: season (cursor: the year back),
-- profiles (cursor: the last subject done), coread (the last record),
-- members (the last member), done.
CREATE TABLE foryou_progress (
    one              boolean PRIMARY KEY DEFAULT true CHECK (one),
    phase            text NOT NULL DEFAULT 'done'
                     CHECK (phase IN ('season', 'profiles', 'coread', 'members', 'done')),
    cursor           bigint NOT NULL DEFAULT 0,
    cycle_started_at timestamptz NULL,
    cycle_ended_at   timestamptz NULL
);
INSERT INTO foryou_progress DEFAULT VALUES;

-- The season's reads are found by date; a record's latest readers by the
-- record index, which gets the date (a member's reads: the primary key).
CREATE INDEX unlocks_created_idx ON unlocks (created_at);
DROP INDEX unlocks_record_idx;
CREATE INDEX unlocks_record_idx ON unlocks (record_id, created_at DESC);
