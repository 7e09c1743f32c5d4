/*
 * kc_store_synonyms.h -- the search synonyms the team edits (SQL:
 * kc_sql_synonyms.h; saving and deleting are kc_store_action() calls with
 * KC_Q_SYNONYM_SAVE and KC_Q_SYNONYM_DELETE).
 */
#ifndef KC_STORE_SYNONYMS_H
#define KC_STORE_SYNONYMS_H

#include "kc_store.h"

typedef struct {
    apr_int64_t id;
    const char *term, *expansion;
    const char *updated;                  /* YYYY-MM-DD HH:MI, Brussels */
    const char *editor;                   /* who added it, "" for the seeds */
} kc_synonym_t;

/* Every synonym (kc_synonym_t), by term. */
apr_status_t kc_store_synonyms(apr_array_header_t **out, request_rec *r);

#endif
