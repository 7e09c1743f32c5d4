/*
 * Unit tests for core/kc_escape.c.
 *
 * Build and run from the top of the tree:
 * gcc -std=gnu99 -Wall -Wextra -g -fsanitize=address,undefined $(apr-1-config --cflags --cppflags --includes) $(apu-1-config --includes) -Imod_klascement/core t/unit/test_escape.c mod_klascement/core/kc_escape.c $(pkg-config --cflags --libs check) -lapr-1 -laprutil-1 -o /tmp/test_escape && /tmp/test_escape
 */
#include <stdlib.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>

#include "kc_escape.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

START_TEST(html_each_char)
{
    ck_assert_str_eq(kc_html_escape(pool, "<"), "&lt;");
    ck_assert_str_eq(kc_html_escape(pool, ">"), "&gt;");
    ck_assert_str_eq(kc_html_escape(pool, "&"), "&amp;");
    ck_assert_str_eq(kc_html_escape(pool, "\""), "&quot;");
    ck_assert_str_eq(kc_html_escape(pool, "'"), "&#39;");
    ck_assert_str_eq(kc_html_escape(pool, "a<b>c&d\"e'f"),
                     "a&lt;b&gt;c&amp;d&quot;e&#39;f");
    ck_assert_str_eq(kc_html_escape(pool, "&amp;"), "&amp;amp;");
    ck_assert_str_eq(kc_html_escape(pool, "<<>>"), "&lt;&lt;&gt;&gt;");
}
END_TEST

START_TEST(html_fast_path_and_utf8)
{
    const char *plain = "geen speciale tekens";
    const char *utf8 = "\xC3\xA9\xC3\xA9n \xE2\x88\x91";  /* "één ∑" */

    ck_assert_ptr_eq(kc_html_escape(pool, plain), plain);
    ck_assert_ptr_eq(kc_html_escape(pool, utf8), utf8);
    ck_assert_str_eq(kc_html_escape(pool, "\xC3\xA9<"), "\xC3\xA9&lt;");
    ck_assert_str_eq(kc_html_escape(pool, NULL), "");
    ck_assert_str_eq(kc_html_escape(pool, ""), "");
}
END_TEST

START_TEST(url_encode)
{
    const char *plain = "AZaz09-._~";

    ck_assert_ptr_eq(kc_url_encode(pool, plain), plain);
    ck_assert_str_eq(kc_url_encode(pool, "a b"), "a%20b");
    ck_assert_str_eq(kc_url_encode(pool, "a/b?c=d&e#f+g%"),
                     "a%2Fb%3Fc%3Dd%26e%23f%2Bg%25");
    ck_assert_str_eq(kc_url_encode(pool, "\xC3\xA9\xFF\x01"),
                     "%C3%A9%FF%01");
    ck_assert_str_eq(kc_url_encode(pool, "<'\">"), "%3C%27%22%3E");
    ck_assert_str_eq(kc_url_encode(pool, NULL), "");
}
END_TEST

START_TEST(local_path)
{
    ck_assert_int_eq(kc_is_local_path("/records/1"), 1);
    ck_assert_int_eq(kc_is_local_path("/"), 1);
    ck_assert_int_eq(kc_is_local_path("/a?b=c#d"), 1);
    ck_assert_int_eq(kc_is_local_path("/a//b"), 1);
    ck_assert_int_eq(kc_is_local_path("//evil.example"), 0);
    ck_assert_int_eq(kc_is_local_path("/\\evil"), 0);
    ck_assert_int_eq(kc_is_local_path("/a\\b"), 0);
    ck_assert_int_eq(kc_is_local_path("https://x"), 0);
    ck_assert_int_eq(kc_is_local_path("records"), 0);
    ck_assert_int_eq(kc_is_local_path(""), 0);
    ck_assert_int_eq(kc_is_local_path(NULL), 0);
    ck_assert_int_eq(kc_is_local_path("/a\nb"), 0);
    ck_assert_int_eq(kc_is_local_path("/a\rb"), 0);
    ck_assert_int_eq(kc_is_local_path("/\t/evil"), 0);
    ck_assert_int_eq(kc_is_local_path("/a\x7f"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kc_escape");
    TCase *tc = tcase_create("escape");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, html_each_char);
    tcase_add_test(tc, html_fast_path_and_utf8);
    tcase_add_test(tc, url_encode);
    tcase_add_test(tc, local_path);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
