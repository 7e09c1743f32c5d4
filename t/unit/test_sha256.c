/*
 * Unit tests for core/kc_sha256.c.
 *
 * Build and run from the top of the tree:
 * gcc -std=gnu99 -Wall -Wextra -g -fsanitize=address,undefined $(apr-1-config --cflags --cppflags --includes) -Imod_klascement/core t/unit/test_sha256.c mod_klascement/core/kc_sha256.c $(pkg-config --cflags --libs check) -lapr-1 -o /tmp/test_sha256 && /tmp/test_sha256
 *
 * Expected digests of the FIPS 180-2 examples are the published ones; the
 * boundary-length digests were computed with coreutils sha256sum when the
 * test was written (see kc_pattern() for the message bytes).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>

#include "kc_sha256.h"

/* Hex digest of len bytes hashed in one update call. */
static void kc_digest_hex(const void *data, apr_size_t len, char hex[65])
{
    kc_sha256_t c;
    unsigned char d[KC_SHA256_DIGEST_LEN];

    kc_sha256_init(&c);
    kc_sha256_update(&c, data, len);
    kc_sha256_final(&c, d);
    kc_sha256_hex(d, hex);
}

/* Message for the boundary tests: not all one byte value, so a block
 * mix-up or a dropped byte changes the digest. */
static void kc_pattern(unsigned char *buf, apr_size_t len)
{
    apr_size_t i;

    for (i = 0; i < len; i++)
        buf[i] = (unsigned char)((i * 31 + 7) & 0xff);
}

/* Lengths around the padding edges: 55 is the longest message whose
 * length still fits in its last block, 56..63 need an extra block, 64 is
 * exactly one block; the same again one block further on. */
static const struct {
    apr_size_t len;
    const char *hex;
} kc_boundary[] = {
    { 1, "ca358758f6d27e6cf45272937977a748fd88391db679ceda7dc7bf1f005ee879" },
    { 55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b" },
    { 56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63" },
    { 57, "5b46e502092be01b1100193e089fdda95638c12e19a1d24f308eb2c3d3ae849d" },
    { 63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076" },
    { 64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd" },
    { 65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0" },
    { 119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe" },
    { 120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656" },
    { 127, "192409cd280e14b743642ad1343fbd3e82d9305de72c078117745a679210cc3d" },
    { 128, "cc548ca2dec1f6fe4f58b2e27aa9c7521607df1130d140b55a4dad0665302356" },
    { 129, "81e89a7b2911aaa7795f9e3d4910cb47d6cd2b00d83b8399481527261a1a7519" },
};
#define KC_NBOUNDARY (sizeof(kc_boundary) / sizeof(kc_boundary[0]))

#define KC_MILLION_A \
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

START_TEST(fips_vectors)
{
    char hex[65];

    kc_digest_hex("", 0, hex);
    ck_assert_str_eq(hex,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    kc_digest_hex("abc", 3, hex);
    ck_assert_str_eq(hex,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    kc_digest_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                  56, hex);
    ck_assert_str_eq(hex,
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    kc_digest_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                  112, hex);
    ck_assert_str_eq(hex,
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}
END_TEST

START_TEST(million_a_odd_chunks)
{
    static unsigned char chunk[997];
    kc_sha256_t c;
    unsigned char d[KC_SHA256_DIGEST_LEN];
    char hex[65];
    apr_size_t left = 1000000, n;

    memset(chunk, 'a', sizeof(chunk));
    kc_sha256_init(&c);
    /* 997 is prime, so the chunk edges wander through every block offset. */
    while (left) {
        n = left < sizeof(chunk) ? left : sizeof(chunk);
        kc_sha256_update(&c, chunk, n);
        left -= n;
    }
    kc_sha256_final(&c, d);
    kc_sha256_hex(d, hex);
    ck_assert_str_eq(hex, KC_MILLION_A);
}
END_TEST

START_TEST(million_a_one_call)
{
    unsigned char *buf = malloc(1000000);
    char hex[65];

    ck_assert_ptr_nonnull(buf);
    memset(buf, 'a', 1000000);
    kc_digest_hex(buf, 1000000, hex);
    free(buf);
    ck_assert_str_eq(hex, KC_MILLION_A);
}
END_TEST

START_TEST(boundaries_one_call)
{
    unsigned char buf[129];
    char hex[65];

    kc_pattern(buf, sizeof(buf));
    kc_digest_hex(buf, kc_boundary[_i].len, hex);
    ck_assert_str_eq(hex, kc_boundary[_i].hex);
}
END_TEST

START_TEST(boundaries_byte_at_a_time)
{
    unsigned char buf[129], d[KC_SHA256_DIGEST_LEN];
    char hex[65];
    kc_sha256_t c;
    apr_size_t i;

    kc_pattern(buf, sizeof(buf));
    kc_sha256_init(&c);
    for (i = 0; i < kc_boundary[_i].len; i++)
        kc_sha256_update(&c, buf + i, 1);
    kc_sha256_final(&c, d);
    kc_sha256_hex(d, hex);
    ck_assert_str_eq(hex, kc_boundary[_i].hex);
}
END_TEST

/* Every two-piece split, with empty updates in between: the buffering in
 * kc_sha256_update must not care where the caller cuts. */
START_TEST(boundaries_every_split)
{
    unsigned char buf[129], d[KC_SHA256_DIGEST_LEN];
    char hex[65];
    kc_sha256_t c;
    apr_size_t len = kc_boundary[_i].len, k;

    kc_pattern(buf, sizeof(buf));
    for (k = 0; k <= len; k++) {
        kc_sha256_init(&c);
        kc_sha256_update(&c, buf, k);
        kc_sha256_update(&c, NULL, 0);
        kc_sha256_update(&c, buf + k, len - k);
        kc_sha256_final(&c, d);
        kc_sha256_hex(d, hex);
        ck_assert_msg(strcmp(hex, kc_boundary[_i].hex) == 0,
                      "len %lu split at %lu: %s", (unsigned long)len,
                      (unsigned long)k, hex);
    }
}
END_TEST

START_TEST(hex_format)
{
    unsigned char d[KC_SHA256_DIGEST_LEN];
    char hex[66];
    int i;

    for (i = 0; i < KC_SHA256_DIGEST_LEN; i++)
        d[i] = (unsigned char)(i * 8 + 1);
    d[31] = 0xff;
    memset(hex, 'X', sizeof(hex));
    kc_sha256_hex(d, hex);
    ck_assert_str_eq(hex, "0109111921293139414951596169717981899199a1a9b1b9"
                          "c1c9d1d9e1e9f1ff");
    ck_assert_int_eq(hex[65], 'X');   /* wrote exactly 65 bytes */
}
END_TEST

/* A context can be initialised again after final and gives the same
 * answer, as the upload code reuses one per request. */
START_TEST(reuse_after_final)
{
    kc_sha256_t c;
    unsigned char d[KC_SHA256_DIGEST_LEN];
    char hex[65];
    int round;

    for (round = 0; round < 2; round++) {
        kc_sha256_init(&c);
        kc_sha256_update(&c, "ab", 2);
        kc_sha256_update(&c, "c", 1);
        kc_sha256_final(&c, d);
        kc_sha256_hex(d, hex);
        ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
                              "b00361a396177a9cb410ff61f20015ad");
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kc_sha256");
    TCase *tc = tcase_create("sha256");
    SRunner *sr;
    int failed;

    apr_initialize();
    /* The million-byte cases are slow under the sanitizers. */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fips_vectors);
    tcase_add_test(tc, million_a_odd_chunks);
    tcase_add_test(tc, million_a_one_call);
    tcase_add_loop_test(tc, boundaries_one_call, 0, (int)KC_NBOUNDARY);
    tcase_add_loop_test(tc, boundaries_byte_at_a_time, 0, (int)KC_NBOUNDARY);
    tcase_add_loop_test(tc, boundaries_every_split, 0, (int)KC_NBOUNDARY);
    tcase_add_test(tc, hex_format);
    tcase_add_test(tc, reuse_after_final);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
