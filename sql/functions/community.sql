-- community.sql -- reactions, ratings, favourites and recommendations (mail
-- outbox), and the helpers of forum.sql and network.sql (tables: 006, 010;
-- spec: community.md).
--
-- As in moderation.sql: every change that touches more than one row is ONE
-- function returning 'ok', 'ok:<id>' or an error code; they RAISE only on
-- what the C code validates first (lengths, CHECKs, codes, a member that is
-- not live). Points go only through kc_points_award / kc_points_reverse, with
-- the keys of the contract; daily caps are applied there.
--
-- Anti-spam, counted here (the C side computes norm_hash = SHA-256 hex of the
-- normalised text):
--   rate limits  count the member's OWN rows in the window (deleted ones too,
--                so deleting does not reset the counter), after the member's
--                row is locked FOR UPDATE: concurrent posts of one member are
--                serialised and cannot slip past the limit.
--   duplicates   the same member, the same norm_hash, created in the last 24
--                hours, not deleted, in ANY of reactions, forum topics, forum
--                answers and messages ("one of the same member's posts").
--
-- Lock order (READ COMMITTED, no deadlocks between these functions): first
-- the content row (record, topic or post), then the member rows involved, in
-- ascending id order (kc_community_lock). Inserting a row with a foreign key
-- to members takes FOR KEY SHARE on that member, which conflicts with the FOR
-- UPDATE kc_points_award takes for capped events; locking both members up
-- front, in one global order, keeps two members who react to / message each
-- other at the same moment from deadlocking.

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

-- Lock the rows of one or two members FOR UPDATE, lowest id first (the
-- global order that keeps these functions free of deadlocks). Unknown ids
-- lock nothing.
CREATE OR REPLACE FUNCTION kc_community_lock(p_a bigint, p_b bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM members m WHERE m.id = least(p_a, p_b) FOR UPDATE;
    IF p_a IS NOT NULL AND p_b IS NOT NULL AND p_a <> p_b THEN
        PERFORM 1 FROM members m WHERE m.id = greatest(p_a, p_b) FOR UPDATE;
    END IF;
END
$$;

-- A live member (exists, not deleted, not banned now), whatever the role.
CREATE OR REPLACE FUNCTION kc_member_live(p_member bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT kc_member_has_role(p_member, ARRAY['member', 'organisation', 'moderator', 'admin'])
$$;

-- Raise (a 500: the C side only calls these for a logged-in, live member).
CREATE OR REPLACE FUNCTION kc_community_require_live(p_member bigint, p_fn text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT kc_member_live(p_member) THEN
        RAISE EXCEPTION '%: member % does not exist, is deleted or banned', p_fn, p_member
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- Whether p_hash equals one of the member's live posts of the last 24 hours
-- (reactions, forum topics, forum answers, messages), not counting the row
-- p_except_type/p_except_id (an edit compares with the others only).
CREATE OR REPLACE FUNCTION kc_community_duplicate(p_member bigint, p_hash text,
                                       p_except_type text, p_except_id bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM reactions x
                    WHERE x.member_id = p_member AND x.created_at > now() - interval '24 hours'
                      AND x.norm_hash = p_hash AND x.deleted_at IS NULL
                      AND (p_except_type IS DISTINCT FROM 'reaction' OR x.id <> p_except_id))
        OR EXISTS (SELECT 1 FROM forum_topics x
                    WHERE x.member_id = p_member AND x.created_at > now() - interval '24 hours'
                      AND x.norm_hash = p_hash AND x.deleted_at IS NULL
                      AND (p_except_type IS DISTINCT FROM 'forum_topic' OR x.id <> p_except_id))
        OR EXISTS (SELECT 1 FROM forum_posts x
                    WHERE x.member_id = p_member AND x.created_at > now() - interval '24 hours'
                      AND x.norm_hash = p_hash AND x.deleted_at IS NULL
                      AND (p_except_type IS DISTINCT FROM 'forum_post' OR x.id <> p_except_id))
        OR EXISTS (SELECT 1 FROM messages x
                    WHERE x.sender_id = p_member AND x.created_at > now() - interval '24 hours'
                      AND x.norm_hash = p_hash
                      AND (p_except_type IS DISTINCT FROM 'message' OR x.id <> p_except_id))
$$;

-- The points of a rule: points, or points_max for the "long" variant.
CREATE OR REPLACE FUNCTION kc_rule_points(p_event text, p_high boolean) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_high THEN coalesce(r.points_max, r.points) ELSE r.points END::bigint
      FROM point_rules r WHERE r.event = p_event
$$;

-- Pay every completed block of p_per items: keys '<p_prefix>1' .. '<p_prefix>n',
-- n = floor(p_count / p_per), the rule's points each. Every call pays all
-- missing blocks up to its n under the content row's lock, so the paid keys
-- are always 1..k: walking down from n stops at the first paid one (no loop
-- over all blocks of a record with hundreds of scores). Returns the points paid.
CREATE OR REPLACE FUNCTION kc_community_pay_blocks(p_member bigint, p_event text, p_subject text,
                                        p_prefix text, p_count bigint, p_per int)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_paid bigint := 0;
    v_amount bigint := kc_rule_points(p_event, false);
BEGIN
    IF p_member IS NULL THEN
        RETURN 0;
    END IF;
    FOR i IN REVERSE (p_count / p_per) .. 1 LOOP
        EXIT WHEN EXISTS (SELECT 1 FROM points_ledger l WHERE l.award_key = p_prefix || i);
        v_paid := v_paid + kc_points_award(p_member, p_event, p_subject, v_amount,
                                           p_prefix || i, NULL);
    END LOOP;
    RETURN v_paid;
END
$$;

-- ---------------------------------------------------------------------------
-- Reactions
-- ---------------------------------------------------------------------------

-- React on a published record.
--   'ok:<id>'
--   'notfound'   no such record, or not published
--   'unread'     no unlock row, not the author, not a moderator/admin
--   'ratelimit'  10 reactions of the member in the last hour
--   'duplicate'  same text as one of the member's posts of the last 24 hours
-- Pays 10, or 20 with >= 200 characters (event 'reaction', key
-- 'reaction:<id>', daily cap of the rule) unless it is the member's own
-- record; notifies the author (kind 'reaction') unless own.
CREATE OR REPLACE FUNCTION kc_reaction_add(p_member bigint, p_record bigint, p_body text,
                                p_norm_hash text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_author bigint;
    v_id     bigint;
BEGIN
    SELECT r.author_id INTO v_author FROM records r
     WHERE r.id = p_record AND r.state = 'published'
       FOR KEY SHARE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_community_lock(p_member, v_author);
    PERFORM kc_community_require_live(p_member, 'kc_reaction_add');

    IF v_author IS DISTINCT FROM p_member
       AND NOT kc_member_has_role(p_member, ARRAY['moderator', 'admin'])
       AND NOT EXISTS (SELECT 1 FROM unlocks u WHERE u.member_id = p_member AND u.record_id = p_record) THEN
        RETURN 'unread';
    END IF;
    IF (SELECT count(*) FROM reactions x
         WHERE x.member_id = p_member AND x.created_at > now() - interval '1 hour') >= 10 THEN
        RETURN 'ratelimit';
    END IF;
    IF kc_community_duplicate(p_member, p_norm_hash, NULL, NULL) THEN
        RETURN 'duplicate';
    END IF;

    INSERT INTO reactions (record_id, member_id, body, norm_hash)
    VALUES (p_record, p_member, p_body, p_norm_hash)
    RETURNING id INTO v_id;

    IF v_author IS DISTINCT FROM p_member THEN
        PERFORM kc_points_award(p_member, 'reaction', 'record:' || p_record,
                                kc_rule_points('reaction', char_length(p_body) >= 200),
                                'reaction:' || v_id, NULL);
        IF v_author IS NOT NULL THEN
            INSERT INTO notifications (member_id, kind, record_id)
            VALUES (v_author, 'reaction', p_record);
        END IF;
    END IF;
    RETURN 'ok:' || v_id;
END
$$;

-- The author edits an own reaction within 15 minutes of posting. Points unchanged.
--   'ok' | 'notfound' (not own, or deleted) | 'late' | 'duplicate'
CREATE OR REPLACE FUNCTION kc_reaction_edit(p_member bigint, p_reaction bigint, p_body text,
                                 p_norm_hash text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_created timestamptz;
BEGIN
    SELECT x.created_at INTO v_created FROM reactions x
     WHERE x.id = p_reaction AND x.member_id = p_member AND x.deleted_at IS NULL
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF now() > v_created + interval '15 minutes' THEN
        RETURN 'late';
    END IF;
    PERFORM kc_community_lock(p_member, NULL);
    IF kc_community_duplicate(p_member, p_norm_hash, 'reaction', p_reaction) THEN
        RETURN 'duplicate';
    END IF;
    UPDATE reactions SET body = p_body, norm_hash = p_norm_hash, edited_at = now()
     WHERE id = p_reaction;
    RETURN 'ok';
END
$$;

-- The author deletes an own reaction: hidden, its points taken back
-- (kc_points_reverse('reaction:<id>')). 'ok' | 'notfound' (not own, or deleted).
CREATE OR REPLACE FUNCTION kc_reaction_delete(p_member bigint, p_reaction bigint) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reactions SET deleted_at = now()
     WHERE id = p_reaction AND member_id = p_member AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_points_reverse('reaction:' || p_reaction, 'reaction deleted');
    RETURN 'ok';
END
$$;

-- ---------------------------------------------------------------------------
-- Ratings
-- ---------------------------------------------------------------------------

-- Set (insert or change) the member's score of a published record.
--   'ok' | 'notfound' (no such record, or not published) | 'own'
-- Raises check_violation on stars outside 1..5 or an explanation > 2000.
-- records.rating_sum/rating_count change by the delta, under the record row
-- lock (FOR NO KEY UPDATE: concurrent raters of one record queue here).
-- Pays the rater once ever per record (key 'rating:<record>:<member>': 10
-- with an explanation of >= 20 characters, else 5); then the author +20 for
-- every completed block of 5 scores >= 3 (keys 'nice:<record>:<n>', never
-- paid twice, never taken back).
CREATE OR REPLACE FUNCTION kc_rating_set(p_member bigint, p_record bigint, p_stars int,
                              p_explanation text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_author bigint;
    v_old    int;
    v_expl   text := coalesce(p_explanation, '');
    v_nice   bigint;
BEGIN
    SELECT r.author_id INTO v_author FROM records r
     WHERE r.id = p_record AND r.state = 'published'
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF v_author = p_member THEN
        RETURN 'own';
    END IF;
    PERFORM kc_community_lock(p_member, v_author);
    PERFORM kc_community_require_live(p_member, 'kc_rating_set');

    SELECT g.stars INTO v_old FROM ratings g
     WHERE g.record_id = p_record AND g.member_id = p_member;
    IF FOUND THEN
        UPDATE ratings SET stars = p_stars, explanation = v_expl, updated_at = now()
         WHERE record_id = p_record AND member_id = p_member;
    ELSE
        INSERT INTO ratings (record_id, member_id, stars, explanation)
        VALUES (p_record, p_member, p_stars, v_expl);
    END IF;
    UPDATE records
       SET rating_sum   = rating_sum + p_stars - coalesce(v_old, 0),
           rating_count = rating_count + CASE WHEN v_old IS NULL THEN 1 ELSE 0 END
     WHERE id = p_record;

    PERFORM kc_points_award(p_member, 'rating', 'record:' || p_record,
                            kc_rule_points('rating', char_length(v_expl) >= 20),
                            'rating:' || p_record || ':' || p_member, NULL);

    SELECT count(*) INTO v_nice FROM ratings g WHERE g.record_id = p_record AND g.stars >= 3;
    PERFORM kc_community_pay_blocks(v_author, 'nice_scores', 'record:' || p_record,
                                    'nice:' || p_record || ':', v_nice, 5);
    RETURN 'ok';
END
$$;

-- ---------------------------------------------------------------------------
-- Favourites and recommendations
-- ---------------------------------------------------------------------------

-- Save (p_on) or forget a record. 'ok' | 'notfound' (saving: no such
-- published record; forgetting: no such record at all).
CREATE OR REPLACE FUNCTION kc_favourite_set(p_member bigint, p_record bigint, p_on boolean)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF p_on THEN
        IF NOT EXISTS (SELECT 1 FROM records r WHERE r.id = p_record AND r.state = 'published') THEN
            RETURN 'notfound';
        END IF;
        INSERT INTO favourites (member_id, record_id) VALUES (p_member, p_record)
        ON CONFLICT (member_id, record_id) DO NOTHING;
    ELSE
        IF NOT EXISTS (SELECT 1 FROM records r WHERE r.id = p_record) THEN
            RETURN 'notfound';
        END IF;
        DELETE FROM favourites WHERE member_id = p_member AND record_id = p_record;
    END IF;
    RETURN 'ok';
END
$$;

-- Recommend a published record by mail: the outbox row (the C side builds
-- subject and body with the link) and +5 once per (member, record, address)
-- (key 'recommend:<member>:<record>:<lower(email)>'; a second recommendation
-- to the same address is queued again but pays nothing).
--   'ok:<outbox id>' | 'notfound' | 'unconfirmed' (the member has not yet
--   followed the link mailed at registration) | 'ratelimit' (10 in the last
--   24 hours)
-- The part every "recommend by mail" shares (records, forum topics, the
-- newsletter): the member's lock, a live and confirmed account, the limit of
-- 10 mails in 24 hours, the mail queued, and +5 (the rule 'recommend')
-- keyed by p_key, so a second recommendation to the same address is
-- queued again but pays nothing. p_caller names the function in errors,
-- p_ref the ledger's reference. Same answers as kc_recommend.
CREATE OR REPLACE FUNCTION kc_recommend_mail(p_member bigint, p_caller text, p_ref text,
                                             p_key text, p_email text, p_subject text,
                                             p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    PERFORM kc_community_lock(p_member, NULL);
    PERFORM kc_community_require_live(p_member, p_caller);
    -- Mail to others only from a confirmed address (016).
    IF EXISTS (SELECT 1 FROM members m
                WHERE m.id = p_member AND m.email_confirmed_at IS NULL) THEN
        RETURN 'unconfirmed';
    END IF;
    IF (SELECT count(*) FROM mail_outbox o
         WHERE o.member_id = p_member AND o.created_at > now() - interval '24 hours') >= 10 THEN
        RETURN 'ratelimit';
    END IF;
    INSERT INTO mail_outbox (member_id, to_address, subject, body)
    VALUES (p_member, p_email, p_subject, p_body)
    RETURNING id INTO v_id;
    PERFORM kc_points_award(p_member, 'recommend', p_ref, kc_rule_points('recommend', false),
                            p_key, NULL);
    RETURN 'ok:' || v_id;
END
$$;

CREATE OR REPLACE FUNCTION kc_recommend(p_member bigint, p_record bigint, p_email text,
                             p_subject text, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM records r WHERE r.id = p_record AND r.state = 'published') THEN
        RETURN 'notfound';
    END IF;
    RETURN kc_recommend_mail(p_member, 'kc_recommend', 'record:' || p_record,
                             'recommend:' || p_member || ':' || p_record || ':' || lower(p_email),
                             p_email, p_subject, p_body);
END
$$;

-- Claim up to p_limit unsent mails (due, not given up, not claimed in the
-- last 10 minutes), oldest first, counting the attempt. Two processes never get
-- the same row: SKIP LOCKED while claiming, claimed_at after the commit.
-- Every claimed row must be closed with kc_outbox_done. Rows that failed
-- wait for their next attempt (next_attempt_at); rows that failed for good
-- (failed_at) are never claimed again.
CREATE OR REPLACE FUNCTION kc_outbox_claim(p_limit int)
RETURNS TABLE (id bigint, to_address text, subject text, body text)
LANGUAGE sql AS $$
    WITH c AS (
        SELECT o.id FROM mail_outbox o
         WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.attempts < 5
           AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
           AND (o.claimed_at IS NULL OR o.claimed_at < now() - interval '10 minutes')
         ORDER BY o.created_at, o.id
         LIMIT p_limit
           FOR UPDATE SKIP LOCKED
    ), u AS (
        UPDATE mail_outbox m SET attempts = m.attempts + 1, claimed_at = now()
          FROM c WHERE m.id = c.id
        RETURNING m.id, m.to_address, m.subject, m.body, m.created_at
    )
    SELECT u.id, u.to_address, u.subject, u.body FROM u ORDER BY u.created_at, u.id
$$;

-- Close a claimed mail: sent (p_error NULL), or failed with p_error: tried
-- again after 1, 4, 16 and 64 minutes, and given up (failed_at) after the
-- fifth attempt. A secret mail's body is emptied when it is closed for good.
CREATE OR REPLACE FUNCTION kc_outbox_done(p_id bigint, p_error text) RETURNS void
LANGUAGE sql AS $$
    UPDATE mail_outbox
       SET sent_at    = CASE WHEN p_error IS NULL THEN now() END,
           -- A one-time link (029) is not kept once it is sent or given up.
           body       = CASE WHEN secret AND (p_error IS NULL OR attempts >= 5)
                             THEN '' ELSE body END,
           last_error = coalesce(p_error, last_error),
           claimed_at = NULL,
           next_attempt_at = CASE WHEN p_error IS NOT NULL AND attempts < 5
                                  THEN now() + make_interval(mins => (4 ^ (attempts - 1))::int)
                             END,
           failed_at  = CASE WHEN p_error IS NOT NULL AND attempts >= 5 THEN now() END
     WHERE id = p_id AND sent_at IS NULL;
$$;

-- "Recommend by mail" for forum questions too (010), with the same outbox,
-- daily limit (shared with records) and +5 points, keyed per member, topic
-- and address.
CREATE OR REPLACE FUNCTION kc_recommend_topic(p_member bigint, p_topic bigint, p_email text,
                                   p_subject text, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM forum_topics t
                    WHERE t.id = p_topic AND t.deleted_at IS NULL) THEN
        RETURN 'notfound';
    END IF;
    RETURN kc_recommend_mail(p_member, 'kc_recommend_topic', 'topic:' || p_topic,
                             'recommend:' || p_member || ':topic:' || p_topic || ':'
                                 || lower(p_email),
                             p_email, p_subject, p_body);
END
$$;
