/*
 * kc_sindex_int.h -- what kc_sindex.c (building, changes) and
 * kc_sindex_search.c (matching, ranking, facets) share.
 */
#ifndef KC_SINDEX_INT_H
#define KC_SINDEX_INT_H

#include "kc_sindex.h"

#include <apr_hash.h>

/* No term: a record's kind, language or licence the vocabularies lack. */
#define KC_SX_NOTERM 0xffffu

/* What a record is filtered, faceted and ordered by. Its kind, language
 * and licence, and its subjects and levels (in the ints of its owner),
 * are numbers of vocabulary terms (kc_sx_term_t.num). */
typedef struct {
    apr_int64_t id;
    apr_int64_t published;          /* valid when has_published */
    double rating;                  /* rating_sum / rating_count */
    unsigned char has_published, has_rating;
    apr_uint16_t kind, lang, lic;   /* terms, or NOTERM */
    apr_uint32_t subj, nsubj;       /* into the ints of its owner */
    apr_uint32_t lvl, nlvl;
} kc_sx_doc_t;

/* A record changed since the base was built: kept whole, searched one by
 * one (there are few). */
typedef struct {
    kc_sx_doc_t d;
    const int *ints;
    const char **lex;               /* its lexemes, sorted (strcmp) */
    const float *c;                 /* ts_rank's part of each (see below) */
    int nlex;
} kc_sx_odoc_t;

/* A vocabulary term (kc_sindex_term). */
typedef struct {
    int facet;                      /* KC_SX_KIND ... */
    apr_uint16_t num;               /* its place in the base's termv */
    const char *code;
    const char *name[3];            /* be, nl, en */
    int position, has_position;
} kc_sx_term_t;

/* The sealed part: shared by every index derived from it. */
typedef struct {
    apr_pool_t *pool;
    volatile apr_uint32_t refs;
    kc_sx_doc_t *docs;              /* slots, ids ascending */
    int ndocs, adocs;
    int *ints;
    apr_size_t nints, aints;
    apr_hash_t *lexicon;            /* lexeme -> apr_uint32_t * (its number) */
    apr_uint32_t nlex;
    /* while building: each record's lexemes in turn */
    apr_uint32_t *elex;
    float *ec;
    apr_size_t nentries, aentries;
    /* sealed: the records of lexeme L are slot[off[L] .. off[L + 1]) */
    apr_size_t *off;
    apr_uint32_t *slot;
    float *c;
    int sealed;
    apr_size_t bytes;
    kc_sx_term_t **termv;           /* by number */
    int nterms;
    apr_hash_t *terms;              /* "facet US key" -> kc_sx_term_t */
    apr_hash_t *term_codes;         /* "facet US code" -> kc_sx_term_t */
} kc_sx_base_t;

enum { KC_SX_KIND, KC_SX_SUBJ, KC_SX_LVL, KC_SX_LANG, KC_SX_LIC, KC_SX__N };
extern const char *const kc_sx_facets[KC_SX__N];

struct kc_sindex_t {
    apr_pool_t *pool;
    kc_sx_base_t *base;
    unsigned char *dead;            /* base slots changed since (bitmap) */
    kc_sx_odoc_t **odocs;           /* the changed records, published */
    int nodocs, aodocs;
    apr_int64_t size;
};

/* The part one lexeme with these weights (0 = D ... 3 = A, in position
 * order) adds to ts_rank's sum before its division by pi^2/6, computed as
 * PostgreSQL's calc_rank_or() does, in float. */
float kc_sx_contribution(const unsigned char *weights, int n);

/* A tsvector's text read into sorted lexemes and their contributions. */
apr_status_t kc_sx_parse_vector(const char ***lex, float **c, int *n,
                                const char *text, apr_pool_t *p);

/* ---- kc_sindex_query.c: the match ---- */
typedef struct kc_sx_qnode_t kc_sx_qnode_t;

/* Sorted slots (base records first, then the changed ones), or all but
 * those when neg. */
typedef struct {
    const apr_uint32_t *v;
    apr_size_t n;
    int neg;
} kc_sx_sset_t;

/* A query's text into a tree; every operand's lexeme pushed on operands.
 * APR_ENOTIMPL: a phrase, a prefix, a weight or nothing; APR_EINVAL. */
apr_status_t kc_sx_parse_query(kc_sx_qnode_t **out,
                               apr_array_header_t *operands,
                               const char *text, apr_pool_t *p);
/* Sort and deduplicate lexemes (const char *) in byte order. */
void kc_sx_sort_unique(apr_array_header_t *a);
/* The slots the query finds, the changed base records left out. */
kc_sx_sset_t kc_sx_matches(const kc_sindex_t *ix, const kc_sx_qnode_t *q,
                           apr_pool_t *p);
/* A changed record's entry for lex, or -1. */
int kc_sx_odoc_find(const kc_sx_odoc_t *o, const char *lex);
/* The posting list of lex in the base: *n slots from the returned index. */
apr_size_t kc_sx_base_list(const kc_sx_base_t *b, const char *lex,
                           apr_size_t *n);

/* The slot of id in the base, or -1. */
int kc_sx_find_slot(const kc_sx_base_t *b, apr_int64_t id);

#endif
