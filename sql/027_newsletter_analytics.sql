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
