/*
 * kc_microcache.c -- a few seconds of memory for anonymous pages that every
 * visitor sees alike (the home page).
 *
 * Each httpd child keeps its own copy, so nothing depends on it being
 * there: a miss simply renders the page. KlasCementPageCache sets how many
 * seconds a copy may be shown (0, the default, keeps nothing). Entries live
 * in their own subpools, replaced under one mutex.
 */
#include "kc_http.h"

#include <apr_thread_mutex.h>

#define KC_MICROCACHE_SLOTS 8

typedef struct {
    const char *key;
    char *body;
    apr_size_t len;
    apr_time_t expires;
    apr_pool_t *pool;
} kc_cache_slot_t;

static apr_thread_mutex_t *cache_lock;
static apr_pool_t *cache_pool;
static kc_cache_slot_t slots[KC_MICROCACHE_SLOTS];

void kc_microcache_child_init(apr_pool_t *p, server_rec *s)
{
    cache_pool = p;
    if (apr_thread_mutex_create(&cache_lock, APR_THREAD_MUTEX_DEFAULT, p)
        != APR_SUCCESS) {
        cache_lock = NULL;          /* no cache then; never a failure */
    }
}

/* Serve `key` if a fresh copy is kept: OK when sent, DECLINED otherwise. */
int kc_microcache_serve(kc_req_t *req, const char *key)
{
    request_rec *r = req->r;
    int i, served = DECLINED;

    if (!cache_lock || req->conf->page_cache <= 0) {
        return DECLINED;
    }
    apr_thread_mutex_lock(cache_lock);
    for (i = 0; i < KC_MICROCACHE_SLOTS; i++) {
        if (slots[i].key && strcmp(slots[i].key, key) == 0
            && slots[i].expires > r->request_time) {
            ap_set_content_type(r, "text/html; charset=utf-8");
            ap_set_content_length(r, (apr_off_t)slots[i].len);
            apr_table_setn(r->headers_out, "Content-Language", req->lang);
            apr_table_mergen(r->headers_out, "Vary", "Accept-Language, Cookie");
            apr_table_setn(r->headers_out, "Cache-Control", "public, max-age=60");
            if (!r->header_only) {
                /* Copied into the request before the lock is let go. */
                ap_rwrite(apr_pmemdup(r->pool, slots[i].body, slots[i].len),
                          (int)slots[i].len, r);
            }
            served = OK;
            break;
        }
    }
    apr_thread_mutex_unlock(cache_lock);
    return served;
}

void kc_microcache_store(kc_req_t *req, const char *key, const char *body,
                         apr_size_t len)
{
    int i, slot = 0;
    apr_pool_t *p;

    if (!cache_lock || req->conf->page_cache <= 0) {
        return;
    }
    apr_thread_mutex_lock(cache_lock);
    for (i = 0; i < KC_MICROCACHE_SLOTS; i++) {
        if (!slots[i].key || strcmp(slots[i].key, key) == 0) {
            slot = i;
            break;
        }
        if (slots[i].expires < slots[slot].expires) {
            slot = i;               /* the oldest goes */
        }
    }
    if (slots[slot].pool) {
        apr_pool_destroy(slots[slot].pool);
    }
    if (apr_pool_create(&p, cache_pool) == APR_SUCCESS) {
        slots[slot].pool = p;
        slots[slot].key = apr_pstrdup(p, key);
        slots[slot].body = apr_pmemdup(p, body, len);
        slots[slot].len = len;
        slots[slot].expires = req->r->request_time
                              + apr_time_from_sec(req->conf->page_cache);
    }
    else {
        memset(&slots[slot], 0, sizeof(slots[slot]));
    }
    apr_thread_mutex_unlock(cache_lock);
}
