/*
 * kc_oai.h -- the parts of OAI-PMH 2.0 that need no database or httpd:
 * UTC datestamps of the protocol, and resumption tokens (APR only).
 *
 * A resumption token is a stateless cursor: the request's metadataPrefix,
 * from, until and set, the datestamp and id of the last item sent, how many
 * were sent before the next page (cursor) and the size of the whole list.
 * It is written as hex of those fields plus a check value (the first 8 bytes
 * of SHA-256 over the fields): a token a client edited or truncated is
 * refused (badResumptionToken), not read as another cursor. The check value
 * is not secret (every field is public data anyway): it catches edits, it
 * does not authenticate.
 */
#ifndef KC_OAI_H
#define KC_OAI_H

#include <apr_pools.h>

/* Granularities of a from/until argument. */
#define KC_OAI_DAY     1      /* YYYY-MM-DD */
#define KC_OAI_SECONDS 2      /* YYYY-MM-DDThh:mm:ssZ */

/* Parse a from (is_until 0) or until (1) argument; a day means its first
 * (from) or last (until) second. Returns the granularity, with the instant
 * as YYYY-MM-DDThh:mm:ssZ in *out, or 0 for anything else (bad syntax, a
 * month 13, 30 February, 24:00:00, a time zone other than Z). */
int kc_oai_date(apr_pool_t *p, const char *in, int is_until, const char **out);

typedef struct {
    const char *prefix;       /* metadataPrefix */
    const char *from;         /* "" or YYYY-MM-DDThh:mm:ssZ */
    const char *until;        /* "" or YYYY-MM-DDThh:mm:ssZ */
    const char *set;          /* "" or a setSpec */
    const char *last_ds;      /* datestamp of the last item sent */
    apr_int64_t last_id;      /* its record id */
    apr_int64_t cursor;       /* items sent before the next page */
    apr_int64_t total;        /* completeListSize */
} kc_oai_cursor_t;

/* A setSpec we could have made: letters, digits, '_', '-', one ':'
 * inside, at most 64 bytes. */
int kc_oai_set_ok(const char *set);

const char *kc_oai_token_make(apr_pool_t *p, const kc_oai_cursor_t *c);
/* 1 and *c when token is one kc_oai_token_make() wrote, else 0. */
int kc_oai_token_read(apr_pool_t *p, const char *token, kc_oai_cursor_t *c);

#endif
