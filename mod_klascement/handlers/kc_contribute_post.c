/*
 * kc_contribute_post.c -- GET/POST of /contribute/{kind} and of
 * /me/contributions/{id}/edit: checking every field, the licence chooser,
 * the upload, the duplicate warning, then one SQL function call.
 */
#include "kc_page.h"
#include "kc_contribute.h"
#include "../http/kc_body.h"
#include "../store/kc_store_contrib.h"
#include "../core/kc_json.h"
#include "../core/kc_licence.h"
#include "../core/kc_validate.h"

#include <apr_lib.h>

/* A code of the languages table (the list the form offered). */
static int valid_lang(const char *l, const apr_array_header_t *langs)
{
    int i;
    for (i = 0; langs && i < langs->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(langs, i, kc_code_name_t).code, l) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The kind's own fields into f->values and a JSON object for `details`. */
static const char *kind_fields(kc_req_t *req, kc_errors_t *e,
                               kc_form_state_t *f,
                               const apr_array_header_t *langs)
{
    const kc_kind_spec_t *k = f->spec;
    kc_json_t *j = kc_json_make(req->r->pool);
    const char *json;
    apr_size_t len;
    int i;

    kc_json_obj_begin(j);
    for (i = 0; k->fields[i].name; i++) {
        const kc_kind_field_t *fd = &k->fields[i];
        const char *v = kc_form_text(req, f->form, fd->name);
        int ok = 1;
        apr_table_setn(f->values, fd->name, v);
        if (!*v) {
            if (fd->required) {
                kc_error_add(e, fd->name, "form.error.required", NULL);
            }
            continue;
        }
        switch (fd->type) {
        case KC_F_TEXT:     ok = kc_utf8_chars(v) <= 300; break;
        case KC_F_LONGTEXT: ok = kc_utf8_chars(v) <= (apr_size_t)fd->max; break;
        case KC_F_DATE:     { int y, m, d; ok = kc_parse_date(v, &y, &m, &d); } break;
        case KC_F_TIME:     ok = kc_valid_time(v); break;
        case KC_F_URL:      ok = kc_valid_web_url(v); break;
        case KC_F_LANG:     ok = valid_lang(v, langs); break;
        }
        if (!ok) {
            kc_error_add(e, fd->name, fd->type == KC_F_DATE ? "form.error.date"
                         : fd->type == KC_F_URL ? "form.error.url"
                         : fd->type == KC_F_LONGTEXT || fd->type == KC_F_TEXT
                         ? "form.error.too_long" : "form.error.choice",
                         fd->type == KC_F_LONGTEXT
                         ? apr_itoa(req->r->pool, fd->max) : "300");
            continue;
        }
        kc_json_kv_str(j, fd->name, v);
    }
    kc_json_obj_end(j);
    /* A calendar activity happens somewhere: a place or an online link. */
    if (strcmp(k->code, "calendar") == 0
        && !*apr_table_get(f->values, "place")
        && !*apr_table_get(f->values, "online_url")) {
        kc_error_add(e, "place", "form.error.required", NULL);
    }
    return kc_json_finish(j, &json, &len) == APR_SUCCESS ? json : "{}";
}

static void common_fields(kc_req_t *req, kc_errors_t *e, kc_form_state_t *f,
                          const apr_array_header_t *langs)
{
    kc_licence_answers_t lic;

    f->title = kc_form_text(req, f->form, "title");
    f->description = kc_form_text(req, f->form, "description");
    f->language = kc_form_text(req, f->form, "language");
    f->url = kc_form_text(req, f->form, "url");
    f->subjects = kc_form_int_array(req, f->form, "subjects");
    f->levels = kc_form_int_array(req, f->form, "levels");
    if (!*f->title) kc_error_add(e, "title", "form.error.required", NULL);
    else if (kc_utf8_chars(f->title) > 300) kc_error_add(e, "title", "form.error.too_long", "300");
    if (!*f->description) kc_error_add(e, "description", "form.error.required", NULL);
    else if (kc_utf8_chars(f->description) > 10000) kc_error_add(e, "description", "form.error.too_long", "10000");
    if (!valid_lang(f->language, langs)) kc_error_add(e, "language", "form.error.choice", NULL);
    if (strcmp(f->subjects, "{}") == 0) kc_error_add(e, "subjects", "form.error.required", NULL);
    if (strcmp(f->levels, "{}") == 0) kc_error_add(e, "levels", "form.error.required", NULL);
    if (*f->url && !kc_valid_web_url(f->url)) kc_error_add(e, "url", "form.error.url", NULL);
    lic.waive = kc_form_ticked(f->form, "lic_waive");
    lic.all_rights = kc_form_ticked(f->form, "lic_arr");
    lic.adapt = kc_licence_adapt(apr_table_get(f->form, "lic_adapt"));
    lic.commercial = kc_licence_commercial(apr_table_get(f->form,
                                                         "lic_commercial"));
    f->licence = kc_licence_choose(&lic);
    if (!f->licence) {
        kc_error_add(e, "licence", "form.error.licence", NULL);
    }
    if (!kc_form_ticked(f->form, "confirm_rights")) {
        kc_error_add(e, "confirm_rights", "form.error.required", NULL);
    }
}

/* The file or URL the kind needs. Returns the accepted upload or NULL. */
static kc_upload_t *source(kc_req_t *req, kc_errors_t *e, kc_form_state_t *f,
                           apr_array_header_t *files)
{
    kc_upload_t *up = kc_upload_get(files, "file");
    const kc_kind_spec_t *k = f->spec;

    if (up && up->size == 0) {
        up = NULL;
    }
    if (up && (k->source != KC_SOURCE_EITHER || !kc_kind_accepts(k, up->type))) {
        kc_error_add(e, "file", "form.error.file_type", NULL);
        return NULL;
    }
    if (k->source == KC_SOURCE_URL && !*f->url) {
        kc_error_add(e, "url", "form.error.required", NULL);
    }
    if (k->source == KC_SOURCE_EITHER && !up && !*f->url && !f->current_file) {
        kc_error_add(e, "file", "form.error.file_or_url", NULL);
    }
    return up;
}

static const char *kind_name(kc_req_t *req, const char *code)
{
    apr_array_header_t *kinds;
    int i;
    if (kc_store_kinds(&kinds, req->r, req->lang) == APR_SUCCESS) {
        for (i = 0; i < kinds->nelts; i++) {
            const kc_code_name_t *k = &APR_ARRAY_IDX(kinds, i, kc_code_name_t);
            if (strcmp(k->code, code) == 0) {
                return k->name;
            }
        }
    }
    return code;
}

/* The duplicate warning: similar records, unless the member confirmed. */
static int duplicates(kc_req_t *req, kc_form_state_t *f, kc_upload_t *up,
                      apr_int64_t skip, apr_status_t *rv)
{
    apr_array_header_t *dups;
    kc_tlist_t *list;
    int i;

    *rv = APR_SUCCESS;
    if (kc_form_ticked(f->form, "confirm_duplicate")) {
        return 0;
    }
    *rv = kc_store_contrib_duplicates(&dups, req->r, f->url,
                                      up ? up->sha256 : NULL, f->title, skip);
    if (*rv != APR_SUCCESS || dups->nelts == 0) {
        return 0;
    }
    list = kc_tctx_list(req->ctx, "duplicates");
    for (i = 0; i < dups->nelts; i++) {
        const kc_code_name_t *d = &APR_ARRAY_IDX(dups, i, kc_code_name_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", d->code);
        kc_tctx_set(item, "title", d->name);
        kc_tctx_set(item, "url", apr_pstrcat(req->r->pool, "/records/",
                                             d->code, NULL));
    }
    return 1;
}

/* Everything after reading the body: checks, duplicates, the file, the
 * row. `record` is 0 for a new contribution. */
static int save(kc_req_t *req, kc_session_t *s, kc_form_state_t *f,
                apr_array_header_t *files, apr_int64_t record)
{
    kc_errors_t *e = kc_errors_make(req);
    kc_contribution_t c;
    kc_upload_t *up;
    apr_array_header_t *langs;
    const char *result = "ok";
    apr_int64_t id = record;
    apr_status_t rv = kc_store_languages(&langs, req->r, req->lang);

    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    common_fields(req, e, f, langs);
    c.details_json = kind_fields(req, e, f, langs);
    up = source(req, e, f, files);
    if (e->count) {
        return kc_contribute_form(req, HTTP_BAD_REQUEST, f);
    }
    if (duplicates(req, f, up, record, &rv)) {
        return kc_contribute_form(req, HTTP_CONFLICT, f);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (up && kc_upload_store(req, up) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_INTERNAL_SERVER_ERROR, NULL);
    }
    c.kind = f->spec->code;
    c.title = f->title;
    c.description = f->description;
    c.language = f->language;
    c.licence = f->licence;
    c.url = f->url;
    c.subjects = f->subjects;
    c.levels = f->levels;
    c.file_sha256 = up ? up->sha256 : NULL;
    c.file_name = up ? up->filename : NULL;
    c.file_type = up ? up->type : NULL;
    c.file_size = up ? apr_off_t_toa(req->r->pool, up->size) : NULL;
    rv = record ? kc_store_contrib_update(&result, req->r, s->member_id,
                                          record, &c)
                : kc_store_contrib_create(&id, req->r, s->member_id, &c);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "ok") != 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    return kc_redirect(req, "/me/contributions?done=submitted");
}

/* Read the multipart body; OK, or the answer already given. */
static int read_form(kc_req_t *req, kc_form_state_t *f,
                     apr_array_header_t **files, int *answered)
{
    const char *bad = NULL;
    int rc = kc_body_multipart(req, kc_config_max_upload(req->conf), &f->form,
                               files, &bad);

    *answered = 1;
    if (rc == HTTP_REQUEST_ENTITY_TOO_LARGE && bad) {
        kc_error_add(kc_errors_make(req), bad, "form.error.file_size",
                     apr_off_t_toa(req->r->pool,
                                   kc_config_max_upload(req->conf)
                                   / (1024 * 1024)));
        f->form = NULL;
        return kc_contribute_form(req, rc, f);
    }
    if (rc != OK) {
        return kc_render_error(req, rc, bad);
    }
    if ((rc = kc_form_check_csrf(req, f->form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    *answered = 0;
    return OK;
}

static int start(kc_req_t *req, const kc_route_match_t *m,
                 kc_form_state_t *f, kc_session_t **s, int *rc)
{
    if (!(*s = kc_need_member(req, rc))) {
        return 0;
    }
    memset(f, 0, sizeof(*f));
    f->spec = kc_kind_spec(m->tail);
    if (!f->spec) {
        *rc = kc_render_error(req, HTTP_NOT_FOUND, NULL);
        return 0;
    }
    f->kind_name = kind_name(req, f->spec->code);
    f->action = apr_pstrcat(req->r->pool, "/contribute/", f->spec->code, NULL);
    f->values = apr_table_make(req->r->pool, 8);
    return 1;
}

int kc_page_contribute_form(kc_req_t *req, const kc_route_match_t *m)
{
    kc_form_state_t f;
    kc_session_t *s;
    int rc;

    if (!start(req, m, &f, &s, &rc)) {
        return rc;
    }
    f.language = req->lang;
    return kc_contribute_form(req, HTTP_OK, &f);
}

int kc_page_contribute(kc_req_t *req, const kc_route_match_t *m)
{
    kc_form_state_t f;
    kc_session_t *s;
    apr_array_header_t *files;
    int rc, answered;

    if (!start(req, m, &f, &s, &rc)) {
        return rc;
    }
    rc = read_form(req, &f, &files, &answered);
    return answered ? rc : save(req, s, &f, files, 0);
}

/* ---- editing an own pending contribution ---------------------------------- */

static int own_record(kc_req_t *req, const kc_route_match_t *m,
                      kc_form_state_t *f, kc_session_t **s, int *rc)
{
    kc_own_record_t *o;
    apr_status_t rv;

    if (!(*s = kc_need_member(req, rc))) {
        return 0;
    }
    rv = kc_store_contrib_get(&o, req->r, (*s)->member_id, m->id);
    if (rv == APR_SUCCESS && strcmp(o->state, "pending") != 0
        && strcmp(o->state, "changes_requested") != 0) {
        rv = APR_NOTFOUND;
    }
    if (rv != APR_SUCCESS) {
        *rc = rv == APR_NOTFOUND ? kc_render_error(req, HTTP_NOT_FOUND, NULL)
                                 : kc_render_store_error(req, rv);
        return 0;
    }
    memset(f, 0, sizeof(*f));
    f->spec = kc_kind_spec(o->kind);
    if (!f->spec) {
        /* A kind added to record_kinds that this build has no form for:
         * nothing the member can edit here (and *rc must be an answer). */
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, req->r, KC_LOGNO(0231)
                      "contribution %" APR_INT64_T_FMT " has kind '%s', "
                      "which has no form", m->id, o->kind);
        *rc = kc_render_error(req, HTTP_NOT_FOUND, NULL);
        return 0;
    }
    f->kind_name = kind_name(req, o->kind);
    f->editing = 1;
    f->action = apr_psprintf(req->r->pool, "/me/contributions/%"
                             APR_INT64_T_FMT "/edit", m->id);
    f->values = apr_table_make(req->r->pool, 8);
    f->title = o->title;
    f->description = o->description;
    f->language = o->language;
    f->url = o->url;
    f->subjects = o->subjects;
    f->levels = o->levels;
    f->licence = o->licence;
    f->current_file = o->file_name;
    if (o->details) {
        apr_array_header_t *pairs = kc_store_split_names(req->r->pool,
                                                         o->details);
        int i;
        for (i = 0; i < pairs->nelts; i++) {
            char *pair = APR_ARRAY_IDX(pairs, i, char *);
            char *sep = strchr(pair, '\x1e');
            if (sep) {
                *sep = '\0';
                apr_table_setn(f->values, pair, sep + 1);
            }
        }
    }
    return 1;
}

int kc_page_contribution_edit_form(kc_req_t *req, const kc_route_match_t *m)
{
    kc_form_state_t f;
    kc_session_t *s;
    int rc;

    if (!own_record(req, m, &f, &s, &rc)) {
        return rc;
    }
    return kc_contribute_form(req, HTTP_OK, &f);
}

int kc_page_contribution_edit(kc_req_t *req, const kc_route_match_t *m)
{
    kc_form_state_t f;
    kc_session_t *s;
    apr_array_header_t *files;
    int rc, answered;

    if (!own_record(req, m, &f, &s, &rc)) {
        return rc;
    }
    rc = read_form(req, &f, &files, &answered);
    return answered ? rc : save(req, s, &f, files, m->id);
}
