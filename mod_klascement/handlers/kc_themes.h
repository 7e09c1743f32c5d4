/*
 * kc_themes.h -- what the theme pages (kc_themes.c) and their admin pages
 * (kc_admin_themes.c) share.
 */
#ifndef KC_THEMES_H
#define KC_THEMES_H

#include "kc_handlers.h"
#include "../store/kc_store_records.h"

/* A section's saved search (a query string of /records, with or without
 * "/records?" before it) read by the search's own parser (kc_search_parse)
 * and its filter values checked: 0, or the HTTP status with *bad naming
 * the parameter ("search" when it is not a query string at all). */
int kc_theme_search_parse(kc_req_t *req, const char *saved, kc_search_t *s,
                          const char **bad);
/* A list of kc_theme_t as `key` (id, slug, url, title, intro, ...). */
void kc_themes_to_ctx(kc_req_t *req, const char *key,
                      const apr_array_header_t *themes);

#endif
