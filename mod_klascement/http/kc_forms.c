/*
 * kc_forms.c -- CSRF, form values, field errors, password hashing.
 */
#include "kc_forms.h"
#include "kc_body.h"
#include "kc_session.h"
#include "../core/kc_form.h"
#include "../core/kc_validate.h"

#include <apr_lib.h>
#include <apr_md5.h>
#include <apr_general.h>

kc_errors_t *kc_errors_make(kc_req_t *req)
{
    kc_errors_t *e = apr_pcalloc(req->r->pool, sizeof(*e));
    e->req = req;
    e->list = kc_tctx_list(req->ctx, "errors");
    e->status = HTTP_BAD_REQUEST;
    return e;
}

void kc_error_add(kc_errors_t *e, const char *field, const char *key,
                  const char *max)
{
    apr_pool_t *p = e->req->r->pool;
    kc_tctx_t *vars = kc_tctx_make(p);
    kc_tctx_t *item;
    const char *msg;

    kc_tctx_set(vars, "label",
                kc_tmpl_msg(e->req->conf->templates, e->req->lang,
                            apr_pstrcat(p, "field.", field, NULL), NULL, p));
    /* The limit of too_long / too_short messages: {{max}} or {{min}}. */
    kc_tctx_set(vars, "max", max);
    kc_tctx_set(vars, "min", max);
    msg = kc_tmpl_msg(e->req->conf->templates, e->req->lang, key, vars, p);
    item = kc_tlist_push(e->list);
    kc_tctx_set(item, "field", field);
    kc_tctx_set(item, "message", msg);
    /* Only the first message of a field goes next to it. */
    if (!kc_tctx_get(e->req->ctx, apr_pstrcat(p, "error_", field, NULL))) {
        kc_tctx_set(e->req->ctx, apr_pstrcat(p, "error_", field, NULL), msg);
    }
    e->count++;
}

void kc_check_new_password(kc_errors_t *e, kc_req_t *req, const char *pw,
                           const char *pw2)
{
    static const char *const keys[] = {
        NULL, "form.error.password_short", "form.error.password_long",
        "form.error.password_common"
    };
    kc_pw_verdict_t v = kc_password_check(pw, req->conf->blocklist,
                                          req->r->pool);
    if (v != KC_PW_OK) {
        kc_error_add(e, "password", keys[v], NULL);
    }
    if (strcmp(pw, pw2) != 0) {
        kc_error_add(e, "password2", "form.error.password_mismatch", NULL);
    }
}

const char *kc_form_text(kc_req_t *req, apr_table_t *form, const char *name)
{
    return kc_trim(req->r->pool, form ? apr_table_get(form, name) : NULL);
}

int kc_form_ticked(apr_table_t *form, const char *name)
{
    const char *v = form ? apr_table_get(form, name) : NULL;
    return v && strcmp(v, "1") == 0;
}

int kc_form_check_csrf(kc_req_t *req, apr_table_t *form)
{
    if (!kc_csrf_valid(req, apr_table_get(form, "csrf"))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, req->r, KC_LOGNO(0060)
                      "POST without a valid CSRF token refused");
        req->bad_field = "csrf";
        return HTTP_FORBIDDEN;
    }
    return OK;
}

int kc_form_read(kc_req_t *req, apr_table_t **form)
{
    int rc = kc_body_form(req, form, &req->bad_field);
    return rc != OK ? rc : kc_form_check_csrf(req, *form);
}

typedef struct {
    apr_pool_t *p;
    const char *name;
    char *out;
} int_array_ctx_t;

static int add_int(void *data, const char *key, const char *value)
{
    int_array_ctx_t *c = data;
    const char *v;

    if (strcmp(key, c->name) != 0 || !*value || strlen(value) > 9) {
        return 1;
    }
    for (v = value; *v; v++) {
        if (!apr_isdigit(*v)) {
            return 1;
        }
    }
    c->out = c->out ? apr_pstrcat(c->p, c->out, ",", value, NULL)
                    : apr_pstrdup(c->p, value);
    return 1;
}

const char *kc_form_int_array(kc_req_t *req, apr_table_t *form,
                              const char *name)
{
    int_array_ctx_t c = { req->r->pool, name, NULL };
    apr_table_do(add_int, &c, form, NULL);
    return apr_pstrcat(req->r->pool, "{", c.out ? c.out : "", "}", NULL);
}

apr_status_t kc_password_hash(const char **out, kc_req_t *req,
                              const char *password)
{
    unsigned char salt[16];
    char hash[128];
    apr_status_t rv = apr_generate_random_bytes(salt, sizeof(salt));

    if (rv == APR_SUCCESS) {
        rv = apr_bcrypt_encode(password,
                               (unsigned)kc_config_bcrypt_cost(req->conf),
                               salt, sizeof(salt), hash, sizeof(hash));
    }
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, req->r, KC_LOGNO(0061)
                      "hashing a password failed");
        return rv;
    }
    *out = apr_pstrdup(req->r->pool, hash);
    return APR_SUCCESS;
}

int kc_password_matches(const char *password, const char *hash)
{
    /* apr_password_validate also takes {SHA}, $apr1$ and crypt(): not
     * here. */
    /* Over 72 bytes bcrypt would compare only a prefix: never a match. */
    return hash && strlen(password) <= 72 && strncmp(hash, "$2y$", 4) == 0
           && apr_password_validate(password, hash) == APR_SUCCESS;
}
