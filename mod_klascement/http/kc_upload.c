/*
 * kc_upload.c -- multipart bodies streamed to disk, files stored by
 * SHA-256, stored files sent back with sendfile.
 *
 * A file never sits in memory: each chunk read from the client goes through
 * the multipart parser straight into a temporary file under
 * KlasCementUploadDir/tmp while its SHA-256 is computed. A pool cleanup
 * removes the temporary file unless kc_upload_store() moved it into place,
 * so a refused or failed upload leaves nothing behind.
 *
 * The CSRF token is the first field of every upload form and is judged as
 * soon as its part is complete: a forged request is refused before one
 * byte of it reaches the disk, however large the file it carries.
 */
#include "kc_body.h"
#include "kc_session.h"
#include "../core/kc_form.h"
#include "../core/kc_sha256.h"
#include "../core/kc_sniff.h"
#include "../core/kc_escape.h"

#include <apr_file_io.h>
#include <apr_buckets.h>
#include <util_filter.h>

#define KC_MAX_PARTS     200
#define KC_READ_CHUNK    65536

typedef struct {
    kc_upload_t up;
    apr_file_t *file;
    kc_sha256_t sha;
    unsigned char head[KC_SNIFF_LEN];
    apr_size_t head_len;
} kc_part_t;

typedef struct {
    kc_req_t *req;
    apr_off_t max_file;
    apr_array_header_t *files;      /* kc_upload_t * */
    const char *too_big;            /* field of a file over max_file */
    apr_status_t io_error;
    int csrf_ok;                    /* the first text field was a valid token */
    int csrf_refused;
} kc_mp_state_t;

/* The first text field must be a valid "csrf"; a file part before it is
 * refused in on_begin. */
static apr_status_t on_field(void *ctx, const char *field, const char *value)
{
    kc_mp_state_t *st = ctx;

    if (st->csrf_ok) {
        return APR_SUCCESS;
    }
    if (strcmp(field, "csrf") == 0 && kc_csrf_valid(st->req, value)) {
        st->csrf_ok = 1;
        return APR_SUCCESS;
    }
    st->csrf_refused = 1;
    return APR_EACCES;
}

static apr_status_t remove_temp(void *data)
{
    kc_upload_t *up = data;
    if (up->temp_path) {
        apr_file_remove(up->temp_path, NULL);
        up->temp_path = NULL;
    }
    return APR_SUCCESS;
}

static const char *tmp_dir(kc_req_t *req)
{
    return apr_pstrcat(req->r->pool, req->conf->upload_dir, "/tmp", NULL);
}

static apr_status_t on_begin(void *ctx, const char *field, const char *filename,
                             const char *content_type, void **part_ctx)
{
    kc_mp_state_t *st = ctx;
    apr_pool_t *p = st->req->r->pool;
    kc_part_t *part = apr_pcalloc(p, sizeof(*part));
    char *path;
    apr_status_t rv;

    if (!st->csrf_ok) {
        st->csrf_refused = 1;          /* a file before the token */
        return APR_EACCES;
    }
    apr_dir_make_recursive(tmp_dir(st->req), APR_FPROT_OS_DEFAULT, p);
    path = apr_pstrcat(p, tmp_dir(st->req), "/up-XXXXXX", NULL);
    rv = apr_file_mktemp(&part->file, path, APR_FOPEN_CREATE | APR_FOPEN_WRITE
                         | APR_FOPEN_EXCL | APR_FOPEN_BINARY
                         | APR_FOPEN_BUFFERED, p);
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, st->req->r, KC_LOGNO(0050)
                      "cannot create a temporary file in %s",
                      tmp_dir(st->req));
        st->io_error = rv;
        return rv;
    }
    part->up.field = apr_pstrdup(p, field);
    part->up.filename = apr_pstrdup(p, filename);
    part->up.temp_path = path;
    apr_pool_cleanup_register(p, &part->up, remove_temp,
                              apr_pool_cleanup_null);
    kc_sha256_init(&part->sha);
    *part_ctx = part;
    return APR_SUCCESS;
}

static apr_status_t on_data(void *ctx, void *part_ctx, const char *data,
                            apr_size_t len)
{
    kc_mp_state_t *st = ctx;
    kc_part_t *part = part_ctx;
    apr_status_t rv;

    if (part->up.size + (apr_off_t)len > st->max_file) {
        st->too_big = part->up.field;
        return APR_E2BIG;
    }
    if (part->head_len < sizeof(part->head)) {
        apr_size_t n = sizeof(part->head) - part->head_len;
        n = n < len ? n : len;
        memcpy(part->head + part->head_len, data, n);
        part->head_len += n;
    }
    kc_sha256_update(&part->sha, data, len);
    part->up.size += (apr_off_t)len;
    rv = apr_file_write_full(part->file, data, len, NULL);
    if (rv != APR_SUCCESS) {
        st->io_error = rv;
    }
    return rv;
}

static apr_status_t on_end(void *ctx, void *part_ctx)
{
    kc_mp_state_t *st = ctx;
    kc_part_t *part = part_ctx;
    unsigned char digest[KC_SHA256_DIGEST_LEN];
    apr_status_t rv = apr_file_close(part->file);

    part->file = NULL;
    if (rv != APR_SUCCESS) {
        st->io_error = rv;
        return rv;
    }
    kc_sha256_final(&part->sha, digest);
    kc_sha256_hex(digest, part->up.sha256);
    part->up.type = kc_sniff(part->head, part->head_len);
    APR_ARRAY_PUSH(st->files, kc_upload_t *) = &part->up;
    return APR_SUCCESS;
}

static apr_status_t on_abort(void *ctx, void *part_ctx)
{
    kc_part_t *part = part_ctx;
    if (part->file) {
        apr_file_close(part->file);
        part->file = NULL;
    }
    return remove_temp(&part->up);
}

/* Pull the body through the input filters chunk by chunk into the parser. */
static int pump(request_rec *r, kc_multipart_t *mp, apr_off_t limit)
{
    apr_bucket_brigade *bb = apr_brigade_create(r->pool,
                                                r->connection->bucket_alloc);
    apr_off_t total = 0;
    int seen_eos = 0;

    while (!seen_eos) {
        apr_bucket *b;
        apr_status_t rv = ap_get_brigade(r->input_filters, bb, AP_MODE_READBYTES,
                                         APR_BLOCK_READ, KC_READ_CHUNK);
        if (rv != APR_SUCCESS) {
            return ap_map_http_request_error(rv, HTTP_BAD_REQUEST);
        }
        for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
             b = APR_BUCKET_NEXT(b)) {
            const char *data;
            apr_size_t len;
            if (APR_BUCKET_IS_EOS(b)) {
                seen_eos = 1;
                break;
            }
            if (apr_bucket_read(b, &data, &len, APR_BLOCK_READ) != APR_SUCCESS) {
                return HTTP_BAD_REQUEST;
            }
            total += (apr_off_t)len;
            if (total > limit) {
                return HTTP_REQUEST_ENTITY_TOO_LARGE;
            }
            rv = kc_multipart_feed(mp, data, len);
            if (rv != APR_SUCCESS) {
                return rv == APR_E2BIG ? HTTP_REQUEST_ENTITY_TOO_LARGE
                                       : HTTP_BAD_REQUEST;
            }
        }
        apr_brigade_cleanup(bb);
    }
    return kc_multipart_finish(mp) == APR_SUCCESS ? OK : HTTP_BAD_REQUEST;
}

int kc_body_multipart(kc_req_t *req, apr_off_t max_file, apr_table_t **fields,
                      apr_array_header_t **files, const char **bad_field)
{
    request_rec *r = req->r;
    const char *boundary = kc_multipart_boundary(
        r->pool, apr_table_get(r->headers_in, "Content-Type"));
    kc_mp_state_t st = { req, max_file, NULL, NULL, APR_SUCCESS, 0, 0 };
    kc_multipart_cb_t cb = { on_begin, on_data, on_end, &st, on_abort,
                             on_field };
    apr_off_t limit = (max_file > kc_config_max_upload(req->conf)
                       ? max_file : kc_config_max_upload(req->conf))
                      + kc_config_max_form(req->conf);
    kc_multipart_t *mp;
    int rc;

    *bad_field = NULL;
    if (!boundary) {
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    }
    if (!req->conf->upload_dir) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, KC_LOGNO(0051)
                      "an upload arrived but KlasCementUploadDir is not set");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (r->remaining > limit) {
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    st.files = apr_array_make(r->pool, 2, sizeof(kc_upload_t *));
    if (kc_multipart_create(&mp, r->pool, boundary, &cb,
                            (apr_size_t)kc_config_max_form(req->conf),
                            KC_MAX_PARTS) != APR_SUCCESS) {
        return HTTP_BAD_REQUEST;
    }
    rc = pump(r, mp, limit);
    if (st.csrf_refused || (rc == OK && !st.csrf_ok)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, KC_LOGNO(0230)
                      "multipart POST whose first field is not a valid CSRF "
                      "token refused before reading on");
        *bad_field = "csrf";
        return HTTP_FORBIDDEN;
    }
    if (st.io_error != APR_SUCCESS) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (st.too_big) {
        *bad_field = st.too_big;
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    if (rc != OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, KC_LOGNO(0052)
                      "multipart body refused: %s",
                      kc_multipart_error(mp) ? kc_multipart_error(mp) : "");
        return rc;
    }
    *fields = kc_multipart_fields(mp);
    *files = st.files;
    if ((*bad_field = kc_form_control_field(*fields))) {
        return HTTP_BAD_REQUEST;
    }
    return OK;
}

kc_upload_t *kc_upload_get(apr_array_header_t *files, const char *field)
{
    int i;
    for (i = 0; files && i < files->nelts; i++) {
        kc_upload_t *up = APR_ARRAY_IDX(files, i, kc_upload_t *);
        if (strcmp(up->field, field) == 0) {
            return up;
        }
    }
    return NULL;
}

static const char *stored_path(kc_req_t *req, const char *sha)
{
    return apr_psprintf(req->r->pool, "%s/%.2s/%.2s/%s",
                        req->conf->upload_dir, sha, sha + 2, sha);
}

apr_status_t kc_upload_store(kc_req_t *req, kc_upload_t *up)
{
    request_rec *r = req->r;
    const char *dest = stored_path(req, up->sha256);
    apr_finfo_t finfo;
    apr_status_t rv;

    if (apr_stat(&finfo, dest, APR_FINFO_SIZE, r->pool) == APR_SUCCESS
        && finfo.size == up->size) {
        return remove_temp(up);        /* the same bytes are there already */
    }
    rv = apr_dir_make_recursive(apr_psprintf(r->pool, "%s/%.2s/%.2s",
                                             req->conf->upload_dir,
                                             up->sha256, up->sha256 + 2),
                                APR_FPROT_OS_DEFAULT, r->pool);
    if (rv == APR_SUCCESS) {
        rv = apr_file_rename(up->temp_path, dest, r->pool);
    }
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, KC_LOGNO(0053)
                      "cannot store upload as %s", dest);
        return rv;
    }
    up->temp_path = NULL;              /* stays: no cleanup */
    return APR_SUCCESS;
}

int kc_upload_send(kc_req_t *req, const char *sha256, const char *type,
                   const char *download_name)
{
    request_rec *r = req->r;

    /* httpd serves the bytes itself (sendfile, ranges, conditional
     * requests) from the internal location; the sample configuration lets
     * only this redirect in (Require env REDIRECT_KC_FILE) and the fixups
     * hook (kc_upload_fixups) gives the answer its real type. */
    apr_table_setn(r->subprocess_env, "KC_FILE", "1");
    apr_table_setn(r->notes, KC_FILE_TYPE_NOTE, type);
    if (download_name) {
        apr_table_setn(r->err_headers_out, "Content-Disposition",
                       apr_psprintf(r->pool, "attachment; filename*=UTF-8''%s",
                                    kc_url_encode(r->pool, download_name)));
    }
    ap_internal_redirect(apr_psprintf(r->pool, KC_FILES_URI "%.2s/%.2s/%s",
                                      sha256, sha256 + 2, sha256), r);
    return OK;
}

int kc_upload_fixups(request_rec *r)
{
    const char *type;

    if (!r->prev || strncmp(r->uri, KC_FILES_URI, sizeof(KC_FILES_URI) - 1)
        != 0) {
        return DECLINED;
    }
    type = apr_table_get(r->prev->notes, KC_FILE_TYPE_NOTE);
    if (type) {
        ap_set_content_type(r, type);
    }
    return DECLINED;
}
