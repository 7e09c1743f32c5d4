/*
 * kc_staff.h -- shared pieces of the member, moderation and admin pages.
 */
#ifndef KC_STAFF_H
#define KC_STAFF_H

#include "kc_handlers.h"
#include "../store/kc_store.h"

struct kc_session_t;

/* The logged-in member with `role`, or NULL after answering (login
 * redirect, 403, 503). */
struct kc_session_t *kc_need_role(kc_req_t *req, const char *role, int *rc);
/* The same, then the urlencoded form read and its CSRF token checked;
 * role NULL = any member. */
struct kc_session_t *kc_role_post(kc_req_t *req, const char *role,
                                  apr_table_t **form, int *rc);
const char *kc_i64(kc_req_t *req, apr_int64_t v);
/* The rounds of a record as "history". */
void kc_history_to_ctx(kc_req_t *req, const apr_array_header_t *rounds);
/* An action function's answer: ok -> 303 back?done=..., already -> 303
 * back?done=already, scope/role/self -> 403, else 404. */
int kc_action_answer(kc_req_t *req, const char *result, const char *back,
                     const char *done);

/* Run an action function and answer as kc_action_answer() does. */
int kc_run_action(kc_req_t *req, kc_query_id_t q, const char **args,
                  const char *back, const char *done);

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

#endif
