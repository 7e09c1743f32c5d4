/*
 * kc_routes.c -- which path goes to which page, per handler.
 */
#include "kc_handlers.h"

#define GET  (AP_METHOD_BIT << M_GET)
#define POST (AP_METHOD_BIT << M_POST)

const kc_route_t kc_site_routes[] = {
    { GET, "/",                 kc_page_home, 0 },
    { GET, "/records",          kc_page_records, 0 },
    { GET, "/records/{id}",     kc_page_record, 0 },
    { GET, "/records/{id}/download", kc_page_record_download, 0 },
    { GET, "/points",           kc_page_points, 0 },
    { POST, "/records/{id}/report", kc_page_record_report, KC_ROUTE_PRIVATE },
    { GET, "/contribute",       kc_page_contribute_choose, 0 },
    { GET, "/contribute/{word}", kc_page_contribute_form, 0 },
    { POST, "/contribute/{word}", kc_page_contribute, 0 },
    { GET, "/me/contributions", kc_page_my_contributions, 0 },
    { GET, "/me/contributions/{id}/edit", kc_page_contribution_edit_form, 0 },
    { POST, "/me/contributions/{id}/edit", kc_page_contribution_edit, 0 },
    { POST, "/me/contributions/{id}/withdraw", kc_page_contribution_withdraw, 0 },
    { POST, "/me/contributions/{id}/objection", kc_page_contribution_objection, 0 },
    { GET, "/me/notifications", kc_page_notifications, 0 },
    { POST, "/records/{id}/reactions", kc_page_reaction_add, 0 },
    { POST, "/reactions/{id}/edit", kc_page_reaction_edit, 0 },
    { POST, "/reactions/{id}/delete", kc_page_reaction_delete, 0 },
    { POST, "/records/{id}/rating", kc_page_rating, 0 },
    { POST, "/records/{id}/favourite", kc_page_favourite, KC_ROUTE_PRIVATE },
    { POST, "/records/{id}/recommend", kc_page_recommend, KC_ROUTE_PRIVATE },
    { GET, "/me/favourites",    kc_page_favourites, 0 },
    { GET, "/forum",            kc_page_forum, 0 },
    { GET, "/forum/new",        kc_page_forum_new_form, 0 },
    { POST, "/forum/new",       kc_page_forum_new, 0 },
    { GET, "/forum/topics/{id}", kc_page_forum_topic, 0 },
    { POST, "/forum/topics/{id}/answers", kc_page_forum_answer, 0 },
    { POST, "/forum/topics/{id}/accept", kc_page_forum_accept, 0 },
    { POST, "/forum/topics/{id}/delete", kc_page_forum_topic_delete, 0 },
    { POST, "/forum/topics/{id}/recommend", kc_page_recommend_topic, KC_ROUTE_PRIVATE },
    { POST, "/forum/posts/{id}/thumb", kc_page_forum_thumb, 0 },
    { POST, "/forum/posts/{id}/delete", kc_page_forum_post_delete, 0 },
    { POST, "/members/{id}/follow", kc_page_follow, KC_ROUTE_PRIVATE },
    { POST, "/members/{id}/block", kc_page_block, KC_ROUTE_PRIVATE },
    { GET, "/me/feed",          kc_page_feed, 0 },
    { GET, "/me/messages",      kc_page_messages, 0 },
    { GET, "/me/messages/{id}", kc_page_thread, 0 },
    { POST, "/me/messages/{id}", kc_page_message_send, KC_ROUTE_PRIVATE },
    { GET, "/members",          kc_page_members, 0 },
    { GET, "/organisations/{id}", kc_page_organisation, 0 },
    { GET, "/me/organisation",  kc_page_my_organisation_form, 0 },
    { POST, "/me/organisation", kc_page_my_organisation, 0 },
    { GET, "/training",         kc_page_training, 0 },
    { GET, "/calendar",         kc_page_calendar, 0 },
    { GET, "/language/{word}",  kc_page_language, 0 },
    { GET, "/register",         kc_page_register_form, 0 },
    { POST, "/register",        kc_page_register, KC_ROUTE_PRIVATE },
    { GET, "/login",            kc_page_login_form, 0 },
    { POST, "/login",           kc_page_login, KC_ROUTE_PRIVATE },
    { POST, "/logout",          kc_page_logout, KC_ROUTE_PRIVATE },
    { POST, "/logout-all",      kc_page_logout_all, KC_ROUTE_PRIVATE },
    { GET, "/terms",            kc_page_terms, 0 },
    { GET, "/members/{id}",     kc_page_member, 0 },
    { GET, "/members/{id}/picture", kc_page_member_picture, 0 },
    { GET, "/me",               kc_page_me, 0 },
    { GET, "/me/profile",       kc_page_profile_form, 0 },
    { POST, "/me/profile",      kc_page_profile_save, 0 },
    { GET, "/me/password",      kc_page_password_form, 0 },
    { POST, "/me/password",     kc_page_password, 0 },
    { GET, "/me/points",        kc_page_my_points, 0 },
    { GET, "/me/delete",        kc_page_delete_form, 0 },
    { POST, "/me/delete",       kc_page_delete, 0 },
    /* Target of ErrorDocument, so httpd's own errors get our layout too. */
    { GET | POST, "/errors/{id}", kc_page_error_document, 0 },
    { 0, NULL, NULL, 0 }
};

/* Mounted at /moderation (Require klascement-role moderator). */
const kc_route_t kc_moderation_routes[] = {
    { GET, "/moderation",                       kc_page_mod_queue, 0 },
    { GET, "/moderation/records/{id}",          kc_page_mod_review, 0 },
    { POST, "/moderation/records/{id}/approve", kc_page_mod_approve, 0 },
    { POST, "/moderation/records/{id}/changes", kc_page_mod_changes, 0 },
    { POST, "/moderation/records/{id}/refuse",  kc_page_mod_refuse, 0 },
    { POST, "/moderation/reports/{id}/close",   kc_page_mod_report_close, 0 },
    { POST, "/moderation/forum/posts/{id}/edit", kc_page_mod_post_edit, 0 },
    { POST, "/moderation/forum/posts/{id}/remove", kc_page_mod_post_remove, 0 },
    { POST, "/moderation/forum/topics/{id}/remove", kc_page_mod_topic_remove, 0 },
    { POST, "/moderation/reactions/{id}/remove", kc_page_mod_reaction_remove, 0 },
    { 0, NULL, NULL, 0 }
};

/* Mounted at /admin (Require klascement-role admin). */
const kc_route_t kc_admin_routes[] = {
    { GET, "/admin",                            kc_page_admin, 0 },
    { GET, "/admin/objections",                 kc_page_admin_objections, 0 },
    { POST, "/admin/objections/{id}/decide",    kc_page_admin_decide, 0 },
    { GET, "/admin/records/{id}",               kc_page_admin_record, 0 },
    { POST, "/admin/records/{id}/takedown",     kc_page_admin_takedown, 0 },
    { POST, "/admin/records/{id}/restore",      kc_page_admin_restore, 0 },
    { POST, "/admin/records/{id}/remove",       kc_page_admin_remove, 0 },
    { GET, "/admin/members",                    kc_page_admin_members, 0 },
    { GET, "/admin/members/{id}",               kc_page_admin_member, 0 },
    { POST, "/admin/members/{id}/ban",          kc_page_admin_ban, 0 },
    { POST, "/admin/members/{id}/unban",        kc_page_admin_unban, 0 },
    { POST, "/admin/members/{id}/role",         kc_page_admin_role, 0 },
    { POST, "/admin/members/{id}/scope",        kc_page_admin_scope, 0 },
    { GET, "/admin/audit",                      kc_page_admin_audit, 0 },
    { GET, "/admin/jobs",                       kc_page_admin_jobs, 0 },
    { POST, "/admin/jobs/{word}/run",           kc_page_admin_job_run, KC_ROUTE_PRIVATE },
    { 0, NULL, NULL, 0 }
};
