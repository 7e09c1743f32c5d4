/*
 * kc_normalise.c -- the comparison form of a text, for spotting repeated
 * spam, and a link counter (APR + pcre2).
 *
 * Which code points are letters or digits is pcre2's call (\p{L} \p{N}
 * with PCRE2_UCP), so every script is handled; the folding on top of that
 * is our own small tables, because pcre2 has no public case-folding call
 * and pulling in ICU for a spam check is not worth it.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <string.h>

#include <pcre2.h>
#include <apr_strings.h>

#include "kc_sha256.h"
#include "kc_normalise.h"

/* Runs of letters, digits and the combining marks that belong to them;
 * whatever lies between two runs is a separator. Marks are in the class
 * so that a decomposed "e" + U+0301 stays one word. */
#define KC_WORD_PATTERN "[\\p{L}\\p{N}\\p{M}]+"

/* Byte mode (no PCRE2_UTF): the pattern is ASCII, so it needs no valid
 * UTF-8 and kc_count_links() needs no pool to clean the text first.
 * Bytes >= 0x80 are allowed in host names so that www.café.be counts.
 * No \b before the scheme: "xhttp://evil" is still a link. */
#define KC_LINK_PATTERN \
    "https?://[^\\s<>\"']+" \
    "|\\bwww\\.[a-z0-9\\x80-\\xff-]+(?:\\.[a-z0-9\\x80-\\xff-]+)*" \
    "\\.(?:[a-z\\x80-\\xff]{2,}|xn--[a-z0-9-]+)"

static pcre2_code *kc_word_re;
static pcre2_code *kc_link_re;

/* ---- set-up ------------------------------------------------------------ */

static apr_status_t kc_normalise_cleanup(void *data)
{
    (void)data;
    pcre2_code_free(kc_word_re);
    pcre2_code_free(kc_link_re);
    /* Reset so that the next start-up pass compiles afresh instead of
     * using freed patterns. */
    kc_word_re = NULL;
    kc_link_re = NULL;
    return APR_SUCCESS;
}

static pcre2_code *kc_compile(const char *pattern, apr_uint32_t options)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   options, &err, &off, NULL);

    /* Optional speed-up: where JIT is unavailable (or forbidden, as with
     * SELinux execmem) pcre2_match() quietly interprets instead. */
    if (re)
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

apr_status_t kc_normalise_init(apr_pool_t *pconf)
{
    if (!pconf)
        return APR_EINVAL;
    if (kc_word_re && kc_link_re)
        return APR_SUCCESS;

    kc_word_re = kc_compile(KC_WORD_PATTERN, PCRE2_UTF | PCRE2_UCP);
    kc_link_re = kc_compile(KC_LINK_PATTERN, PCRE2_CASELESS);
    if (!kc_word_re || !kc_link_re) {
        kc_normalise_cleanup(NULL);
        return APR_EGENERAL;
    }
    apr_pool_cleanup_register(pconf, NULL, kc_normalise_cleanup,
                              apr_pool_cleanup_null);
    return APR_SUCCESS;
}

/* ---- UTF-8 ------------------------------------------------------------- */

/* Decode one character at s (s < e) into *cp; returns its length, or 0 if
 * the byte at s does not start a valid one. The ranges are RFC 3629's
 * (no overlong forms, surrogates or > U+10FFFF), the same set pcre2
 * accepts, so cleaned text can be matched with PCRE2_NO_UTF_CHECK. */
static apr_size_t kc_utf8_next(const unsigned char *s, const unsigned char *e,
                               apr_uint32_t *cp)
{
    unsigned char lo = 0x80, hi = 0xBF;
    apr_size_t n, k;

    if (*s < 0x80) {
        *cp = *s;
        return 1;
    }
    if (*s >= 0xC2 && *s <= 0xDF)
        n = 1;
    else if (*s >= 0xE0 && *s <= 0xEF)
        n = 2;
    else if (*s >= 0xF0 && *s <= 0xF4)
        n = 3;
    else
        return 0;
    if (*s == 0xE0)
        lo = 0xA0;
    else if (*s == 0xED)
        hi = 0x9F;
    else if (*s == 0xF0)
        lo = 0x90;
    else if (*s == 0xF4)
        hi = 0x8F;
    if ((apr_size_t)(e - s) <= n || s[1] < lo || s[1] > hi)
        return 0;
    *cp = *s & (0x3F >> n);
    for (k = 1; k <= n; k++) {
        if (k > 1 && (s[k] < 0x80 || s[k] > 0xBF))
            return 0;
        *cp = (*cp << 6) | (s[k] & 0x3F);
    }
    return n + 1;
}

/* text[0..*len) without its invalid bytes; text itself when it is all
 * valid (the usual case). One byte is dropped at a time, so the valid
 * characters around a broken one survive. *len is updated. */
static const char *kc_utf8_clean(apr_pool_t *p, const char *text,
                                 apr_size_t *len)
{
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *e = s + *len;
    apr_uint32_t cp;
    apr_size_t n;
    char *out, *o;

    while (s < e && (n = kc_utf8_next(s, e, &cp)) != 0)
        s += n;
    if (s == e)
        return text;

    /* Copy the valid prefix, then go on character by character. */
    o = out = apr_palloc(p, *len + 1);
    memcpy(o, text, (apr_size_t)(s - (const unsigned char *)text));
    o += s - (const unsigned char *)text;
    while (s < e) {
        n = kc_utf8_next(s, e, &cp);
        if (!n) {
            s++;
            continue;
        }
        memcpy(o, s, n);
        o += n;
        s += n;
    }
    *o = '\0';
    *len = (apr_size_t)(o - out);
    return out;
}

/* ---- folding ----------------------------------------------------------- */

/* U+00C0..U+017F (Latin-1 letters and Latin Extended-A), upper and lower
 * case alike, as lowercase ASCII. NULL: not a letter (× ÷). */
static const char *const kc_latin[0x180 - 0xC0] = {
    /* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
             "e", "e", "e", "e", "i", "i", "i", "i",
    /* D0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
             "o", "u", "u", "u", "u", "y", "th", "ss",
    /* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
             "e", "e", "e", "e", "i", "i", "i", "i",
    /* F0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
             "o", "u", "u", "u", "u", "y", "th", "y",
    /* 100 */ "a", "a", "a", "a", "a", "a", "c", "c",
              "c", "c", "c", "c", "c", "c", "d", "d",
    /* 110 */ "d", "d", "e", "e", "e", "e", "e", "e",
              "e", "e", "e", "e", "g", "g", "g", "g",
    /* 120 */ "g", "g", "g", "g", "h", "h", "h", "h",
              "i", "i", "i", "i", "i", "i", "i", "i",
    /* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
              "k", "l", "l", "l", "l", "l", "l", "l",
    /* 140 */ "l", "l", "l", "n", "n", "n", "n", "n",
              "n", "n", "n", "n", "o", "o", "o", "o",
    /* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
              "r", "r", "s", "s", "s", "s", "s", "s",
    /* 160 */ "s", "s", "t", "t", "t", "t", "t", "t",
              "u", "u", "u", "u", "u", "u", "u", "u",
    /* 170 */ "u", "u", "u", "u", "w", "w", "y", "y",
              "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Further accented Latin letters in common use: Vietnamese (ơ ư and
 * U+1EA0..U+1EF9), Pinyin tone marks (ǎ ǐ ǒ ǔ ǖ ...), Romanian ș ț. */
static const struct {
    apr_uint32_t lo, hi;
    char base;
} kc_latin_ranges[] = {
    { 0x01A0, 0x01A1, 'o' }, { 0x01AF, 0x01B0, 'u' },
    { 0x01CD, 0x01CE, 'a' }, { 0x01CF, 0x01D0, 'i' },
    { 0x01D1, 0x01D2, 'o' }, { 0x01D3, 0x01DC, 'u' },
    { 0x0218, 0x0219, 's' }, { 0x021A, 0x021B, 't' },
    { 0x1EA0, 0x1EB7, 'a' }, { 0x1EB8, 0x1EC7, 'e' },
    { 0x1EC8, 0x1ECB, 'i' }, { 0x1ECC, 0x1EE3, 'o' },
    { 0x1EE4, 0x1EF1, 'u' }, { 0x1EF2, 0x1EF9, 'y' },
};

/* Combining diacritics: the accents of decomposed text ("e" + U+0301). */
static int kc_is_diacritic(apr_uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF)
        || (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF)
        || (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* Lowercase for the scripts without a table above. Only letters, digits
 * and marks get here (they are what the word pattern matched). */
static apr_uint32_t kc_fold_case(apr_uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 0x20;
    /* Greek: capitals, capitals with tonos, final sigma. */
    if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2)
        return cp + 0x20;
    if (cp == 0x0386)
        return 0x03AC;
    if (cp >= 0x0388 && cp <= 0x038A)
        return cp + 0x25;
    if (cp == 0x038C)
        return 0x03CC;
    if (cp == 0x038E || cp == 0x038F)
        return cp + 0x3F;
    if (cp == 0x03C2)
        return 0x03C3;
    /* Cyrillic: Ѐ..Џ, then А..Я. */
    if (cp >= 0x0400 && cp <= 0x040F)
        return cp + 0x50;
    if (cp >= 0x0410 && cp <= 0x042F)
        return cp + 0x20;
    /* Latin Extended Additional: capital even, small odd. */
    if (cp >= 0x1E00 && cp <= 0x1E95 && !(cp & 1))
        return cp + 1;
    return cp;
}

/* The comparison form of one character: sets *ascii to a lowercase ASCII
 * spelling (and returns 0), or returns the folded code point; a
 * diacritic returns 0 with *ascii "" (dropped). No result is ever longer
 * in UTF-8 than its input character, which kc_normalise() relies on. */
static apr_uint32_t kc_map_char(apr_uint32_t cp, const char **ascii)
{
    apr_size_t i;

    *ascii = NULL;
    if (cp >= 0xC0 && cp < 0x180 && kc_latin[cp - 0xC0]) {
        *ascii = kc_latin[cp - 0xC0];
        return 0;
    }
    for (i = 0; i < sizeof(kc_latin_ranges) / sizeof(kc_latin_ranges[0]);
         i++) {
        if (cp >= kc_latin_ranges[i].lo && cp <= kc_latin_ranges[i].hi)
            return (apr_uint32_t)(unsigned char)kc_latin_ranges[i].base;
    }
    if (kc_is_diacritic(cp)) {
        *ascii = "";
        return 0;
    }
    /* Full-width Ａ..Ｚ ａ..ｚ ０..９: a favourite of filter dodgers. */
    if (cp >= 0xFF21 && cp <= 0xFF3A)
        return 'a' + (cp - 0xFF21);
    if (cp >= 0xFF41 && cp <= 0xFF5A)
        return 'a' + (cp - 0xFF41);
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return '0' + (cp - 0xFF10);
    return kc_fold_case(cp);
}

/* ---- output ------------------------------------------------------------ */

/* The growing comparison form. cap is the input length + 1, which is
 * enough: no character maps to more UTF-8 bytes than it had, and each
 * space stands for at least one separator byte. The check in kc_put is
 * a seatbelt only. */
typedef struct {
    char *buf;
    apr_size_t len, cap;
    apr_uint32_t last;          /* last character written */
    int run;                    /* how many times in a row */
    int space;                  /* a separator is due before the next one */
} kc_out_t;

static void kc_put(kc_out_t *o, apr_uint32_t cp)
{
    char u[4];
    apr_size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    }
    else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    }
    else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (o->len + n >= o->cap)
        return;
    memcpy(o->buf + o->len, u, n);
    o->len += n;
}

/* Append one character of the comparison form: writes the due separator
 * first (never at the start, so the result is trimmed) and swallows the
 * third and later of a run. */
static void kc_emit(kc_out_t *o, apr_uint32_t cp)
{
    if (o->space && o->len) {
        kc_put(o, ' ');
        o->last = ' ';
        o->run = 1;
    }
    o->space = 0;
    if (cp == o->last && o->len) {
        if (++o->run > 2)
            return;
    }
    else {
        o->last = cp;
        o->run = 1;
    }
    kc_put(o, cp);
}

/* Append the comparison form of the word s[0..n) (valid UTF-8). */
static void kc_emit_word(kc_out_t *o, const char *s, apr_size_t n)
{
    const unsigned char *c = (const unsigned char *)s;
    const unsigned char *e = c + n;

    while (c < e) {
        apr_uint32_t cp = 0, mapped;
        const char *ascii;
        apr_size_t k = kc_utf8_next(c, e, &cp);

        if (!k)                 /* cannot happen: the text was cleaned */
            break;
        c += k;
        mapped = kc_map_char(cp, &ascii);
        if (!ascii) {
            kc_emit(o, mapped);
            continue;
        }
        for (; *ascii; ascii++)
            kc_emit(o, (unsigned char)*ascii);
    }
}

/* ---- public ------------------------------------------------------------ */

const char *kc_normalise(apr_pool_t *p, const char *text)
{
    pcre2_match_data *md;
    kc_out_t o;
    apr_size_t len, off = 0;
    int rc;

    if (!text || !*text)
        return "";
    if (!kc_word_re)
        return NULL;
    md = pcre2_match_data_create_from_pattern(kc_word_re, NULL);
    if (!md)
        return NULL;

    len = strlen(text);
    text = kc_utf8_clean(p, text, &len);
    memset(&o, 0, sizeof(o));
    o.cap = len + 1;
    o.buf = apr_palloc(p, o.cap);
    /* The pattern cannot match empty, so off always moves on; a match
     * error (none is expected for one character class) ends the text. */
    while (off < len
           && (rc = pcre2_match(kc_word_re, (PCRE2_SPTR)text, len, off,
                                PCRE2_NO_UTF_CHECK, md, NULL)) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

        o.space = 1;
        kc_emit_word(&o, text + ov[0], ov[1] - ov[0]);
        off = ov[1];
    }
    pcre2_match_data_free(md);
    o.buf[o.len] = '\0';
    return o.buf;
}

const char *kc_normalise_hash(apr_pool_t *p, const char *text)
{
    const char *norm = kc_normalise(p, text);
    unsigned char digest[KC_SHA256_DIGEST_LEN];
    char *hex;
    kc_sha256_t c;

    if (!norm)
        return NULL;
    kc_sha256_init(&c);
    kc_sha256_update(&c, norm, strlen(norm));
    kc_sha256_final(&c, digest);
    hex = apr_palloc(p, 2 * KC_SHA256_DIGEST_LEN + 1);
    kc_sha256_hex(digest, hex);
    return hex;
}

int kc_count_links(const char *text)
{
    pcre2_match_data *md;
    PCRE2_SIZE len, off = 0;
    int n = 0;

    if (!text)
        return 0;
    if (!kc_link_re)
        return -1;
    md = pcre2_match_data_create_from_pattern(kc_link_re, NULL);
    if (!md)
        return -1;
    len = strlen(text);
    /* Neither alternative can match empty, so off always moves on. */
    while (off < len && n < 0x7fffffff
           && pcre2_match(kc_link_re, (PCRE2_SPTR)text, len, off, 0, md,
                          NULL) > 0) {
        off = pcre2_get_ovector_pointer(md)[1];
        n++;
    }
    pcre2_match_data_free(md);
    return n;
}
