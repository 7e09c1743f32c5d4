/*
 * kc_store_community.c -- typed views of the community statements.
 */
#include "kc_store_community.h"
#include "kc_store_contrib.h"
#include "kc_sql_community.h"

/* Run a list statement; *rows_out for the caller's loop. */
static apr_status_t list(kc_rows_t **rows, request_rec *r, kc_query_id_t q,
                         const char **args)
{
    return kc_store_select(rows, r, q, args);
}

apr_status_t kc_store_reactions(apr_array_header_t **out, request_rec *r,
                                apr_int64_t record, apr_int64_t viewer)
{
    const char *args[2] = { kc_arg_i64(r->pool, record),
                            kc_arg_i64(r->pool, viewer) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_REACTIONS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_reaction_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_reaction_t *x = apr_array_push(*out);
#define COL(col) KC_C_REACTIONS_##col
        x->id = kc_row_i64(rows, row, COL(ID));
        x->author_name = kc_row_str(rows, row, COL(AUTHOR_NAME));
        x->author_id = kc_row_i64(rows, row, COL(AUTHOR_ID));
        x->body = kc_row_str(rows, row, COL(BODY));
        x->date = kc_row_str(rows, row, COL(DATE));
        x->edited = kc_row_bool(rows, row, COL(EDITED));
        x->can_edit = kc_row_bool(rows, row, COL(CAN_EDIT));
        x->is_own = kc_row_bool(rows, row, COL(IS_OWN));
#undef COL
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
                            kc_arg_i64(r->pool, offset) };
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
#define COL(col) KC_C_FORUM_TOPICS_##col
        *total = kc_row_i64(rows, row, COL(TOTAL));
        if (kc_row_isnull(rows, row, COL(ID))) {
            continue;
        }
        t = apr_array_push(*out);
        t->id = kc_row_i64(rows, row, COL(ID));
        t->title = kc_row_str(rows, row, COL(TITLE));
        t->category_name = kc_row_str(rows, row, COL(CATEGORY_NAME));
        t->category = kc_row_str(rows, row, COL(CATEGORY));
        t->author_name = kc_row_str(rows, row, COL(AUTHOR_NAME));
        t->author_id = kc_row_i64(rows, row, COL(AUTHOR_ID));
        t->date = kc_row_str(rows, row, COL(DATE));
        t->answers = kc_row_i64(rows, row, COL(ANSWERS));
        t->accepted = kc_row_bool(rows, row, COL(ACCEPTED));
        t->thumbs = kc_row_i64(rows, row, COL(THUMBS));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_forum_topic(kc_topic_full_t **out, request_rec *r,
                                  const char *lang, apr_int64_t id)
{
    const char *args[2] = { lang, kc_arg_i64(r->pool, id) };
    kc_rows_t *rows;
    kc_topic_full_t *t;
    apr_status_t rv = list(&rows, r, KC_Q_FORUM_TOPIC, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    t = apr_pcalloc(r->pool, sizeof(*t));
#define COL(col) KC_C_FORUM_TOPIC_##col
    t->id = kc_row_i64(rows, 0, COL(ID));
    t->title = kc_row_str(rows, 0, COL(TITLE));
    t->body = kc_row_str(rows, 0, COL(BODY));
    t->category_name = kc_row_str(rows, 0, COL(CATEGORY_NAME));
    t->category = kc_row_str(rows, 0, COL(CATEGORY));
    t->author_name = kc_row_str(rows, 0, COL(AUTHOR_NAME));
    t->author_id = kc_row_i64(rows, 0, COL(AUTHOR_ID));
    t->date = kc_row_str(rows, 0, COL(DATE));
    t->accepted_post = kc_row_i64(rows, 0, COL(ACCEPTED_POST));
#undef COL
    *out = t;
    return APR_SUCCESS;
}

apr_status_t kc_store_forum_posts(apr_array_header_t **out, request_rec *r,
                                  apr_int64_t topic, apr_int64_t viewer)
{
    const char *args[2] = { kc_arg_i64(r->pool, topic),
                            kc_arg_i64(r->pool, viewer) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_FORUM_POSTS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_post_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_post_t *p = apr_array_push(*out);
#define COL(col) KC_C_FORUM_POSTS_##col
        p->id = kc_row_i64(rows, row, COL(ID));
        p->body = kc_row_str(rows, row, COL(BODY));
        p->author_name = kc_row_str(rows, row, COL(AUTHOR_NAME));
        p->author_id = kc_row_i64(rows, row, COL(AUTHOR_ID));
        p->date = kc_row_str(rows, row, COL(DATE));
        p->edited = kc_row_bool(rows, row, COL(EDITED));
        p->thumbs = kc_row_i64(rows, row, COL(THUMBS));
        p->thumbed = kc_row_bool(rows, row, COL(THUMBED));
        p->accepted = kc_row_bool(rows, row, COL(ACCEPTED));
#undef COL
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
#define COL(col) KC_C_CODE_NAME_##col
        c->code = kc_row_str(rows, row, COL(CODE));
        c->name = kc_row_str(rows, row, COL(NAME));
#undef COL
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
    const char *args[4] = { kc_arg_i64(r->pool, member), lang,
                            apr_itoa(r->pool, limit),
                            kc_arg_i64(r->pool, offset) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_FEED, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_feed_item_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_feed_item_t *f = apr_array_push(*out);
#define COL(col) KC_C_FEED_##col
        f->type = kc_row_str(rows, row, COL(TYPE));
        f->id = kc_row_i64(rows, row, COL(ID));
        f->title = kc_row_str(rows, row, COL(TITLE));
        f->who = kc_row_str(rows, row, COL(WHO));
        f->who_id = kc_row_i64(rows, row, COL(WHO_ID));
        f->date = kc_row_str(rows, row, COL(DATE));
        f->what = kc_row_str(rows, row, COL(WHAT));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_threads(apr_array_header_t **out, request_rec *r,
                              apr_int64_t member)
{
    const char *args[1] = { kc_arg_i64(r->pool, member) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_THREADS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_thread_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_thread_t *t = apr_array_push(*out);
#define COL(col) KC_C_THREADS_##col
        t->other = kc_row_i64(rows, row, COL(OTHER));
        t->name = kc_row_str(rows, row, COL(NAME));
        t->date = kc_row_str(rows, row, COL(DATE));
        t->unread = kc_row_i64(rows, row, COL(UNREAD));
        t->count = kc_row_i64(rows, row, COL(COUNT));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_thread(apr_array_header_t **out, request_rec *r,
                             apr_int64_t member, apr_int64_t other)
{
    const char *args[2] = { kc_arg_i64(r->pool, member),
                            kc_arg_i64(r->pool, other) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = list(&rows, r, KC_Q_THREAD, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_message_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_message_t *g = apr_array_push(*out);
#define COL(col) KC_C_THREAD_##col
        g->id = kc_row_i64(rows, row, COL(ID));
        g->mine = kc_row_bool(rows, row, COL(MINE));
        g->body = kc_row_str(rows, row, COL(BODY));
        g->date = kc_row_str(rows, row, COL(DATE));
        g->unread = kc_row_bool(rows, row, COL(UNREAD));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_relation(kc_relation_t *out, request_rec *r,
                               apr_int64_t viewer, apr_int64_t other)
{
    const char *args[2] = { kc_arg_i64(r->pool, viewer),
                            kc_arg_i64(r->pool, other) };
    kc_rows_t *rows;
    apr_status_t rv = list(&rows, r, KC_Q_RELATION, args);

    memset(out, 0, sizeof(*out));
    if (rv == APR_SUCCESS && rows->nrows) {
#define COL(col) KC_C_RELATION_##col
        out->following = kc_row_bool(rows, 0, COL(FOLLOWING));
        out->blocked = kc_row_bool(rows, 0, COL(BLOCKED));
        out->blocked_by = kc_row_bool(rows, 0, COL(BLOCKED_BY));
#undef COL
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
                            apr_itoa(r->pool, limit),
                            kc_arg_i64(r->pool, offset) };
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
#define COL(col) KC_C_MEMBER_SEARCH_##col
        *total = kc_row_i64(rows, row, COL(TOTAL));
        if (kc_row_isnull(rows, row, COL(ID))) {
            continue;
        }
        m = apr_array_push(*out);
        m->id = kc_row_i64(rows, row, COL(ID));
        m->name = kc_row_str(rows, row, COL(NAME));
        m->expertise = kc_row_str(rows, row, COL(EXPERTISE));
        m->organisation = kc_row_str(rows, row, COL(ORGANISATION));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_organisation(kc_organisation_t **out, request_rec *r,
                                   const char *lang, apr_int64_t member)
{
    const char *args[2] = { lang, kc_arg_i64(r->pool, member) };
    kc_rows_t *rows;
    kc_organisation_t *o;
    apr_status_t rv = list(&rows, r, KC_Q_ORGANISATION, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    o = apr_pcalloc(r->pool, sizeof(*o));
#define COL(col) KC_C_ORGANISATION_##col
    o->id = kc_row_i64(rows, 0, COL(ID));
    o->kind = kc_row_str(rows, 0, COL(KIND));
    o->name = kc_row_str(rows, 0, COL(NAME));
    o->description = kc_row_str(rows, 0, COL(DESCRIPTION));
    o->contact = kc_row_str(rows, 0, COL(CONTACT));
    o->website = kc_row_str(rows, 0, COL(WEBSITE));
    o->province = kc_row_str(rows, 0, COL(PROVINCE));
    o->province_name = kc_row_str(rows, 0, COL(PROVINCE_NAME));
    o->themes = kc_row_str(rows, 0, COL(THEMES));
#undef COL
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
                            apr_itoa(r->pool, limit),
                            kc_arg_i64(r->pool, offset) };
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
#define COL(col) KC_C_TRAINING_##col
        *total = kc_row_i64(rows, row, COL(TOTAL));
        if (kc_row_isnull(rows, row, COL(ID))) {
            continue;
        }
        t = apr_array_push(*out);
        t->id = kc_row_i64(rows, row, COL(ID));
        t->name = kc_row_str(rows, row, COL(NAME));
        t->themes = kc_row_str(rows, row, COL(THEMES));
        t->province_name = kc_row_str(rows, row, COL(PROVINCE_NAME));
        t->description = kc_row_str(rows, row, COL(DESCRIPTION));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_calendar(apr_array_header_t **out, apr_int64_t *total,
                               request_rec *r, apr_int64_t offset, int limit)
{
    const char *args[2] = { apr_itoa(r->pool, limit),
                            kc_arg_i64(r->pool, offset) };
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
#define COL(col) KC_C_CALENDAR_##col
        *total = kc_row_i64(rows, row, COL(TOTAL));
        if (kc_row_isnull(rows, row, COL(ID))) {
            continue;
        }
        e = apr_array_push(*out);
        e->id = kc_row_i64(rows, row, COL(ID));
        e->title = kc_row_str(rows, row, COL(TITLE));
        e->date = kc_row_str(rows, row, COL(DATE));
        e->time = kc_row_str(rows, row, COL(TIME));
        e->place = kc_row_str(rows, row, COL(PLACE));
        e->online_url = kc_row_str(rows, row, COL(ONLINE_URL));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_favourites(apr_array_header_t **out, request_rec *r,
                                 const char *labels, apr_int64_t member)
{
    const char *args[2] = { labels, kc_arg_i64(r->pool, member) };
    return kc_store_summaries(out, r, KC_Q_FAVOURITES, args);
}

apr_status_t kc_store_org_records(apr_array_header_t **out, request_rec *r,
                                  const char *labels, apr_int64_t member)
{
    const char *args[2] = { labels, kc_arg_i64(r->pool, member) };
    return kc_store_summaries(out, r, KC_Q_ORG_RECORDS, args);
}

apr_int64_t kc_store_reaction_record(request_rec *r, apr_int64_t reaction)
{
    const char *args[1] = { kc_arg_i64(r->pool, reaction) };
    kc_rows_t *rows;
    if (list(&rows, r, KC_Q_REACTION_RECORD, args) != APR_SUCCESS
        || rows->nrows == 0) {
        return 0;
    }
    return kc_row_i64(rows, 0, KC_C_VALUE);
}

const char *kc_store_record_title(request_rec *r, apr_int64_t record)
{
    const char *args[1] = { kc_arg_i64(r->pool, record) };
    kc_rows_t *rows;
    if (list(&rows, r, KC_Q_RECORD_TITLE, args) != APR_SUCCESS
        || rows->nrows == 0) {
        return NULL;
    }
    return kc_row_str(rows, 0, KC_C_VALUE);
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
#define COL(col) KC_C_TAXONOMY_CODES_##col
    for (row = 0; row < rows->nrows; row++) {
        const char *which = kc_row_str(rows, row, COL(WHICH));
        kc_code_name_t *c = apr_array_push(*which == 's' ? *subjects
                                                         : *levels);
        c->code = kc_row_str(rows, row, COL(CODE));
        c->name = kc_row_str(rows, row, COL(NAME));
    }
#undef COL
    return APR_SUCCESS;
}
