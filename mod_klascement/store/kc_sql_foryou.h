/*
 * kc_sql_foryou.h -- SQL text and column list of "for you this week"
 * (the label table in kc_store_sql.c, the reader in kc_store_foryou.c).
 * The functions and the job's steps: sql/functions/foryou.sql.
 */
#ifndef KC_SQL_FORYOU_H
#define KC_SQL_FORYOU_H

#include "kc_sql.h"

/* A member's suggestions as the job left them, checked again now: still
 * published, not read since, not dismissed, a co-reading reason whose
 * record is still published. The primary key (member, rank) gives the
 * rows in order; each other table is one index probe per row.
 * $1 labels, $2 member, $3 how many. */
#define KC_SQL_FORYOU                                                         \
    "SELECT r.id AS id, r.kind AS kind, "                                     \
    "  " KC_SQL_BYLANG("a.labels", "k.name") " AS kind_name, "                \
    "  r.title AS title, r.language AS language, f.reason AS reason, "        \
    "  " KC_SQL_LABEL("a.labels", "s.name") " AS subject_name, "              \
    "  " KC_SQL_LABEL("a.labels", "v.name") " AS level_name, "                \
    "  b.id AS because_id, b.title AS because_title "                         \
    "FROM (SELECT %s::text AS labels, %s::bigint AS member) a "               \
    "JOIN foryou f ON f.member_id = a.member "                                \
    "JOIN records r ON r.id = f.record_id AND r.state = 'published' "         \
    "JOIN record_kinds k ON k.code = r.kind "                                 \
    "LEFT JOIN subjects s ON s.id = f.subject_id "                            \
    "LEFT JOIN levels v ON v.id = f.level_id "                                \
    "LEFT JOIN records b ON b.id = f.because_id AND b.state = 'published' "   \
    "WHERE (f.because_id IS NULL OR b.id IS NOT NULL) "                       \
    "  AND NOT EXISTS (SELECT 1 FROM unlocks u WHERE u.member_id = a.member " \
    "    AND u.record_id = f.record_id) "                                     \
    "  AND NOT EXISTS (SELECT 1 FROM foryou_dismissed d "                     \
    "    WHERE d.member_id = a.member AND d.record_id = f.record_id) "        \
    "ORDER BY f.rank LIMIT %s::int"
#define KC_COLS_FORYOU(C, S)                                                  \
    C(S, ID) C(S, KIND) C(S, KIND_NAME) C(S, TITLE) C(S, LANGUAGE)            \
    C(S, REASON) C(S, SUBJECT_NAME) C(S, LEVEL_NAME) C(S, BECAUSE_ID)         \
    C(S, BECAUSE_TITLE)
KC_COLUMNS(FORYOU)

#endif
