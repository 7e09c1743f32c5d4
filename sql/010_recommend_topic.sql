-- 010_recommend_topic.sql -- "recommend by mail" for forum questions too,
-- with the same outbox, daily limit (shared with records) and +5 points,
-- keyed per member, topic and address.

CREATE FUNCTION kc_recommend_topic(p_member bigint, p_topic bigint, p_email text,
                                   p_subject text, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM forum_topics t
                    WHERE t.id = p_topic AND t.deleted_at IS NULL) THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_community_lock(p_member, NULL);
    PERFORM kc_community_require_live(p_member, 'kc_recommend_topic');
    IF (SELECT count(*) FROM mail_outbox o
         WHERE o.member_id = p_member AND o.created_at > now() - interval '24 hours') >= 10 THEN
        RETURN 'ratelimit';
    END IF;
    INSERT INTO mail_outbox (member_id, to_address, subject, body)
    VALUES (p_member, p_email, p_subject, p_body)
    RETURNING id INTO v_id;
    PERFORM kc_points_award(p_member, 'recommend', 'topic:' || p_topic,
                            kc_rule_points('recommend', false),
                            'recommend:' || p_member || ':topic:' || p_topic || ':'
                                || lower(p_email),
                            NULL);
    RETURN 'ok:' || v_id;
END
$$;
