/*
 * Unit tests for the iCalendar writer (core/kc_ical.c): RFC 5545 TEXT
 * escaping, 75-octet folding (never inside a UTF-8 sequence), CRLF line
 * ends, no way for a value to start a line of its own.
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

/* Every physical line of s is at most 75 octets before its CRLF, every
 * line ends in CRLF, continuation lines start with a space; the unfolded
 * text is returned. */
static const char *unfold_checked(const char *s)
{
    char *out = apr_pstrdup(pool, "");
    const char *p = s;
    int first = 1;

    while (*p) {
        const char *crlf = strstr(p, "\r\n");
        ck_assert_ptr_nonnull(crlf);
        ck_assert_int_le((int)(crlf - p), 75);
        ck_assert_ptr_null(memchr(p, '\n', (size_t)(crlf - p)));
        if (!first && *p == ' ') {
            out = apr_pstrcat(pool, out, apr_pstrmemdup(pool, p + 1,
                                                        (size_t)(crlf - p - 1)),
                              NULL);
        }
        else {
            out = apr_pstrcat(pool, out, *out ? "\n" : "",
                              apr_pstrmemdup(pool, p, (size_t)(crlf - p)),
                              NULL);
        }
        first = 0;
        p = crlf + 2;
        if (*p != ' ') {
            first = 1;
        }
    }
    return out;
}

START_TEST(escapes)
{
    ck_assert_str_eq(kc_ical_escape(pool, "a,b;c\\d"), "a\\,b\\;c\\\\d");
    ck_assert_str_eq(kc_ical_escape(pool, "regel 1\nregel 2\r\nregel 3\rx"),
                     "regel 1\\nregel 2\\nregel 3\\nx");
    ck_assert_str_eq(kc_ical_escape(pool, "bel\007 tab\t"), "bel tab\t");
    ck_assert_str_eq(kc_ical_escape(pool, "caf\xc3\xa9 \xff!"),
                     "caf\xc3\xa9 \xef\xbf\xbd!");
    ck_assert_str_eq(kc_ical_escape(pool, ""), "");
}
END_TEST

START_TEST(folding)
{
    const char *line75 = "SUMMARY:123456789012345678901234567890123456789012345"
                         "6789012345678901234567";
    char *long_line, *folded;
    int i;

    ck_assert_int_eq((int)strlen(line75), 75);
    ck_assert_str_eq(kc_ical_fold(pool, line75),
                     apr_pstrcat(pool, line75, "\r\n", NULL));
    folded = kc_ical_fold(pool, apr_pstrcat(pool, line75, "X", NULL));
    ck_assert_str_eq(folded, apr_pstrcat(pool, line75, "\r\n X\r\n", NULL));

    /* 200 two-octet characters after the name: no cut inside one. */
    long_line = apr_pstrdup(pool, "DESCRIPTION:");
    for (i = 0; i < 200; i++) {
        long_line = apr_pstrcat(pool, long_line, "\xc3\xa9", NULL);
    }
    folded = kc_ical_fold(pool, long_line);
    ck_assert_str_eq(unfold_checked(folded), long_line);
    for (i = 0; folded[i]; i++) {
        if (folded[i] == '\r') {
            /* what comes before the CRLF is a whole character */
            ck_assert((unsigned char)folded[i - 1] != 0xc3);
        }
    }
    /* three-octet characters, odd offsets */
    long_line = apr_pstrdup(pool, "X:a");
    for (i = 0; i < 100; i++) {
        long_line = apr_pstrcat(pool, long_line, "\xe2\x82\xac", NULL);
    }
    ck_assert_str_eq(unfold_checked(kc_ical_fold(pool, long_line)), long_line);
}
END_TEST

START_TEST(writer)
{
    kc_ical_t *c = kc_ical_make(pool);
    apr_size_t len;
    const char *out;

    kc_ical_begin(c, "VCALENDAR");
    kc_ical_value(c, "VERSION", "2.0");
    kc_ical_begin(c, "VEVENT");
    kc_ical_text(c, "SUMMARY", "Toetsen, online; een \\ kwestie\nvan tijd");
    kc_ical_value(c, "URL", "https://example.org/x\r\nATTENDEE:evil");
    kc_ical_text(c, "LOCATION", NULL);
    kc_ical_end(c, "VEVENT");
    kc_ical_end(c, "VCALENDAR");
    out = kc_ical_finish(c, &len);
    ck_assert_uint_eq(len, strlen(out));
    ck_assert_str_eq(out,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
        "SUMMARY:Toetsen\\, online\\; een \\\\ kwestie\\nvan tijd\r\n"
        "URL:https://example.org/xATTENDEE:evil\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n");
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
    tcase_add_test(tc, escapes);
    tcase_add_test(tc, folding);
    tcase_add_test(tc, writer);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
