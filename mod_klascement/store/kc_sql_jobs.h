/*
 * kc_sql_jobs.h -- SQL text and column lists of the job runner's
 * statements that return rows (the label table in kc_store_sql.c, the
 * readers in kc_store_jobs.c). The functions: sql/functions/jobs.sql.
 */
#ifndef KC_SQL_JOBS_H
#define KC_SQL_JOBS_H

#include "kc_sql.h"

/* Mails to send: claimed (kc_outbox_claim) so no other process sends
 * them. $1 how many. */
#define KC_SQL_OUTBOX_CLAIM                                                   \
    "SELECT c.id AS id, c.to_address AS to_address, c.subject AS subject, "   \
    "  c.body AS body, o.unsubscribe_url AS unsubscribe_url "                 \
    "FROM kc_outbox_claim(%s::int) c JOIN mail_outbox o ON o.id = c.id "      \
    "ORDER BY o.created_at, o.id"
#define KC_COLS_OUTBOX_CLAIM(C, S)                                            \
    C(S, ID) C(S, TO_ADDRESS) C(S, SUBJECT) C(S, BODY) C(S, UNSUBSCRIBE_URL)
KC_COLUMNS(OUTBOX_CLAIM)

/* The jobs due now. */
#define KC_SQL_JOB_DUE "SELECT name FROM kc_job_due() AS name"
#define KC_COLS_JOB_DUE(C, S) C(S, NAME)
KC_COLUMNS(JOB_DUE)

/* Every job as /admin/jobs shows it; times in Brussels. */
#define KC_BXL(col) "to_char(" col " AT TIME ZONE 'Europe/Brussels', "        \
    "'YYYY-MM-DD HH24:MI:SS')"
#define KC_SQL_JOBS_LIST                                                      \
    "SELECT j.name AS name, j.interval_s AS interval_s, "                     \
    "  " KC_BXL("j.last_start") " AS last_start, "                            \
    "  " KC_BXL("j.last_end") " AS last_end, "                                \
    "  j.last_result AS last_result, j.last_rows AS last_rows, "              \
    "  j.last_message AS last_message, j.last_node AS last_node, "            \
    "  " KC_BXL("j.next_due") " AS next_due, "                                \
    "  j.run_requested_at IS NOT NULL AS requested, "                         \
    "  j.last_start IS NOT NULL AND (j.last_end IS NULL "                     \
    "    OR j.last_end < j.last_start) AS running, "                          \
    "  j.runs AS runs, j.failures AS failures "                               \
    "FROM jobs j ORDER BY j.name"
#define KC_COLS_JOBS_LIST(C, S)                                               \
    C(S, NAME) C(S, INTERVAL_S) C(S, LAST_START) C(S, LAST_END)               \
    C(S, LAST_RESULT) C(S, LAST_ROWS) C(S, LAST_MESSAGE) C(S, LAST_NODE)      \
    C(S, NEXT_DUE) C(S, REQUESTED) C(S, RUNNING) C(S, RUNS) C(S, FAILURES)
KC_COLUMNS(JOBS_LIST)

/* The outbox at a glance: waiting, failed for good, and the last mails
 * that failed for good. */
#define KC_SQL_OUTBOX_FAILED                                                  \
    "SELECT o.id AS id, o.to_address AS to_address, o.subject AS subject, "   \
    "  o.attempts AS attempts, o.last_error AS last_error, "                  \
    "  " KC_BXL("o.failed_at") " AS failed_at, "                              \
    "  (SELECT count(*) FROM mail_outbox w WHERE w.sent_at IS NULL "          \
    "     AND w.failed_at IS NULL) AS waiting, "                              \
    "  (SELECT count(*) FROM mail_outbox f WHERE f.failed_at IS NOT NULL) "   \
    "    AS failed "                                                          \
    "FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT * FROM mail_outbox x "     \
    "  WHERE x.failed_at IS NOT NULL ORDER BY x.failed_at DESC LIMIT 20) o "  \
    "  ON true"
#define KC_COLS_OUTBOX_FAILED(C, S)                                           \
    C(S, ID) C(S, TO_ADDRESS) C(S, SUBJECT) C(S, ATTEMPTS) C(S, LAST_ERROR)   \
    C(S, FAILED_AT) C(S, WAITING) C(S, FAILED)
KC_COLUMNS(OUTBOX_FAILED)

/* The links to check now (sql/functions/links.sql). $1 how many. */
#define KC_SQL_LINKS_DUE                                                      \
    "SELECT record_id, url FROM kc_links_due(%s::int)"
#define KC_COLS_LINKS_DUE(C, S) C(S, RECORD_ID) C(S, URL)
KC_COLUMNS(LINKS_DUE)

#endif
