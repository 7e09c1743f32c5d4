/*
 * kc_community.h -- shared pieces of the community pages.
 */
#ifndef KC_COMMUNITY_H
#define KC_COMMUNITY_H

#include "kc_page.h"

/* The anti-spam checks on a posted text: empty/too long, links for new
 * members. Adds errors on `field`; returns the number of errors. */
int kc_check_post_text(kc_req_t *req, kc_session_t *s,
                       kc_errors_t *e, const char *field, const char *text,
                       apr_size_t min, apr_size_t max);

/* Map a community action's refusal to a status and errors: duplicate ->
 * 409 on `field`, ratelimit -> 429, others -> 403/404. Returns 0 for
 * "ok". */
int kc_community_refusal(kc_req_t *req, kc_errors_t *e, const char *result,
                         const char *field);

/* Post a text (reaction, answer, message) to `target` through the action
 * `q` (member, target, body, normalised hash) after the anti-spam checks.
 * 0 when stored; else the status of the refusal: 400/409 with the errors
 * on "body" in the page context, 429, 403, 404; or -1 when the database
 * failed (*rv). *result is the action's own answer. */
int kc_post_text(kc_req_t *req, kc_session_t *s, kc_query_id_t q,
                 apr_int64_t target, const char *body, apr_size_t max,
                 const char **result, apr_status_t *rv);

#endif
