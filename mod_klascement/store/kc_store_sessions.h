/*
 * kc_store_sessions.h -- the session row: who a session token belongs to.
 * The http layer (http/kc_session.c) finds it from the cookie, keeps it
 * for the request and sets r->user from it.
 */
#ifndef KC_STORE_SESSIONS_H
#define KC_STORE_SESSIONS_H

#include "kc_store.h"

typedef struct kc_session_t {
    apr_int64_t member_id;
    const char *user;          /* member id as text: r->user */
    const char *role;          /* member | organisation | moderator | admin */
    const char *first_name;
    const char *name;          /* first name and surname */
    const char *lang;          /* the member's UI language */
    const char *country;       /* BE or NL: whose taxonomy names */
    int age_days;              /* days since registration */
    apr_int64_t unread;        /* unread private messages */
    const char *csrf;          /* CSRF secret bound to this session */
    const char *token;         /* the cookie value (set by http/) */
} kc_session_t;

/* ---- sessions ---------------------------------------------------------- */
/* APR_NOTFOUND: no live session for the token (expired, idle, banned...). */
apr_status_t kc_store_session_get(kc_session_t **out, request_rec *r,
                                  const char *token, int idle_seconds);
apr_status_t kc_store_session_create(request_rec *r, const char *token,
                                     apr_int64_t member_id, const char *csrf,
                                     int lifetime_seconds, const char *ip,
                                     const char *user_agent);
apr_status_t kc_store_session_delete(request_rec *r, const char *token);
apr_status_t kc_store_session_delete_member(request_rec *r,
                                            apr_int64_t member_id);

#endif
