/*
 * kc_staff.h -- shared pieces of the moderation and admin pages.
 */
#ifndef KC_STAFF_H
#define KC_STAFF_H

#include "kc_page.h"

/* The rounds of a record as "history". */
void kc_history_to_ctx(kc_req_t *req, const apr_array_header_t *rounds);

#endif
