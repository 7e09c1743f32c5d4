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
        -- email_confirmed_at NULL: the address is confirmed by the link
        -- kc_email_confirm_send mails (the column's default, now(), is for
        -- members made straight in SQL: 016).
        INSERT INTO members (email, password_hash, first_name, surname, country,
                             birthday, edu_role, lang, terms_accepted_at,
                             email_confirmed_at)
        VALUES (p_email, p_hash, p_first, p_surname, p_country, p_birthday,
                p_edu_role, p_lang, now(), NULL)
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
    -- Account mail (reset, confirmation) still queued for the address.
    DELETE FROM mail_outbox o USING members m
     WHERE m.id = p_member AND m.deleted_at IS NULL AND o.member_id IS NULL
       AND o.sent_at IS NULL AND lower(o.to_address) = lower(m.email);
    UPDATE members
       SET email = NULL, password_hash = NULL, birthday = NULL,
           picture_sha256 = NULL, picture_type = NULL, expertise = '',
           organisation = '', deleted_at = now()
     WHERE id = p_member AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM sessions WHERE member_id = p_member;
    DELETE FROM member_tokens WHERE member_id = p_member;
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

-- May this login attempt (or current-password check) run bcrypt? Decides
-- and records the attempt in one statement (017_trust.sql): 'ok:<id>' with
-- the id of the login_failures row it wrote, which stays a failure unless
-- kc_login_cleared(id) is called after the right password; 'throttled'
-- (this pair or this address is refused for now) or 'slowdown' (this
-- e-mail is being guessed at: one attempt per 5 seconds). Advisory locks
-- on the address then the e-mail (always in that order, so no deadlock)
-- serialise the attempts that share either, so parallel attempts see each
-- other's rows and cannot all pass the count.
--   pair (e-mail, address): after 5, 10, 20 failures since the pair's last
--     success, refused for 1, 5, 15 minutes after its latest failure: a
--     pupil mistyping locks out only himself on that account;
--   address: p_ip_limit failures (KlasCementLoginThrottleIP) in 15 minutes,
--     whatever the e-mails: a school behind one NAT is not locked out by one
--     pupil, a password sprayer is;
--   e-mail: after 20 failures in 15 minutes from any addresses, one attempt
--     per 5 seconds: never a lock-out, so the owner with the right password
--     gets in from a new address after a short wait.
CREATE OR REPLACE FUNCTION kc_login_attempt(p_email_lower text, p_ip text,
                                            p_ip_limit int) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_email text := coalesce(p_email_lower, '');
    v_ip text := coalesce(p_ip, '');
    v_count int;
    v_last timestamptz;
    v_delay interval;
    v_id bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(1701, hashtext(v_ip));
    PERFORM pg_advisory_xact_lock(1702, hashtext(v_email));
    SELECT count(*), max(at) INTO v_count, v_last FROM login_failures
     WHERE email_lower = v_email AND ip = v_ip AND cleared_at IS NULL
       AND at > clock_timestamp() - interval '1 day';
    v_delay := CASE WHEN v_count >= 20 THEN interval '15 minutes'
                    WHEN v_count >= 10 THEN interval '5 minutes'
                    WHEN v_count >= 5 THEN interval '1 minute'
                    ELSE interval '0' END;
    IF v_last > clock_timestamp() - v_delay THEN
        RETURN 'throttled';
    END IF;
    SELECT count(*) INTO v_count FROM login_failures
     WHERE ip = v_ip AND cleared_at IS NULL
       AND at > clock_timestamp() - interval '15 minutes';
    IF v_count >= p_ip_limit THEN
        RETURN 'throttled';
    END IF;
    SELECT count(*), max(at) INTO v_count, v_last FROM login_failures
     WHERE email_lower = v_email AND cleared_at IS NULL
       AND at > clock_timestamp() - interval '15 minutes';
    IF v_count >= 20 AND v_last > clock_timestamp() - interval '5 seconds' THEN
        RETURN 'slowdown';
    END IF;
    INSERT INTO login_failures (email_lower, ip, at)
    VALUES (v_email, v_ip, clock_timestamp()) RETURNING id INTO v_id;
    RETURN 'ok:' || v_id;
END
$$;

-- The attempt p_attempt gave the right password: it and the earlier
-- failures of its (e-mail, address) pair no longer count.
CREATE OR REPLACE FUNCTION kc_login_cleared(p_attempt bigint) RETURNS text
LANGUAGE sql AS $$
    WITH a AS (SELECT email_lower, ip FROM login_failures WHERE id = p_attempt),
    u AS (UPDATE login_failures f SET cleared_at = clock_timestamp()
            FROM a WHERE f.email_lower = a.email_lower AND f.ip = a.ip
                     AND f.cleared_at IS NULL RETURNING f.id)
    SELECT 'ok:' || count(*) FROM u
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

-- ---------------------------------------------------------------------------
-- Mailed tokens (016): a forgotten password, the confirmation of the address.
-- The C side makes the token (kc_random_token) and the mail with the link;
-- only kc_token_hash(token) is stored. Account mail goes to the outbox with
-- member_id NULL (sent by the system, not by the member: it does not count
-- against the member's daily recommendations).
-- ---------------------------------------------------------------------------

-- "I forgot my password": 'ok' whether or not the address belongs to a
-- member, and also when the address had its 3 mails this hour (the
-- requester cannot tell the cases apart); 'ratelimit' when this client
-- address asked 20 times this hour. Every request is counted first; a live
-- member's gets a token valid 1 hour and the mail, in this transaction.
CREATE OR REPLACE FUNCTION kc_password_reset_request(p_email text, p_ip text, p_token text,
                                                     p_subject text, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_email  text := lower(btrim(p_email));
    v_member bigint;
    v_to     text;
BEGIN
    -- One request at a time per client and per address (in this order
    -- always), so the limits hold for parallel requests too.
    PERFORM pg_advisory_xact_lock(hashtext('kc_account_mail_ip:' || p_ip));
    PERFORM pg_advisory_xact_lock(hashtext('kc_account_mail:' || v_email));
    IF (SELECT count(*) FROM account_mail_requests q
         WHERE q.purpose = 'reset' AND q.ip = p_ip
           AND q.at > now() - interval '1 hour') >= 20 THEN
        RETURN 'ratelimit';
    END IF;
    INSERT INTO account_mail_requests (purpose, email_lower, ip)
    VALUES ('reset', v_email, p_ip);
    SELECT m.id, m.email INTO v_member, v_to
      FROM members m WHERE lower(m.email) = v_email AND m.deleted_at IS NULL;
    IF v_member IS NULL
       OR (SELECT count(*) FROM account_mail_requests q
            WHERE q.purpose = 'reset' AND q.email_lower = v_email
              AND q.at > now() - interval '1 hour') > 3 THEN
        RETURN 'ok';
    END IF;
    INSERT INTO member_tokens (token_hash, member_id, purpose, email_lower, expires_at)
    VALUES (kc_token_hash(p_token), v_member, 'reset', v_email, now() + interval '1 hour');
    INSERT INTO mail_outbox (member_id, to_address, subject, body, secret)
    VALUES (NULL, v_to, p_subject, p_body, true);
    RETURN 'ok';
END
$$;

-- 'ok' when the token is an unused, unexpired one of p_purpose whose
-- member still has the address it was mailed to; else 'invalid'.
CREATE OR REPLACE FUNCTION kc_member_token_valid(p_token text, p_purpose text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN EXISTS (
        SELECT 1 FROM member_tokens t JOIN members m ON m.id = t.member_id
         WHERE t.token_hash = kc_token_hash(p_token) AND t.purpose = p_purpose
           AND t.used_at IS NULL AND t.expires_at > now()
           AND m.deleted_at IS NULL AND lower(m.email) = t.email_lower)
    THEN 'ok' ELSE 'invalid' END
$$;

-- Use a reset token: the new password hash, every session of the member
-- ended, this and every other reset token of the member used up, and the
-- address counts as confirmed (the link was mailed to it). The UPDATE of the
-- token row decides: of two requests with one token, the second waits for
-- the first and then finds it used. 'ok:<member id>' | 'invalid' |
-- 'banned' (nothing changed: a suspended member is not logged in).
CREATE OR REPLACE FUNCTION kc_password_reset_use(p_token text, p_hash text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_member bigint;
    v_email  text;
BEGIN
    IF p_hash NOT LIKE '$2y$%' THEN
        RAISE EXCEPTION 'kc_password_reset_use: only bcrypt $2y$ hashes';
    END IF;
    IF EXISTS (SELECT 1 FROM member_tokens t JOIN members m ON m.id = t.member_id
                WHERE t.token_hash = kc_token_hash(p_token) AND t.purpose = 'reset'
                  AND (m.ban_permanent OR coalesce(m.banned_until > now(), false))) THEN
        RETURN 'banned';
    END IF;
    UPDATE member_tokens t SET used_at = now()
     WHERE t.token_hash = kc_token_hash(p_token) AND t.purpose = 'reset'
       AND t.used_at IS NULL AND t.expires_at > now()
    RETURNING t.member_id, t.email_lower INTO v_member, v_email;
    IF v_member IS NULL THEN
        RETURN 'invalid';
    END IF;
    UPDATE members
       SET password_hash = p_hash, password_changed_at = now(),
           email_confirmed_at = coalesce(email_confirmed_at, now())
     WHERE id = v_member AND deleted_at IS NULL AND lower(email) = v_email;
    IF NOT FOUND THEN
        RETURN 'invalid';
    END IF;
    UPDATE member_tokens SET used_at = now()
     WHERE member_id = v_member AND purpose = 'reset' AND used_at IS NULL;
    DELETE FROM sessions WHERE member_id = v_member;
    RETURN 'ok:' || v_member;
END
$$;

-- Mail a member the link that confirms the address (valid 7 days).
-- p_resend false: the mail of the registration (no limit); true: the
-- member asked again: at most 3 mails per address per hour, registration's
-- included, and 20 asks per client address per hour.
--   'ok' | 'confirmed' (nothing to do) | 'ratelimit' | 'notfound'
CREATE OR REPLACE FUNCTION kc_email_confirm_send(p_member bigint, p_ip text, p_resend boolean,
                                                 p_token text, p_subject text, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_to        text;
    v_confirmed timestamptz;
BEGIN
    -- The member row lock serialises a member's requests.
    SELECT m.email, m.email_confirmed_at INTO v_to, v_confirmed
      FROM members m WHERE m.id = p_member AND m.deleted_at IS NULL
       FOR UPDATE;
    IF v_to IS NULL THEN
        RETURN 'notfound';
    END IF;
    IF v_confirmed IS NOT NULL THEN
        RETURN 'confirmed';
    END IF;
    IF p_resend
       AND ((SELECT count(*) FROM account_mail_requests q
              WHERE q.purpose IN ('confirm', 'resend') AND q.email_lower = lower(v_to)
                AND q.at > now() - interval '1 hour') >= 3
            OR (SELECT count(*) FROM account_mail_requests q
                 WHERE q.purpose = 'resend' AND q.ip = p_ip
                   AND q.at > now() - interval '1 hour') >= 20) THEN
        RETURN 'ratelimit';
    END IF;
    INSERT INTO account_mail_requests (purpose, email_lower, ip)
    VALUES (CASE WHEN p_resend THEN 'resend' ELSE 'confirm' END, lower(v_to),
            coalesce(p_ip, ''));
    INSERT INTO member_tokens (token_hash, member_id, purpose, email_lower, expires_at)
    VALUES (kc_token_hash(p_token), p_member, 'confirm', lower(v_to), now() + interval '7 days');
    INSERT INTO mail_outbox (member_id, to_address, subject, body, secret)
    VALUES (NULL, v_to, p_subject, p_body, true);
    RETURN 'ok';
END
$$;

-- Follow a confirmation link: the address is confirmed (if it is still the
-- member's), the token used up. 'ok:<member id>' | 'invalid'.
CREATE OR REPLACE FUNCTION kc_email_confirm(p_token text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_member bigint;
    v_email  text;
BEGIN
    UPDATE member_tokens t SET used_at = now()
     WHERE t.token_hash = kc_token_hash(p_token) AND t.purpose = 'confirm'
       AND t.used_at IS NULL AND t.expires_at > now()
    RETURNING t.member_id, t.email_lower INTO v_member, v_email;
    IF v_member IS NULL THEN
        RETURN 'invalid';
    END IF;
    UPDATE members SET email_confirmed_at = coalesce(email_confirmed_at, now())
     WHERE id = v_member AND deleted_at IS NULL AND lower(email) = v_email;
    IF NOT FOUND THEN
        RETURN 'invalid';
    END IF;
    RETURN 'ok:' || v_member;
END
$$;
