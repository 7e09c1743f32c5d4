/*
 * kc_store_vocab.h -- the terms of our published vocabularies: education
 * levels and subjects with their names in both systems (kc_sql_vocab.h).
 */
#ifndef KC_STORE_VOCAB_H
#define KC_STORE_VOCAB_H

#include "kc_store.h"

typedef struct {
    const char *code;
    const char *name_nl, *name_en;  /* the ISCED 2011 level's names */
} kc_isced_t;

typedef struct {
    const char *code;
    const char *name_be;            /* Flanders */
    const char *name_nl;            /* the Netherlands */
    const char *name_en;
    apr_array_header_t *isced;      /* kc_isced_t, levels only */
} kc_vocab_term_t;

/* scheme: "levels" or "subjects"; code NULL for every term, else that one
 * (an empty array when there is none). Array of kc_vocab_term_t. */
apr_status_t kc_store_vocab_terms(apr_array_header_t **out, request_rec *r,
                                  const char *scheme, const char *code);

#endif
