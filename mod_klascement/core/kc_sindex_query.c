/*
 * kc_sindex_query.c -- the match of a search over the in-memory index
 * (kc_sindex.h): the tsquery's text as PostgreSQL writes it (tsqueryout)
 * read into a tree, evaluated over the posting lists as sorted sets of
 * slots; a negation stays a flag until the end.
 */
#include "kc_sindex_int.h"

#include <stdlib.h>
#include <string.h>

#include <apr_strings.h>

/* ---- the query's text (tsqueryout) -------------------------------------- */

typedef enum { Q_VAL, Q_AND, Q_OR, Q_NOT } qop_t;

struct kc_sx_qnode_t {
    qop_t op;
    const char *lex;
    struct kc_sx_qnode_t *l, *r;
};

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

static kc_sx_qnode_t *node(qparse_t *q, qop_t op, kc_sx_qnode_t *l,
                           kc_sx_qnode_t *r)
{
    kc_sx_qnode_t *n = apr_pcalloc(q->p, sizeof(*n));
    n->op = op;
    n->l = l;
    n->r = r;
    return n;
}

static kc_sx_qnode_t *parse_or(qparse_t *q);

/* An operand, a negation or a parenthesis. */
static kc_sx_qnode_t *parse_unary(qparse_t *q)
{
    skip_space(q);
    if (*q->s == '!') {
        q->s++;
        return node(q, Q_NOT, parse_unary(q), NULL);
    }
    if (*q->s == '(') {
        kc_sx_qnode_t *n;
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
        kc_sx_qnode_t *n = node(q, Q_VAL, NULL, NULL);
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
static kc_sx_qnode_t *parse_phrase(qparse_t *q)
{
    kc_sx_qnode_t *n = parse_unary(q);
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

static kc_sx_qnode_t *parse_and(qparse_t *q)
{
    kc_sx_qnode_t *n = parse_phrase(q);
    skip_space(q);
    while (*q->s == '&' && q->rv == APR_SUCCESS) {
        q->s++;
        n = node(q, Q_AND, n, parse_phrase(q));
        skip_space(q);
    }
    return n;
}

static kc_sx_qnode_t *parse_or(qparse_t *q)
{
    kc_sx_qnode_t *n = parse_and(q);
    skip_space(q);
    while (*q->s == '|' && q->rv == APR_SUCCESS) {
        q->s++;
        n = node(q, Q_OR, n, parse_and(q));
        skip_space(q);
    }
    return n;
}

apr_status_t kc_sx_parse_query(kc_sx_qnode_t **out,
                               apr_array_header_t *operands,
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
void kc_sx_sort_unique(apr_array_header_t *a)
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

/* ---- sets of slots ------------------------------------------------------ */

/* A changed record's part for lexeme lex, or -1 when it has none. */
int kc_sx_odoc_find(const kc_sx_odoc_t *o, const char *lex)
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
apr_size_t kc_sx_base_list(const kc_sx_base_t *b, const char *lex,
                           apr_size_t *n)
{
    const apr_uint32_t *num = apr_hash_get(b->lexicon, lex,
                                           APR_HASH_KEY_STRING);
    if (!num) {
        *n = 0;
        return 0;
    }
    *n = b->off[*num + 1] - b->off[*num];
    return b->off[*num];
}

static kc_sx_sset_t eval_val(const kc_sindex_t *ix, const char *lex,
                             apr_pool_t *p)
{
    const kc_sx_base_t *b = ix->base;
    apr_size_t n, at = kc_sx_base_list(b, lex, &n);
    kc_sx_sset_t s = { b->slot + at, n, 0 };
    apr_uint32_t *v = NULL;
    int i;

    for (i = 0; i < ix->nodocs; i++) {
        if (kc_sx_odoc_find(ix->odocs[i], lex) >= 0) {
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
static kc_sx_sset_t merge(kc_sx_sset_t a, kc_sx_sset_t b, int mode,
                          apr_pool_t *p)
{
    apr_uint32_t *v = apr_palloc(p, sizeof(*v) * (a.n + b.n + 1));
    apr_size_t i = 0, j = 0, n = 0;
    kc_sx_sset_t out = { v, 0, 0 };

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

static kc_sx_sset_t eval(const kc_sindex_t *ix, const kc_sx_qnode_t *q,
                         apr_pool_t *p)
{
    kc_sx_sset_t a, b, r;

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
kc_sx_sset_t kc_sx_matches(const kc_sindex_t *ix, const kc_sx_qnode_t *q,
                           apr_pool_t *p)
{
    kc_sx_sset_t s = eval(ix, q, p);
    apr_uint32_t all = (apr_uint32_t)(ix->base->ndocs + ix->nodocs), k;
    apr_uint32_t *v = apr_palloc(p, sizeof(*v) * (s.neg ? all + 1 : s.n + 1));
    apr_size_t i = 0, n = 0;
    kc_sx_sset_t out = { v, 0, 0 };

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
