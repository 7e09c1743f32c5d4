/*
 * kc_http.h -- request state, routing and rendering glue.
 */
#ifndef KC_HTTP_H
#define KC_HTTP_H

#include "../kc_private.h"
#include "../config/kc_config.h"
#include "../core/kc_tmpl.h"
#include "kc_rconf.h"

/* Fields a query string may have (more: 400). */
#define KC_MAX_QUERY_FIELDS 100

/* What the module knows about one request. */
typedef struct kc_req_t {
    request_rec *r;
    const kc_srv_conf_t *conf;
    const char *lang;          /* "nl" or "en": UI language */
    const char *labels;        /* taxonomy labels: "be", "nl" or "en" */
    kc_tctx_t *ctx;            /* template values of the page */
    apr_table_t *args;         /* query string, decoded; first value wins */
    const char *args_bad;      /* a malformed query string's field (400) */
    const char *bad_field;     /* the field a refused body was refused for */
    const char *cache_key;     /* keep the rendered page (kc_microcache.c) */
    apr_uint32_t cache_generation;  /* of the site when the page was read */
    apr_int64_t cache_note;    /* kept with the page, given back with it
                                * (a search's count, for the analytics) */
} kc_req_t;

typedef struct {
    apr_int64_t id;            /* the {id} of the path, if the route has one */
    const char *tail;          /* the {word} or {token} segment, if any */
} kc_route_match_t;

typedef int (*kc_route_fn)(kc_req_t *req, const kc_route_match_t *m);

typedef struct {
    int methods;               /* AP_METHOD_BIT << M_GET | ... */
    const char *pattern;       /* "/records/{id}", "/language/{word}" */
    kc_route_fn fn;
    int flags;                 /* KC_ROUTE_* */
} kc_route_t;

/* A POST that changes nothing a visitor's page shows (logging in, a
 * message, a follow): it does not retire the page cache's copies. Any
 * other successful POST does (kc_microcache.c). */
#define KC_ROUTE_PRIVATE 0x01
/* A route that judges its own query string and answers bad arguments in
 * its own protocol (OAI-PMH's badArgument): the dispatcher does not refuse
 * control characters in it for the route. */
#define KC_ROUTE_OWN_ARGS 0x02

/* Dispatch r to the matching route of a table ending with { 0 }. */
int kc_route_dispatch(request_rec *r, const kc_route_t *routes);

/* kc_req_t of the request, created on first use. */
kc_req_t *kc_req(request_rec *r);


/* ---- rendering -------------------------------------------------------- */
/* Render `tmpl` inside the layout with status; sends the page; returns OK. */
int kc_render_page(kc_req_t *req, int status, const char *tmpl,
                   const char *page_title);
/* The error page for status (400..503); `field` names the bad field of a
 * 400 (or NULL). Returns OK after sending it. */
int kc_render_error(kc_req_t *req, int status, const char *field);
/* Map a store failure to the right error page (503 when the database is
 * down, 500 otherwise). */
int kc_render_store_error(kc_req_t *req, apr_status_t rv);
/* 303 See Other to a local path. */
int kc_redirect(kc_req_t *req, const char *local_path);
/* Today's date (local time of the server) as YYYY-MM-DD. */
const char *kc_today(kc_req_t *req);
/* A message of the current language as plain text. */
const char *kc_msg(kc_req_t *req, const char *key);

/* ---- request helpers -------------------------------------------------- */
/* Parse a query parameter as an integer in [min, max]. Returns APR_SUCCESS
 * and *out (default when absent), or APR_EINVAL for a bad value. */
apr_status_t kc_arg_int(kc_req_t *req, const char *name, apr_int64_t dflt,
                        apr_int64_t min, apr_int64_t max, apr_int64_t *out);
const char *kc_arg(kc_req_t *req, const char *name);
/* 1 when the client asked for JSON (?format=json, or Accept naming
 * application/json and not text/html). */
int kc_wants_json(kc_req_t *req);
/* Choose the UI language: member setting, cookie, Accept-Language. */
const char *kc_lang_negotiate(request_rec *r, const kc_srv_conf_t *conf);
/* kc_microcache.c: anonymous pages kept KlasCementPageCache seconds;
 * kc_microcache_bump() after a change made through the site retires every
 * copy (in every child). */
apr_status_t kc_microcache_post_config(apr_pool_t *pconf, server_rec *s);
void kc_microcache_child_init(apr_pool_t *p, server_rec *s);
void kc_microcache_bump(void);
/* The sessions' generation (kc_session_cache.c): moved by every
 * kc_microcache_bump() and by kc_microcache_bump_sessions(), which a
 * change that no visitor's page shows (a logout, a login, a message)
 * calls instead. */
void kc_microcache_bump_sessions(void);
apr_uint32_t kc_microcache_session_generation(void);
apr_uint32_t kc_microcache_page_generation(void);
/* A kept copy of the page `key` sent: OK, else DECLINED. req->cache_note
 * is then the note the copy was kept with (req->cache_note when it was
 * stored). */
int kc_microcache_serve(kc_req_t *req, const char *key);
/* For a visitor (no session cookie): `page` and the whole query string
 * become the request's cache key (kc_render_page keeps what it renders
 * under it), and a kept copy is served: OK when sent, else DECLINED. */
int kc_microcache_visitor(kc_req_t *req, const char *page);
void kc_microcache_store(kc_req_t *req, const char *key, const char *body,
                         apr_size_t len);

/* Security headers every response carries (also error responses). */
void kc_security_headers(request_rec *r);

#endif
