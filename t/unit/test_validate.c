/*
 * test_validate.c -- form input checks (e-mail, web addresses, times, dates,
 * passwords).
 * Built by `make check` (Makefile.am: t/unit/test_validate).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_hash.h>
#include <apr_strings.h>
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

START_TEST(test_web_url_accepted)
{
    ck_assert(kc_valid_web_url("https://example.test/"));
    ck_assert(kc_valid_web_url("http://example.test"));
    ck_assert(kc_valid_web_url("https://www.klascement.net/leermiddelen/123?x=1&y=2#top"));
    ck_assert(kc_valid_web_url("https://example.test?q=1"));
    ck_assert(kc_valid_web_url("https://example.test#frag"));
    ck_assert(kc_valid_web_url("http://localhost:8080/"));
    ck_assert(kc_valid_web_url("http://127.0.0.1"));
    ck_assert(kc_valid_web_url("http://[::1]:8080/x"));
    ck_assert(kc_valid_web_url("http://[2001:db8::7]"));
    ck_assert(kc_valid_web_url("https://a.b"));
    ck_assert(kc_valid_web_url("http://a"));
    ck_assert(kc_valid_web_url("https://xn--mller-kva.example/"));
    ck_assert(kc_valid_web_url("https://my_site.example.test/"));
    /* UTF-8 in the host (IDN: the browser makes punycode of it) and path */
    ck_assert(kc_valid_web_url("https://m\xc3\xbcller.example/\xc3\xa9\xc3\xa9n"));
    ck_assert(kc_valid_web_url("https://example.test/a%20b/{x}|y^z"));
    ck_assert(kc_valid_web_url("https://example.test:65535/"));
    ck_assert(kc_valid_web_url("https://example.test:1"));
}
END_TEST

START_TEST(test_web_url_scheme)
{
    ck_assert(!kc_valid_web_url(NULL));
    ck_assert(!kc_valid_web_url(""));
    ck_assert(!kc_valid_web_url("javascript:alert(1)"));
    ck_assert(!kc_valid_web_url("javascript://example.test/%0aalert(1)"));
    ck_assert(!kc_valid_web_url("data:text/html,<script>alert(1)</script>"));
    ck_assert(!kc_valid_web_url("ftp://example.test/les.pdf"));
    ck_assert(!kc_valid_web_url("mailto:a@example.test"));
    ck_assert(!kc_valid_web_url("//example.test/"));
    ck_assert(!kc_valid_web_url("example.test"));
    ck_assert(!kc_valid_web_url("www.example.test/page"));
    ck_assert(!kc_valid_web_url("http:/example.test"));
    ck_assert(!kc_valid_web_url("http:example.test"));
    ck_assert(!kc_valid_web_url(" https://example.test/"));
    /* lower-case schemes only, as both earlier checks had it (and as
     * the https test on KlasCementBaseURL expects) */
    ck_assert(!kc_valid_web_url("HTTP://example.test/"));
    ck_assert(!kc_valid_web_url("Https://example.test/"));
    ck_assert(!kc_valid_web_url("httpx://example.test/"));
}
END_TEST

START_TEST(test_web_url_host)
{
    ck_assert(!kc_valid_web_url("http://"));
    ck_assert(!kc_valid_web_url("https://"));
    ck_assert(!kc_valid_web_url("https:///path"));
    ck_assert(!kc_valid_web_url("https://?q=1"));
    ck_assert(!kc_valid_web_url("https://#x"));
    ck_assert(!kc_valid_web_url("https://:8080/"));
    ck_assert(!kc_valid_web_url("https://.example.test/"));
    ck_assert(!kc_valid_web_url("https://example..test/"));
    ck_assert(!kc_valid_web_url("https://example.test./"));
    ck_assert(!kc_valid_web_url("https://-example.test/"));
    ck_assert(!kc_valid_web_url("https://example-.test/"));
    ck_assert(!kc_valid_web_url("https://exa%6dple.test/"));
    ck_assert(!kc_valid_web_url("https://exa!mple.test/"));
    /* a user@ part makes a link look as if it went to another site */
    ck_assert(!kc_valid_web_url("https://school.be@evil.example/"));
    ck_assert(!kc_valid_web_url("https://user:pw@example.test/"));
    ck_assert(!kc_valid_web_url("https://@example.test/"));
    ck_assert(kc_valid_web_url("https://example.test/@someone"));
    /* ports */
    ck_assert(!kc_valid_web_url("https://example.test:/"));
    ck_assert(!kc_valid_web_url("https://example.test:0/"));
    ck_assert(!kc_valid_web_url("https://example.test:65536/"));
    ck_assert(!kc_valid_web_url("https://example.test:123456/"));
    ck_assert(!kc_valid_web_url("https://example.test:80a/"));
    ck_assert(!kc_valid_web_url("https://example.test:80:81/"));
    /* IPv6 literals */
    ck_assert(!kc_valid_web_url("http://[]/"));
    ck_assert(!kc_valid_web_url("http://[:]/"));
    ck_assert(!kc_valid_web_url("http://[::1/"));
    ck_assert(!kc_valid_web_url("http://[::g]/"));
    ck_assert(!kc_valid_web_url("http://[::1]x/"));
    ck_assert(!kc_valid_web_url("http://[::1]:0/"));
}
END_TEST

START_TEST(test_web_url_bytes)
{
    const char *bad[] = {
        "https://example.test/a b", "https://example.test/a\tb",
        "https://example.test/\r\nSet-Cookie: x=1", "https://example.test/\n",
        "https://example.test/\x01", "https://example.test/\x7f",
        "https://example.test/\"onmouseover=\"x", "https://example.test/<script>",
        "https://example.test/>", "https://example.test\\@evil.example/",
        "https://example.test/a\\b", "https://exa mple.test/", NULL
    };
    /* An embedded NUL cannot reach the check: both form decoders refuse
     * a NUL byte (kc_form.c, kc_multipart.c), so a C string is all there
     * is, and what is before a NUL is judged on its own. */
    const char nul[] = "https://example.test/\0<script>";
    char host[300], label[80], longurl[KC_WEB_URL_MAX + 2];
    int i;

    for (i = 0; bad[i]; i++) {
        ck_assert_msg(!kc_valid_web_url(bad[i]), "accepted: %s", bad[i]);
    }
    ck_assert(kc_valid_web_url(nul));

    /* at most KC_WEB_URL_MAX bytes */
    memset(longurl, 'a', sizeof(longurl));
    memcpy(longurl, "https://example.test/", 21);
    longurl[KC_WEB_URL_MAX] = '\0';
    ck_assert(kc_valid_web_url(longurl));
    longurl[KC_WEB_URL_MAX] = 'a';
    longurl[KC_WEB_URL_MAX + 1] = '\0';
    ck_assert(!kc_valid_web_url(longurl));

    /* a label of 63 bytes, not 64; a name of 253 bytes, not 254 */
    memset(label, 'a', 64);
    label[63] = '\0';
    ck_assert(kc_valid_web_url(apr_pstrcat(pool, "https://", label, ".test/", NULL)));
    label[63] = 'a';
    label[64] = '\0';
    ck_assert(!kc_valid_web_url(apr_pstrcat(pool, "https://", label, ".test/", NULL)));
    for (i = 0; i < 253; i++) {
        host[i] = (i % 10 == 9) ? '.' : 'h';
    }
    host[253] = '\0';
    ck_assert(kc_valid_web_url(apr_pstrcat(pool, "https://", host, "/", NULL)));
    host[253] = 'h';
    host[254] = '\0';
    ck_assert(!kc_valid_web_url(apr_pstrcat(pool, "https://", host, "/", NULL)));
}
END_TEST

START_TEST(test_time)
{
    ck_assert(kc_valid_time("00:00"));
    ck_assert(kc_valid_time("09:30"));
    ck_assert(kc_valid_time("23:59"));
    ck_assert(kc_valid_time("12:05"));
    ck_assert(!kc_valid_time(NULL));
    ck_assert(!kc_valid_time(""));
    ck_assert(!kc_valid_time("24:00"));
    ck_assert(!kc_valid_time("23:60"));
    ck_assert(!kc_valid_time("9:30"));
    ck_assert(!kc_valid_time("09:3"));
    ck_assert(!kc_valid_time("09.30"));
    ck_assert(!kc_valid_time("0930"));
    ck_assert(!kc_valid_time("09:30:00"));
    ck_assert(!kc_valid_time("09:30 "));
    ck_assert(!kc_valid_time(" 9:30"));
    ck_assert(!kc_valid_time("+9:30"));
    ck_assert(!kc_valid_time("-1:30"));
    ck_assert(!kc_valid_time("ab:cd"));
    ck_assert(!kc_valid_time("09:-1"));
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


START_TEST(test_private_addresses)
{
    static const struct { int family; unsigned char a[16]; int private_; } cases[] = {
        { 4, { 127, 0, 0, 1 }, 1 },      { 4, { 10, 1, 2, 3 }, 1 },
        { 4, { 172, 16, 0, 1 }, 1 },     { 4, { 172, 31, 255, 1 }, 1 },
        { 4, { 172, 32, 0, 1 }, 0 },     { 4, { 192, 168, 1, 1 }, 1 },
        { 4, { 169, 254, 169, 254 }, 1 },{ 4, { 100, 64, 0, 1 }, 1 },
        { 4, { 100, 128, 0, 1 }, 0 },    { 4, { 0, 0, 0, 0 }, 1 },
        { 4, { 224, 0, 0, 1 }, 1 },      { 4, { 8, 8, 8, 8 }, 0 },
        { 4, { 193, 190, 0, 1 }, 0 },
        { 6, { 0 }, 1 },                                                  /* :: */
        { 6, { 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1 }, 1 },                      /* ::1 */
        { 6, { 0xfd, 0x12 }, 1 },                                         /* ULA */
        { 6, { 0xfe, 0x80 }, 1 },                                         /* link-local */
        { 6, { 0xff, 0x02 }, 1 },                                         /* multicast */
        { 6, { 0,0,0,0,0,0,0,0,0,0,0xff,0xff, 127,0,0,1 }, 1 },             /* mapped loopback */
        { 6, { 0,0,0,0,0,0,0,0,0,0,0xff,0xff, 8,8,8,8 }, 0 },               /* mapped public */
        { 6, { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 0 },
        { 5, { 1, 2, 3, 4 }, 1 },                                         /* unknown family */
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_msg(kc_addr_is_private(cases[i].family, cases[i].a) == cases[i].private_,
                      "case %u", (unsigned)i);
    }
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
    tcase_add_test(tc, test_web_url_accepted);
    tcase_add_test(tc, test_web_url_scheme);
    tcase_add_test(tc, test_web_url_host);
    tcase_add_test(tc, test_web_url_bytes);
    tcase_add_test(tc, test_time);
    tcase_add_test(tc, test_dates);
    tcase_add_test(tc, test_passwords);
    tcase_add_test(tc, test_trim_and_chars);
    tcase_add_test(tc, test_private_addresses);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
