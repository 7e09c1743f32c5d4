/*
 * kc_store_sindex.h -- the child's in-memory search index as the store
 * holds it (core/kc_sindex.h): the one published last, taken by each
 * search, replaced by the child's watchdog (jobs/kc_sindex_sync.c), which
 * also reads the records into it with the statements of kc_sql_search.h.
 */
#ifndef KC_STORE_SINDEX_H
#define KC_STORE_SINDEX_H

#include "kc_store.h"
#include "../core/kc_sindex.h"

typedef struct kc_sindex_ref_t kc_sindex_ref_t;

/* The mutexes and the copies of built queries (post_config, the real
 * pass, when KlasCementSearchIndex is on). */
apr_status_t kc_store_sindex_post_config(apr_pool_t *pconf);

/* The child's index as it is now and the snapshot it shows, held until
 * kc_store_sindex_release; NULL when there is none (yet, or at all). */
kc_sindex_ref_t *kc_store_sindex_acquire(const kc_sindex_t **ix,
                                         const char **snapshot);
void kc_store_sindex_release(kc_sindex_ref_t *ref);
/* ix (as of snapshot) is the child's index from now on; NULL: none, the
 * database answers every search. */
void kc_store_sindex_publish(kc_sindex_t *ix, const char *snapshot);
/* Whether a search found the index behind since the last call. */
int kc_store_sindex_poked(void);

#endif
