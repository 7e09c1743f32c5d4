/*
 * kc_sql_records.h -- the columns of a record in a list, shared by every
 * statement that returns record summaries (kc_store_sql.c only).
 */
#ifndef KC_SQL_RECORDS_H
#define KC_SQL_RECORDS_H

/* A record in a list: the columns kc_store_records.c reads, in this order.
 * LABELS = SQL for the taxonomy labels to use ('be', 'nl' or 'en'). Subjects and levels are
 * folded into one string each, separated by U+001F. */
#define KC_RECORD_SUMMARY_COLS(LABELS)                                       \
    "r.id, r.kind, "                                                          \
    "CASE WHEN " LABELS " = 'en' THEN k.name_en ELSE k.name_nl END, "        \
    "r.title, left(r.description, 220), "                                    \
    "char_length(r.description) > 220, r.author_name, r.licence, l.name, "   \
    "r.language, to_char(r.published_at, 'YYYY-MM-DD'), "                    \
    "(SELECT string_agg(CASE " LABELS " WHEN 'en' THEN s.name_en "          \
    "   WHEN 'nl' THEN s.name_nl ELSE s.name_be END, chr(31) "               \
    "   ORDER BY s.position) FROM record_subjects rs "                       \
    "   JOIN subjects s ON s.id = rs.subject_id WHERE rs.record_id = r.id), " \
    "(SELECT string_agg(CASE " LABELS " WHEN 'en' THEN v.name_en "          \
    "   WHEN 'nl' THEN v.name_nl ELSE v.name_be END, chr(31) "               \
    "   ORDER BY v.position) FROM record_levels rl "                         \
    "   JOIN levels v ON v.id = rl.level_id WHERE rl.record_id = r.id), "    \
    "r.rating_count, CASE WHEN r.rating_count > 0 THEN "                     \
    "   to_char(r.rating_sum::numeric / r.rating_count, 'FM0.0') END, l.url "

#endif
