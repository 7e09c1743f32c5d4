/*
 * kc_body.h -- reading request bodies: urlencoded forms, and multipart
 * forms whose files are streamed to disk and stored by SHA-256.
 */
#ifndef KC_BODY_H
#define KC_BODY_H

#include "kc_http.h"

/* Read an application/x-www-form-urlencoded body, at most KlasCementMaxForm
 * bytes. Returns OK with *form, or an HTTP status: 413 (too big), 415 (not
 * urlencoded), 400 (malformed, or a value with a C0 control character other
 * than tab, CR, LF; *bad_field names the field when known). */
int kc_body_form(kc_req_t *req, apr_table_t **form, const char **bad_field);

typedef struct kc_upload_t {
    const char *field;         /* form field name */
    const char *filename;      /* the client's name, path removed */
    const char *type;          /* media type sniffed from the bytes, or NULL */
    apr_off_t size;
    char sha256[65];
    const char *temp_path;     /* removed with the request unless stored */
} kc_upload_t;

/* Read a multipart/form-data body: text fields into *fields, files (each at
 * most max_file bytes, the whole body at most KlasCementMaxUpload plus the
 * form limit) into temporary files under KlasCementUploadDir/tmp. The first
 * text field must be "csrf" with a valid token, before any file part: else
 * 403 (*bad_field = "csrf") as soon as that is known, nothing written.
 * Returns OK, or 403, 413 (*bad_field = the file field that was too big),
 * 415, 400 (*bad_field = a text field with a C0 control character other
 * than tab, CR, LF, when that is why), or 500/503 when the upload directory
 * is unusable. */
int kc_body_multipart(kc_req_t *req, apr_off_t max_file, apr_table_t **fields,
                      apr_array_header_t **files, const char **bad_field);

/* The upload of `field`, or NULL. */
kc_upload_t *kc_upload_get(apr_array_header_t *files, const char *field);

/* Move an upload to its place, KlasCementUploadDir/ab/cd/<sha256>; the same
 * bytes uploaded twice are stored once. */
apr_status_t kc_upload_store(kc_req_t *req, kc_upload_t *up);

/* Where httpd serves stored files to internal redirects only. */
#define KC_FILES_URI "/_kc_files/"
#define KC_FILE_TYPE_NOTE "kc-file-type"

/* Answer with a stored file: an internal redirect to KC_FILES_URI, so
 * httpd sends it itself (not copied through the module). */
int kc_upload_send(kc_req_t *req, const char *sha256, const char *type,
                   const char *download_name);
/* fixups hook: the real media type on the redirected request. */
int kc_upload_fixups(request_rec *r);

#endif
