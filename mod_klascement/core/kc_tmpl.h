/*
 * kc_tmpl.h -- the template engine (APR only, no httpd headers).
 *
 * Templates are HTML files parsed once at start-up and rendered per request.
 * Every value written by a tag is escaped, for HTML (& < > " ') or, with
 * {{j:name}}, for JSON in a script element; there is no tag that writes
 * raw input.
 *
 * Syntax
 *   {{name}}          value, HTML-escaped. Dotted names (a.b) walk nested
 *                     dicts. Lookup starts in the innermost context and walks
 *                     outwards (mustache semantics). Missing -> "".
 *   {{u:name}}        value percent-encoded as a URL component (RFC 3986
 *                     unreserved chars kept), then HTML-escaped.
 *   {{j:name}}        value as a JSON string literal, quotes included, for
 *                     <script type="application/ld+json"> blocks: escaped
 *                     like kc_json_str() (" \ controls, < > & as \u003c
 *                     \u003e \u0026, U+2028/9, bad UTF-8 -> U+FFFD), so
 *                     "</script>" cannot occur, and NOT HTML-escaped (a
 *                     script element decodes no entities). A bool writes
 *                     true/false; a JSON document (kc_tctx_set_json)
 *                     is written as it is; missing, a dict or a list
 *                     writes null.
 *                     Not allowed in a message. Only for script elements:
 *                     elsewhere its \" would end an HTML attribute.
 *   {{t:key}}         message `key` from the catalogue of the render language.
 *                     The message text may itself hold {{name}} / {{u:name}}
 *                     tags, rendered in the current context; its literal text
 *                     is HTML-escaped too.
 *   {{#name}}..{{/name}}  section: a list repeats the body once per item (the
 *                     item pushed as context); a dict renders once with the
 *                     dict pushed; a non-empty string or true renders once;
 *                     missing/false/""/empty list render nothing.
 *                     While a list repeats, each item's scope also holds
 *                     the bools _first (first item) and _last (last item),
 *                     looked up after the item's own keys; in nested lists
 *                     they belong to the innermost list. For JSON:
 *                     {{#l}}{{j:v}}{{^_last}},{{/_last}}{{/l}}
 *   {{^name}}..{{/name}}  inverted section: renders when the above would not.
 *   {{>path/name}}    include another template of the set (name = file path
 *                     under the template dir without ".html").
 *   {{>@name}}        include the template whose name is the value of `name`.
 *   {{!comment}}      nothing.
 *
 * Message catalogues: <dir>/i18n/<lang>.txt, UTF-8, lines "key = text";
 * blank lines and lines starting with '#' are ignored.
 */
#ifndef KC_TMPL_H
#define KC_TMPL_H

#include <apr_pools.h>
#include <apr_errno.h>

typedef struct kc_tctx_t kc_tctx_t;       /* a dict of values */
typedef struct kc_tlist_t kc_tlist_t;     /* a list of dicts */
typedef struct kc_tmpl_set_t kc_tmpl_set_t;

/* ---- values ------------------------------------------------------------ */
kc_tctx_t *kc_tctx_make(apr_pool_t *p);
/* Strings are not copied: they must live as long as the pool. NULL = unset. */
void kc_tctx_set(kc_tctx_t *c, const char *key, const char *value);
void kc_tctx_setf(kc_tctx_t *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void kc_tctx_set_int(kc_tctx_t *c, const char *key, long long value);
void kc_tctx_set_bool(kc_tctx_t *c, const char *key, int value);
/* The document of a JSON writer as a value that {{j:key}} writes whole
 * (for a JSON-LD script element); {{key}} writes nothing. Finishes j:
 * when kc_json_finish() fails, key is unset and its status returned. */
struct kc_json_t;
apr_status_t kc_tctx_set_json(kc_tctx_t *c, const char *key,
                              struct kc_json_t *j);
kc_tctx_t *kc_tctx_child(kc_tctx_t *c, const char *key);   /* new nested dict */
kc_tlist_t *kc_tctx_list(kc_tctx_t *c, const char *key);   /* new list */
kc_tctx_t *kc_tlist_push(kc_tlist_t *l);                    /* new item */
int kc_tlist_count(const kc_tlist_t *l);
/* The string value of `key` in c itself (no outward walk), or NULL. */
const char *kc_tctx_get(const kc_tctx_t *c, const char *key);

/* ---- template sets ----------------------------------------------------- */
apr_status_t kc_tmpl_set_create(kc_tmpl_set_t **out, apr_pool_t *p);
/* Parse one template. On a syntax error returns APR_EINVAL and sets *err to
 * "NAME:LINE: what is wrong". */
apr_status_t kc_tmpl_set_add(kc_tmpl_set_t *set, const char *name,
                             const char *src, apr_size_t len, const char **err);
/* Parse one message catalogue (the text of <lang>.txt). Errors as above. */
apr_status_t kc_tmpl_set_add_catalogue(kc_tmpl_set_t *set, const char *lang,
                                       const char *src, apr_size_t len,
                                       const char **err);
/* Check the whole set: every static include exists, every {{t:key}} used by
 * a template exists in every catalogue, every catalogue has the same keys.
 * Errors as above (naming template and line, or catalogue and key). */
apr_status_t kc_tmpl_set_check(const kc_tmpl_set_t *set, const char **err);
/* Load every *.html under dir (recursively) and dir/i18n/<lang>.txt, then
 * check. Needs at least one catalogue. Errors name the file (and line). */
apr_status_t kc_tmpl_set_load(kc_tmpl_set_t **out, apr_pool_t *p,
                              const char *dir, const char **err);
int kc_tmpl_set_has(const kc_tmpl_set_t *set, const char *name);
int kc_tmpl_set_has_lang(const kc_tmpl_set_t *set, const char *lang);

/* Render template `name` in language `lang` (an unknown lang falls back to
 * "nl" if loaded, else to the first catalogue loaded). The output is
 * NUL-terminated.
 * APR_NOTFOUND: no such template (also for a dynamic include). */
apr_status_t kc_tmpl_render(char **out, apr_size_t *outlen,
                            const kc_tmpl_set_t *set, const char *name,
                            const char *lang, const kc_tctx_t *ctx,
                            apr_pool_t *p);

/* Whether the catalogue `lang` renders in (with the fallback above) has
 * message `key`: for C code that shows a message only if it exists. */
int kc_tmpl_has_msg(const kc_tmpl_set_t *set, const char *lang,
                    const char *key);

/* A message as plain text (values and literal text NOT escaped), for C code
 * that puts it into a context value or a header. Missing key -> the key. */
const char *kc_tmpl_msg(const kc_tmpl_set_t *set, const char *lang,
                        const char *key, const kc_tctx_t *ctx, apr_pool_t *p);

#endif
