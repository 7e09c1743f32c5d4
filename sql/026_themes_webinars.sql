-- 026_themes_webinars.sql -- the team's editorial work (issue 14): theme
-- pages that collect records, and webinars with sign-ups and questions.
-- Functions: sql/functions/themes.sql, sql/functions/webinars.sql.

-- A theme page (/themes/{slug}): written by admins; visitors see it once
-- it is published. Featured ones are linked from the home page in
-- feature_order.
CREATE TABLE themes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug           text NOT NULL UNIQUE
                   CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$'),
    title          text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    intro          text NOT NULL DEFAULT '' CHECK (char_length(intro) <= 5000),
    published      boolean NOT NULL DEFAULT false,
    featured       boolean NOT NULL DEFAULT false,
    feature_order  int NOT NULL DEFAULT 0 CHECK (feature_order BETWEEN 0 AND 1000),
    created_by     bigint NULL REFERENCES members,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX themes_featured_idx ON themes (feature_order, id) WHERE published AND featured;

-- A section of a theme: chosen records in an order (theme_items), and
-- optionally a saved search (the query string of /records, e.g.
-- "q=breuken&level=lager") whose top search_limit results follow them.
CREATE TABLE theme_sections (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    theme_id      bigint NOT NULL REFERENCES themes ON DELETE CASCADE,
    position      int NOT NULL,
    title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    intro         text NOT NULL DEFAULT '' CHECK (char_length(intro) <= 2000),
    search        text NULL CHECK (char_length(search) BETWEEN 1 AND 500),
    search_limit  int NOT NULL DEFAULT 5 CHECK (search_limit BETWEEN 1 AND 20)
);
CREATE INDEX theme_sections_theme_idx ON theme_sections (theme_id, position);

CREATE TABLE theme_items (
    section_id  bigint NOT NULL REFERENCES theme_sections ON DELETE CASCADE,
    record_id   bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    position    int NOT NULL,
    PRIMARY KEY (section_id, record_id)
);
CREATE INDEX theme_items_record_idx ON theme_items (record_id);

-- A webinar the team announces. meeting_url is shown only to those who
-- signed up (and the presenter and admins); recording_url once it is over.
-- signup_count is kept by kc_webinar_signup/kc_webinar_cancel under the
-- webinar's row lock; the CHECK is the last word on capacity.
CREATE TABLE webinars (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description     text NOT NULL DEFAULT '' CHECK (char_length(description) <= 10000),
    presenter_name  text NOT NULL CHECK (char_length(presenter_name) BETWEEN 1 AND 200),
    presenter_id    bigint NULL REFERENCES members,
    starts_at       timestamptz NOT NULL,
    duration_min    int NOT NULL CHECK (duration_min BETWEEN 5 AND 600),
    capacity        int NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
    meeting_url     text NOT NULL CHECK (meeting_url ~ '^https?://'),
    recording_url   text NULL CHECK (recording_url ~ '^https?://'),
    subject_ids     int[] NOT NULL DEFAULT '{}',
    level_ids       int[] NOT NULL DEFAULT '{}',
    signup_count    int NOT NULL DEFAULT 0,
    cancelled_at    timestamptz NULL,
    created_by      bigint NULL REFERENCES members,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webinars_signups_within_capacity CHECK (signup_count BETWEEN 0 AND capacity)
);
CREATE INDEX webinars_starts_idx ON webinars (starts_at);

-- A member's sign-up, with the question for the presenter. Cancelling keeps
-- the row (cancelled_at); signing up again clears it. reminded_at is set in
-- the transaction that queues the reminder mail: each sign-up is reminded
-- once.
CREATE TABLE webinar_signups (
    webinar_id    bigint NOT NULL REFERENCES webinars ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members,
    question      text NOT NULL DEFAULT '' CHECK (char_length(question) <= 2000),
    signed_up_at  timestamptz NOT NULL DEFAULT now(),
    cancelled_at  timestamptz NULL,
    reminded_at   timestamptz NULL,
    PRIMARY KEY (webinar_id, member_id)
);
CREATE INDEX webinar_signups_member_idx ON webinar_signups (member_id);
CREATE INDEX webinar_signups_remind_idx ON webinar_signups (webinar_id)
    WHERE cancelled_at IS NULL AND reminded_at IS NULL;

-- The reminder mail the day before ({name}, {title}, {date}, {url}).
INSERT INTO job_mail_texts (code, lang, subject, body) VALUES
('webinar_reminder', 'nl', 'Morgen: webinar {title}',
 E'Dag {name},\n\nJe bent ingeschreven voor het webinar "{title}" op {date}.\n\nDe link naar de videovergadering en het agenda-bestand vind je op {url}.\nKan je toch niet? Schrijf je daar uit, dan komt je plaats vrij voor een collega.\n\nHet KlasCement-team'),
('webinar_reminder', 'en', 'Tomorrow: webinar {title}',
 E'Dear {name},\n\nYou signed up for the webinar "{title}" on {date}.\n\nThe link to the video meeting and the calendar file are at {url}.\nCannot make it after all? Cancel there, so that a colleague can have your place.\n\nThe KlasCement team'),
-- The team cancelled a webinar ({name}, {title}, {date}, {url}: /webinars).
('webinar_cancelled', 'nl', 'Geannuleerd: webinar {title}',
 E'Dag {name},\n\nHet webinar "{title}" van {date}, waarvoor je ingeschreven was, gaat helaas niet door.\n\nDe andere webinars vind je op {url}.\n\nHet KlasCement-team'),
('webinar_cancelled', 'en', 'Cancelled: webinar {title}',
 E'Dear {name},\n\nThe webinar "{title}" on {date}, which you signed up for, will unfortunately not take place.\n\nThe other webinars are at {url}.\n\nThe KlasCement team');
