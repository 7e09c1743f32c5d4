/*
 * kc_render.c -- pages and error pages through the template engine.
 *
 * A page is rendered completely into memory before a byte is sent, so a
 * failure half-way gives a clean error page, never half a page.
 */
#include "kc_http.h"
#include "kc_session.h"
#include "../core/kc_escape.h"

#include <apr_time.h>

/* Used only when the templates themselves cannot render (a broken
 * customised template): no values interpolated, nothing to escape. */
static const char fallback_page[] =
    "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">"
    "<title>KlasCement</title></head><body><h1>Er ging iets mis / "
    "Something went wrong</h1><p><a href=\"/\">KlasCement</a></p>"
    "</body></html>\n";

const char *kc_today(kc_req_t *req)
{
    apr_time_exp_t now;
    apr_time_exp_lt(&now, req->r->request_time);
    return apr_psprintf(req->r->pool, "%04d-%02d-%02d", now.tm_year + 1900,
                        now.tm_mon + 1, now.tm_mday);
}

const char *kc_msg(kc_req_t *req, const char *key)
{
    return kc_tmpl_msg(req->conf->templates, req->lang, key, req->ctx,
                       req->r->pool);
}

/* ?done=CODE after a redirect: the notice of what just happened, the
 * message notice.CODE of the page's catalogue. Any code with such a
 * message shows, so a new notice needs only its catalogue lines. CODE
 * comes from the query string: only [a-z0-9_-], at most 64 bytes, so it
 * can name nothing but a notice.* key (no dot, no other family). */
static void set_notice(kc_req_t *req)
{
    const char *done = kc_arg(req, "done");
    const char *key;
    apr_size_t n;

    if (!done || !*done) {
        return;
    }
    n = strspn(done, "abcdefghijklmnopqrstuvwxyz0123456789_-");
    if (done[n] != '\0' || n > 64) {
        return;
    }
    key = apr_pstrcat(req->r->pool, "notice.", done, NULL);
    if (kc_tmpl_has_msg(req->conf->templates, req->lang, key)) {
        kc_tctx_set(req->ctx, "notice", kc_msg(req, key));
    }
}

/* The logged-in member in the layout (name, logout form). */
static void set_user(kc_req_t *req)
{
    kc_session_t *s = kc_session(req->r, NULL);
    kc_tctx_t *u;

    if (!s) {
        return;
    }
    u = kc_tctx_child(req->ctx, "user");
    kc_tctx_set(u, "id", s->user);
    kc_tctx_set(u, "name", s->name);
    kc_tctx_set(u, "role", s->role);
    kc_tctx_set_bool(u, "is_moderator", kc_role_includes(s->role, "moderator"));
    kc_tctx_set_bool(u, "is_admin", kc_role_includes(s->role, "admin"));
    kc_tctx_set_int(u, "unread", s->unread);
    kc_tctx_set_bool(u, "has_unread", s->unread > 0);
    kc_tctx_set(req->ctx, "csrf", s->csrf);
    /* Nothing for a member may be kept by a shared cache. */
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
}

static void set_globals(kc_req_t *req, const char *tmpl, const char *title)
{
    request_rec *r = req->r;
    apr_time_exp_t now;
    const char *q = kc_arg(req, "q");

    apr_time_exp_lt(&now, r->request_time);
    kc_tctx_set(req->ctx, "lang", req->lang);
    kc_tctx_set(req->ctx, "content", tmpl);
    kc_tctx_set(req->ctx, "page_title", title);
    kc_tctx_set(req->ctx, "path", r->args ? apr_pstrcat(r->pool, r->uri, "?",
                                                       r->args, NULL)
                                          : r->uri);
    kc_tctx_set(req->ctx, "q", q ? q : "");
    kc_tctx_set_int(req->ctx, "year", now.tm_year + 1900);
    kc_tctx_set_bool(req->ctx, "lang_nl", strcmp(req->lang, "nl") == 0);
    kc_tctx_set_bool(req->ctx, "lang_en", strcmp(req->lang, "en") == 0);
    set_user(req);
    if (!kc_tctx_get(req->ctx, "notice")) {
        set_notice(req);
    }
}

static int send_body(request_rec *r, int status, const char *body,
                     apr_size_t len)
{
    r->status = status;
    ap_set_content_type(r, "text/html; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)len);
    if (!r->header_only) {
        ap_rwrite(body, (int)len, r);
    }
    return OK;
}

int kc_render_page(kc_req_t *req, int status, const char *tmpl,
                   const char *page_title)
{
    request_rec *r = req->r;
    char *body;
    apr_size_t len;
    apr_status_t rv;

    set_globals(req, tmpl, page_title);
    rv = kc_tmpl_render(&body, &len, req->conf->templates, "layout",
                        req->lang, req->ctx, r->pool);
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, KC_LOGNO(0030)
                      "rendering template %s failed", tmpl);
        return send_body(r, HTTP_INTERNAL_SERVER_ERROR, fallback_page,
                         sizeof(fallback_page) - 1);
    }
    if (req->cache_key && status == HTTP_OK
        && !kc_tctx_get(req->ctx, "csrf")) {
        kc_microcache_store(req, req->cache_key, body, len);
    }
    apr_table_setn(r->headers_out, "Content-Language", req->lang);
    apr_table_mergen(r->headers_out, "Vary", "Accept-Language, Cookie");
    if (!apr_table_get(r->headers_out, "Cache-Control")) {
        apr_table_setn(r->headers_out, "Cache-Control",
                       status == HTTP_OK ? "public, max-age=60" : "no-store");
    }
    return send_body(r, status, body, len);
}

int kc_render_error(kc_req_t *req, int status, const char *field)
{
    const char *code = apr_itoa(req->r->pool, status);
    const char *title, *key;

    switch (status) {
    case HTTP_BAD_REQUEST: case HTTP_FORBIDDEN: case HTTP_NOT_FOUND:
    case HTTP_METHOD_NOT_ALLOWED: case HTTP_REQUEST_ENTITY_TOO_LARGE:
    case HTTP_TOO_MANY_REQUESTS: case HTTP_SERVICE_UNAVAILABLE:
        break;
    default:
        code = "500";
        status = status >= 400 && status < 500 ? status : 500;
    }
    key = apr_pstrcat(req->r->pool, "error.", code, ".title", NULL);
    title = kc_msg(req, key);
    kc_tctx_set(req->ctx, "status", apr_itoa(req->r->pool, status));
    kc_tctx_set(req->ctx, "error_title", title);
    kc_tctx_set(req->ctx, "error_message",
                kc_msg(req, apr_pstrcat(req->r->pool, "error.", code,
                                        ".message", NULL)));
    if (field) {
        const char *label = kc_msg(req, apr_pstrcat(req->r->pool, "field.",
                                                    field, NULL));
        kc_tctx_set(req->ctx, "field", field);
        /* The label when the catalogue has one, else the parameter name. */
        kc_tctx_set(req->ctx, "field_label",
                    strncmp(label, "field.", 6) == 0 ? field : label);
        kc_tctx_set(req->ctx, "field_message", kc_msg(req, "error.400.field"));
    }
    apr_table_setn(req->r->headers_out, "Cache-Control", "no-store");
    if (status == HTTP_SERVICE_UNAVAILABLE) {
        apr_table_setn(req->r->headers_out, "Retry-After", "5");
    }
    return kc_render_page(req, status, "errors/error", title);
}

int kc_render_store_error(kc_req_t *req, apr_status_t rv)
{
    return kc_render_error(req, rv == KC_EDBDOWN ? HTTP_SERVICE_UNAVAILABLE
                                                 : HTTP_INTERNAL_SERVER_ERROR,
                           NULL);
}

int kc_redirect(kc_req_t *req, const char *local_path)
{
    request_rec *r = req->r;
    if (!kc_is_local_path(local_path)) {
        local_path = "/";
    }
    apr_table_setn(r->headers_out, "Location", local_path);
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    /* Sent by us with an empty body rather than returned as a status, so
     * httpd adds no default "See Other" page. */
    r->status = HTTP_SEE_OTHER;
    ap_set_content_length(r, 0);
    return OK;
}

void kc_security_headers(request_rec *r)
{
    apr_table_t *h = r->err_headers_out;   /* also on error responses */
    apr_table_setn(h, "Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self'; "
                   "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                   "form-action 'self'; frame-ancestors 'none'");
    apr_table_setn(h, "X-Content-Type-Options", "nosniff");
    apr_table_setn(h, "Referrer-Policy", "strict-origin-when-cross-origin");
    apr_table_setn(h, "X-Frame-Options", "DENY");
    /* Only on https: over plain http a browser ignores it anyway, and a
     * site reached by http first must not promise what it cannot keep. */
    if (kc_is_https(r) && kc_config_hsts(kc_srv_conf(r->server)) > 0) {
        apr_table_setn(h, "Strict-Transport-Security",
                       apr_psprintf(r->pool, "max-age=%d",
                                    kc_config_hsts(kc_srv_conf(r->server))));
    }
}
