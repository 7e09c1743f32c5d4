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

/* kc_oai.c */
int kc_page_oai(kc_req_t *req, const kc_route_match_t *m);

/* kc_records_atom.c */
int kc_page_records_atom(kc_req_t *req, const kc_route_match_t *m);

/* kc_sitemap.c */
int kc_page_sitemap(kc_req_t *req, const kc_route_match_t *m);
int kc_page_sitemap_pages(kc_req_t *req, const kc_route_match_t *m);
int kc_page_sitemap_records(kc_req_t *req, const kc_route_match_t *m);
int kc_page_robots(kc_req_t *req, const kc_route_match_t *m);

/* kc_home.c */
int kc_page_home(kc_req_t *req, const kc_route_match_t *m);
int kc_page_language(kc_req_t *req, const kc_route_match_t *m);
int kc_page_error_document(kc_req_t *req, const kc_route_match_t *m);

/* kc_account.c */
int kc_page_register_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_register(kc_req_t *req, const kc_route_match_t *m);
int kc_page_login_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_login(kc_req_t *req, const kc_route_match_t *m);
int kc_page_logout(kc_req_t *req, const kc_route_match_t *m);
int kc_page_logout_all(kc_req_t *req, const kc_route_match_t *m);
int kc_page_terms(kc_req_t *req, const kc_route_match_t *m);

/* kc_account_mail.c */
int kc_page_password_forgot_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_password_forgot(kc_req_t *req, const kc_route_match_t *m);
int kc_page_password_reset_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_password_reset(kc_req_t *req, const kc_route_match_t *m);
int kc_page_confirm(kc_req_t *req, const kc_route_match_t *m);
int kc_page_confirm_resend(kc_req_t *req, const kc_route_match_t *m);

/* kc_me.c */
const char *kc_profile_url(kc_req_t *req, apr_int64_t id, const char *done);
int kc_page_member(kc_req_t *req, const kc_route_match_t *m);
int kc_page_member_picture(kc_req_t *req, const kc_route_match_t *m);
int kc_page_me(kc_req_t *req, const kc_route_match_t *m);
int kc_page_profile_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_profile_save(kc_req_t *req, const kc_route_match_t *m);

/* kc_me_account.c */
int kc_page_password_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_password(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_points(kc_req_t *req, const kc_route_match_t *m);
int kc_page_delete_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_delete(kc_req_t *req, const kc_route_match_t *m);

/* kc_contribute_post.c, kc_me_contrib.c */
int kc_page_contribute_choose(kc_req_t *req, const kc_route_match_t *m);
int kc_page_contribute_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_contribute(kc_req_t *req, const kc_route_match_t *m);
int kc_page_contribution_edit_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_contribution_edit(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_contributions(kc_req_t *req, const kc_route_match_t *m);
int kc_page_contribution_withdraw(kc_req_t *req, const kc_route_match_t *m);
int kc_page_contribution_objection(kc_req_t *req, const kc_route_match_t *m);
int kc_page_notifications(kc_req_t *req, const kc_route_match_t *m);
int kc_page_record_report(kc_req_t *req, const kc_route_match_t *m);

/* kc_moderation.c, kc_review.c */
int kc_page_mod_queue(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_review(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_approve(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_changes(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_refuse(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_report_close(kc_req_t *req, const kc_route_match_t *m);

/* kc_admin.c */
int kc_page_admin(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_objections(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_decide(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_record(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_takedown(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_restore(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_remove(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_members(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_member(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_ban(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_unban(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_role(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_scope(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_audit(kc_req_t *req, const kc_route_match_t *m);
/* kc_admin_points.c */
int kc_page_admin_points(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_rule_set(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_grant(kc_req_t *req, const kc_route_match_t *m);
/* A one-time key for a grant form (hex). */
const char *kc_grant_key(kc_req_t *req);
/* kc_admin_campaigns.c */
int kc_page_admin_campaigns(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_campaign_create(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_campaign_end(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_milestones(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_milestone_declare(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_milestone_pay(kc_req_t *req, const kc_route_match_t *m);
/* The campaigns in force now as the template list `campaigns`. */
void kc_campaigns_ctx(kc_req_t *req);

/* kc_admin_jobs.c */
int kc_page_admin_jobs(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_job_run(kc_req_t *req, const kc_route_match_t *m);

/* kc_community.c, kc_forum.c, kc_network.c, kc_org.c */
int kc_page_reaction_add(kc_req_t *req, const kc_route_match_t *m);
int kc_page_reaction_edit(kc_req_t *req, const kc_route_match_t *m);
int kc_page_reaction_delete(kc_req_t *req, const kc_route_match_t *m);
int kc_page_rating(kc_req_t *req, const kc_route_match_t *m);
int kc_page_favourite(kc_req_t *req, const kc_route_match_t *m);
int kc_page_favourites(kc_req_t *req, const kc_route_match_t *m);
int kc_page_recommend(kc_req_t *req, const kc_route_match_t *m);
int kc_page_recommend_topic(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_new_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_new(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_topic(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_answer(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_thumb(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_accept(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_post_delete(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_topic_delete(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_post_edit(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_post_remove(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_topic_remove(kc_req_t *req, const kc_route_match_t *m);
int kc_page_mod_reaction_remove(kc_req_t *req, const kc_route_match_t *m);
int kc_page_follow(kc_req_t *req, const kc_route_match_t *m);
int kc_page_block(kc_req_t *req, const kc_route_match_t *m);
int kc_page_feed(kc_req_t *req, const kc_route_match_t *m);
int kc_page_messages(kc_req_t *req, const kc_route_match_t *m);
int kc_page_thread(kc_req_t *req, const kc_route_match_t *m);
int kc_page_message_send(kc_req_t *req, const kc_route_match_t *m);
int kc_page_members(kc_req_t *req, const kc_route_match_t *m);
int kc_page_organisation(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_organisation_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_organisation(kc_req_t *req, const kc_route_match_t *m);
int kc_page_training(kc_req_t *req, const kc_route_match_t *m);
int kc_page_calendar(kc_req_t *req, const kc_route_match_t *m);

/* kc_records.c */
int kc_page_records(kc_req_t *req, const kc_route_match_t *m);
int kc_page_record(kc_req_t *req, const kc_route_match_t *m);
int kc_page_record_download(kc_req_t *req, const kc_route_match_t *m);
int kc_page_record_unlock(kc_req_t *req, const kc_route_match_t *m);
int kc_page_points(kc_req_t *req, const kc_route_match_t *m);
/* The record detail page (GET /records/{id}), also used to show a refused
 * community form on it again with `status`. */
int kc_record_page(kc_req_t *req, apr_int64_t id, int status);

/* kc_record_view.c: fill a template list with record summaries (shared by
 * list pages). */
void kc_records_to_ctx(kc_req_t *req, kc_tlist_t *list,
                       const apr_array_header_t *items);

/* kc_themes.c */
int kc_page_themes(kc_req_t *req, const kc_route_match_t *m);
int kc_page_theme(kc_req_t *req, const kc_route_match_t *m);
/* The home page's featured themes (`featured_themes`) and the themes a
 * record is on (`record_themes`); a failure only leaves them out. */
void kc_featured_themes_ctx(kc_req_t *req);
void kc_record_themes_ctx(kc_req_t *req, apr_int64_t record);
/* kc_admin_themes.c */
int kc_page_admin_themes(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_theme_create(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_theme(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_theme_save(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_theme_delete(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_theme_section_add(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_theme_section_save(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_theme_section_change(kc_req_t *req,
                                       const kc_route_match_t *m);
int kc_page_admin_theme_item(kc_req_t *req, const kc_route_match_t *m);

/* kc_webinars.c */
int kc_page_webinars(kc_req_t *req, const kc_route_match_t *m);
int kc_page_webinar(kc_req_t *req, const kc_route_match_t *m);
int kc_page_webinar_ics(kc_req_t *req, const kc_route_match_t *m);
int kc_page_webinar_questions(kc_req_t *req, const kc_route_match_t *m);
int kc_page_webinar_signup(kc_req_t *req, const kc_route_match_t *m);
int kc_page_webinar_cancel(kc_req_t *req, const kc_route_match_t *m);
/* kc_admin_webinars.c */
int kc_page_admin_webinars(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_webinar_create(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_webinar(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_webinar_save(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_webinar_cancel(kc_req_t *req, const kc_route_match_t *m);
/* kc_foryou.c: "for you this week" as `foryou` for the logged-in member
 * (nothing for a visitor); a dismissal returns to `back`. */
void kc_foryou_ctx(kc_req_t *req, const char *back);
int kc_page_foryou_dismiss(kc_req_t *req, const kc_route_match_t *m);
/* ---- issue 16: interop (the rest) ---- */
/* kc_interop.c: the site's absolute address (KlasCementBaseURL, else this
 * request's), without a trailing slash; a finished body of `type` with
 * 200 and Cache-Control `cache` (NULL: none). */
const char *kc_site_url(kc_req_t *req);
int kc_send_body(kc_req_t *req, const char *type, const char *cache,
                 const char *body, apr_size_t len);
/* The page's feed: a <link rel="alternate"> in the layout's head
 * (`feeds`) and feed_url / feed_title for the visible link. */
void kc_feed_link(kc_req_t *req, const char *type, const char *href,
                  const char *title);
/* kc_feeds.c */
int kc_page_member_atom(kc_req_t *req, const kc_route_match_t *m);
int kc_page_forum_atom(kc_req_t *req, const kc_route_match_t *m);
/* kc_ical_feeds.c */
int kc_page_calendar_ics(kc_req_t *req, const kc_route_match_t *m);
int kc_page_training_ics(kc_req_t *req, const kc_route_match_t *m);
/* kc_vocab.c */
int kc_page_vocab_levels(kc_req_t *req, const kc_route_match_t *m);
int kc_page_vocab_subjects(kc_req_t *req, const kc_route_match_t *m);
/* issue 14: kc_admin_analytics.c */
int kc_page_admin_analytics(kc_req_t *req, const kc_route_match_t *m);
/* issue 14: kc_newsletter.c, kc_admin_newsletter.c, kc_newsletter_promo.c */
int kc_page_newsletter_archive(kc_req_t *req, const kc_route_match_t *m);
int kc_page_newsletter_issue(kc_req_t *req, const kc_route_match_t *m);
int kc_page_newsletter_recommend(kc_req_t *req, const kc_route_match_t *m);
int kc_page_newsletter_unsubscribe_form(kc_req_t *req, const kc_route_match_t *m);
int kc_page_newsletter_unsubscribe(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_newsletter(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_newsletter_save(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_promos(kc_req_t *req, const kc_route_match_t *m);
int kc_page_my_promo_request(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_newsletters(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_newsletter_create(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_newsletter(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_newsletter_update(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_newsletter_preview(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_newsletter_add(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_newsletter_remove(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_newsletter_send(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_promos(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_promo_decide(kc_req_t *req, const kc_route_match_t *m);
/* kc_admin_synonyms.c */
int kc_page_admin_synonyms(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_synonym_add(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_synonym_edit(kc_req_t *req, const kc_route_match_t *m);
int kc_page_admin_synonym_delete(kc_req_t *req, const kc_route_match_t *m);

#endif
