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

/* ---- the query's text (tsqueryout) ----------------------------------------- */

typedef enum { Q_VAL, Q_AND, Q_OR, Q_NOT } qop_t;

typedef struct qnode_t {
    qop_t op;
    const char *lex;
    struct qnode_t *l, *r;
} qnode_t;

typedef struct {
    const char *s;
    apr_pool_t *p;
    apr_status_t rv;                /* the first problem met */
    apr_array_header_t *operands;   /* every lexeme, for the rank */
} qparse_t;

static void skip_space(qparse_t *q)
{
    while (*q->s == ' ') {
        q->s++;
    }
}

static qnode_t *node(qparse_t *q, qop_t op, qnode_t *l, qnode_t *r)
{
    qnode_t *n = apr_pcalloc(q->p, sizeof(*n));
    n->op = op;
    n->l = l;
    n->r = r;
    return n;
}

static qnode_t *parse_or(qparse_t *q);

/* An operand, a negation or a parenthesis. */
static qnode_t *parse_unary(qparse_t *q)
{
    skip_space(q);
    if (*q->s == '!') {
        q->s++;
        return node(q, Q_NOT, parse_unary(q), NULL);
    }
    if (*q->s == '(') {
        qnode_t *n;
        q->s++;
        n = parse_or(q);
        skip_space(q);
        if (*q->s != ')') {
            q->rv = q->rv ? q->rv : APR_EINVAL;
            return n;
        }
        q->s++;
        return n;
    }
    if (*q->s == '\'') {
        qnode_t *n = node(q, Q_VAL, NULL, NULL);
        const char *in = q->s + 1;
        char *out = apr_palloc(q->p, strlen(q->s) + 1), *o = out;
        while (*in && !(*in == '\'' && in[1] != '\'')) {
            if (*in == '\\' && in[1]) {
                in++;
            }
            else if (*in == '\'') {
                in++;                 /* '' is one quote */
            }
            *o++ = *in++;
        }
        *o = '\0';
        if (*in != '\'' || o == out) {
            q->rv = q->rv ? q->rv : APR_EINVAL;
            return n;
        }
        q->s = in + 1;
        if (*q->s == ':') {           /* a prefix or a weight */
            q->rv = q->rv ? q->rv : APR_ENOTIMPL;
            while (*q->s && *q->s != ' ' && *q->s != ')') {
                q->s++;
            }
        }
        n->lex = out;
        APR_ARRAY_PUSH(q->operands, const char *) = out;
        return n;
    }
    q->rv = q->rv ? q->rv : APR_EINVAL;
    return node(q, Q_VAL, NULL, NULL);
}

/* Phrases (<->, <N>) need positions: the database answers those. */
static qnode_t *parse_phrase(qparse_t *q)
{
    qnode_t *n = parse_unary(q);
    skip_space(q);
    while (*q->s == '<') {
        q->rv = q->rv ? q->rv : APR_ENOTIMPL;
        while (*q->s && *q->s != '>') {
            q->s++;
        }
        if (*q->s) {
            q->s++;
        }
        n = node(q, Q_AND, n, parse_unary(q));
        skip_space(q);
    }
    return n;
}

static qnode_t *parse_and(qparse_t *q)
{
    qnode_t *n = parse_phrase(q);
    skip_space(q);
    while (*q->s == '&' && q->rv == APR_SUCCESS) {
        q->s++;
        n = node(q, Q_AND, n, parse_phrase(q));
        skip_space(q);
    }
    return n;
}

static qnode_t *parse_or(qparse_t *q)
{
    qnode_t *n = parse_and(q);
    skip_space(q);
    while (*q->s == '|' && q->rv == APR_SUCCESS) {
        q->s++;
        n = node(q, Q_OR, n, parse_and(q));
        skip_space(q);
    }
    return n;
}

static apr_status_t parse_query(qnode_t **out, apr_array_header_t *operands,
                                const char *text, apr_pool_t *p)
{
    qparse_t q = { text ? text : "", p, APR_SUCCESS, operands };
    skip_space(&q);
    if (!*q.s) {
        return APR_ENOTIMPL;          /* an empty query: the database says */
    }
    *out = parse_or(&q);
    skip_space(&q);
    if (q.rv == APR_SUCCESS && *q.s) {
        q.rv = APR_EINVAL;
    }
    return q.rv;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The rank query's distinct lexemes, in byte order (SortAndUniqItems). */
static void sort_unique(apr_array_header_t *a)
{
    const char **v = (const char **)a->elts;
    int i, n = 0;
    qsort(v, a->nelts, sizeof(char *), str_cmp);
    for (i = 0; i < a->nelts; i++) {
        if (n == 0 || strcmp(v[i], v[n - 1]) != 0) {
            v[n++] = v[i];
        }
    }
    a->nelts = n;
}

/* ---- sets of slots ------------------------------------------------------------ */

/* Sorted slots (base records first, then the changed ones), or all but
 * those when neg. */
typedef struct {
    const apr_uint32_t *v;
    apr_size_t n;
    int neg;
} sset_t;

/* A changed record's part for lexeme lex, or -1 when it has none. */
static int odoc_find(const kc_sx_odoc_t *o, const char *lex)
{
    int lo = 0, hi = o->nlex;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2, c = strcmp(o->lex[mid], lex);
        if (c == 0) {
            return mid;
        }
        if (c < 0) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return -1;
}

/* The posting list of lex in the base: *n slots from the returned index. */
static apr_size_t base_list(const kc_sx_base_t *b, const char *lex, apr_size_t *n)
{
    const apr_uint32_t *num = apr_hash_get(b->lexicon, lex, APR_HASH_KEY_STRING);
    if (!num) {
        *n = 0;
        return 0;
    }
    *n = b->off[*num + 1] - b->off[*num];
    return b->off[*num];
}

static sset_t eval_val(const kc_sindex_t *ix, const char *lex, apr_pool_t *p)
{
    const kc_sx_base_t *b = ix->base;
    apr_size_t n, at = base_list(b, lex, &n);
    sset_t s = { b->slot + at, n, 0 };
    apr_uint32_t *v = NULL;
    int i;

    for (i = 0; i < ix->nodocs; i++) {
        if (odoc_find(ix->odocs[i], lex) >= 0) {
            if (!v) {
                v = apr_palloc(p, sizeof(*v) * (n + ix->nodocs - i));
                memcpy(v, b->slot + at, sizeof(*v) * n);
                s.v = v;
            }
            v[s.n++] = (apr_uint32_t)(b->ndocs + i);
        }
    }
    return s;
}

/* a AND b (keep 1), a OR b (keep 3), a AND NOT b (keep 2): which side
 * an element found on one side only may come from (1 a, 2 also b). */
static sset_t merge(sset_t a, sset_t b, int mode, apr_pool_t *p)
{
    apr_uint32_t *v = apr_palloc(p, sizeof(*v) * (a.n + b.n + 1));
    apr_size_t i = 0, j = 0, n = 0;
    sset_t out = { v, 0, 0 };

    while (i < a.n && j < b.n) {
        if (a.v[i] == b.v[j]) {
            if (mode != 2) {
                v[n++] = a.v[i];
            }
            i++;
            j++;
        }
        else if (a.v[i] < b.v[j]) {
            if (mode != 1) {
                v[n++] = a.v[i];
            }
            i++;
        }
        else {
            if (mode == 3) {
                v[n++] = b.v[j];
            }
            j++;
        }
    }
    if (mode != 1) {
        while (i < a.n) {
            v[n++] = a.v[i++];
        }
    }
    if (mode == 3) {
        while (j < b.n) {
            v[n++] = b.v[j++];
        }
    }
    out.n = n;
    return out;
}

static sset_t eval(const kc_sindex_t *ix, const qnode_t *q, apr_pool_t *p)
{
    sset_t a, b, r;

    if (q->op == Q_VAL) {
        return eval_val(ix, q->lex, p);
    }
    a = eval(ix, q->l, p);
    if (q->op == Q_NOT) {
        a.neg = !a.neg;
        return a;
    }
    b = eval(ix, q->r, p);
    if (q->op == Q_AND) {
        if (!a.neg && !b.neg) {
            return merge(a, b, 1, p);
        }
        if (!a.neg) {
            return merge(a, b, 2, p);        /* a - b */
        }
        if (!b.neg) {
            return merge(b, a, 2, p);        /* b - a */
        }
        r = merge(a, b, 3, p);               /* not (a or b) */
        r.neg = 1;
        return r;
    }
    if (!a.neg && !b.neg) {
        return merge(a, b, 3, p);
    }
    if (a.neg && b.neg) {
        r = merge(a, b, 1, p);               /* not (a and b) */
    }
    else if (a.neg) {
        r = merge(a, b, 2, p);               /* not (a - b) */
    }
    else {
        r = merge(b, a, 2, p);               /* not (b - a) */
    }
    r.neg = 1;
    return r;
}

/* The slots the query finds, the changed base records left out. */
static sset_t matches(const kc_sindex_t *ix, const qnode_t *q, apr_pool_t *p)
{
    sset_t s = eval(ix, q, p);
    apr_uint32_t all = (apr_uint32_t)(ix->base->ndocs + ix->nodocs), k;
    apr_uint32_t *v = apr_palloc(p, sizeof(*v) * (s.neg ? all + 1 : s.n + 1));
    apr_size_t i = 0, n = 0;
    sset_t out = { v, 0, 0 };

    for (k = 0; k < (s.neg ? all : s.n); k++) {
        apr_uint32_t slot = k;
        if (s.neg) {
            if (i < s.n && s.v[i] == k) {
                i++;
                continue;
            }
        }
        else {
            slot = s.v[k];
        }
        if (ix->dead && slot < (apr_uint32_t)ix->base->ndocs
            && (ix->dead[slot / 8] & (1u << (slot % 8)))) {
            continue;
        }
        v[n++] = slot;
    }
    out.n = n;
    return out;
}

/* ---- one pass: flags, facets --------------------------------------------------- */

typedef struct {
    apr_uint32_t slot;
    float rank;
    const kc_sx_doc_t *d;
} hit_t;

enum { F_KIND, F_SUBJ, F_LVL, F_LANG, F_LIC, F__N };

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

/* The code filter's number: -1 none, -2 a code no record has. */
static int code_filter(const kc_sindex_t *ix, const char *code)
{
    const apr_uint16_t *n;
    if (!code || !*code) {
        return -1;
    }
    n = apr_hash_get(ix->codes, code, APR_HASH_KEY_STRING);
    return n ? (int)*n : -2;
}

/* Counted by number first (codes and ids are few), named at the end. */
typedef struct {
    apr_int64_t *code[3];           /* kind, language, licence by code number */
    apr_hash_t *ids[2];             /* subject, level: id -> apr_int64_t * */
} counts_t;

static void count_id(apr_hash_t *h, int id, apr_pool_t *p)
{
    apr_int64_t *n = apr_hash_get(h, &id, sizeof(id));
    if (!n) {
        int *key = apr_pmemdup(p, &id, sizeof(id));
        n = apr_pcalloc(p, sizeof(*n));
        apr_hash_set(h, key, sizeof(*key), n);
    }
    (*n)++;
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

static void push_named(apr_array_header_t *out, const kc_sindex_t *ix,
                       int facet, const char *key, apr_int64_t n,
                       int label, apr_pool_t *p)
{
    const kc_sx_term_t *t = apr_hash_get(
        ix->base->terms, apr_pstrcat(p, kc_sx_facets[facet], "\x1f", key, NULL),
        APR_HASH_KEY_STRING);
    named_t *x;

    if (!t || !t->name[label]) {
        return;          /* no such term, or no name: the statement's join */
    }
    x = apr_array_push(out);
    x->t = t;
    x->f.facet = kc_sx_facets[facet];
    x->f.value = t->code;
    x->f.name = t->name[label];
    x->f.n = n;
}

static void push_facets(apr_array_header_t *out, const kc_sindex_t *ix,
                        counts_t *c, const char *labels, apr_pool_t *p)
{
    static const int code_facet[3] = { F_KIND, F_LANG, F_LIC };
    int label = label_of(labels);
    apr_array_header_t *named = apr_array_make(p, 32, sizeof(named_t));
    apr_hash_index_t *hi;
    int i, k;

    for (k = 0; k < 3; k++) {
        for (i = 0; i < ix->ncode; i++) {
            if (c->code[k][i] > 0) {
                push_named(named, ix, code_facet[k], ix->code[i], c->code[k][i],
                           label, p);
            }
        }
    }
    for (k = 0; k < 2; k++) {
        for (hi = apr_hash_first(p, c->ids[k]); hi; hi = apr_hash_next(hi)) {
            const void *key;
            void *val;
            apr_hash_this(hi, &key, NULL, &val);
            push_named(named, ix, k == 0 ? F_SUBJ : F_LVL,
                       apr_itoa(p, *(const int *)key), *(apr_int64_t *)val,
                       label, p);
        }
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

/* The names of a record's subjects or levels (ids v[0 .. n)), by
 * position, as KC_RECORD_SUMMARY_COLS aggregates them. */
static apr_array_header_t *names_of(const kc_sindex_t *ix, int facet,
                                    const int *v, apr_uint32_t n, int label,
                                    apr_pool_t *p)
{
    apr_array_header_t *t = apr_array_make(p, n + 1, sizeof(kc_sx_term_t *));
    apr_array_header_t *out = apr_array_make(p, n + 1, sizeof(const char *));
    apr_uint32_t i;
    int k;

    for (i = 0; i < n; i++) {
        const kc_sx_term_t *x = apr_hash_get(
            ix->base->terms, apr_psprintf(p, "%s\x1f%d", kc_sx_facets[facet], v[i]),
            APR_HASH_KEY_STRING);
        if (x && x->name[label] && *x->name[label]) {
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

/* A filter's term: -1 no filter, 0 a code no term has (nothing passes),
 * else its id (subject, level) or 1. */
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
    return !t ? 0 : (facet == F_SUBJ || facet == F_LVL) ? t->id : 1;
}

/* ---- ts_rank ------------------------------------------------------------------- */

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
        apr_size_t len, at = base_list(b, lex, &len), j = 0;
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
            int e = odoc_find(o, lex);
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
    qnode_t *q;
    hit_t h;
    apr_status_t rv;

    if (!ix) {
        return APR_ENOMEM;
    }
    rv = parse_query(&q, ops, query, p);
    if (rv == APR_SUCCESS) {
        rv = kc_sindex_add(ix, &d);
    }
    if (rv == APR_SUCCESS) {
        kc_sindex_seal(ix);
        sort_unique(ops);
        h.slot = 0;
        h.d = &ix->base->docs[0];
        rank_hits(&h, 1, ix, ops);
        *out = ix->base->nentries > 1 ? h.rank : 0.0f;
    }
    kc_sindex_destroy(ix);
    return rv;
}

/* ---- order and page ------------------------------------------------------------ */

typedef enum { S_NEWEST, S_RELEVANCE, S_RATING } sort_t;

/* < 0 when a comes first: the ORDER BY of KC_SQL_SEARCH_WORDS. */
static int before(const hit_t *a, const hit_t *b, sort_t sort)
{
    if (sort == S_RELEVANCE && a->rank != b->rank) {
        return a->rank > b->rank ? -1 : 1;
    }
    if (sort == S_RATING && (a->d->has_rating != b->d->has_rating
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

/* ---- the search ------------------------------------------------------------------ */

apr_status_t kc_sindex_search(kc_sindex_result_t *out, const kc_sindex_t *ix,
                              const kc_sindex_query_t *q, apr_pool_t *p)
{
    apr_array_header_t *ops = apr_array_make(p, 16, sizeof(const char *));
    apr_array_header_t *rank_ops = apr_array_make(p, 16, sizeof(const char *));
    int kf = code_filter(ix, q->kind), gf = code_filter(ix, q->language);
    int lf = code_filter(ix, q->licence);
    int tf[F__N], subject, level, any = 0;
    sort_t sort = !q->sort ? S_NEWEST : strcmp(q->sort, "relevance") == 0
        ? S_RELEVANCE : strcmp(q->sort, "rating") == 0 ? S_RATING : S_NEWEST;
    counts_t c;
    qnode_t *mq, *rq;
    sset_t s;
    hit_t *hits;
    apr_size_t i, nhits = 0, ncand = 0, k;
    apr_int64_t lim;
    apr_status_t rv;

    if ((rv = parse_query(&mq, ops, q->match, p)) != APR_SUCCESS
        || (rv = parse_query(&rq, rank_ops, q->rank, p)) != APR_SUCCESS) {
        return rv;
    }
    sort_unique(rank_ops);
    /* which filters name no term (the first is said), and the ids */
    tf[F_KIND] = term_filter(ix, F_KIND, q->kind, p);
    tf[F_SUBJ] = term_filter(ix, F_SUBJ, q->subject, p);
    tf[F_LVL] = term_filter(ix, F_LVL, q->level, p);
    tf[F_LANG] = term_filter(ix, F_LANG, q->language, p);
    tf[F_LIC] = term_filter(ix, F_LIC, q->licence, p);
    out->unknown = NULL;
    for (k = 0; k < F__N; k++) {
        any |= tf[k] != -1;
        if (tf[k] == 0 && !out->unknown) {
            out->unknown = kc_sx_facets[k];
        }
    }
    subject = tf[F_SUBJ];
    level = tf[F_LVL];
    s = matches(ix, mq, p);
    hits = apr_palloc(p, sizeof(hit_t) * (s.n + 1));
    for (k = 0; k < 3; k++) {
        c.code[k] = apr_pcalloc(p, sizeof(apr_int64_t) * (ix->ncode + 1));
    }
    c.ids[0] = apr_hash_make(p);
    c.ids[1] = apr_hash_make(p);
    for (i = 0; i < s.n; i++) {
        const int *ints;
        const kc_sx_doc_t *d = doc_of(ix, s.v[i], &ints);
        int f[F__N], nf, x;
        apr_uint32_t j;
        f[F_KIND] = kf == -1 || d->kind == kf;
        f[F_LANG] = gf == -1 || d->lang == gf;
        f[F_LIC] = lf == -1 || d->lic == lf;
        f[F_SUBJ] = subject < 0 || has_int(ints + d->subj, d->nsubj, subject);
        f[F_LVL] = level < 0 || has_int(ints + d->lvl, d->nlvl, level);
        nf = f[0] + f[1] + f[2] + f[3] + f[4];
        if (nf < 4) {
            continue;
        }
        ncand++;
        if (nf == 5) {
            hits[nhits].slot = s.v[i];
            hits[nhits].d = d;
            nhits++;
        }
        /* each facet: the candidates that pass every other filter */
        for (x = 0; x < F__N; x++) {
            if (nf == 5 || !f[x]) {
                switch (x) {
                case F_KIND:
                    if (d->kind != KC_SX_NOCODE) c.code[0][d->kind]++;
                    break;
                case F_LANG:
                    if (d->lang != KC_SX_NOCODE) c.code[1][d->lang]++;
                    break;
                case F_LIC:
                    if (d->lic != KC_SX_NOCODE) c.code[2][d->lic]++;
                    break;
                case F_SUBJ:
                    for (j = 0; j < d->nsubj; j++) {
                        count_id(c.ids[0], ints[d->subj + j], p);
                    }
                    break;
                default:
                    for (j = 0; j < d->nlvl; j++) {
                        count_id(c.ids[1], ints[d->lvl + j], p);
                    }
                }
            }
        }
    }
    /* as the statement with its cap and, when a filter is in use, again
     * without (kc_store_record_search) */
    out->capped = !any && ncand > (apr_size_t)q->cap;
    out->total = out->capped ? (apr_int64_t)q->cap + 1 : (apr_int64_t)nhits;
    out->facets = apr_array_make(p, 32, sizeof(kc_sindex_facet_t));
    push_facets(out->facets, ix, &c, q->labels, p);
    out->ids = apr_array_make(p, q->limit > 0 ? q->limit : 1, sizeof(apr_int64_t));
    out->subjects = apr_array_make(p, q->limit > 0 ? q->limit : 1,
                                   sizeof(apr_array_header_t *));
    out->levels = apr_array_make(p, q->limit > 0 ? q->limit : 1,
                                 sizeof(apr_array_header_t *));
    lim = q->limit;
    if (!any && lim > (apr_int64_t)q->cap - q->offset) {
        lim = (apr_int64_t)q->cap - q->offset;
    }
    if (lim <= 0 || q->offset < 0 || (apr_size_t)q->offset >= nhits) {
        return APR_SUCCESS;
    }
    if (sort == S_RELEVANCE) {
        rank_hits(hits, nhits, ix, rank_ops);
    }
    k = (apr_size_t)q->offset + (apr_size_t)lim;
    first_k(hits, nhits, k < nhits ? k : nhits, sort);
    for (i = (apr_size_t)q->offset; i < k && i < nhits; i++) {
        const int *ints;
        const kc_sx_doc_t *d = doc_of(ix, hits[i].slot, &ints);
        APR_ARRAY_PUSH(out->ids, apr_int64_t) = d->id;
        APR_ARRAY_PUSH(out->subjects, apr_array_header_t *) = names_of(
            ix, F_SUBJ, ints + d->subj, d->nsubj, label_of(q->labels), p);
        APR_ARRAY_PUSH(out->levels, apr_array_header_t *) = names_of(
            ix, F_LVL, ints + d->lvl, d->nlvl, label_of(q->labels), p);
    }
    return APR_SUCCESS;
}
