/*
 * kc_tmpl_load.c -- building a template set from a directory tree.
 */
#include <stdlib.h>
#include <string.h>

#include <apr_file_info.h>
#include <apr_file_io.h>
#include <apr_strings.h>

#include "kc_tmpl_int.h"

/* A symlink loop would otherwise recurse until the stack runs out. */
#define KC_TMPL_MAX_DIR_DEPTH 16
/* Templates and catalogues are small; anything this big is a mistake. */
#define KC_TMPL_MAX_FILE (16 * 1024 * 1024)

typedef struct {
    const char *name;
    apr_filetype_e type;
} kc_dirent_t;

typedef struct {
    kc_tmpl_set_t *set;
    apr_pool_t *p;          /* for error messages: outlives the load */
    apr_pool_t *tp;         /* file contents and paths: freed after load */
    const char *dir;
    const char **err;
} kc_loader_t;

static apr_status_t kc_lerr(kc_loader_t *ld, const char *rel,
                            const char *what, apr_status_t rv)
{
    char buf[256];

    if (rv == APR_SUCCESS) {
        *ld->err = apr_psprintf(ld->p, "%s: %s", rel, what);
        return APR_EINVAL;
    }
    apr_strerror(rv, buf, sizeof(buf));
    *ld->err = apr_psprintf(ld->p, "%s: %s: %s", rel, what, buf);
    return rv;
}

static int kc_ends_with(const char *s, const char *suffix)
{
    apr_size_t n = strlen(s), m = strlen(suffix);

    return n > m && memcmp(s + n - m, suffix, m) == 0;
}

static int kc_dirent_cmp(const void *a, const void *b)
{
    return strcmp(((const kc_dirent_t *)a)->name,
                  ((const kc_dirent_t *)b)->name);
}

/* Entries of one directory without dot-files, symlinks resolved, sorted so
 * that loading (and so the fallback catalogue and error order) does not
 * depend on the file system's order. */
static apr_status_t kc_list_dir(apr_pool_t *tp, const char *path,
                                apr_array_header_t **out)
{
    apr_array_header_t *ents = apr_array_make(tp, 16, sizeof(kc_dirent_t));
    apr_finfo_t fi;
    apr_dir_t *d;
    apr_status_t rv;

    if ((rv = apr_dir_open(&d, path, tp)) != APR_SUCCESS)
        return rv;
    while ((rv = apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d))
           == APR_SUCCESS || rv == APR_INCOMPLETE) {
        kc_dirent_t *e;
        if (!(fi.valid & APR_FINFO_NAME) || !fi.name || fi.name[0] == '.')
            continue;
        e = apr_array_push(ents);
        e->name = apr_pstrdup(tp, fi.name);
        e->type = (fi.valid & APR_FINFO_TYPE) ? fi.filetype : APR_UNKFILE;
        if (e->type == APR_LNK || e->type == APR_UNKFILE) {
            apr_finfo_t st;
            const char *full = apr_pstrcat(tp, path, "/", e->name, NULL);
            if (apr_stat(&st, full, APR_FINFO_TYPE, tp) == APR_SUCCESS)
                e->type = st.filetype;
        }
    }
    apr_dir_close(d);
    if (!APR_STATUS_IS_ENOENT(rv))
        return rv;
    qsort(ents->elts, (size_t)ents->nelts, sizeof(kc_dirent_t),
          kc_dirent_cmp);
    *out = ents;
    return APR_SUCCESS;
}

static apr_status_t kc_read_file(kc_loader_t *ld, const char *rel,
                                 char **buf, apr_size_t *len)
{
    const char *path = apr_pstrcat(ld->tp, ld->dir, "/", rel, NULL);
    apr_file_t *f = NULL;
    apr_finfo_t fi;
    apr_status_t rv;

    *buf = NULL;
    *len = 0;
    rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_FPROT_OS_DEFAULT, ld->tp);
    if (rv != APR_SUCCESS)
        return kc_lerr(ld, rel, "cannot open", rv);
    rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    if (rv != APR_SUCCESS) {
        kc_lerr(ld, rel, "cannot stat", rv);
        goto leave;
    }
    if (fi.size < 0 || fi.size > KC_TMPL_MAX_FILE) {
        rv = kc_lerr(ld, rel, "file too large", APR_SUCCESS);
        goto leave;
    }
    *len = (apr_size_t)fi.size;
    *buf = apr_palloc(ld->tp, *len + 1);
    rv = apr_file_read_full(f, *buf, *len, NULL);
    if (rv != APR_SUCCESS) {
        kc_lerr(ld, rel, "cannot read", rv);
        goto leave;
    }
    (*buf)[*len] = '\0';
leave:
    apr_file_close(f);
    return rv;
}

static apr_status_t kc_load_tmpl(kc_loader_t *ld, const char *rel)
{
    const char *name;
    char *src;
    apr_size_t len;
    apr_status_t rv;

    if ((rv = kc_read_file(ld, rel, &src, &len)) != APR_SUCCESS)
        return rv;
    name = apr_pstrmemdup(ld->tp, rel, strlen(rel) - strlen(".html"));
    return kc_tmpl_set_add_labeled(ld->set, name, rel, src, len, ld->err);
}

/* rel == NULL: the template directory itself. */
static apr_status_t kc_scan(kc_loader_t *ld, const char *rel, int depth)
{
    const char *path = rel ? apr_pstrcat(ld->tp, ld->dir, "/", rel, NULL)
                           : ld->dir;
    apr_array_header_t *ents;
    apr_status_t rv;
    int i;

    if ((rv = kc_list_dir(ld->tp, path, &ents)) != APR_SUCCESS)
        return kc_lerr(ld, rel ? rel : ld->dir, "cannot read directory", rv);
    for (i = 0; i < ents->nelts; i++) {
        const kc_dirent_t *e = &APR_ARRAY_IDX(ents, i, kc_dirent_t);
        const char *crel = rel ? apr_pstrcat(ld->tp, rel, "/", e->name, NULL)
                               : e->name;
        rv = APR_SUCCESS;
        if (e->type == APR_DIR) {
            if (!rel && strcmp(e->name, "i18n") == 0)
                continue;
            if (depth >= KC_TMPL_MAX_DIR_DEPTH)
                return kc_lerr(ld, crel, "directories nested too deeply "
                               "(symlink loop?)", APR_SUCCESS);
            rv = kc_scan(ld, crel, depth + 1);
        }
        else if (e->type == APR_REG && kc_ends_with(e->name, ".html")) {
            rv = kc_load_tmpl(ld, crel);
        }
        if (rv != APR_SUCCESS)
            return rv;
    }
    return APR_SUCCESS;
}

static int kc_is_lang(const char *s, apr_size_t n)
{
    apr_size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return n > 0;
}

static apr_status_t kc_load_cats(kc_loader_t *ld)
{
    const char *path = apr_pstrcat(ld->tp, ld->dir, "/i18n", NULL);
    apr_array_header_t *ents;
    apr_status_t rv;
    int i, found = 0;

    if ((rv = kc_list_dir(ld->tp, path, &ents)) != APR_SUCCESS)
        return kc_lerr(ld, "i18n", "no message catalogue found", rv);
    for (i = 0; i < ents->nelts; i++) {
        const kc_dirent_t *e = &APR_ARRAY_IDX(ents, i, kc_dirent_t);
        const char *rel, *lang;
        apr_size_t len;
        char *src;

        if (e->type != APR_REG || !kc_ends_with(e->name, ".txt"))
            continue;
        rel = apr_pstrcat(ld->tp, "i18n/", e->name, NULL);
        len = strlen(e->name) - strlen(".txt");
        if (!kc_is_lang(e->name, len))
            return kc_lerr(ld, rel, "bad language name", APR_SUCCESS);
        lang = apr_pstrmemdup(ld->tp, e->name, len);
        if ((rv = kc_read_file(ld, rel, &src, &len)) != APR_SUCCESS)
            return rv;
        rv = kc_tmpl_set_add_catalogue(ld->set, lang, src, len, ld->err);
        if (rv != APR_SUCCESS)
            return rv;
        found++;
    }
    if (!found)
        return kc_lerr(ld, "i18n", "no message catalogue (*.txt) found",
                       APR_SUCCESS);
    return APR_SUCCESS;
}

apr_status_t kc_tmpl_set_load(kc_tmpl_set_t **out, apr_pool_t *p,
                              const char *dir, const char **err)
{
    kc_loader_t ld;
    kc_tmpl_set_t *set;
    const char *ignored;
    apr_status_t rv;

    if (!err)
        err = &ignored;
    *err = NULL;
    *out = NULL;
    memset(&ld, 0, sizeof(ld));
    if ((rv = apr_pool_create(&ld.tp, p)) != APR_SUCCESS)
        return rv;
    kc_tmpl_set_create(&set, p);
    ld.set = set;
    ld.p = p;
    ld.dir = dir;
    ld.err = err;
    if ((rv = kc_scan(&ld, NULL, 0)) != APR_SUCCESS)
        goto leave;
    if ((rv = kc_load_cats(&ld)) != APR_SUCCESS)
        goto leave;
    if ((rv = kc_tmpl_set_check(set, err)) != APR_SUCCESS)
        goto leave;
    *out = set;
leave:
    apr_pool_destroy(ld.tp);
    return rv;
}
