-- forum.sql -- the Q&A forum and the moderation of reactions and forum posts
-- (tables: 006; conventions: community.sql).

CREATE OR REPLACE FUNCTION kc_forum_topics_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.body, '')), 'B');
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER forum_topics_search_vector_trg
    BEFORE INSERT OR UPDATE OF title, body ON forum_topics
    FOR EACH ROW EXECUTE FUNCTION kc_forum_topics_search_vector();

-- ---------------------------------------------------------------------------
-- Forum
-- ---------------------------------------------------------------------------

-- A new question.
--   'ok:<id>' | 'category' (unknown code) | 'ratelimit' (5 topics in the
--   last hour) | 'duplicate'
-- Pays 20, or 40 with a body of >= 500 characters (event 'forum_post', key
-- 'forum_post:topic:<id>').
CREATE OR REPLACE FUNCTION kc_forum_topic_add(p_member bigint, p_category text, p_title text,
                                   p_body text, p_norm_hash text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_category int;
    v_id       bigint;
BEGIN
    SELECT c.id INTO v_category FROM forum_categories c WHERE c.code = p_category;
    IF NOT FOUND THEN
        RETURN 'category';
    END IF;
    PERFORM kc_community_lock(p_member, NULL);
    PERFORM kc_community_require_live(p_member, 'kc_forum_topic_add');
    IF (SELECT count(*) FROM forum_topics x
         WHERE x.member_id = p_member AND x.created_at > now() - interval '1 hour') >= 5 THEN
        RETURN 'ratelimit';
    END IF;
    IF kc_community_duplicate(p_member, p_norm_hash, NULL, NULL) THEN
        RETURN 'duplicate';
    END IF;
    INSERT INTO forum_topics (category_id, member_id, title, body, norm_hash)
    VALUES (v_category, p_member, p_title, p_body, p_norm_hash)
    RETURNING id INTO v_id;
    PERFORM kc_points_award(p_member, 'forum_post', 'topic:' || v_id,
                            kc_rule_points('forum_post', char_length(p_body) >= 500),
                            'forum_post:topic:' || v_id, NULL);
    RETURN 'ok:' || v_id;
END
$$;

-- An answer to a live topic.
--   'ok:<id>' | 'notfound' | 'ratelimit' (20 answers in the last hour) | 'duplicate'
-- Pays 10, or 20 with >= 300 characters (event 'forum_reaction', key
-- 'forum_reaction:<post id>') and notifies the asker (kind 'answer',
-- topic_id), both unless it is the member's own topic.
CREATE OR REPLACE FUNCTION kc_forum_answer_add(p_member bigint, p_topic bigint, p_body text,
                                    p_norm_hash text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_asker bigint;
    v_id    bigint;
BEGIN
    SELECT t.member_id INTO v_asker FROM forum_topics t
     WHERE t.id = p_topic AND t.deleted_at IS NULL
       FOR KEY SHARE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_community_lock(p_member, v_asker);
    PERFORM kc_community_require_live(p_member, 'kc_forum_answer_add');
    IF (SELECT count(*) FROM forum_posts x
         WHERE x.member_id = p_member AND x.created_at > now() - interval '1 hour') >= 20 THEN
        RETURN 'ratelimit';
    END IF;
    IF kc_community_duplicate(p_member, p_norm_hash, NULL, NULL) THEN
        RETURN 'duplicate';
    END IF;
    INSERT INTO forum_posts (topic_id, member_id, body, norm_hash)
    VALUES (p_topic, p_member, p_body, p_norm_hash)
    RETURNING id INTO v_id;
    IF v_asker <> p_member THEN
        PERFORM kc_points_award(p_member, 'forum_reaction', 'topic:' || p_topic,
                                kc_rule_points('forum_reaction', char_length(p_body) >= 300),
                                'forum_reaction:' || v_id, NULL);
        INSERT INTO notifications (member_id, kind, topic_id) VALUES (v_asker, 'answer', p_topic);
    END IF;
    RETURN 'ok:' || v_id;
END
$$;

-- Thumbs up for an answer, once per member.
--   'ok' | 'notfound' (no such live answer in a live topic) | 'own' | 'already'
-- Pays the answer's author +10 for every completed block of 10 thumbs
-- (event 'thumbs_up', keys 'thumbs:<post>:<n>'). The post row lock queues
-- concurrent thumbs of one answer, so every block is seen and paid.
CREATE OR REPLACE FUNCTION kc_forum_thumb(p_member bigint, p_post bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_author bigint;
    v_topic  bigint;
    v_count  bigint;
BEGIN
    SELECT p.member_id, p.topic_id INTO v_author, v_topic
      FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id
     WHERE p.id = p_post AND p.deleted_at IS NULL AND t.deleted_at IS NULL
       FOR NO KEY UPDATE OF p;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF v_author = p_member THEN
        RETURN 'own';
    END IF;
    PERFORM kc_community_lock(p_member, v_author);
    PERFORM kc_community_require_live(p_member, 'kc_forum_thumb');
    INSERT INTO post_thumbs (post_id, member_id) VALUES (p_post, p_member)
    ON CONFLICT (post_id, member_id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 'already';
    END IF;
    SELECT count(*) INTO v_count FROM post_thumbs WHERE post_id = p_post;
    PERFORM kc_community_pay_blocks(v_author, 'thumbs_up', 'topic:' || v_topic,
                                    'thumbs:' || p_post || ':', v_count, 10);
    RETURN 'ok';
END
$$;

-- The asker marks an answer of the topic as accepted (again: 'ok', nothing
-- written; another answer replaces it). Notifies the answer's author (kind
-- 'accepted', topic_id) unless it is the asker.
--   'ok' | 'notfound' (no such live topic, or no such live answer in it)
--   | 'notyours' (not the asker)
CREATE OR REPLACE FUNCTION kc_forum_accept(p_member bigint, p_topic bigint, p_post bigint)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_asker    bigint;
    v_accepted bigint;
    v_author   bigint;
BEGIN
    SELECT t.member_id, t.accepted_post_id INTO v_asker, v_accepted FROM forum_topics t
     WHERE t.id = p_topic AND t.deleted_at IS NULL
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF v_asker <> p_member THEN
        RETURN 'notyours';
    END IF;
    SELECT p.member_id INTO v_author FROM forum_posts p
     WHERE p.id = p_post AND p.topic_id = p_topic AND p.deleted_at IS NULL;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    IF v_accepted IS NOT DISTINCT FROM p_post THEN
        RETURN 'ok';
    END IF;
    UPDATE forum_topics SET accepted_post_id = p_post WHERE id = p_topic;
    IF v_author <> p_member THEN
        INSERT INTO notifications (member_id, kind, topic_id) VALUES (v_author, 'accepted', p_topic);
    END IF;
    RETURN 'ok';
END
$$;

-- Hide an answer (own, or a moderator's removal): deleted_at [removed_by],
-- no longer the accepted answer, points taken back. Returns false when there
-- is no such live answer (of p_owner, unless NULL).
CREATE OR REPLACE FUNCTION kc_forum_post_hide(p_post bigint, p_owner bigint, p_remover bigint,
                                   p_note text, OUT hidden boolean, OUT taken bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_topic bigint;
BEGIN
    UPDATE forum_posts SET deleted_at = now(), removed_by = p_remover
     WHERE id = p_post AND deleted_at IS NULL AND (p_owner IS NULL OR member_id = p_owner)
    RETURNING topic_id INTO v_topic;
    hidden := v_topic IS NOT NULL;
    taken := 0;
    IF hidden THEN
        UPDATE forum_topics SET accepted_post_id = NULL
         WHERE id = v_topic AND accepted_post_id = p_post;
        taken := kc_points_reverse('forum_reaction:' || p_post, p_note);
    END IF;
END
$$;

-- Hide a topic (own, or a moderator's removal); its points taken back. The
-- answers stay (hidden with the topic); their authors keep their points.
CREATE OR REPLACE FUNCTION kc_forum_topic_hide(p_topic bigint, p_owner bigint, p_remover bigint,
                                    p_note text, OUT hidden boolean, OUT taken bigint)
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE forum_topics SET deleted_at = now(), removed_by = p_remover
     WHERE id = p_topic AND deleted_at IS NULL AND (p_owner IS NULL OR member_id = p_owner);
    hidden := FOUND;
    taken := 0;
    IF hidden THEN
        taken := kc_points_reverse('forum_post:topic:' || p_topic, p_note);
    END IF;
END
$$;

-- 'ok' | 'notfound' (not own, or deleted). Takes back 'forum_reaction:<id>'.
CREATE OR REPLACE FUNCTION kc_forum_post_delete(p_member bigint, p_post bigint) RETURNS text
LANGUAGE sql AS $$
    SELECT CASE WHEN h.hidden THEN 'ok' ELSE 'notfound' END
      FROM kc_forum_post_hide(p_post, p_member, NULL, 'answer deleted') h
$$;

-- 'ok' | 'notfound' (not own, or deleted). Takes back 'forum_post:topic:<id>'.
CREATE OR REPLACE FUNCTION kc_forum_topic_delete(p_member bigint, p_topic bigint) RETURNS text
LANGUAGE sql AS $$
    SELECT CASE WHEN h.hidden THEN 'ok' ELSE 'notfound' END
      FROM kc_forum_topic_hide(p_topic, p_member, NULL, 'topic deleted') h
$$;

-- ---------------------------------------------------------------------------
-- Moderation of reactions and the forum
-- ---------------------------------------------------------------------------

-- p_type 'reaction' | 'forum_post' | 'forum_topic'; p_action 'edit' (forum_post
-- only: p_body replaces the text, edited_at set) | 'remove' (deleted_at,
-- removed_by, points taken back). One audit row on 'ok' (actions edit_post,
-- remove_post, remove_topic, remove_reaction; target_type = p_type).
--   'ok' | 'notfound' (no such live item) | 'role' (not a live moderator/admin)
-- Raises invalid_parameter_value on another type/action (or edit of a
-- reaction or topic); check_violation on a body outside 1..10000.
CREATE OR REPLACE FUNCTION kc_moderate_post(p_moderator bigint, p_type text, p_id bigint,
                                 p_action text, p_body text, p_reason text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_old    text;
    v_record bigint;
    v_topic  bigint;
    v_found  boolean;
    v_taken  bigint;
BEGIN
    IF NOT kc_member_has_role(p_moderator, ARRAY['moderator', 'admin']) THEN
        RETURN 'role';
    END IF;
    IF p_type IS NULL OR p_action IS NULL
       OR NOT ((p_type = 'forum_post' AND p_action IN ('edit', 'remove'))
               OR (p_type IN ('reaction', 'forum_topic') AND p_action = 'remove')) THEN
        RAISE EXCEPTION 'kc_moderate_post: cannot % a %', p_action, p_type
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Scope: a reaction through its record; the forum has no levels or
    -- subjects, so only unscoped moderators and admins moderate it.
    IF p_type = 'reaction' THEN
        SELECT x.record_id INTO v_record FROM reactions x WHERE x.id = p_id;
        IF FOUND AND NOT kc_in_scope(p_moderator, v_record) THEN
            RETURN 'scope';
        END IF;
    ELSIF NOT kc_unscoped(p_moderator) THEN
        RETURN 'scope';
    END IF;

    IF p_action = 'edit' THEN
        SELECT p.body, p.topic_id INTO v_old, v_topic FROM forum_posts p
         WHERE p.id = p_id AND p.deleted_at IS NULL
           FOR NO KEY UPDATE;
        IF NOT FOUND THEN
            RETURN 'notfound';
        END IF;
        UPDATE forum_posts SET body = p_body, edited_at = now() WHERE id = p_id;
        PERFORM kc_audit(p_moderator, 'edit_post', 'forum_post', p_id, p_reason,
                         jsonb_build_object('topic_id', v_topic, 'old_body', v_old));
    ELSIF p_type = 'reaction' THEN
        UPDATE reactions SET deleted_at = now(), removed_by = p_moderator
         WHERE id = p_id AND deleted_at IS NULL
        RETURNING record_id INTO v_record;
        IF NOT FOUND THEN
            RETURN 'notfound';
        END IF;
        v_taken := kc_points_reverse('reaction:' || p_id, 'reaction removed');
        PERFORM kc_audit(p_moderator, 'remove_reaction', 'reaction', p_id, p_reason,
                         jsonb_build_object('record_id', v_record, 'taken_back', v_taken));
    ELSIF p_type = 'forum_post' THEN
        SELECT h.hidden, h.taken INTO v_found, v_taken
          FROM kc_forum_post_hide(p_id, NULL, p_moderator, 'answer removed') h;
        IF NOT v_found THEN
            RETURN 'notfound';
        END IF;
        PERFORM kc_audit(p_moderator, 'remove_post', 'forum_post', p_id, p_reason,
                         jsonb_build_object('topic_id', (SELECT topic_id FROM forum_posts WHERE id = p_id),
                                            'taken_back', v_taken));
    ELSE
        SELECT h.hidden, h.taken INTO v_found, v_taken
          FROM kc_forum_topic_hide(p_id, NULL, p_moderator, 'topic removed') h;
        IF NOT v_found THEN
            RETURN 'notfound';
        END IF;
        PERFORM kc_audit(p_moderator, 'remove_topic', 'forum_topic', p_id, p_reason,
                         jsonb_build_object('taken_back', v_taken));
    END IF;
    RETURN 'ok';
END
$$;
