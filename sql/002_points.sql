-- 002_points.sql — point rules, the ledger and unlocks. The two functions
-- that change balances, kc_points_award and kc_record_unlock, are in
-- sql/functions/points.sql.
--
-- Invariant: members.points_balance = sum(points_ledger.amount) per member.
-- Both functions keep it in one transaction, safe under READ COMMITTED with
-- many concurrent callers: the unique award_key / unlock primary key decide
-- who pays, CHECK (points_balance >= 0) decides whether there is enough.
-- (See shared DBD-NOTES "Points: the pattern that holds under concurrency".)

CREATE TABLE point_rules (
    event           text PRIMARY KEY,
    position        int NOT NULL,
    points          int NOT NULL,
    points_max      int NULL,          -- upper value of a range (e.g. +10..+20)
    daily_cap       int NULL,          -- max paid awards of this event per member per day
    name_nl         text NOT NULL,
    name_en         text NOT NULL,
    description_nl  text,
    description_en  text,
    CHECK (points_max IS NULL OR points_max >= points),
    CHECK (daily_cap IS NULL OR daily_cap >= 0)
);

INSERT INTO point_rules (event, position, points, points_max, daily_cap, name_nl, name_en, description_nl, description_en) VALUES
    ('registration',           1, 1000, NULL, NULL, 'Registratie', 'Registration',
        'Welkomstpunten bij het aanmaken van je account.', 'Welcome points when you create your account.'),
    ('contribution_calendar',  2,   40, NULL, NULL, 'Bijdrage goedgekeurd: kalenderactiviteit', 'Contribution approved: calendar activity',
        'Punten wanneer je kalenderactiviteit gepubliceerd wordt.', 'Points when your calendar activity is published.'),
    ('contribution_article',   3,   60, NULL, NULL, 'Bijdrage goedgekeurd: artikel', 'Contribution approved: article',
        'Punten wanneer je artikel gepubliceerd wordt.', 'Points when your article is published.'),
    ('contribution_document',  4,   70, NULL, NULL, 'Bijdrage goedgekeurd: document', 'Contribution approved: document',
        'Punten wanneer je document gepubliceerd wordt.', 'Points when your document is published.'),
    ('contribution_site',      5,   50, NULL, NULL, 'Bijdrage goedgekeurd: website', 'Contribution approved: website',
        'Punten wanneer je tip voor een website gepubliceerd wordt.', 'Points when your website tip is published.'),
    ('contribution_own_site',  6,  100, NULL, NULL, 'Bijdrage goedgekeurd: eigen website', 'Contribution approved: own website',
        'Punten wanneer je eigen website gepubliceerd wordt.', 'Points when your own website is published.'),
    ('contribution_software',  7,  100, NULL, NULL, 'Bijdrage goedgekeurd: software', 'Contribution approved: software',
        'Punten wanneer je software gepubliceerd wordt.', 'Points when your software is published.'),
    ('contribution_exercise',  8,   50, NULL, NULL, 'Bijdrage goedgekeurd: oefening', 'Contribution approved: exercise',
        'Punten wanneer je oefening gepubliceerd wordt.', 'Points when your exercise is published.'),
    ('contribution_lemma',     9,   40, NULL, NULL, 'Bijdrage goedgekeurd: lemma', 'Contribution approved: lemma',
        'Punten wanneer je lemma gepubliceerd wordt.', 'Points when your lemma is published.'),
    ('contribution_image',    10,   30, NULL, NULL, 'Bijdrage goedgekeurd: afbeelding', 'Contribution approved: image',
        'Punten wanneer je afbeelding gepubliceerd wordt.', 'Points when your image is published.'),
    ('contribution_audio',    11,   50, NULL, NULL, 'Bijdrage goedgekeurd: audio', 'Contribution approved: audio',
        'Punten wanneer je audiofragment gepubliceerd wordt.', 'Points when your audio is published.'),
    ('contribution_video',    12,   70, NULL, NULL, 'Bijdrage goedgekeurd: video', 'Contribution approved: video',
        'Punten wanneer je video gepubliceerd wordt.', 'Points when your video is published.'),
    ('contribution_product',  13,   40, NULL, NULL, 'Bijdrage goedgekeurd: product', 'Contribution approved: product',
        'Punten wanneer je product gepubliceerd wordt.', 'Points when your product is published.'),
    ('reaction',              14,   10,   20,   10, 'Reactie op een bijdrage', 'Reaction on a contribution',
        '10 tot 20 punten: meer voor een inhoudelijke reactie. Niet op je eigen bijdrage.',
        '10 to 20 points: more for a substantive reaction. Not on your own contribution.'),
    ('rating',                15,    5,   10,   20, 'Sterrenscore gegeven', 'Star score given',
        '5 tot 10 punten: meer met een toelichting. Niet voor je eigen bijdrage.',
        '5 to 10 points: more with an explanation. Not for your own contribution.'),
    ('recommend',             16,    5, NULL,   10, 'Aanbevolen per mail', 'Recommended by mail',
        'Een bijdrage, forumonderwerp of nieuwsbrief aanbevelen per mail.',
        'Recommending a contribution, a forum topic or a newsletter by mail.'),
    ('forum_post',            17,   20,   40,    5, 'Forumbericht geplaatst', 'Forum message posted',
        '20 tot 40 punten per forumbericht.', '20 to 40 points per forum message.'),
    ('forum_reaction',        18,   10,   20,   10, 'Reactie op een forumbericht', 'Reaction to a forum message',
        '10 tot 20 punten per reactie op een forumbericht.', '10 to 20 points per reaction to a forum message.'),
    ('nice_scores',           19,   20, NULL, NULL, 'Mooie scores ontvangen', 'Nice scores received',
        'Per 5 scores van 3 sterren of meer op je bijdragen.', 'For each 5 scores of 3 stars or more on your contributions.'),
    ('thumbs_up',             20,   10, NULL, NULL, 'Duimpjes ontvangen', 'Thumbs up received',
        'Per 10 positieve waarderingen.', 'For each 10 positive appreciations.'),
    ('birthday',              21,   20, NULL, NULL, 'Verjaardag', 'Birthday',
        'Eén keer per jaar op je verjaardag.', 'Once a year on your birthday.'),
    ('milestone',             22,  100, NULL, NULL, 'Mijlpaal', 'Milestone',
        'Voor elk lid bij een mijlpaal van het platform (bijvoorbeeld het 50.000ste lid).',
        'For every member at a platform milestone (for example the 50,000th member).'),
    ('grant',                 23,    0, NULL, NULL, 'Toekenning door het team', 'Grant by the team',
        'Een individuele toekenning door het team, met een reden. Elk bedrag.',
        'An individual grant by the team, with a reason. Any amount.'),
    ('read',                  24,   10, NULL, NULL, 'Bijdrage gelezen', 'Contribution read',
        'Kosten om de details van een bijdrage de eerste keer te lezen (getoond als negatief; het bedrag volgt KlasCementDetailCost).',
        'Cost of reading the details of a contribution the first time (shown as negative; the amount follows KlasCementDetailCost).');

CREATE TABLE points_ledger (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members,
    event       text NOT NULL REFERENCES point_rules (event),
    subject     text NULL,                 -- what it was for, e.g. 'record:42'
    amount      bigint NOT NULL,
    award_key   text NULL UNIQUE,          -- idempotency key: a retry never pays twice
    note        text NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX points_ledger_member_idx ON points_ledger (member_id, created_at DESC, id DESC);

CREATE TABLE unlocks (
    member_id   bigint NOT NULL REFERENCES members,
    record_id   bigint NOT NULL REFERENCES records ON DELETE CASCADE,
    cost        bigint NOT NULL CHECK (cost >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, record_id)
);

CREATE INDEX unlocks_record_idx ON unlocks (record_id);
