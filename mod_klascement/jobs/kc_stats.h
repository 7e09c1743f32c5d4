/*
 * kc_stats.h -- the analytics counters: searches, record pages and profile
 * pages per day, never who (shown on /admin/analytics).
 *
 * Counting is on the hot paths (the search, a record's page), so it costs
 * no database round trip: each httpd child adds to a hash in its own
 * memory under a mutex, and writes the whole hash in one statement
 * (kc_stats_flush, sql/functions/analytics.sql) at most
 * KlasCementStatsFlush seconds later, sooner when the hash grows large,
 * and when the child stops (graceful restart included). The writing is
 * done by a mod_watchdog callback that runs in every child (not the job
 * runner's singleton); without mod_watchdog, by the request that finds the
 * counters due, after its answer is complete. A failed write keeps the
 * counts for the next one; a count is written once.
 */
#ifndef KC_STATS_H
#define KC_STATS_H

#include "../kc_private.h"
#include "../store/kc_store_records.h"

/* A search shown: page 1 of a query or filters (page > 1 and the bare
 * newest-first list are not searches). `total` is what it found; < 0:
 * the search failed (not counted). */
void kc_stats_search(request_rec *r, const kc_search_t *s, apr_int64_t page,
                     apr_int64_t total);
/* A record's details shown. */
void kc_stats_record(request_rec *r, apr_int64_t record_id);
/* A member's profile page shown. */
void kc_stats_profile(request_rec *r, apr_int64_t member_id);

/* post_config (the real pass): the per-child watchdog. */
apr_status_t kc_stats_post_config(apr_pool_t *pconf, server_rec *s);
/* child_init: the counters, and their last write when the child stops. */
void kc_stats_child_init(apr_pool_t *pchild, server_rec *s);

#endif
