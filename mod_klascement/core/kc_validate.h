/*
 * kc_validate.h -- checks of form input (APR only, unit-tested).
 */
#ifndef KC_VALIDATE_H
#define KC_VALIDATE_H

#include <apr_pools.h>
#include <apr_hash.h>

/* A plausible e-mail address: local@domain.tld, at most 254 bytes, no
 * spaces or control characters, one '@', a dot in the domain. */
int kc_valid_email(const char *s);

/* A web address as members give one (a record's link, an organisation's
 * site) and as KlasCementBaseURL is written: "http://" or "https://" in
 * lower case, a host (DNS name, IPv4, or [IPv6]; UTF-8 bytes allowed in a
 * name, the browser turns them into punycode), an optional :port (1-65535),
 * then a path/query/fragment. No user@ part (it makes a link look like it
 * goes elsewhere), no spaces, control characters, '"', '<', '>' or '\'
 * anywhere, at most KC_WEB_URL_MAX bytes. One rule for every form. */
#define KC_WEB_URL_MAX 2000
int kc_valid_web_url(const char *u);

/* A time of day as <input type="time"> sends it: HH:MM, 00:00 to 23:59. */
int kc_valid_time(const char *t);

/* Strict YYYY-MM-DD naming a real calendar date (1900..9999). */
int kc_parse_date(const char *s, int *year, int *month, int *day);

/* Characters (not bytes) of valid UTF-8 text. */
apr_size_t kc_utf8_chars(const char *s);

typedef enum {
    KC_PW_OK = 0,
    KC_PW_SHORT,      /* fewer than 10 characters */
    KC_PW_LONG,       /* more than 72 bytes: bcrypt would truncate */
    KC_PW_COMMON      /* in the blocklist (case-insensitive) */
} kc_pw_verdict_t;

kc_pw_verdict_t kc_password_check(const char *pw, apr_hash_t *blocklist,
                                  apr_pool_t *p);

/* 1 when an IP address (family AF_INET with 4 bytes, AF_INET6 with 16,
 * network order) is not on the public internet: loopback, private,
 * link-local, carrier-grade NAT, unspecified, multicast, IPv6 unique-local,
 * and IPv4 mapped into IPv6 of those. What a server-side fetch of a
 * member's link must not reach. */
int kc_addr_is_private(int family, const unsigned char *addr);

/* Trim ASCII whitespace at both ends (returns a pointer into a copy). */
const char *kc_trim(apr_pool_t *p, const char *s);

#endif
