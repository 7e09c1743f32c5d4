/*
 * kc_routes.c -- which path goes to which page, per handler.
 */
#include "kc_handlers.h"

#define GET  (AP_METHOD_BIT << M_GET)
#define POST (AP_METHOD_BIT << M_POST)

const kc_route_t kc_site_routes[] = {
    { GET, "/",                 kc_page_home },
    { GET, "/records",          kc_page_records },
    { GET, "/records/{id}",     kc_page_record },
    { GET, "/language/{word}",  kc_page_language },
    /* Target of ErrorDocument, so httpd's own errors get our layout too. */
    { GET | POST, "/errors/{id}", kc_page_error_document },
    { 0, NULL, NULL }
};

/* Mounted at /moderation and /admin by the sample configuration; their
 * pages arrive with the moderation work (issue 5). */
const kc_route_t kc_moderation_routes[] = {
    { 0, NULL, NULL }
};

const kc_route_t kc_admin_routes[] = {
    { 0, NULL, NULL }
};
