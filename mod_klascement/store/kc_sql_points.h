/*
 * kc_sql_points.h -- SQL text and column lists of the points economy's
 * statements that return rows (campaigns, milestones, the members the team
 * may reward). Included by kc_store_sql.c and kc_store_points.c only.
 */
#ifndef KC_SQL_POINTS_H
#define KC_SQL_POINTS_H

#include "kc_sql.h"

/* What a campaign gives and to what, in words of the language ($lang,
 * $labels): names of its events, kinds, levels and subjects ('' = any). */
#define KC_SQL_CAMPAIGN_COLS(LANG, LABELS)                                    \
    "c.id AS id, c.name AS name, "                                            \
    "  coalesce(trim_scale(c.factor)::text, '') AS factor, "                  \
    "  coalesce(c.extra, 0) AS extra, "                                       \
    "  to_char(c.starts_at AT TIME ZONE 'Europe/Brussels', "                  \
    "    'YYYY-MM-DD HH24:MI') AS starts, "                                   \
    "  to_char(c.ends_at AT TIME ZONE 'Europe/Brussels', "                    \
    "    'YYYY-MM-DD HH24:MI') AS ends, "                                     \
    "  coalesce((SELECT string_agg(" KC_SQL_BYLANG(LANG, "r.name")            \
    "    , ', ' ORDER BY r.position) FROM point_rules r "                     \
    "    WHERE r.event = ANY (c.events)), '') AS events, "                    \
    "  coalesce((SELECT string_agg(" KC_SQL_BYLANG(LANG, "k.name")            \
    "    , ', ' ORDER BY k.position) FROM record_kinds k "                    \
    "    WHERE k.code = ANY (c.kinds)), '') AS kinds, "                       \
    "  coalesce((SELECT string_agg(" KC_SQL_LABEL(LABELS, "v.name")           \
    "    , ', ' ORDER BY v.position) FROM levels v "                          \
    "    WHERE v.id = ANY (c.level_ids)), '') AS levels, "                    \
    "  coalesce((SELECT string_agg(" KC_SQL_LABEL(LABELS, "s.name")           \
    "    , ', ' ORDER BY s.position) FROM subjects s "                        \
    "    WHERE s.id = ANY (c.subject_ids)), '') AS subjects"
#define KC_CAMPAIGN_COLS(C, S)                                                \
    C(S, ID) C(S, NAME) C(S, FACTOR) C(S, EXTRA) C(S, STARTS) C(S, ENDS)      \
    C(S, EVENTS) C(S, KINDS) C(S, LEVELS) C(S, SUBJECTS)

/* The campaigns in force now (home page, /points). $1 lang, $2 labels. */
#define KC_SQL_CAMPAIGNS_ACTIVE                                               \
    "SELECT " KC_SQL_CAMPAIGN_COLS("a.lang", "a.labels") " "                  \
    "FROM (SELECT %s::text AS lang, %s::text AS labels) a, point_campaigns c "\
    "WHERE c.starts_at <= now() AND c.ends_at > now() "                       \
    "ORDER BY c.ends_at, c.id LIMIT 20"
#define KC_COLS_CAMPAIGNS_ACTIVE(C, S) KC_CAMPAIGN_COLS(C, S)
KC_COLUMNS(CAMPAIGNS_ACTIVE)

/* Every campaign for /admin/campaigns, newest first, with its state
 * ('future', 'active', 'over') and the points it added so far (its
 * ledger rows: reversals of its parts included). $1 lang, $2 labels. */
#define KC_SQL_CAMPAIGNS_ADMIN                                                \
    "SELECT " KC_SQL_CAMPAIGN_COLS("a.lang", "a.labels") ", "                 \
    "  CASE WHEN c.starts_at > now() THEN 'future' "                          \
    "    WHEN c.ends_at > now() THEN 'active' ELSE 'over' END AS state, "     \
    "  (SELECT coalesce(sum(l.amount), 0) FROM points_ledger l "              \
    "    WHERE l.campaign_id = c.id) AS paid "                                \
    "FROM (SELECT %s::text AS lang, %s::text AS labels) a, point_campaigns c "\
    "ORDER BY c.starts_at DESC, c.id DESC LIMIT 200"
#define KC_COLS_CAMPAIGNS_ADMIN(C, S)                                         \
    KC_CAMPAIGN_COLS(C, S) C(S, STATE) C(S, PAID)
KC_COLUMNS(CAMPAIGNS_ADMIN)

/* Every milestone for /admin/milestones, newest first: paid so far and,
 * for a due one, how many members are left (kc_milestone_left). $1 labels. */
#define KC_SQL_MILESTONES_ADMIN                                               \
    "SELECT p.id AS id, p.name AS name, p.points AS points, "                 \
    "  p.state AS state, coalesce(p.at_members::text, '') AS at_members, "    \
    "  coalesce(p.country, '') AS country, "                                  \
    "  coalesce((SELECT string_agg(" KC_SQL_LABEL("a.labels", "v.name")       \
    "    , ', ' ORDER BY v.position) FROM levels v "                          \
    "    WHERE v.id = ANY (p.level_ids)), '') AS levels, "                    \
    "  coalesce((SELECT string_agg(" KC_SQL_LABEL("a.labels", "s.name")       \
    "    , ', ' ORDER BY s.position) FROM subjects s "                        \
    "    WHERE s.id = ANY (p.subject_ids)), '') AS subjects, "                \
    "  p.paid_count AS paid, "                                                \
    "  CASE WHEN p.state = 'due' THEN kc_milestone_left(p.id) ELSE 0 END "    \
    "    AS left_count, "                                                     \
    "  coalesce(to_char(p.done_at AT TIME ZONE 'Europe/Brussels', "           \
    "    'YYYY-MM-DD HH24:MI'), '') AS done "                                 \
    "FROM (SELECT %s::text AS labels) a, point_milestones p "                 \
    "ORDER BY p.id DESC LIMIT 100"
#define KC_COLS_MILESTONES_ADMIN(C, S)                                        \
    C(S, ID) C(S, NAME) C(S, POINTS) C(S, STATE) C(S, AT_MEMBERS)             \
    C(S, COUNTRY) C(S, LEVELS) C(S, SUBJECTS) C(S, PAID) C(S, LEFT_COUNT)     \
    C(S, DONE)
KC_COLUMNS(MILESTONES_ADMIN)

/* The 50 live members with the most of something between two days
 * (Europe/Brussels, both included), for symbolic rewards. $1 what:
 * 'contributions' (records published), 'reactions' (reactions received
 * from others on their records), 'points' (points earned: positive
 * awards, not the welcome points, milestones or grants); $2 from, $3 to.
 * Planned with its values (ONESHOT): the two other branches fold away. */
#define KC_SQL_MEMBERS_TOP                                                    \
    "WITH a AS (SELECT %s::text AS what, "                                    \
    "  %s::date::timestamp AT TIME ZONE 'Europe/Brussels' AS t0, "            \
    "  (%s::date + 1)::timestamp AT TIME ZONE 'Europe/Brussels' AS t1), "     \
    "s AS (SELECT r.author_id AS member_id, count(*) AS n FROM records r, a " \
    "    WHERE a.what = 'contributions' AND r.state = 'published' "           \
    "      AND r.published_at >= a.t0 AND r.published_at < a.t1 "             \
    "      AND r.author_id IS NOT NULL GROUP BY r.author_id "                 \
    "  UNION ALL "                                                            \
    "  SELECT r.author_id, count(*) FROM reactions x "                        \
    "    JOIN records r ON r.id = x.record_id, a "                            \
    "    WHERE a.what = 'reactions' AND x.deleted_at IS NULL "                \
    "      AND x.created_at >= a.t0 AND x.created_at < a.t1 "                 \
    "      AND x.member_id <> r.author_id GROUP BY r.author_id "              \
    "  UNION ALL "                                                            \
    "  SELECT l.member_id, sum(l.amount) FROM points_ledger l, a "            \
    "    WHERE a.what = 'points' AND l.amount > 0 "                           \
    "      AND l.created_at >= a.t0 AND l.created_at < a.t1 "                 \
    "      AND l.event NOT IN ('registration', 'milestone', 'grant') "        \
    "    GROUP BY l.member_id) "                                              \
    "SELECT m.id AS id, m.first_name || ' ' || m.surname AS name, "           \
    "  coalesce(m.email, '') AS email, m.role AS role, s.n AS n "             \
    "FROM s JOIN members m ON m.id = s.member_id AND m.deleted_at IS NULL "   \
    "ORDER BY s.n DESC, m.id LIMIT 50"
#define KC_COLS_MEMBERS_TOP(C, S)                                             \
    C(S, ID) C(S, NAME) C(S, EMAIL) C(S, ROLE) C(S, N)
KC_COLUMNS(MEMBERS_TOP)

#endif
