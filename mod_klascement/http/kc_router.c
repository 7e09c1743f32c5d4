/*
 * kc_router.c -- matching a request path against a route table.
 *
 * Patterns are literal segments plus three kinds of variable segment:
 * "{id}" (a positive decimal id that fits in 63 bits), "{word}"
 * ([a-z0-9_-], up to 32 chars) and "{token}" (43 chars of base64url, what
 * kc_random_token makes: mailed links). Anything else is a 404, before any
 * handler or database work happens.
 */
#include "kc_http.h"
#include "../core/kc_form.h"

#include <apr_lib.h>

static int match_id(const char *seg, apr_size_t len, apr_int64_t *id)
{
    apr_int64_t v = 0;
    apr_size_t i;

    if (len == 0 || len > 18 || seg[0] == '0') {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!apr_isdigit(seg[i])) {
            return 0;
        }
        v = v * 10 + (seg[i] - '0');
    }
    *id = v;
    return 1;
}

static int match_word(const char *seg, apr_size_t len)
{
    apr_size_t i;
    if (len == 0 || len > 32) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!apr_islower(seg[i]) && !apr_isdigit(seg[i]) && seg[i] != '-'
            && seg[i] != '_') {
            return 0;
        }
    }
    return 1;
}

/* What kc_random_token makes of 32 bytes: 43 characters of base64url. */
static int match_token(const char *seg, apr_size_t len)
{
    apr_size_t i;
    if (len != 43) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!apr_isalnum(seg[i]) && seg[i] != '-' && seg[i] != '_') {
            return 0;
        }
    }
    return 1;
}

/* A literal segment, or one with {id} inside literal text
 * ("sitemap-records-{id}.xml"): the text around it must match exactly. */
static int match_literal_id(const char *pat, apr_size_t plen,
                            const char *seg, apr_size_t slen,
                            kc_route_match_t *m)
{
    const char *brace = memchr(pat, '{', plen);
    apr_size_t head, tail;

    if (!brace || plen < 4 || (apr_size_t)(brace - pat) > plen - 4
        || strncmp(brace, "{id}", 4) != 0) {
        return plen == slen && strncmp(pat, seg, plen) == 0;
    }
    head = (apr_size_t)(brace - pat);
    tail = plen - head - 4;
    return slen > head + tail && strncmp(pat, seg, head) == 0
           && strncmp(brace + 4, seg + slen - tail, tail) == 0
           && match_id(seg + head, slen - head - tail, &m->id);
}

/* Walk pattern and path segment by segment. */
static int match(const char *pattern, const char *path, apr_pool_t *p,
                 kc_route_match_t *m)
{
    while (*pattern && *path) {
        const char *pe = strchr(pattern + 1, '/');
        const char *se = strchr(path + 1, '/');
        apr_size_t plen, slen;

        if (*pattern != '/' || *path != '/') {
            return 0;
        }
        pe = pe ? pe : pattern + strlen(pattern);
        se = se ? se : path + strlen(path);
        plen = (apr_size_t)(pe - pattern - 1);
        slen = (apr_size_t)(se - path - 1);
        if (plen == 4 && strncmp(pattern + 1, "{id}", 4) == 0) {
            if (!match_id(path + 1, slen, &m->id)) {
                return 0;
            }
        }
        else if (plen == 6 && strncmp(pattern + 1, "{word}", 6) == 0) {
            if (!match_word(path + 1, slen)) {
                return 0;
            }
            m->tail = apr_pstrmemdup(p, path + 1, slen);
        }
        else if (plen == 7 && strncmp(pattern + 1, "{token}", 7) == 0) {
            if (!match_token(path + 1, slen)) {
                return 0;
            }
            m->tail = apr_pstrmemdup(p, path + 1, slen);
        }
        else if (!match_literal_id(pattern + 1, plen, path + 1, slen, m)) {
            return 0;
        }
        pattern = pe;
        path = se;
    }
    return *pattern == '\0' && *path == '\0';
}

static const char *allowed_methods(apr_pool_t *p, int methods)
{
    const char *allow = NULL;
    if (methods & (AP_METHOD_BIT << M_GET)) {
        allow = "GET, HEAD";
    }
    if (methods & (AP_METHOD_BIT << M_POST)) {
        allow = allow ? apr_pstrcat(p, allow, ", POST", NULL) : "POST";
    }
    return allow ? allow : "";
}

int kc_route_dispatch(request_rec *r, const kc_route_t *routes)
{
    kc_req_t *req = kc_req(r);
    const char *path = r->uri;
    apr_size_t len = strlen(path);
    const kc_route_t *rt;
    int allowed = 0;

    if (!req) {
        return HTTP_INTERNAL_SERVER_ERROR;   /* logged by kc_req() */
    }
    /* "/records/" is "/records". */
    if (len > 1 && path[len - 1] == '/') {
        path = apr_pstrmemdup(r->pool, path, len - 1);
    }
    for (rt = routes; rt->pattern; rt++) {
        kc_route_match_t m = { 0, NULL };
        if (!match(rt->pattern, path, r->pool, &m)) {
            continue;
        }
        if (rt->methods & (AP_METHOD_BIT << r->method_number)) {
            const char *bad;
            int rc;
            /* A malformed query string (a bad escape, invalid UTF-8, a
             * NUL, too many fields) or C0 controls (but tab, LF, CR) in
             * it are refused as in a form: 400 naming the parameter. */
            if (!(rt->flags & KC_ROUTE_OWN_ARGS)
                && ((bad = req->args_bad)
                    || (bad = kc_form_control_field(req->args)))) {
                return kc_render_error(req, HTTP_BAD_REQUEST, bad);
            }
            rc = rt->fn(req, &m);
            /* A change made through the site shows at once, also to
             * visitors served from the page cache. */
            if (r->method_number == M_POST && !(rt->flags & KC_ROUTE_PRIVATE)
                && (rc == OK ? r->status : rc) < 400) {
                kc_microcache_bump();
            }
            /* Any POST may end or change a session (logout, password,
             * ban, deletion, a message read): no child reuses a session
             * it looked up before (KlasCementSessionCache). */
            if (r->method_number == M_POST) {
                kc_microcache_bump_sessions();
            }
            return rc;
        }
        allowed |= rt->methods;    /* the path exists for other methods */
    }
    if (allowed) {
        apr_table_setn(r->err_headers_out, "Allow",
                       allowed_methods(r->pool, allowed));
        return kc_render_error(req, HTTP_METHOD_NOT_ALLOWED, NULL);
    }
    return kc_render_error(req, HTTP_NOT_FOUND, NULL);
}
