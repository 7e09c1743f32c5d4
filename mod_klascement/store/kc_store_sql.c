/*
 * kc_store_sql.c -- the label table: every SQL statement of the module.
 *
 * Rules: parameters only through apr_dbd placeholders (%s, sent as varchar
 * by the pgsql driver, so cast in SQL where the column is not text); columns
 * listed explicitly (a prepared SELECT * breaks after a migration); labels
 * kc_<noun>_<verb>, unique, since the prepared-statement namespace is shared
 * with other modules on the same connection.
 */
#include "kc_store.h"

#include <apr_lib.h>

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
    "   to_char(r.rating_sum::numeric / r.rating_count, 'FM0.0') END "

static const kc_sql_t kc_sql_table[KC_Q__COUNT] = {
    [KC_Q_PING] = { "kc_db_ping", "SELECT 1", 0, KC_SQL_READ },

    /* One page of published records, newest first, plus the total. The
     * LEFT JOIN keeps one row (with the total) when the page is past the
     * end. $1 labels, $2 limit, $3 offset. */
    [KC_Q_RECORD_PAGE] = { "kc_record_page",
        "SELECT t.total, p.* FROM (SELECT %s::text AS labels) a "
        "CROSS JOIN "
        "(SELECT count(*) AS total FROM records WHERE state = 'published') t "
        "LEFT JOIN LATERAL (SELECT " KC_RECORD_SUMMARY_COLS("a.labels")
        "  FROM records r JOIN record_kinds k ON k.code = r.kind "
        "  JOIN licences l ON l.code = r.licence "
        "  WHERE r.state = 'published' "
        "  ORDER BY r.published_at DESC, r.id DESC "
        "  LIMIT %s::int OFFSET %s::bigint) p ON true",
        3, KC_SQL_READ },

    /* Whether a record exists and may be shown publicly. */
    [KC_Q_RECORD_STATE] = { "kc_record_state",
        "SELECT state FROM records WHERE id = %s::bigint",
        1, KC_SQL_READ },
};

const kc_sql_t *kc_store_sql(kc_query_id_t id)
{
    return &kc_sql_table[id];
}

const kc_sql_t *kc_store_sql_by_label(const char *label)
{
    int i;
    for (i = 0; i < KC_Q__COUNT; i++) {
        if (kc_sql_table[i].label && strcmp(kc_sql_table[i].label, label) == 0) {
            return &kc_sql_table[i];
        }
    }
    return NULL;
}

/* Placeholders in a statement, counted the way apr_dbd parses them. */
static int count_placeholders(const char *sql)
{
    int n = 0;
    const char *p;
    for (p = sql; *p; p++) {
        if (p[0] == '%' && p[1] == '%') {
            p++;
        }
        else if (p[0] == '%' && p[1] != '\0') {
            n++;
        }
    }
    return n;
}

apr_status_t kc_store_check_table(server_rec *s)
{
    int i, j;
    for (i = 0; i < KC_Q__COUNT; i++) {
        const kc_sql_t *q = &kc_sql_table[i];
        const char *c;
        if (!q->label || !q->sql || strncmp(q->label, "kc_", 3) != 0) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0016)
                         "statement %d has no kc_ label or no SQL", i);
            return APR_EINVAL;
        }
        for (c = q->label; *c; c++) {
            if (!apr_islower(*c) && !apr_isdigit(*c) && *c != '_') {
                ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0017)
                             "statement label %s is not [a-z0-9_]", q->label);
                return APR_EINVAL;
            }
        }
        if (count_placeholders(q->sql) != q->nargs) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0018)
                         "statement %s: %d placeholders, %d declared",
                         q->label, count_placeholders(q->sql), q->nargs);
            return APR_EINVAL;
        }
        for (j = 0; j < i; j++) {
            if (strcmp(kc_sql_table[j].label, q->label) == 0) {
                ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0019)
                             "statement label %s used twice", q->label);
                return APR_EINVAL;
            }
        }
    }
    return APR_SUCCESS;
}
