/*
 * kc_sniff.c -- what a file really is, from its first bytes (APR only).
 *
 * Every check reads at most the first KC_SNIFF_LEN bytes, so the answer
 * does not depend on how much the caller happened to buffer. Anything not
 * positively recognised is NULL: the caller refuses what we cannot name,
 * which is safer than guessing. In particular nothing here ever says
 * text/html or image/svg+xml, and text that looks like markup is not
 * text/plain either, so a browser that sniffs despite the declared type
 * still has no reason to run it as a page.
 */
#include <string.h>

#include "kc_sniff.h"

#define KC_T_DOCX "application/vnd.openxmlformats-officedocument." \
                  "wordprocessingml.document"
#define KC_T_XLSX "application/vnd.openxmlformats-officedocument." \
                  "spreadsheetml.sheet"
#define KC_T_PPTX "application/vnd.openxmlformats-officedocument." \
                  "presentationml.presentation"

/* ---- little helpers ------------------------------------------------- */

/* Does data (len bytes) hold the n bytes of m at offset off? */
static int kc_has(const unsigned char *data, apr_size_t len, apr_size_t off,
                  const char *m, apr_size_t n)
{
    return off <= len && n <= len - off && memcmp(data + off, m, n) == 0;
}

/* Is the n-byte needle anywhere in [data, data + len)? */
static int kc_contains(const unsigned char *data, apr_size_t len,
                       const char *needle, apr_size_t n)
{
    apr_size_t i;

    for (i = 0; n <= len && i <= len - n; i++)
        if (memcmp(data + i, needle, n) == 0)
            return 1;
    return 0;
}

/* Zip stores integers little-endian, Ogg too: assemble by shifts so the
 * host order and alignment never matter. */
static apr_uint32_t kc_le16(const unsigned char *p)
{
    return (apr_uint32_t)p[0] | ((apr_uint32_t)p[1] << 8);
}

static apr_uint32_t kc_le32(const unsigned char *p)
{
    return kc_le16(p) | (kc_le16(p + 2) << 16);
}

/* ---- fixed signatures ----------------------------------------------- */

static const struct {
    const char *magic;
    apr_size_t len;
    const char *type;
} kc_magic[] = {
    { "\xFF\xD8\xFF", 3, "image/jpeg" },
    { "\x89PNG\r\n\x1A\n", 8, "image/png" },
    { "GIF87a", 6, "image/gif" },
    { "GIF89a", 6, "image/gif" },
    { "%PDF-", 5, "application/pdf" },
    /* FLAC's first metadata block must be STREAMINFO (type 0), with or
     * without the last-block bit: a text "fLaC..." has neither byte. */
    { "fLaC\x00", 5, "audio/flac" },
    { "fLaC\x80", 5, "audio/flac" },
    /* An empty archive is only the end-of-central-directory record. */
    { "PK\x05\x06", 4, "application/zip" },
};

static const char *kc_sniff_magic(const unsigned char *d, apr_size_t len)
{
    apr_size_t i;

    for (i = 0; i < sizeof(kc_magic) / sizeof(kc_magic[0]); i++)
        if (kc_has(d, len, 0, kc_magic[i].magic, kc_magic[i].len))
            return kc_magic[i].type;
    return NULL;
}

/* RIFF is a generic container: the form type at offset 8 says what. */
static const char *kc_sniff_riff(const unsigned char *d, apr_size_t len)
{
    if (!kc_has(d, len, 0, "RIFF", 4))
        return NULL;
    if (kc_has(d, len, 8, "WEBP", 4))
        return "image/webp";
    if (kc_has(d, len, 8, "WAVE", 4))
        return "audio/wav";
    return NULL;
}

/* An ID3v2 tag: "ID3", a major version 2..4, a revision, flags and a
 * four-byte "syncsafe" size whose bytes never have the top bit set. The
 * extra checks keep a text file that starts with "ID3" from passing. */
static const char *kc_sniff_id3(const unsigned char *d, apr_size_t len)
{
    if (!kc_has(d, len, 0, "ID3", 3) || len < 10)
        return NULL;
    if (d[3] < 2 || d[3] > 4 || d[4] == 0xFF)
        return NULL;
    if ((d[6] | d[7] | d[8] | d[9]) & 0x80)
        return NULL;
    return "audio/mpeg";
}

/* MPEG audio without an ID3 tag starts with a frame header: 11 sync bits,
 * then fields that have reserved values. Rejecting those keeps 0xFF-filled
 * or random data from passing as MP3. */
static const char *kc_sniff_mpeg_frame(const unsigned char *d, apr_size_t len)
{
    unsigned version, layer, bitrate, rate;

    if (len < 3 || d[0] != 0xFF || (d[1] & 0xE0) != 0xE0)
        return NULL;
    version = (d[1] >> 3) & 3;
    layer = (d[1] >> 1) & 3;
    bitrate = d[2] >> 4;
    rate = (d[2] >> 2) & 3;
    /* version 1 is reserved; layer 0 is reserved (and is how AAC ADTS
     * frames look, which are not audio/mpeg). Layer I (3) is left out on
     * purpose: nobody makes such files any more, and FF FE / FF FF would
     * otherwise let UTF-16LE text and 0xFF padding pass as MP3. */
    if (version == 1 || layer == 0 || layer == 3 || bitrate == 15
        || rate == 3)
        return NULL;
    return "audio/mpeg";
}

/* ---- Ogg ------------------------------------------------------------ */

/* A multiplexed Ogg file opens with the beginning-of-stream page of every
 * stream, so looking at all those pages (not only the first, which may be
 * a Skeleton index) finds a video stream if there is one. */
static const char *kc_sniff_ogg(const unsigned char *d, apr_size_t len)
{
    apr_size_t off = 0, body, end, i, nseg;

    /* Byte 4 is the stream structure version, which is always 0. */
    if (!kc_has(d, len, 0, "OggS\0", 5))
        return NULL;
    while (kc_has(d, len, off, "OggS", 4) && len - off >= 27) {
        /* Only the leading BOS pages name the streams; stop after them,
         * but always look at the first page. */
        if (off > 0 && !(d[off + 5] & 0x02))
            break;
        nseg = d[off + 26];
        body = 0;
        for (i = 0; i < nseg && off + 27 + i < len; i++)
            body += d[off + 27 + i];
        end = off + 27 + nseg + body;
        if (end > len)
            end = len;
        /* Theora's identification header is 0x80 "theora"; OGM video
         * streams announce themselves with 0x01 "video". */
        if (kc_contains(d + off, end - off, "theora", 6)
            || kc_contains(d + off, end - off, "\x01video", 6))
            return "video/ogg";
        off = end;
    }
    return "audio/ogg";
}

/* ---- ISO base media (MP4) and EBML (WebM) --------------------------- */

/* Major brands we accept. Others that share the box format (HEIF and AVIF
 * images, QuickTime, 3GPP) are different media types: unknown here. */
static const char *const kc_mp4_video_brands[] = {
    "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso8", "iso9",
    "mp41", "mp42", "mp71", "avc1", "dash", "M4V ", "M4VH", "M4VP",
    "MSNV", "NDAS", "f4v ", "mmp4", "XAVC"
};

static const char *kc_sniff_mp4(const unsigned char *d, apr_size_t len)
{
    apr_size_t i, n = sizeof(kc_mp4_video_brands) / sizeof(char *);

    if (!kc_has(d, len, 4, "ftyp", 4) || len < 12)
        return NULL;
    if (kc_has(d, len, 8, "M4A ", 4) || kc_has(d, len, 8, "M4B ", 4))
        return "audio/mp4";
    for (i = 0; i < n; i++)
        if (kc_has(d, len, 8, kc_mp4_video_brands[i], 4))
            return "video/mp4";
    return NULL;
}

/* WebM is Matroska with DocType "webm"; plain Matroska is not in our list.
 * The DocType element (ID 0x4282) sits in the short EBML header, so the
 * first 64 bytes are plenty. Its size is a one-byte EBML length (0x84 for
 * four bytes), which is what every muxer writes for so short a string. */
static const char *kc_sniff_webm(const unsigned char *d, apr_size_t len)
{
    apr_size_t i, lim = len < 64 ? len : 64;

    if (!kc_has(d, len, 0, "\x1A\x45\xDF\xA3", 4))
        return NULL;
    for (i = 4; i + 7 <= lim; i++)
        if (kc_has(d, lim, i, "\x42\x82\x84webm", 7))
            return "video/webm";
    return NULL;
}

/* ---- zip: ODF and OOXML --------------------------------------------- */

/* What the caller needs from one local file header. */
typedef struct {
    const unsigned char *name;
    apr_size_t name_len;
    apr_uint32_t method;
    apr_uint32_t csize;
    apr_size_t data;          /* offset of the entry's data */
    apr_uint64_t next;        /* offset of the next header; 0 = unknown */
} kc_zip_entry_t;

/* Parse the local file header at off. Returns 0 unless the fixed part and
 * the whole name are inside the window. */
static int kc_zip_entry(const unsigned char *d, apr_size_t len,
                        apr_size_t off, kc_zip_entry_t *e)
{
    apr_uint32_t flags, xlen;

    if (!kc_has(d, len, off, "PK\x03\x04", 4) || len - off < 30)
        return 0;
    flags = kc_le16(d + off + 6);
    e->method = kc_le16(d + off + 8);
    e->csize = kc_le32(d + off + 18);
    e->name_len = kc_le16(d + off + 26);
    xlen = kc_le16(d + off + 28);
    if (e->name_len > len - off - 30)
        return 0;
    e->name = d + off + 30;
    e->data = off + 30 + e->name_len + xlen;
    /* With a data descriptor (flag bit 3) or Zip64 the size here is not
     * the real one, so where the next header starts is unknown. */
    if ((flags & 0x08) || e->csize == 0xFFFFFFFFu)
        e->next = 0;
    else
        e->next = (apr_uint64_t)e->data + e->csize;
    return 1;
}

static int kc_name_is(const kc_zip_entry_t *e, const char *s)
{
    return e->name_len == strlen(s) && memcmp(e->name, s, e->name_len) == 0;
}

static int kc_name_starts(const kc_zip_entry_t *e, const char *s)
{
    apr_size_t n = strlen(s);

    return e->name_len >= n && memcmp(e->name, s, n) == 0;
}

/* ODF requires the first entry to be "mimetype", stored uncompressed, so
 * its content can be read straight from the header's window. The size must
 * match exactly: ".text" is a prefix of ".text-template". */
static const char *kc_zip_odf(const unsigned char *d, apr_size_t len,
                              const kc_zip_entry_t *e)
{
    static const char *const odf[] = {
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation"
    };
    apr_size_t i, n;

    if (e->method != 0)
        return "application/zip";
    for (i = 0; i < sizeof(odf) / sizeof(odf[0]); i++) {
        n = strlen(odf[i]);
        if (e->csize == n && kc_has(d, len, e->data, odf[i], n))
            return odf[i];
    }
    return "application/zip";
}

/* The OOXML part directory names the kind of document. */
static const char *kc_ooxml_kind(const kc_zip_entry_t *e)
{
    if (kc_name_starts(e, "word/"))
        return KC_T_DOCX;
    if (kc_name_starts(e, "xl/"))
        return KC_T_XLSX;
    if (kc_name_starts(e, "ppt/"))
        return KC_T_PPTX;
    return NULL;
}

static int kc_ooxml_marker(const kc_zip_entry_t *e)
{
    return kc_name_is(e, "[Content_Types].xml")
        || kc_name_starts(e, "docProps/") || kc_ooxml_kind(e) != NULL;
}

/* When the first entry shows an OOXML package but not which kind (Office
 * puts "[Content_Types].xml" first), later headers still inside the window
 * may say; otherwise it stays plain application/zip. */
static const char *kc_sniff_zip(const unsigned char *d, apr_size_t len)
{
    kc_zip_entry_t e;
    const char *kind;

    if (!kc_zip_entry(d, len, 0, &e))
        return kc_has(d, len, 0, "PK\x03\x04", 4) ? "application/zip" : NULL;
    if (kc_name_is(&e, "mimetype"))
        return kc_zip_odf(d, len, &e);
    if (!kc_ooxml_marker(&e))
        return "application/zip";
    for (;;) {
        if ((kind = kc_ooxml_kind(&e)) != NULL)
            return kind;
        if (e.next == 0 || e.next >= len
            || !kc_zip_entry(d, len, (apr_size_t)e.next, &e))
            return "application/zip";
    }
}

/* ---- text ----------------------------------------------------------- */

/* Length of the strictly valid UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 if invalid. A sequence
 * cut off by the end of the window counts as valid: the rest of the
 * character is simply beyond what we were shown. */
static apr_size_t kc_utf8_len(const unsigned char *p, apr_size_t rem)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    apr_size_t need, i;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3;
    else
        return 0;                 /* continuation, C0/C1 overlong, > F4 */
    /* Narrow the second byte where the lead byte alone is ambiguous. */
    if (c == 0xE0)
        lo = 0xA0;                /* overlong */
    else if (c == 0xED)
        hi = 0x9F;                /* UTF-16 surrogates */
    else if (c == 0xF0)
        lo = 0x90;                /* overlong */
    else if (c == 0xF4)
        hi = 0x8F;                /* above U+10FFFF */
    for (i = 1; i <= need && i < rem; i++) {
        if (p[i] < lo || p[i] > hi)
            return 0;
        lo = 0x80;
        hi = 0xBF;
    }
    return i;
}

/* Tags (and prologues) that make a browser or XML viewer treat the bytes
 * as a document: the HTML patterns of the WHATWG sniffing algorithm plus
 * SVG, XML and a few more that old sniffers looked for anywhere. */
static const char *const kc_markup[] = {
    "!doctype", "?xml", "html", "head", "body", "script", "iframe", "svg",
    "h1", "div", "font", "table", "a", "style", "title", "b", "br", "p",
    "img", "meta", "link", "object", "embed", "form", "frameset", "xml"
};

/* ASCII-only case folding: markup names are ASCII, and the C library's
 * version would depend on the server's locale. */
static int kc_casematch(const unsigned char *p, const char *lower,
                        apr_size_t n)
{
    apr_size_t i;
    unsigned char c;

    for (i = 0; i < n; i++) {
        c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)lower[i])
            return 0;
    }
    return 1;
}

/* Does the text just after a '<' (rem bytes at p) open markup? A tag name
 * counts only when followed by a delimiter, so "a<bc" is not. */
static int kc_markup_at(const unsigned char *p, apr_size_t rem)
{
    apr_size_t i, n;

    if (rem >= 3 && memcmp(p, "!--", 3) == 0)
        return 1;
    for (i = 0; i < sizeof(kc_markup) / sizeof(kc_markup[0]); i++) {
        n = strlen(kc_markup[i]);
        if (n > rem || !kc_casematch(p, kc_markup[i], n))
            continue;
        /* Name cut off by the window: assume the worst. */
        if (n == rem || (p[n] != '\0' && strchr(" \t\n\r\f>/?", p[n])))
            return 1;
    }
    return 0;
}

/* Valid UTF-8 without NUL or control characters (tab, LF, CR and form
 * feed are fine; DEL is not), and no markup anywhere in the window. */
static const char *kc_sniff_text(const unsigned char *d, apr_size_t len)
{
    apr_size_t i = 0, n;
    unsigned char c;

    while (i < len) {
        c = d[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            return NULL;
        if (c == 0x7F)
            return NULL;
        if (c == '<' && kc_markup_at(d + i + 1, len - i - 1))
            return NULL;
        if ((n = kc_utf8_len(d + i, len - i)) == 0)
            return NULL;
        i += n;
    }
    return "text/plain";
}

/* ---- entry point ---------------------------------------------------- */

const char *kc_sniff(const unsigned char *data, apr_size_t len)
{
    const char *t;

    /* Nothing to look at is nothing we can vouch for. */
    if (!data || len == 0)
        return NULL;
    if (len > KC_SNIFF_LEN)
        len = KC_SNIFF_LEN;
    /* Binary signatures first: several are printable ASCII ("%PDF-",
     * "ID3", "OggS") and would otherwise pass as text. */
    if ((t = kc_sniff_magic(data, len)) != NULL
        || (t = kc_sniff_riff(data, len)) != NULL
        || (t = kc_sniff_zip(data, len)) != NULL
        || (t = kc_sniff_ogg(data, len)) != NULL
        || (t = kc_sniff_mp4(data, len)) != NULL
        || (t = kc_sniff_webm(data, len)) != NULL
        || (t = kc_sniff_id3(data, len)) != NULL
        || (t = kc_sniff_mpeg_frame(data, len)) != NULL)
        return t;
    /* Containers we do not accept (a RIFF AVI, a HEIF image) have NUL
     * bytes in their headers, so they fail the text test as well. */
    return kc_sniff_text(data, len);
}
