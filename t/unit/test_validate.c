/*
 * test_validate.c -- form input checks (e-mail, dates, passwords).
 * Built by `make check` (Makefile.am: t/unit/test_validate).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_hash.h>
#include "kc_validate.h"

static apr_pool_t *pool;

static void setup(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
    apr_terminate();
}

START_TEST(test_email)
{
    ck_assert(kc_valid_email("lies.peeters@school.be"));
    ck_assert(kc_valid_email("a+b@x.example"));
    ck_assert(!kc_valid_email(""));
    ck_assert(!kc_valid_email("no-at.example"));
    ck_assert(!kc_valid_email("two@@x.be"));
    ck_assert(!kc_valid_email("a@b@c.be"));
    ck_assert(!kc_valid_email("@x.be"));
    ck_assert(!kc_valid_email("a@nodot"));
    ck_assert(!kc_valid_email("a@.x.be"));
    ck_assert(!kc_valid_email("a@x..be"));
    ck_assert(!kc_valid_email("a@x.be."));
    ck_assert(!kc_valid_email("a b@x.be"));
    ck_assert(!kc_valid_email("<a>@x.be"));
    ck_assert(!kc_valid_email("a@x.be\n"));
}
END_TEST

START_TEST(test_dates)
{
    int y, m, d;
    ck_assert(kc_parse_date("2024-02-29", &y, &m, &d));
    ck_assert_int_eq(y, 2024);
    ck_assert_int_eq(m, 2);
    ck_assert_int_eq(d, 29);
    ck_assert(!kc_parse_date("2023-02-29", &y, &m, &d));
    ck_assert(!kc_parse_date("1900-02-29", &y, &m, &d));
    ck_assert(kc_parse_date("2000-02-29", &y, &m, &d));
    ck_assert(!kc_parse_date("2024-13-01", &y, &m, &d));
    ck_assert(!kc_parse_date("2024-04-31", &y, &m, &d));
    ck_assert(!kc_parse_date("2024-4-01", &y, &m, &d));
    ck_assert(!kc_parse_date("24-04-2024", &y, &m, &d));
    ck_assert(!kc_parse_date("1899-12-31", &y, &m, &d));
    ck_assert(!kc_parse_date("", &y, &m, &d));
    ck_assert(!kc_parse_date(NULL, &y, &m, &d));
}
END_TEST

START_TEST(test_passwords)
{
    apr_hash_t *block = apr_hash_make(pool);
    char long_pw[74];

    apr_hash_set(block, "qwertyuiop", APR_HASH_KEY_STRING, "qwertyuiop");
    ck_assert_int_eq(kc_password_check("correct-horse-9", block, pool), KC_PW_OK);
    ck_assert_int_eq(kc_password_check("short-pw1", block, pool), KC_PW_SHORT);
    ck_assert_int_eq(kc_password_check("QwertyUIOP", block, pool), KC_PW_COMMON);
    /* ten characters of two bytes each: long enough, 20 bytes */
    ck_assert_int_eq(kc_password_check("ééééééééé€", block, pool), KC_PW_OK);
    memset(long_pw, 'x', 73);
    long_pw[73] = '\0';
    ck_assert_int_eq(kc_password_check(long_pw, block, pool), KC_PW_LONG);
    long_pw[72] = '\0';
    ck_assert_int_eq(kc_password_check(long_pw, block, pool), KC_PW_OK);
}
END_TEST

START_TEST(test_trim_and_chars)
{
    ck_assert_str_eq(kc_trim(pool, "  a b \t\n"), "a b");
    ck_assert_str_eq(kc_trim(pool, NULL), "");
    ck_assert_uint_eq(kc_utf8_chars("één"), 3);
    ck_assert_uint_eq(kc_utf8_chars(""), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("validate");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_email);
    tcase_add_test(tc, test_dates);
    tcase_add_test(tc, test_passwords);
    tcase_add_test(tc, test_trim_and_chars);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
