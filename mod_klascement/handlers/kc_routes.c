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
    { POST, "/records/{id}/report", kc_page_record_report },
    { GET, "/contribute",       kc_page_contribute_choose },
    { GET, "/contribute/{word}", kc_page_contribute_form },
    { POST, "/contribute/{word}", kc_page_contribute },
    { GET, "/me/contributions", kc_page_my_contributions },
    { GET, "/me/contributions/{id}/edit", kc_page_contribution_edit_form },
    { POST, "/me/contributions/{id}/edit", kc_page_contribution_edit },
    { POST, "/me/contributions/{id}/withdraw", kc_page_contribution_withdraw },
    { POST, "/me/contributions/{id}/objection", kc_page_contribution_objection },
    { GET, "/me/notifications", kc_page_notifications },
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

/* Mounted at /moderation (Require klascement-role moderator). */
const kc_route_t kc_moderation_routes[] = {
    { GET, "/moderation",                       kc_page_mod_queue },
    { GET, "/moderation/records/{id}",          kc_page_mod_review },
    { POST, "/moderation/records/{id}/approve", kc_page_mod_approve },
    { POST, "/moderation/records/{id}/changes", kc_page_mod_changes },
    { POST, "/moderation/records/{id}/refuse",  kc_page_mod_refuse },
    { POST, "/moderation/reports/{id}/close",   kc_page_mod_report_close },
    { 0, NULL, NULL }
};

/* Mounted at /admin (Require klascement-role admin). */
const kc_route_t kc_admin_routes[] = {
    { GET, "/admin",                            kc_page_admin },
    { GET, "/admin/objections",                 kc_page_admin_objections },
    { POST, "/admin/objections/{id}/decide",    kc_page_admin_decide },
    { GET, "/admin/records/{id}",               kc_page_admin_record },
    { POST, "/admin/records/{id}/takedown",     kc_page_admin_takedown },
    { POST, "/admin/records/{id}/restore",      kc_page_admin_restore },
    { POST, "/admin/records/{id}/remove",       kc_page_admin_remove },
    { GET, "/admin/members",                    kc_page_admin_members },
    { GET, "/admin/members/{id}",               kc_page_admin_member },
    { POST, "/admin/members/{id}/ban",          kc_page_admin_ban },
    { POST, "/admin/members/{id}/unban",        kc_page_admin_unban },
    { POST, "/admin/members/{id}/role",         kc_page_admin_role },
    { POST, "/admin/members/{id}/scope",        kc_page_admin_scope },
    { GET, "/admin/audit",                      kc_page_admin_audit },
    { 0, NULL, NULL }
};
