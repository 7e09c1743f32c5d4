/*
 * kc_sindex_search.c -- a search over the in-memory index (kc_sindex.h):
 * the match query evaluated over posting lists, the filters' flags and
 * facets of KC_SQL_SEARCH_WORDS in one pass over the matches, ts_rank over
 * the rank query's lexemes, the page chosen without sorting every match.
 */
#include "kc_sindex_int.h"

#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

/* ---- one pass: flags, facets -------------------------------------------- */

typedef struct {
    apr_uint32_t slot;
    float rank;
    const kc_sx_doc_t *d;
} hit_t;

static const kc_sx_doc_t *doc_of(const kc_sindex_t *ix, apr_uint32_t slot,
                                 const int **ints)
{
    if (slot < (apr_uint32_t)ix->base->ndocs) {
        *ints = ix->base->ints;
        return &ix->base->docs[slot];
    }
    *ints = ix->odocs[slot - ix->base->ndocs]->ints;
    return &ix->odocs[slot - ix->base->ndocs]->d;
}

static int has_int(const int *v, apr_uint32_t n, int x)
{
    apr_uint32_t i;
    for (i = 0; i < n; i++) {
        if (v[i] == x) {
            return 1;
        }
    }
    return 0;
}

/* The names' column of a labels (be, nl, en). */
static int label_of(const char *labels)
{
    return !labels ? 0 : strcmp(labels, "en") == 0 ? 2
        : strcmp(labels, "nl") == 0 ? 1 : 0;
}

/* A named facet value and where it sorts (ORDER BY facet, position). */
typedef struct {
    kc_sindex_facet_t f;
    const kc_sx_term_t *t;
} named_t;

static int named_cmp(const void *x, const void *y)
{
    const named_t *a = x, *b = y;
    int c = strcmp(a->f.facet, b->f.facet);
    if (c) {
        return c;
    }
    if (a->t->has_position != b->t->has_position) {
        return a->t->has_position ? -1 : 1;          /* NULLs last */
    }
    if (a->t->position != b->t->position) {
        return a->t->position < b->t->position ? -1 : 1;
    }
    return strcmp(a->t->code, b->t->code);
}

/* The facets' values with their counts (counts: by term number), named
 * in labels, in the statement's order. A value without a name is left
 * out, as PostgreSQL's NULL concatenation leaves it. */
static void push_facets(apr_array_header_t *out, const kc_sindex_t *ix,
                        const apr_int64_t *counts, const char *labels,
                        apr_pool_t *p)
{
    int label = label_of(labels);
    apr_array_header_t *named = apr_array_make(p, 32, sizeof(named_t));
    int i;

    for (i = 0; i < ix->base->nterms; i++) {
        const kc_sx_term_t *t = ix->base->termv[i];
        named_t *x;
        if (counts[i] == 0 || !t->name[label]) {
            continue;
        }
        x = apr_array_push(named);
        x->t = t;
        x->f.facet = kc_sx_facets[t->facet];
        x->f.value = t->code;
        x->f.name = t->name[label];
        x->f.n = counts[i];
    }
    qsort(named->elts, named->nelts, sizeof(named_t), named_cmp);
    for (i = 0; i < named->nelts; i++) {
        *(kc_sindex_facet_t *)apr_array_push(out)
            = APR_ARRAY_IDX(named, i, named_t).f;
    }
}

static int term_cmp(const void *x, const void *y)
{
    const kc_sx_term_t *a = *(const kc_sx_term_t *const *)x;
    const kc_sx_term_t *b = *(const kc_sx_term_t *const *)y;
    if (a->position != b->position) {
        return a->position < b->position ? -1 : 1;
    }
    return strcmp(a->code, b->code);
}

/* The names of a record's subjects or levels (terms v[0 .. n)), by
 * position, as KC_RECORD_SUMMARY_COLS aggregates them. */
static apr_array_header_t *names_of(const kc_sindex_t *ix, const int *v,
                                    apr_uint32_t n, int label, apr_pool_t *p)
{
    apr_array_header_t *t = apr_array_make(p, n + 1, sizeof(kc_sx_term_t *));
    apr_array_header_t *out = apr_array_make(p, n + 1, sizeof(const char *));
    apr_uint32_t i;
    int k;

    for (i = 0; i < n; i++) {
        const kc_sx_term_t *x = ix->base->termv[v[i]];
        if (x->name[label] && *x->name[label]) {
            APR_ARRAY_PUSH(t, const kc_sx_term_t *) = x;
        }
    }
    qsort(t->elts, t->nelts, sizeof(kc_sx_term_t *), term_cmp);
    for (k = 0; k < t->nelts; k++) {
        APR_ARRAY_PUSH(out, const char *)
            = APR_ARRAY_IDX(t, k, const kc_sx_term_t *)->name[label];
    }
    return out;
}

/* A filter's term number: -1 no filter, -2 a code no term has (nothing
 * passes). */
static int term_filter(const kc_sindex_t *ix, int facet, const char *code,
                       apr_pool_t *p)
{
    const kc_sx_term_t *t;
    if (!code || !*code) {
        return -1;
    }
    t = apr_hash_get(ix->base->term_codes,
                     apr_pstrcat(p, kc_sx_facets[facet], "\x1f", code, NULL),
                     APR_HASH_KEY_STRING);
    return t ? (int)t->num : -2;
}

/* ---- ts_rank ------------------------------------------------------------ */

/* ts_rank(vector, rank query) of every hit, the lexemes in byte order as
 * PostgreSQL adds them, each part divided as calc_rank_or() divides it. */
static void rank_hits(hit_t *h, apr_size_t n, const kc_sindex_t *ix,
                      const apr_array_header_t *lexemes)
{
    const kc_sx_base_t *b = ix->base;
    int k;
    apr_size_t i;

    for (i = 0; i < n; i++) {
        h[i].rank = 0.0f;
    }
    for (k = 0; k < lexemes->nelts; k++) {
        const char *lex = APR_ARRAY_IDX(lexemes, k, const char *);
        apr_size_t len, at = kc_sx_base_list(b, lex, &len), j = 0;
        for (i = 0; i < n && h[i].slot < (apr_uint32_t)b->ndocs; i++) {
            while (j < len && b->slot[at + j] < h[i].slot) {
                j++;
            }
            if (j < len && b->slot[at + j] == h[i].slot) {
                h[i].rank = (float)(h[i].rank + b->c[at + j] / 1.64493406685);
            }
        }
        for (; i < n; i++) {
            const kc_sx_odoc_t *o = ix->odocs[h[i].slot - b->ndocs];
            int e = kc_sx_odoc_find(o, lex);
            if (e >= 0) {
                h[i].rank = (float)(h[i].rank + o->c[e] / 1.64493406685);
            }
        }
    }
    if (lexemes->nelts > 0) {
        for (i = 0; i < n; i++) {
            h[i].rank = h[i].rank / lexemes->nelts;
        }
    }
}

apr_status_t kc_sindex_rank(float *out, const char *vector, const char *query,
                            apr_pool_t *p)
{
    kc_sindex_t *ix = kc_sindex_create();
    kc_sindex_doc_t d = { 1, "0", 0, 0, NULL, NULL, NULL, NULL, NULL, vector };
    apr_array_header_t *ops = apr_array_make(p, 8, sizeof(const char *));
    kc_sx_qnode_t *q;
    hit_t h;
    apr_status_t rv;

    if (!ix) {
        return APR_ENOMEM;
    }
    rv = kc_sx_parse_query(&q, ops, query, p);
    if (rv == APR_SUCCESS) {
        rv = kc_sindex_add(ix, &d);
    }
    if (rv == APR_SUCCESS) {
        kc_sindex_seal(ix);
        kc_sx_sort_unique(ops);
        h.slot = 0;
        h.d = &ix->base->docs[0];
        rank_hits(&h, 1, ix, ops);
        *out = ix->base->nentries > 1 ? h.rank : 0.0f;
    }
    kc_sindex_destroy(ix);
    return rv;
}

/* ---- order and page ----------------------------------------------------- */

typedef enum { S_NEWEST, S_RELEVANCE, S_RATING } sort_t;

/* < 0 when a comes first: the ORDER BY of KC_SQL_SEARCH_WORDS. */
static int before(const hit_t *a, const hit_t *b, sort_t sort)
{
    if (sort == S_RELEVANCE && a->rank != b->rank) {
        return a->rank > b->rank ? -1 : 1;
    }
    if (sort == S_RATING
        && (a->d->has_rating != b->d->has_rating
            || (a->d->has_rating && a->d->rating != b->d->rating))) {
        if (a->d->has_rating != b->d->has_rating) {
            return a->d->has_rating ? -1 : 1;          /* NULLS LAST */
        }
        return a->d->rating > b->d->rating ? -1 : 1;
    }
    if (a->d->has_published != b->d->has_published) {
        return a->d->has_published ? 1 : -1;           /* DESC: NULLS FIRST */
    }
    if (a->d->published != b->d->published) {
        return a->d->published > b->d->published ? -1 : 1;
    }
    return a->d->id > b->d->id ? -1 : (a->d->id < b->d->id);
}

/* Restore the heap h[0 .. n) below r: "worst first" (its root the hit
 * that comes last). */
static void sift(hit_t *h, apr_size_t r, apr_size_t n, sort_t sort)
{
    for (;;) {
        apr_size_t c = 2 * r + 1;
        hit_t t;
        if (c >= n) {
            return;
        }
        if (c + 1 < n && before(&h[c + 1], &h[c], sort) > 0) {
            c++;
        }
        if (before(&h[c], &h[r], sort) <= 0) {
            return;
        }
        t = h[r];
        h[r] = h[c];
        h[c] = t;
        r = c;
    }
}

/* The first k of n hits in order, in h[0 .. k) (k <= n): a heap of the
 * best k so far, its root the worst of them; then heapsort. */
static void first_k(hit_t *h, apr_size_t n, apr_size_t k, sort_t sort)
{
    apr_size_t i;

    for (i = k / 2; i-- > 0;) {
        sift(h, i, k, sort);
    }
    for (i = k; i < n; i++) {
        if (k > 0 && before(&h[i], &h[0], sort) < 0) {
            h[0] = h[i];
            sift(h, 0, k, sort);
        }
    }
    for (i = k; i > 1; i--) {
        hit_t t = h[0];
        h[0] = h[i - 1];
        h[i - 1] = t;
        sift(h, 0, i - 1, sort);
    }
}

/* ---- the search --------------------------------------------------------- */

/* The filters of a query: each facet's term number (see term_filter),
 * and whether any is used. */
typedef struct {
    int t[KC_SX__N];
    int any;
} filters_t;

/* The filters' terms; the first filter that names none is said. */
static void read_filters(filters_t *fl, kc_sindex_result_t *out,
                         const kc_sindex_t *ix, const kc_sindex_query_t *q,
                         apr_pool_t *p)
{
    const char *codes[KC_SX__N];
    int k;

    codes[KC_SX_KIND] = q->kind;
    codes[KC_SX_SUBJ] = q->subject;
    codes[KC_SX_LVL] = q->level;
    codes[KC_SX_LANG] = q->language;
    codes[KC_SX_LIC] = q->licence;
    fl->any = 0;
    out->unknown = NULL;
    for (k = 0; k < KC_SX__N; k++) {
        fl->t[k] = term_filter(ix, k, codes[k], p);
        fl->any |= fl->t[k] != -1;
        if (fl->t[k] == -2 && !out->unknown) {
            out->unknown = kc_sx_facets[k];
        }
    }
}

/* A candidate's values in facet x's counts (by term number). */
static void count_facet(apr_int64_t *counts, int x, const kc_sx_doc_t *d,
                        const int *ints)
{
    apr_uint32_t j;

    switch (x) {
    case KC_SX_KIND:
    case KC_SX_LANG:
    case KC_SX_LIC: {
        apr_uint16_t t = x == KC_SX_KIND ? d->kind
                         : x == KC_SX_LANG ? d->lang : d->lic;
        if (t != KC_SX_NOTERM) {
            counts[t]++;
        }
        break;
    }
    case KC_SX_SUBJ:
        for (j = 0; j < d->nsubj; j++) {
            counts[ints[d->subj + j]]++;
        }
        break;
    default:
        for (j = 0; j < d->nlvl; j++) {
            counts[ints[d->lvl + j]]++;
        }
    }
}

/* One pass over the matches: the hits (every filter passed, in slot
 * order), the candidates (all but one passed) and every facet's counts
 * (the candidates that pass all the other filters). */
static apr_size_t tally(hit_t *hits, apr_size_t *ncand, apr_int64_t *counts,
                        const kc_sindex_t *ix, kc_sx_sset_t s,
                        const filters_t *fl)
{
    apr_size_t i, nhits = 0;

    *ncand = 0;
    for (i = 0; i < s.n; i++) {
        const int *ints;
        const kc_sx_doc_t *d = doc_of(ix, s.v[i], &ints);
        int f[KC_SX__N], nf, x;
        f[KC_SX_KIND] = fl->t[KC_SX_KIND] == -1 || d->kind == fl->t[KC_SX_KIND];
        f[KC_SX_LANG] = fl->t[KC_SX_LANG] == -1 || d->lang == fl->t[KC_SX_LANG];
        f[KC_SX_LIC] = fl->t[KC_SX_LIC] == -1 || d->lic == fl->t[KC_SX_LIC];
        f[KC_SX_SUBJ] = fl->t[KC_SX_SUBJ] == -1
            || has_int(ints + d->subj, d->nsubj, fl->t[KC_SX_SUBJ]);
        f[KC_SX_LVL] = fl->t[KC_SX_LVL] == -1
            || has_int(ints + d->lvl, d->nlvl, fl->t[KC_SX_LVL]);
        nf = f[0] + f[1] + f[2] + f[3] + f[4];
        if (nf < 4) {
            continue;
        }
        (*ncand)++;
        if (nf == 5) {
            hits[nhits].slot = s.v[i];
            hits[nhits].d = d;
            nhits++;
        }
        for (x = 0; x < KC_SX__N; x++) {
            if (nf == 5 || !f[x]) {
                count_facet(counts, x, d, ints);
            }
        }
    }
    return nhits;
}

/* The page: hits[offset .. offset + lim) in order, with their subjects'
 * and levels' names. */
static void page_of(kc_sindex_result_t *out, hit_t *hits, apr_size_t nhits,
                    apr_int64_t lim, const kc_sindex_t *ix,
                    const kc_sindex_query_t *q,
                    const apr_array_header_t *rank_ops, apr_pool_t *p)
{
    sort_t sort = !q->sort ? S_NEWEST : strcmp(q->sort, "relevance") == 0
        ? S_RELEVANCE : strcmp(q->sort, "rating") == 0 ? S_RATING : S_NEWEST;
    apr_size_t i, k = (apr_size_t)q->offset + (apr_size_t)lim;
    int label = label_of(q->labels);

    if (sort == S_RELEVANCE) {
        rank_hits(hits, nhits, ix, rank_ops);
    }
    first_k(hits, nhits, k < nhits ? k : nhits, sort);
    for (i = (apr_size_t)q->offset; i < k && i < nhits; i++) {
        const int *ints;
        const kc_sx_doc_t *d = doc_of(ix, hits[i].slot, &ints);
        APR_ARRAY_PUSH(out->ids, apr_int64_t) = d->id;
        APR_ARRAY_PUSH(out->subjects, apr_array_header_t *) = names_of(
            ix, ints + d->subj, d->nsubj, label, p);
        APR_ARRAY_PUSH(out->levels, apr_array_header_t *) = names_of(
            ix, ints + d->lvl, d->nlvl, label, p);
    }
}

apr_status_t kc_sindex_search(kc_sindex_result_t *out, const kc_sindex_t *ix,
                              const kc_sindex_query_t *q, apr_pool_t *p)
{
    apr_array_header_t *ops = apr_array_make(p, 16, sizeof(const char *));
    apr_array_header_t *rank_ops = apr_array_make(p, 16, sizeof(const char *));
    int n = q->limit > 0 ? q->limit : 1;
    filters_t fl;
    apr_int64_t *counts = apr_pcalloc(p, sizeof(apr_int64_t)
                                         * (ix->base->nterms + 1));
    kc_sx_qnode_t *mq, *rq;
    kc_sx_sset_t s;
    hit_t *hits;
    apr_size_t nhits, ncand;
    apr_int64_t lim;
    apr_status_t rv;

    if ((rv = kc_sx_parse_query(&mq, ops, q->match, p)) != APR_SUCCESS
        || (rv = kc_sx_parse_query(&rq, rank_ops, q->rank, p))
           != APR_SUCCESS) {
        return rv;
    }
    kc_sx_sort_unique(rank_ops);
    read_filters(&fl, out, ix, q, p);
    s = kc_sx_matches(ix, mq, p);
    hits = apr_palloc(p, sizeof(hit_t) * (s.n + 1));
    nhits = tally(hits, &ncand, counts, ix, s, &fl);
    /* as the statement with its cap and, when a filter is in use, again
     * without (kc_store_record_search) */
    out->capped = !fl.any && ncand > (apr_size_t)q->cap;
    out->total = out->capped ? (apr_int64_t)q->cap + 1 : (apr_int64_t)nhits;
    out->facets = apr_array_make(p, 32, sizeof(kc_sindex_facet_t));
    push_facets(out->facets, ix, counts, q->labels, p);
    out->ids = apr_array_make(p, n, sizeof(apr_int64_t));
    out->subjects = apr_array_make(p, n, sizeof(apr_array_header_t *));
    out->levels = apr_array_make(p, n, sizeof(apr_array_header_t *));
    lim = q->limit;
    if (!fl.any && lim > (apr_int64_t)q->cap - q->offset) {
        lim = (apr_int64_t)q->cap - q->offset;
    }
    if (lim > 0 && q->offset >= 0 && (apr_size_t)q->offset < nhits) {
        page_of(out, hits, nhits, lim, ix, q, rank_ops, p);
    }
    return APR_SUCCESS;
}
