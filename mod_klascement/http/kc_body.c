/*
 * kc_body.c -- urlencoded request bodies.
 */
#include "kc_body.h"
#include "../core/kc_form.h"

#define KC_MAX_FORM_FIELDS 1000

static int is_urlencoded(request_rec *r)
{
    const char *ct = apr_table_get(r->headers_in, "Content-Type");
    apr_size_t n = sizeof("application/x-www-form-urlencoded") - 1;
    return ct && strncasecmp(ct, "application/x-www-form-urlencoded", n) == 0
           && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Read the whole body, refusing more than `max` bytes. */
static int read_body(request_rec *r, apr_off_t max, char **out,
                     apr_size_t *len)
{
    apr_size_t cap = 1024, used = 0;
    char *buf;
    long n;
    int rc = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK);

    if (rc != OK) {
        return rc;
    }
    if (r->remaining > max) {
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    buf = apr_palloc(r->pool, cap);
    if (ap_should_client_block(r)) {
        for (;;) {
            if (cap - used < 1024) {
                char *bigger = apr_palloc(r->pool, cap * 2);
                memcpy(bigger, buf, used);
                buf = bigger;
                cap *= 2;
            }
            n = ap_get_client_block(r, buf + used, cap - used - 1);
            if (n < 0) {
                return HTTP_BAD_REQUEST;
            }
            if (n == 0) {
                break;
            }
            used += (apr_size_t)n;
            if ((apr_off_t)used > max) {
                return HTTP_REQUEST_ENTITY_TOO_LARGE;
            }
        }
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    return OK;
}

int kc_body_form(kc_req_t *req, apr_table_t **form, const char **bad_field)
{
    request_rec *r = req->r;
    char *body;
    apr_size_t len;
    apr_status_t rv;
    int rc;

    *bad_field = NULL;
    if (!is_urlencoded(r)) {
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    }
    rc = read_body(r, kc_config_max_form(req->conf), &body, &len);
    if (rc != OK) {
        return rc;
    }
    rv = kc_form_parse_urlencoded(form, r->pool, body, len,
                                  KC_MAX_FORM_FIELDS, bad_field);
    if (rv == APR_E2BIG) {
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    if (rv == APR_SUCCESS && (*bad_field = kc_form_control_field(*form))) {
        return HTTP_BAD_REQUEST;
    }
    return rv == APR_SUCCESS ? OK : HTTP_BAD_REQUEST;
}
