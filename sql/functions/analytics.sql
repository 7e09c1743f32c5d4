-- analytics.sql -- the counters of /admin/analytics (tables: 027; the
-- counting: mod_klascement/jobs/kc_stats.c).

-- One flush of one httpd child's counters, in one statement: p is
--   {"s": [{"d": "2026-12-03", "q": "breuken", "f": "", "n": 3, "r": 12}],
--    "r": [{"d": "2026-12-03", "id": 42, "n": 7}],
--    "p": [{"d": "2026-12-03", "id": 5, "n": 1}]}
-- (searches, record pages, profile pages). Counts add up; a search's result
-- count is the latest. A record or member deleted since is skipped, so one
-- stale id cannot make the whole flush fail (and be retried forever).
-- Returns the rows written.
CREATE OR REPLACE FUNCTION kc_stats_flush(p jsonb)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_a bigint;
    v_b bigint;
    v_c bigint;
BEGIN
    INSERT INTO search_stats AS t (day, query, filters, searches, results)
    SELECT x.d, left(x.q, 200), left(x.f, 400), sum(x.n), max(x.r)
      FROM jsonb_to_recordset(coalesce(p->'s', '[]'))
           AS x(d date, q text, f text, n bigint, r bigint)
     WHERE x.n > 0 AND x.r >= 0
     GROUP BY 1, 2, 3
    ON CONFLICT (day, query, filters) DO UPDATE
       SET searches = t.searches + excluded.searches, results = excluded.results;
    GET DIAGNOSTICS v_a = ROW_COUNT;

    INSERT INTO record_views AS t (day, record_id, views)
    SELECT x.d, x.id, sum(x.n)
      FROM jsonb_to_recordset(coalesce(p->'r', '[]')) AS x(d date, id bigint, n bigint)
      JOIN records r ON r.id = x.id
     WHERE x.n > 0
     GROUP BY 1, 2
    ON CONFLICT (day, record_id) DO UPDATE SET views = t.views + excluded.views;
    GET DIAGNOSTICS v_b = ROW_COUNT;

    INSERT INTO profile_views AS t (day, profile_id, views)
    SELECT x.d, x.id, sum(x.n)
      FROM jsonb_to_recordset(coalesce(p->'p', '[]')) AS x(d date, id bigint, n bigint)
      JOIN members m ON m.id = x.id
     WHERE x.n > 0
     GROUP BY 1, 2
    ON CONFLICT (day, profile_id) DO UPDATE SET views = t.views + excluded.views;
    GET DIAGNOSTICS v_c = ROW_COUNT;
    RETURN v_a + v_b + v_c;
END
$$;
