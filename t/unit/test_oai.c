/*
 * Unit tests for OAI-PMH datestamps and resumption tokens (core/kc_oai.c).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "kc_oai.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

START_TEST(dates)
{
    const char *out;
    ck_assert_int_eq(kc_oai_date(pool, "2026-12-03T11:20:05Z", 0, &out),
                     KC_OAI_SECONDS);
    ck_assert_str_eq(out, "2026-12-03T11:20:05Z");
    ck_assert_int_eq(kc_oai_date(pool, "2026-12-03", 0, &out), KC_OAI_DAY);
    ck_assert_str_eq(out, "2026-12-03T00:00:00Z");
    ck_assert_int_eq(kc_oai_date(pool, "2026-12-03", 1, &out), KC_OAI_DAY);
    ck_assert_str_eq(out, "2026-12-03T23:59:59Z");
    ck_assert_int_eq(kc_oai_date(pool, "2024-02-29", 0, &out), KC_OAI_DAY);
}
END_TEST

START_TEST(bad_dates)
{
    static const char *bad[] = {
        "", "2026", "2026-12", "2026-13-01", "2026-00-10", "2026-02-29",
        "1900-02-29", "2026-04-31", "2026-12-03T24:00:00Z",
        "2026-12-03T10:60:00Z", "2026-12-03T10:00:60Z",
        "2026-12-03T10:00:00", "2026-12-03T10:00:00+01:00",
        "2026-12-03 10:00:00Z", "2026-12-03T10:00Z", "2026-1a-03",
        "0000-01-01", "2026-12-03T10:00:00.5Z", " 2026-12-03", NULL
    };
    const char *out;
    int i;
    for (i = 0; bad[i]; i++) {
        ck_assert_msg(kc_oai_date(pool, bad[i], 0, &out) == 0, "%s", bad[i]);
    }
    ck_assert_int_eq(kc_oai_date(pool, NULL, 0, &out), 0);
}
END_TEST

START_TEST(sets)
{
    ck_assert(kc_oai_set_ok("kind:site"));
    ck_assert(kc_oai_set_ok("subject:wiskunde"));
    ck_assert(kc_oai_set_ok("level:secundair_1-2"));
    ck_assert(!kc_oai_set_ok("kind"));
    ck_assert(!kc_oai_set_ok(":site"));
    ck_assert(!kc_oai_set_ok("kind:"));
    ck_assert(!kc_oai_set_ok("kind:a:b"));
    ck_assert(!kc_oai_set_ok("kind:s ite"));
    ck_assert(!kc_oai_set_ok("kind:s'ite"));
}
END_TEST

static kc_oai_cursor_t sample(void)
{
    kc_oai_cursor_t c = { "oai_dc", "2026-01-01T00:00:00Z", "", "kind:site",
                          "2026-12-03T11:20:05Z", 4711, 100, 250 };
    return c;
}

START_TEST(token_round_trip)
{
    kc_oai_cursor_t c = sample(), back;
    const char *token = kc_oai_token_make(pool, &c);

    ck_assert_uint_eq(strspn(token, "0123456789abcdef."), strlen(token));
    ck_assert_int_eq(kc_oai_token_read(pool, token, &back), 1);
    ck_assert_str_eq(back.prefix, "oai_dc");
    ck_assert_str_eq(back.from, "2026-01-01T00:00:00Z");
    ck_assert_str_eq(back.until, "");
    ck_assert_str_eq(back.set, "kind:site");
    ck_assert_str_eq(back.last_ds, "2026-12-03T11:20:05Z");
    ck_assert_int_eq(back.last_id, 4711);
    ck_assert_int_eq(back.cursor, 100);
    ck_assert_int_eq(back.total, 250);
}
END_TEST

START_TEST(token_tampered)
{
    kc_oai_cursor_t c = sample(), back;
    const char *token = kc_oai_token_make(pool, &c);
    size_t n = strlen(token), i;
    char *edit;

    /* Every single changed character is noticed. */
    for (i = 0; i < n; i++) {
        edit = apr_pstrdup(pool, token);
        if (edit[i] == '.') {
            continue;
        }
        edit[i] = edit[i] == '0' ? '1' : '0';
        ck_assert_msg(kc_oai_token_read(pool, edit, &back) == 0, "at %d",
                      (int)i);
    }
    ck_assert_int_eq(kc_oai_token_read(pool, apr_pstrndup(pool, token, n - 1),
                                       &back), 0);
    ck_assert_int_eq(kc_oai_token_read(pool, "", &back), 0);
    ck_assert_int_eq(kc_oai_token_read(pool, NULL, &back), 0);
    ck_assert_int_eq(kc_oai_token_read(pool, "abc", &back), 0);
    ck_assert_int_eq(kc_oai_token_read(pool, ".", &back), 0);
    ck_assert_int_eq(kc_oai_token_read(pool, "zz.0000000000000000", &back), 0);
}
END_TEST

START_TEST(token_bad_fields)
{
    /* A well-checked token whose fields are not ours is refused too. */
    kc_oai_cursor_t c = sample(), back;
    c.last_ds = "yesterday";
    ck_assert_int_eq(kc_oai_token_read(pool, kc_oai_token_make(pool, &c),
                                       &back), 0);
    c = sample();
    c.set = "no set";
    ck_assert_int_eq(kc_oai_token_read(pool, kc_oai_token_make(pool, &c),
                                       &back), 0);
    c = sample();
    c.prefix = "";
    ck_assert_int_eq(kc_oai_token_read(pool, kc_oai_token_make(pool, &c),
                                       &back), 0);
    c = sample();
    c.last_id = -1;
    ck_assert_int_eq(kc_oai_token_read(pool, kc_oai_token_make(pool, &c),
                                       &back), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("oai");
    TCase *tc = tcase_create("oai");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, dates);
    tcase_add_test(tc, bad_dates);
    tcase_add_test(tc, sets);
    tcase_add_test(tc, token_round_trip);
    tcase_add_test(tc, token_tampered);
    tcase_add_test(tc, token_bad_fields);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
