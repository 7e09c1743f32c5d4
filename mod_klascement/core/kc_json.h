/*
 * kc_json.h -- a small streaming JSON writer (APR only, no httpd headers).
 *
 * Values are written in document order; the writer inserts the commas and
 * colons and tracks nesting, so a caller cannot produce malformed JSON
 * without kc_json_finish() saying so.
 *
 *   kc_json_t *j = kc_json_make(p);
 *   kc_json_obj_begin(j);
 *   kc_json_kv_str(j, "title", title);
 *   kc_json_key(j, "tags");
 *   kc_json_arr_begin(j); kc_json_str(j, "a"); kc_json_arr_end(j);
 *   kc_json_obj_end(j);
 *   if (kc_json_finish(j, &out, &len) != APR_SUCCESS) ... a bug in the caller
 *
 * Strings are escaped so that the output is also safe inside an HTML
 * <script> element: besides " \ and control characters, < > & become
 * \u003c \u003e \u0026 and U+2028/U+2029 become \u2028/\u2029 (raw, they
 * end a line in older JavaScript parsers). Bytes that are not well-formed
 * UTF-8 are replaced by U+FFFD, one per maximal ill-formed subpart (the
 * Unicode "best practice"), so the output is always valid UTF-8.
 */
#ifndef KC_JSON_H
#define KC_JSON_H

#include <apr_pools.h>
#include <apr_errno.h>

typedef struct kc_json_t kc_json_t;

kc_json_t *kc_json_make(apr_pool_t *p);

/* Structure. A misplaced call (a value where a key is due, an end that does
 * not match its begin, a second top-level value) writes nothing and makes
 * kc_json_finish() fail. */
void kc_json_obj_begin(kc_json_t *j);
void kc_json_obj_end(kc_json_t *j);
void kc_json_arr_begin(kc_json_t *j);
void kc_json_arr_end(kc_json_t *j);
/* Inside an object, before each value. NULL is a misuse. */
void kc_json_key(kc_json_t *j, const char *key);

/* Values. */
void kc_json_str(kc_json_t *j, const char *s);          /* NULL -> null */
void kc_json_int(kc_json_t *j, long long v);
/* A decimal text such as "4.2", "-0.5" or "1e5" written as a JSON number,
 * e.g. a NUMERIC column from the database. Anything that is not a JSON
 * number (NULL, "", "abc", "+1", "01", ".5", "NaN") -> null. */
void kc_json_num(kc_json_t *j, const char *decimal);
void kc_json_bool(kc_json_t *j, int v);
void kc_json_null(kc_json_t *j);

/* key + value in one call. */
void kc_json_kv_str(kc_json_t *j, const char *key, const char *s);
void kc_json_kv_int(kc_json_t *j, const char *key, long long v);
void kc_json_kv_num(kc_json_t *j, const char *key, const char *decimal);
void kc_json_kv_bool(kc_json_t *j, const char *key, int v);
void kc_json_kv_null(kc_json_t *j, const char *key);

/* The document, NUL-terminated (len excludes the NUL; len may be NULL).
 * APR_EINVAL when nesting is unbalanced, a key/value call was out of
 * sequence, or no value was written at all; APR_ENOMEM when the buffer
 * could not grow. On failure *out = NULL. Calling it again without a
 * write in between gives the same answer; any write after it is a misuse. */
apr_status_t kc_json_finish(kc_json_t *j, const char **out, apr_size_t *len);

/* ---- shared helpers ---------------------------------------------------- */

/* s as a complete JSON string literal, quotes included, escaped as above;
 * NULL -> "null" (unquoted). NUL-terminated; *outlen (if not NULL) gets
 * its length. Used by the template tag {{j:name}}. */
const char *kc_json_quote(apr_pool_t *p, const char *s, apr_size_t *outlen);
/* 1 if s is a JSON number (RFC 8259 section 6), else 0. */
int kc_json_is_number(const char *s);

#endif
