/*
 * kc_sql_newsletter.h -- SQL text and column lists of the newsletter's
 * statements that return rows (tables: sql/027_newsletter_analytics.sql;
 * functions: sql/functions/newsletter.sql; readers: kc_store_newsletter.c).
 */
#ifndef KC_SQL_NEWSLETTER_H
#define KC_SQL_NEWSLETTER_H

#include "kc_sql.h"

#define KC_NL_DAY(col) "to_char(" col " AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD')"

/* Issues: every one (the admin list, $1 '' ) or the sent ones (the
 * archive, $1 'sent'), newest first. */
#define KC_SQL_NL_LIST                                                        \
    "SELECT n.id AS id, n.title AS title, to_char(n.week, 'YYYY-MM-DD') AS week, "\
    "  n.state AS state, " KC_NL_DAY("n.sent_at") " AS sent_at, "             \
    "  n.recipients AS recipients, "                                          \
    "  (SELECT count(*) FROM newsletter_items i WHERE i.newsletter_id = n.id) "\
    "    AS items "                                                           \
    "FROM newsletters n WHERE (%s = '' OR n.state = 'sent') "                 \
    "ORDER BY n.week DESC, n.id DESC LIMIT 200"
#define KC_COLS_NL_LIST(C, S)                                                 \
    C(S, ID) C(S, TITLE) C(S, WEEK) C(S, STATE) C(S, SENT_AT) C(S, RECIPIENTS)\
    C(S, ITEMS)
KC_COLUMNS(NL_LIST)

/* One issue. */
#define KC_SQL_NL_GET                                                         \
    "SELECT n.id AS id, n.title AS title, n.intro AS intro, "                 \
    "  to_char(n.week, 'YYYY-MM-DD') AS week, n.state AS state, "             \
    "  " KC_NL_DAY("n.sent_at") " AS sent_at, n.recipients AS recipients "    \
    "FROM newsletters n WHERE n.id = %s::bigint"
#define KC_COLS_NL_GET(C, S)                                                  \
    C(S, ID) C(S, TITLE) C(S, INTRO) C(S, WEEK) C(S, STATE) C(S, SENT_AT)     \
    C(S, RECIPIENTS)
KC_COLUMNS(NL_GET)

/* What an issue says, as everybody sees it (the archive, the preview):
 * $1 issue. */
#define KC_SQL_NL_CONTENT                                                     \
    "SELECT x.section AS section, x.item_id AS item_id, x.title AS title, "   \
    "  x.body AS body, x.url AS url, x.ext_url AS ext_url "                   \
    "FROM kc_newsletter_items_for(%s::bigint, NULL, NULL) x"
#define KC_COLS_NL_CONTENT(C, S)                                              \
    C(S, SECTION) C(S, ITEM_ID) C(S, TITLE) C(S, BODY) C(S, URL) C(S, EXT_URL)
KC_COLUMNS(NL_CONTENT)

/* The site's suggestions for issue $1, and whether each is in it. */
#define KC_SQL_NL_SUGGESTIONS                                                 \
    "SELECT s.source AS source, s.source_id AS source_id, s.title AS title, " \
    "  s.body AS body, s.url AS url, s.grp AS grp, "                          \
    "  EXISTS (SELECT 1 FROM newsletter_items i WHERE i.newsletter_id = %s::bigint "\
    "    AND i.source = s.source AND i.source_id = s.source_id) AS added "    \
    "FROM kc_newsletter_suggestions(%s::bigint) s"
#define KC_COLS_NL_SUGGESTIONS(C, S)                                          \
    C(S, SOURCE) C(S, SOURCE_ID) C(S, TITLE) C(S, BODY) C(S, URL) C(S, GRP)   \
    C(S, ADDED)
KC_COLUMNS(NL_SUGGESTIONS)

/* A member's choices: subscribed, and every subject and level with the
 * chosen ones checked. $1 labels, $2 member. */
#define KC_SQL_NL_PREFS                                                       \
    "WITH a AS (SELECT %s::text AS labels, %s::bigint AS member), "           \
    "p AS (SELECT coalesce((SELECT np.subscribed FROM newsletter_prefs np, a "\
    "    WHERE np.member_id = a.member), true) AS subscribed, "               \
    "  coalesce((SELECT np.subject_ids FROM newsletter_prefs np, a "          \
    "    WHERE np.member_id = a.member), '{}') AS subject_ids, "              \
    "  coalesce((SELECT np.level_ids FROM newsletter_prefs np, a "            \
    "    WHERE np.member_id = a.member), '{}') AS level_ids) "                \
    "SELECT 's' AS which, s.id AS id, "                                       \
    "  " KC_SQL_LABEL("a.labels", "s.name") " AS name, "                      \
    "  s.id = ANY(p.subject_ids) AS checked, p.subscribed AS subscribed, "    \
    "  1 AS part, s.position AS position "                                    \
    "FROM subjects s, a, p "                                                  \
    "UNION ALL "                                                              \
    "SELECT 'l', v.id, " KC_SQL_LABEL("a.labels", "v.name") ", "              \
    "  v.id = ANY(p.level_ids), p.subscribed, 2, v.position "                 \
    "FROM levels v, a, p ORDER BY 6, 7"
#define KC_COLS_NL_PREFS(C, S)                                                \
    C(S, WHICH) C(S, ID) C(S, NAME) C(S, CHECKED) C(S, SUBSCRIBED) C(S, PART) \
    C(S, POSITION)
KC_COLUMNS(NL_PREFS)

/* Promotional slots: all (admin, $1 0) or one organisation's ($1 its
 * id), the waiting ones first. */
#define KC_SQL_NL_PROMOS                                                      \
    "SELECT p.id AS id, coalesce(o.name, m.first_name || ' ' || m.surname) "  \
    "    AS organisation, p.organisation_id AS organisation_id, "             \
    "  to_char(p.week, 'YYYY-MM-DD') AS week, p.title AS title, "             \
    "  p.body AS body, p.url AS url, p.state AS state, p.reason AS reason "   \
    "FROM newsletter_promos p JOIN members m ON m.id = p.organisation_id "    \
    "  LEFT JOIN organisation_profiles o ON o.member_id = p.organisation_id " \
    "WHERE %s::bigint = 0 OR p.organisation_id = %s::bigint "                 \
    "ORDER BY p.state <> 'pending', p.week DESC, p.id DESC LIMIT 200"
#define KC_COLS_NL_PROMOS(C, S)                                               \
    C(S, ID) C(S, ORGANISATION) C(S, ORGANISATION_ID) C(S, WEEK) C(S, TITLE)  \
    C(S, BODY) C(S, URL) C(S, STATE) C(S, REASON)
KC_COLUMNS(NL_PROMOS)

#endif
