/*
 * kc_store_community.c -- typed views of the community statements.
 */
#include "kc_store_community.h"
#include "kc_store_contrib.h"

#define GET(i) kc_rows_get(rows, row, (i))
#define I64(i) (GET(i) ? apr_atoi64(GET(i)) : 0)
#define BOOL(i) (GET(i) && *GET(i) == 't')

static const char *i64(apr_pool_t *p, apr_int64_t v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, v);
}

apr_status_t kc_store_community_action(const char **result, apr_int64_t *id,
                                       request_rec *r, kc_query_id_t q,
                                       const char **args)
{
    kc_rows_t *rows;
    int row = 0;
    apr_status_t rv = kc_store_select(&rows, r, q, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *result = rows->nrows && GET(0) ? GET(0) : "notfound";
    if (id) {
        *id = strncmp(*result, "ok:", 3) == 0 ? apr_atoi64(*result + 3) : 0;
    }
    if (strncmp(*result, "ok:", 3) == 0) {
        *result = "ok";
    }
    return APR_SUCCESS;
}

/* Run a list statement; *rows_out for the caller's loop. */
static apr_status_t list(kc_rows_t **rows, request_rec *r, kc_query_id_t q,
                         const char **args)
{
    return kc_store_select(rows, r, q, args);
}

apr_status_t kc_store_reactions(apr_array_header_t **out, request_rec *r,
                                apr_int64_t record, apr_int64_t viewer)
{
    const char *args[2] = { i64(r->pool, record), i64(r->pool, viewer) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_REACTIONS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_reaction_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_reaction_t *x = apr_array_push(*out);
        x->id = I64(0);
        x->author_name = GET(1);
        x->author_id = I64(2);
        x->body = GET(3);
        x->date = GET(4);
        x->edited = BOOL(5);
        x->can_edit = BOOL(6);
        x->is_own = BOOL(7);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_forum_topics(apr_array_header_t **out,
                                   apr_int64_t *total, request_rec *r,
                                   const char *lang, const char *view,
                                   const char *category, const char *q,
                                   apr_int64_t offset, int limit)
{
    const char *args[6] = { lang, view, category ? category : "",
                            q ? q : "", apr_itoa(r->pool, limit),
                            i64(r->pool, offset) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_FORUM_TOPICS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, limit, sizeof(kc_topic_t));
    *total = 0;
    for (row = 0; row < rows->nrows; row++) {
        kc_topic_t *t;
        *total = I64(0);
        if (!GET(1)) {
            continue;
        }
        t = apr_array_push(*out);
        t->id = I64(1);
        t->title = GET(2);
        t->category_name = GET(3);
        t->category = GET(4);
        t->author_name = GET(5);
        t->author_id = I64(6);
        t->date = GET(7);
        t->answers = I64(8);
        t->accepted = BOOL(9);
        t->thumbs = I64(10);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_forum_topic(kc_topic_full_t **out, request_rec *r,
                                  const char *lang, apr_int64_t id)
{
    const char *args[2] = { lang, i64(r->pool, id) };
    kc_rows_t *rows;
    kc_topic_full_t *t;
    int row = 0;
    apr_status_t rv = list(&rows, r, KC_Q_FORUM_TOPIC, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    t = apr_pcalloc(r->pool, sizeof(*t));
    t->id = I64(0);
    t->title = GET(1);
    t->body = GET(2);
    t->category_name = GET(3);
    t->category = GET(4);
    t->author_name = GET(5);
    t->author_id = I64(6);
    t->date = GET(7);
    t->accepted_post = I64(8);
    *out = t;
    return APR_SUCCESS;
}

apr_status_t kc_store_forum_posts(apr_array_header_t **out, request_rec *r,
                                  apr_int64_t topic, apr_int64_t viewer)
{
    const char *args[2] = { i64(r->pool, topic), i64(r->pool, viewer) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_FORUM_POSTS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_post_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_post_t *p = apr_array_push(*out);
        p->id = I64(0);
        p->body = GET(1);
        p->author_name = GET(2);
        p->author_id = I64(3);
        p->date = GET(4);
        p->edited = BOOL(5);
        p->thumbs = I64(6);
        p->thumbed = BOOL(7);
        p->accepted = BOOL(8);
    }
    return APR_SUCCESS;
}

static apr_status_t code_names(apr_array_header_t **out, request_rec *r,
                               kc_query_id_t q, const char *lang)
{
    const char *args[1] = { lang };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, q, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_code_name_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_code_name_t *c = apr_array_push(*out);
        c->code = GET(0);
        c->name = GET(1);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_forum_categories(apr_array_header_t **out,
                                       request_rec *r, const char *lang)
{
    return code_names(out, r, KC_Q_FORUM_CATEGORIES, lang);
}

apr_status_t kc_store_provinces(apr_array_header_t **out, request_rec *r,
                                const char *lang)
{
    return code_names(out, r, KC_Q_PROVINCES, lang);
}

apr_status_t kc_store_feed(apr_array_header_t **out, request_rec *r,
                           apr_int64_t member, const char *lang,
                           apr_int64_t offset, int limit)
{
    const char *args[4] = { i64(r->pool, member), lang,
                            apr_itoa(r->pool, limit), i64(r->pool, offset) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_FEED, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_feed_item_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_feed_item_t *f = apr_array_push(*out);
        f->type = GET(0);
        f->id = I64(1);
        f->title = GET(2);
        f->who = GET(3);
        f->who_id = I64(4);
        f->date = GET(5);
        f->what = GET(6);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_threads(apr_array_header_t **out, request_rec *r,
                              apr_int64_t member)
{
    const char *args[1] = { i64(r->pool, member) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_THREADS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_thread_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_thread_t *t = apr_array_push(*out);
        t->other = I64(0);
        t->name = GET(1);
        t->date = GET(2);
        t->unread = I64(3);
        t->count = I64(4);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_thread(apr_array_header_t **out, request_rec *r,
                             apr_int64_t member, apr_int64_t other)
{
    const char *args[2] = { i64(r->pool, member), i64(r->pool, other) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_THREAD, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_message_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_message_t *g = apr_array_push(*out);
        g->id = I64(0);
        g->mine = BOOL(1);
        g->body = GET(2);
        g->date = GET(3);
        g->unread = BOOL(4);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_relation(kc_relation_t *out, request_rec *r,
                               apr_int64_t viewer, apr_int64_t other)
{
    const char *args[2] = { i64(r->pool, viewer), i64(r->pool, other) };
    kc_rows_t *rows;
    int row = 0;
    apr_status_t rv = list(&rows, r, KC_Q_RELATION, args);

    memset(out, 0, sizeof(*out));
    if (rv == APR_SUCCESS && rows->nrows) {
        out->following = BOOL(0);
        out->blocked = BOOL(1);
        out->blocked_by = BOOL(2);
    }
    return rv;
}

apr_status_t kc_store_member_search(apr_array_header_t **out,
                                    apr_int64_t *total, request_rec *r,
                                    const char *labels, const char *q,
                                    const char *subject, const char *level,
                                    const char *organisation,
                                    apr_int64_t offset, int limit)
{
    const char *args[7] = { labels, q ? q : "", subject ? subject : "",
                            level ? level : "",
                            organisation ? organisation : "",
                            apr_itoa(r->pool, limit), i64(r->pool, offset) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_MEMBER_SEARCH, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, limit, sizeof(kc_member_hit_t));
    *total = 0;
    for (row = 0; row < rows->nrows; row++) {
        kc_member_hit_t *m;
        *total = I64(0);
        if (!GET(1)) {
            continue;
        }
        m = apr_array_push(*out);
        m->id = I64(1);
        m->name = GET(2);
        m->expertise = GET(3);
        m->organisation = GET(4);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_organisation(kc_organisation_t **out, request_rec *r,
                                   const char *lang, apr_int64_t member)
{
    const char *args[2] = { lang, i64(r->pool, member) };
    kc_rows_t *rows;
    kc_organisation_t *o;
    int row = 0;
    apr_status_t rv = list(&rows, r, KC_Q_ORGANISATION, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    o = apr_pcalloc(r->pool, sizeof(*o));
    o->id = I64(0);
    o->kind = GET(1);
    o->name = GET(2);
    o->description = GET(3);
    o->contact = GET(4);
    o->website = GET(5);
    o->province = GET(6);
    o->province_name = GET(7);
    o->themes = GET(8);
    *out = o;
    return APR_SUCCESS;
}

apr_status_t kc_store_training(apr_array_header_t **out, apr_int64_t *total,
                               request_rec *r, const char *lang,
                               const char *q, const char *theme,
                               const char *province, apr_int64_t offset,
                               int limit)
{
    const char *args[6] = { lang, q ? q : "", theme ? theme : "",
                            province ? province : "",
                            apr_itoa(r->pool, limit), i64(r->pool, offset) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_TRAINING, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, limit, sizeof(kc_training_hit_t));
    *total = 0;
    for (row = 0; row < rows->nrows; row++) {
        kc_training_hit_t *t;
        *total = I64(0);
        if (!GET(1)) {
            continue;
        }
        t = apr_array_push(*out);
        t->id = I64(1);
        t->name = GET(2);
        t->themes = GET(3);
        t->province_name = GET(4);
        t->description = GET(5);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_calendar(apr_array_header_t **out, apr_int64_t *total,
                               request_rec *r, apr_int64_t offset, int limit)
{
    const char *args[2] = { apr_itoa(r->pool, limit), i64(r->pool, offset) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_CALENDAR, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, limit, sizeof(kc_event_t));
    *total = 0;
    for (row = 0; row < rows->nrows; row++) {
        kc_event_t *e;
        *total = I64(0);
        if (!GET(1)) {
            continue;
        }
        e = apr_array_push(*out);
        e->id = I64(1);
        e->title = GET(2);
        e->date = GET(3);
        e->time = GET(4);
        e->place = GET(5);
        e->online_url = GET(6);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_outbox_claim(apr_array_header_t **out, request_rec *r,
                                   int limit)
{
    const char *args[1] = { apr_itoa(r->pool, limit) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_OUTBOX_CLAIM, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_mail_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_mail_t *m = apr_array_push(*out);
        m->id = I64(0);
        m->to = GET(1);
        m->subject = GET(2);
        m->body = GET(3);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_outbox_done(request_rec *r, apr_int64_t id,
                                  const char *error)
{
    const char *args[2] = { i64(r->pool, id), error ? error : "" };
    kc_rows_t *rows;
    return list(&rows, r, KC_Q_OUTBOX_DONE, args);
}

apr_status_t kc_store_favourites(apr_array_header_t **out, request_rec *r,
                                 const char *labels, apr_int64_t member)
{
    const char *args[2] = { labels, i64(r->pool, member) };
    return kc_store_summaries(out, r, KC_Q_FAVOURITES, args);
}

apr_status_t kc_store_org_records(apr_array_header_t **out, request_rec *r,
                                  const char *labels, apr_int64_t member)
{
    const char *args[2] = { labels, i64(r->pool, member) };
    return kc_store_summaries(out, r, KC_Q_ORG_RECORDS, args);
}

apr_int64_t kc_store_reaction_record(request_rec *r, apr_int64_t reaction)
{
    const char *args[1] = { i64(r->pool, reaction) };
    kc_rows_t *rows;
    int row = 0;
    if (list(&rows, r, KC_Q_REACTION_RECORD, args) != APR_SUCCESS
        || rows->nrows == 0) {
        return 0;
    }
    return I64(0);
}

const char *kc_store_record_title(request_rec *r, apr_int64_t record)
{
    const char *args[1] = { i64(r->pool, record) };
    kc_rows_t *rows;
    int row = 0;
    if (list(&rows, r, KC_Q_RECORD_TITLE, args) != APR_SUCCESS
        || rows->nrows == 0) {
        return NULL;
    }
    return GET(0);
}

apr_status_t kc_store_taxonomy_codes(apr_array_header_t **subjects,
                                     apr_array_header_t **levels,
                                     request_rec *r, const char *labels)
{
    const char *args[1] = { labels };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_TAXONOMY_CODES, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *subjects = apr_array_make(r->pool, 32, sizeof(kc_code_name_t));
    *levels = apr_array_make(r->pool, 16, sizeof(kc_code_name_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_code_name_t *c = apr_array_push(*GET(0) == 's' ? *subjects
                                                          : *levels);
        c->code = GET(1);
        c->name = GET(2);
    }
    return APR_SUCCESS;
}
