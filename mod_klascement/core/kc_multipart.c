/*
 * kc_multipart.c -- streaming multipart/form-data (RFC 7578 on top of
 * RFC 2046 section 5.1), APR only. The API is declared in kc_form.h.
 *
 * The body is scanned for the delimiter CRLF "--" boundary as it arrives.
 * '\r' occurs in the delimiter only as its first byte (RFC 2046 bchars
 * exclude it), so when a partial match fails, no later start of the
 * delimiter can hide inside the bytes matched so far: a matched-prefix
 * counter is all the state needed (no KMP table). The bytes held back
 * while a match is pending are by definition the delimiter's own first
 * `m` bytes, so the scanner copies nothing, whatever the chunking: file
 * data reaches the callbacks with at most strlen(delim) bytes delayed.
 */
#include <stdarg.h>
#include <string.h>

#include <apr_strings.h>

#include "kc_form.h"

/* One part's header block; browsers send about 150 bytes. */
#define KC_MP_HDR_MAX 8192

typedef enum {
    KC_MP_PREAMBLE,     /* before the first delimiter: dropped */
    KC_MP_AFTER_DELIM,  /* "--" (closing) or padding + CRLF */
    KC_MP_HEADERS,
    KC_MP_BODY,
    KC_MP_EPILOGUE,     /* after the closing delimiter: dropped */
    KC_MP_FAILED
} kc_mp_state_t;

typedef enum {
    KC_PART_TEXT,
    KC_PART_FILE,
    KC_PART_SKIP        /* a file input left empty: filename="" */
} kc_part_kind_t;

struct kc_multipart_t {
    apr_pool_t *p;
    apr_pool_t *scratch;    /* holds a text value while it grows */
    kc_multipart_cb_t cb;
    const char *delim;      /* "\r\n--" boundary */
    apr_size_t dlen;
    apr_size_t max_field;
    int max_parts;
    int nparts;
    kc_mp_state_t state;
    int after;              /* AFTER_DELIM: 0 start, 1 '-', 2 padding, 3 CR */
    apr_size_t m;           /* bytes of delim matched so far */
    int carry;              /* ... of which none is in the current chunk */
    char *hdr;              /* KC_MP_HDR_MAX bytes, reused per part */
    apr_size_t hlen;
    kc_part_kind_t kind;
    const char *name;
    void *part_ctx;
    int file_open;          /* file_begin succeeded, file_end not called */
    char *text;
    apr_size_t tlen;
    apr_size_t tcap;
    apr_table_t *fields;
    apr_status_t status;
    const char *err;
};

static apr_status_t kc_mp_err(kc_multipart_t *mp, apr_status_t rv,
                              const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static apr_status_t kc_mp_err(kc_multipart_t *mp, apr_status_t rv,
                              const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    mp->err = apr_pvsprintf(mp->p, fmt, ap);
    va_end(ap);
    return rv;
}

/* Stop for good; the caller cannot know about a half-written file unless
 * we tell it, so an open file part is aborted here and only here. */
static void kc_mp_fail(kc_multipart_t *mp, apr_status_t rv)
{
    mp->status = rv;
    mp->state = KC_MP_FAILED;
    if (!mp->err)
        mp->err = "malformed multipart body";
    if (mp->file_open) {
        mp->file_open = 0;
        if (mp->cb.file_abort)
            (void)mp->cb.file_abort(mp->cb.ctx, mp->part_ctx);
    }
}

/* ---- lexical helpers and the boundary ----------------------------------- */

static int kc_mp_ws(char c)
{
    return c == ' ' || c == '\t';
}

static const char *kc_mp_skip_ws(const char *s)
{
    while (kc_mp_ws(*s))
        s++;
    return s;
}

/* RFC 2046 bchars. */
static int kc_mp_bchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9') || (c && strchr("'()+_,-./:=? ", c));
}

static int kc_mp_boundary_ok(const char *b)
{
    apr_size_t n = strlen(b), i;

    if (n < 1 || n > 70 || b[n - 1] == ' ')
        return 0;
    for (i = 0; i < n; i++) {
        if (!kc_mp_bchar(b[i]))
            return 0;
    }
    return 1;
}

const char *kc_multipart_boundary(apr_pool_t *p, const char *content_type)
{
    const char *s, *pn = NULL, *val, *b = NULL;
    apr_size_t pnl = 0;

    if (!content_type)
        return NULL;
    s = kc_hdr_type_is(content_type, "multipart/form-data");
    if (!s)
        return NULL;
    for (;;) {
        if (kc_hdr_param(p, &s, &pn, &pnl, &val) != APR_SUCCESS)
            return NULL;
        if (!val)
            break;
        if (kc_hdr_ieq(pn, pnl, "boundary")) {
            if (b)      /* two boundaries: no telling which one is meant */
                return NULL;
            b = val;
        }
    }
    return b && kc_mp_boundary_ok(b) ? b : NULL;
}

/* ---- part headers ------------------------------------------------------ */

static apr_status_t kc_mp_disposition(kc_multipart_t *mp, const char *s,
                                      const char **name,
                                      const char **filename)
{
    const char *pn = NULL, *val, **dst;
    apr_size_t pnl = 0;

    *name = *filename = NULL;
    s = kc_hdr_type_is(s, "form-data");
    if (!s)
        return kc_mp_err(mp, APR_EINVAL,
                         "part Content-Disposition is not form-data");
    for (;;) {
        if (kc_hdr_param(mp->p, &s, &pn, &pnl, &val) != APR_SUCCESS)
            return kc_mp_err(mp, APR_EINVAL,
                             "malformed part Content-Disposition");
        if (!val)
            return APR_SUCCESS;
        /* filename* (RFC 5987) is ignored: RFC 7578 forbids senders it. */
        dst = kc_hdr_ieq(pn, pnl, "name") ? name
            : kc_hdr_ieq(pn, pnl, "filename") ? filename : NULL;
        if (dst && *dst)
            return kc_mp_err(mp, APR_EINVAL,
                             "repeated parameter in Content-Disposition");
        if (dst)
            *dst = val;
    }
}

/* One header line s[0..e), CRLF removed. Only the two headers RFC 7578
 * gives a meaning to are kept; Content-Transfer-Encoding is deprecated
 * there and browsers never send it. */
static apr_status_t kc_mp_header_line(kc_multipart_t *mp, const char *s,
                                      const char *e, const char **disp,
                                      const char **ctype)
{
    const char *c, *colon, *v, **dst = NULL;
    apr_size_t nlen;

    for (c = s; c < e; c++) {
        /* CR, LF and NUL here would be bare ones: malformed or smuggled. */
        if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7f)
            return kc_mp_err(mp, APR_EINVAL,
                             "control character in a part header");
    }
    if (kc_mp_ws(*s))
        return kc_mp_err(mp, APR_EINVAL, "folded part header");
    colon = memchr(s, ':', (apr_size_t)(e - s));
    if (!colon)
        return kc_mp_err(mp, APR_EINVAL, "malformed part header");
    nlen = (apr_size_t)(colon - s);
    if (kc_hdr_ieq(s, nlen, "content-disposition"))
        dst = disp;
    else if (kc_hdr_ieq(s, nlen, "content-type"))
        dst = ctype;
    if (!dst)
        return APR_SUCCESS;
    if (*dst)
        return kc_mp_err(mp, APR_EINVAL, "repeated part header");
    v = kc_mp_skip_ws(colon + 1);
    while (e > v && kc_mp_ws(e[-1]))
        e--;
    *dst = apr_pstrmemdup(mp->p, v, (apr_size_t)(e - v));
    return APR_SUCCESS;
}

/* Path components removed: old IE and some tools send the full client
 * path. "." and ".." are renamed too, should a caller ever build a path
 * from the name (it should not). */
static const char *kc_mp_filename(apr_pool_t *p, const char *raw)
{
    const char *b = raw, *c;
    char *out, *o;

    for (c = raw; *c; c++) {
        if (*c == '/' || *c == '\\')
            b = c + 1;
    }
    if (!*b || strcmp(b, ".") == 0 || strcmp(b, "..") == 0)
        return "upload";
    out = apr_pstrdup(p, b);
    for (o = out; *o; o++) {
        if ((unsigned char)*o < 0x20 || *o == 0x7f)
            *o = '_';
    }
    return out;
}

static apr_status_t kc_mp_file_begin(kc_multipart_t *mp, const char *raw,
                                     const char *ctype)
{
    apr_status_t rv;

    if (!kc_utf8_valid(raw, strlen(raw)))
        return kc_mp_err(mp, APR_EINVAL,
                         "field \"%s\": file name is not valid UTF-8",
                         mp->name);
    if (!mp->cb.file_begin)
        return kc_mp_err(mp, APR_EINVAL,
                         "field \"%s\": no file upload expected", mp->name);
    mp->part_ctx = NULL;
    rv = mp->cb.file_begin(mp->cb.ctx, mp->name, kc_mp_filename(mp->p, raw),
                           ctype, &mp->part_ctx);
    if (rv != APR_SUCCESS)
        return kc_mp_err(mp, rv, "field \"%s\": upload refused", mp->name);
    mp->file_open = 1;
    mp->kind = KC_PART_FILE;
    return APR_SUCCESS;
}

/* The header block hdr[0..hlen) is complete (it ends with an empty line):
 * decide what kind of part follows. */
static apr_status_t kc_mp_part_begin(kc_multipart_t *mp)
{
    const char *s = mp->hdr, *end = mp->hdr + mp->hlen - 2, *eol;
    const char *disp = NULL, *ctype = NULL, *name, *filename;
    apr_status_t rv;

    while (s < end) {
        /* Every line before `end` ends in CRLF; a LF without CR is bare. */
        eol = memchr(s, '\n', (apr_size_t)(end - s));
        if (!eol || eol == s || eol[-1] != '\r')
            return kc_mp_err(mp, APR_EINVAL, "bare LF in part headers");
        rv = kc_mp_header_line(mp, s, eol - 1, &disp, &ctype);
        if (rv != APR_SUCCESS)
            return rv;
        s = eol + 1;
    }
    if (!disp)
        return kc_mp_err(mp, APR_EINVAL, "part without Content-Disposition");
    rv = kc_mp_disposition(mp, disp, &name, &filename);
    if (rv != APR_SUCCESS)
        return rv;
    if (!name || !*name)
        return kc_mp_err(mp, APR_EINVAL, "part without a name");
    if (!kc_utf8_valid(name, strlen(name)))
        return kc_mp_err(mp, APR_EINVAL, "part name is not valid UTF-8");
    mp->name = name;
    mp->kind = KC_PART_TEXT;
    mp->tlen = 0;
    if (filename && !*filename) {
        mp->kind = KC_PART_SKIP;
    }
    else if (filename) {
        rv = kc_mp_file_begin(mp, filename, ctype);
        if (rv != APR_SUCCESS)
            return rv;
    }
    mp->state = KC_MP_BODY;
    mp->m = 0;
    mp->carry = 0;
    return APR_SUCCESS;
}

/* Collect header bytes until the empty line. Byte by byte, but the block
 * is at most KC_MP_HDR_MAX bytes per part. */
static apr_status_t kc_mp_headers(kc_multipart_t *mp, const char *d,
                                  apr_size_t len, apr_size_t *pos)
{
    apr_size_t i = *pos;
    char *h = mp->hdr;

    while (i < len) {
        if (mp->hlen == KC_MP_HDR_MAX) {
            *pos = i;
            return kc_mp_err(mp, APR_E2BIG, "part headers over %d bytes",
                             KC_MP_HDR_MAX);
        }
        h[mp->hlen++] = d[i++];
        /* "\r\n" alone (no headers at all) or a line ending "\r\n\r\n". */
        if (h[mp->hlen - 1] == '\n' && mp->hlen >= 2
            && h[mp->hlen - 2] == '\r'
            && (mp->hlen == 2
                || (mp->hlen >= 4 && h[mp->hlen - 3] == '\n'
                    && h[mp->hlen - 4] == '\r'))) {
            *pos = i;
            return kc_mp_part_begin(mp);
        }
    }
    *pos = i;
    return APR_SUCCESS;
}

/* ---- part bodies ------------------------------------------------------- */

static apr_status_t kc_mp_text_add(kc_multipart_t *mp, const char *d,
                                   apr_size_t n)
{
    if (n > mp->max_field - mp->tlen)
        return kc_mp_err(mp, APR_E2BIG,
                         "field \"%s\": over %" APR_SIZE_T_FMT " bytes",
                         mp->name, mp->max_field);
    if (n > mp->tcap - mp->tlen) {
        /* Doubling, capped at max_field: the pieces left behind in the
         * scratch pool add up to less than the final size. */
        apr_size_t cap = mp->tcap ? mp->tcap : 256;
        char *t;

        while (cap - mp->tlen < n)
            cap = cap > mp->max_field / 2 ? mp->max_field : cap * 2;
        t = apr_palloc(mp->scratch, cap);
        if (mp->tlen)
            memcpy(t, mp->text, mp->tlen);
        mp->text = t;
        mp->tcap = cap;
    }
    memcpy(mp->text + mp->tlen, d, n);
    mp->tlen += n;
    return APR_SUCCESS;
}

/* Body bytes d[0..n) of the current part (or of the preamble). */
static apr_status_t kc_mp_emit(kc_multipart_t *mp, const char *d,
                               apr_size_t n)
{
    apr_status_t rv;

    if (!n || mp->state != KC_MP_BODY)
        return APR_SUCCESS;
    if (mp->kind == KC_PART_TEXT)
        return kc_mp_text_add(mp, d, n);
    if (mp->kind != KC_PART_FILE || !mp->cb.file_data)
        return APR_SUCCESS;
    rv = mp->cb.file_data(mp->cb.ctx, mp->part_ctx, d, n);
    if (rv != APR_SUCCESS)
        return kc_mp_err(mp, rv, "field \"%s\": storing the upload failed",
                         mp->name);
    return APR_SUCCESS;
}

/* A delimiter was found: the current part (if any) is complete. */
static apr_status_t kc_mp_part_end(kc_multipart_t *mp)
{
    apr_status_t rv = APR_SUCCESS;
    const char *value;

    if (mp->state == KC_MP_BODY && mp->kind == KC_PART_TEXT) {
        /* Values end up in C strings: a NUL would silently cut them. */
        if (mp->tlen && (memchr(mp->text, '\0', mp->tlen)
                         || !kc_utf8_valid(mp->text, mp->tlen)))
            return kc_mp_err(mp, APR_EINVAL,
                             "field \"%s\": not valid UTF-8 text", mp->name);
        value = mp->tlen ? apr_pstrmemdup(mp->p, mp->text, mp->tlen) : "";
        apr_table_addn(mp->fields, mp->name, value);
        apr_pool_clear(mp->scratch);
        mp->text = NULL;
        mp->tlen = mp->tcap = 0;
        if (mp->cb.field_end
            && (rv = mp->cb.field_end(mp->cb.ctx, mp->name, value))
               != APR_SUCCESS)
            return kc_mp_err(mp, rv, "field \"%s\": refused", mp->name);
    }
    else if (mp->state == KC_MP_BODY && mp->kind == KC_PART_FILE) {
        mp->file_open = 0;
        if (mp->cb.file_end)
            rv = mp->cb.file_end(mp->cb.ctx, mp->part_ctx);
        if (rv != APR_SUCCESS)
            return kc_mp_err(mp, rv, "field \"%s\": storing the upload "
                             "failed", mp->name);
    }
    mp->state = KC_MP_AFTER_DELIM;
    mp->after = 0;
    return APR_SUCCESS;
}

/* Scan d[*pos..len) for the delimiter, passing on the body bytes before
 * it. Returns at the end of the chunk or just past a delimiter. */
static apr_status_t kc_mp_scan(kc_multipart_t *mp, const char *d,
                               apr_size_t len, apr_size_t *pos)
{
    apr_size_t i = *pos, run = i, mstart = i;
    apr_status_t rv;

    while (i < len) {
        if (mp->m == 0) {
            const char *cr = memchr(d + i, '\r', len - i);

            if (!cr)
                break;
            mstart = (apr_size_t)(cr - d);
            i = mstart + 1;
            mp->m = 1;
            mp->carry = 0;
        }
        else if (d[i] == mp->delim[mp->m]) {
            i++;
            if (++mp->m < mp->dlen)
                continue;
            /* With carry, every byte of the chunk so far was delimiter. */
            rv = mp->carry ? APR_SUCCESS : kc_mp_emit(mp, d + run,
                                                      mstart - run);
            mp->m = 0;
            mp->carry = 0;
            *pos = i;
            return rv != APR_SUCCESS ? rv : kc_mp_part_end(mp);
        }
        else {
            /* No delimiter after all. The matched bytes are data; if they
             * began in an earlier chunk they are not in d, but they equal
             * the delimiter's prefix. d[i] itself may start a new match. */
            if (mp->carry) {
                rv = kc_mp_emit(mp, mp->delim, mp->m);
                if (rv != APR_SUCCESS)
                    return rv;
                run = i;
            }
            mp->m = 0;
            mp->carry = 0;
        }
    }
    *pos = len;
    if (mp->m == 0)
        return kc_mp_emit(mp, d + run, len - run);
    if (mp->carry)
        return APR_SUCCESS;
    mp->carry = 1;
    return kc_mp_emit(mp, d + run, mstart - run);
}

/* After "--boundary": "--" closes the body; otherwise optional transport
 * padding (RFC 2046) and CRLF open the next part. */
static apr_status_t kc_mp_after_delim(kc_multipart_t *mp, char c)
{
    if (mp->after == 0 && c == '-') {
        mp->after = 1;
        return APR_SUCCESS;
    }
    if (mp->after == 1 && c == '-') {
        mp->state = KC_MP_EPILOGUE;
        return APR_SUCCESS;
    }
    if ((mp->after == 0 || mp->after == 2) && (c == '\r' || kc_mp_ws(c))) {
        mp->after = c == '\r' ? 3 : 2;
        return APR_SUCCESS;
    }
    if (mp->after != 3 || c != '\n')
        return kc_mp_err(mp, APR_EINVAL, "malformed boundary line");
    if (mp->nparts >= mp->max_parts)
        return kc_mp_err(mp, APR_E2BIG, "more than %d parts", mp->max_parts);
    mp->nparts++;
    mp->state = KC_MP_HEADERS;
    mp->hlen = 0;
    return APR_SUCCESS;
}

/* ---- public API -------------------------------------------------------- */

apr_status_t kc_multipart_create(kc_multipart_t **out, apr_pool_t *p,
                                 const char *boundary,
                                 const kc_multipart_cb_t *cb,
                                 apr_size_t max_field, int max_parts)
{
    kc_multipart_t *mp;
    apr_status_t rv;

    *out = NULL;
    if (!boundary || !kc_mp_boundary_ok(boundary))
        return APR_EINVAL;
    mp = apr_pcalloc(p, sizeof(*mp));
    rv = apr_pool_create(&mp->scratch, p);
    if (rv != APR_SUCCESS)
        return rv;
    mp->p = p;
    if (cb)
        mp->cb = *cb;
    mp->delim = apr_pstrcat(p, "\r\n--", boundary, NULL);
    mp->dlen = strlen(mp->delim);
    mp->max_field = max_field;
    mp->max_parts = max_parts;
    mp->hdr = apr_palloc(p, KC_MP_HDR_MAX);
    mp->fields = apr_table_make(p, 8);
    mp->state = KC_MP_PREAMBLE;
    /* The first delimiter may open the body without a CRLF: act as if one
     * had just been read. If it is no delimiter after all, these two bytes
     * go to the preamble, which is dropped anyway. */
    mp->m = 2;
    mp->carry = 1;
    *out = mp;
    return APR_SUCCESS;
}

apr_status_t kc_multipart_feed(kc_multipart_t *mp, const char *data,
                               apr_size_t len)
{
    apr_size_t i = 0;
    apr_status_t rv = APR_SUCCESS;

    if (mp->status != APR_SUCCESS)
        return mp->status;
    while (i < len && rv == APR_SUCCESS) {
        switch (mp->state) {
        case KC_MP_PREAMBLE:
        case KC_MP_BODY:
            rv = kc_mp_scan(mp, data, len, &i);
            break;
        case KC_MP_AFTER_DELIM:
            rv = kc_mp_after_delim(mp, data[i++]);
            break;
        case KC_MP_HEADERS:
            rv = kc_mp_headers(mp, data, len, &i);
            break;
        default:        /* epilogue */
            i = len;
            break;
        }
    }
    if (rv != APR_SUCCESS)
        kc_mp_fail(mp, rv);
    return rv;
}

apr_status_t kc_multipart_finish(kc_multipart_t *mp)
{
    if (mp->status != APR_SUCCESS)
        return mp->status;
    if (mp->state == KC_MP_EPILOGUE)
        return APR_SUCCESS;
    kc_mp_err(mp, APR_EINVAL, "body ends before the closing boundary");
    kc_mp_fail(mp, APR_EINVAL);
    return APR_EINVAL;
}

apr_table_t *kc_multipart_fields(const kc_multipart_t *mp)
{
    return mp->fields;
}

const char *kc_multipart_error(const kc_multipart_t *mp)
{
    return mp->err;
}
