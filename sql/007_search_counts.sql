-- 007_search_counts.sql -- counts of published records per facet value,
-- kept exact by triggers, so the unfiltered list and its facets need no
-- count over the whole catalogue.
--
-- facet: 'all' (value ''), 'kind', 'language', 'licence', 'subject' (code),
-- 'level' (code).

CREATE TABLE facet_counts (
    facet  text NOT NULL,
    value  text NOT NULL,
    n      bigint NOT NULL DEFAULT 0 CHECK (n >= 0),
    PRIMARY KEY (facet, value)
);

-- The counts of the records published so far (the query of the view
-- facet_counts_expected, written out: the view, the functions and the
-- triggers that keep the counts are in sql/functions/search.sql, which
-- `kcdb migrate` applies after the last pending migration, in the same
-- transaction). The lock keeps records and their subjects and levels from
-- changing between this count and the triggers.
LOCK TABLE records, record_subjects, record_levels IN SHARE MODE;
INSERT INTO facet_counts (facet, value, n)
    SELECT 'all'::text, ''::text, count(*)
      FROM records WHERE state = 'published'
    UNION ALL SELECT 'kind', kind, count(*) FROM records
      WHERE state = 'published' GROUP BY kind
    UNION ALL SELECT 'language', language, count(*) FROM records
      WHERE state = 'published' GROUP BY language
    UNION ALL SELECT 'licence', licence, count(*) FROM records
      WHERE state = 'published' GROUP BY licence
    UNION ALL SELECT 'subject', s.code, count(*) FROM records r
      JOIN record_subjects rs ON rs.record_id = r.id
      JOIN subjects s ON s.id = rs.subject_id
      WHERE r.state = 'published' GROUP BY s.code
    UNION ALL SELECT 'level', v.code, count(*) FROM records r
      JOIN record_levels rl ON rl.record_id = r.id
      JOIN levels v ON v.id = rl.level_id
      WHERE r.state = 'published' GROUP BY v.code;
