-- 009_search_cache.sql -- results of searches and their facet counts, kept
-- until the catalogue changes.
--
-- A search over a large part of the catalogue (a common word, a popular
-- subject) costs tens to hundreds of milliseconds to count and rank; many
-- visitors ask the same few searches. The statements in the module look
-- here first (key = every parameter of the search) and fill the cache on a
-- miss. Any change to what a search could find empties it, so an answer is
-- never stale: published records, their texts, kinds, languages, licences,
-- subjects and levels. (A changed star score moves records in a
-- best-rated ordering only on the next catalogue change; the scores shown
-- are always read live.)
--
-- The trigger function and its triggers: sql/functions/search.sql.

CREATE TABLE search_cache (
    key        text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    total      bigint NOT NULL,
    ids        bigint[] NOT NULL
);

CREATE TABLE facet_cache (
    key        text NOT NULL,
    facet      text NOT NULL,
    value      text NOT NULL,
    name       text NOT NULL,
    n          bigint NOT NULL,
    position   int NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key, facet, value)
);
