/*
 * kc_store_members.h -- members, logins, profiles, the points ledger view
 * (sessions: kc_store_sessions.h).
 */
#ifndef KC_STORE_MEMBERS_H
#define KC_STORE_MEMBERS_H

#include "kc_store.h"

/* ---- registration and login -------------------------------------------- */
typedef struct {
    const char *email, *password_hash, *first_name, *surname, *country,
               *birthday, *edu_role, *lang;
} kc_registration_t;

/* *member_id = -1 when the e-mail is taken. */
apr_status_t kc_store_member_register(apr_int64_t *member_id, request_rec *r,
                                      const kc_registration_t *reg);

typedef struct {
    apr_int64_t id;
    const char *password_hash;
    int banned;                /* now */
    int ban_permanent;
    const char *banned_until;  /* local time text, or NULL */
} kc_login_member_t;

/* APR_NOTFOUND when no live account has this e-mail. */
apr_status_t kc_store_login_member(kc_login_member_t **out, request_rec *r,
                                   const char *email);
/* May this password attempt run bcrypt? Records it (as a failure until
 * kc_store_login_cleared) in the statement that decides. *attempt gets the
 * id to clear, or 0 when refused: throttled, slowed down, or the database
 * failed (fail closed: the status is still APR_SUCCESS then, logged).
 * The key is `email`, or the e-mail of `member` when member > 0. */
apr_status_t kc_store_login_attempt(apr_int64_t *attempt, request_rec *r,
                                    const char *email, apr_int64_t member,
                                    const char *ip, int ip_limit);
/* The attempt gave the right password: its pair's failures are cleared. */
apr_status_t kc_store_login_cleared(request_rec *r, apr_int64_t attempt);

/* ---- profiles ---------------------------------------------------------- */
typedef struct {
    apr_int64_t id;
    const char *first_name, *surname, *expertise, *organisation, *country,
               *member_since, *role, *lang;
    int has_picture;
    apr_array_header_t *subjects, *levels;   /* const char * names */
} kc_profile_t;

/* A live, unbanned member; APR_NOTFOUND otherwise. */
apr_status_t kc_store_profile(kc_profile_t **out, request_rec *r,
                              apr_int64_t id, const char *labels);

typedef struct {
    int id;
    const char *name;
    int checked;
} kc_choice_t;

/* All subjects and levels, with the member's own ones checked. */
apr_status_t kc_store_member_taxonomy(apr_array_header_t **subjects,
                                      apr_array_header_t **levels,
                                      request_rec *r, apr_int64_t member_id,
                                      const char *labels);

typedef struct {
    const char *first_name, *surname, *expertise, *organisation, *lang;
    const char *subjects, *levels;     /* SQL int[] literals: "{1,2}" */
    const char *picture;               /* "keep", "remove" or "set" */
    const char *picture_sha256, *picture_type;
} kc_profile_update_t;

apr_status_t kc_store_profile_update(request_rec *r, apr_int64_t member_id,
                                     const kc_profile_update_t *u);
/* APR_NOTFOUND when there is no picture. */
apr_status_t kc_store_member_picture(const char **sha256, const char **type,
                                     request_rec *r, apr_int64_t member_id);

/* ---- password and deletion ----------------------------------------------- */
apr_status_t kc_store_password_hash(const char **hash, request_rec *r,
                                    apr_int64_t member_id);
/* New hash; every other session of the member ends. */
apr_status_t kc_store_password_set(request_rec *r, apr_int64_t member_id,
                                   const char *hash, const char *keep_token);
apr_status_t kc_store_member_delete(request_rec *r, apr_int64_t member_id);

/* ---- the ledger ---------------------------------------------------------- */
typedef struct {
    const char *date, *event, *event_name, *subject, *what, *note;
    const char *reward, *campaign;     /* NULL: none */
    apr_int64_t amount;
} kc_ledger_row_t;

typedef struct {
    apr_int64_t balance, total;
    apr_array_header_t *rows;          /* kc_ledger_row_t */
} kc_ledger_page_t;

apr_status_t kc_store_ledger_page(kc_ledger_page_t **out, request_rec *r,
                                  apr_int64_t member_id, const char *lang,
                                  apr_int64_t offset, int limit);

#endif
