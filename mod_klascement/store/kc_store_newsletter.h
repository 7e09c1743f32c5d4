/*
 * kc_store_newsletter.h -- what the newsletter pages read
 * (kc_sql_newsletter.h). Their actions are SQL functions called through
 * kc_store_action with the KC_Q_NL_* ids (sql/functions/newsletter.sql).
 */
#ifndef KC_STORE_NEWSLETTER_H
#define KC_STORE_NEWSLETTER_H

#include "kc_store.h"
#include "kc_store_members.h"

typedef struct {
    apr_int64_t id, recipients, items;
    const char *title, *intro, *week, *state, *sent_at;
} kc_newsletter_t;

/* An item of an issue (content) or a suggestion. */
typedef struct {
    const char *section;       /* text | record | question | promo | ... */
    apr_int64_t item_id;       /* 0 for a promotional slot */
    apr_int64_t source_id;     /* suggestions */
    const char *title, *body, *url, *ext_url, *grp;
    int added;                 /* a suggestion already in the issue */
} kc_nl_item_t;

typedef struct {
    apr_int64_t id, organisation_id;
    const char *organisation, *week, *title, *body, *url, *state, *reason;
} kc_nl_promo_t;

/* Issues (kc_newsletter_t), newest first: all, or only the sent ones. */
apr_status_t kc_store_newsletters(apr_array_header_t **out, request_rec *r,
                                  int sent_only);
/* APR_NOTFOUND when there is no such issue. */
apr_status_t kc_store_newsletter(kc_newsletter_t **out, request_rec *r,
                                 apr_int64_t id);
/* What issue id says to everybody (kc_nl_item_t), in order. */
apr_status_t kc_store_newsletter_content(apr_array_header_t **out,
                                         request_rec *r, apr_int64_t id);
/* The site's suggestions for issue id (kc_nl_item_t). */
apr_status_t kc_store_newsletter_suggestions(apr_array_header_t **out,
                                             request_rec *r, apr_int64_t id);
/* A member's choices: *subscribed, subjects and levels (kc_choice_t). */
apr_status_t kc_store_newsletter_prefs(int *subscribed,
                                       apr_array_header_t **subjects,
                                       apr_array_header_t **levels,
                                       request_rec *r, apr_int64_t member,
                                       const char *labels);
/* Promotional slots (kc_nl_promo_t): all (organisation 0) or one's. */
apr_status_t kc_store_newsletter_promos(apr_array_header_t **out,
                                        request_rec *r,
                                        apr_int64_t organisation);

#endif
