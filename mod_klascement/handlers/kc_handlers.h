/*
 * kc_handlers.h -- the route tables of the three handlers and the page
 * functions they point to.
 */
#ifndef KC_HANDLERS_H
#define KC_HANDLERS_H

#include "../http/kc_http.h"

extern const kc_route_t kc_site_routes[];
extern const kc_route_t kc_moderation_routes[];
extern const kc_route_t kc_admin_routes[];

/* kc_home.c */
int kc_page_home(kc_req_t *req, const kc_route_match_t *m);
int kc_page_language(kc_req_t *req, const kc_route_match_t *m);
int kc_page_error_document(kc_req_t *req, const kc_route_match_t *m);

/* kc_account.c */
int kc_page_register_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_register(kc_req_t *req, const kc_route_match_t *m);
int kc_page_login_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_login(kc_req_t *req, const kc_route_match_t *m);
int kc_page_logout(kc_req_t *req, const kc_route_match_t *m);
int kc_page_logout_all(kc_req_t *req, const kc_route_match_t *m);
int kc_page_terms(kc_req_t *req, const kc_route_match_t *m);

/* kc_me.c */
struct kc_session_t;
/* The logged-in member, or NULL after answering (login redirect, 503). */
struct kc_session_t *kc_need_member(kc_req_t *req, int *rc);
const char *kc_profile_url(kc_req_t *req, apr_int64_t id, const char *done);
int kc_page_member(kc_req_t *req, const kc_route_match_t *m);
int kc_page_member_picture(kc_req_t *req, const kc_route_match_t *m);
int kc_page_me(kc_req_t *req, const kc_route_match_t *m);
int kc_page_profile_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_profile_save(kc_req_t *req, const kc_route_match_t *m);

/* kc_me_account.c */
int kc_page_password_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_password(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_points(kc_req_t *req, const kc_route_match_t *m);
int kc_page_delete_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_delete(kc_req_t *req, const kc_route_match_t *m);

/* kc_records.c */
int kc_page_records(kc_req_t *req, const kc_route_match_t *m);
int kc_page_record(kc_req_t *req, const kc_route_match_t *m);
int kc_page_record_download(kc_req_t *req, const kc_route_match_t *m);
int kc_page_points(kc_req_t *req, const kc_route_match_t *m);
/* Fill a template list with record summaries (shared by list pages). */
void kc_records_to_ctx(kc_req_t *req, kc_tlist_t *list,
                       const apr_array_header_t *items);

#endif
