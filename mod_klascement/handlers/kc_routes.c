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
    { POST, "/records/{id}/reactions", kc_page_reaction_add },
    { POST, "/reactions/{id}/edit", kc_page_reaction_edit },
    { POST, "/reactions/{id}/delete", kc_page_reaction_delete },
    { POST, "/records/{id}/rating", kc_page_rating },
    { POST, "/records/{id}/favourite", kc_page_favourite },
    { POST, "/records/{id}/recommend", kc_page_recommend },
    { GET, "/me/favourites",    kc_page_favourites },
    { GET, "/forum",            kc_page_forum },
    { GET, "/forum/new",        kc_page_forum_new_form },
    { POST, "/forum/new",       kc_page_forum_new },
    { GET, "/forum/topics/{id}", kc_page_forum_topic },
    { POST, "/forum/topics/{id}/answers", kc_page_forum_answer },
    { POST, "/forum/topics/{id}/accept", kc_page_forum_accept },
    { POST, "/forum/topics/{id}/delete", kc_page_forum_topic_delete },
    { POST, "/forum/topics/{id}/recommend", kc_page_recommend_topic },
    { POST, "/forum/posts/{id}/thumb", kc_page_forum_thumb },
    { POST, "/forum/posts/{id}/delete", kc_page_forum_post_delete },
    { POST, "/members/{id}/follow", kc_page_follow },
    { POST, "/members/{id}/block", kc_page_block },
    { GET, "/me/feed",          kc_page_feed },
    { GET, "/me/messages",      kc_page_messages },
    { GET, "/me/messages/{id}", kc_page_thread },
    { POST, "/me/messages/{id}", kc_page_message_send },
    { GET, "/members",          kc_page_members },
    { GET, "/organisations/{id}", kc_page_organisation },
    { GET, "/me/organisation",  kc_page_my_organisation_form },
    { POST, "/me/organisation", kc_page_my_organisation },
    { GET, "/training",         kc_page_training },
    { GET, "/calendar",         kc_page_calendar },
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
    { POST, "/moderation/forum/posts/{id}/edit", kc_page_mod_post_edit },
    { POST, "/moderation/forum/posts/{id}/remove", kc_page_mod_post_remove },
    { POST, "/moderation/forum/topics/{id}/remove", kc_page_mod_topic_remove },
    { POST, "/moderation/reactions/{id}/remove", kc_page_mod_reaction_remove },
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
