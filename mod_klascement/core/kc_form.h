/*
 * kc_form.h -- request bodies: urlencoded forms and streaming multipart
 * (APR only, no httpd headers; unit-tested in t/unit/test_form.c).
 */
#ifndef KC_FORM_H
#define KC_FORM_H

#include <errno.h>

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_errno.h>

/* APR has no name for E2BIG; on Unix an APR status for an OS error is the
 * errno value itself (as with APR_EINVAL), so this is what apr_strerror
 * and APR_STATUS_IS_* expect. Guarded should APR ever define it. */
#ifndef APR_E2BIG
#define APR_E2BIG E2BIG
#endif

/* ---- application/x-www-form-urlencoded ---------------------------------
 * Parse body[0..len) into `out` (a table; repeated names are all kept, in
 * order, so checkbox lists work: use apr_table_do or kc_form_values).
 * '+' is a space, %XX decoded; a malformed escape (%G1, % at the end), a
 * decoded NUL byte, or invalid UTF-8 in a name or value -> APR_EINVAL with
 * *bad_field set to the (decoded, if possible) name of the offending field.
 * More than max_fields fields -> APR_E2BIG. Empty names are skipped. */
apr_status_t kc_form_parse_urlencoded(apr_table_t **out, apr_pool_t *p,
                                      const char *body, apr_size_t len,
                                      int max_fields, const char **bad_field);

/* All values of `name` in table order (an array of const char *). Names
 * are compared exactly: HTML field names are case-sensitive, whereas
 * apr_table_get() ignores case. */
apr_array_header_t *kc_form_values(apr_pool_t *p, const apr_table_t *form,
                                   const char *name);

/* The name of the first field whose value holds a C0 control character
 * other than tab, LF and CR (U+0001..U+001F; NUL never gets this far), or
 * NULL when there is none. */
const char *kc_form_control_field(const apr_table_t *form);

/* 1 if s is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int kc_utf8_valid(const char *s, apr_size_t len);

/* ---- multipart/form-data, streaming -------------------------------------
 * Feed the body in chunks of any size; text fields are collected into a
 * table (each bounded by max_field bytes), file parts are handed to the
 * callbacks chunk by chunk so a large upload is never held in memory. */
typedef struct kc_multipart_t kc_multipart_t;

typedef struct {
    /* A file part starts. field = form field name, filename = the client's
     * file name (path components removed: "C:\\x\\a.pdf" -> "a.pdf"),
     * content_type as declared by the client (may be NULL). Return
     * APR_SUCCESS to accept, anything else aborts the parse with that
     * status. *part_ctx is passed to the calls below for this part. */
    apr_status_t (*file_begin)(void *ctx, const char *field,
                               const char *filename, const char *content_type,
                               void **part_ctx);
    apr_status_t (*file_data)(void *ctx, void *part_ctx, const char *data,
                              apr_size_t len);
    apr_status_t (*file_end)(void *ctx, void *part_ctx);
    void *ctx;
    /* Optional (may be NULL). Called instead of file_end for a part whose
     * file_begin succeeded when the parse stops before the part is complete:
     * a malformed body, a limit, a failing callback, or kc_multipart_finish
     * without the closing boundary. It must undo what file_begin did (e.g.
     * close and remove a temporary file); its status is ignored. Once
     * file_end has been called for a part, file_abort never is, whatever
     * file_end returned. Without file_abort, the caller has to clean up on
     * its own after a failed feed or finish. */
    apr_status_t (*file_abort)(void *ctx, void *part_ctx);
    /* Optional (may be NULL). A text field is complete (value is its
     * whole, checked UTF-8 text); anything but APR_SUCCESS aborts the
     * parse with that status, before any later part is looked at. Lets the
     * caller judge a field that must come first (a CSRF token) before a
     * file part is spooled anywhere. */
    apr_status_t (*field_end)(void *ctx, const char *field, const char *value);
} kc_multipart_cb_t;

/* boundary: from the Content-Type header (kc_multipart_boundary). */
apr_status_t kc_multipart_create(kc_multipart_t **out, apr_pool_t *p,
                                 const char *boundary,
                                 const kc_multipart_cb_t *cb,
                                 apr_size_t max_field, int max_parts);
/* APR_SUCCESS, APR_EINVAL (malformed; kc_multipart_error tells why),
 * APR_E2BIG (a text field over max_field or too many parts), or a status
 * returned by a callback. After an error, further feeds return it again. */
apr_status_t kc_multipart_feed(kc_multipart_t *mp, const char *data,
                               apr_size_t len);
/* End of body: APR_SUCCESS only if the closing boundary was seen.
 * Call it also when reading the body fails (client gone, timeout): it then
 * returns APR_EINVAL and aborts an unfinished file part (file_abort). */
apr_status_t kc_multipart_finish(kc_multipart_t *mp);
/* Text fields collected so far (name -> value; repeated names kept). */
apr_table_t *kc_multipart_fields(const kc_multipart_t *mp);
const char *kc_multipart_error(const kc_multipart_t *mp);

/* ---- header values with parameters (RFC 7231 style), ASCII only -------
 * Used by the multipart parser for Content-Type and Content-Disposition. */

/* 1 if s[0..n) equals lit, ignoring ASCII case; lit must be lower case. */
int kc_hdr_ieq(const char *s, apr_size_t n, const char *lit);
/* If the header value starts with the type lit ("form-data",
 * "multipart/form-data"; case ignored), the rest of the value (its
 * parameters), else NULL. */
const char *kc_hdr_type_is(const char *value, const char *lit);
/* The next `; name=value` at *s; value is a quoted-string (only \" and
 * \\ are escapes there) or runs to ';' or white space, and is copied into p.
 * APR_SUCCESS with *value NULL at the end, APR_EINVAL if malformed; *name
 * and *name_len point into the header value. */
apr_status_t kc_hdr_param(apr_pool_t *p, const char **s, const char **name,
                          apr_size_t *name_len, const char **value);

/* The boundary parameter of a multipart/form-data Content-Type header,
 * unquoted; NULL if the header is not multipart/form-data or the boundary is
 * missing, longer than 70 chars, or has characters RFC 2046 forbids. */
const char *kc_multipart_boundary(apr_pool_t *p, const char *content_type);

#endif
