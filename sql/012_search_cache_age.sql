-- 012_search_cache_age.sql -- old cache rows are purged by the statements
-- that fill the cache (on a miss); these indexes make that cheap.
CREATE INDEX search_cache_created_idx ON search_cache (created_at);
CREATE INDEX facet_cache_created_idx ON facet_cache (created_at);
