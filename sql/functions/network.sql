-- network.sql -- follows, blocks, private messages and organisation profiles
-- (tables: 006; conventions: community.sql).

-- ---------------------------------------------------------------------------
-- Follows, blocks, messages
-- ---------------------------------------------------------------------------

-- Why member p_member may not follow/block (p_on) or unfollow/unblock p_other:
--   'self' | 'notfound' (on: no live member; off: no member at all) | NULL (go ahead)
CREATE OR REPLACE FUNCTION kc_member_pair_refusal(p_member bigint, p_other bigint, p_on boolean)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN p_member = p_other THEN 'self'
        WHEN p_on AND NOT kc_member_live(p_other) THEN 'notfound'
        WHEN NOT p_on AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id = p_other) THEN 'notfound'
    END
$$;

-- Follow (p_on) or unfollow another member.
--   'ok' | kc_member_pair_refusal
CREATE OR REPLACE FUNCTION kc_follow_set(p_member bigint, p_other bigint, p_on boolean) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_refusal text := kc_member_pair_refusal(p_member, p_other, p_on);
BEGIN
    IF v_refusal IS NOT NULL THEN
        RETURN v_refusal;
    END IF;
    IF p_on THEN
        INSERT INTO follows (follower_id, followed_id) VALUES (p_member, p_other)
        ON CONFLICT (follower_id, followed_id) DO NOTHING;
    ELSE
        DELETE FROM follows WHERE follower_id = p_member AND followed_id = p_other;
    END IF;
    RETURN 'ok';
END
$$;

-- Block (p_on) or unblock another member: messages either way are refused.
--   'ok' | kc_member_pair_refusal
CREATE OR REPLACE FUNCTION kc_block_set(p_member bigint, p_other bigint, p_on boolean) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_refusal text := kc_member_pair_refusal(p_member, p_other, p_on);
BEGIN
    IF v_refusal IS NOT NULL THEN
        RETURN v_refusal;
    END IF;
    IF p_on THEN
        INSERT INTO blocks (blocker_id, blocked_id) VALUES (p_member, p_other)
        ON CONFLICT (blocker_id, blocked_id) DO NOTHING;
    ELSE
        DELETE FROM blocks WHERE blocker_id = p_member AND blocked_id = p_other;
    END IF;
    RETURN 'ok';
END
$$;

-- A private message. No notification row: the header shows unread counts.
--   'ok:<id>' | 'self' | 'notfound' (no live member p_to) | 'blocked'
--   (either blocked the other) | 'ratelimit' (30 in the last hour) | 'duplicate'
CREATE OR REPLACE FUNCTION kc_message_send(p_member bigint, p_to bigint, p_body text,
                                p_norm_hash text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_member = p_to THEN
        RETURN 'self';
    END IF;
    PERFORM kc_community_lock(p_member, p_to);
    PERFORM kc_community_require_live(p_member, 'kc_message_send');
    IF NOT kc_member_live(p_to) THEN
        RETURN 'notfound';
    END IF;
    IF EXISTS (SELECT 1 FROM blocks b
                WHERE (b.blocker_id = p_member AND b.blocked_id = p_to)
                   OR (b.blocker_id = p_to AND b.blocked_id = p_member)) THEN
        RETURN 'blocked';
    END IF;
    IF (SELECT count(*) FROM messages x
         WHERE x.sender_id = p_member AND x.created_at > now() - interval '1 hour') >= 30 THEN
        RETURN 'ratelimit';
    END IF;
    IF kc_community_duplicate(p_member, p_norm_hash, NULL, NULL) THEN
        RETURN 'duplicate';
    END IF;
    INSERT INTO messages (sender_id, recipient_id, body, norm_hash)
    VALUES (p_member, p_to, p_body, p_norm_hash)
    RETURNING id INTO v_id;
    RETURN 'ok:' || v_id;
END
$$;

-- ---------------------------------------------------------------------------
-- Organisation profiles
-- ---------------------------------------------------------------------------

-- Create or replace the organisation profile of a live member with role
-- organisation. '' for website or province means none (NULL); NULL
-- description/contact/themes mean ''.
--   'ok' | 'role' | 'province' (unknown province code)
-- Raises check_violation on a kind other than school|publisher|training or
-- a name outside 1..200 characters.
CREATE OR REPLACE FUNCTION kc_org_profile_save(p_member bigint, p_kind text, p_name text,
                                    p_description text, p_contact text, p_website text,
                                    p_province text, p_themes text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_province text := nullif(p_province, '');
BEGIN
    IF NOT kc_member_has_role(p_member, ARRAY['organisation']) THEN
        RETURN 'role';
    END IF;
    IF v_province IS NOT NULL AND NOT EXISTS (SELECT 1 FROM provinces p WHERE p.code = v_province) THEN
        RETURN 'province';
    END IF;
    INSERT INTO organisation_profiles (member_id, kind, name, description, contact, website,
                                       province, themes, updated_at)
    VALUES (p_member, p_kind, p_name, coalesce(p_description, ''), coalesce(p_contact, ''),
            nullif(p_website, ''), v_province, coalesce(p_themes, ''), now())
    ON CONFLICT (member_id) DO UPDATE
       SET kind = EXCLUDED.kind, name = EXCLUDED.name, description = EXCLUDED.description,
           contact = EXCLUDED.contact, website = EXCLUDED.website,
           province = EXCLUDED.province, themes = EXCLUDED.themes, updated_at = now();
    RETURN 'ok';
END
$$;
