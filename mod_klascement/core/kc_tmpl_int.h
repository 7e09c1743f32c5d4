/*
 * kc_tmpl_int.h -- private structures shared by kc_tmpl.c (parse, check,
 * load) and kc_tmpl_render.c (values, render). Not for use outside core/.
 */
#ifndef KC_TMPL_INT_H
#define KC_TMPL_INT_H

#include <apr_hash.h>
#include <apr_tables.h>

#include "kc_tmpl.h"

/* Bounds that keep a broken template set from exhausting the C stack. */
#define KC_TMPL_MAX_NEST     64   /* sections inside sections, per template */
#define KC_TMPL_MAX_INCLUDE  16   /* include chain depth at render time */
/* The site is Dutch-first: an unknown language gets Dutch when we have it. */
#define KC_TMPL_DEFAULT_LANG "nl"

/* ---- values ------------------------------------------------------------ */
typedef enum {
    KC_TV_STR,
    KC_TV_BOOL,
    KC_TV_DICT,
    KC_TV_LIST,
    KC_TV_JSON                  /* a finished kc_json document (u.s) */
} kc_tvtype_t;

typedef struct {
    kc_tvtype_t type;
    union {
        const char *s;
        int b;
        kc_tctx_t *d;
        kc_tlist_t *l;
    } u;
} kc_tval_t;

struct kc_tctx_t {
    apr_pool_t *p;
    apr_hash_t *h;              /* key -> kc_tval_t * */
};

struct kc_tlist_t {
    apr_pool_t *p;
    apr_array_header_t *items;  /* kc_tctx_t * */
};

/* ---- parsed templates -------------------------------------------------- */
typedef enum {
    KC_TN_TEXT,
    KC_TN_VAR,
    KC_TN_URLVAR,
    KC_TN_JSONVAR,
    KC_TN_MSG,
    KC_TN_SECTION,
    KC_TN_INVERTED,
    KC_TN_INCLUDE,
    KC_TN_INCLUDE_DYN
} kc_tntype_t;

/* A value name split at the dots once, so render never re-scans it. */
typedef struct {
    const char *full;
    int nseg;
    const char **seg;
    apr_size_t *seglen;
} kc_tname_t;

typedef struct kc_tnode_t kc_tnode_t;
struct kc_tnode_t {
    kc_tntype_t type;
    int line;
    /* TEXT: text is written as is; etext when rendering escaped. Only
     * message text differs (a template's text already is HTML). */
    const char *text;
    apr_size_t len;
    const char *etext;
    apr_size_t elen;
    const char *name;           /* MSG key, static INCLUDE target */
    kc_tname_t vname;           /* VAR URLVAR JSONVAR SECTION INVERTED
                                 * INCLUDE_DYN */
    kc_tnode_t *body;           /* SECTION, INVERTED */
    kc_tnode_t *next;
};

typedef struct {
    const char *name;
    const char *label;          /* what errors call it: name or file path */
    kc_tnode_t *root;
    apr_size_t srclen;          /* sizes the first render buffer */
} kc_tmpl_t;

typedef struct {
    const char *key;
    int line;
    kc_tnode_t *root;
} kc_tmsg_t;

typedef struct {
    const char *lang;
    const char *label;          /* "i18n/<lang>.txt" */
    apr_hash_t *msgs;           /* key -> kc_tmsg_t * */
    apr_array_header_t *keys;   /* const char *, file order */
} kc_tcat_t;

struct kc_tmpl_set_t {
    apr_pool_t *p;
    apr_hash_t *tmpls;          /* name -> kc_tmpl_t * */
    apr_array_header_t *order;  /* kc_tmpl_t *, so check() errors are stable */
    apr_hash_t *cats;           /* lang -> kc_tcat_t * */
    apr_array_header_t *cat_order;
    const kc_tcat_t *fallback;
};

/* kc_tmpl_set_add() with errors naming `label` (a file path) instead. */
apr_status_t kc_tmpl_set_add_labeled(kc_tmpl_set_t *set, const char *name,
                                     const char *label, const char *src,
                                     apr_size_t len, const char **err);

/* The catalogue used for lang (NULL or unknown -> fallback). */
const kc_tcat_t *kc_tmpl_pick_cat(const kc_tmpl_set_t *set, const char *lang);

#endif
