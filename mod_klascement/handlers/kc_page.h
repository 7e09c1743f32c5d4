/*
 * kc_page.h -- the one header a page file includes for the shared pieces:
 * the route tables' page functions (kc_handlers.h), forms and sessions,
 * the store's common types, and the helpers of kc_page.c.
 *
 * A new page with a form: its handler file includes this (and the store
 * header of its area), its routes go in kc_routes.c, its prototypes in
 * kc_handlers.h.
 */
#ifndef KC_PAGE_H
#define KC_PAGE_H

#include "kc_handlers.h"
#include "../http/kc_forms.h"
#include "../http/kc_session.h"
#include "../store/kc_store.h"
#include "../store/kc_store_contrib.h"       /* kc_code_name_t */
#include "../store/kc_store_members.h"       /* kc_choice_t */

/* ---- guards: NULL after answering (login redirect, 403, 503, 400) ------- */
/* The logged-in member. Locations are protected by `Require
 * klascement-role` too; this is the second line. */
kc_session_t *kc_need_member(kc_req_t *req, int *rc);
/* The logged-in member with `role`. */
kc_session_t *kc_need_role(kc_req_t *req, const char *role, int *rc);
/* The same, then the urlencoded form read and its CSRF token checked;
 * role NULL = any member. */
kc_session_t *kc_role_post(kc_req_t *req, const char *role,
                           apr_table_t **form, int *rc);

/* An id (or any integer) as text, for templates and action arguments. */
const char *kc_i64(kc_req_t *req, apr_int64_t v);

/* ---- the answer to an action function ----------------------------------- */
/* ok -> 303 back?done=<done>, already -> 303 back?done=already,
 * scope/role/self -> 403, else 404. */
int kc_action_answer(kc_req_t *req, const char *result, const char *back,
                     const char *done);
/* Run an action function and answer as kc_action_answer() does (a
 * database failure: 503/500). */
int kc_run_action(kc_req_t *req, kc_query_id_t q, const char **args,
                  const char *back, const char *done);

/* ---- lists and forms ----------------------------------------------------- */
/* A pager over `total` items of `size` a page, links built from `base`. */
void kc_pager_ctx(kc_req_t *req, apr_int64_t page, apr_int64_t total,
                  int size, const char *base);
/* state_<state> booleans on c (templates cannot compare). */
void kc_ctx_state_flags(kc_req_t *req, kc_tctx_t *c, const char *state);
/* A checkbox group (kc_choice_t all) with the ids in `checked` checked
 * ("{1,2}" or "1,2"). */
void kc_ctx_choices(kc_req_t *req, const char *key,
                    const apr_array_header_t *all, const char *checked);
/* A select (list of {value, code, name, selected}) from code/name pairs
 * (kc_code_name_t). */
void kc_ctx_select(kc_req_t *req, const char *key,
                   const apr_array_header_t *langs, const char *selected);

/* ---- account mail (kc_account_mail.c) -------------------------------------- */
/* Queue and deliver the link that confirms a member's address (resend 0:
 * the mail of the registration; 1: the member asked again, rate-limited).
 * *result: ok | confirmed | ratelimit | notfound. */
apr_status_t kc_confirm_mail_send(const char **result, kc_req_t *req,
                                  apr_int64_t member, const char *name,
                                  int resend);
/* The 403 page for a member whose address is not confirmed yet: why, and
 * the "send the link again" button. */
int kc_render_unconfirmed(kc_req_t *req);

#endif
