/*
 * kc_contribute.h -- the contribution form shared by new and edited
 * contributions.
 */
#ifndef KC_CONTRIBUTE_H
#define KC_CONTRIBUTE_H

#include "kc_handlers.h"
#include "kc_kinds.h"

typedef struct {
    const kc_kind_spec_t *spec;
    const char *kind_name;
    const char *action;        /* where the form posts */
    int editing;
    apr_table_t *form;         /* the answers as posted (NULL: none yet) */
    apr_table_t *values;       /* kind-specific fields by name */
    const char *title, *description, *language, *url;
    const char *subjects, *levels;       /* ids: "{1,2}" or "1,2" */
    const char *licence;       /* chosen licence code, when known */
    const char *current_file;  /* editing: the file already there */
} kc_form_state_t;

int kc_contribute_form(kc_req_t *req, int status, const kc_form_state_t *f);

#endif
