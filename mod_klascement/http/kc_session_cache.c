/*
 * kc_session_cache.c -- a second of memory for session look-ups
 * (KlasCementSessionCache), so that a member's page costs the database one
 * statement instead of two.
 *
 * Each httpd child keeps, per session cookie, what the session statement
 * answered, for at most KlasCementSessionCache seconds, and only for GET and
 * HEAD requests: every POST (a form, a logout, a password change) asks the
 * database. A copy is also retired the moment anything could have ended
 * or changed a session: it carries the sessions' generation (shared
 * memory, kc_microcache.c) of the moment before its look-up began, and is
 * used only while that generation is current. Every successful POST
 * through the site moves it on this node (kc_router.c: logout, password
 * change, ban, account deletion, a message); on the other nodes the
 * page-change listener moves it when PostgreSQL notifies kc_sessions,
 * which deleting sessions and changing a member's role, ban, names or
 * language do (sql/functions/jobs.sql), or kc_pages. A look-up that overlapped such a
 * move keeps its answer under the old generation, so it is never reused.
 *
 * The table is direct-mapped by a hash of the cookie: a flood of cookies
 * can only push copies out, never grow memory. The cookie itself is
 * compared in full.
 */
#include "kc_http.h"
#include "kc_session.h"

#include <apr_thread_mutex.h>

#define KC_SC_SLOTS 1024

typedef struct {
    char token[48];            /* the cookie; "" when the slot is free */
    apr_uint32_t generation;
    apr_time_t expires;
    kc_session_t s;            /* strings point into `strings` */
    char *strings;             /* malloc'ed */
} kc_sc_slot_t;

static kc_sc_slot_t *slots;
static apr_thread_mutex_t *lock;
static apr_interval_time_t ttl;

static apr_status_t cache_cleanup(void *data)
{
    int i;

    for (i = 0; slots && i < KC_SC_SLOTS; i++) {
        free(slots[i].strings);
    }
    free(slots);
    slots = NULL;
    return APR_SUCCESS;
}

void kc_session_cache_child_init(apr_pool_t *p, server_rec *s)
{
    int seconds = 0;
    server_rec *v;

    slots = NULL;
    lock = NULL;
    for (v = s; v; v = v->next) {
        int n = kc_config_session_cache(kc_srv_conf(v));
        seconds = n > seconds ? n : seconds;
    }
    if (seconds <= 0) {
        return;
    }
    ttl = apr_time_from_sec(seconds);
    if (apr_thread_mutex_create(&lock, APR_THREAD_MUTEX_DEFAULT, p)
        != APR_SUCCESS) {
        lock = NULL;
        return;                    /* no cache then; never a failure */
    }
    slots = calloc(KC_SC_SLOTS, sizeof(*slots));
    if (slots) {
        apr_pool_cleanup_register(p, NULL, cache_cleanup,
                                  apr_pool_cleanup_null);
    }
}

/* Whether this request may be answered from the cache at all. */
static int usable(request_rec *r)
{
    return slots && lock && (r->method_number == M_GET || r->header_only)
           && kc_config_session_cache(kc_srv_conf(r->server)) > 0;
}

static kc_sc_slot_t *slot_of(const char *token)
{
    apr_uint32_t h = 2166136261u;

    for (; *token; token++) {
        h = (h ^ (unsigned char)*token) * 16777619u;
    }
    h ^= h >> 15;
    return &slots[h % KC_SC_SLOTS];
}

apr_uint32_t kc_session_cache_mark(void)
{
    return kc_microcache_session_generation();
}

/* Copy `from` into the pool or into one malloc'ed block: the strings of a
 * session, in the order of this list. */
#define KC_SC_STRINGS(X) X(user) X(role) X(first_name) X(name) X(lang)    \
                         X(country) X(csrf)

kc_session_t *kc_session_cache_get(request_rec *r, const char *token)
{
    kc_session_t *out = NULL;
    kc_sc_slot_t *slot;

    if (!usable(r) || strlen(token) >= sizeof(slot->token)) {
        return NULL;
    }
    slot = slot_of(token);
    apr_thread_mutex_lock(lock);
    if (slot->token[0] && strcmp(slot->token, token) == 0
        && slot->generation == kc_microcache_session_generation()
        && apr_time_now() < slot->expires) {
        out = apr_pmemdup(r->pool, &slot->s, sizeof(*out));
#define KC_SC_DUP(f) out->f = apr_pstrdup(r->pool, slot->s.f);
        KC_SC_STRINGS(KC_SC_DUP)
#undef KC_SC_DUP
    }
    apr_thread_mutex_unlock(lock);
    return out;
}

void kc_session_cache_put(request_rec *r, const char *token,
                          const kc_session_t *s, apr_uint32_t mark)
{
    kc_sc_slot_t *slot;
    apr_size_t len = 0;
    char *block, *at;

    if (!usable(r) || strlen(token) >= sizeof(slot->token)
        || mark != kc_microcache_session_generation()) {
        return;
    }
#define KC_SC_LEN(f) len += strlen(s->f ? s->f : "") + 1;
    KC_SC_STRINGS(KC_SC_LEN)
#undef KC_SC_LEN
    if (!(block = malloc(len))) {
        return;
    }
    slot = slot_of(token);
    apr_thread_mutex_lock(lock);
    free(slot->strings);
    slot->strings = block;
    slot->s = *s;
    slot->s.token = NULL;
    at = block;
#define KC_SC_COPY(f)                                                       \
    { apr_size_t n = strlen(s->f ? s->f : "") + 1;                          \
      memcpy(at, s->f ? s->f : "", n); slot->s.f = at; at += n; }
    KC_SC_STRINGS(KC_SC_COPY)
#undef KC_SC_COPY
    apr_cpystrn(slot->token, token, sizeof(slot->token));
    slot->generation = mark;
    slot->expires = apr_time_now() + ttl;
    apr_thread_mutex_unlock(lock);
}
