/*
 * Unit tests for the XML writer (core/kc_xml.c).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "kc_xml.h"

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static const char *done(kc_xml_t *x)
{
    const char *out = NULL;
    apr_size_t len = 0;
    ck_assert_int_eq(kc_xml_finish(x, &out, &len), APR_SUCCESS);
    ck_assert_uint_eq(len, strlen(out));
    return out;
}

START_TEST(structure)
{
    kc_xml_t *x = kc_xml_make(pool);
    kc_xml_start(x, "OAI-PMH", "xmlns", "http://www.openarchives.org/OAI/2.0/",
                 "skipped", NULL, "b", "2", NULL);
    kc_xml_elem(x, "dc:title", "T", NULL);
    kc_xml_elem(x, "error", "no", "code", "badVerb", NULL);
    kc_xml_start(x, "empty", NULL);
    kc_xml_end(x);
    kc_xml_end(x);
    ck_assert_str_eq(done(x), DECL "<OAI-PMH xmlns=\"http://www.openarchives."
                     "org/OAI/2.0/\" b=\"2\"><dc:title>T</dc:title><error "
                     "code=\"badVerb\">no</error><empty></empty></OAI-PMH>");
}
END_TEST

START_TEST(escapes)
{
    kc_xml_t *x = kc_xml_make(pool);
    kc_xml_elem(x, "a", "<b> & \"c\" 'd'", "q", "x\"<&'>", NULL);
    ck_assert_str_eq(done(x), DECL "<a q=\"x&quot;&lt;&amp;&apos;&gt;\">"
                     "&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</a>");
    ck_assert_str_eq(kc_xml_escape(pool, NULL), "");
    ck_assert_str_eq(kc_xml_escape(pool, "]]>"), "]]&gt;");
}
END_TEST

START_TEST(illegal_characters)
{
    char all[40];
    int i;
    /* Every C0 control but tab, LF, CR is dropped. */
    for (i = 1; i < 32; i++) {
        all[i - 1] = (char)i;
    }
    all[31] = 'x';
    all[32] = '\0';
    ck_assert_str_eq(kc_xml_escape(pool, all), "\t\n\rx");
    /* U+FFFE and U+FFFF are not XML characters; U+FFFD and U+10FFFF are. */
    ck_assert_str_eq(kc_xml_escape(pool, "a\xEF\xBF\xBE" "b\xEF\xBF\xBF" "c"),
                     "abc");
    ck_assert_str_eq(kc_xml_escape(pool, "\xEF\xBF\xBD\xF4\x8F\xBF\xBF"),
                     "\xEF\xBF\xBD\xF4\x8F\xBF\xBF");
    /* Ordinary UTF-8 passes unchanged. */
    ck_assert_str_eq(kc_xml_escape(pool, "caf\xC3\xA9 \xE2\x82\xAC"),
                     "caf\xC3\xA9 \xE2\x82\xAC");
}
END_TEST

START_TEST(invalid_utf8)
{
    /* A lone continuation byte, a truncated sequence, an overlong '/', an
     * encoded surrogate: each bad byte becomes U+FFFD. */
    ck_assert_str_eq(kc_xml_escape(pool, "a\x80" "b"), "a\xEF\xBF\xBD" "b");
    ck_assert_str_eq(kc_xml_escape(pool, "\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    ck_assert_str_eq(kc_xml_escape(pool, "\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    ck_assert_str_eq(kc_xml_escape(pool, "\xED\xA0\x80"),
                     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}
END_TEST

START_TEST(misuse)
{
    const char *out;
    kc_xml_t *x = kc_xml_make(pool);
    kc_xml_start(x, "a", NULL);                      /* never closed */
    ck_assert_int_ne(kc_xml_finish(x, &out, NULL), APR_SUCCESS);

    x = kc_xml_make(pool);
    kc_xml_end(x);                                    /* nothing open */
    ck_assert_int_ne(kc_xml_finish(x, &out, NULL), APR_SUCCESS);

    x = kc_xml_make(pool);
    kc_xml_elem(x, "a b", "x", NULL);                 /* not a name */
    ck_assert_int_ne(kc_xml_finish(x, &out, NULL), APR_SUCCESS);

    x = kc_xml_make(pool);
    kc_xml_elem(x, "a", "x", "on\"click", "1", NULL);  /* bad attribute */
    ck_assert_int_ne(kc_xml_finish(x, &out, NULL), APR_SUCCESS);

    x = kc_xml_make(pool);
    kc_xml_text(x, "outside");                       /* text before the root */
    ck_assert_int_ne(kc_xml_finish(x, &out, NULL), APR_SUCCESS);
}
END_TEST

START_TEST(large)
{
    kc_xml_t *x = kc_xml_make(pool);
    const char *out;
    int i;
    kc_xml_start(x, "list", NULL);
    for (i = 0; i < 20000; i++) {
        kc_xml_elem(x, "i", "<&>", NULL);
    }
    kc_xml_end(x);
    out = done(x);
    ck_assert_uint_eq(strlen(out), strlen(DECL) + 13
                      + 20000 * strlen("<i>&lt;&amp;&gt;</i>"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xml");
    TCase *tc = tcase_create("writer");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, structure);
    tcase_add_test(tc, escapes);
    tcase_add_test(tc, illegal_characters);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, misuse);
    tcase_add_test(tc, large);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
