/*
 * kc_store_community.h -- reactions, ratings, favourites, recommendations,
 * the forum, follows, messages, organisations, the calendar.
 *
 * Lists come back as kc_rows_t wrapped in small typed views: each view
 * names its columns so the handlers never count them.
 */
#ifndef KC_STORE_COMMUNITY_H
#define KC_STORE_COMMUNITY_H

#include "kc_store.h"
#include "kc_store_records.h"

typedef struct {
    apr_int64_t id, author_id;
    const char *author_name, *body, *date;
    int edited, can_edit, is_own;
} kc_reaction_t;

apr_status_t kc_store_reactions(apr_array_header_t **out, request_rec *r,
                                apr_int64_t record, apr_int64_t viewer);

typedef struct {
    apr_int64_t id, author_id, answers, thumbs;
    const char *title, *category_name, *category, *author_name, *date;
    int accepted;
} kc_topic_t;

apr_status_t kc_store_forum_topics(apr_array_header_t **out,
                                   apr_int64_t *total, request_rec *r,
                                   const char *lang, const char *view,
                                   const char *category, const char *q,
                                   apr_int64_t offset, int limit);

typedef struct {
    apr_int64_t id, author_id, accepted_post;
    const char *title, *body, *category_name, *category, *author_name,
               *date;
} kc_topic_full_t;

apr_status_t kc_store_forum_topic(kc_topic_full_t **out, request_rec *r,
                                  const char *lang, apr_int64_t id);

typedef struct {
    apr_int64_t id, author_id, thumbs;
    const char *body, *author_name, *date;
    int edited, thumbed, accepted;
} kc_post_t;

apr_status_t kc_store_forum_posts(apr_array_header_t **out, request_rec *r,
                                  apr_int64_t topic, apr_int64_t viewer);
/* code/name pairs (kc_code_name_t of kc_store_contrib.h). */
apr_status_t kc_store_forum_categories(apr_array_header_t **out,
                                       request_rec *r, const char *lang);
apr_status_t kc_store_provinces(apr_array_header_t **out, request_rec *r,
                                const char *lang);

typedef struct {
    const char *type;          /* record | topic */
    apr_int64_t id, who_id;
    const char *title, *who, *date, *what;
} kc_feed_item_t;

apr_status_t kc_store_feed(apr_array_header_t **out, request_rec *r,
                           apr_int64_t member, const char *lang,
                           apr_int64_t offset, int limit);
/* Record summaries (kc_record_summary_t). */
apr_status_t kc_store_favourites(apr_array_header_t **out, request_rec *r,
                                 const char *labels, apr_int64_t member);
apr_status_t kc_store_org_records(apr_array_header_t **out, request_rec *r,
                                  const char *labels, apr_int64_t member);

typedef struct {
    apr_int64_t other, unread, count;
    const char *name, *date;
} kc_thread_t;

apr_status_t kc_store_threads(apr_array_header_t **out, request_rec *r,
                              apr_int64_t member);

typedef struct {
    apr_int64_t id;
    int mine, unread;
    const char *body, *date;
} kc_message_t;

/* The thread with `other`; marks the received messages read. */
apr_status_t kc_store_thread(apr_array_header_t **out, request_rec *r,
                             apr_int64_t member, apr_int64_t other);

typedef struct {
    int following, blocked, blocked_by;
} kc_relation_t;

apr_status_t kc_store_relation(kc_relation_t *out, request_rec *r,
                               apr_int64_t viewer, apr_int64_t other);

typedef struct {
    apr_int64_t id;
    const char *name, *expertise, *organisation;
} kc_member_hit_t;

apr_status_t kc_store_member_search(apr_array_header_t **out,
                                    apr_int64_t *total, request_rec *r,
                                    const char *labels, const char *q,
                                    const char *subject, const char *level,
                                    const char *organisation,
                                    apr_int64_t offset, int limit);

typedef struct {
    apr_int64_t id;
    const char *kind, *name, *description, *contact, *website, *province,
               *province_name, *themes;
} kc_organisation_t;

/* APR_NOTFOUND when the member has no organisation profile. */
apr_status_t kc_store_organisation(kc_organisation_t **out, request_rec *r,
                                   const char *lang, apr_int64_t member);

typedef struct {
    apr_int64_t id;
    const char *name, *themes, *province_name, *description;
} kc_training_hit_t;

apr_status_t kc_store_training(apr_array_header_t **out, apr_int64_t *total,
                               request_rec *r, const char *lang,
                               const char *q, const char *theme,
                               const char *province, apr_int64_t offset,
                               int limit);

typedef struct {
    apr_int64_t id;
    const char *title, *date, *time, *place, *online_url;
} kc_event_t;

apr_status_t kc_store_calendar(apr_array_header_t **out, apr_int64_t *total,
                               request_rec *r, apr_int64_t offset, int limit);


/* All subjects and levels as code/name pairs (kc_code_name_t). */
apr_status_t kc_store_taxonomy_codes(apr_array_header_t **subjects,
                                     apr_array_header_t **levels,
                                     request_rec *r, const char *labels);

/* The record a reaction belongs to (0 when unknown). */
apr_int64_t kc_store_reaction_record(request_rec *r, apr_int64_t reaction);
/* A published record's title, or NULL. */
const char *kc_store_record_title(request_rec *r, apr_int64_t record);

#endif
