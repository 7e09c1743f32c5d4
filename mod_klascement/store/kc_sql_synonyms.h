/*
 * kc_sql_synonyms.h -- SQL text and column list of the synonyms list
 * (/admin/synonyms; the table: sql/024_search_dutch.sql). Included by
 * kc_store_sql.c and kc_store_synonyms.c only.
 */
#ifndef KC_SQL_SYNONYMS_H
#define KC_SQL_SYNONYMS_H

#include "kc_sql.h"

/* Every synonym, by term (at most 2000: the list is the team's). */
#define KC_SQL_SYNONYMS                                                       \
    "SELECT y.id, y.term, y.expansion, "                                      \
    "  to_char(y.updated_at AT TIME ZONE 'Europe/Brussels', "                 \
    "    'YYYY-MM-DD HH24:MI') AS updated, "                                  \
    "  coalesce(m.first_name || ' ' || m.surname, '') AS editor "             \
    "FROM search_synonyms y LEFT JOIN members m ON m.id = y.created_by "      \
    "ORDER BY y.term, y.expansion LIMIT 2000"
#define KC_COLS_SYNONYMS(C, S)                                                \
    C(S, ID) C(S, TERM) C(S, EXPANSION) C(S, UPDATED) C(S, EDITOR)
KC_COLUMNS(SYNONYMS)

#endif
