/*
 * kc_normalise.h -- the comparison form of a text, for spotting repeated
 * spam, and a link counter (APR + pcre2, no httpd headers; unit-tested in
 * t/unit/test_normalise.c).
 */
#ifndef KC_NORMALISE_H
#define KC_NORMALISE_H

#include <apr_pools.h>
#include <apr_errno.h>

/* Compile the patterns once, at server start-up (before any thread uses
 * them; afterwards they are only read, and every call makes its own match
 * data, so the functions below are thread-safe). The patterns live until
 * pconf is cleared or destroyed; calling this again while they live does
 * nothing and returns APR_SUCCESS, and after pconf is cleared (httpd does
 * that between its two start-up passes) it compiles them anew.
 * APR_EINVAL if pconf is NULL, APR_EGENERAL if pcre2 refuses a pattern. */
apr_status_t kc_normalise_init(apr_pool_t *pconf);

/* The spam-comparison form of a UTF-8 text:
 *  - invalid UTF-8 bytes are dropped;
 *  - Latin letters lose their accents and are lowercased, multi-letter
 *    ones spelled out (É -> e, ç -> c, ß -> ss, æ -> ae, ĳ -> ij), as are
 *    full-width ASCII letters and digits; Greek and Cyrillic are
 *    lowercased; combining accents (U+0300..U+036F and kin) are dropped;
 *  - everything that is not a letter or digit (\p{L} \p{N}) becomes a
 *    space; spaces are collapsed to one and trimmed;
 *  - a run of 3 or more identical characters is cut to 2 ("heeeel" ->
 *    "heel"; digits too: "1000" -> "100").
 * NULL or "" -> "". Returns NULL only if kc_normalise_init() has not run
 * (or its pool is gone) or pcre2 could not allocate match data. */
const char *kc_normalise(apr_pool_t *p, const char *text);

/* Lowercase SHA-256 hex (64 characters) of kc_normalise(text), so that
 * equal comparison forms give equal hashes. NULL when kc_normalise does. */
const char *kc_normalise_hash(apr_pool_t *p, const char *text);

/* Number of links in text: http:// and https:// URLs, and bare
 * www.name.tld, case-insensitive; a "www." inside a URL is not counted
 * again. An e-mail address is not a link. NULL -> 0; -1 only if
 * kc_normalise_init() has not run or match data could not be allocated. */
int kc_count_links(const char *text);

#endif
