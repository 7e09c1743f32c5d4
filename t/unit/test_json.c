/*
 * Unit tests for the JSON writer (core/kc_json.c).
 *
 * Build and run from the top of the tree:
 * gcc -std=gnu99 -Wall -Wextra -g -fsanitize=address,undefined $(apr-1-config --cflags --cppflags --includes) $(apu-1-config --includes) -Imod_klascement/core t/unit/test_json.c mod_klascement/core/kc_json.c $(pkg-config --cflags --libs check) -lapr-1 -laprutil-1 -o /tmp/test_json && /tmp/test_json
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "kc_json.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

/* The finished document, which must be complete and well-formed. */
static const char *done(kc_json_t *j)
{
    const char *out = NULL;
    apr_size_t len = 0;

    ck_assert_int_eq(kc_json_finish(j, &out, &len), APR_SUCCESS);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(len, strlen(out));
    return out;
}

static void bad(kc_json_t *j)
{
    const char *out = "unset";
    apr_size_t len = 7;

    ck_assert_int_eq(kc_json_finish(j, &out, &len), APR_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(len, 0);
}

/* s written as the only value of a document. */
static const char *str1(const char *s)
{
    kc_json_t *j = kc_json_make(pool);

    kc_json_str(j, s);
    return done(j);
}

static const char *num1(const char *s)
{
    kc_json_t *j = kc_json_make(pool);

    kc_json_num(j, s);
    return done(j);
}

/* ---- structure ---------------------------------------------------------- */

START_TEST(scalars)
{
    kc_json_t *j;

    ck_assert_str_eq(str1("abc"), "\"abc\"");
    ck_assert_str_eq(str1(""), "\"\"");
    ck_assert_str_eq(str1(NULL), "null");
    j = kc_json_make(pool);
    kc_json_int(j, 0);
    ck_assert_str_eq(done(j), "0");
    j = kc_json_make(pool);
    kc_json_int(j, LLONG_MIN);
    ck_assert_str_eq(done(j), "-9223372036854775808");
    j = kc_json_make(pool);
    kc_json_int(j, LLONG_MAX);
    ck_assert_str_eq(done(j), "9223372036854775807");
    j = kc_json_make(pool);
    kc_json_int(j, -42);
    ck_assert_str_eq(done(j), "-42");
    j = kc_json_make(pool);
    kc_json_bool(j, 7);
    ck_assert_str_eq(done(j), "true");
    j = kc_json_make(pool);
    kc_json_bool(j, 0);
    ck_assert_str_eq(done(j), "false");
    j = kc_json_make(pool);
    kc_json_null(j);
    ck_assert_str_eq(done(j), "null");
}
END_TEST

START_TEST(nesting_and_commas)
{
    kc_json_t *j = kc_json_make(pool);

    kc_json_obj_begin(j);
    kc_json_kv_str(j, "a", "x");
    kc_json_kv_int(j, "b", 1);
    kc_json_kv_bool(j, "c", 1);
    kc_json_kv_str(j, "d", NULL);
    kc_json_kv_null(j, "e");
    kc_json_kv_num(j, "f", "4.2");
    kc_json_key(j, "g");
    kc_json_arr_begin(j);
    kc_json_int(j, 1);
    kc_json_str(j, "two");
    kc_json_arr_begin(j);
    kc_json_arr_end(j);
    kc_json_obj_begin(j);
    kc_json_obj_end(j);
    kc_json_obj_begin(j);
    kc_json_kv_bool(j, "h", 0);
    kc_json_key(j, "i");
    kc_json_arr_begin(j);
    kc_json_null(j);
    kc_json_arr_end(j);
    kc_json_obj_end(j);
    kc_json_arr_end(j);
    kc_json_key(j, "k\"<");
    kc_json_obj_begin(j);
    kc_json_obj_end(j);
    kc_json_obj_end(j);
    ck_assert_str_eq(done(j),
                     "{\"a\":\"x\",\"b\":1,\"c\":true,\"d\":null,\"e\":null,"
                     "\"f\":4.2,\"g\":[1,\"two\",[],{},{\"h\":false,"
                     "\"i\":[null]}],\"k\\\"\\u003c\":{}}");
}
END_TEST

START_TEST(top_level_array)
{
    kc_json_t *j = kc_json_make(pool);

    kc_json_arr_begin(j);
    kc_json_bool(j, 0);
    kc_json_num(j, "abc");
    kc_json_arr_end(j);
    ck_assert_str_eq(done(j), "[false,null]");
    /* Asking again gives the same document. */
    ck_assert_str_eq(done(j), "[false,null]");
}
END_TEST

START_TEST(deep_and_large)
{
    kc_json_t *j = kc_json_make(pool);
    const char *out;
    int i;

    for (i = 0; i < 1000; i++)
        kc_json_arr_begin(j);
    for (i = 0; i < 1000; i++)
        kc_json_arr_end(j);
    out = done(j);
    ck_assert_uint_eq(strlen(out), 2000);
    ck_assert(out[999] == '[' && out[1000] == ']');

    /* Many growths of the buffer. */
    j = kc_json_make(pool);
    kc_json_arr_begin(j);
    for (i = 0; i < 50000; i++)
        kc_json_str(j, "<>");
    kc_json_arr_end(j);
    out = done(j);
    ck_assert_uint_eq(strlen(out), 2 + 50000 * 14 + 49999);
    ck_assert(strncmp(out, "[\"\\u003c\\u003e\",\"", 17) == 0);
}
END_TEST

/* ---- misuse ------------------------------------------------------------- */

START_TEST(unbalanced)
{
    kc_json_t *j;

    j = kc_json_make(pool);                 /* nothing written */
    bad(j);
    j = kc_json_make(pool);
    kc_json_obj_begin(j);
    bad(j);
    j = kc_json_make(pool);
    kc_json_arr_begin(j);
    kc_json_arr_begin(j);
    kc_json_arr_end(j);
    bad(j);
    j = kc_json_make(pool);
    kc_json_obj_end(j);
    bad(j);
    j = kc_json_make(pool);
    kc_json_arr_begin(j);
    kc_json_obj_end(j);                     /* wrong kind */
    kc_json_arr_end(j);
    bad(j);
    j = kc_json_make(pool);
    kc_json_obj_begin(j);
    kc_json_arr_end(j);
    kc_json_obj_end(j);
    bad(j);
    j = kc_json_make(pool);
    kc_json_arr_begin(j);
    kc_json_arr_end(j);
    kc_json_arr_end(j);                     /* one too many */
    bad(j);
}
END_TEST

START_TEST(key_value_sequence)
{
    kc_json_t *j;

    j = kc_json_make(pool);                 /* value without key */
    kc_json_obj_begin(j);
    kc_json_int(j, 1);
    kc_json_obj_end(j);
    bad(j);
    j = kc_json_make(pool);                 /* key without value */
    kc_json_obj_begin(j);
    kc_json_key(j, "a");
    kc_json_obj_end(j);
    bad(j);
    j = kc_json_make(pool);                 /* two keys in a row */
    kc_json_obj_begin(j);
    kc_json_key(j, "a");
    kc_json_key(j, "b");
    kc_json_int(j, 1);
    kc_json_obj_end(j);
    bad(j);
    j = kc_json_make(pool);                 /* key in an array */
    kc_json_arr_begin(j);
    kc_json_key(j, "a");
    kc_json_int(j, 1);
    kc_json_arr_end(j);
    bad(j);
    j = kc_json_make(pool);                 /* key at top level */
    kc_json_key(j, "a");
    kc_json_int(j, 1);
    bad(j);
    j = kc_json_make(pool);                 /* NULL key */
    kc_json_obj_begin(j);
    kc_json_kv_int(j, NULL, 1);
    kc_json_obj_end(j);
    bad(j);
    j = kc_json_make(pool);                 /* two top-level values */
    kc_json_int(j, 1);
    kc_json_int(j, 2);
    bad(j);
    j = kc_json_make(pool);                 /* a write after finish */
    kc_json_null(j);
    ck_assert_str_eq(done(j), "null");
    kc_json_null(j);
    bad(j);
}
END_TEST

/* ---- strings ------------------------------------------------------------ */

START_TEST(escapes)
{
    ck_assert_str_eq(str1("\""), "\"\\\"\"");
    ck_assert_str_eq(str1("\\"), "\"\\\\\"");
    ck_assert_str_eq(str1("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
    ck_assert_str_eq(str1("\x01\x1f\x0b"), "\"\\u0001\\u001f\\u000b\"");
    ck_assert_str_eq(str1("/ ' \x7f ~"), "\"/ ' \x7f ~\"");
    ck_assert_str_eq(str1("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
}
END_TEST

START_TEST(every_control_char)
{
    char in[2] = { 0, 0 };
    unsigned c;

    for (c = 1; c < 0x20; c++) {
        const char *want;
        in[0] = (char)c;
        switch (c) {
        case '\n': want = "\"\\n\""; break;
        case '\r': want = "\"\\r\""; break;
        case '\t': want = "\"\\t\""; break;
        case '\b': want = "\"\\b\""; break;
        case '\f': want = "\"\\f\""; break;
        default: want = apr_psprintf(pool, "\"\\u%04x\"", c); break;
        }
        ck_assert_str_eq(str1(in), want);
    }
}
END_TEST

START_TEST(html_safe)
{
    ck_assert_str_eq(str1("<>&"), "\"\\u003c\\u003e\\u0026\"");
    ck_assert_str_eq(str1("</script><!--"),
                     "\"\\u003c/script\\u003e\\u003c!--\"");
    ck_assert_str_eq(str1("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c"),
                     "\"a\\u2028b\\u2029c\"");
    /* Neighbours of U+2028/9 pass through. */
    ck_assert_str_eq(str1("\xE2\x80\xA7\xE2\x80\xAA"),
                     "\"\xE2\x80\xA7\xE2\x80\xAA\"");
}
END_TEST

START_TEST(valid_utf8)
{
    /* é, €, U+10FFFF, U+D7FF, U+E000, U+10000: all well-formed. */
    const char *s = "\xC3\xA9\xE2\x82\xAC\xF4\x8F\xBF\xBF\xED\x9F\xBF"
                    "\xEE\x80\x80\xF0\x90\x80\x80";

    ck_assert_str_eq(str1(s), apr_pstrcat(pool, "\"", s, "\"", NULL));
}
END_TEST

#define FFFD "\xEF\xBF\xBD"

START_TEST(invalid_utf8)
{
    ck_assert_str_eq(str1("a\x80z"), "\"a" FFFD "z\"");   /* lone cont. */
    ck_assert_str_eq(str1("\xFF\xFE"), "\"" FFFD FFFD "\"");
    ck_assert_str_eq(str1("\xC0\xAF"), "\"" FFFD FFFD "\"");   /* overlong */
    ck_assert_str_eq(str1("\xC1\xBF"), "\"" FFFD FFFD "\"");
    ck_assert_str_eq(str1("\xE0\x80\xAF"),                     /* overlong */
                     "\"" FFFD FFFD FFFD "\"");
    ck_assert_str_eq(str1("\xF0\x80\x80\xAF"),
                     "\"" FFFD FFFD FFFD FFFD "\"");
    ck_assert_str_eq(str1("\xED\xA0\x80"),                     /* surrogate */
                     "\"" FFFD FFFD FFFD "\"");
    ck_assert_str_eq(str1("\xF4\x90\x80\x80"),                 /* >10FFFF */
                     "\"" FFFD FFFD FFFD FFFD "\"");
    ck_assert_str_eq(str1("\xF5\x80"), "\"" FFFD FFFD "\"");
    /* A truncated sequence is one maximal subpart: one U+FFFD. */
    ck_assert_str_eq(str1("x\xE2\x82"), "\"x" FFFD "\"");
    ck_assert_str_eq(str1("\xE2\x82<"), "\"" FFFD "\\u003c\"");
    ck_assert_str_eq(str1("\xF0\x9F\x98"), "\"" FFFD "\"");
    ck_assert_str_eq(str1("\xF0\x9F\x98\xC3\xA9"), "\"" FFFD "\xC3\xA9\"");
    ck_assert_str_eq(str1("\xC3"), "\"" FFFD "\"");
    /* Escaping also applies to keys. */
    {
        kc_json_t *j = kc_json_make(pool);
        kc_json_obj_begin(j);
        kc_json_kv_str(j, "\xC3<", "\xE2\x80\xA8");
        kc_json_obj_end(j);
        ck_assert_str_eq(done(j), "{\"" FFFD "\\u003c\":\"\\u2028\"}");
    }
}
END_TEST

START_TEST(quote_helper)
{
    apr_size_t len = 99;

    ck_assert_str_eq(kc_json_quote(pool, NULL, &len), "null");
    ck_assert_uint_eq(len, 4);
    ck_assert_str_eq(kc_json_quote(pool, "", &len), "\"\"");
    ck_assert_uint_eq(len, 2);
    ck_assert_str_eq(kc_json_quote(pool, "</script>\"\xC3\xA9\x80", &len),
                     "\"\\u003c/script\\u003e\\\"\xC3\xA9" FFFD "\"");
    ck_assert_uint_eq(len, strlen("\"\\u003c/script\\u003e\\\"\xC3\xA9"
                                  FFFD "\""));
    ck_assert_str_eq(kc_json_quote(pool, "plain", NULL), "\"plain\"");
}
END_TEST

/* ---- numbers ------------------------------------------------------------ */

START_TEST(numbers)
{
    const char *ok[] = { "4.2", "1e5", "-0.5", "0", "-0", "10", "1E+5",
                         "1e-05", "123.456e7", "-12.0E-3" };
    const char *no[] = { "abc", "", "-", "+1", "01", "-01", ".5", "5.",
                         "1e", "1e+", "1.e5", "0x10", "NaN", "inf",
                         "-Infinity", " 1", "1 ", "1,5", "4.2a", "--1",
                         "1e5.0" };
    unsigned i;

    for (i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
        ck_assert_msg(kc_json_is_number(ok[i]), "'%s' is a number", ok[i]);
        ck_assert_str_eq(num1(ok[i]), ok[i]);
    }
    for (i = 0; i < sizeof(no) / sizeof(*no); i++) {
        ck_assert_msg(!kc_json_is_number(no[i]), "'%s' is no number", no[i]);
        ck_assert_str_eq(num1(no[i]), "null");
    }
    ck_assert(!kc_json_is_number(NULL));
    ck_assert_str_eq(num1(NULL), "null");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kc_json");
    TCase *tc = tcase_create("json");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, scalars);
    tcase_add_test(tc, nesting_and_commas);
    tcase_add_test(tc, top_level_array);
    tcase_add_test(tc, deep_and_large);
    tcase_add_test(tc, unbalanced);
    tcase_add_test(tc, key_value_sequence);
    tcase_add_test(tc, escapes);
    tcase_add_test(tc, every_control_char);
    tcase_add_test(tc, html_safe);
    tcase_add_test(tc, valid_utf8);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, quote_helper);
    tcase_add_test(tc, numbers);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
