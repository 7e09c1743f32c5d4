/*
 * kc_rconf.h -- the module's per-request config and the cookie parser:
 * the bottom of http/, used by the request state (kc_request.c) and the
 * session (kc_session.c) alike, so neither needs the other for them.
 */
#ifndef KC_RCONF_H
#define KC_RCONF_H

#include "../kc_private.h"

struct kc_req_t;

/* The module's per-request config: the page state (kc_request.c) and the
 * auth state (kc_session.c), each created on first use by its owner. */
typedef struct {
    struct kc_req_t *req;
    void *auth;
} kc_rconf_t;
kc_rconf_t *kc_rconf(request_rec *r);

/* 1 when the request counts as https: the scheme httpd gives it (mod_ssl,
 * or ServerName https://...) or KlasCementBaseURL's. The session and CSRF
 * cookies' __Host- prefix and Strict-Transport-Security follow it. */
int kc_is_https(request_rec *r);

/* The value of cookie `name`, or NULL. */
const char *kc_cookie(request_rec *r, const char *name);

#endif
