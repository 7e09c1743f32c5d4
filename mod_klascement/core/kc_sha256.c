/*
 * kc_sha256.c -- SHA-256 as specified in FIPS 180-4 (APR only).
 *
 * Written from the specification. Words are assembled from bytes with
 * shifts, so the code never does unaligned loads and does not care about
 * the host's byte order.
 */
#include <string.h>

#include "kc_sha256.h"

/* FIPS 180-4 section 4.2.2: first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes. */
static const apr_uint32_t kc_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
    0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
    0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/* Rotate right; n is always 1..31 here, so neither shift is undefined. */
#define KC_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* The six logical functions of FIPS 180-4 section 4.1.2. */
#define KC_CH(x, y, z)  (((x) & (y)) ^ (~(x) & (z)))
#define KC_MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define KC_BSIG0(x) (KC_ROTR(x, 2) ^ KC_ROTR(x, 13) ^ KC_ROTR(x, 22))
#define KC_BSIG1(x) (KC_ROTR(x, 6) ^ KC_ROTR(x, 11) ^ KC_ROTR(x, 25))
#define KC_SSIG0(x) (KC_ROTR(x, 7) ^ KC_ROTR(x, 18) ^ ((x) >> 3))
#define KC_SSIG1(x) (KC_ROTR(x, 17) ^ KC_ROTR(x, 19) ^ ((x) >> 10))

/* Big-endian 32-bit word from four bytes, whatever the host order. */
static apr_uint32_t kc_load_be32(const unsigned char *p)
{
    return ((apr_uint32_t)p[0] << 24) | ((apr_uint32_t)p[1] << 16)
         | ((apr_uint32_t)p[2] << 8) | (apr_uint32_t)p[3];
}

static void kc_store_be32(unsigned char *p, apr_uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* One 512-bit block: FIPS 180-4 section 6.2.2 steps 1 to 4. */
static void kc_sha256_compress(apr_uint32_t state[8],
                               const unsigned char block[64])
{
    apr_uint32_t w[64];
    apr_uint32_t a, b, c, d, e, f, g, h, t1, t2;
    int t;

    for (t = 0; t < 16; t++)
        w[t] = kc_load_be32(block + 4 * t);
    for (t = 16; t < 64; t++)
        w[t] = KC_SSIG1(w[t - 2]) + w[t - 7] + KC_SSIG0(w[t - 15])
             + w[t - 16];

    a = state[0]; b = state[1]; c = state[2]; d = state[3];
    e = state[4]; f = state[5]; g = state[6]; h = state[7];
    for (t = 0; t < 64; t++) {
        t1 = h + KC_BSIG1(e) + KC_CH(e, f, g) + kc_sha256_k[t] + w[t];
        t2 = KC_BSIG0(a) + KC_MAJ(a, b, c);
        h = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

void kc_sha256_init(kc_sha256_t *c)
{
    /* FIPS 180-4 section 5.3.3: fractional parts of the square roots of
     * the first eight primes. */
    c->state[0] = 0x6a09e667; c->state[1] = 0xbb67ae85;
    c->state[2] = 0x3c6ef372; c->state[3] = 0xa54ff53a;
    c->state[4] = 0x510e527f; c->state[5] = 0x9b05688c;
    c->state[6] = 0x1f83d9ab; c->state[7] = 0x5be0cd19;
    c->bytes = 0;
    c->used = 0;
}

void kc_sha256_update(kc_sha256_t *c, const void *data, apr_size_t len)
{
    const unsigned char *p = data;
    apr_size_t take;

    /* Nothing to add; also keeps a NULL data pointer away from memcpy. */
    if (len == 0)
        return;
    c->bytes += len;
    /* Top up a partly filled block first so whole blocks stay aligned
     * with the message. */
    if (c->used) {
        take = 64 - c->used;
        if (take > len)
            take = len;
        memcpy(c->block + c->used, p, take);
        c->used += take;
        p += take;
        len -= take;
        if (c->used < 64)
            return;
        kc_sha256_compress(c->state, c->block);
        c->used = 0;
    }
    /* Whole blocks straight from the caller's buffer: no copy needed, as
     * the compression reads bytes one at a time. */
    while (len >= 64) {
        kc_sha256_compress(c->state, p);
        p += 64;
        len -= 64;
    }
    if (len) {
        memcpy(c->block, p, len);
        c->used = len;
    }
}

void kc_sha256_final(kc_sha256_t *c, unsigned char out[KC_SHA256_DIGEST_LEN])
{
    /* Length in bits, taken before padding changes c->bytes' meaning. */
    apr_uint64_t bits = c->bytes << 3;
    int i;

    /* Section 5.1.1: a 1 bit, zeros up to 56 mod 64, then the 64-bit
     * big-endian bit length. When fewer than 8 bytes remain after the 0x80,
     * the length spills into an extra block. */
    c->block[c->used++] = 0x80;
    if (c->used > 56) {
        memset(c->block + c->used, 0, 64 - c->used);
        kc_sha256_compress(c->state, c->block);
        c->used = 0;
    }
    memset(c->block + c->used, 0, 56 - c->used);
    kc_store_be32(c->block + 56, (apr_uint32_t)(bits >> 32));
    kc_store_be32(c->block + 60, (apr_uint32_t)bits);
    kc_sha256_compress(c->state, c->block);

    for (i = 0; i < 8; i++)
        kc_store_be32(out + 4 * i, c->state[i]);
    /* The context held message bytes: do not leave them lying around. */
    memset(c, 0, sizeof(*c));
}

void kc_sha256_hex(const unsigned char digest[KC_SHA256_DIGEST_LEN],
                   char hex[2 * KC_SHA256_DIGEST_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    int i;

    for (i = 0; i < KC_SHA256_DIGEST_LEN; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0x0f];
    }
    hex[2 * KC_SHA256_DIGEST_LEN] = '\0';
}
