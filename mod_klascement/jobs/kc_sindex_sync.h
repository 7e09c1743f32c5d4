/*
 * kc_sindex_sync.h -- each child's in-memory search index
 * (KlasCementSearchIndex, core/kc_sindex.h): built and kept up to date by
 * a mod_watchdog callback of every child, read by the request threads.
 */
#ifndef KC_SINDEX_SYNC_H
#define KC_SINDEX_SYNC_H

#include "../kc_private.h"
#include "../core/kc_sindex.h"

typedef struct kc_sindex_ref_t kc_sindex_ref_t;

/* The child's index as it is now, and the snapshot it shows (for
 * kc_search_index_stale), held until kc_search_index_release; NULL
 * when there is none yet (or the directive is off). */
kc_sindex_ref_t *kc_search_index_acquire(const kc_sindex_t **ix,
                                         const char **snapshot);
void kc_search_index_release(kc_sindex_ref_t *ref);
/* A search found the index behind: catch up at the next tick. */
void kc_search_index_poke(void);

/* Register the callback (post_config, the real pass). */
apr_status_t kc_search_index_post_config(apr_pool_t *pconf, server_rec *s);

#endif
