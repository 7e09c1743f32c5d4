-- 027: the team's editorial work (issue 14): search and page analytics,
-- the weekly newsletter with per-member choices, promotional slots.

-- ---------------------------------------------------------------------------
-- Analytics: counters per day, never who. Written only by kc_stats_flush()
-- (sql/functions/analytics.sql) from the counters each httpd child keeps in
-- memory (jobs/kc_stats.c): one row per (day, thing), not one per request.
-- ---------------------------------------------------------------------------

-- Searches: the query in its comparison form (kc_normalise: lowercased, no
-- accents, no punctuation), the filters as 'kind=site&level=lager' (''
-- when none), how often on that day, and how many records the latest such
-- search found.
CREATE TABLE search_stats (
    day       date NOT NULL,
    query     text NOT NULL CHECK (char_length(query) <= 200),
    filters   text NOT NULL CHECK (char_length(filters) <= 400),
    searches  bigint NOT NULL CHECK (searches > 0),
    results   bigint NOT NULL CHECK (results >= 0),
    PRIMARY KEY (day, query, filters)
);
CREATE INDEX search_stats_query_idx ON search_stats (query, day);

-- Record detail pages shown, per record and day.
CREATE TABLE record_views (
    day        date NOT NULL,
    record_id  bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    views      bigint NOT NULL CHECK (views > 0),
    PRIMARY KEY (day, record_id)
);
CREATE INDEX record_views_record_idx ON record_views (record_id, day);

-- Profile pages shown, per profile (the member whose page it is) and day.
CREATE TABLE profile_views (
    day         date NOT NULL,
    profile_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    views       bigint NOT NULL CHECK (views > 0),
    PRIMARY KEY (day, profile_id)
);
CREATE INDEX profile_views_profile_idx ON profile_views (profile_id, day);

-- ---------------------------------------------------------------------------
-- The weekly newsletter (sql/functions/newsletter.sql; the sending job:
-- mod_klascement/jobs/kc_job_newsletter.c).
-- ---------------------------------------------------------------------------

-- A member's choices on /me/newsletter. No row: subscribed, everything.
-- Empty arrays mean every subject / every level. unsubscribe_key is the
-- secret of the member's one-click unsubscribe link (43 characters of
-- base64url from PostgreSQL's strong random source): only who holds the
-- mail can use it.
CREATE TABLE newsletter_prefs (
    member_id        bigint PRIMARY KEY REFERENCES members ON DELETE CASCADE,
    subscribed       boolean NOT NULL DEFAULT true,
    subject_ids      int[] NOT NULL DEFAULT '{}',
    level_ids        int[] NOT NULL DEFAULT '{}',
    unsubscribe_key  text NOT NULL DEFAULT rtrim(translate(encode(sha256(convert_to(
                         gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')),
                         'base64'), '+/', '-_'), '=')
                     CHECK (unsubscribe_key ~ '^[A-Za-z0-9_-]{43}$'),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- An issue: a draft the team composes, then 'sending' (the job mails it in
-- batches of members, by id after next_member), then 'sent' (in the public
-- archive). `week` is the Monday of the week it is for.
CREATE TABLE newsletters (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title        text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    intro        text NOT NULL DEFAULT '' CHECK (char_length(intro) <= 5000),
    week         date NOT NULL CHECK (extract(isodow FROM week) = 1),
    state        text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sending', 'sent')),
    created_by   bigint NULL REFERENCES members ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    send_at      timestamptz NULL,       -- when the team pressed "send"
    sent_at      timestamptz NULL,       -- when the last batch was queued
    next_member  bigint NOT NULL DEFAULT 0,   -- the job goes on after this id
    recipients   bigint NOT NULL DEFAULT 0,
    CHECK (state = 'draft' OR send_at IS NOT NULL),
    CHECK (state <> 'sent' OR sent_at IS NOT NULL)
);
CREATE INDEX newsletters_sent_idx ON newsletters (sent_at DESC, id DESC) WHERE state = 'sent';
CREATE INDEX newsletters_sending_idx ON newsletters (send_at, id) WHERE state = 'sending';

-- What an issue says, in order. `source` names where an item came from:
-- 'text' (the team's own), 'record', 'question' (a forum topic) — more
-- sources (webinars, theme pages) are more values here and one more
-- suggestion function. subject_ids/level_ids: who it is for (empty: all).
CREATE TABLE newsletter_items (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    newsletter_id  bigint NOT NULL REFERENCES newsletters ON DELETE CASCADE,
    position       int NOT NULL,
    source         text NOT NULL CHECK (source ~ '^[a-z_]{1,32}$'),
    source_id      bigint NULL,
    title          text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    body           text NOT NULL DEFAULT '' CHECK (char_length(body) <= 5000),
    url            text NULL CHECK (url IS NULL OR url ~ '^/[^/]'),
    subject_ids    int[] NOT NULL DEFAULT '{}',
    level_ids      int[] NOT NULL DEFAULT '{}',
    CHECK ((source = 'text') = (source_id IS NULL))
);
CREATE UNIQUE INDEX newsletter_items_source_key
    ON newsletter_items (newsletter_id, source, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX newsletter_items_order_idx ON newsletter_items (newsletter_id, position, id);

-- Each member gets an issue once: the key decides, also when a batch runs
-- again after a crash.
CREATE TABLE newsletter_deliveries (
    newsletter_id  bigint NOT NULL REFERENCES newsletters ON DELETE CASCADE,
    member_id      bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    outbox_id      bigint NULL REFERENCES mail_outbox ON DELETE SET NULL,
    items          int NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (newsletter_id, member_id)
);
CREATE INDEX newsletter_deliveries_member_idx ON newsletter_deliveries (member_id);

-- A promotional slot an organisation asks for in the issue of a week; the
-- team approves or refuses it (the fee is settled outside the site). An
-- approved slot is part of that week's issue.
CREATE TABLE newsletter_promos (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id  bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    week             date NOT NULL CHECK (extract(isodow FROM week) = 1),
    title            text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    body             text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    url              text NULL CHECK (url IS NULL OR url ~ '^https?://[^/?#]'),
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'refused')),
    decided_by       bigint NULL REFERENCES members ON DELETE SET NULL,
    decided_at       timestamptz NULL,
    reason           text NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE INDEX newsletter_promos_week_idx ON newsletter_promos (week, state);
CREATE INDEX newsletter_promos_org_idx ON newsletter_promos (organisation_id, created_at DESC);

-- The one-click unsubscribe link in the mail header (RFC 2369 / 8058).
ALTER TABLE mail_outbox ADD COLUMN unsubscribe_url text NULL;

INSERT INTO job_mail_texts (code, lang, subject, body) VALUES
('newsletter', 'nl', '{title}',
 E'Dag {name},\n\n{intro}{items}\nDeze nieuwsbrief online: {archive}\nOnderwerpen en niveaus kiezen: {prefs}\nGeen nieuwsbrief meer ontvangen: {unsubscribe}\n\nHet KlasCement-team'),
('newsletter', 'en', '{title}',
 E'Dear {name},\n\n{intro}{items}\nThis newsletter online: {archive}\nChoose subjects and levels: {prefs}\nStop receiving the newsletter: {unsubscribe}\n\nThe KlasCement team'),
('newsletter_record', 'nl', 'Nieuwe leermiddelen', ''),
('newsletter_record', 'en', 'New learning resources', ''),
('newsletter_question', 'nl', 'Weet jij het antwoord?', ''),
('newsletter_question', 'en', 'Do you know the answer?', ''),
('newsletter_promo', 'nl', 'Aangeboden door een partner', ''),
('newsletter_promo', 'en', 'Offered by a partner', ''),
('newsletter_text', 'nl', 'Van het team', ''),
('newsletter_text', 'en', 'From the team', '');
