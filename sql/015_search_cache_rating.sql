-- 015_search_cache_rating.sql -- a best-rated search order follows the
-- ratings at once.
--
-- search_cache keeps the ids of a page of results until the catalogue
-- changes (009). A new star score changes no catalogue field, so a page
-- sorted by rating kept its old order for up to an hour (the scores shown
-- were live, the order was not). Now a change of any record's rating
-- drops the kept pages sorted by rating, and only those: the sort is the
-- ninth field of the key the module writes (kc_store_records.c,
-- cache_key(): what, labels, q, five filters, sort, limit, offset).
CREATE INDEX search_cache_sort_idx ON search_cache ((split_part(key, chr(31), 9)));

CREATE FUNCTION kc_search_cache_clear_rating() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_cache WHERE split_part(key, chr(31), 9) = 'rating';
    RETURN NULL;
END
$$;

CREATE TRIGGER records_search_cache_rating_trg
    AFTER UPDATE OF rating_sum, rating_count ON records
    FOR EACH STATEMENT EXECUTE FUNCTION kc_search_cache_clear_rating();
