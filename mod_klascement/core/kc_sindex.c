/*
 * kc_sindex.c -- building the in-memory search index and deriving changed
 * copies of it (kc_sindex.h). Matching and ranking: kc_sindex_search.c.
 */
#include "kc_sindex_int.h"

#include <stdlib.h>
#include <string.h>

#include <apr_atomic.h>
#include <apr_strings.h>

/* ts_rank's default weights, indexed by the weight's code (D, C, B, A). */
static const float weights[4] = { 0.1f, 0.2f, 0.4f, 1.0f };

float kc_sx_contribution(const unsigned char *w, int n)
{
    float resj = 0.0f, wjm = -1.0f;
    int j, jm = 0;

    for (j = 0; j < n; j++) {
        float wv = weights[w[j] & 3];
        resj = resj + wv / ((j + 1) * (j + 1));
        if (wv > wjm) {
            wjm = wv;
            jm = j;
        }
    }
    return wjm + resj - wjm / ((jm + 1) * (jm + 1));
}

/* ---- reading PostgreSQL's text forms ------------------------------------ */

/* One quoted lexeme at *s ('it''s', a backslash escapes): its text. */
static const char *read_quoted(const char **s, apr_pool_t *p)
{
    const char *in = *s + 1;
    char *out = apr_palloc(p, strlen(*s) + 1), *o = out;

    for (;;) {
        if (!*in) {
            return NULL;
        }
        if (*in == '\\' && in[1]) {
            *o++ = in[1];
            in += 2;
        }
        else if (*in == '\'' && in[1] == '\'') {
            *o++ = '\'';
            in += 2;
        }
        else if (*in == '\'') {
            break;
        }
        else {
            *o++ = *in++;
        }
    }
    *o = '\0';
    *s = in + 1;
    return o == out ? NULL : out;
}

typedef struct {
    const char *lex;
    float c;
} kc_sx_entry_t;

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const kc_sx_entry_t *)a)->lex,
                  ((const kc_sx_entry_t *)b)->lex);
}

apr_status_t kc_sx_parse_vector(const char ***lex, float **c, int *n,
                                const char *s, apr_pool_t *p)
{
    apr_array_header_t *e = apr_array_make(p, 32, sizeof(kc_sx_entry_t));
    unsigned char w[256];
    int i;

    while (s && *s) {
        kc_sx_entry_t *x;
        int nw = 0;
        if (*s == ' ') {
            s++;
            continue;
        }
        if (*s != '\'') {
            return APR_EINVAL;
        }
        x = apr_array_push(e);
        if (!(x->lex = read_quoted(&s, p))) {
            return APR_EINVAL;
        }
        if (*s == ':') {
            do {
                s++;
                if (*s < '0' || *s > '9') {
                    return APR_EINVAL;
                }
                while (*s >= '0' && *s <= '9') {
                    s++;
                }
                if (nw == (int)sizeof(w)) {
                    return APR_EINVAL;       /* PostgreSQL keeps 256 */
                }
                w[nw] = 0;
                if (*s >= 'A' && *s <= 'D') {
                    w[nw] = (unsigned char)('D' - *s);
                    s++;
                }
                nw++;
            } while (*s == ',');
        }
        else {
            w[nw++] = 0;         /* no position: ranked as one at weight D */
        }
        if (*s && *s != ' ') {
            return APR_EINVAL;
        }
        x->c = kc_sx_contribution(w, nw);
    }
    qsort(e->elts, e->nelts, sizeof(kc_sx_entry_t), entry_cmp);
    *n = e->nelts;
    *lex = apr_palloc(p, sizeof(char *) * (e->nelts + 1));
    *c = apr_palloc(p, sizeof(float) * (e->nelts + 1));
    for (i = 0; i < e->nelts; i++) {
        const kc_sx_entry_t *x = &APR_ARRAY_IDX(e, i, kc_sx_entry_t);
        if (i > 0 && strcmp(x->lex, (*lex)[i - 1]) == 0) {
            return APR_EINVAL;       /* a vector's lexemes are unique */
        }
        (*lex)[i] = x->lex;
        (*c)[i] = x->c;
    }
    return APR_SUCCESS;
}

/* ---- the index ---------------------------------------------------------- */

static void *grow(void *v, apr_size_t *alloc, apr_size_t need, apr_size_t size)
{
    if (need > *alloc) {
        apr_size_t n = *alloc ? *alloc * 2 : 1024;
        while (n < need) {
            n *= 2;
        }
        v = realloc(v, n * size);
        if (!v) {
            abort();                 /* as an apr pool does */
        }
        *alloc = n;
    }
    return v;
}

static apr_status_t base_cleanup(void *data)
{
    kc_sx_base_t *b = data;
    free(b->docs);
    free(b->ints);
    free(b->elex);
    free(b->ec);
    free(b->off);
    free(b->slot);
    free(b->c);
    return APR_SUCCESS;
}

static apr_pool_t *own_pool(void)
{
    apr_pool_t *p = NULL;
    return apr_pool_create_unmanaged_ex(&p, NULL, NULL) == APR_SUCCESS
        ? p : NULL;
}

kc_sindex_t *kc_sindex_create(void)
{
    apr_pool_t *p = own_pool(), *bp = own_pool();
    kc_sindex_t *ix;
    kc_sx_base_t *b;

    if (!p || !bp) {
        if (p) {
            apr_pool_destroy(p);
        }
        if (bp) {
            apr_pool_destroy(bp);
        }
        return NULL;
    }
    ix = apr_pcalloc(p, sizeof(*ix));
    ix->pool = p;
    b = ix->base = apr_pcalloc(bp, sizeof(*b));
    b->pool = bp;
    b->refs = 1;
    b->lexicon = apr_hash_make(bp);
    b->termv = apr_palloc(bp, sizeof(kc_sx_term_t *) * KC_SX_NOTERM);
    b->terms = apr_hash_make(bp);
    b->term_codes = apr_hash_make(bp);
    apr_pool_cleanup_register(bp, b, base_cleanup, apr_pool_cleanup_null);
    return ix;
}

const char *const kc_sx_facets[KC_SX__N] = { "kind", "subject", "level",
                                              "language", "licence" };

apr_status_t kc_sindex_term(kc_sindex_t *ix, const char *facet,
                            const char *key, const char *code,
                            const char *name_be, const char *name_nl,
                            const char *name_en, const char *position)
{
    kc_sx_base_t *b = ix->base;
    kc_sx_term_t *t;
    int f;

    for (f = 0; f < KC_SX__N
                && strcmp(kc_sx_facets[f], facet ? facet : ""); f++) {
    }
    if (f == KC_SX__N || !key || !code || b->ndocs > 0
        || b->nterms == (int)KC_SX_NOTERM) {
        return APR_EINVAL;
    }
    t = apr_pcalloc(b->pool, sizeof(*t));
    t->facet = f;
    t->num = (apr_uint16_t)b->nterms;
    t->code = apr_pstrdup(b->pool, code);
    t->name[0] = name_be ? apr_pstrdup(b->pool, name_be) : NULL;
    t->name[1] = name_nl ? apr_pstrdup(b->pool, name_nl) : NULL;
    t->name[2] = name_en ? apr_pstrdup(b->pool, name_en) : NULL;
    t->has_position = position != NULL;
    t->position = position ? atoi(position) : 0;
    b->termv[b->nterms++] = t;
    apr_hash_set(b->terms, apr_pstrcat(b->pool, facet, "\x1f", key, NULL),
                 APR_HASH_KEY_STRING, t);
    apr_hash_set(b->term_codes, apr_pstrcat(b->pool, facet, "\x1f", code, NULL),
                 APR_HASH_KEY_STRING, t);
    return APR_SUCCESS;
}

/* The number of facet's term with this key (its code, or for subjects
 * and levels its id), NOTERM when the vocabularies have none. */
static apr_uint16_t term_of(const kc_sx_base_t *b, int facet, const char *key,
                            apr_pool_t *p)
{
    const kc_sx_term_t *t;
    if (!key) {
        return KC_SX_NOTERM;
    }
    t = apr_hash_get(b->terms, apr_pstrcat(p, kc_sx_facets[facet], "\x1f",
                                           key, NULL), APR_HASH_KEY_STRING);
    return t ? t->num : KC_SX_NOTERM;
}

/* An int[]'s text ({1,5}) into the numbers of facet's terms with those
 * ids (an id no term has is left out, as the statements' joins do). */
static apr_status_t parse_terms(apr_array_header_t *out, const kc_sx_base_t *b,
                                int facet, const char *s, apr_pool_t *p)
{
    if (!s) {
        return APR_SUCCESS;
    }
    if (*s++ != '{') {
        return APR_EINVAL;
    }
    while (*s && *s != '}') {
        char *end;
        long v = strtol(s, &end, 10);
        apr_uint16_t t;
        if (end == s) {
            return APR_EINVAL;
        }
        t = term_of(b, facet, apr_ltoa(p, v), p);
        if (t != KC_SX_NOTERM) {
            APR_ARRAY_PUSH(out, int) = t;
        }
        s = end;
        if (*s == ',') {
            s++;
        }
    }
    return *s == '}' ? APR_SUCCESS : APR_EINVAL;
}

/* The filter and order fields of d; its subjects and levels into ints. */
static apr_status_t read_doc(kc_sx_doc_t *x, apr_array_header_t *ints,
                             const kc_sindex_t *ix, const kc_sindex_doc_t *d)
{
    const kc_sx_base_t *b = ix->base;
    apr_pool_t *p = ints->pool;

    memset(x, 0, sizeof(*x));
    x->id = d->id;
    if (d->published) {
        x->has_published = 1;
        x->published = apr_atoi64(d->published);
    }
    if (d->rating_count != 0) {
        x->has_rating = 1;
        x->rating = (double)d->rating_sum / (double)d->rating_count;
    }
    x->kind = term_of(b, KC_SX_KIND, d->kind, p);
    x->lang = term_of(b, KC_SX_LANG, d->language, p);
    x->lic = term_of(b, KC_SX_LIC, d->licence, p);
    x->subj = ints->nelts;
    if (parse_terms(ints, b, KC_SX_SUBJ, d->subjects, p) != APR_SUCCESS) {
        return APR_EINVAL;
    }
    x->nsubj = ints->nelts - x->subj;
    x->lvl = ints->nelts;
    if (parse_terms(ints, b, KC_SX_LVL, d->levels, p) != APR_SUCCESS) {
        return APR_EINVAL;
    }
    x->nlvl = ints->nelts - x->lvl;
    return APR_SUCCESS;
}

apr_status_t kc_sindex_add(kc_sindex_t *ix, const kc_sindex_doc_t *d)
{
    kc_sx_base_t *b = ix->base;
    apr_pool_t *tmp;
    apr_array_header_t *ints;
    const char **lex;
    float *c;
    kc_sx_doc_t x;
    int n, i;
    apr_status_t rv;

    if (b->sealed || (b->ndocs > 0 && b->docs[b->ndocs - 1].id >= d->id)) {
        return APR_EGENERAL;
    }
    apr_pool_create(&tmp, ix->pool);
    ints = apr_array_make(tmp, 8, sizeof(int));
    rv = read_doc(&x, ints, ix, d);
    if (rv == APR_SUCCESS) {
        rv = kc_sx_parse_vector(&lex, &c, &n, d->vector, tmp);
    }
    if (rv != APR_SUCCESS) {
        apr_pool_destroy(tmp);
        return rv;
    }
    /* subjects and levels: offsets into the base's ints */
    b->ints = grow(b->ints, &b->aints, b->nints + ints->nelts + 1, sizeof(int));
    if (ints->nelts > 0) {
        memcpy(b->ints + b->nints, ints->elts, sizeof(int) * ints->nelts);
    }
    x.subj += (apr_uint32_t)b->nints;
    x.lvl += (apr_uint32_t)b->nints;
    b->nints += ints->nelts;
    b->elex = grow(b->elex, &b->aentries, b->nentries + n + 1,
                   sizeof(apr_uint32_t));
    b->ec = realloc(b->ec, b->aentries * sizeof(float));
    if (!b->ec) {
        abort();
    }
    for (i = 0; i < n; i++) {
        apr_uint32_t *num = apr_hash_get(b->lexicon, lex[i],
                                         APR_HASH_KEY_STRING);
        if (!num) {
            num = apr_palloc(b->pool, sizeof(*num));
            *num = b->nlex++;
            apr_hash_set(b->lexicon, apr_pstrdup(b->pool, lex[i]),
                         APR_HASH_KEY_STRING, num);
        }
        b->elex[b->nentries] = *num;
        b->ec[b->nentries++] = c[i];
    }
    /* the end of a record's lexemes */
    b->elex[b->nentries] = (apr_uint32_t)-1;
    b->ec[b->nentries++] = 0.0f;
    {
        apr_size_t ad = (apr_size_t)b->adocs;
        b->docs = grow(b->docs, &ad, (apr_size_t)b->ndocs + 1,
                       sizeof(kc_sx_doc_t));
        b->adocs = (int)ad;
    }
    b->docs[b->ndocs++] = x;
    ix->size++;
    apr_pool_destroy(tmp);
    return APR_SUCCESS;
}

void kc_sindex_seal(kc_sindex_t *ix)
{
    kc_sx_base_t *b = ix->base;
    apr_size_t i, *fill;
    apr_uint32_t doc = 0;

    if (b->sealed) {
        return;
    }
    b->off = calloc(b->nlex + 1, sizeof(apr_size_t));
    fill = calloc(b->nlex + 1, sizeof(apr_size_t));
    if (!b->off || !fill) {
        abort();
    }
    for (i = 0; i < b->nentries; i++) {
        if (b->elex[i] != (apr_uint32_t)-1) {
            b->off[b->elex[i] + 1]++;
        }
    }
    for (i = 1; i <= b->nlex; i++) {
        b->off[i] += b->off[i - 1];
    }
    b->slot = malloc(sizeof(apr_uint32_t) * (b->off[b->nlex] + 1));
    b->c = malloc(sizeof(float) * (b->off[b->nlex] + 1));
    if (!b->slot || !b->c) {
        abort();
    }
    /* records in slot order: each list comes out sorted */
    for (i = 0; i < b->nentries; i++) {
        apr_uint32_t l = b->elex[i];
        if (l == (apr_uint32_t)-1) {
            doc++;
            continue;
        }
        b->slot[b->off[l] + fill[l]] = doc;
        b->c[b->off[l] + fill[l]] = b->ec[i];
        fill[l]++;
    }
    free(fill);
    free(b->elex);
    free(b->ec);
    b->elex = NULL;
    b->ec = NULL;
    b->bytes = sizeof(kc_sx_doc_t) * b->ndocs + sizeof(int) * b->nints
        + sizeof(apr_size_t) * (b->nlex + 1)
        + (sizeof(apr_uint32_t) + sizeof(float)) * b->off[b->nlex]
        + (apr_size_t)b->nlex * 48;       /* the lexicon, roughly */
    b->sealed = 1;
}

int kc_sx_find_slot(const kc_sx_base_t *b, apr_int64_t id)
{
    int lo = 0, hi = b->ndocs;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (b->docs[mid].id < id) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return lo < b->ndocs && b->docs[lo].id == id ? lo : -1;
}

kc_sindex_t *kc_sindex_derive(const kc_sindex_t *from)
{
    apr_pool_t *p = own_pool();
    kc_sindex_t *ix;
    int i;

    if (!p) {
        return NULL;
    }
    ix = apr_pcalloc(p, sizeof(*ix));
    ix->pool = p;
    ix->base = from->base;
    apr_atomic_inc32(&ix->base->refs);
    ix->dead = apr_pcalloc(p, ix->base->ndocs / 8 + 1);
    if (from->dead) {
        memcpy(ix->dead, from->dead, ix->base->ndocs / 8 + 1);
    }
    ix->aodocs = from->nodocs + 16;
    ix->odocs = apr_palloc(p, sizeof(kc_sx_odoc_t *) * ix->aodocs);
    /* the changed records' copies live in from's pool: copy them */
    for (i = 0; i < from->nodocs; i++) {
        const kc_sx_odoc_t *o = from->odocs[i];
        kc_sx_odoc_t *x = apr_pmemdup(p, o, sizeof(*o));
        int k;
        x->ints = apr_pmemdup(p, o->ints,
                              sizeof(int) * (o->d.nsubj + o->d.nlvl + 1));
        x->c = apr_pmemdup(p, o->c, sizeof(float) * (o->nlex + 1));
        x->lex = apr_palloc(p, sizeof(char *) * (o->nlex + 1));
        for (k = 0; k < o->nlex; k++) {
            x->lex[k] = apr_pstrdup(p, o->lex[k]);
        }
        ix->odocs[i] = x;
    }
    ix->nodocs = from->nodocs;
    ix->size = from->size;
    return ix;
}

/* Take id out of what the index finds (base slot or changed copy). */
static void forget(kc_sindex_t *ix, apr_int64_t id)
{
    int slot = kc_sx_find_slot(ix->base, id), i;

    if (slot >= 0 && !(ix->dead[slot / 8] & (1u << (slot % 8)))) {
        ix->dead[slot / 8] |= (unsigned char)(1u << (slot % 8));
        ix->size--;
    }
    for (i = 0; i < ix->nodocs; i++) {
        if (ix->odocs[i]->d.id == id) {
            memmove(ix->odocs + i, ix->odocs + i + 1,
                    sizeof(kc_sx_odoc_t *) * (ix->nodocs - i - 1));
            ix->nodocs--;
            ix->size--;
            return;
        }
    }
}

apr_status_t kc_sindex_put(kc_sindex_t *ix, const kc_sindex_doc_t *d)
{
    kc_sx_odoc_t *x;
    apr_array_header_t *ints;
    apr_status_t rv;

    if (!ix->dead) {
        return APR_EGENERAL;          /* only a derived index takes changes */
    }
    x = apr_pcalloc(ix->pool, sizeof(*x));
    ints = apr_array_make(ix->pool, 8, sizeof(int));
    rv = read_doc(&x->d, ints, ix, d);
    if (rv == APR_SUCCESS) {
        rv = kc_sx_parse_vector(&x->lex, (float **)&x->c, &x->nlex, d->vector,
                                ix->pool);
    }
    if (rv != APR_SUCCESS) {
        return rv;
    }
    APR_ARRAY_PUSH(ints, int) = 0;
    x->ints = (const int *)ints->elts;
    forget(ix, d->id);
    if (ix->nodocs == ix->aodocs) {
        kc_sx_odoc_t **n = apr_palloc(ix->pool, sizeof(*n) * ix->aodocs * 2);
        memcpy(n, ix->odocs, sizeof(*n) * ix->nodocs);
        ix->odocs = n;
        ix->aodocs *= 2;
    }
    ix->odocs[ix->nodocs++] = x;
    ix->size++;
    return APR_SUCCESS;
}

void kc_sindex_remove(kc_sindex_t *ix, apr_int64_t id)
{
    if (ix->dead) {
        forget(ix, id);
    }
}

int kc_sindex_changed(const kc_sindex_t *ix)
{
    return ix->nodocs;
}

apr_int64_t kc_sindex_size(const kc_sindex_t *ix)
{
    return ix->size;
}

apr_size_t kc_sindex_bytes(const kc_sindex_t *ix)
{
    return ix->base->bytes + (apr_size_t)ix->nodocs * 2048;
}

void kc_sindex_destroy(kc_sindex_t *ix)
{
    kc_sx_base_t *b;

    if (!ix) {
        return;
    }
    b = ix->base;
    apr_pool_destroy(ix->pool);
    if (apr_atomic_dec32(&b->refs) == 0) {
        apr_pool_destroy(b->pool);
    }
}
