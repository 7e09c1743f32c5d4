/*
 * kc_record_ld.c -- a record's schema.org LearningResource in JSON-LD (the
 * AMB profile Edurep and OERSI read), for its public page and its detail
 * page: what a visitor sees of it (title, the short description, kind,
 * author's name, licence, language, levels, subjects, dates) and how to
 * get the rest (conditionsOfAccess: a free account). Levels and subjects
 * are DefinedTerms whose @id is the concept URI of /vocab (kc_vocab.c).
 * Records have no field saying what they adapt, so there is no isBasedOn.
 */
#include "kc_search.h"
#include "../core/kc_json.h"
#include "../store/kc_store_records.h"

/* Levels or subjects as DefinedTerms of our schemes. */
static void terms(kc_json_t *j, apr_pool_t *p, const char *key,
                  const char *scheme_url, const apr_array_header_t *names,
                  const apr_array_header_t *codes)
{
    int i;

    kc_json_key(j, key);
    kc_json_arr_begin(j);
    for (i = 0; i < codes->nelts && i < names->nelts; i++) {
        const char *code = APR_ARRAY_IDX(codes, i, const char *);
        kc_json_obj_begin(j);
        kc_json_kv_str(j, "@type", "DefinedTerm");
        kc_json_kv_str(j, "@id", apr_pstrcat(p, scheme_url, "/", code, NULL));
        kc_json_kv_str(j, "name", APR_ARRAY_IDX(names, i, const char *));
        kc_json_kv_str(j, "termCode", code);
        kc_json_kv_str(j, "inDefinedTermSet", scheme_url);
        kc_json_obj_end(j);
    }
    kc_json_arr_end(j);
}

static void dates(kc_json_t *j, const kc_record_detail_t *d)
{
    kc_json_kv_str(j, "dateCreated", d->created);
    if (d->published_at) {
        kc_json_kv_str(j, "datePublished", d->published_at);
    }
    kc_json_kv_str(j, "dateModified", d->modified);
}

void kc_record_ld_ctx(kc_req_t *req, kc_tctx_t *c,
                      const kc_record_detail_t *d)
{
    apr_pool_t *p = req->r->pool;
    const char *site = kc_site_url(req);
    const char *url = apr_psprintf(p, "%s/records/%" APR_INT64_T_FMT, site,
                                   d->sum.id);
    kc_json_t *j = kc_json_make(p);

    kc_json_obj_begin(j);
    kc_json_kv_str(j, "@context", "https://schema.org");
    kc_json_key(j, "@type");
    if (d->schema_type) {
        kc_json_arr_begin(j);
        kc_json_str(j, "LearningResource");
        kc_json_str(j, d->schema_type);
        kc_json_arr_end(j);
    }
    else {
        kc_json_str(j, "LearningResource");
    }
    kc_json_kv_str(j, "@id", url);
    kc_json_kv_str(j, "url", url);
    kc_json_kv_str(j, "name", d->sum.title);
    kc_json_kv_str(j, "description", d->sum.excerpt_cut
                   ? apr_pstrcat(p, d->sum.excerpt, "…", NULL)
                   : d->sum.excerpt);
    kc_json_kv_str(j, "inLanguage", d->sum.language);
    if (d->sum.licence_url && *d->sum.licence_url) {
        kc_json_kv_str(j, "license", d->sum.licence_url);
    }
    kc_json_kv_bool(j, "isAccessibleForFree", 1);
    kc_json_kv_str(j, "conditionsOfAccess", kc_msg(req, "record.ld.access"));
    kc_json_kv_str(j, "learningResourceType", d->sum.kind_name);
    kc_json_key(j, "creator");
    kc_json_arr_begin(j);
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "@type", "Person");
    kc_json_kv_str(j, "name", d->sum.author_name);
    kc_json_obj_end(j);
    kc_json_arr_end(j);
    kc_json_key(j, "publisher");
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "@type", "Organization");
    kc_json_kv_str(j, "name", "KlasCement");
    kc_json_kv_str(j, "url", apr_pstrcat(p, site, "/", NULL));
    kc_json_obj_end(j);
    terms(j, p, "educationalLevel", apr_pstrcat(p, site, "/vocab/levels", NULL),
          d->sum.levels, d->level_codes);
    terms(j, p, "about", apr_pstrcat(p, site, "/vocab/subjects", NULL),
          d->sum.subjects, d->subject_codes);
    dates(j, d);
    kc_json_obj_end(j);
    if (kc_tctx_set_json(c, "ld", j) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, req->r, KC_LOGNO(0401)
                      "unbalanced JSON-LD of record %" APR_INT64_T_FMT,
                      d->sum.id);
    }
}
