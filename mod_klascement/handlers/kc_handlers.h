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

/* kc_records.c */
int kc_page_records(kc_req_t *req, const kc_route_match_t *m);
int kc_page_record(kc_req_t *req, const kc_route_match_t *m);
/* Fill a template list with record summaries (shared by list pages). */
struct kc_record_page_t;
void kc_records_to_ctx(kc_req_t *req, kc_tlist_t *list,
                       const apr_array_header_t *items);

#endif
