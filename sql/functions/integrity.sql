-- integrity.sql -- kc_integrity_problems(): what must always hold between the
-- points books and the copies that triggers keep, as one row per problem
-- (problem = what is wrong, detail = where). No row: all is well.
--
-- The one definition of these checks: `tools/kcdb check` prints its rows
-- (after a benchmark, or by hand on a live site) and t/zz_integrity.t asserts
-- it returns none after the whole suite. Several checks test what a
-- constraint already forbids (a PRIMARY KEY, a foreign key, a CHECK): they
-- cost little and still hold if a constraint is ever dropped or disabled.
CREATE OR REPLACE FUNCTION kc_integrity_problems()
RETURNS TABLE (problem text, detail text)
LANGUAGE sql STABLE AS $$
    -- Each member's balance is the sum of their ledger amounts.
    SELECT 'balance mismatch',
           'member ' || m.id || ': balance ' || m.points_balance
           || ', ledger sum ' || coalesce(l.total, 0)
      FROM members m
      LEFT JOIN (SELECT member_id, sum(amount) AS total FROM points_ledger GROUP BY member_id) l
             ON l.member_id = m.id
     WHERE m.points_balance IS DISTINCT FROM coalesce(l.total, 0)
    UNION ALL
    SELECT 'ledger row without member',
           'ledger row ' || l.id || ' of member ' || l.member_id
      FROM points_ledger l LEFT JOIN members m ON m.id = l.member_id
     WHERE m.id IS NULL
    UNION ALL
    SELECT 'balance below zero', 'member ' || m.id || ': balance ' || m.points_balance
      FROM members m WHERE m.points_balance < 0
    UNION ALL
    SELECT 'duplicate unlock',
           'member ' || member_id || ' record ' || record_id || ' x' || count(*)
      FROM unlocks GROUP BY member_id, record_id HAVING count(*) > 1
    -- Every unlock was paid by its own ledger row, under its key ...
    UNION ALL
    SELECT 'unlock without debit',
           'member ' || u.member_id || ' record ' || u.record_id || ' cost ' || u.cost
      FROM unlocks u
     WHERE NOT EXISTS (SELECT 1 FROM points_ledger l
                        WHERE l.award_key = 'read:' || u.member_id || ':' || u.record_id
                          AND l.member_id = u.member_id AND l.amount = -u.cost)
    -- ... and a paid one by exactly one 'read' row of -cost, whatever its key.
    UNION ALL
    SELECT 'paid unlock without exactly one read row',
           'member ' || u.member_id || ' record ' || u.record_id || ' cost ' || u.cost
           || ': ' || count(l.id) || ' read row(s)'
      FROM unlocks u
      LEFT JOIN points_ledger l
             ON l.member_id = u.member_id AND l.event = 'read'
            AND l.subject = 'record:' || u.record_id AND l.amount = -u.cost
     WHERE u.cost > 0
     GROUP BY u.member_id, u.record_id, u.cost
    HAVING count(l.id) <> 1
    -- Every 'read' ledger row has its unlock (records are never deleted by
    -- the site, so this holds for records that no longer exist too).
    UNION ALL
    SELECT 'debit without unlock',
           'ledger row ' || l.id || ' (member ' || l.member_id || ', '
           || coalesce(l.subject, 'no subject') || ', ' || coalesce(l.award_key, 'no key') || ')'
      FROM points_ledger l
     WHERE l.event = 'read'
       AND NOT EXISTS (SELECT 1 FROM unlocks u
                        WHERE u.member_id = l.member_id
                          AND l.subject = 'record:' || u.record_id)
    -- A campaign's part (018) belongs with an award row of the same member,
    -- event and subject that is no part itself, with the same sign (a part
    -- of a reversal takes back), and a positive part was paid while its
    -- campaign was in force.
    UNION ALL
    SELECT 'campaign part without its award',
           'ledger row ' || l.id || ' (member ' || l.member_id || ', campaign '
           || l.campaign_id || ', parent ' || coalesce(l.parent_id::text, 'none') || ')'
      FROM points_ledger l
      LEFT JOIN points_ledger p ON p.id = l.parent_id
     WHERE l.campaign_id IS NOT NULL
       AND (p.id IS NULL OR p.member_id <> l.member_id OR p.event <> l.event
            OR p.subject IS DISTINCT FROM l.subject OR p.campaign_id IS NOT NULL
            OR sign(p.amount) * sign(l.amount) < 0)
    UNION ALL
    SELECT 'campaign part outside its period',
           'ledger row ' || l.id || ' (campaign ' || c.id || ', paid ' || l.created_at || ')'
      FROM points_ledger l JOIN point_campaigns c ON c.id = l.campaign_id
     WHERE l.amount > 0 AND (l.created_at < c.starts_at OR l.created_at >= c.ends_at)
    -- A milestone pays each member at most once, and its count is its rows.
    UNION ALL
    SELECT 'milestone paid count',
           'milestone ' || p.id || ': paid_count ' || p.paid_count || ', ledger rows '
           || coalesce(n.rows, 0) || ', members ' || coalesce(n.members, 0)
      FROM point_milestones p
      LEFT JOIN (SELECT l.subject, count(*) AS rows, count(DISTINCT l.member_id) AS members
                   FROM points_ledger l WHERE l.event = 'milestone' GROUP BY l.subject) n
             ON n.subject = 'milestone:' || p.id
     WHERE p.paid_count <> coalesce(n.rows, 0) OR coalesce(n.rows, 0) <> coalesce(n.members, 0)
    -- The search counts kept by triggers equal a recount.
    UNION ALL
    SELECT 'facet count',
           coalesce(c.facet, e.facet) || '=' || coalesce(c.value, e.value)
           || ': kept ' || coalesce(c.n, 0) || ', recounted ' || coalesce(e.n, 0)
      FROM facet_counts c FULL JOIN facet_counts_expected e
        ON e.facet = c.facet AND e.value = c.value
     WHERE coalesce(c.n, 0) <> coalesce(e.n, 0)
    -- Every word a record uses is known to the query's compound cutter
    -- (search_known_words, 032).
    UNION ALL
    SELECT 'search known word', 'missing: ' || w.word
      FROM (SELECT word FROM record_words UNION SELECT word FROM dutch_word_parts
            UNION SELECT unnest(parts) FROM dutch_word_parts) AS w
     WHERE NOT EXISTS (SELECT 1 FROM search_known_words k WHERE k.word = w.word)
    -- The subject and level ids copied onto records equal their tables.
    UNION ALL
    SELECT 'record subject_ids',
           'record ' || r.id || ': subject_ids ' || r.subject_ids::text || ', record_subjects '
           || x.ids::text
      FROM records r
     CROSS JOIN LATERAL (SELECT coalesce(array_agg(rs.subject_id ORDER BY rs.subject_id), '{}') AS ids
                           FROM record_subjects rs WHERE rs.record_id = r.id) x
     WHERE r.subject_ids IS DISTINCT FROM x.ids
    UNION ALL
    SELECT 'record level_ids',
           'record ' || r.id || ': level_ids ' || r.level_ids::text || ', record_levels '
           || x.ids::text
      FROM records r
     CROSS JOIN LATERAL (SELECT coalesce(array_agg(rl.level_id ORDER BY rl.level_id), '{}') AS ids
                           FROM record_levels rl WHERE rl.record_id = r.id) x
     WHERE r.level_ids IS DISTINCT FROM x.ids
    -- A deleted account leaves no mailed token (reset, confirmation) behind
    -- (kc_member_delete, 016).
    UNION ALL
    SELECT 'token of a deleted member',
           'member ' || t.member_id || ': ' || t.purpose || ' token of ' || t.created_at
      FROM member_tokens t JOIN members m ON m.id = t.member_id
     WHERE m.deleted_at IS NOT NULL
    -- A link check's report is a dead-link report on the same record, and
    -- an open one belongs to a dead link (kc_link_checked, 020).
    UNION ALL
    SELECT 'link check report',
           'record ' || c.record_id || ': report ' || c.report_id
      FROM link_checks c JOIN reports p ON p.id = c.report_id
     WHERE p.target_type <> 'record' OR p.target_id <> c.record_id
        OR p.reason <> 'dead_link' OR (p.closed_at IS NULL AND c.dead_since IS NULL)
$$;
