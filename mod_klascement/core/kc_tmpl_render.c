/*
 * kc_tmpl_render.c -- template values and rendering.
 */
#include <stdarg.h>
#include <string.h>

#include <apr_strings.h>

#include "kc_escape.h"
#include "kc_json.h"
#include "kc_tmpl_int.h"

/* ---- values ------------------------------------------------------------ */

kc_tctx_t *kc_tctx_make(apr_pool_t *p)
{
    kc_tctx_t *c = apr_palloc(p, sizeof(*c));

    c->p = p;
    c->h = apr_hash_make(p);
    return c;
}

/* The slot for key, reused on a second set so replacing costs no lookup
 * of a new key copy. */
static kc_tval_t *kc_tctx_slot(kc_tctx_t *c, const char *key)
{
    kc_tval_t *v = apr_hash_get(c->h, key, APR_HASH_KEY_STRING);

    if (!v) {
        v = apr_palloc(c->p, sizeof(*v));
        /* Keys are often built on the fly; values are documented as
         * borrowed, keys are not. */
        apr_hash_set(c->h, apr_pstrdup(c->p, key), APR_HASH_KEY_STRING, v);
    }
    return v;
}

void kc_tctx_set(kc_tctx_t *c, const char *key, const char *value)
{
    kc_tval_t *v;

    if (!value) {
        apr_hash_set(c->h, key, APR_HASH_KEY_STRING, NULL);
        return;
    }
    v = kc_tctx_slot(c, key);
    v->type = KC_TV_STR;
    v->u.s = value;
}

void kc_tctx_setf(kc_tctx_t *c, const char *key, const char *fmt, ...)
{
    va_list ap;
    const char *s;

    va_start(ap, fmt);
    s = apr_pvsprintf(c->p, fmt, ap);
    va_end(ap);
    kc_tctx_set(c, key, s);
}

void kc_tctx_set_int(kc_tctx_t *c, const char *key, long long value)
{
    kc_tctx_set(c, key, apr_psprintf(c->p, "%" APR_INT64_T_FMT,
                                     (apr_int64_t)value));
}

apr_status_t kc_tctx_set_json(kc_tctx_t *c, const char *key, kc_json_t *j)
{
    const char *doc;
    kc_tval_t *v;
    apr_status_t rv = kc_json_finish(j, &doc, NULL);

    if (rv != APR_SUCCESS) {
        apr_hash_set(c->h, key, APR_HASH_KEY_STRING, NULL);
        return rv;
    }
    v = kc_tctx_slot(c, key);
    v->type = KC_TV_JSON;
    v->u.s = doc;
    return APR_SUCCESS;
}

void kc_tctx_set_bool(kc_tctx_t *c, const char *key, int value)
{
    kc_tval_t *v = kc_tctx_slot(c, key);

    v->type = KC_TV_BOOL;
    v->u.b = value != 0;
}

kc_tctx_t *kc_tctx_child(kc_tctx_t *c, const char *key)
{
    kc_tval_t *v = kc_tctx_slot(c, key);

    v->type = KC_TV_DICT;
    v->u.d = kc_tctx_make(c->p);
    return v->u.d;
}

kc_tlist_t *kc_tctx_list(kc_tctx_t *c, const char *key)
{
    kc_tval_t *v = kc_tctx_slot(c, key);
    kc_tlist_t *l = apr_palloc(c->p, sizeof(*l));

    l->p = c->p;
    l->items = apr_array_make(c->p, 8, sizeof(kc_tctx_t *));
    v->type = KC_TV_LIST;
    v->u.l = l;
    return l;
}

kc_tctx_t *kc_tlist_push(kc_tlist_t *l)
{
    kc_tctx_t *item = kc_tctx_make(l->p);

    *(kc_tctx_t **)apr_array_push(l->items) = item;
    return item;
}

int kc_tlist_count(const kc_tlist_t *l)
{
    return l ? l->items->nelts : 0;
}

const char *kc_tctx_get(const kc_tctx_t *c, const char *key)
{
    const kc_tval_t *v;

    if (!c || !key)
        return NULL;
    v = apr_hash_get(c->h, key, APR_HASH_KEY_STRING);
    return v && v->type == KC_TV_STR ? v->u.s : NULL;
}

/* ---- rendering --------------------------------------------------------- */

/* The loop variables _first and _last live in a context of their own,
 * pushed between a list section's surroundings and each item: the items
 * are the caller's (const, possibly rendered again) and stay untouched,
 * and an inner list's frame is popped with it, so its _last never shows
 * through in the outer item. */
typedef struct {
    kc_tctx_t ctx;
    kc_tval_t first;
    kc_tval_t last;
} kc_tloop_t;

typedef struct {
    char *buf;
    apr_size_t len;
    apr_size_t cap;
    apr_pool_t *p;
    const kc_tmpl_set_t *set;
    const kc_tcat_t *cat;
    apr_array_header_t *stack;  /* const kc_tctx_t *, innermost last */
    int esc;                    /* 0 only for kc_tmpl_msg() */
    int incl_depth;
    /* kc_tloop_t *, one per list nesting depth: a frame is only in use
     * while its list renders, so the next list at that depth reuses it
     * instead of building a hash per list. */
    apr_array_header_t *loops;
    int loop_depth;
    int failed;                 /* out of memory */
} kc_rstate_t;

static apr_status_t kc_render_nodes(kc_rstate_t *rs, const kc_tnode_t *n);

static void kc_rs_init(kc_rstate_t *rs, const kc_tmpl_set_t *set,
                       const char *lang, const kc_tctx_t *ctx,
                       apr_size_t hint, apr_pool_t *p)
{
    memset(rs, 0, sizeof(*rs));
    rs->p = p;
    rs->set = set;
    rs->cat = kc_tmpl_pick_cat(set, lang);
    rs->esc = 1;
    rs->stack = apr_array_make(p, 16, sizeof(const kc_tctx_t *));
    rs->loops = apr_array_make(p, 4, sizeof(kc_tloop_t *));
    if (ctx)
        *(const kc_tctx_t **)apr_array_push(rs->stack) = ctx;
    /* Pages are mostly their template's text: start near that size so a
     * typical render grows the buffer once or not at all. */
    if (hint > 1024 * 1024)
        hint = 1024 * 1024;
    rs->cap = hint + hint / 2 + 256;
    rs->buf = apr_palloc(p, rs->cap);
    rs->failed = rs->buf == NULL;
}

/* Doubling keeps appends amortised O(1); the old buffers stay in the pool
 * but add up to less than the final one. One byte is always left free for
 * the closing NUL. */
static void kc_put(kc_rstate_t *rs, const char *s, apr_size_t n)
{
    if (rs->failed || n == 0)
        return;
    if (n >= rs->cap - rs->len) {
        apr_size_t cap = rs->cap;
        char *nb;
        while (n >= cap - rs->len) {
            if (cap > APR_SIZE_MAX / 2) {
                rs->failed = 1;
                return;
            }
            cap *= 2;
        }
        if (!(nb = apr_palloc(rs->p, cap))) {
            rs->failed = 1;
            return;
        }
        memcpy(nb, rs->buf, rs->len);
        rs->buf = nb;
        rs->cap = cap;
    }
    memcpy(rs->buf + rs->len, s, n);
    rs->len += n;
}

static void kc_put_str(kc_rstate_t *rs, const char *s)
{
    if (rs->esc)
        s = kc_html_escape(rs->p, s);
    kc_put(rs, s, strlen(s));
}

/* Mustache lookup: the first part is searched from the innermost context
 * outwards, the rest only inside what that found. */
static const kc_tval_t *kc_lookup(const kc_rstate_t *rs, const kc_tname_t *nm)
{
    const kc_tctx_t *const *st = (const kc_tctx_t *const *)rs->stack->elts;
    const kc_tval_t *v = NULL;
    int i;

    for (i = rs->stack->nelts - 1; i >= 0 && !v; i--)
        v = apr_hash_get(st[i]->h, nm->seg[0], (apr_ssize_t)nm->seglen[0]);
    for (i = 1; v && i < nm->nseg; i++) {
        if (v->type != KC_TV_DICT)
            return NULL;
        v = apr_hash_get(v->u.d->h, nm->seg[i], (apr_ssize_t)nm->seglen[i]);
    }
    return v;
}

static int kc_truthy(const kc_tval_t *v)
{
    if (!v)
        return 0;
    switch (v->type) {
    case KC_TV_STR: return v->u.s[0] != '\0';
    case KC_TV_BOOL: return v->u.b;
    case KC_TV_DICT: return 1;
    case KC_TV_LIST: return v->u.l->items->nelts > 0;
    case KC_TV_JSON: return 1;
    }
    return 0;
}

static void kc_render_var(kc_rstate_t *rs, const kc_tnode_t *n)
{
    const kc_tval_t *v = kc_lookup(rs, &n->vname);

    /* Only strings print: a bool, dict or list is for sections. */
    if (!v || v->type != KC_TV_STR)
        return;
    if (n->type == KC_TN_URLVAR)
        kc_put_str(rs, kc_url_encode(rs->p, v->u.s));
    else
        kc_put_str(rs, v->u.s);
}

/* {{j:name}} is for JSON inside a script element, where the HTML parser
 * decodes no entities: HTML escaping would corrupt the value, and it is
 * the JSON escapes of < > & that keep "</script>" out. So no kc_put_str. */
static void kc_render_json(kc_rstate_t *rs, const kc_tnode_t *n)
{
    const kc_tval_t *v = kc_lookup(rs, &n->vname);
    const char *q;
    apr_size_t len = 0;

    if (v && v->type == KC_TV_BOOL) {
        kc_put(rs, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
        return;
    }
    /* A document of the JSON writer: already escaped for a script
     * element (kc_json.h), so written as it is. */
    if (v && v->type == KC_TV_JSON) {
        kc_put(rs, v->u.s, strlen(v->u.s));
        return;
    }
    q = kc_json_quote(rs->p, v && v->type == KC_TV_STR ? v->u.s : NULL,
                      &len);
    if (!q)
        rs->failed = 1;
    else
        kc_put(rs, q, len);
}

static apr_status_t kc_render_with(kc_rstate_t *rs, const kc_tctx_t *c,
                                   const kc_tnode_t *body)
{
    apr_status_t rv;

    *(const kc_tctx_t **)apr_array_push(rs->stack) = c;
    rv = kc_render_nodes(rs, body);
    rs->stack->nelts--;
    return rv;
}

static kc_tloop_t *kc_loop_frame(kc_rstate_t *rs)
{
    kc_tloop_t *lp;

    if (rs->loop_depth < rs->loops->nelts)
        return APR_ARRAY_IDX(rs->loops, rs->loop_depth, kc_tloop_t *);
    lp = apr_palloc(rs->p, sizeof(*lp));
    lp->ctx.p = rs->p;
    lp->ctx.h = apr_hash_make(rs->p);
    lp->first.type = KC_TV_BOOL;
    lp->last.type = KC_TV_BOOL;
    apr_hash_set(lp->ctx.h, "_first", APR_HASH_KEY_STRING, &lp->first);
    apr_hash_set(lp->ctx.h, "_last", APR_HASH_KEY_STRING, &lp->last);
    *(kc_tloop_t **)apr_array_push(rs->loops) = lp;
    return lp;
}

static apr_status_t kc_render_list(kc_rstate_t *rs, const kc_tlist_t *l,
                                   const kc_tnode_t *body)
{
    kc_tloop_t *lp = kc_loop_frame(rs);
    apr_status_t rv = APR_SUCCESS;
    int i, n = l->items->nelts;

    rs->loop_depth++;
    *(const kc_tctx_t **)apr_array_push(rs->stack) = &lp->ctx;
    for (i = 0; i < n && rv == APR_SUCCESS; i++) {
        lp->first.u.b = i == 0;
        lp->last.u.b = i == n - 1;
        rv = kc_render_with(rs, APR_ARRAY_IDX(l->items, i, kc_tctx_t *),
                            body);
    }
    rs->stack->nelts--;
    rs->loop_depth--;
    return rv;
}

static apr_status_t kc_render_section(kc_rstate_t *rs, const kc_tnode_t *n)
{
    const kc_tval_t *v = kc_lookup(rs, &n->vname);

    if (n->type == KC_TN_INVERTED)
        return kc_truthy(v) ? APR_SUCCESS : kc_render_nodes(rs, n->body);
    if (!kc_truthy(v))
        return APR_SUCCESS;
    if (v->type == KC_TV_DICT)
        return kc_render_with(rs, v->u.d, n->body);
    if (v->type != KC_TV_LIST)
        return kc_render_nodes(rs, n->body);
    return kc_render_list(rs, v->u.l, n->body);
}

static apr_status_t kc_render_include(kc_rstate_t *rs, const char *name)
{
    const kc_tmpl_t *t;
    apr_status_t rv;

    t = name ? apr_hash_get(rs->set->tmpls, name, APR_HASH_KEY_STRING) : NULL;
    if (!t)
        return APR_NOTFOUND;
    /* A template that includes itself, directly or not, ends here. */
    if (rs->incl_depth >= KC_TMPL_MAX_INCLUDE)
        return APR_EINVAL;
    rs->incl_depth++;
    rv = kc_render_nodes(rs, t->root);
    rs->incl_depth--;
    return rv;
}

static void kc_render_msg(kc_rstate_t *rs, const kc_tnode_t *n)
{
    const kc_tmsg_t *m = NULL;

    if (rs->cat)
        m = apr_hash_get(rs->cat->msgs, n->name, APR_HASH_KEY_STRING);
    /* Messages hold no sections or includes, so this cannot fail or
     * recurse further. */
    if (m)
        kc_render_nodes(rs, m->root);
    else
        kc_put_str(rs, n->name);
}

static apr_status_t kc_render_nodes(kc_rstate_t *rs, const kc_tnode_t *n)
{
    apr_status_t rv = APR_SUCCESS;

    for (; n && rv == APR_SUCCESS; n = n->next) {
        switch (n->type) {
        case KC_TN_TEXT:
            if (rs->esc)
                kc_put(rs, n->etext, n->elen);
            else
                kc_put(rs, n->text, n->len);
            break;
        case KC_TN_VAR:
        case KC_TN_URLVAR:
            kc_render_var(rs, n);
            break;
        case KC_TN_JSONVAR:
            kc_render_json(rs, n);
            break;
        case KC_TN_MSG:
            kc_render_msg(rs, n);
            break;
        case KC_TN_SECTION:
        case KC_TN_INVERTED:
            rv = kc_render_section(rs, n);
            break;
        case KC_TN_INCLUDE:
            rv = kc_render_include(rs, n->name);
            break;
        case KC_TN_INCLUDE_DYN: {
            const kc_tval_t *v = kc_lookup(rs, &n->vname);
            rv = kc_render_include(rs, v && v->type == KC_TV_STR
                                       ? v->u.s : NULL);
            break;
        }
        }
    }
    if (rv == APR_SUCCESS && rs->failed)
        rv = APR_ENOMEM;
    return rv;
}

apr_status_t kc_tmpl_render(char **out, apr_size_t *outlen,
                            const kc_tmpl_set_t *set, const char *name,
                            const char *lang, const kc_tctx_t *ctx,
                            apr_pool_t *p)
{
    const kc_tmpl_t *t;
    kc_rstate_t rs;
    apr_status_t rv;

    *out = NULL;
    if (outlen)
        *outlen = 0;
    t = name ? apr_hash_get(set->tmpls, name, APR_HASH_KEY_STRING) : NULL;
    if (!t)
        return APR_NOTFOUND;
    kc_rs_init(&rs, set, lang, ctx, t->srclen, p);
    rv = kc_render_nodes(&rs, t->root);
    if (rv != APR_SUCCESS)
        return rv;
    rs.buf[rs.len] = '\0';   /* kc_put always leaves room for it */
    *out = rs.buf;
    if (outlen)
        *outlen = rs.len;
    return APR_SUCCESS;
}

const char *kc_tmpl_msg(const kc_tmpl_set_t *set, const char *lang,
                        const char *key, const kc_tctx_t *ctx, apr_pool_t *p)
{
    const kc_tcat_t *cat;
    const kc_tmsg_t *m = NULL;
    kc_rstate_t rs;

    if (!key)
        return "";
    cat = set ? kc_tmpl_pick_cat(set, lang) : NULL;
    if (cat)
        m = apr_hash_get(cat->msgs, key, APR_HASH_KEY_STRING);
    if (!m)
        return key;
    kc_rs_init(&rs, set, lang, ctx, 64, p);
    rs.esc = 0;
    if (kc_render_nodes(&rs, m->root) != APR_SUCCESS)
        return key;
    rs.buf[rs.len] = '\0';
    return rs.buf;
}
