-- 003_accounts.sql -- registration, profiles, sessions, deletion.
--
-- Every account change that touches more than one row is one function, so
-- the C code runs one statement and nothing is ever half-written.

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

-- A session token is never stored: only its SHA-256.
CREATE FUNCTION kc_token_hash(p_token text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT sha256(convert_to(p_token, 'UTF8'))
$$;

-- Register: the member, the hash and the +1000 registration award in one
-- transaction. Returns the new id, or -1 when the e-mail is taken (in any
-- letter case) by a live account.
CREATE FUNCTION kc_member_register(p_email text, p_hash text, p_first text,
                                   p_surname text, p_country text,
                                   p_birthday date, p_edu_role text,
                                   p_lang text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_hash NOT LIKE '$2y$%' THEN
        RAISE EXCEPTION 'kc_member_register: only bcrypt $2y$ hashes';
    END IF;
    BEGIN
        INSERT INTO members (email, password_hash, first_name, surname, country,
                             birthday, edu_role, lang, terms_accepted_at)
        VALUES (p_email, p_hash, p_first, p_surname, p_country, p_birthday,
                p_edu_role, p_lang, now())
        RETURNING id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        RETURN -1;
    END;
    PERFORM kc_points_award(v_id, 'registration', 'member:' || v_id,
                            (SELECT points FROM point_rules WHERE event = 'registration'),
                            'registration:' || v_id, NULL);
    RETURN v_id;
END
$$;

-- Erase personal data; keep the name that contributions show (terms).
CREATE FUNCTION kc_member_delete(p_member bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE members
       SET email = NULL, password_hash = NULL, birthday = NULL,
           picture_sha256 = NULL, picture_type = NULL, expertise = '',
           organisation = '', deleted_at = now()
     WHERE id = p_member AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM sessions WHERE member_id = p_member;
    DELETE FROM member_subjects WHERE member_id = p_member;
    DELETE FROM member_levels WHERE member_id = p_member;
    RETURN true;
END
$$;

-- Whether logins for this e-mail or from this address are throttled:
-- 5 failures in 15 minutes.
CREATE FUNCTION kc_login_throttled(p_email_lower text, p_ip text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT (SELECT count(*) FROM login_failures
             WHERE email_lower = p_email_lower
               AND at > now() - interval '15 minutes') >= 5
        OR (SELECT count(*) FROM login_failures
             WHERE ip = p_ip AND at > now() - interval '15 minutes') >= 5
$$;

-- Replace what a member teaches with the given ids (unknown ids ignored).
CREATE FUNCTION kc_member_set_taxonomy(p_member bigint, p_subjects int[],
                                       p_levels int[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM member_subjects WHERE member_id = p_member;
    INSERT INTO member_subjects (member_id, subject_id)
    SELECT p_member, s.id FROM subjects s WHERE s.id = ANY (p_subjects);
    DELETE FROM member_levels WHERE member_id = p_member;
    INSERT INTO member_levels (member_id, level_id)
    SELECT p_member, l.id FROM levels l WHERE l.id = ANY (p_levels);
END
$$;

-- Own profile edit: the row and what the member teaches, together.
-- p_picture: 'keep', 'remove' or 'set' (then p_sha / p_type).
CREATE FUNCTION kc_member_update_profile(p_member bigint, p_first text,
                                         p_surname text, p_expertise text,
                                         p_org text, p_lang text,
                                         p_subjects int[], p_levels int[],
                                         p_picture text, p_sha text,
                                         p_type text)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE members
       SET first_name = p_first, surname = p_surname, expertise = p_expertise,
           organisation = p_org, lang = p_lang,
           picture_sha256 = CASE p_picture WHEN 'keep' THEN picture_sha256
                                           WHEN 'remove' THEN NULL ELSE p_sha END,
           picture_type = CASE p_picture WHEN 'keep' THEN picture_type
                                         WHEN 'remove' THEN NULL ELSE p_type END
     WHERE id = p_member AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM kc_member_set_taxonomy(p_member, p_subjects, p_levels);
    RETURN true;
END
$$;
