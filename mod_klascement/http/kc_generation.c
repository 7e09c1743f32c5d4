/*
 * kc_generation.c -- the generation counters in shared memory that retire
 * cached copies in every child at once: [0] the pages' (kc_microcache.c),
 * [1] the sessions' (kc_session_cache.c), which every page bump moves too.
 */
#include "kc_http.h"

#include <apr_atomic.h>
#include <apr_shm.h>

static volatile apr_uint32_t *generation;

apr_status_t kc_microcache_post_config(apr_pool_t *pconf, server_rec *s)
{
    apr_shm_t *shm;
    apr_status_t rv = apr_shm_create(&shm, 2 * sizeof(apr_uint32_t), NULL,
                                     pconf);

    generation = NULL;
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0008)
                     "no shared memory for the page cache's generation");
        return rv;
    }
    generation = apr_shm_baseaddr_get(shm);
    apr_atomic_set32(&generation[0], 0);
    apr_atomic_set32(&generation[1], 0);
    return APR_SUCCESS;
}

apr_uint32_t kc_microcache_page_generation(void)
{
    return generation ? apr_atomic_read32(generation) : 0;
}

void kc_microcache_bump(void)
{
    if (generation) {
        apr_atomic_inc32(&generation[0]);
        apr_atomic_inc32(&generation[1]);
    }
}

void kc_microcache_bump_sessions(void)
{
    if (generation) {
        apr_atomic_inc32(&generation[1]);
    }
}

apr_uint32_t kc_microcache_session_generation(void)
{
    return generation ? apr_atomic_read32(&generation[1]) : 0;
}
