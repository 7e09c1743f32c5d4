/*
 * kc_escape.h -- escaping for HTML and URLs (APR only).
 */
#ifndef KC_ESCAPE_H
#define KC_ESCAPE_H

#include <apr_pools.h>

/* & < > " ' -> &amp; &lt; &gt; &quot; &#39;  UTF-8 passes through unchanged.
 * Returns s itself when nothing needs escaping. NULL -> "". */
const char *kc_html_escape(apr_pool_t *p, const char *s);
/* Percent-encode everything but RFC 3986 unreserved chars (A-Z a-z 0-9 - . _ ~). */
const char *kc_url_encode(apr_pool_t *p, const char *s);
/* The same, but '/' is kept (a local path as a query value: ?next=/a/b). */
const char *kc_url_encode_path(apr_pool_t *p, const char *s);
/* 1 if s is a safe local redirect target: starts with a single '/', not "//"
 * or "/\\", no control characters, no scheme. */
int kc_is_local_path(const char *s);

#endif
