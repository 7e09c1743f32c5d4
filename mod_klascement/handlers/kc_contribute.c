/*
 * kc_contribute.c -- the contribution forms of the 12 kinds: validation,
 * licence chooser, uploads, duplicate warning; new and edited
 * contributions go to the moderation queue as pending.
 */
#include "kc_page.h"
#include "kc_contribute.h"
#include "../http/kc_body.h"
#include "../store/kc_store_contrib.h"
#include "../store/kc_store_members.h"
#include "../core/kc_json.h"
#include "../core/kc_licence.h"
#include "../core/kc_validate.h"

#include <apr_lib.h>

/* ---- the form ------------------------------------------------------------ */

/* The licence questions as the form last had them, and what they give. */
static void licence_ctx(kc_req_t *req, apr_table_t *form)
{
    const char *adapt = form ? apr_table_get(form, "lic_adapt") : NULL;
    const char *comm = form ? apr_table_get(form, "lic_commercial") : NULL;
    kc_tctx_t *c = req->ctx;

    kc_tctx_set_bool(c, "lic_waive", kc_form_ticked(form, "lic_waive"));
    kc_tctx_set_bool(c, "lic_arr", kc_form_ticked(form, "lic_arr"));
    kc_tctx_set_bool(c, "lic_adapt_yes", adapt && !strcmp(adapt, "yes"));
    kc_tctx_set_bool(c, "lic_adapt_sharealike",
                     adapt && !strcmp(adapt, "sharealike"));
    kc_tctx_set_bool(c, "lic_adapt_no", adapt && !strcmp(adapt, "no"));
    kc_tctx_set_bool(c, "lic_commercial_yes", comm && !strcmp(comm, "yes"));
    kc_tctx_set_bool(c, "lic_commercial_no", comm && !strcmp(comm, "no"));
}

int kc_contribute_form(kc_req_t *req, int status, const kc_form_state_t *f)
{
    const kc_kind_spec_t *k = f->spec;
    apr_array_header_t *subjects, *levels, *langs;
    kc_tctx_t *c = req->ctx;
    const char *lic_name = NULL, *lic_url = NULL;
    int i;
    apr_status_t rv = kc_store_member_taxonomy(&subjects, &levels, req->r, 0,
                                               req->labels);

    if (rv == APR_SUCCESS) {
        rv = kc_store_languages(&langs, req->r, req->lang);
    }
    if (rv == APR_SUCCESS && f->licence) {
        rv = kc_store_licence(&lic_name, &lic_url, req->r, f->licence);
        rv = rv == APR_NOTFOUND ? APR_SUCCESS : rv;
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_ctx_select(req, "languages", langs, f->language);
    kc_ctx_select(req, "word_languages", langs,
                  f->values ? apr_table_get(f->values, "word_language") : NULL);
    kc_ctx_choices(req, "subjects", subjects, f->subjects);
    kc_ctx_choices(req, "levels", levels, f->levels);
    kc_tctx_set(c, "kind", k->code);
    kc_tctx_set(c, "kind_name", f->kind_name);
    kc_tctx_set_bool(c, apr_pstrcat(req->r->pool, "kind_", k->code, NULL), 1);
    kc_tctx_set_bool(c, "has_file_field", k->source == KC_SOURCE_EITHER);
    kc_tctx_set_bool(c, "has_url_field", k->source != KC_SOURCE_NONE);
    kc_tctx_set_bool(c, "url_required", k->source == KC_SOURCE_URL);
    kc_tctx_set(c, "action", f->action);
    kc_tctx_set_bool(c, "is_edit", f->editing);
    kc_tctx_set(c, "current_file_name", f->current_file);
    kc_tctx_set(c, "max_upload_mb", apr_off_t_toa(
                    req->r->pool, kc_config_max_upload(req->conf)
                    / (1024 * 1024)));
    kc_tctx_set(c, "title", f->title);
    kc_tctx_set(c, "description", f->description);
    kc_tctx_set(c, "url", f->url);
    for (i = 0; k->fields[i].name && f->values; i++) {
        kc_tctx_set(c, k->fields[i].name,
                    apr_table_get(f->values, k->fields[i].name));
    }
    licence_ctx(req, f->form);
    kc_tctx_set(c, "licence", f->licence);
    kc_tctx_set(c, "licence_name", lic_name);
    kc_tctx_set(c, "licence_url", lic_url);
    kc_tctx_set_bool(c, "confirm_rights", kc_form_ticked(f->form,
                                                         "confirm_rights"));
    kc_tctx_set_bool(c, "confirm_duplicate",
                     kc_form_ticked(f->form, "confirm_duplicate"));
    kc_tctx_set(c, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, status, "contribute/form",
                          kc_msg(req, f->editing ? "page.contribute_edit.title"
                                                 : "page.contribute_form.title"));
}
