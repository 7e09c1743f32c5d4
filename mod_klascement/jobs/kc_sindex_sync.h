/*
 * kc_sindex_sync.h -- each child's in-memory search index
 * (KlasCementSearchIndex, core/kc_sindex.h): built and kept up to date by
 * a mod_watchdog callback of every child; the store holds it for the
 * request threads (store/kc_store_sindex.h).
 */
#ifndef KC_SINDEX_SYNC_H
#define KC_SINDEX_SYNC_H

#include "../kc_private.h"

/* Register the callback (post_config, the real pass). */
apr_status_t kc_search_index_post_config(apr_pool_t *pconf, server_rec *s);

#endif
