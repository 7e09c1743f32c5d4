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
    { GET, "/records/{id}/download", kc_page_record_download },
    { GET, "/points",           kc_page_points },
    { GET, "/language/{word}",  kc_page_language },
    { GET, "/register",         kc_page_register_form },
    { POST, "/register",        kc_page_register },
    { GET, "/login",            kc_page_login_form },
    { POST, "/login",           kc_page_login },
    { POST, "/logout",          kc_page_logout },
    { POST, "/logout-all",      kc_page_logout_all },
    { GET, "/terms",            kc_page_terms },
    { GET, "/members/{id}",     kc_page_member },
    { GET, "/members/{id}/picture", kc_page_member_picture },
    { GET, "/me",               kc_page_me },
    { GET, "/me/profile",       kc_page_profile_form },
    { POST, "/me/profile",      kc_page_profile_save },
    { GET, "/me/password",      kc_page_password_form },
    { POST, "/me/password",     kc_page_password },
    { GET, "/me/points",        kc_page_my_points },
    { GET, "/me/delete",        kc_page_delete_form },
    { POST, "/me/delete",       kc_page_delete },
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
