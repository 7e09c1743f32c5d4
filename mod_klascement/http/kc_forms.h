/*
 * kc_forms.h -- the common steps of handling a POSTed form: CSRF, values,
 * field errors shown next to the fields and in a summary.
 */
#ifndef KC_FORMS_H
#define KC_FORMS_H

#include "kc_http.h"

typedef struct {
    kc_req_t *req;
    kc_tlist_t *list;          /* "errors" in the page context */
    int count;
    int status;                /* 400 unless a field asks for more */
} kc_errors_t;

kc_errors_t *kc_errors_make(kc_req_t *req);
/* Add an error on `field` with the message `key` (which may use {{label}},
 * the field's label from field.<name>, and {{max}}). */
void kc_error_add(kc_errors_t *e, const char *field, const char *key,
                  const char *max);

/* The password rules (length, bcrypt's 72 bytes, the blocklist) on
 * `password`, and `password2` equal to it. */
void kc_check_new_password(kc_errors_t *e, kc_req_t *req, const char *pw,
                           const char *pw2);

/* Trimmed value of a form field, "" when absent. */
const char *kc_form_text(kc_req_t *req, apr_table_t *form, const char *name);
/* 1 when a checkbox was ticked (value "1"). */
int kc_form_ticked(apr_table_t *form, const char *name);

/* Read the urlencoded body and check its CSRF token. Returns OK with *form,
 * or an HTTP status (403 bad token, 413, 400...) with req->bad_field set;
 * the caller answers with kc_render_error(req, status, req->bad_field). */
int kc_form_read(kc_req_t *req, apr_table_t **form);
/* The CSRF check alone, for forms read otherwise (multipart): OK or 403. */
int kc_form_check_csrf(kc_req_t *req, apr_table_t *form);

/* A comma-separated SQL int[] literal of the repeated values of `name`
 * that are positive integers ("{3,7}"); others are dropped. */
const char *kc_form_int_array(kc_req_t *req, apr_table_t *form,
                              const char *name);

/* The hash of a password with bcrypt at the configured cost ($2y$). */
apr_status_t kc_password_hash(const char **out, kc_req_t *req,
                              const char *password);
/* 1 if password matches hash; only $2y$ hashes count. */
int kc_password_matches(const char *password, const char *hash);

#endif
