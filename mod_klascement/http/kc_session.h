/*
 * kc_session.h -- who is asking: sessions, the authn/authz hooks, CSRF.
 */
#ifndef KC_SESSION_H
#define KC_SESSION_H

#include "kc_http.h"
#include "../store/kc_store_sessions.h"

/* The session of the request (looked up once; NULL for visitors). On a
 * database error *db_error (if given) is set and NULL returned. */
kc_session_t *kc_session(request_rec *r, int *db_error);
/* 1 when the request carries a session cookie (valid or not): a visitor
 * without one sees the pages every visitor sees. */
int kc_session_cookie_sent(request_rec *r);

/* 1 if the session's role includes `role` (admin > moderator > member;
 * organisation is a member). */
int kc_role_includes(const char *have, const char *need);

/* Start a session for member_id: a fresh token (32 random bytes), its
 * SHA-256 stored, the cookie set. Any session the request came with is
 * ended first (rotation). */
apr_status_t kc_session_start(kc_req_t *req, apr_int64_t member_id);
/* End the request's session and clear the cookie. */
apr_status_t kc_session_end(kc_req_t *req);
/* Clear the session cookie (e.g. after the account is gone). */
void kc_session_clear_cookie(kc_req_t *req);

/* The CSRF token to put in forms (for visitors a double-submit cookie is
 * set when needed). */
const char *kc_csrf_token(kc_req_t *req);
/* 1 if `token` (the form's csrf field) is valid for this request. */
int kc_csrf_valid(kc_req_t *req, const char *token);

/* Base64url (no padding) of n random bytes; APR_EGENERAL if the system
 * has no randomness (never a weaker token). */
apr_status_t kc_random_token(const char **out, apr_pool_t *p, apr_size_t n);

/* kc_session_cache.c (KlasCementSessionCache): a child's copies of
 * session look-ups for GET and HEAD requests. kc_session_cache_mark()
 * before a look-up; _put keeps its answer only if no session ended since
 * that mark; _get answers a copy that is neither expired nor older than
 * the last session change, or NULL. */
void kc_session_cache_child_init(apr_pool_t *p, server_rec *s);
apr_uint32_t kc_session_cache_mark(void);
kc_session_t *kc_session_cache_get(request_rec *r, const char *token);
void kc_session_cache_put(request_rec *r, const char *token,
                          const kc_session_t *s, apr_uint32_t mark);

/* Hooks (wired in mod_klascement.c). */
int kc_hook_force_authn(request_rec *r);
int kc_hook_check_authn(request_rec *r);
void kc_register_authz_provider(apr_pool_t *p);

#endif
