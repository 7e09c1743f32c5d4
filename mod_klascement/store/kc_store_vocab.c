/*
 * kc_store_vocab.c -- the vocabulary statements (kc_store_vocab.h).
 */
#include "kc_store_vocab.h"
#include "kc_sql_vocab.h"

#include <string.h>

static apr_array_header_t *split_isced(apr_pool_t *p, const char *joined)
{
    apr_array_header_t *items = kc_store_split_names(p, joined);
    apr_array_header_t *out = apr_array_make(p, items->nelts,
                                             sizeof(kc_isced_t));
    int i;

    for (i = 0; i < items->nelts; i++) {
        char *code = APR_ARRAY_IDX(items, i, char *);
        char *nl = strchr(code, '\x1e'), *en = nl ? strchr(nl + 1, '\x1e')
                                                   : NULL;
        kc_isced_t *x;
        if (!en) {
            continue;
        }
        *nl++ = '\0';
        *en++ = '\0';
        x = apr_array_push(out);
        x->code = code;
        x->name_nl = nl;
        x->name_en = en;
    }
    return out;
}

apr_status_t kc_store_vocab_terms(apr_array_header_t **out, request_rec *r,
                                  const char *scheme, const char *code)
{
    const char *args[2] = { scheme, code ? code : "" };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_VOCAB_TERMS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_vocab_term_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_vocab_term_t *t = apr_array_push(*out);
#define COL(c) KC_C_VOCAB_TERMS_##c
        t->code = kc_row_str(rows, i, COL(CODE));
        t->name_be = kc_row_str(rows, i, COL(NAME_BE));
        t->name_nl = kc_row_str(rows, i, COL(NAME_NL));
        t->name_en = kc_row_str(rows, i, COL(NAME_EN));
        t->isced = split_isced(r->pool, kc_row_str(rows, i, COL(ISCED)));
#undef COL
    }
    return APR_SUCCESS;
}
