-- accounts.sql -- registration, profiles, sessions, deletion (tables: 001, 003).
--
-- Every account change that touches more than one row is one function, so
-- the C code runs one statement and nothing is ever half-written.

-- A session token is never stored: only its SHA-256.
--
-- STABLE, not IMMUTABLE (014): its body uses convert_to(), which is STABLE,
-- and PostgreSQL does not inline a SQL function declared more strictly than
-- its body. Declared STABLE, kc_token_hash($1) in the generic plan of the
-- session lookup (every request of a member) becomes
-- sha256(convert_to($1, ...)) instead of a call whose body is parsed and
-- planned anew each time (about 5 % of PostgreSQL's time on record pages,
-- seen with perf). Nothing indexes kc_token_hash.
CREATE OR REPLACE FUNCTION kc_token_hash(p_token text) RETURNS bytea
LANGUAGE sql STABLE STRICT AS $$
    SELECT sha256(convert_to(p_token, 'UTF8'))
$$;

-- Register: the member, the hash and the +1000 registration award in one
-- transaction. Returns the new id, or -1 when the e-mail is taken (in any
-- letter case) by a live account.
CREATE OR REPLACE FUNCTION kc_member_register(p_email text, p_hash text, p_first text,
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
    PERFORM kc_milestones_arm_check(v_id);   -- marks a reached milestone due (points.sql)
    RETURN v_id;
END
$$;

-- Erase personal data; keep the name that contributions show (terms).
-- Also the personal data the community features added (008): private
-- messages, follows, blocks, favourites, the organisation profile, queued
-- mail and notifications. Reactions, forum posts and contributions stay
-- under the first name and surname, as the terms of use say.
CREATE OR REPLACE FUNCTION kc_member_delete(p_member bigint) RETURNS boolean
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
    DELETE FROM messages WHERE sender_id = p_member OR recipient_id = p_member;
    DELETE FROM follows WHERE follower_id = p_member OR followed_id = p_member;
    DELETE FROM blocks WHERE blocker_id = p_member OR blocked_id = p_member;
    DELETE FROM favourites WHERE member_id = p_member;
    DELETE FROM organisation_profiles WHERE member_id = p_member;
    DELETE FROM mail_outbox WHERE member_id = p_member AND sent_at IS NULL;
    DELETE FROM notifications WHERE member_id = p_member;
    RETURN true;
END
$$;

-- Whether logins for this e-mail or from this address are throttled:
-- 5 failures in 15 minutes.
CREATE OR REPLACE FUNCTION kc_login_throttled(p_email_lower text, p_ip text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT (SELECT count(*) FROM login_failures
             WHERE email_lower = p_email_lower
               AND at > now() - interval '15 minutes') >= 5
        OR (SELECT count(*) FROM login_failures
             WHERE ip = p_ip AND at > now() - interval '15 minutes') >= 5
$$;

-- Replace what a member teaches with the given ids (unknown ids ignored).
CREATE OR REPLACE FUNCTION kc_member_set_taxonomy(p_member bigint, p_subjects int[],
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
CREATE OR REPLACE FUNCTION kc_member_update_profile(p_member bigint, p_first text,
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
