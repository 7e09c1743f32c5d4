-- 001_core.sql — members, sessions, taxonomies and records.
--
-- Applied by `tools/kcdb migrate` inside ONE transaction together with its
-- schema_migrations row: no BEGIN/COMMIT here, nothing that cannot run in a
-- transaction block (no CREATE INDEX CONCURRENTLY).
--
-- Lookup rows (kinds, licences, languages, levels, subjects) are data, not C
-- constants: the team may edit names and positions; codes are stable and used
-- in URLs and by the C code.
--
-- Functions and triggers: sql/functions/records.sql and search.sql.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- ---------------------------------------------------------------------------
-- Members and authentication
-- ---------------------------------------------------------------------------

CREATE TABLE members (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text NULL,
    password_hash   text NULL,
    first_name      text NOT NULL,
    surname         text NOT NULL,
    country         text NOT NULL CHECK (country IN ('BE', 'NL')),
    birthday        date NULL,
    edu_role        text NOT NULL DEFAULT 'teacher'
                    CHECK (edu_role IN ('teacher', 'student_teacher', 'other')),
    role            text NOT NULL DEFAULT 'member'
                    CHECK (role IN ('member', 'organisation', 'moderator', 'admin')),
    lang            text NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'en')),
    expertise       text NOT NULL DEFAULT '',
    points_balance  bigint NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz NULL,
    banned_until    timestamptz NULL,
    ban_permanent   boolean NOT NULL DEFAULT false,
    ban_reason      text NULL
);

CREATE UNIQUE INDEX members_email_lower_key ON members (lower(email)) WHERE email IS NOT NULL;

COMMENT ON COLUMN members.points_balance IS
    'Always equal to sum(points_ledger.amount) of the member; changed only by kc_points_award / kc_record_unlock (or the same pattern in one statement).';

CREATE TABLE sessions (
    token_hash    bytea PRIMARY KEY,            -- sha-256 of the opaque cookie token
    member_id     bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    csrf_secret   text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    ip            text NULL,
    user_agent    text NULL
);

CREATE INDEX sessions_member_id_idx ON sessions (member_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE login_failures (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_lower  text NULL,
    ip           text NULL,
    at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX login_failures_email_at_idx ON login_failures (email_lower, at);
CREATE INDEX login_failures_ip_at_idx ON login_failures (ip, at);

-- ---------------------------------------------------------------------------
-- Lookup tables
-- ---------------------------------------------------------------------------

CREATE TABLE record_kinds (
    code      text PRIMARY KEY,
    position  int NOT NULL,
    name_nl   text NOT NULL,
    name_en   text NOT NULL
);

INSERT INTO record_kinds (code, position, name_nl, name_en) VALUES
    ('calendar',  1, 'Kalenderactiviteit', 'Calendar activity'),
    ('article',   2, 'Artikel',            'Article'),
    ('document',  3, 'Document',           'Document'),
    ('site',      4, 'Website',            'Website'),
    ('own_site',  5, 'Eigen website',      'Own website'),
    ('software',  6, 'Software',           'Software'),
    ('exercise',  7, 'Oefening',           'Exercise'),
    ('lemma',     8, 'Lemma',              'Lemma'),
    ('image',     9, 'Afbeelding',         'Image'),
    ('audio',    10, 'Audio',              'Audio'),
    ('video',    11, 'Video',              'Video'),
    ('product',  12, 'Product',            'Product');

CREATE TABLE licences (
    code      text PRIMARY KEY,
    position  int,
    name      text NOT NULL,
    url       text NULL
);

INSERT INTO licences (code, position, name, url) VALUES
    ('cc0',      1, 'CC0 1.0',      'https://creativecommons.org/publicdomain/zero/1.0/'),
    ('by',       2, 'CC BY 4.0',    'https://creativecommons.org/licenses/by/4.0/'),
    ('by-sa',    3, 'CC BY-SA 4.0', 'https://creativecommons.org/licenses/by-sa/4.0/'),
    ('by-nd',    4, 'CC BY-ND 4.0', 'https://creativecommons.org/licenses/by-nd/4.0/'),
    ('by-nc',    5, 'CC BY-NC 4.0', 'https://creativecommons.org/licenses/by-nc/4.0/'),
    ('by-nc-sa', 6, 'CC BY-NC-SA 4.0', 'https://creativecommons.org/licenses/by-nc-sa/4.0/'),
    ('by-nc-nd', 7, 'CC BY-NC-ND 4.0', 'https://creativecommons.org/licenses/by-nc-nd/4.0/'),
    ('arr',      8, 'Alle rechten voorbehouden (met toestemming)', NULL);

CREATE TABLE languages (
    code       text PRIMARY KEY,
    position   int,
    name_nl    text,
    name_en    text,
    ts_config  regconfig NOT NULL
);

INSERT INTO languages (code, position, name_nl, name_en, ts_config) VALUES
    ('nl',   1, 'Nederlands', 'Dutch',      'dutch'),
    ('en',   2, 'Engels',     'English',    'english'),
    ('fr',   3, 'Frans',      'French',     'french'),
    ('de',   4, 'Duits',      'German',     'german'),
    ('es',   5, 'Spaans',     'Spanish',    'spanish'),
    ('it',   6, 'Italiaans',  'Italian',    'italian'),
    ('pt',   7, 'Portugees',  'Portuguese', 'portuguese'),
    ('tr',   8, 'Turks',      'Turkish',    'turkish'),
    ('ar',   9, 'Arabisch',   'Arabic',     'arabic'),
    ('pl',  10, 'Pools',      'Polish',     'simple'),
    ('la',  11, 'Latijn',     'Latin',      'simple'),
    ('mul', 12, 'Meertalig',  'Multilingual', 'simple'),
    ('zxx', 13, 'Geen taalinhoud', 'No linguistic content', 'simple');

-- Education levels: name_be = Flemish system, name_nl = the Dutch system's
-- name for the same level (shown to members from the Netherlands).
CREATE TABLE levels (
    id        int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code      text UNIQUE NOT NULL,
    position  int NOT NULL,
    name_be   text NOT NULL,
    name_nl   text NOT NULL,
    name_en   text NOT NULL
);

INSERT INTO levels (code, position, name_be, name_nl, name_en) VALUES
    ('kleuter',          1, 'Kleuteronderwijs',                    'Basisonderwijs groep 1-2',                 'Nursery education (age 2.5-6)'),
    ('lager',            2, 'Lager onderwijs',                     'Basisonderwijs groep 3-8',                 'Primary education (age 6-12)'),
    ('secundair-1',      3, 'Secundair onderwijs – eerste graad',  'Voortgezet onderwijs – onderbouw',         'Lower secondary education (age 12-14)'),
    ('secundair-2',      4, 'Secundair onderwijs – tweede graad',  'Voortgezet onderwijs – middenbouw',        'Secondary education (age 14-16)'),
    ('secundair-3',      5, 'Secundair onderwijs – derde graad',   'Voortgezet onderwijs – bovenbouw',         'Upper secondary education (age 16-18)'),
    ('buitengewoon',     6, 'Buitengewoon onderwijs',              'Speciaal onderwijs',                       'Special needs education'),
    ('beroeps',          7, 'Graduaatsopleidingen (HBO5)',         'Middelbaar beroepsonderwijs (mbo)',        'Vocational education'),
    ('hoger',            8, 'Hoger onderwijs',                     'Hoger onderwijs (hbo en wo)',              'Higher education'),
    ('volwassenen',      9, 'Volwassenenonderwijs',                'Volwasseneneducatie',                      'Adult education'),
    ('lerarenopleiding',10, 'Lerarenopleiding',                    'Lerarenopleiding (pabo en tweedegraads)',  'Teacher training');

-- Subjects: where Flanders and the Netherlands use the same word, the same name.
CREATE TABLE subjects (
    id        int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code      text UNIQUE NOT NULL,
    position  int NOT NULL,
    name_be   text NOT NULL,
    name_nl   text NOT NULL,
    name_en   text NOT NULL
);

INSERT INTO subjects (code, position, name_be, name_nl, name_en) VALUES
    ('nederlands',          1, 'Nederlands',                     'Nederlands',                         'Dutch'),
    ('frans',               2, 'Frans',                          'Frans',                              'French'),
    ('engels',              3, 'Engels',                         'Engels',                             'English'),
    ('duits',               4, 'Duits',                          'Duits',                              'German'),
    ('spaans',              5, 'Spaans',                         'Spaans',                             'Spanish'),
    ('klassieke-talen',     6, 'Klassieke talen',                'Klassieke talen',                    'Classical languages'),
    ('wiskunde',            7, 'Wiskunde',                       'Rekenen en wiskunde',                'Mathematics'),
    ('wetenschappen',       8, 'Wetenschappen',                  'Natuur en techniek',                 'Science'),
    ('fysica',              9, 'Fysica',                         'Natuurkunde',                        'Physics'),
    ('chemie',             10, 'Chemie',                         'Scheikunde',                         'Chemistry'),
    ('biologie',           11, 'Biologie',                       'Biologie',                           'Biology'),
    ('wereldorientatie',   12, 'Wereldoriëntatie',               'Oriëntatie op jezelf en de wereld',  'World orientation'),
    ('geschiedenis',       13, 'Geschiedenis',                   'Geschiedenis',                       'History'),
    ('aardrijkskunde',     14, 'Aardrijkskunde',                 'Aardrijkskunde',                     'Geography'),
    ('lichamelijke-opvoeding', 15, 'Lichamelijke opvoeding',     'Bewegingsonderwijs',                 'Physical education'),
    ('muzische-vorming',   16, 'Muzische vorming',               'Kunstzinnige oriëntatie',            'Arts education'),
    ('muziek',             17, 'Muziek',                         'Muziek',                             'Music'),
    ('ict',                18, 'ICT en digitale competenties',   'Digitale geletterdheid',             'ICT and digital literacy'),
    ('levensbeschouwing',  19, 'Levensbeschouwing',              'Levensbeschouwing',                  'Religion and worldviews'),
    ('economie',           20, 'Economie',                       'Economie',                           'Economics'),
    ('stem',               21, 'STEM',                           'STEM',                               'STEM'),
    ('techniek',           22, 'Techniek',                       'Techniek',                           'Technology'),
    ('zorg',               23, 'Zorg en welzijn',                'Zorg en welzijn',                    'Health and social care'),
    ('burgerschap',        24, 'Burgerschap',                    'Burgerschap',                        'Citizenship'),
    ('maatschappij',       25, 'Maatschappelijke vorming',       'Maatschappijleer',                   'Social studies'),
    ('filosofie',          26, 'Filosofie',                      'Filosofie',                          'Philosophy'),
    ('leren-leren',        27, 'Leren leren',                    'Leren leren',                        'Study skills'),
    ('sociale-vaardigheden', 28, 'Sociale vaardigheden',         'Sociaal-emotionele ontwikkeling',    'Social and emotional skills');

-- ---------------------------------------------------------------------------
-- Records (contributions)
-- ---------------------------------------------------------------------------

CREATE TABLE records (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL REFERENCES record_kinds,
    title            text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    description      text NOT NULL DEFAULT '',
    language         text NOT NULL REFERENCES languages,
    licence          text NOT NULL REFERENCES licences,
    author_id        bigint NULL REFERENCES members ON DELETE SET NULL,
    author_name      text NOT NULL,
    organisation_id  bigint NULL REFERENCES members,
    state            text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'published', 'refused', 'taken_down')),
    url              text NULL,
    details          jsonb NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    published_at     timestamptz NULL,
    rating_sum       bigint NOT NULL DEFAULT 0,
    rating_count     bigint NOT NULL DEFAULT 0,
    search_vector    tsvector NOT NULL DEFAULT ''::tsvector,
    CONSTRAINT records_published_at_check CHECK (state <> 'published' OR published_at IS NOT NULL),
    CONSTRAINT records_details_object_check CHECK (jsonb_typeof(details) = 'object'),
    CONSTRAINT records_rating_check CHECK (rating_count >= 0 AND rating_sum >= 0)
);

COMMENT ON COLUMN records.search_vector IS
    'Maintained by trigger records_search_vector_trg: title weight A, description weight B, with languages.ts_config of the record''s language.';

-- The public list pages:
--   WHERE state='published' ORDER BY published_at DESC, id DESC LIMIT 10 OFFSET n
CREATE INDEX records_published_idx ON records (published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX records_kind_published_idx ON records (kind, published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX records_pending_idx ON records (created_at, id) WHERE state = 'pending';
CREATE INDEX records_search_vector_idx ON records USING gin (search_vector);
CREATE INDEX records_title_trgm_idx ON records USING gin (title gin_trgm_ops);
CREATE INDEX records_author_id_idx ON records (author_id);
CREATE INDEX records_organisation_id_idx ON records (organisation_id) WHERE organisation_id IS NOT NULL;

CREATE TABLE record_subjects (
    record_id   bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    subject_id  int NOT NULL REFERENCES subjects,
    PRIMARY KEY (record_id, subject_id)
);

CREATE INDEX record_subjects_subject_idx ON record_subjects (subject_id, record_id);

CREATE TABLE record_levels (
    record_id  bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    level_id   int NOT NULL REFERENCES levels,
    PRIMARY KEY (record_id, level_id)
);

CREATE INDEX record_levels_level_idx ON record_levels (level_id, record_id);
