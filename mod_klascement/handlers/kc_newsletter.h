/*
 * kc_newsletter.h -- what the newsletter's public and admin pages share.
 */
#ifndef KC_NEWSLETTER_H
#define KC_NEWSLETTER_H

#include "kc_page.h"
#include "../store/kc_store_newsletter.h"

/* The issue n and its content as the archive shows it: "newsletter" and
 * "sections" (each a heading and its items) in the page's context. */
void kc_newsletter_to_ctx(kc_req_t *req, const kc_newsletter_t *n,
                          const apr_array_header_t *items, int editable);

#endif
