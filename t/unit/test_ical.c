/*
 * Unit tests for the iCalendar writer (core/kc_ical.c).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "kc_ical.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static const char *done(kc_ical_t *c)
{
    const char *out = NULL;
    apr_size_t len = 0;
    ck_assert_int_eq(kc_ical_finish(c, &out, &len), APR_SUCCESS);
    ck_assert_uint_eq(len, strlen(out));
    return out;
}

START_TEST(lines)
{
    kc_ical_t *c = kc_ical_make(pool);

    kc_ical_value(c, "BEGIN", "VCALENDAR");
    kc_ical_value(c, "DTSTART;VALUE=DATE", "20261203");
    kc_ical_value(c, "DTEND;TZID=Europe/Brussels", "20261203T100000");
    kc_ical_text(c, "LOCATION", NULL);
    kc_ical_value(c, "END", "VCALENDAR");
    ck_assert_str_eq(done(c), "BEGIN:VCALENDAR\r\nDTSTART;VALUE=DATE:20261203"
                     "\r\nDTEND;TZID=Europe/Brussels:20261203T100000\r\n"
                     "END:VCALENDAR\r\n");
}
END_TEST

START_TEST(text_escapes)
{
    ck_assert_str_eq(kc_ical_escape(pool, "a,b;c\\d"), "a\\,b\\;c\\\\d");
    ck_assert_str_eq(kc_ical_escape(pool, "l1\nl2\r\nl3\rl4"),
                     "l1\\nl2\\nl3\\nl4");
    ck_assert_str_eq(kc_ical_escape(pool, "tab\there\x01\x7f!"), "tab\there!");
    ck_assert_str_eq(kc_ical_escape(pool, "caf\xC3\xA9 \xFF x"),
                     "caf\xC3\xA9 \xEF\xBF\xBD x");
    ck_assert_str_eq(kc_ical_escape(pool, NULL), "");
}
END_TEST

START_TEST(plain_values_keep_separators)
{
    kc_ical_t *c = kc_ical_make(pool);

    /* A URI keeps its commas and semicolons; a line break cannot get in. */
    kc_ical_value(c, "URL", "https://x.test/a;b,c\r\nX-EVIL:1");
    ck_assert_str_eq(done(c), "URL:https://x.test/a;b,cX-EVIL:1\r\n");
}
END_TEST

/* Every physical line is at most 75 octets, a continuation starts with
 * one space, and unfolding gives the line back. */
START_TEST(folding)
{
    kc_ical_t *c = kc_ical_make(pool);
    char long_ascii[200], *line, *state, *unfolded;
    const char *out, *euro = "\xE2\x82\xAC";
    char *euros = "";
    int i;

    memset(long_ascii, 'a', sizeof(long_ascii) - 1);
    long_ascii[sizeof(long_ascii) - 1] = '\0';
    for (i = 0; i < 60; i++) {
        euros = apr_pstrcat(pool, euros, euro, NULL);
    }
    kc_ical_text(c, "SUMMARY", long_ascii);
    kc_ical_text(c, "DESCRIPTION", euros);
    out = done(c);
    for (line = apr_strtok(apr_pstrdup(pool, out), "\n", &state); line;
         line = apr_strtok(NULL, "\n", &state)) {
        size_t n = strlen(line);
        ck_assert_int_eq(line[n - 1], '\r');
        ck_assert_uint_le(n - 1, 75);
        /* No line starts inside a UTF-8 sequence. */
        ck_assert((line[0] & 0xC0) != 0x80);
        ck_assert(line[0] == ' ' ? (line[1] & 0xC0) != 0x80 : 1);
    }
    unfolded = apr_pstrdup(pool, out);
    for (i = 0; unfolded[i]; i++) {
        if (unfolded[i] == '\r' && unfolded[i + 1] == '\n'
            && unfolded[i + 2] == ' ') {
            memmove(unfolded + i, unfolded + i + 3, strlen(unfolded + i + 3) + 1);
            i--;
        }
    }
    ck_assert_str_eq(unfolded, apr_pstrcat(pool, "SUMMARY:", long_ascii,
                                           "\r\nDESCRIPTION:", euros, "\r\n",
                                           NULL));
    /* Exactly 75 octets: not folded. */
    c = kc_ical_make(pool);
    long_ascii[75 - 8] = '\0';
    kc_ical_text(c, "SUMMARY", long_ascii);
    ck_assert_uint_eq(strlen(done(c)), 77);
}
END_TEST

START_TEST(misuse)
{
    kc_ical_t *c = kc_ical_make(pool);
    const char *out = "x";

    kc_ical_value(c, "SUMMARY", "ok");
    kc_ical_text(c, "BAD NAME", "x");
    ck_assert_int_eq(kc_ical_finish(c, &out, NULL), APR_EINVAL);
    ck_assert_ptr_null(out);
    c = kc_ical_make(pool);
    kc_ical_value(c, "x-lower", "x");
    ck_assert_int_eq(kc_ical_finish(c, &out, NULL), APR_EINVAL);
    c = kc_ical_make(pool);
    kc_ical_value(c, NULL, "x");
    ck_assert_int_eq(kc_ical_finish(c, &out, NULL), APR_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ical");
    TCase *tc = tcase_create("writer");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, lines);
    tcase_add_test(tc, text_escapes);
    tcase_add_test(tc, plain_values_keep_separators);
    tcase_add_test(tc, folding);
    tcase_add_test(tc, misuse);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
