-- 006_community.sql -- reactions, ratings, favourites, recommendations (mail
-- outbox), the forum, follows, blocks, messages and organisation profiles
-- (spec: community.md, issue 6).
--
-- The functions and triggers (anti-spam, lock order) are in
-- sql/functions/community.sql, forum.sql and network.sql.

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
