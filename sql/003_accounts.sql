-- 003_accounts.sql -- registration, profiles, sessions, deletion.
--
-- Every account change that touches more than one row is one function, so
-- the C code runs one statement and nothing is ever half-written: they are
-- in sql/functions/accounts.sql.

ALTER TABLE members
    ADD COLUMN organisation      text NOT NULL DEFAULT '',
    ADD COLUMN picture_sha256    text NULL CHECK (picture_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN picture_type      text NULL
        CHECK (picture_type IN ('image/jpeg', 'image/png', 'image/webp')),
    ADD COLUMN terms_accepted_at timestamptz NULL,
    ADD COLUMN password_changed_at timestamptz NULL,
    ADD CONSTRAINT members_deleted_no_email CHECK (deleted_at IS NULL OR email IS NULL),
    ADD CONSTRAINT members_name_len CHECK (char_length(first_name) BETWEEN 1 AND 100
                                           AND char_length(surname) BETWEEN 1 AND 100);

-- What a member teaches (shown on the profile, searched in the member list).
CREATE TABLE member_subjects (
    member_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    subject_id int NOT NULL REFERENCES subjects,
    PRIMARY KEY (member_id, subject_id)
);
CREATE TABLE member_levels (
    member_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    level_id   int NOT NULL REFERENCES levels,
    PRIMARY KEY (member_id, level_id)
);
