/*
 * kc_oai_list.c -- OAI-PMH records (header, oai_dc metadata) and the list
 * verbs ListIdentifiers and ListRecords, paged by stateless resumption
 * tokens (core/kc_oai.c): each token carries the request and the last
 * (datestamp, id) sent, and the next page is read after it with a keyset
 * on the (oai_datestamp, id) index, never an OFFSET.
 */
#include "kc_oai.h"

#define KC_DC_NS "http://purl.org/dc/elements/1.1/"
#define KC_OAI_DC_NS "http://www.openarchives.org/OAI/2.0/oai_dc/"

/* ---- shared with kc_oai.c (which calls this file, never the reverse) -- */

int kc_oai_error(kc_oai_t *o, const char *code, const char *message)
{
    kc_xml_elem(o->x, "error", message, "code", code, NULL);
    return OK;
}

int kc_oai_format_ok(const char *prefix)
{
    return prefix && (strcmp(prefix, "oai_dc") == 0
                      || strcmp(prefix, "lom") == 0);
}

int kc_oai_store_failed(kc_oai_t *o, apr_status_t rv)
{
    (void)o;
    /* Not OK, so nothing of the half-written answer is sent. */
    return rv == KC_EDBDOWN ? HTTP_SERVICE_UNAVAILABLE
                            : HTTP_INTERNAL_SERVER_ERROR;
}

/* ---- records ------------------------------------------------------------ */

static void each(kc_xml_t *x, const char *name, const char *prefix,
                 const apr_array_header_t *list, apr_pool_t *p)
{
    int i;
    for (i = 0; list && i < list->nelts; i++) {
        const char *v = APR_ARRAY_IDX(list, i, const char *);
        kc_xml_elem(x, name, prefix ? apr_pstrcat(p, prefix, v, NULL) : v,
                    NULL);
    }
}

/* Simple Dublin Core of what a visitor sees in the record list. */
static void write_oai_dc(kc_oai_t *o, const kc_oai_record_t *rec)
{
    kc_xml_t *x = o->x;
    apr_pool_t *p = o->req->r->pool;

    kc_xml_start(x, "metadata", NULL);
    kc_xml_start(x, "oai_dc:dc", "xmlns:oai_dc", KC_OAI_DC_NS,
                 "xmlns:dc", KC_DC_NS,
                 "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
                 "xsi:schemaLocation", KC_OAI_DC_NS
                 " http://www.openarchives.org/OAI/2.0/oai_dc.xsd", NULL);
    kc_xml_elem(x, "dc:title", rec->title, NULL);
    kc_xml_elem(x, "dc:creator", rec->author_name, NULL);
    each(x, "dc:subject", NULL, rec->subjects, p);
    each(x, "dc:subject", NULL, rec->levels, p);
    if (*rec->excerpt) {
        kc_xml_elem(x, "dc:description", rec->excerpt, NULL);
    }
    kc_xml_elem(x, "dc:publisher", "KlasCement", NULL);
    kc_xml_elem(x, "dc:date", rec->published, NULL);
    kc_xml_elem(x, "dc:type", rec->kind_name, NULL);
    kc_xml_elem(x, "dc:identifier",
                apr_psprintf(p, "%s/records/%" APR_INT64_T_FMT, o->site,
                             rec->id), NULL);
    kc_xml_elem(x, "dc:language", rec->language, NULL);
    kc_xml_elem(x, "dc:rights", rec->licence_name, NULL);
    if (rec->licence_url && *rec->licence_url) {
        kc_xml_elem(x, "dc:rights", rec->licence_url, NULL);
    }
    kc_xml_end(x);
    kc_xml_end(x);
}

void kc_oai_write_record(kc_oai_t *o, const kc_oai_record_t *rec,
                         const char *prefix)
{
    int with_metadata = prefix != NULL;
    kc_xml_t *x = o->x;
    apr_pool_t *p = o->req->r->pool;

    if (with_metadata) {
        kc_xml_start(x, "record", NULL);
    }
    kc_xml_start(x, "header", "status", rec->live ? NULL : "deleted", NULL);
    kc_xml_elem(x, "identifier",
                apr_psprintf(p, "%s%" APR_INT64_T_FMT, o->id_prefix, rec->id),
                NULL);
    kc_xml_elem(x, "datestamp", rec->datestamp, NULL);
    kc_xml_elem(x, "setSpec", apr_pstrcat(p, "kind:", rec->kind, NULL), NULL);
    each(x, "setSpec", "level:", rec->level_codes, p);
    each(x, "setSpec", "subject:", rec->subject_codes, p);
    kc_xml_end(x);
    if (with_metadata) {
        if (rec->live && strcmp(prefix, "lom") == 0) {
            kc_xml_start(x, "metadata", NULL);
            kc_oai_write_lom(x, p, apr_psprintf(p, "%s/records/%"
                                                APR_INT64_T_FMT, o->site,
                                                rec->id), rec);
            kc_xml_end(x);
        }
        else if (rec->live) {
            write_oai_dc(o, rec);
        }
        kc_xml_end(x);
    }
}

/* The cursor of this request: from its token, or a first page from its
 * arguments. Returns NULL or the error code. */
static const char *start_cursor(kc_oai_t *o, kc_oai_cursor_t *c, int *paged)
{
    apr_pool_t *p = o->req->r->pool;
    const char *token = apr_table_get(o->args, "resumptionToken");
    const char *set = apr_table_get(o->args, "set");

    *paged = token != NULL;
    if (token) {
        return kc_oai_token_read(p, token, c) && kc_oai_format_ok(c->prefix)
               ? NULL : "badResumptionToken";
    }
    c->prefix = apr_table_get(o->args, "metadataPrefix");
    c->from = apr_table_get(o->args, "kc-from");
    c->until = apr_table_get(o->args, "kc-until");
    c->set = set ? set : "";
    c->last_ds = "";
    c->last_id = 0;
    c->cursor = 0;
    c->total = -1;
    if (!kc_oai_format_ok(c->prefix)) {
        return "cannotDisseminateFormat";
    }
    /* A set we could not have made matches nothing. */
    return *c->set && !kc_oai_set_ok(c->set) ? "noRecordsMatch" : NULL;
}

static const char *error_text(const char *code)
{
    if (!strcmp(code, "badResumptionToken")) {
        return "The resumptionToken is not one this repository issued.";
    }
    if (!strcmp(code, "cannotDisseminateFormat")) {
        return "Formats: see ListMetadataFormats.";
    }
    return "No records match the arguments.";
}

int kc_oai_list(kc_oai_t *o, const char *verb, int with_metadata)
{
    request_rec *r = o->req->r;
    kc_oai_cursor_t c;
    apr_array_header_t *page;
    const char *code;
    int paged, i, shown;
    apr_status_t rv;

    if ((code = start_cursor(o, &c, &paged)) != NULL) {
        return kc_oai_error(o, code, error_text(code));
    }
    /* One more than a page: whether another page follows. */
    rv = kc_store_oai_list(&page, r, c.from, c.until, c.set, c.last_ds,
                           c.last_id, KC_OAI_PAGE + 1);
    if (rv != APR_SUCCESS) {
        return kc_oai_store_failed(o, rv);
    }
    if (page->nelts == 0) {
        return kc_oai_error(o, "noRecordsMatch", error_text("noRecordsMatch"));
    }
    if (c.total < 0
        && (rv = kc_store_oai_count(&c.total, r, c.from, c.until, c.set))
           != APR_SUCCESS) {
        return kc_oai_store_failed(o, rv);
    }
    shown = page->nelts > KC_OAI_PAGE ? KC_OAI_PAGE : page->nelts;
    kc_xml_start(o->x, verb, NULL);
    for (i = 0; i < shown; i++) {
        kc_oai_write_record(o, &APR_ARRAY_IDX(page, i, kc_oai_record_t),
                            with_metadata ? c.prefix : NULL);
    }
    /* Records published while a harvest runs: never less than was sent. */
    if (c.total < c.cursor + shown) {
        c.total = c.cursor + shown;
    }
    if (page->nelts > KC_OAI_PAGE) {
        kc_oai_cursor_t next = c;
        const kc_oai_record_t *last = &APR_ARRAY_IDX(page, shown - 1,
                                                     kc_oai_record_t);
        next.last_ds = last->datestamp;
        next.last_id = last->id;
        next.cursor = c.cursor + shown;
        kc_xml_elem(o->x, "resumptionToken", kc_oai_token_make(r->pool, &next),
                    "completeListSize", apr_off_t_toa(r->pool, c.total),
                    "cursor", apr_off_t_toa(r->pool, c.cursor), NULL);
    }
    else if (paged) {
        /* The last part of a split list ends with an empty token. */
        kc_xml_elem(o->x, "resumptionToken", NULL,
                    "completeListSize", apr_off_t_toa(r->pool, c.total),
                    "cursor", apr_off_t_toa(r->pool, c.cursor), NULL);
    }
    kc_xml_end(o->x);
    return OK;
}
