/*
 * mod_klascement.c -- the module struct and the hook wiring, nothing else.
 */
#define KC_MODULE_MAIN
#include "kc_private.h"
#include "config/kc_config.h"
#include "store/kc_store.h"
#include "http/kc_http.h"
#include "http/kc_session.h"
#include "http/kc_body.h"

#include <mod_auth.h>
#include "handlers/kc_handlers.h"
#include "jobs/kc_jobs.h"
#include "jobs/kc_stats.h"
#include "jobs/kc_sindex_sync.h"
#include "core/kc_normalise.h"

/* Check the configuration of every server, load the templates and bind to
 * mod_dbd. A failure here stops httpd with a message naming the cause. */
static int kc_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                          apr_pool_t *ptemp, server_rec *s)
{
    if (kc_config_post_config(pconf, ptemp, s) != APR_SUCCESS
        || kc_store_init(s) != APR_SUCCESS
        || kc_microcache_post_config(pconf, s) != APR_SUCCESS
        || kc_jobs_post_config(pconf, s) != APR_SUCCESS
        || kc_search_index_post_config(pconf, s) != APR_SUCCESS
        || kc_stats_post_config(pconf, s) != APR_SUCCESS) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* The spam normaliser's patterns live as long as the configuration. */
    if (kc_normalise_init(pconf) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0007)
                     "the text normaliser's patterns do not compile");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* Every response of a server running the site carries the security
 * headers, static files and httpd's own errors included. */
static int kc_fixups(request_rec *r)
{
    if (kc_srv_conf(r->server)->templates) {
        kc_security_headers(r);
        kc_upload_fixups(r);
    }
    return DECLINED;
}

/* "klascement-ping": one trivial prepared statement through mod_dbd and a
 * two-byte answer. For monitoring and for the benchmark's database
 * ceiling; mount it only where wanted. */
static int kc_ping_handler(request_rec *r)
{
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_PING, NULL);

    if (rv != APR_SUCCESS) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    ap_set_content_type(r, "text/plain; charset=utf-8");
    ap_set_content_length(r, 3);
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    if (!r->header_only) {
        ap_rwrite("ok\n", 3, r);
    }
    return OK;
}

/* The three handlers share the machinery and differ in their routes. */
static int kc_handler(request_rec *r)
{
    const kc_route_t *routes;

    if (!r->handler) {
        return DECLINED;
    }
    if (strcmp(r->handler, KC_HANDLER_PING) == 0) {
        return kc_ping_handler(r);
    }
    if (strcmp(r->handler, KC_HANDLER_SITE) == 0) {
        routes = kc_site_routes;
    }
    else if (strcmp(r->handler, KC_HANDLER_MODERATION) == 0) {
        routes = kc_moderation_routes;
    }
    else if (strcmp(r->handler, KC_HANDLER_ADMIN) == 0) {
        routes = kc_admin_routes;
    }
    else {
        return DECLINED;
    }
    return kc_route_dispatch(r, routes);
}

/* Per-child state: the page micro-cache, the analytics counters. */
static void kc_child_init(apr_pool_t *p, server_rec *s)
{
    kc_microcache_child_init(p, s);
    kc_session_cache_child_init(p, s);
    kc_stats_child_init(p, s);
}

static void kc_register_hooks(apr_pool_t *p)
{
    static const char *const after_dbd[] = { "mod_dbd.c", NULL };

    ap_hook_post_config(kc_post_config, NULL, after_dbd, APR_HOOK_MIDDLE);
    /* Who is asking: r->user from the session cookie (kc_session.c). */
    ap_hook_check_authn(kc_hook_check_authn, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_force_authn(kc_hook_force_authn, NULL, NULL, APR_HOOK_MIDDLE);
    /* Require klascement-role member|organisation|moderator|admin */
    kc_register_authz_provider(p);
    ap_hook_child_init(kc_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_fixups(kc_fixups, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(kc_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(klascement) = {
    STANDARD20_MODULE_STUFF,
    kc_config_create_dir,        /* per-directory config creator */
    kc_config_merge_dir,         /* per-directory config merger */
    kc_config_create_srv,        /* server config creator */
    kc_config_merge_srv,         /* server config merger */
    kc_config_cmds,              /* command table */
    kc_register_hooks,
    AP_MODULE_FLAG_NONE
};
