/*
 * kc_store_records.c -- record queries, typed results.
 */
#include "kc_store_records.h"
#include "kc_sql_records.h"
#include "kc_sql_search.h"
#include "../config/kc_config.h"

static kc_record_page_t *read_page(request_rec *r, const kc_rows_t *rows,
                                   int limit);
static apr_status_t search_exact(kc_record_page_t **out, request_rec *r,
                                 const char *labels, const kc_search_t *s,
                                 apr_int64_t offset, int limit);

apr_status_t kc_store_record_page(kc_record_page_t **out, request_rec *r,
                                  const char *labels, apr_int64_t offset,
                                  int limit)
{
    kc_rows_t *rows;
    const char *args[3];
    apr_status_t rv;

    args[0] = labels;
    args[1] = apr_itoa(r->pool, limit);
    args[2] = kc_arg_i64(r->pool, offset);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_PAGE, args);
    if (rv == APR_SUCCESS) {
        *out = read_page(r, rows, limit);
    }
    return rv;
}

/* The rows of a result with the columns of KC_COLS_PAGE. */
static kc_record_page_t *read_page(request_rec *r, const kc_rows_t *rows,
                                   int limit)
{
    kc_record_page_t *page = apr_pcalloc(r->pool, sizeof(*page));
    int i;

    page->items = apr_array_make(r->pool, limit, sizeof(kc_record_summary_t));
    for (i = 0; i < rows->nrows; i++) {
        page->total = kc_row_i64(rows, i, KC_C_PAGE_TOTAL);
        if (!kc_row_isnull(rows, i, KC_C_PAGE_ID)) {  /* page past the end */
            kc_store_read_summary(apr_array_push(page->items), r->pool,
                                  rows, i, KC_C_PAGE_ID);
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

    args[0] = kc_arg_i64(r->pool, id);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_STATE, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *state = kc_row_str(rows, 0, KC_C_VALUE);
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

/* The value of a filter (KC_FILTER_<x>, kc_sql_search.h). */
static const char *filter_value(const kc_search_t *s, int i)
{
    const char *v[KC_FILTER__N];
    v[KC_FILTER_Q] = s->q;
    v[KC_FILTER_KIND] = s->kind;
    v[KC_FILTER_SUBJ] = s->subject;
    v[KC_FILTER_LEVEL] = s->level;
    v[KC_FILTER_LANG] = s->language;
    v[KC_FILTER_LIC] = s->licence;
    return v[i];
}

/* KC_F_<x> pairs for the filters listed (KC_FILTER_<x>). */
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
    for (i = 0; i < KC_FILTER__N; i++) {
        key = apr_pstrcat(p, key, "\x1f", filter_value(s, i)
                          ? filter_value(s, i) : "", NULL);
    }
    return page ? apr_pstrcat(p, key, "\x1f", s->sort, "\x1f", page, NULL)
                : key;
}

/* The facets of KC_SQL_SEARCH_WORDS: "facet RS code RS name RS n" joined
 * by US (chr 30, chr 31), in order. */
static apr_array_header_t *split_facets(apr_pool_t *p, const char *text)
{
    apr_array_header_t *out = apr_array_make(p, 32, sizeof(kc_facet_t));
    char *copy = apr_pstrdup(p, text ? text : ""), *item, *last;

    for (item = apr_strtok(copy, "\x1f", &last); item;
         item = apr_strtok(NULL, "\x1f", &last)) {
        char *f[4], *l2;
        int n = 0;
        for (f[n] = apr_strtok(item, "\x1e", &l2); f[n] && n < 3;
             f[++n] = apr_strtok(NULL, "\x1e", &l2)) {
        }
        if (n == 3 && f[3]) {
            kc_facet_t *fc = apr_array_push(out);
            fc->facet = f[0];
            fc->value = f[1];
            fc->name = f[2];
            fc->count = apr_atoi64(f[3]);
        }
    }
    return out;
}

/* A search with words in one statement (KC_SQL_SEARCH_WORDS). */
static apr_status_t search_words(kc_record_page_t **out, request_rec *r,
                                 const char *labels, const kc_search_t *s,
                                 apr_int64_t offset, int limit, int cap)
{
    const char *v[11] = { s->q, s->kind, s->language, s->licence, s->subject,
                          s->level, labels, s->sort,
                          apr_itoa(r->pool, limit), kc_arg_i64(r->pool, offset),
                          apr_itoa(r->pool, cap) };
    kc_record_page_t *page = apr_pcalloc(r->pool, sizeof(*page));
    kc_rows_t *rows;
    const char *unknown;
    apr_status_t rv;
    int i;

    for (i = 0; i < 11; i++) {
        v[i] = v[i] ? v[i] : "";
    }
    rv = kc_store_select(&rows, r, KC_Q_SEARCH_WORDS, v);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    page->items = apr_array_make(r->pool, limit, sizeof(kc_record_summary_t));
    for (i = 0; i < rows->nrows; i++) {
        if (i == 0) {
            page->total = kc_row_i64(rows, 0, KC_C_SEARCH_WORDS_TOTAL);
            page->capped = kc_row_bool(rows, 0, KC_C_SEARCH_WORDS_CAPPED);
            page->facets = split_facets(r->pool, kc_row_str(
                                            rows, 0, KC_C_SEARCH_WORDS_FACETS));
            if (!kc_row_isnull(rows, 0, KC_C_SEARCH_WORDS_SUGGESTION)) {
                page->suggestion = kc_row_str(rows, 0,
                                              KC_C_SEARCH_WORDS_SUGGESTION);
            }
            unknown = kc_row_str(rows, 0, KC_C_SEARCH_WORDS_UNKNOWN);
            if (unknown && *unknown) {
                page->unknown = apr_pstrndup(r->pool, unknown,
                                             strcspn(unknown, ","));
            }
        }
        if (!kc_row_isnull(rows, i, KC_C_SEARCH_WORDS_ID)) {
            kc_store_read_summary(apr_array_push(page->items), r->pool,
                                  rows, i, KC_C_SEARCH_WORDS_ID);
        }
    }
    *out = page;
    return APR_SUCCESS;
}

/* A cap no catalogue reaches. */
#define KC_SEARCH_ALL 2000000000

static int any_filter(const kc_search_t *s)
{
    return s->kind || s->subject || s->level || s->language || s->licence;
}

apr_status_t kc_store_record_search(kc_record_page_t **out, request_rec *r,
                                    const char *labels, const kc_search_t *s,
                                    apr_int64_t offset, int limit)
{
    int cap = s->count_limit > 0 ? s->count_limit : KC_DEFAULT_SEARCH_COUNT_LIMIT;

    /* Words: one pass over at most cap + 1 candidates. When a common
     * word has more and a filter is in use, the pass is made again over
     * every match: the candidates that pass the filter may lie beyond the
     * first cap + 1, and "more than N" cannot be said of a count that was
     * never reached. */
    if (s->q && *s->q) {
        apr_status_t rv = kc_store_search_index(out, r, labels, s, offset,
                                                limit, cap);
        if (rv != APR_ENOTIMPL) {
            return rv;
        }
        apr_table_setn(r->notes, "kc-search", "database");
        rv = search_words(out, r, labels, s, offset, limit, cap);
        if (rv == APR_SUCCESS && (*out)->capped && any_filter(s)) {
            rv = search_words(out, r, labels, s, offset, limit,
                              KC_SEARCH_ALL);
        }
        return rv;
    }
    return search_exact(out, r, labels, s, offset, limit);
}

/* Searches without words: every match counted and ranked by two one-shot
 * statements (planned with the values: which filters are used decides
 * the indexes), kept in search_cache and facet_cache. */
static apr_status_t search_exact(kc_record_page_t **out, request_rec *r,
                                 const char *labels, const kc_search_t *s,
                                 apr_int64_t offset, int limit)
{
    static const int matching[KC_FILTER__N] = KC_MATCHING_ORDER;
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
    push_filters(&a, s, matching, KC_FILTER__N);
    push(&a, labels, 1);
    push(&a, s->sort, 1);
    push(&a, apr_itoa(r->pool, limit), 1);
    push(&a, kc_arg_i64(r->pool, offset), 1);
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
     * filter, then the filters that narrow it (all but its own). */
    static const int facets[5][1 + 5] = KC_FACET_OTHERS;
    static const int matching[KC_FILTER__N] = KC_MATCHING_ORDER;
    kc_args_t a = { v, 0 };
    int f, i;

    push(&a, key, 1);
    push(&a, labels, 1);
    for (i = 0; i < KC_FILTER__N; i++) {     /* m: KC_ALL_EMPTY */
        push(&a, filter_value(s, matching[i]), 1);
    }
    push_filters(&a, s, matching, KC_FILTER__N);  /* m: the whole search */
    for (f = 0; f < 5; f++) {
        const int own = facets[f][0], *others = facets[f] + 1;
        for (i = 0; i < 5; i++) {            /* A: KC_NO_OTHER */
            push(&a, filter_value(s, others[i]), 1);
        }
        for (i = 0; i < 5; i++) {            /* B: NOT KC_NO_OTHER */
            push(&a, filter_value(s, others[i]), 1);
        }
        push(&a, filter_value(s, own), 1);
        push_filters(&a, s, others, 5);      /* C: the counting subquery */
        for (i = 0; i < 5; i++) {            /* C: NOT KC_NO_OTHER */
            push(&a, filter_value(s, others[i]), 1);
        }
        push(&a, filter_value(s, own), 1);
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
        fc->facet = kc_row_str(rows, i, KC_C_FACETS_FACET);
        fc->value = kc_row_str(rows, i, KC_C_FACETS_VALUE);
        fc->name = kc_row_str(rows, i, KC_C_FACETS_NAME);
        fc->count = kc_row_i64(rows, i, KC_C_FACETS_N);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_filter_check(int ok[5], request_rec *r,
                                   const kc_search_t *s)
{
    const char *args[5] = { s->kind, s->subject, s->level, s->language,
                            s->licence };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_FILTER_CHECK, args);

    if (rv == APR_SUCCESS) {
        ok[0] = kc_row_bool(rows, 0, KC_C_FILTER_CHECK_KIND);
        ok[1] = kc_row_bool(rows, 0, KC_C_FILTER_CHECK_SUBJECT);
        ok[2] = kc_row_bool(rows, 0, KC_C_FILTER_CHECK_LEVEL);
        ok[3] = kc_row_bool(rows, 0, KC_C_FILTER_CHECK_LANGUAGE);
        ok[4] = kc_row_bool(rows, 0, KC_C_FILTER_CHECK_LICENCE);
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

    args[0] = labels;
    args[1] = kc_arg_i64(r->pool, id);
    args[2] = kc_arg_i64(r->pool, viewer);
    args[3] = lang;
    rv = kc_store_select(&rows, r, KC_Q_RECORD_DETAIL, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    d = apr_pcalloc(r->pool, sizeof(*d));
#define COL(col) KC_C_RECORD_DETAIL_##col
    kc_store_read_summary(&d->sum, r->pool, rows, 0, COL(ID));
    d->description = kc_row_str(rows, 0, COL(DESCRIPTION));
    d->url = kc_row_str(rows, 0, COL(URL));
    d->details = kc_row_str(rows, 0, COL(DETAILS));
    d->licence_url = d->sum.licence_url;    /* also COL(LICENCE_DEED) */
    d->author_id = kc_row_i64(rows, 0, COL(AUTHOR_ID));
    d->state = kc_row_str(rows, 0, COL(STATE));
    d->has_file = kc_row_bool(rows, 0, COL(HAS_FILE));
    d->file_name = kc_row_str(rows, 0, COL(FILE_NAME));
    d->file_size = kc_row_i64(rows, 0, COL(FILE_SIZE));
    d->language_name = kc_row_str(rows, 0, COL(LANGUAGE_NAME));
    d->viewer_balance = kc_row_i64(rows, 0, COL(VIEWER_BALANCE));
    d->unlocked = kc_row_bool(rows, 0, COL(UNLOCKED));
    d->my_stars = kc_row_int(rows, 0, COL(MY_STARS));
    d->my_explanation = kc_row_str(rows, 0, COL(MY_EXPLANATION));
    d->favourite = kc_row_bool(rows, 0, COL(FAVOURITE));
    d->has_reactions = kc_row_bool(rows, 0, COL(HAS_REACTIONS));
    d->created = kc_row_str(rows, 0, COL(CREATED_UTC));
    d->published_at = kc_row_str(rows, 0, COL(PUBLISHED_UTC));
    d->modified = kc_row_str(rows, 0, COL(MODIFIED_UTC));
    d->subject_codes = kc_store_split_names(r->pool, kc_row_str(rows, 0,
                                                    COL(SUBJECT_CODES)));
    d->level_codes = kc_store_split_names(r->pool, kc_row_str(rows, 0,
                                                  COL(LEVEL_CODES)));
    d->schema_type = kc_row_str(rows, 0, COL(SCHEMA_TYPE));
#undef COL
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

    args[0] = kc_arg_i64(r->pool, member);
    args[1] = kc_arg_i64(r->pool, record);
    args[2] = apr_itoa(r->pool, cost);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_UNLOCK, args);
    if (rv == APR_SUCCESS) {
        *result = kc_row_str(rows, 0, KC_C_VALUE);
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

    args[0] = kc_arg_i64(r->pool, record);
    args[1] = kc_arg_i64(r->pool, member);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_FILE, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *sha256 = kc_row_str(rows, 0, KC_C_RECORD_FILE_SHA256);
    *type = kc_row_str(rows, 0, KC_C_RECORD_FILE_TYPE);
    *name = kc_row_str(rows, 0, KC_C_RECORD_FILE_NAME);
    *allowed = kc_row_bool(rows, 0, KC_C_RECORD_FILE_ALLOWED);
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
        p->event = kc_row_str(rows, i, KC_C_POINT_RULES_EVENT);
        p->name = kc_row_str(rows, i, KC_C_POINT_RULES_NAME);
        p->points = kc_row_i64(rows, i, KC_C_POINT_RULES_POINTS);
        p->points_max = kc_row_str(rows, i, KC_C_POINT_RULES_POINTS_MAX);
        p->daily_cap = kc_row_str(rows, i, KC_C_POINT_RULES_DAILY_CAP);
        p->description = kc_row_str(rows, i, KC_C_POINT_RULES_DESCRIPTION);
        p->campaigns = kc_row_bool(rows, i, KC_C_POINT_RULES_CAMPAIGNS);
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
        kc_store_read_summary(apr_array_push(*out), r->pool, rows, i,
                              KC_C_SUMMARY_ID);
    }
    return APR_SUCCESS;
}
