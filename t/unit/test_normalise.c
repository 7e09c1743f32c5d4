/*
 * Unit tests for core/kc_normalise.c.
 *
 * Build and run from the top of the tree:
 * gcc -std=gnu99 -Wall -Wextra -Wshadow -g -fsanitize=address,undefined $(apr-1-config --cflags --cppflags --includes) $(apu-1-config --includes) -Imod_klascement/core t/unit/test_normalise.c mod_klascement/core/kc_normalise.c mod_klascement/core/kc_sha256.c $(pkg-config --cflags --libs check libpcre2-8) -lapr-1 -laprutil-1 -o /tmp/test_normalise && /tmp/test_normalise
 *
 * The expected SHA-256 digests were computed with coreutils sha256sum
 * (printf 'hallo wereld' | sha256sum) when the test was written.
 * Non-ASCII test strings are written as UTF-8 byte escapes so that the
 * source stays ASCII and the exact bytes are visible.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "kc_normalise.h"

#define KC_HASH_EMPTY \
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define KC_HASH_HALLO_WERELD \
    "277bcca9a3f4a66ce8039645fb46cb8f43b7892bd04c062f992c5b8a86239e2e"

static apr_pool_t *pool;

/* Each test gets its own pool and its own compiled patterns: destroying
 * the pool in teardown frees them, so the tests also pass with
 * CK_FORK=no, where they share one process. */
static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
    ck_assert_int_eq(kc_normalise_init(pool), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static const char *norm(const char *s)
{
    const char *r = kc_normalise(pool, s);

    ck_assert_ptr_nonnull(r);
    return r;
}

static const char *hash(const char *s)
{
    const char *r = kc_normalise_hash(pool, s);

    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(strlen(r), 64);
    return r;
}

START_TEST(same_hash_case_space_punct)
{
    ck_assert_str_eq(norm("Hallo   Wereld!!!"), "hallo wereld");
    ck_assert_str_eq(hash("Hallo   Wereld!!!"), hash("hallo wereld"));
    ck_assert_str_eq(hash("hallo wereld"), KC_HASH_HALLO_WERELD);
    ck_assert_str_eq(hash("  HALLO, wereld.  "), KC_HASH_HALLO_WERELD);
}
END_TEST

START_TEST(runs_cut_to_two)
{
    ck_assert_str_eq(norm("HEEEEEL goed"), "heel goed");
    ck_assert_str_eq(norm("heel"), "heel");
    ck_assert_str_eq(norm("HeEeEel"), "heel");
    ck_assert_str_eq(norm("aaa"), "aa");
    ck_assert_str_eq(norm("zooooo  ooooo"), "zoo oo");
    ck_assert_str_eq(norm("!!!!"), "");
    ck_assert_str_eq(norm("w00000t"), "w00t");
    /* The run counts the folded characters: e, E, é, ë are one letter. */
    ck_assert_str_eq(norm("e\xC3\xA9\xC3\xAB" "E"), "ee");
    /* And what a letter is spelled out as: ß -> ss. */
    ck_assert_str_eq(norm("\xC3\x9F" "s"), "ss");
}
END_TEST

START_TEST(accents)
{
    ck_assert_str_eq(norm("\xC3\x89\xC3\xA9n caf\xC3\xA9"), "een cafe");
    ck_assert_str_eq(norm("\xC3\x87" "a va, gar\xC3\xA7on?"), "ca va garcon");
    ck_assert_str_eq(norm("\xC3\x9C" "berm\xC3\xA4\xC3\x9F" "ig"),
                     "ubermassig");
    ck_assert_str_eq(norm("na\xC3\xAFve co\xC3\xB6peratie"),
                     "naive cooperatie");
    ck_assert_str_eq(norm("\xC3\x85ngstr\xC3\xB6m \xC3\x98resund"),
                     "angstrom oresund");
    ck_assert_str_eq(norm("\xC5\x92uvre \xC3\x86on"), "oeuvre aeon");
    /* Dutch ij ligature (U+0132/U+0133) reads as ij. */
    ck_assert_str_eq(norm("\xC4\xB2S \xC4\xB3s"), "ijs ijs");
    /* Polish, Czech, Turkish, Romanian. */
    ck_assert_str_eq(norm("\xC5\x81\xC3\xB3" "d\xC5\xBA \xC5\xA0koda "
                          "\xC4\xB0stanbul \xC8\x98" "coal\xC4\x83"),
                     "lodz skoda istanbul scoala");
    /* Decomposed: e + U+0301 COMBINING ACUTE. */
    ck_assert_str_eq(norm("cafe\xCC\x81 E\xCC\x88\xCC\x81n"), "cafe en");
    ck_assert_str_eq(hash("caf\xC3\xA9"), hash("cafe\xCC\x81"));
    /* Vietnamese: Tieng Viet with its marks. */
    ck_assert_str_eq(norm("Ti\xE1\xBA\xBFng Vi\xE1\xBB\x87t"), "tieng viet");
    /* Full-width KOOP and 1. */
    ck_assert_str_eq(norm("\xEF\xBC\xAB\xEF\xBC\xAF\xEF\xBD\x8F\xEF\xBD\x90"
                          " \xEF\xBC\x91"), "koop 1");
}
END_TEST

START_TEST(other_scripts)
{
    /* Greek ATHINA, Cyrillic PRIVET: lowercased, not transliterated. */
    ck_assert_str_eq(norm("\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91"),
                     "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1");
    ck_assert_str_eq(norm("\xD0\x9F\xD0\xA0\xD0\x98\xD0\x92\xD0\x95\xD0\xA2!"),
                     "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
    /* CJK letters are letters; the ideographic full stop is not. */
    ck_assert_str_eq(norm("\xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x82x"),
                     "\xE6\x97\xA5\xE6\x9C\xAC x");
    /* A four-byte letter (U+1D400 MATHEMATICAL BOLD CAPITAL A) is kept. */
    ck_assert_str_eq(norm("\xF0\x9D\x90\x80!"), "\xF0\x9D\x90\x80");
}
END_TEST

START_TEST(punctuation_and_line_breaks)
{
    ck_assert_str_eq(norm("Hallo,\r\nwereld.\tHoe gaat-het?"),
                     "hallo wereld hoe gaat het");
    ck_assert_str_eq(norm("...a..."), "a");
    ck_assert_str_eq(norm("  \n\t\r  "), "");
    ck_assert_str_eq(norm("snake_case zo'n (haakjes) [x] {y} <b>z</b>"),
                     "snake case zo n haakjes x y b z b");
    /* Emoji and symbols are separators too. */
    ck_assert_str_eq(norm("top \xF0\x9F\x91\x8D ding \xE2\x82\xAC" "5"),
                     "top ding 5");
    /* No-break space and em dash. */
    ck_assert_str_eq(norm("a\xC2\xA0" "b\xE2\x80\x94" "c"), "a b c");
}
END_TEST

START_TEST(digits_kept)
{
    ck_assert_str_eq(norm("Bel 0470/12.34.56"), "bel 0470 12 34 56");
    ck_assert_str_eq(norm("3 x 20% korting"), "3 x 20 korting");
    ck_assert_str_eq(norm("2024"), "2024");
    /* Arabic-Indic digits are \p{N}. */
    ck_assert_str_eq(norm("\xD9\xA1\xD9\xA2\xD9\xA3"), "\xD9\xA1\xD9\xA2\xD9\xA3");
    ck_assert_str_ne(hash("prijs 10 euro"), hash("prijs 12 euro"));
}
END_TEST

START_TEST(different_texts_differ)
{
    ck_assert_str_ne(hash("hallo wereld"), hash("hallo werelden"));
    ck_assert_str_ne(hash("goede les"), hash("goede les over breuken"));
    ck_assert_str_ne(hash("ab"), hash("a b"));
    ck_assert_str_ne(hash("x"), KC_HASH_EMPTY);
}
END_TEST

START_TEST(empty_and_null)
{
    ck_assert_str_eq(norm(NULL), "");
    ck_assert_str_eq(norm(""), "");
    ck_assert_str_eq(norm("!?.,;:"), "");
    ck_assert_str_eq(hash(NULL), KC_HASH_EMPTY);
    ck_assert_str_eq(hash(""), KC_HASH_EMPTY);
    ck_assert_str_eq(hash(" -- "), KC_HASH_EMPTY);
}
END_TEST

START_TEST(invalid_utf8_dropped)
{
    ck_assert_str_eq(norm("ca\xFF" "f\xC3\xA9"), "cafe");
    ck_assert_str_eq(norm("a\xC3"), "a");                 /* truncated */
    ck_assert_str_eq(norm("caf\xC3(x"), "caf x");         /* bad 2nd byte */
    ck_assert_str_eq(norm("\xC0\xAF" "b"), "b");          /* overlong */
    ck_assert_str_eq(norm("\xE0\x80\xAF" "b"), "b");      /* overlong */
    ck_assert_str_eq(norm("\xED\xA0\x80x"), "x");         /* surrogate */
    ck_assert_str_eq(norm("\xF4\x90\x80\x80y"), "y");     /* > U+10FFFF */
    /* Dropped, not made separators: the letters around them join. */
    ck_assert_str_eq(norm("a\xED\xA0\x80" "b"), "ab");
    ck_assert_str_eq(norm("a\xF4\x90\x80\x80" "b\xC0\xAF" "c"), "abc");
    /* Overlong spellings of "A" must not sneak a letter in. */
    ck_assert_str_eq(norm("x\xE0\x81\x81y\xC1\x81z\xF0\x80\x81\x81"),
                     "xyz");
    ck_assert_str_eq(norm("\x80\x80z\xBF"), "z");         /* stray tails */
    ck_assert_str_eq(norm("\xFE\xFF"), "");
    ck_assert_str_eq(hash("h\xFF" "allo wereld"), KC_HASH_HALLO_WERELD);
}
END_TEST

START_TEST(spam_variants_equal)
{
    const char *h = hash("Koop NU!!! goedkope pillen");

    ck_assert_str_eq(norm("Koop NU!!! goedkope pillen"),
                     "koop nu goedkope pillen");
    ck_assert_str_eq(hash("koop nu goedkope   pillen..."), h);
    ck_assert_str_eq(hash("KOOP nu \xE2\x80\x94 GOEDKOPE pillen!!!\n"), h);
    /* Stretched letters meet the original only where it had a double
     * letter already: "koooop" is "koop", but "nuuu" stays "nuu". */
    ck_assert_str_eq(hash("Koooooop NU goedkope pilllllen"), h);
    ck_assert_str_ne(hash("koop nuuu goedkope pillen"), h);
    ck_assert_str_eq(hash("k\xC3\xB3\xC3\xB3p n\xC3\xBC goedk\xC3\xB6pe "
                          "pill\xC3\xA9n"), h);
    ck_assert_str_ne(hash("koop nu dure pillen"), h);
}
END_TEST

START_TEST(links)
{
    ck_assert_int_eq(
        kc_count_links("zie https://a.be en http://b.nl/x en www.c.org"), 3);
    ck_assert_int_eq(kc_count_links("geen links"), 0);
    ck_assert_int_eq(kc_count_links("e-mail a@b.be"), 0);
    ck_assert_int_eq(kc_count_links("HTTPS://A.BE"), 1);
    ck_assert_int_eq(kc_count_links("WWW.Example.COM/pad"), 1);
    ck_assert_int_eq(kc_count_links(NULL), 0);
    ck_assert_int_eq(kc_count_links(""), 0);
    /* The www inside a URL is not counted a second time. */
    ck_assert_int_eq(kc_count_links("https://www.a.be/www.b.be"), 1);
    ck_assert_int_eq(kc_count_links("<a href=\"http://a.be\">http://a.be</a>"),
                     2);
    /* Nothing after the scheme, no TLD, or only part of a word. */
    ck_assert_int_eq(kc_count_links("http:// en www.voorbeeld"), 0);
    ck_assert_int_eq(kc_count_links("awww.a.be"), 0);
    /* Text that is not even valid UTF-8 is still searched. */
    ck_assert_int_eq(kc_count_links("\xFFwww.caf\xC3\xA9.be \xC3"), 1);
    ck_assert_int_eq(kc_count_links("http://x.be\nhttp://y.be\twww.z.eu"), 3);
}
END_TEST

START_TEST(init_twice)
{
    /* setup() already ran it on this pool. */
    ck_assert_int_eq(kc_normalise_init(pool), APR_SUCCESS);
    ck_assert_int_eq(kc_normalise_init(pool), APR_SUCCESS);
    ck_assert_int_eq(kc_normalise_init(NULL), APR_EINVAL);
    ck_assert_str_eq(norm("Hallo   Wereld!!!"), "hallo wereld");
    ck_assert_int_eq(kc_count_links("www.a.be"), 1);
}
END_TEST

/* The patterns go with their pool, and a later init (httpd's second
 * start-up pass, a graceful restart) compiles them again. */
START_TEST(init_lifecycle)
{
    apr_pool_t *a, *b;

    ck_assert_int_eq(apr_pool_create(&a, NULL), APR_SUCCESS);
    ck_assert_int_eq(kc_normalise_init(a), APR_SUCCESS);
    ck_assert_str_eq(kc_normalise(a, "A!"), "a");
    apr_pool_destroy(a);
    ck_assert_int_eq(apr_pool_create(&b, NULL), APR_SUCCESS);
    ck_assert_ptr_null(kc_normalise(b, "x"));
    ck_assert_ptr_null(kc_normalise_hash(b, "x"));
    ck_assert_int_eq(kc_count_links("www.a.be"), -1);
    /* NULL and "" need no patterns. */
    ck_assert_str_eq(kc_normalise(b, NULL), "");
    ck_assert_int_eq(kc_count_links(NULL), 0);

    ck_assert_int_eq(kc_normalise_init(b), APR_SUCCESS);
    ck_assert_int_eq(kc_normalise_init(b), APR_SUCCESS);
    ck_assert_str_eq(kc_normalise(b, "B?"), "b");
    apr_pool_clear(b);
    ck_assert_int_eq(kc_count_links("www.a.be"), -1);
    ck_assert_int_eq(kc_normalise_init(b), APR_SUCCESS);
    ck_assert_int_eq(kc_count_links("www.a.be"), 1);
    apr_pool_destroy(b);
}
END_TEST

/* Random mixes of awkward fragments: the result must be stable when
 * normalised again (which also proves it is valid UTF-8: invalid bytes
 * would be dropped the second time), trimmed, single-spaced, with no
 * ASCII run longer than 2, and never longer than the input. */
static const char *const kc_frag[] = {
    "a", "A", "e", "\xC3\xA9", "\xC3\x89", "\xC3\x9F", "s", "!", " ", "  ",
    "\n", "\xFF", "\xC3", "\xCC\x81", "1", "\xCE\xA9", "\xF0\x9D\x90\x80",
    "\xC4\xB3", "\xE2\x82", "\xEF\xBC\xAB", "k", "\xE0\xA4\x83", "_",
    "www.", "http://", "\xED\xA0\x80", "\xE1\xBA\xBF",
};

START_TEST(random_mixes)
{
    unsigned int seed = 12345;
    int i;

    for (i = 0; i < 20000; i++) {
        char buf[41 * 8];
        apr_size_t len = 0, k, n;
        const char *r;

        seed = seed * 1103515245u + 12345u;
        n = (seed >> 16) % 41;
        for (k = 0; k < n; k++) {
            const char *f;

            seed = seed * 1103515245u + 12345u;
            f = kc_frag[(seed >> 16) % (sizeof(kc_frag) / sizeof(*kc_frag))];
            memcpy(buf + len, f, strlen(f));
            len += strlen(f);
        }
        buf[len] = '\0';
        r = norm(buf);
        ck_assert_str_eq(norm(r), r);
        ck_assert_uint_le(strlen(r), len);
        if (*r) {
            ck_assert_int_ne(r[0], ' ');
            ck_assert_int_ne(r[strlen(r) - 1], ' ');
        }
        ck_assert_ptr_null(strstr(r, "  "));
        for (k = 0; k + 2 < strlen(r); k++) {
            ck_assert(!((unsigned char)r[k] < 0x80 && r[k] == r[k + 1]
                        && r[k] == r[k + 2]));
        }
    }
}
END_TEST

START_TEST(long_text)
{
    apr_size_t n = 6 * 33333, i;
    char *big = apr_palloc(pool, n + 1);
    const char *r;

    /* "aaab! " repeated: a separator-heavy text with runs everywhere. */
    for (i = 0; i < n; i++)
        big[i] = "aaab! "[i % 6];
    big[n] = '\0';
    r = norm(big);
    ck_assert_uint_eq(strlen(r), (n / 6) * 4 - 1);
    ck_assert(strncmp(r, "aab aab ", 8) == 0);
    ck_assert_int_eq(kc_count_links(big), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kc_normalise");
    TCase *tc = tcase_create("normalise");
    TCase *life = tcase_create("lifecycle");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    /* random_mixes takes 2 s alone, much longer on a loaded machine or
     * under ASan: more than check's default 4 s. */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, same_hash_case_space_punct);
    tcase_add_test(tc, runs_cut_to_two);
    tcase_add_test(tc, accents);
    tcase_add_test(tc, other_scripts);
    tcase_add_test(tc, punctuation_and_line_breaks);
    tcase_add_test(tc, digits_kept);
    tcase_add_test(tc, different_texts_differ);
    tcase_add_test(tc, empty_and_null);
    tcase_add_test(tc, invalid_utf8_dropped);
    tcase_add_test(tc, spam_variants_equal);
    tcase_add_test(tc, links);
    tcase_add_test(tc, init_twice);
    tcase_add_test(tc, random_mixes);
    tcase_add_test(tc, long_text);
    suite_add_tcase(s, tc);
    tcase_add_test(life, init_lifecycle);
    suite_add_tcase(s, life);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
