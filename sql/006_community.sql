-- 006_community.sql -- reactions, ratings, favourites, recommendations (mail
-- outbox), the forum, follows, blocks, messages and organisation profiles
-- (spec: community.md, issue 6).
--
-- As in 005: every change that touches more than one row is ONE function
-- returning 'ok', 'ok:<id>' or an error code; they RAISE only on what the C
-- code validates first (lengths, CHECKs, codes, a member that is not live).
-- Points go only through kc_points_award / kc_points_reverse, with the keys of
-- the contract; daily caps are applied there.
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
-- Notifications: new kinds, and the topic of forum notifications
-- ---------------------------------------------------------------------------

-- 005 declared the kind CHECK inline: PostgreSQL named it notifications_kind_check.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('approved', 'changes_requested', 'refused',
                    'objection_upheld', 'objection_overturned',
                    'taken_down', 'restored', 'removed',
                    'reaction', 'answer', 'accepted', 'message'));

-- ---------------------------------------------------------------------------
-- On records: reactions, ratings, favourites
-- ---------------------------------------------------------------------------

CREATE TABLE reactions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id   bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    member_id   bigint NOT NULL REFERENCES members,
    body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    norm_hash   text NOT NULL CHECK (norm_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    edited_at   timestamptz NULL,
    deleted_at  timestamptz NULL,
    removed_by  bigint NULL REFERENCES members
);

-- The record page: WHERE record_id = $1 AND deleted_at IS NULL ORDER BY id.
CREATE INDEX reactions_record_idx ON reactions (record_id, id) WHERE deleted_at IS NULL;
CREATE INDEX reactions_member_idx ON reactions (member_id, created_at);

CREATE TABLE ratings (
    record_id    bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    member_id    bigint NOT NULL REFERENCES members,
    stars        int NOT NULL CHECK (stars BETWEEN 1 AND 5),
    explanation  text NOT NULL DEFAULT '' CHECK (char_length(explanation) <= 2000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (record_id, member_id)
);

CREATE INDEX ratings_member_idx ON ratings (member_id);

COMMENT ON COLUMN records.rating_sum IS
    'Changed only by kc_rating_set, by the delta of the member''s score, under the record row lock. Records imported with an aggregate (the demo data) keep it as a baseline: the columns are not recomputed from ratings.';

CREATE TABLE favourites (
    member_id   bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    record_id   bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, record_id)
);

-- /me/favourites: WHERE member_id = $1 ORDER BY created_at DESC.
CREATE INDEX favourites_member_created_idx ON favourites (member_id, created_at DESC);
CREATE INDEX favourites_record_idx ON favourites (record_id);

-- ---------------------------------------------------------------------------
-- Mail outbox (recommendations; later other mail)
-- ---------------------------------------------------------------------------

CREATE TABLE mail_outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   bigint NULL REFERENCES members,          -- who caused it (NULL: the system)
    to_address  text NOT NULL,
    subject     text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz NULL,
    attempts    int NOT NULL DEFAULT 0,
    last_error  text NULL,
    -- Set by kc_outbox_claim, cleared by kc_outbox_done: a claimed row is not
    -- handed out again for 10 minutes (the claim commits at once, so a row
    -- lock alone would not keep a second process from sending it too).
    claimed_at  timestamptz NULL
);

CREATE INDEX mail_outbox_unsent_idx ON mail_outbox (created_at, id) WHERE sent_at IS NULL;
CREATE INDEX mail_outbox_member_idx ON mail_outbox (member_id, created_at) WHERE member_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- Forum
-- ---------------------------------------------------------------------------

CREATE TABLE forum_categories (
    id        int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code      text UNIQUE NOT NULL,
    position  int NOT NULL,
    name_nl   text NOT NULL,
    name_en   text NOT NULL
);

INSERT INTO forum_categories (code, position, name_nl, name_en) VALUES
    ('afstandsonderwijs',  1, 'Afstandsonderwijs',               'Distance teaching'),
    ('digitale-tools',     2, 'Digitale tools',                  'Digital tools'),
    ('kleuter-lager',      3, 'Kleuter- en lager onderwijs',     'Nursery and primary'),
    ('secundair',          4, 'Secundair onderwijs',             'Secondary'),
    ('hoger-volwassenen',  5, 'Hoger en volwassenenonderwijs',   'Higher and adult'),
    ('zorg',               6, 'Zorg en inclusie',                'Care and inclusion'),
    ('klasmanagement',     7, 'Klasmanagement',                  'Classroom management'),
    ('vakinhoud',          8, 'Vakinhoudelijk',                  'Subject matter');

CREATE TABLE forum_topics (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_id       int NOT NULL REFERENCES forum_categories,
    member_id         bigint NOT NULL REFERENCES members,
    title             text NOT NULL CHECK (char_length(title) BETWEEN 5 AND 200),
    body              text NOT NULL CHECK (char_length(body) BETWEEN 20 AND 10000),
    norm_hash         text NOT NULL CHECK (norm_hash ~ '^[0-9a-f]{64}$'),
    created_at        timestamptz NOT NULL DEFAULT now(),
    accepted_post_id  bigint NULL,                -- FK added below (forum_posts)
    deleted_at        timestamptz NULL,
    removed_by        bigint NULL REFERENCES members,
    search_vector     tsvector NOT NULL DEFAULT ''::tsvector
);

COMMENT ON COLUMN forum_topics.search_vector IS
    'Maintained by trigger forum_topics_search_vector_trg: title weight A, body weight B, dutch config. Query with kc_tsquery($1) like records.';

CREATE FUNCTION kc_forum_topics_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.body, '')), 'B');
    RETURN NEW;
END
$$;

CREATE TRIGGER forum_topics_search_vector_trg
    BEFORE INSERT OR UPDATE OF title, body ON forum_topics
    FOR EACH ROW EXECUTE FUNCTION kc_forum_topics_search_vector();

-- /forum lists: newest first, all or per category; the feed and rate limits per member.
CREATE INDEX forum_topics_newest_idx ON forum_topics (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX forum_topics_category_idx ON forum_topics (category_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX forum_topics_member_idx ON forum_topics (member_id, created_at);
CREATE INDEX forum_topics_search_vector_idx ON forum_topics USING gin (search_vector);

CREATE TABLE forum_posts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic_id    bigint NOT NULL REFERENCES forum_topics ON DELETE CASCADE,
    member_id   bigint NOT NULL REFERENCES members,
    body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    norm_hash   text NOT NULL CHECK (norm_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    edited_at   timestamptz NULL,
    deleted_at  timestamptz NULL,
    removed_by  bigint NULL REFERENCES members,
    -- target of the composite key below: an accepted answer is an answer of that topic
    CONSTRAINT forum_posts_id_topic_key UNIQUE (id, topic_id)
);

CREATE INDEX forum_posts_topic_idx ON forum_posts (topic_id, id) WHERE deleted_at IS NULL;
CREATE INDEX forum_posts_member_idx ON forum_posts (member_id, created_at);

-- The accepted answer must be a post of the same topic: the constraint
-- decides. A hard-deleted post clears only accepted_post_id (PostgreSQL 15
-- column list). Soft deletes clear it in the delete functions.
ALTER TABLE forum_topics
    ADD CONSTRAINT forum_topics_accepted_post_fkey
    FOREIGN KEY (accepted_post_id, id) REFERENCES forum_posts (id, topic_id)
    ON DELETE SET NULL (accepted_post_id);

CREATE TABLE post_thumbs (
    post_id     bigint NOT NULL REFERENCES forum_posts ON DELETE CASCADE,
    member_id   bigint NOT NULL REFERENCES members,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, member_id)
);

CREATE INDEX post_thumbs_member_idx ON post_thumbs (member_id);

-- Forum notifications ('answer', 'accepted') point at the topic.
ALTER TABLE notifications
    ADD COLUMN topic_id bigint NULL REFERENCES forum_topics ON DELETE SET NULL;

-- ---------------------------------------------------------------------------
-- Networking: follows, blocks, messages
-- ---------------------------------------------------------------------------

CREATE TABLE follows (
    follower_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    followed_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followed_id),
    CONSTRAINT follows_not_self CHECK (follower_id <> followed_id)
);

CREATE INDEX follows_followed_idx ON follows (followed_id);

CREATE TABLE blocks (
    blocker_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    blocked_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id),
    CONSTRAINT blocks_not_self CHECK (blocker_id <> blocked_id)
);

CREATE INDEX blocks_blocked_idx ON blocks (blocked_id);

CREATE TABLE messages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sender_id     bigint NOT NULL REFERENCES members,
    recipient_id  bigint NOT NULL REFERENCES members,
    body          text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    norm_hash     text NOT NULL CHECK (norm_hash ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    read_at       timestamptz NULL,
    CONSTRAINT messages_not_self CHECK (sender_id <> recipient_id)
);

-- Unread counts: WHERE recipient_id = $1 AND read_at IS NULL.
CREATE INDEX messages_recipient_idx ON messages (recipient_id, read_at);
-- One thread: WHERE least(sender_id, recipient_id) = least($1, $2)
--               AND greatest(sender_id, recipient_id) = greatest($1, $2) ORDER BY id.
CREATE INDEX messages_thread_idx ON messages
    (least(sender_id, recipient_id), greatest(sender_id, recipient_id), id);
-- Rate limit and duplicates.
CREATE INDEX messages_sender_idx ON messages (sender_id, created_at);

-- ---------------------------------------------------------------------------
-- Organisations
-- ---------------------------------------------------------------------------

CREATE TABLE provinces (
    code      text PRIMARY KEY,
    country   text NOT NULL CHECK (country IN ('BE', 'NL')),
    position  int NOT NULL,
    name_nl   text NOT NULL,
    name_en   text NOT NULL
);

INSERT INTO provinces (code, country, position, name_nl, name_en) VALUES
    ('antwerpen',        'BE',  1, 'Antwerpen',            'Antwerp'),
    ('limburg',          'BE',  2, 'Limburg (België)',     'Limburg (Belgium)'),
    ('oost-vlaanderen',  'BE',  3, 'Oost-Vlaanderen',      'East Flanders'),
    ('vlaams-brabant',   'BE',  4, 'Vlaams-Brabant',       'Flemish Brabant'),
    ('west-vlaanderen',  'BE',  5, 'West-Vlaanderen',      'West Flanders'),
    ('brussel',          'BE',  6, 'Brussel',              'Brussels'),
    ('drenthe',          'NL',  7, 'Drenthe',              'Drenthe'),
    ('flevoland',        'NL',  8, 'Flevoland',            'Flevoland'),
    ('friesland',        'NL',  9, 'Friesland',            'Friesland'),
    ('gelderland',       'NL', 10, 'Gelderland',           'Gelderland'),
    ('groningen',        'NL', 11, 'Groningen',            'Groningen'),
    ('limburg-nl',       'NL', 12, 'Limburg (Nederland)',  'Limburg (Netherlands)'),
    ('noord-brabant',    'NL', 13, 'Noord-Brabant',        'North Brabant'),
    ('noord-holland',    'NL', 14, 'Noord-Holland',        'North Holland'),
    ('overijssel',       'NL', 15, 'Overijssel',           'Overijssel'),
    ('utrecht',          'NL', 16, 'Utrecht',              'Utrecht'),
    ('zeeland',          'NL', 17, 'Zeeland',              'Zeeland'),
    ('zuid-holland',     'NL', 18, 'Zuid-Holland',         'South Holland');

CREATE TABLE organisation_profiles (
    member_id    bigint PRIMARY KEY REFERENCES members ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('school', 'publisher', 'training')),
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description  text NOT NULL DEFAULT '',
    contact      text NOT NULL DEFAULT '',
    website      text NULL,
    province     text NULL REFERENCES provinces,
    themes       text NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- /training?q=&theme=&province=: WHERE kind = 'training' [AND province = $p]
-- [AND (name ILIKE '%' || $q || '%' OR themes ILIKE '%' || $q || '%')]
-- [AND themes ILIKE '%' || $theme || '%'] -- trigram indexes serve the ILIKEs.
CREATE INDEX organisation_profiles_kind_idx ON organisation_profiles (kind, province);
CREATE INDEX organisation_profiles_name_trgm_idx ON organisation_profiles USING gin (name gin_trgm_ops);
CREATE INDEX organisation_profiles_themes_trgm_idx ON organisation_profiles USING gin (themes gin_trgm_ops);

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

-- Lock the rows of one or two members FOR UPDATE, lowest id first (the
-- global order that keeps these functions free of deadlocks). Unknown ids
-- lock nothing.
CREATE FUNCTION kc_community_lock(p_a bigint, p_b bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM members m WHERE m.id = least(p_a, p_b) FOR UPDATE;
    IF p_a IS NOT NULL AND p_b IS NOT NULL AND p_a <> p_b THEN
        PERFORM 1 FROM members m WHERE m.id = greatest(p_a, p_b) FOR UPDATE;
    END IF;
END
$$;

-- A live member (exists, not deleted, not banned now), whatever the role.
CREATE FUNCTION kc_member_live(p_member bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT kc_member_has_role(p_member, ARRAY['member', 'organisation', 'moderator', 'admin'])
$$;

-- Raise (a 500: the C side only calls these for a logged-in, live member).
CREATE FUNCTION kc_community_require_live(p_member bigint, p_fn text) RETURNS void
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
CREATE FUNCTION kc_community_duplicate(p_member bigint, p_hash text,
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
CREATE FUNCTION kc_rule_points(p_event text, p_high boolean) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_high THEN coalesce(r.points_max, r.points) ELSE r.points END::bigint
      FROM point_rules r WHERE r.event = p_event
$$;

-- Pay every completed block of p_per items: keys '<p_prefix>1' .. '<p_prefix>n',
-- n = floor(p_count / p_per), the rule's points each. Every call pays all
-- missing blocks up to its n under the content row's lock, so the paid keys
-- are always 1..k: walking down from n stops at the first paid one (no loop
-- over all blocks of a record with hundreds of scores). Returns the points paid.
CREATE FUNCTION kc_community_pay_blocks(p_member bigint, p_event text, p_subject text,
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
CREATE FUNCTION kc_reaction_add(p_member bigint, p_record bigint, p_body text,
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
CREATE FUNCTION kc_reaction_edit(p_member bigint, p_reaction bigint, p_body text,
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
CREATE FUNCTION kc_reaction_delete(p_member bigint, p_reaction bigint) RETURNS text
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
CREATE FUNCTION kc_rating_set(p_member bigint, p_record bigint, p_stars int,
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
CREATE FUNCTION kc_favourite_set(p_member bigint, p_record bigint, p_on boolean)
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
--   'ok:<outbox id>' | 'notfound' | 'ratelimit' (10 in the last 24 hours)
CREATE FUNCTION kc_recommend(p_member bigint, p_record bigint, p_email text,
                             p_subject text, p_body text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM records r WHERE r.id = p_record AND r.state = 'published') THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_community_lock(p_member, NULL);
    PERFORM kc_community_require_live(p_member, 'kc_recommend');
    IF (SELECT count(*) FROM mail_outbox o
         WHERE o.member_id = p_member AND o.created_at > now() - interval '24 hours') >= 10 THEN
        RETURN 'ratelimit';
    END IF;
    INSERT INTO mail_outbox (member_id, to_address, subject, body)
    VALUES (p_member, p_email, p_subject, p_body)
    RETURNING id INTO v_id;
    PERFORM kc_points_award(p_member, 'recommend', 'record:' || p_record,
                            kc_rule_points('recommend', false),
                            'recommend:' || p_member || ':' || p_record || ':' || lower(p_email),
                            NULL);
    RETURN 'ok:' || v_id;
END
$$;

-- Claim up to p_limit unsent mails (attempts < 5, not claimed in the last
-- 10 minutes), oldest first, counting the attempt. Two processes never get
-- the same row: SKIP LOCKED while claiming, claimed_at after the commit.
-- Every claimed row must be closed with kc_outbox_done.
CREATE FUNCTION kc_outbox_claim(p_limit int)
RETURNS TABLE (id bigint, to_address text, subject text, body text)
LANGUAGE sql AS $$
    WITH c AS (
        SELECT o.id FROM mail_outbox o
         WHERE o.sent_at IS NULL AND o.attempts < 5
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

-- Close a claimed mail: sent (p_error NULL) or failed with p_error (tried
-- again by a later claim while attempts < 5).
CREATE FUNCTION kc_outbox_done(p_id bigint, p_error text) RETURNS void
LANGUAGE sql AS $$
    UPDATE mail_outbox
       SET sent_at    = CASE WHEN p_error IS NULL THEN now() END,
           last_error = coalesce(p_error, last_error),
           claimed_at = NULL
     WHERE id = p_id AND sent_at IS NULL;
$$;

-- ---------------------------------------------------------------------------
-- Forum
-- ---------------------------------------------------------------------------

-- A new question.
--   'ok:<id>' | 'category' (unknown code) | 'ratelimit' (5 topics in the
--   last hour) | 'duplicate'
-- Pays 20, or 40 with a body of >= 500 characters (event 'forum_post', key
-- 'forum_post:topic:<id>').
CREATE FUNCTION kc_forum_topic_add(p_member bigint, p_category text, p_title text,
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
CREATE FUNCTION kc_forum_answer_add(p_member bigint, p_topic bigint, p_body text,
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
CREATE FUNCTION kc_forum_thumb(p_member bigint, p_post bigint) RETURNS text
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
CREATE FUNCTION kc_forum_accept(p_member bigint, p_topic bigint, p_post bigint)
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
CREATE FUNCTION kc_forum_post_hide(p_post bigint, p_owner bigint, p_remover bigint,
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
CREATE FUNCTION kc_forum_topic_hide(p_topic bigint, p_owner bigint, p_remover bigint,
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
CREATE FUNCTION kc_forum_post_delete(p_member bigint, p_post bigint) RETURNS text
LANGUAGE sql AS $$
    SELECT CASE WHEN h.hidden THEN 'ok' ELSE 'notfound' END
      FROM kc_forum_post_hide(p_post, p_member, NULL, 'answer deleted') h
$$;

-- 'ok' | 'notfound' (not own, or deleted). Takes back 'forum_post:topic:<id>'.
CREATE FUNCTION kc_forum_topic_delete(p_member bigint, p_topic bigint) RETURNS text
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
CREATE FUNCTION kc_moderate_post(p_moderator bigint, p_type text, p_id bigint,
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

-- ---------------------------------------------------------------------------
-- Follows, blocks, messages
-- ---------------------------------------------------------------------------

-- Why member p_member may not follow/block (p_on) or unfollow/unblock p_other:
--   'self' | 'notfound' (on: no live member; off: no member at all) | NULL (go ahead)
CREATE FUNCTION kc_member_pair_refusal(p_member bigint, p_other bigint, p_on boolean)
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
CREATE FUNCTION kc_follow_set(p_member bigint, p_other bigint, p_on boolean) RETURNS text
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
CREATE FUNCTION kc_block_set(p_member bigint, p_other bigint, p_on boolean) RETURNS text
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
CREATE FUNCTION kc_message_send(p_member bigint, p_to bigint, p_body text,
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
CREATE FUNCTION kc_org_profile_save(p_member bigint, p_kind text, p_name text,
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
