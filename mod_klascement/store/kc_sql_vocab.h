/*
 * kc_sql_vocab.h -- SQL text and column lists of the vocabulary statements
 * (/vocab/levels, /vocab/subjects: kc_store_vocab.c).
 */
#ifndef KC_SQL_VOCAB_H
#define KC_SQL_VOCAB_H

#include "kc_sql.h"

/* The terms of a scheme ($1 'levels' or 'subjects'), all of them ($2 '')
 * or the one with code $2, in their order. ISCED: the ISCED 2011 levels a
 * level is close to, each code U+001E name_nl U+001E name_en, joined by
 * U+001F (NULL for subjects and for levels without one). */
#define KC_SQL_VOCAB_TERMS                                                    \
    "SELECT t.code AS code, t.name_be AS name_be, t.name_nl AS name_nl, "     \
    "  t.name_en AS name_en, t.isced AS isced "                               \
    "FROM (SELECT %s::text AS scheme, %s::text AS code) a, "                  \
    "  (SELECT 'levels' AS scheme, v.code, v.position, v.name_be, "           \
    "     v.name_nl, v.name_en, "                                             \
    "     (SELECT string_agg(i.code || chr(30) || i.name_nl || chr(30) "      \
    "        || i.name_en, chr(31) ORDER BY i.code) "                         \
    "        FROM level_isced li JOIN isced_levels i ON i.code = li.isced "   \
    "       WHERE li.level_id = v.id) AS isced "                              \
    "     FROM levels v "                                                     \
    "   UNION ALL "                                                           \
    "   SELECT 'subjects', s.code, s.position, s.name_be, s.name_nl, "        \
    "     s.name_en, NULL FROM subjects s) t "                                \
    "WHERE t.scheme = a.scheme AND (a.code = '' OR t.code = a.code) "         \
    "ORDER BY t.position"
#define KC_COLS_VOCAB_TERMS(C, S)                                             \
    C(S, CODE) C(S, NAME_BE) C(S, NAME_NL) C(S, NAME_EN) C(S, ISCED)
KC_COLUMNS(VOCAB_TERMS)

#endif
