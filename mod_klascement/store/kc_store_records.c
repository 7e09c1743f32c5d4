/*
 * kc_store_records.c -- record queries, typed results.
 */
#include "kc_store_records.h"
#include "kc_sql_search.h"     /* KC_FACETS_NARGS */

#include <stdlib.h>

static apr_int64_t to_int64(const char *s)
{
    return s ? apr_atoi64(s) : 0;
}

static kc_record_page_t *read_page(request_rec *r, const kc_rows_t *rows,
                                   int limit);

/* Columns of KC_RECORD_SUMMARY_COLS starting at `c`. */
static void read_summary(kc_record_summary_t *rec, apr_pool_t *p,
                         const kc_rows_t *rows, int row, int c)
{
    rec->id = to_int64(kc_rows_get(rows, row, c + 0));
    rec->kind = kc_rows_get(rows, row, c + 1);
    rec->kind_name = kc_rows_get(rows, row, c + 2);
    rec->title = kc_rows_get(rows, row, c + 3);
    rec->excerpt = kc_rows_get(rows, row, c + 4);
    rec->excerpt_cut = (kc_rows_get(rows, row, c + 5)
                        && *kc_rows_get(rows, row, c + 5) == 't');
    rec->author_name = kc_rows_get(rows, row, c + 6);
    rec->licence = kc_rows_get(rows, row, c + 7);
    rec->licence_name = kc_rows_get(rows, row, c + 8);
    rec->language = kc_rows_get(rows, row, c + 9);
    rec->published = kc_rows_get(rows, row, c + 10);
    rec->subjects = kc_store_split_names(p, kc_rows_get(rows, row, c + 11));
    rec->levels = kc_store_split_names(p, kc_rows_get(rows, row, c + 12));
    rec->rating_count = to_int64(kc_rows_get(rows, row, c + 13));
    rec->rating = kc_rows_get(rows, row, c + 14);
    rec->licence_url = kc_rows_get(rows, row, c + 15);
}

apr_status_t kc_store_record_page(kc_record_page_t **out, request_rec *r,
                                  const char *labels, apr_int64_t offset,
                                  int limit)
{
    kc_rows_t *rows;
    const char *args[3];
    apr_status_t rv;

    args[0] = labels;
    args[1] = apr_itoa(r->pool, limit);
    args[2] = apr_off_t_toa(r->pool, offset);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_PAGE, args);
    if (rv == APR_SUCCESS) {
        *out = read_page(r, rows, limit);
    }
    return rv;
}

/* The page rows of a "total, summary..." result. */
static kc_record_page_t *read_page(request_rec *r, const kc_rows_t *rows,
                                   int limit)
{
    kc_record_page_t *page = apr_pcalloc(r->pool, sizeof(*page));
    int i;

    page->items = apr_array_make(r->pool, limit, sizeof(kc_record_summary_t));
    for (i = 0; i < rows->nrows; i++) {
        page->total = to_int64(kc_rows_get(rows, i, 0));
        if (kc_rows_get(rows, i, 1)) {   /* NULL id: page past the end */
            read_summary(apr_array_push(page->items), r->pool, rows, i, 1);
        }
    }
    return page;
}

apr_status_t kc_store_record_state(const char **state, request_rec *r,
                                   apr_int64_t id)
{
    kc_rows_t *rows;
    const char *args[1];
    apr_status_t rv;

    args[0] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, id);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_STATE, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *state = kc_rows_get(rows, 0, 0);
    return APR_SUCCESS;
}

/* ---- search ---------------------------------------------------------------- */

/* The arguments of the search statements, in the order of their %s
 * (kc_sql_search.h). Unused filters are "". */
typedef struct {
    const char **v;
    int n;
} kc_args_t;

static void push(kc_args_t *a, const char *v, int times)
{
    while (times-- > 0) {
        a->v[a->n++] = v ? v : "";
    }
}

/* The filter values by index: 0 q, 1 kind, 2 subject, 3 level,
 * 4 language, 5 licence. */
static const char *filter_value(const kc_search_t *s, int i)
{
    const char *v[] = { s->q, s->kind, s->subject, s->level, s->language,
                        s->licence };
    return v[i];
}

/* KC_F_<x> pairs for the filters listed (indexes of filter_value). */
static void push_filters(kc_args_t *a, const kc_search_t *s, const int *which,
                         int n)
{
    int i;
    for (i = 0; i < n; i++) {
        push(a, filter_value(s, which[i]), 2);
    }
}

/* The cache key of a search: every parameter, separated by a character
 * a parameter cannot hold (control characters are refused in q). The
 * sort is the ninth field: sql/015 finds the pages sorted by rating by it. */
static const char *cache_key(apr_pool_t *p, const char *what,
                             const char *labels, const kc_search_t *s,
                             const char *page)
{
    int i;
    const char *key = apr_pstrcat(p, what, "\x1f", labels, NULL);
    for (i = 0; i < 6; i++) {
        key = apr_pstrcat(p, key, "\x1f", filter_value(s, i)
                          ? filter_value(s, i) : "", NULL);
    }
    return page ? apr_pstrcat(p, key, "\x1f", s->sort, "\x1f", page, NULL)
                : key;
}

apr_status_t kc_store_record_search(kc_record_page_t **out, request_rec *r,
                                    const char *labels, const kc_search_t *s,
                                    apr_int64_t offset, int limit)
{
    static const int matching[] = { 0, 1, 4, 5, 2, 3 };  /* KC_SEARCH_MATCHING */
    const char *v[20];
    kc_args_t a = { v, 0 };
    kc_rows_t *rows;
    apr_status_t rv;
    const char *key = cache_key(r->pool, "s", labels, s, apr_psprintf(
                                    r->pool, "%d\x1f%" APR_INT64_T_FMT, limit,
                                    (apr_int64_t)offset));
    const char *cached[2] = { labels, key };

    /* Asked since the catalogue last changed: no big plan to make. */
    rv = kc_store_select(&rows, r, KC_Q_SEARCH_CACHED, cached);
    if (rv != APR_SUCCESS || rows->nrows > 0) {
        if (rv == APR_SUCCESS) {
            *out = read_page(r, rows, limit);
        }
        return rv;
    }
    push(&a, key, 1);
    push(&a, s->q, 2);                       /* the rank */
    push_filters(&a, s, matching, 6);
    push(&a, labels, 1);
    push(&a, s->sort, 1);
    push(&a, apr_itoa(r->pool, limit), 1);
    push(&a, apr_off_t_toa(r->pool, offset), 1);
    push(&a, key, 1);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_SEARCH, v);
    if (rv == APR_SUCCESS) {
        *out = read_page(r, rows, limit);
    }
    return rv;
}

/* The values of KC_SQL_FACETS, in the order it writes its placeholders,
 * into v (KC_FACETS_NARGS long). */
static const char **facet_args(const char **v, const char *labels,
                               const kc_search_t *s, const char *key)
{
    /* Per facet (kind, subject, level, language, licence): its own
     * filter and the filters that narrow it (all but its own). */
    static const int own[5] = { 1, 2, 3, 4, 5 };
    static const int others[5][5] = {
        { 0, 4, 5, 2, 3 }, { 0, 1, 4, 5, 3 }, { 0, 1, 4, 5, 2 },
        { 0, 1, 5, 2, 3 }, { 0, 1, 4, 2, 3 },
    };
    static const int matching[] = { 0, 1, 4, 5, 2, 3 };  /* KC_SEARCH_MATCHING */
    kc_args_t a = { v, 0 };
    int f, i;

    push(&a, key, 1);
    push(&a, labels, 1);
    for (i = 0; i < 6; i++) {                /* m: KC_ALL_EMPTY */
        push(&a, filter_value(s, matching[i]), 1);
    }
    push_filters(&a, s, matching, 6);        /* m: the whole search */
    for (f = 0; f < 5; f++) {
        for (i = 0; i < 5; i++) {            /* A: KC_NO_OTHER */
            push(&a, filter_value(s, others[f][i]), 1);
        }
        for (i = 0; i < 5; i++) {            /* B: NOT KC_NO_OTHER */
            push(&a, filter_value(s, others[f][i]), 1);
        }
        push(&a, filter_value(s, own[f]), 1);
        push_filters(&a, s, others[f], 5);   /* C: the counting subquery */
        for (i = 0; i < 5; i++) {            /* C: NOT KC_NO_OTHER */
            push(&a, filter_value(s, others[f][i]), 1);
        }
        push(&a, filter_value(s, own[f]), 1);
    }
    push(&a, key, 1);
    return v;
}

apr_status_t kc_store_record_facets(apr_array_header_t **out, request_rec *r,
                                    const char *labels, const kc_search_t *s)
{
    const char *v[KC_FACETS_NARGS];
    const char *key = cache_key(r->pool, "f", labels, s, NULL);
    const char *cached[1] = { key };
    kc_rows_t *rows;
    apr_status_t rv;
    int i;

    /* Counted since the catalogue last changed: no big plan to make. (A
     * search without any match keeps no rows there; counting it again is
     * cheap.) */
    rv = kc_store_select(&rows, r, KC_Q_FACETS_CACHED, cached);
    if (rv == APR_SUCCESS && rows->nrows == 0) {
        rv = kc_store_select(&rows, r, KC_Q_RECORD_FACETS,
                             facet_args(v, labels, s, key));
    }
    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_facet_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_facet_t *fc = apr_array_push(*out);
        fc->facet = kc_rows_get(rows, i, 0);
        fc->value = kc_rows_get(rows, i, 1);
        fc->name = kc_rows_get(rows, i, 2);
        fc->count = to_int64(kc_rows_get(rows, i, 3));
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_search_suggestion(const char **out, request_rec *r,
                                        const char *q)
{
    const char *args[1] = { q };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_SEARCH_SUGGEST, args);

    if (rv == APR_SUCCESS) {
        *out = rows->nrows ? kc_rows_get(rows, 0, 0) : NULL;
    }
    return rv;
}

apr_status_t kc_store_filter_check(int ok[5], request_rec *r,
                                   const kc_search_t *s)
{
    const char *args[5] = { s->kind, s->subject, s->level, s->language,
                            s->licence };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_FILTER_CHECK, args);
    int i;

    if (rv == APR_SUCCESS) {
        for (i = 0; i < 5; i++) {
            const char *v = kc_rows_get(rows, 0, i);
            ok[i] = v && *v == 't';
        }
    }
    return rv;
}

/* ---- reading ----------------------------------------------------------------- */

apr_status_t kc_store_record_detail(kc_record_detail_t **out, request_rec *r,
                                    const char *labels, apr_int64_t id,
                                    apr_int64_t viewer, const char *lang)
{
    const char *args[4];
    kc_rows_t *rows;
    kc_record_detail_t *d;
    apr_status_t rv;
    const int c = 16;          /* first column after the summary */

    args[0] = labels;
    args[1] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, id);
    args[2] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, viewer);
    args[3] = lang;
    rv = kc_store_select(&rows, r, KC_Q_RECORD_DETAIL, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    d = apr_pcalloc(r->pool, sizeof(*d));
    read_summary(&d->sum, r->pool, rows, 0, 0);
    d->description = kc_rows_get(rows, 0, c + 0);
    d->url = kc_rows_get(rows, 0, c + 1);
    d->details = kc_rows_get(rows, 0, c + 2);
    d->licence_url = d->sum.licence_url;    /* also column c + 3 */
    d->author_id = to_int64(kc_rows_get(rows, 0, c + 4));
    d->state = kc_rows_get(rows, 0, c + 5);
    d->has_file = kc_rows_get(rows, 0, c + 6)
                  && *kc_rows_get(rows, 0, c + 6) == 't';
    d->file_name = kc_rows_get(rows, 0, c + 7);
    d->file_size = to_int64(kc_rows_get(rows, 0, c + 8));
    d->language_name = kc_rows_get(rows, 0, c + 9);
    d->viewer_balance = to_int64(kc_rows_get(rows, 0, c + 10));
    d->unlocked = kc_rows_get(rows, 0, c + 11)
                  && *kc_rows_get(rows, 0, c + 11) == 't';
    d->my_stars = kc_rows_get(rows, 0, c + 12)
                  ? atoi(kc_rows_get(rows, 0, c + 12)) : 0;
    d->my_explanation = kc_rows_get(rows, 0, c + 13);
    d->favourite = kc_rows_get(rows, 0, c + 14)
                   && *kc_rows_get(rows, 0, c + 14) == 't';
    d->has_reactions = kc_rows_get(rows, 0, c + 15)
                       && *kc_rows_get(rows, 0, c + 15) == 't';
    *out = d;
    return APR_SUCCESS;
}

apr_status_t kc_store_record_unlock(const char **result, request_rec *r,
                                    apr_int64_t member, apr_int64_t record,
                                    int cost)
{
    const char *args[3];
    kc_rows_t *rows;
    apr_status_t rv;

    args[0] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, member);
    args[1] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, record);
    args[2] = apr_itoa(r->pool, cost);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_UNLOCK, args);
    if (rv == APR_SUCCESS) {
        *result = kc_rows_get(rows, 0, 0);
    }
    return rv;
}

apr_status_t kc_store_record_file(const char **sha256, const char **type,
                                  const char **name, int *allowed,
                                  request_rec *r, apr_int64_t record,
                                  apr_int64_t member)
{
    const char *args[2];
    kc_rows_t *rows;
    apr_status_t rv;

    args[0] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, record);
    args[1] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, member);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_FILE, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *sha256 = kc_rows_get(rows, 0, 0);
    *type = kc_rows_get(rows, 0, 1);
    *name = kc_rows_get(rows, 0, 2);
    *allowed = kc_rows_get(rows, 0, 3) && *kc_rows_get(rows, 0, 3) == 't';
    return APR_SUCCESS;
}

apr_status_t kc_store_point_rules(apr_array_header_t **out, request_rec *r,
                                  const char *lang)
{
    const char *args[2] = { lang, lang };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_POINT_RULES, args);
    int i;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_point_rule_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_point_rule_t *p = apr_array_push(*out);
        p->event = kc_rows_get(rows, i, 0);
        p->name = kc_rows_get(rows, i, 1);
        p->points = to_int64(kc_rows_get(rows, i, 2));
        p->points_max = kc_rows_get(rows, i, 3);
        p->daily_cap = kc_rows_get(rows, i, 4);
        p->description = kc_rows_get(rows, i, 5);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_summaries(apr_array_header_t **out, request_rec *r,
                                kc_query_id_t q, const char **args)
{
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, q, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1,
                          sizeof(kc_record_summary_t));
    for (i = 0; i < rows->nrows; i++) {
        read_summary(apr_array_push(*out), r->pool, rows, i, 0);
    }
    return APR_SUCCESS;
}
