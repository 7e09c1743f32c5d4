/*
 * kc_vocab.c -- our education levels and subjects as SKOS concept schemes
 * in JSON-LD, at the stable URLs the records' JSON-LD points to:
 *   /vocab/levels, /vocab/subjects           skos:ConceptScheme
 *   /vocab/levels/{code}, /vocab/subjects/{code}   one skos:Concept
 * Labels in Dutch (Flanders: "nl"; the Dutch system's name: "nl-NL") and
 * English; a level's skos:closeMatch holds the ISCED 2011 levels it is
 * close to (table level_isced). A browser (Accept: text/html) gets the
 * same as a page. Public and cacheable: the terms change with a migration.
 */
#include "kc_page.h"
#include "../core/kc_json.h"
#include "../store/kc_store_vocab.h"

#include <http_protocol.h>

#define KC_VOCAB_CACHE "public, max-age=86400"

static void id_term(kc_json_t *j, const char *term, const char *iri)
{
    kc_json_key(j, term);
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "@id", iri);
    kc_json_kv_str(j, "@type", "@id");
    kc_json_obj_end(j);
}

static void lang_term(kc_json_t *j, const char *term, const char *iri)
{
    kc_json_key(j, term);
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "@id", iri);
    kc_json_kv_str(j, "@container", "@language");
    kc_json_obj_end(j);
}

static void context(kc_json_t *j)
{
    kc_json_key(j, "@context");
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "skos", "http://www.w3.org/2004/02/skos/core#");
    kc_json_kv_str(j, "dct", "http://purl.org/dc/terms/");
    kc_json_kv_str(j, "ConceptScheme", "skos:ConceptScheme");
    kc_json_kv_str(j, "Concept", "skos:Concept");
    lang_term(j, "prefLabel", "skos:prefLabel");
    lang_term(j, "title", "dct:title");
    kc_json_kv_str(j, "notation", "skos:notation");
    id_term(j, "inScheme", "skos:inScheme");
    id_term(j, "topConceptOf", "skos:topConceptOf");
    id_term(j, "hasTopConcept", "skos:hasTopConcept");
    id_term(j, "closeMatch", "skos:closeMatch");
    kc_json_obj_end(j);
}

static void labels(kc_json_t *j, const char *term, const char *be,
                   const char *nl, const char *en)
{
    kc_json_key(j, term);
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "nl", be);
    if (nl) {
        kc_json_kv_str(j, "nl-NL", nl);
    }
    kc_json_kv_str(j, "en", en);
    kc_json_obj_end(j);
}

static void isced_match(kc_json_t *j, const apr_array_header_t *isced)
{
    int i;

    if (!isced || isced->nelts == 0) {
        return;
    }
    kc_json_key(j, "closeMatch");
    kc_json_arr_begin(j);
    for (i = 0; i < isced->nelts; i++) {
        const kc_isced_t *x = &APR_ARRAY_IDX(isced, i, kc_isced_t);
        kc_json_obj_begin(j);
        kc_json_kv_str(j, "@type", "Concept");
        kc_json_kv_str(j, "notation", x->code);
        labels(j, "prefLabel", x->name_nl, NULL, x->name_en);
        kc_json_key(j, "inScheme");
        kc_json_obj_begin(j);
        kc_json_kv_str(j, "@type", "ConceptScheme");
        kc_json_key(j, "title");
        kc_json_obj_begin(j);
        kc_json_kv_str(j, "en", "ISCED 2011 (UNESCO International Standard "
                       "Classification of Education), levels");
        kc_json_obj_end(j);
        kc_json_obj_end(j);
        kc_json_obj_end(j);
    }
    kc_json_arr_end(j);
}

/* One concept's members (without the braces). */
static void concept(kc_json_t *j, apr_pool_t *p, const char *scheme_url,
                    const kc_vocab_term_t *t)
{
    kc_json_kv_str(j, "@id", apr_pstrcat(p, scheme_url, "/", t->code, NULL));
    kc_json_kv_str(j, "@type", "Concept");
    labels(j, "prefLabel", t->name_be,
           strcmp(t->name_nl, t->name_be) ? t->name_nl : NULL, t->name_en);
    kc_json_kv_str(j, "notation", t->code);
    kc_json_kv_str(j, "inScheme", scheme_url);
    kc_json_kv_str(j, "topConceptOf", scheme_url);
    isced_match(j, t->isced);
}

/* A browser asks for text/html first; ?format=jsonld or =html decides. */
static int wants_html(kc_req_t *req)
{
    const char *format = kc_arg(req, "format");
    const char *accept = apr_table_get(req->r->headers_in, "Accept");

    if (format) {
        return strcmp(format, "html") == 0;
    }
    return accept && strstr(accept, "text/html") != NULL;
}

static int send_json(kc_req_t *req, kc_json_t *j)
{
    const char *body;
    apr_size_t len;

    if (kc_json_finish(j, &body, &len) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, req->r, KC_LOGNO(0400)
                      "unbalanced vocabulary document");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return kc_send_body(req, "application/ld+json; charset=utf-8",
                        KC_VOCAB_CACHE, body, len);
}

static void term_ctx(kc_req_t *req, kc_tctx_t *c, const char *scheme_url,
                     const kc_vocab_term_t *t)
{
    apr_pool_t *p = req->r->pool;
    kc_tlist_t *isced = kc_tctx_list(c, "isced");
    int i, en = strcmp(req->lang, "en") == 0;

    kc_tctx_set(c, "uri", apr_pstrcat(p, scheme_url, "/", t->code, NULL));
    kc_tctx_set(c, "code", t->code);
    kc_tctx_set(c, "name_be", t->name_be);
    kc_tctx_set(c, "name_nl", t->name_nl);
    kc_tctx_set(c, "name_en", t->name_en);
    for (i = 0; t->isced && i < t->isced->nelts; i++) {
        const kc_isced_t *x = &APR_ARRAY_IDX(t->isced, i, kc_isced_t);
        kc_tctx_t *item = kc_tlist_push(isced);
        kc_tctx_set(item, "code", x->code);
        kc_tctx_set(item, "name", en ? x->name_en : x->name_nl);
    }
}

/* The scheme, or with code one of its concepts (404 when unknown). */
static int vocab_page(kc_req_t *req, const char *scheme, const char *code)
{
    request_rec *r = req->r;
    const char *scheme_url = apr_pstrcat(r->pool, kc_site_url(req), "/vocab/",
                                         scheme, NULL);
    const char *key = apr_pstrcat(r->pool, "vocab.", scheme, ".title", NULL);
    kc_json_t *j = kc_json_make(r->pool);
    apr_array_header_t *terms;
    kc_tlist_t *list;
    int i, html = wants_html(req);
    apr_status_t rv = kc_store_vocab_terms(&terms, r, scheme, code);

    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    apr_table_mergen(r->headers_out, "Vary", "Accept");
    if (code && terms->nelts == 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (html) {
        kc_tctx_set(req->ctx, "scheme_uri", scheme_url);
        kc_tctx_set_bool(req->ctx, "is_levels", strcmp(scheme, "levels") == 0);
        list = kc_tctx_list(req->ctx, "terms");
        for (i = 0; i < terms->nelts; i++) {
            term_ctx(req, kc_tlist_push(list), scheme_url,
                     &APR_ARRAY_IDX(terms, i, kc_vocab_term_t));
        }
        kc_tctx_set_bool(req->ctx, "one", code != NULL);
        apr_table_setn(r->headers_out, "Cache-Control", KC_VOCAB_CACHE);
        return kc_render_page(req, HTTP_OK, "vocab/scheme", code
                              ? APR_ARRAY_IDX(terms, 0, kc_vocab_term_t).name_be
                              : kc_msg(req, key));
    }
    kc_json_obj_begin(j);
    context(j);
    if (code) {
        concept(j, r->pool, scheme_url,
                &APR_ARRAY_IDX(terms, 0, kc_vocab_term_t));
        kc_json_obj_end(j);
        return send_json(req, j);
    }
    kc_json_kv_str(j, "@id", scheme_url);
    kc_json_kv_str(j, "@type", "ConceptScheme");
    labels(j, "title", kc_tmpl_msg(req->conf->templates, "nl", key, NULL,
                                   r->pool), NULL,
           kc_tmpl_msg(req->conf->templates, "en", key, NULL, r->pool));
    kc_json_key(j, "hasTopConcept");
    kc_json_arr_begin(j);
    for (i = 0; i < terms->nelts; i++) {
        kc_json_obj_begin(j);
        concept(j, r->pool, scheme_url,
                &APR_ARRAY_IDX(terms, i, kc_vocab_term_t));
        kc_json_obj_end(j);
    }
    kc_json_arr_end(j);
    kc_json_obj_end(j);
    return send_json(req, j);
}

/* GET /vocab/levels, /vocab/levels/{code} */
int kc_page_vocab_levels(kc_req_t *req, const kc_route_match_t *m)
{
    return vocab_page(req, "levels", m->tail);
}

/* GET /vocab/subjects, /vocab/subjects/{code} */
int kc_page_vocab_subjects(kc_req_t *req, const kc_route_match_t *m)
{
    return vocab_page(req, "subjects", m->tail);
}
