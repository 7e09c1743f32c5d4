/*
 * kc_sha256.h -- SHA-256 (FIPS 180-4), incremental (APR only).
 * Used to name uploaded files by content.
 */
#ifndef KC_SHA256_H
#define KC_SHA256_H

#include <apr.h>

#define KC_SHA256_DIGEST_LEN 32

typedef struct {
    apr_uint32_t state[8];
    apr_uint64_t bytes;          /* message length so far */
    unsigned char block[64];
    apr_size_t used;             /* bytes in block */
} kc_sha256_t;

void kc_sha256_init(kc_sha256_t *c);
void kc_sha256_update(kc_sha256_t *c, const void *data, apr_size_t len);
void kc_sha256_final(kc_sha256_t *c, unsigned char out[KC_SHA256_DIGEST_LEN]);
/* Lowercase hex of a digest into hex[65] (NUL-terminated). */
void kc_sha256_hex(const unsigned char digest[KC_SHA256_DIGEST_LEN],
                   char hex[2 * KC_SHA256_DIGEST_LEN + 1]);

#endif
