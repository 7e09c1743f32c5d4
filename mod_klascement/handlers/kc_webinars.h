/*
 * kc_webinars.h -- what the webinar pages (kc_webinars.c) and their admin
 * pages (kc_admin_webinars.c) share.
 */
#ifndef KC_WEBINARS_H
#define KC_WEBINARS_H

#include "kc_handlers.h"
#include "../store/kc_store_webinars.h"

/* A webinar's template values (id, url, ics_url, title, ..., meeting_url
 * only when the statement gave it). */
void kc_webinar_to_ctx(kc_req_t *req, kc_tctx_t *c, const kc_webinar_t *w);

#endif
