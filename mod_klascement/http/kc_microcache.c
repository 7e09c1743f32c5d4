/*
 * kc_microcache.c -- a few seconds of memory for anonymous pages that every
 * visitor sees alike (the home page, search result pages).
 *
 * Each httpd child keeps its own copies, so nothing depends on them being
 * there: a miss simply renders the page. KlasCementPageCache sets how many
 * seconds a copy may be shown (0, the default, keeps nothing),
 * KlasCementPageCacheEntries how many copies a child keeps at most (read
 * from the main server at child start).
 *
 * The copies sit in a set-associative table: a key's hash picks a set of
 * KC_MC_WAYS slots, a new copy replaces the oldest copy of its set. So a
 * flood of distinct addresses (a crawler, an attacker) can only push other
 * copies out, never grow memory beyond entries x KC_MC_MAX_BODY. Bodies
 * are malloc'ed: they outlive requests and are replaced one by one, which
 * a pool cannot do without growing; one mutex guards the table.
 *
 * What members do through the site shows at once: every successful POST
 * (a contribution approved, a record taken down, a rating; not the
 * routes marked KC_ROUTE_PRIVATE, such as logging in) moves a generation
 * counter in shared memory, which retires every copy made before, in
 * every child. A request notes the generation before it reads the
 * database, so a page rendered across a move is kept under the old one.
 * Only data changed behind the site's back (psql, a batch job) waits for
 * the cache time.
 *
 * When a copy expires or is retired, one request renders its successor
 * while the others are still served the old copy (for at most another
 * KlasCementPageCache seconds; they are answered as if they had asked a
 * moment earlier): without that, every visitor asking a popular page in
 * the moment it goes out of date would run the same searches at once. A
 * request that comes after the successor is kept gets the successor. And a
 * copy lives between 3/4 and all of KlasCementPageCache, so that pages
 * first asked together (after a restart) do not all expire together.
 */
#include "kc_http.h"
#include "kc_session.h"

#include <apr_atomic.h>
#include <apr_shm.h>
#include <apr_thread_mutex.h>

#define KC_MC_WAYS      8
#define KC_MC_MAX_BODY  (512 * 1024)      /* larger pages are not kept */

typedef struct {
    char *key;                 /* malloc'ed, NULL when the slot is free */
    char *body;                /* malloc'ed */
    apr_size_t len;
    apr_time_t expires;
    apr_time_t renewing;       /* until then one request renders a successor */
    apr_uint32_t generation;   /* of the site when the page was read */
    apr_int64_t note;          /* req->cache_note of the request that kept it */
} kc_cache_slot_t;



static apr_thread_mutex_t *cache_lock;
static kc_cache_slot_t *slots;
static unsigned int nsets;

static void slot_clear(kc_cache_slot_t *slot)
{
    free(slot->key);
    free(slot->body);
    memset(slot, 0, sizeof(*slot));
}

static apr_status_t cache_cleanup(void *data)
{
    unsigned int i;

    for (i = 0; slots && i < nsets * KC_MC_WAYS; i++) {
        slot_clear(&slots[i]);
    }
    free(slots);
    slots = NULL;
    nsets = 0;
    return APR_SUCCESS;
}


void kc_microcache_child_init(apr_pool_t *p, server_rec *s)
{
    const kc_srv_conf_t *conf = kc_srv_conf(s);
    int entries = conf->page_cache_entries == KC_UNSET
                  ? KC_DEFAULT_PAGE_CACHE_ENTRIES : conf->page_cache_entries;
    server_rec *v;
    int wanted = 0;

    /* Nothing to keep unless some server keeps pages. */
    for (v = s; v; v = v->next) {
        wanted |= kc_srv_conf(v)->page_cache > 0;
    }
    cache_lock = NULL;
    if (!wanted || entries <= 0) {
        return;
    }
    nsets = (unsigned int)(entries + KC_MC_WAYS - 1) / KC_MC_WAYS;
    slots = calloc((apr_size_t)nsets * KC_MC_WAYS, sizeof(*slots));
    if (!slots) {
        nsets = 0;
        return;                     /* no cache then; never a failure */
    }
    apr_pool_cleanup_register(p, NULL, cache_cleanup, apr_pool_cleanup_null);
    if (apr_thread_mutex_create(&cache_lock, APR_THREAD_MUTEX_DEFAULT, p)
        != APR_SUCCESS) {
        cache_lock = NULL;
    }
}

/* FNV-1a with a final mix: addresses that differ in one character land
 * in unrelated sets (apr_hashfunc_default leaves the low bits, which pick
 * the set, poorly mixed). */
static apr_uint32_t key_hash(const char *key)
{
    apr_uint32_t h = 2166136261u;

    for (; *key; key++) {
        h = (h ^ (unsigned char)*key) * 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/* The set of a key whose key_hash() is `h`. */
static kc_cache_slot_t *cache_set(apr_uint32_t h)
{
    return &slots[(h % nsets) * KC_MC_WAYS];
}

/* Copies of different virtual hosts never meet. */
static const char *full_key(kc_req_t *req, const char *key)
{
    return apr_psprintf(req->r->pool, "%pp|%s", (void *)req->r->server, key);
}

/* Serve `key` if a fresh copy is kept: OK when sent, DECLINED otherwise. */
int kc_microcache_serve(kc_req_t *req, const char *key)
{
    request_rec *r = req->r;
    kc_cache_slot_t *set;
    char *body = NULL;
    apr_size_t len = 0;
    apr_interval_time_t life;
    int i;

    if (!cache_lock || req->conf->page_cache <= 0) {
        return DECLINED;
    }
    /* Noted before anything is read: a copy of this page is kept under
     * the generation it was read in. */
    req->cache_generation = kc_microcache_page_generation();
    life = apr_time_from_sec(req->conf->page_cache);
    key = full_key(req, key);
    set = cache_set(key_hash(key));
    apr_thread_mutex_lock(cache_lock);
    for (i = 0; i < KC_MC_WAYS; i++) {
        kc_cache_slot_t *slot = &set[i];
        apr_time_t now = r->request_time;
        int fresh, usable;

        if (!slot->key || strcmp(slot->key, key) != 0) {
            continue;
        }
        /* Out of date: expired, or something changed through the site
         * since it was read. */
        fresh = slot->expires > now
                && slot->generation == req->cache_generation;
        /* Out of date lately: still shown while another request renders
         * the successor (as if asked a moment earlier); this request
         * renders it if nobody does. */
        usable = fresh || (slot->expires + life > now
                           && slot->renewing > now);
        if (!usable) {
            slot->renewing = now + life;
        }
        if (usable) {
            /* Copied into the request before the lock is let go. */
            len = slot->len;
            body = apr_pmemdup(r->pool, slot->body, len);
            req->cache_note = slot->note;
        }
        break;
    }
    apr_thread_mutex_unlock(cache_lock);
    if (!body) {
        return DECLINED;
    }
    ap_set_content_type(r, "text/html; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)len);
    apr_table_setn(r->headers_out, "Content-Language", req->lang);
    apr_table_mergen(r->headers_out, "Vary", "Accept-Language, Cookie");
    apr_table_setn(r->headers_out, "Cache-Control", "public, max-age=60");
    if (!r->header_only) {
        ap_rwrite(body, (int)len, r);
    }
    return OK;
}

int kc_microcache_visitor(kc_req_t *req, const char *page)
{
    request_rec *r = req->r;

    if (kc_session_cookie_sent(r)) {
        return DECLINED;
    }
    req->cache_key = apr_pstrcat(r->pool, page, ":", req->lang, ":",
                                 req->labels, "?", r->args ? r->args : "",
                                 NULL);
    return kc_microcache_serve(req, req->cache_key);
}

void kc_microcache_store(kc_req_t *req, const char *key, const char *body,
                         apr_size_t len)
{
    kc_cache_slot_t *set, *slot, old;
    char *kcopy, *bcopy;
    apr_interval_time_t life, spread;
    apr_uint32_t h;
    int i;

    if (!cache_lock || req->conf->page_cache <= 0 || len > KC_MC_MAX_BODY) {
        return;
    }
    key = full_key(req, key);
    h = key_hash(key);
    /* Copied before the lock is taken: the lock only swaps pointers. */
    kcopy = strdup(key);
    bcopy = malloc(len ? len : 1);
    if (!kcopy || !bcopy) {
        free(kcopy);
        free(bcopy);
        return;
    }
    memcpy(bcopy, body, len);
    /* The life of this copy: a quarter of it taken off by a number that
     * differs from page to page and from moment to moment. */
    life = apr_time_from_sec(req->conf->page_cache);
    spread = life / 4;
    if (spread > 0) {
        life -= (apr_interval_time_t)((h ^ (apr_uint32_t)apr_time_now())
                                      % (apr_uint64_t)spread);
    }
    set = cache_set(h);
    apr_thread_mutex_lock(cache_lock);
    slot = &set[0];
    for (i = 0; i < KC_MC_WAYS; i++) {
        if (!set[i].key || strcmp(set[i].key, key) == 0) {
            slot = &set[i];
            break;
        }
        if (set[i].expires < slot->expires) {
            slot = &set[i];         /* the oldest goes */
        }
    }
    old = *slot;
    slot->key = kcopy;
    slot->body = bcopy;
    slot->len = len;
    slot->expires = req->r->request_time + life;
    slot->generation = req->cache_generation;
    slot->note = req->cache_note;
    slot->renewing = 0;
    apr_thread_mutex_unlock(cache_lock);
    slot_clear(&old);
}
