/*
 * kc_tmpl.c -- template sets: parsing templates and message catalogues,
 * and the start-up consistency check. Loading from disk is in
 * kc_tmpl_load.c, values and rendering in kc_tmpl_render.c.
 */
#include <stdarg.h>
#include <string.h>

#include <apr_strings.h>

#include "kc_escape.h"
#include "kc_tmpl_int.h"

typedef struct {
    apr_pool_t *p;
    const char *label;
    const char *pos;
    const char *end;
    int line;
    int in_msg;         /* parsing a catalogue message: no sections etc. */
    const char *err;
} kc_parser_t;

/* What one {{...}} holds once its sigil is taken off. */
typedef struct {
    char sigil;         /* 0 var, 'u' 'j' 't' '#' '^' '/' '>' '@' '!' */
    const char *name;
    int line;
} kc_tag_t;

static apr_status_t kc_perr(kc_parser_t *ps, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static apr_status_t kc_perr(kc_parser_t *ps, int line, const char *fmt, ...)
{
    va_list ap;
    const char *msg;

    va_start(ap, fmt);
    msg = apr_pvsprintf(ps->p, fmt, ap);
    va_end(ap);
    ps->err = apr_psprintf(ps->p, "%s:%d: %s", ps->label, line, msg);
    return APR_EINVAL;
}

static int kc_count_nl(const char *s, const char *e)
{
    int n = 0;

    while (s < e && (s = memchr(s, '\n', (apr_size_t)(e - s))) != NULL) {
        n++;
        s++;
    }
    return n;
}

/* First position of "cc" in [s, e), or NULL. */
static const char *kc_find2(const char *s, const char *e, char c)
{
    while (e - s >= 2) {
        const char *q = memchr(s, c, (apr_size_t)(e - s - 1));
        if (!q)
            return NULL;
        if (q[1] == c)
            return q;
        s = q + 1;
    }
    return NULL;
}

static int kc_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void kc_trim(const char **b, const char **e)
{
    while (*b < *e && kc_is_space(**b))
        (*b)++;
    while (*e > *b && kc_is_space((*e)[-1]))
        (*e)--;
}

static int kc_name_char(unsigned char c, int key_only)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')
        return 1;
    return !key_only && (c == ':' || c == '/' || c == '@');
}

/* Message keys are the narrower set: they also appear in catalogue files. */
static int kc_is_key(const char *b, const char *e)
{
    if (b == e)
        return 0;
    for (; b < e; b++)
        if (!kc_name_char((unsigned char)*b, 1))
            return 0;
    return 1;
}

/* Template text is trusted but may hold anything; keep errors one line. */
static const char *kc_printable(apr_pool_t *p, const char *b, const char *e)
{
    char *s = apr_pstrmemdup(p, b, (apr_size_t)(e - b)), *c;

    for (c = s; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    return s;
}

static apr_status_t kc_check_name(kc_parser_t *ps, kc_tag_t *tg,
                                  const char *b, const char *e)
{
    const char *c;
    int key_only = tg->sigil == 't';
    int dotted = tg->sigil != 't' && tg->sigil != '>';

    if (b == e)
        return kc_perr(ps, tg->line, "empty name in tag");
    for (c = b; c < e; c++) {
        unsigned char ch = (unsigned char)*c;
        if (kc_name_char(ch, key_only))
            continue;
        if (ch >= 0x20 && ch < 0x7f)
            return kc_perr(ps, tg->line, "bad character '%c' in name '%s'",
                           ch, kc_printable(ps->p, b, e));
        return kc_perr(ps, tg->line, "bad character 0x%02x in name '%s'",
                       ch, kc_printable(ps->p, b, e));
    }
    /* Value names are looked up part by part; an empty part never matches
     * and is always a typo. */
    if (dotted && (*b == '.' || e[-1] == '.' || kc_find2(b, e, '.')))
        return kc_perr(ps, tg->line, "empty part in dotted name '%s'",
                       kc_printable(ps->p, b, e));
    tg->name = apr_pstrmemdup(ps->p, b, (apr_size_t)(e - b));
    return APR_SUCCESS;
}

static apr_status_t kc_parse_tag(kc_parser_t *ps, kc_tag_t *tg)
{
    const char *b = ps->pos + 2, *e;

    tg->line = ps->line;
    tg->sigil = 0;
    tg->name = NULL;
    if (b < ps->end && *b == '{')
        return kc_perr(ps, tg->line,
                       "'{{{' is not supported: every value is escaped");
    e = kc_find2(b, ps->end, '}');
    if (!e)
        return kc_perr(ps, tg->line, "unclosed tag: '{{' without '}}'");
    ps->line += kc_count_nl(b, e);
    ps->pos = e + 2;

    kc_trim(&b, &e);
    if (b < e && *b && strchr("!#^/>", *b)) {
        tg->sigil = *b++;
        kc_trim(&b, &e);
        if (tg->sigil == '>' && b < e && *b == '@') {
            tg->sigil = '@';
            b++;
        }
    }
    else if (e - b >= 2 && b[1] == ':'
             && (b[0] == 't' || b[0] == 'u' || b[0] == 'j')) {
        tg->sigil = b[0];
        b += 2;
    }
    if (tg->sigil == '!')
        return APR_SUCCESS;
    kc_trim(&b, &e);
    /* {{j:}} is refused too: a message is HTML text (or, through
     * kc_tmpl_msg(), plain text), never a script element. */
    if (ps->in_msg && tg->sigil != 0 && tg->sigil != 'u')
        return kc_perr(ps, tg->line, "only {{name}} and {{u:name}} "
                       "may be used in a message");
    return kc_check_name(ps, tg, b, e);
}

static void kc_split_name(apr_pool_t *p, kc_tname_t *nm, const char *full)
{
    const char *s = full, *dot;
    int i = 0;

    nm->full = full;
    nm->nseg = 1;
    for (dot = full; (dot = strchr(dot, '.')) != NULL; dot++)
        nm->nseg++;
    nm->seg = apr_palloc(p, sizeof(*nm->seg) * (apr_size_t)nm->nseg);
    nm->seglen = apr_palloc(p, sizeof(*nm->seglen) * (apr_size_t)nm->nseg);
    for (;;) {
        dot = strchr(s, '.');
        nm->seglen[i] = dot ? (apr_size_t)(dot - s) : strlen(s);
        nm->seg[i] = apr_pstrmemdup(p, s, nm->seglen[i]);
        if (!dot)
            break;
        s = dot + 1;
        i++;
    }
}

static kc_tnode_t *kc_text_node(kc_parser_t *ps, const char *b, const char *e)
{
    kc_tnode_t *n = apr_pcalloc(ps->p, sizeof(*n));

    n->type = KC_TN_TEXT;
    n->line = ps->line;
    n->len = (apr_size_t)(e - b);
    n->text = apr_pstrmemdup(ps->p, b, n->len);
    n->etext = n->text;
    n->elen = n->len;
    if (ps->in_msg) {
        n->etext = kc_html_escape(ps->p, n->text);
        if (n->etext != n->text)
            n->elen = strlen(n->etext);
    }
    return n;
}

static kc_tnode_t *kc_tag_node(kc_parser_t *ps, const kc_tag_t *tg)
{
    kc_tnode_t *n = apr_pcalloc(ps->p, sizeof(*n));

    n->line = tg->line;
    switch (tg->sigil) {
    case 'u': n->type = KC_TN_URLVAR; break;
    case 'j': n->type = KC_TN_JSONVAR; break;
    case 't': n->type = KC_TN_MSG; break;
    case '#': n->type = KC_TN_SECTION; break;
    case '^': n->type = KC_TN_INVERTED; break;
    case '>': n->type = KC_TN_INCLUDE; break;
    case '@': n->type = KC_TN_INCLUDE_DYN; break;
    default: n->type = KC_TN_VAR; break;
    }
    if (n->type == KC_TN_MSG || n->type == KC_TN_INCLUDE)
        n->name = tg->name;
    else
        kc_split_name(ps->p, &n->vname, tg->name);
    return n;
}

static apr_status_t kc_close_tag(kc_parser_t *ps, const kc_tnode_t *open,
                                 const kc_tag_t *tg)
{
    if (!open)
        return kc_perr(ps, tg->line, "'{{/%s}}' closes no open section",
                       tg->name);
    if (strcmp(open->vname.full, tg->name) != 0)
        return kc_perr(ps, tg->line,
                       "'{{/%s}}' does not match '{{%c%s}}' on line %d",
                       tg->name, open->type == KC_TN_SECTION ? '#' : '^',
                       open->vname.full, open->line);
    return APR_SUCCESS;
}

/* Parses until the end of input (open == NULL) or until the tag closing
 * `open`. Recursion is bounded by KC_TMPL_MAX_NEST. */
static apr_status_t kc_parse_body(kc_parser_t *ps, const kc_tnode_t *open,
                                  int depth, kc_tnode_t **head)
{
    kc_tnode_t **tail = head;

    for (;;) {
        const char *tag = kc_find2(ps->pos, ps->end, '{');
        const char *stop = tag ? tag : ps->end;
        kc_tag_t tg = { 0 };
        kc_tnode_t *n;
        apr_status_t rv;

        if (stop > ps->pos) {
            *tail = kc_text_node(ps, ps->pos, stop);
            tail = &(*tail)->next;
            ps->line += kc_count_nl(ps->pos, stop);
            ps->pos = stop;
        }
        if (!tag) {
            if (open)
                return kc_perr(ps, open->line, "unclosed section '{{%c%s}}'",
                               open->type == KC_TN_SECTION ? '#' : '^',
                               open->vname.full);
            return APR_SUCCESS;
        }
        if ((rv = kc_parse_tag(ps, &tg)) != APR_SUCCESS)
            return rv;
        if (tg.sigil == '!')
            continue;
        if (tg.sigil == '/')
            return kc_close_tag(ps, open, &tg);

        n = kc_tag_node(ps, &tg);
        *tail = n;
        tail = &n->next;
        if (n->type != KC_TN_SECTION && n->type != KC_TN_INVERTED)
            continue;
        if (depth >= KC_TMPL_MAX_NEST)
            return kc_perr(ps, tg.line, "sections nested deeper than %d",
                           KC_TMPL_MAX_NEST);
        if ((rv = kc_parse_body(ps, n, depth + 1, &n->body)) != APR_SUCCESS)
            return rv;
    }
}

static apr_status_t kc_parse(apr_pool_t *p, const char *label, int line,
                             int in_msg, const char *src, apr_size_t len,
                             kc_tnode_t **root, const char **err)
{
    kc_parser_t ps;
    apr_status_t rv;

    memset(&ps, 0, sizeof(ps));
    ps.p = p;
    ps.label = label;
    ps.pos = src;
    ps.end = src + len;
    ps.line = line;
    ps.in_msg = in_msg;
    *root = NULL;
    rv = kc_parse_body(&ps, NULL, 0, root);
    if (rv != APR_SUCCESS)
        *err = ps.err;
    return rv;
}

/* ---- the set ----------------------------------------------------------- */

apr_status_t kc_tmpl_set_create(kc_tmpl_set_t **out, apr_pool_t *p)
{
    kc_tmpl_set_t *set = apr_pcalloc(p, sizeof(*set));

    set->p = p;
    set->tmpls = apr_hash_make(p);
    set->order = apr_array_make(p, 32, sizeof(kc_tmpl_t *));
    set->cats = apr_hash_make(p);
    set->cat_order = apr_array_make(p, 4, sizeof(kc_tcat_t *));
    *out = set;
    return APR_SUCCESS;
}

/* Also used by the loader, whose errors name the file rather than the
 * template. */
apr_status_t kc_tmpl_set_add_labeled(kc_tmpl_set_t *set, const char *name,
                                     const char *label, const char *src,
                                     apr_size_t len, const char **err)
{
    kc_tmpl_t *t;
    const char *ignored;
    apr_status_t rv;

    if (!err)
        err = &ignored;
    *err = NULL;
    if (!name || !*name || (!src && len)) {
        *err = "template without a name or source";
        return APR_EINVAL;
    }
    if (!src)
        src = "";
    if (apr_hash_get(set->tmpls, name, APR_HASH_KEY_STRING)) {
        *err = apr_psprintf(set->p, "%s: template '%s' defined twice",
                            label, name);
        return APR_EINVAL;
    }
    t = apr_pcalloc(set->p, sizeof(*t));
    t->name = apr_pstrdup(set->p, name);
    t->label = apr_pstrdup(set->p, label);
    t->srclen = len;
    rv = kc_parse(set->p, t->label, 1, 0, src, len, &t->root, err);
    if (rv != APR_SUCCESS)
        return rv;
    apr_hash_set(set->tmpls, t->name, APR_HASH_KEY_STRING, t);
    *(kc_tmpl_t **)apr_array_push(set->order) = t;
    return APR_SUCCESS;
}

apr_status_t kc_tmpl_set_add(kc_tmpl_set_t *set, const char *name,
                             const char *src, apr_size_t len, const char **err)
{
    return kc_tmpl_set_add_labeled(set, name, name, src, len, err);
}

int kc_tmpl_set_has(const kc_tmpl_set_t *set, const char *name)
{
    return set && name
        && apr_hash_get(set->tmpls, name, APR_HASH_KEY_STRING) != NULL;
}

int kc_tmpl_set_has_lang(const kc_tmpl_set_t *set, const char *lang)
{
    return set && lang
        && apr_hash_get(set->cats, lang, APR_HASH_KEY_STRING) != NULL;
}

const kc_tcat_t *kc_tmpl_pick_cat(const kc_tmpl_set_t *set, const char *lang)
{
    const kc_tcat_t *cat = NULL;

    if (lang)
        cat = apr_hash_get(set->cats, lang, APR_HASH_KEY_STRING);
    return cat ? cat : set->fallback;
}

int kc_tmpl_has_msg(const kc_tmpl_set_t *set, const char *lang,
                    const char *key)
{
    const kc_tcat_t *cat = set && key ? kc_tmpl_pick_cat(set, lang) : NULL;

    return cat && apr_hash_get(cat->msgs, key, APR_HASH_KEY_STRING) != NULL;
}

/* ---- catalogues -------------------------------------------------------- */

static apr_status_t kc_cat_line(kc_tmpl_set_t *set, kc_tcat_t *cat,
                                const char *b, const char *e, int line,
                                const char **err)
{
    const char *eq, *kb, *ke;
    kc_tmsg_t *m, *prev;

    kc_trim(&b, &e);
    if (b == e || *b == '#')
        return APR_SUCCESS;
    eq = memchr(b, '=', (apr_size_t)(e - b));
    if (!eq) {
        *err = apr_psprintf(set->p, "%s:%d: expected 'key = text'",
                            cat->label, line);
        return APR_EINVAL;
    }
    kb = b;
    ke = eq;
    kc_trim(&kb, &ke);
    if (!kc_is_key(kb, ke)) {
        *err = apr_psprintf(set->p, "%s:%d: bad message key '%s'", cat->label,
                            line, kc_printable(set->p, kb, ke));
        return APR_EINVAL;
    }
    m = apr_pcalloc(set->p, sizeof(*m));
    m->key = apr_pstrmemdup(set->p, kb, (apr_size_t)(ke - kb));
    m->line = line;
    prev = apr_hash_get(cat->msgs, m->key, APR_HASH_KEY_STRING);
    if (prev) {
        *err = apr_psprintf(set->p, "%s:%d: duplicate key '%s' "
                            "(first on line %d)", cat->label, line, m->key,
                            prev->line);
        return APR_EINVAL;
    }
    b = eq + 1;
    kc_trim(&b, &e);
    if (kc_parse(set->p, cat->label, line, 1, b, (apr_size_t)(e - b),
                 &m->root, err) != APR_SUCCESS)
        return APR_EINVAL;
    apr_hash_set(cat->msgs, m->key, APR_HASH_KEY_STRING, m);
    *(const char **)apr_array_push(cat->keys) = m->key;
    return APR_SUCCESS;
}

apr_status_t kc_tmpl_set_add_catalogue(kc_tmpl_set_t *set, const char *lang,
                                       const char *src, apr_size_t len,
                                       const char **err)
{
    const char *s, *end;
    kc_tcat_t *cat;
    const char *ignored;
    int line = 0;

    if (!err)
        err = &ignored;
    *err = NULL;
    if (!lang || !*lang || (!src && len)) {
        *err = "catalogue without a language or source";
        return APR_EINVAL;
    }
    if (!src)
        src = "";
    s = src;
    end = src + len;
    cat = apr_pcalloc(set->p, sizeof(*cat));
    cat->lang = apr_pstrdup(set->p, lang);
    cat->label = apr_pstrcat(set->p, "i18n/", lang, ".txt", NULL);
    if (apr_hash_get(set->cats, lang, APR_HASH_KEY_STRING)) {
        *err = apr_psprintf(set->p, "%s: catalogue '%s' loaded twice",
                            cat->label, lang);
        return APR_EINVAL;
    }
    cat->msgs = apr_hash_make(set->p);
    cat->keys = apr_array_make(set->p, 64, sizeof(const char *));
    /* Editors on some systems add a BOM; it would end up in the first key. */
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    while (s < end) {
        const char *nl = memchr(s, '\n', (apr_size_t)(end - s));
        const char *e = nl ? nl : end;
        if (kc_cat_line(set, cat, s, e, ++line, err) != APR_SUCCESS)
            return APR_EINVAL;
        s = nl ? nl + 1 : end;
    }
    apr_hash_set(set->cats, cat->lang, APR_HASH_KEY_STRING, cat);
    *(kc_tcat_t **)apr_array_push(set->cat_order) = cat;
    if (!set->fallback || strcmp(lang, KC_TMPL_DEFAULT_LANG) == 0)
        set->fallback = cat;
    return APR_SUCCESS;
}

/* ---- check ------------------------------------------------------------- */

static apr_status_t kc_check_msg(const kc_tmpl_set_t *set, const kc_tmpl_t *t,
                                 const kc_tnode_t *n, const char **err)
{
    int i;

    if (set->cat_order->nelts == 0) {
        *err = apr_psprintf(set->p, "%s:%d: message '%s' used but no "
                            "catalogue is loaded", t->label, n->line, n->name);
        return APR_EINVAL;
    }
    for (i = 0; i < set->cat_order->nelts; i++) {
        const kc_tcat_t *cat = APR_ARRAY_IDX(set->cat_order, i, kc_tcat_t *);
        if (!apr_hash_get(cat->msgs, n->name, APR_HASH_KEY_STRING)) {
            *err = apr_psprintf(set->p, "%s:%d: message '%s' missing in "
                                "catalogue '%s'", t->label, n->line, n->name,
                                cat->lang);
            return APR_EINVAL;
        }
    }
    return APR_SUCCESS;
}

static apr_status_t kc_check_nodes(const kc_tmpl_set_t *set,
                                   const kc_tmpl_t *t, const kc_tnode_t *n,
                                   const char **err)
{
    for (; n; n = n->next) {
        if (n->type == KC_TN_INCLUDE && !kc_tmpl_set_has(set, n->name)) {
            *err = apr_psprintf(set->p, "%s:%d: include of unknown "
                                "template '%s'", t->label, n->line, n->name);
            return APR_EINVAL;
        }
        if (n->type == KC_TN_MSG && kc_check_msg(set, t, n, err))
            return APR_EINVAL;
        if (n->body && kc_check_nodes(set, t, n->body, err))
            return APR_EINVAL;
    }
    return APR_SUCCESS;
}

/* Keys of `a` absent from `b`. */
static apr_status_t kc_check_keys(const kc_tmpl_set_t *set,
                                  const kc_tcat_t *a, const kc_tcat_t *b,
                                  const char **err)
{
    int i;

    for (i = 0; i < a->keys->nelts; i++) {
        const char *k = APR_ARRAY_IDX(a->keys, i, const char *);
        if (!apr_hash_get(b->msgs, k, APR_HASH_KEY_STRING)) {
            *err = apr_psprintf(set->p, "catalogue '%s' lacks key '%s' "
                                "(present in '%s')", b->lang, k, a->lang);
            return APR_EINVAL;
        }
    }
    return APR_SUCCESS;
}

apr_status_t kc_tmpl_set_check(const kc_tmpl_set_t *set, const char **err)
{
    const kc_tcat_t *first;
    const char *ignored;
    int i;

    if (!err)
        err = &ignored;
    *err = NULL;
    for (i = 0; i < set->order->nelts; i++) {
        const kc_tmpl_t *t = APR_ARRAY_IDX(set->order, i, kc_tmpl_t *);
        if (kc_check_nodes(set, t, t->root, err) != APR_SUCCESS)
            return APR_EINVAL;
    }
    /* Comparing each catalogue with the first both ways covers all pairs. */
    if (set->cat_order->nelts == 0)
        return APR_SUCCESS;
    first = APR_ARRAY_IDX(set->cat_order, 0, kc_tcat_t *);
    for (i = 1; i < set->cat_order->nelts; i++) {
        const kc_tcat_t *cat = APR_ARRAY_IDX(set->cat_order, i, kc_tcat_t *);
        if (kc_check_keys(set, first, cat, err) != APR_SUCCESS
            || kc_check_keys(set, cat, first, err) != APR_SUCCESS)
            return APR_EINVAL;
    }
    return APR_SUCCESS;
}
