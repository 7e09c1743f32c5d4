/*
 * Unit tests for core/kc_sniff.c.
 *
 * Build and run from the top of the tree:
 * gcc -std=gnu99 -Wall -Wextra -g -fsanitize=address,undefined $(apr-1-config --cflags --cppflags --includes) -Imod_klascement/core t/unit/test_sniff.c mod_klascement/core/kc_sniff.c $(pkg-config --cflags --libs check) -lapr-1 -o /tmp/test_sniff && /tmp/test_sniff
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>

#include "kc_sniff.h"

#define T_DOCX "application/vnd.openxmlformats-officedocument." \
               "wordprocessingml.document"
#define T_XLSX "application/vnd.openxmlformats-officedocument." \
               "spreadsheetml.sheet"
#define T_PPTX "application/vnd.openxmlformats-officedocument." \
               "presentationml.presentation"
#define T_ODT "application/vnd.oasis.opendocument.text"
#define T_ODS "application/vnd.oasis.opendocument.spreadsheet"
#define T_ODP "application/vnd.oasis.opendocument.presentation"

/* Check the answer, NULL included; ck_assert_str_eq cannot take NULL. */
static void kc_expect(const char *what, const unsigned char *d,
                      apr_size_t len, const char *want)
{
    const char *got = kc_sniff(d, len);

    if (want == NULL)
        ck_assert_msg(got == NULL, "%s: got %s, want NULL", what, got);
    else
        ck_assert_msg(got != NULL && strcmp(got, want) == 0,
                      "%s: got %s, want %s", what, got ? got : "NULL", want);
}

/* A literal's bytes and length, embedded NULs included. */
#define B(s) (const unsigned char *)(s), (sizeof(s) - 1)

/* ---- fixed signatures, as a table ----------------------------------- */

static const struct {
    const char *what;
    const unsigned char *data;
    apr_size_t len;
    const char *want;
} kc_cases[] = {
    { "jpeg", B("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01"), "image/jpeg" },
    { "png", B("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"), "image/png" },
    { "gif87a", B("GIF87a\x01\x00\x01\x00\x80\x00\x00"), "image/gif" },
    { "gif89a", B("GIF89a\x01\x00\x01\x00\x80\x00\x00"), "image/gif" },
    { "webp", B("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"),
      "image/webp" },
    { "wav", B("RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00"),
      "audio/wav" },
    { "riff avi", B("RIFF\x24\x08\x00\x00" "AVI LIST\x10\x00\x00\x00"),
      NULL },
    { "pdf", B("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), "application/pdf" },
    { "flac", B("fLaC\x00\x00\x00\x22\x10\x00"), "audio/flac" },
    { "flac last", B("fLaC\x80\x00\x00\x22\x10\x00"), "audio/flac" },
    { "id3", B("ID3\x04\x00\x00\x00\x00\x01\x0A"), "audio/mpeg" },
    { "id3v2.2", B("ID3\x02\x00\x00\x00\x00\x00\x7F"), "audio/mpeg" },
    { "mp3 frame", B("\xFF\xFB\x90\x64\x00\x00"), "audio/mpeg" },
    { "mp2 frame", B("\xFF\xFD\x90\x64\x00\x00"), "audio/mpeg" },
    { "mpeg2.5 frame", B("\xFF\xE3\x18\xC4\x00\x00"), "audio/mpeg" },
    { "mp4 isom", B("\x00\x00\x00\x20" "ftypisom\x00\x00\x02\x00isomiso2"),
      "video/mp4" },
    { "mp4 mp42", B("\x00\x00\x00\x18" "ftypmp42\x00\x00\x00\x00mp42"),
      "video/mp4" },
    { "m4a", B("\x00\x00\x00\x20" "ftypM4A \x00\x00\x00\x00M4A mp42"),
      "audio/mp4" },
    { "heic", B("\x00\x00\x00\x18" "ftypheic\x00\x00\x00\x00mif1"), NULL },
    { "quicktime", B("\x00\x00\x00\x14" "ftypqt  \x00\x00\x02\x00"), NULL },
    { "webm", B("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81\x01"
                "\x42\xF2\x81\x04\x42\xF3\x81\x08\x42\x82\x84webm"
                "\x42\x87\x81\x04\x42\x85\x81\x02"), "video/webm" },
    { "matroska", B("\x1A\x45\xDF\xA3\xA3\x42\x86\x81\x01\x42\xF7\x81\x01"
                    "\x42\xF2\x81\x04\x42\xF3\x81\x08\x42\x82\x88matroska"
                    "\x42\x87\x81\x04\x42\x85\x81\x02"), NULL },
    { "empty zip", B("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                     "\x00\x00\x00\x00\x00\x00\x00\x00"), "application/zip" },
    { "truncated zip header", B("PK\x03\x04\x14\x00\x00\x00"),
      "application/zip" },

    /* Text. */
    { "ascii", B("Hallo klas,\r\n\tdag 1\fdag 2\n"), "text/plain" },
    { "utf8", B("\xC3\xA9\xC3\xA9n \xE2\x88\x91 \xF0\x9F\x98\x80 \xEF\xBF\xBD"),
      "text/plain" },
    { "utf8 bom", B("\xEF\xBB\xBFtekst"), "text/plain" },
    { "max code point", B("a\xF4\x8F\xBF\xBF"), "text/plain" },
    { "cut 2-byte at end", B("caf\xC3"), "text/plain" },
    { "cut 3-byte at end", B("som \xE2\x88"), "text/plain" },
    { "cut 4-byte at end", B("lach \xF0\x9F\x98"), "text/plain" },
    { "ID3 as words", B("ID3 tags explained"), "text/plain" },
    { "fLaC as words", B("fLaCk jacket"), "text/plain" },
    { "OggS as words", B("OggS are nice"), "text/plain" },
    { "less than", B("x < y and 1<2 and a<bc"), "text/plain" },

    /* Not text. */
    { "nul", B("abc\x00" "def"), NULL },
    { "escape", B("red \x1B[31m"), NULL },
    { "bell", B("ding\x07"), NULL },
    { "del", B("abc\x7F"), NULL },
    { "lone continuation", B("abc\x80" "def"), NULL },
    { "overlong slash", B("\xC0\xAF"), NULL },
    { "overlong C1", B("\xC1\xBF"), NULL },
    { "overlong 3-byte", B("\xE0\x80\xAF"), NULL },
    { "surrogate", B("\xED\xA0\x80"), NULL },
    { "above U+10FFFF", B("\xF4\x90\x80\x80"), NULL },
    { "F5 lead", B("\xF5\x80\x80\x80"), NULL },
    { "FE", B("ab\xFE"), NULL },
    { "FF", B("ab\xFF"), NULL },
    { "cut sequence mid-text", B("\xE2\x82" "a"), NULL },
    { "bad prefix at end", B("abc\xE0\x80"), NULL },
    { "latin1", B("caf\xE9 au lait"), NULL },
    { "utf16le", B("\xFF\xFEh\x00i\x00"), NULL },

    /* Scriptable markup: never text/html, svg or text/plain. */
    { "html", B("<html>"), NULL },
    { "HTML upper", B("  \r\n<HTML><BODY>hi</BODY></HTML>"), NULL },
    { "doctype", B("<!DOCTYPE html>\n<p>hi"), NULL },
    { "comment", B("<!-- nothing -->"), NULL },
    { "script later", B("hello\n<script>alert(1)</script>"), NULL },
    { "svg", B("<svg xmlns=\"http://www.w3.org/2000/svg\">"), NULL },
    { "svg cut", B("<svg"), NULL },
    { "svg upper", B("<SVG\nonload=alert(1)>"), NULL },
    { "xml prolog", B("<?xml version=\"1.0\"?><svg/>"), NULL },
    { "iframe", B("text <iframe src=x>"), NULL },
    { "anchor", B("see <a href=x>here</a>"), NULL },
    { "img onerror", B("<img src=x onerror=alert(1)>"), NULL },

    /* Signatures cut short or almost right. */
    { "png 4 bytes", B("\x89PNG"), NULL },
    { "png 7 bytes", B("\x89PNG\r\n\x1A"), NULL },
    { "jpeg 2 bytes", B("\xFF\xD8"), NULL },
    { "mpeg reserved version", B("\xFF\xEB\x90\x64"), NULL },
    { "mpeg bad bitrate", B("\xFF\xFB\xF0\x64"), NULL },
    { "mpeg bad rate", B("\xFF\xFB\x9C\x64"), NULL },
    { "adts aac", B("\xFF\xF1\x50\x80\x02\x1F\xFC"), NULL },
    { "ff fill", B("\xFF\xFF\xFF\xFF"), NULL },
    { "mpeg layer I", B("\xFF\xFF\x90\x64"), NULL },
    { "ID3 bad version", B("ID3\x09\x00\x00\x00\x00\x00\x00"), NULL },
    { "ID3 bad size", B("ID3\x03\x00\x00\x00\x00\x80\x00"), NULL },
};
#define KC_NCASES ((int)(sizeof(kc_cases) / sizeof(kc_cases[0])))

START_TEST(table)
{
    kc_expect(kc_cases[_i].what, kc_cases[_i].data, kc_cases[_i].len,
              kc_cases[_i].want);
}
END_TEST

START_TEST(empty_and_null)
{
    kc_expect("NULL", NULL, 10, NULL);
    kc_expect("empty", (const unsigned char *)"x", 0, NULL);
}
END_TEST

/* Deterministic pseudo-random bytes (a fixed LCG) so a failure repeats. */
START_TEST(random_binary)
{
    unsigned char buf[KC_SNIFF_LEN];
    apr_uint32_t x = 12345u + (apr_uint32_t)_i;
    apr_size_t i;

    for (i = 0; i < sizeof(buf); i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
    kc_expect("random", buf, sizeof(buf), NULL);
    kc_expect("random 16", buf, 16, NULL);
}
END_TEST

/* ---- windowing ------------------------------------------------------ */

START_TEST(window_cut)
{
    unsigned char buf[KC_SNIFF_LEN + 16];
    apr_size_t i;

    for (i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)('a' + i % 26);
    kc_expect("long ascii", buf, sizeof(buf), "text/plain");

    /* A euro sign straddling the window edge: the part we see is a
     * valid beginning, the rest is beyond the window. */
    memcpy(buf + KC_SNIFF_LEN - 2, "\xE2\x82\xAC", 3);
    kc_expect("euro across edge", buf, sizeof(buf), "text/plain");
    kc_expect("euro cut by length", buf, KC_SNIFF_LEN, "text/plain");

    /* What lies past the window does not count, good or bad. */
    for (i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)('a' + i % 26);
    buf[KC_SNIFF_LEN] = 0;
    kc_expect("nul past window", buf, sizeof(buf), "text/plain");
    buf[KC_SNIFF_LEN - 1] = 0;
    kc_expect("nul at window end", buf, sizeof(buf), NULL);
}
END_TEST

/* ---- zip ------------------------------------------------------------ */

/* Append a zip local file header plus content at buf[*off]; csize is what
 * the header claims, content_len what is actually written. */
static void kc_zip_add(unsigned char *buf, apr_size_t *off,
                       const char *name, unsigned method, unsigned flags,
                       apr_uint32_t csize, const char *content,
                       apr_size_t content_len)
{
    unsigned char *h = buf + *off;
    apr_size_t nlen = strlen(name);

    memset(h, 0, 30);
    memcpy(h, "PK\x03\x04", 4);
    h[4] = 20;                          /* version needed: 2.0 */
    h[6] = (unsigned char)flags;
    h[8] = (unsigned char)method;
    h[18] = (unsigned char)csize;
    h[19] = (unsigned char)(csize >> 8);
    h[20] = (unsigned char)(csize >> 16);
    h[21] = (unsigned char)(csize >> 24);
    h[22] = h[18]; h[23] = h[19]; h[24] = h[20]; h[25] = h[21];
    h[26] = (unsigned char)nlen;
    memcpy(h + 30, name, nlen);
    memcpy(h + 30 + nlen, content, content_len);
    *off += 30 + nlen + content_len;
}

/* One stored entry whose header size matches its content. */
static apr_size_t kc_zip1(unsigned char *buf, const char *name,
                          const char *content)
{
    apr_size_t off = 0, n = strlen(content);

    kc_zip_add(buf, &off, name, 0, 0, (apr_uint32_t)n, content, n);
    return off;
}

START_TEST(zip_odf)
{
    unsigned char buf[1024];
    apr_size_t n, off = 0;

    n = kc_zip1(buf, "mimetype", T_ODT);
    kc_expect("odt", buf, n, T_ODT);
    n = kc_zip1(buf, "mimetype", T_ODS);
    kc_expect("ods", buf, n, T_ODS);
    n = kc_zip1(buf, "mimetype", T_ODP);
    kc_expect("odp", buf, n, T_ODP);
    n = kc_zip1(buf, "mimetype", T_ODT "-template");
    kc_expect("ott", buf, n, "application/zip");
    n = kc_zip1(buf, "mimetype", "application/vnd.oasis.opendocument.graphics");
    kc_expect("odg", buf, n, "application/zip");
    n = kc_zip1(buf, "mimetype", "application/vnd.oasis.opendocument.te");
    kc_expect("odt prefix", buf, n, "application/zip");
    /* Content cut by the window: cannot confirm, so plain zip. */
    n = kc_zip1(buf, "mimetype", T_ODT);
    kc_expect("odt cut", buf, n - 1, "application/zip");
    /* Deflated mimetype breaks the ODF rules: the bytes are not the type. */
    kc_zip_add(buf, &off, "mimetype", 8, 0, (apr_uint32_t)strlen(T_ODT),
               T_ODT, strlen(T_ODT));
    kc_expect("deflated mimetype", buf, off, "application/zip");
    n = kc_zip1(buf, "Mimetype", T_ODT);
    kc_expect("name case", buf, n, "application/zip");
}
END_TEST

START_TEST(zip_ooxml)
{
    unsigned char buf[1024];
    apr_size_t n, off;
    static const char junk[40] = "deflated bytes, whatever they are....";

    n = kc_zip1(buf, "word/document.xml", "x");
    kc_expect("word first", buf, n, T_DOCX);
    n = kc_zip1(buf, "xl/workbook.xml", "x");
    kc_expect("xl first", buf, n, T_XLSX);
    n = kc_zip1(buf, "ppt/presentation.xml", "x");
    kc_expect("ppt first", buf, n, T_PPTX);
    n = kc_zip1(buf, "docProps/app.xml", "x");
    kc_expect("docProps first", buf, n, "application/zip");
    n = kc_zip1(buf, "[Content_Types].xml", "x");
    kc_expect("content types only", buf, n, "application/zip");
    n = kc_zip1(buf, "notes.txt", "x");
    kc_expect("ordinary zip", buf, n, "application/zip");
    n = kc_zip1(buf, "words/x.xml", "x");
    kc_expect("words/ is not word/", buf, n, "application/zip");

    /* Office's order: [Content_Types].xml, then a later entry that says
     * which kind, both inside the window. */
    off = 0;
    kc_zip_add(buf, &off, "[Content_Types].xml", 8, 0, sizeof(junk),
               junk, sizeof(junk));
    kc_zip_add(buf, &off, "_rels/.rels", 8, 0, sizeof(junk),
               junk, sizeof(junk));
    kc_zip_add(buf, &off, "xl/workbook.xml", 8, 0, sizeof(junk),
               junk, sizeof(junk));
    kc_expect("xlsx third entry", buf, off, T_XLSX);

    /* With a data descriptor the next header cannot be found. */
    off = 0;
    kc_zip_add(buf, &off, "[Content_Types].xml", 8, 0x08, 0,
               junk, sizeof(junk));
    kc_zip_add(buf, &off, "word/document.xml", 8, 0, sizeof(junk),
               junk, sizeof(junk));
    kc_expect("data descriptor", buf, off, "application/zip");

    /* A size pointing past the window ends the walk quietly. */
    off = 0;
    kc_zip_add(buf, &off, "[Content_Types].xml", 8, 0, 0x7FFFFFFF,
               junk, sizeof(junk));
    kc_expect("huge entry", buf, off, "application/zip");
    off = 0;
    kc_zip_add(buf, &off, "[Content_Types].xml", 8, 0, 0xFFFFFFFF,
               junk, sizeof(junk));
    kc_expect("zip64 entry", buf, off, "application/zip");
}
END_TEST

START_TEST(zip_truncated)
{
    unsigned char buf[128];
    apr_size_t n = kc_zip1(buf, "word/document.xml", "x"), i;

    /* Every prefix is still a zip, and never read past its end (ASan). */
    for (i = 4; i <= n; i++) {
        unsigned char *copy = malloc(i);

        ck_assert_ptr_nonnull(copy);
        memcpy(copy, buf, i);
        ck_assert_ptr_nonnull(kc_sniff(copy, i));
        free(copy);
    }
    kc_expect("name cut", buf, 30 + 4, "application/zip");
}
END_TEST

/* ---- ogg ------------------------------------------------------------ */

/* Append one Ogg page holding a single packet; bos marks a
 * beginning-of-stream page. */
static void kc_ogg_page(unsigned char *buf, apr_size_t *off, int bos,
                        const char *packet, apr_size_t plen)
{
    unsigned char *p = buf + *off;

    memset(p, 0, 28);
    memcpy(p, "OggS", 4);
    p[5] = bos ? 0x02 : 0x00;
    p[14] = (unsigned char)(*off + 1);  /* serial: any, differs per page */
    p[26] = 1;                          /* one lacing value */
    p[27] = (unsigned char)plen;        /* plen < 255 here */
    memcpy(p + 28, packet, plen);
    *off += 28 + plen;
}

#define P(s) (s), (sizeof(s) - 1)

START_TEST(ogg)
{
    unsigned char buf[1024];
    apr_size_t off;

    off = 0;
    kc_ogg_page(buf, &off, 1, P("\x01vorbis\x00\x00\x00\x00\x02"));
    kc_expect("vorbis", buf, off, "audio/ogg");
    off = 0;
    kc_ogg_page(buf, &off, 1, P("OpusHead\x01\x02"));
    kc_expect("opus", buf, off, "audio/ogg");
    off = 0;
    kc_ogg_page(buf, &off, 1, P("\x80theora\x03\x02\x01"));
    kc_expect("theora", buf, off, "video/ogg");
    off = 0;
    kc_ogg_page(buf, &off, 1, P("\x01video\x00\x00\x00" "DIVX"));
    kc_expect("ogm video", buf, off, "video/ogg");

    /* Skeleton first, Theora's BOS page second. */
    off = 0;
    kc_ogg_page(buf, &off, 1, P("fishead\x00\x03\x00"));
    kc_ogg_page(buf, &off, 1, P("\x80theora\x03\x02\x01"));
    kc_ogg_page(buf, &off, 1, P("\x01vorbis\x00\x00\x00\x00\x02"));
    kc_expect("skeleton + theora", buf, off, "video/ogg");

    /* "theora" in a later, non-BOS page (a comment, say) is not a
     * video stream. */
    off = 0;
    kc_ogg_page(buf, &off, 1, P("\x01vorbis\x00\x00\x00\x00\x02"));
    kc_ogg_page(buf, &off, 0, P("\x03vorbis title=theora"));
    kc_expect("theora in comment", buf, off, "audio/ogg");

    /* Lacing values that claim more than we have. */
    off = 0;
    kc_ogg_page(buf, &off, 1, P("\x01vorbis"));
    buf[26] = 255;
    kc_expect("bad lacing", buf, off, "audio/ogg");
    kc_expect("ogg header only", buf, 10, "audio/ogg");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kc_sniff");
    TCase *tc = tcase_create("sniff");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_loop_test(tc, table, 0, KC_NCASES);
    tcase_add_test(tc, empty_and_null);
    tcase_add_loop_test(tc, random_binary, 0, 8);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, zip_odf);
    tcase_add_test(tc, zip_ooxml);
    tcase_add_test(tc, zip_truncated);
    tcase_add_test(tc, ogg);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
