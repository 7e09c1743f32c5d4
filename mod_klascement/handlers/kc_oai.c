/*
 * kc_oai.c -- OAI-PMH 2.0 at /oai (GET, and POST urlencoded): a read-only
 * public protocol, so no login and no CSRF token, and its POST is flagged
 * KC_ROUTE_PRIVATE (it changes nothing, the page cache stays). Every value
 * goes through the XML writer (core/kc_xml.c). Answers are 200 with the
 * protocol's <error> elements; badVerb and badArgument are decided before
 * anything is written, because their <request> element carries no
 * attributes.
 */
#include "kc_oai.h"
#include "kc_handlers.h"
#include "../http/kc_body.h"
#include "../core/kc_form.h"

#include <apr_lib.h>
#include <apr_uri.h>
#include <http_core.h>

#define KC_OAI_NS "http://www.openarchives.org/OAI/2.0/"
#define KC_OAI_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define KC_OAI_ID_NS "http://www.openarchives.org/OAI/2.0/oai-identifier"

/* The verbs, and the arguments each takes (besides verb): required ones
 * start with '!'; ListIdentifiers/ListRecords take a resumptionToken
 * alone instead (checked in check_args). */
typedef struct {
    const char *verb;
    const char *const args[5];
} verb_args_t;

static const verb_args_t verbs[] = {
    { "Identify",            { NULL } },
    { "ListMetadataFormats", { "identifier", NULL } },
    { "ListSets",            { "resumptionToken", NULL } },
    { "GetRecord",           { "!identifier", "!metadataPrefix", NULL } },
    { "ListIdentifiers",     { "!metadataPrefix", "from", "until", "set", NULL } },
    { "ListRecords",         { "!metadataPrefix", "from", "until", "set", NULL } },
    { NULL, { NULL } }
};

apr_int64_t kc_oai_parse_id(const kc_oai_t *o, const char *identifier)
{
    size_t n = strlen(o->id_prefix);
    const char *digits;
    apr_int64_t id;

    if (!identifier || strncmp(identifier, o->id_prefix, n) != 0) {
        return 0;
    }
    digits = identifier + n;
    /* Canonical digits only: one record, one identifier. */
    if (!*digits || *digits == '0' || strlen(digits) > 18
        || strspn(digits, "0123456789") != strlen(digits)) {
        return 0;
    }
    id = apr_atoi64(digits);
    return id > 0 ? id : 0;
}

/* Every argument once, and only those the verb takes. Returns NULL or the
 * error code; *verb is the verb's entry when it is known. */
static int count_arg(void *data, const char *key, const char *value)
{
    apr_table_t *seen = data;
    (void)value;
    apr_table_set(seen, key, apr_table_get(seen, key) ? "2" : "1");
    return 1;
}

static const char *check_args(kc_oai_t *o, apr_table_t *raw,
                              const verb_args_t **vout, const char **why)
{
    apr_pool_t *p = o->req->r->pool;
    apr_table_t *seen = apr_table_make(p, 8);
    const apr_array_header_t *all;
    const apr_table_entry_t *e;
    const verb_args_t *v;
    const char *verb;
    int i, k, token;

    apr_table_do(count_arg, seen, raw, NULL);
    verb = apr_table_get(raw, "verb");
    for (v = verbs; v->verb && (!verb || strcmp(v->verb, verb)); v++) {
    }
    *vout = v->verb ? v : NULL;
    if (!v->verb || strcmp(apr_table_get(seen, "verb"), "1") != 0) {
        *why = verb ? "Unknown or repeated verb." : "No verb.";
        return "badVerb";
    }
    all = apr_table_elts(seen);
    e = (const apr_table_entry_t *)all->elts;
    token = apr_table_get(seen, "resumptionToken") != NULL;
    for (i = 0; i < all->nelts; i++) {
        int known = strcmp(e[i].key, "verb") == 0
                    || (token && strcmp(e[i].key, "resumptionToken") == 0
                        && !strncmp(v->verb, "List", 4));
        /* apr tables ignore case: compare exactly, names are case-sensitive. */
        for (k = 0; !known && v->args[k]; k++) {
            const char *name = v->args[k] + (v->args[k][0] == '!');
            known = strcmp(e[i].key, name) == 0;
        }
        if (!known || strcmp(e[i].val, "1") != 0) {
            *why = apr_psprintf(p, "Illegal or repeated argument: %s.", e[i].key);
            return "badArgument";
        }
    }
    if (token) {
        if (all->nelts != 2) {
            *why = "resumptionToken is an exclusive argument.";
            return "badArgument";
        }
        return NULL;
    }
    for (k = 0; v->args[k]; k++) {
        if (v->args[k][0] == '!' && !apr_table_get(raw, v->args[k] + 1)) {
            *why = apr_psprintf(p, "Missing argument: %s.", v->args[k] + 1);
            return "badArgument";
        }
    }
    return NULL;
}

/* from and until: valid, the same granularity, from <= until; normalised
 * to seconds in o->args. */
static const char *check_dates(kc_oai_t *o, const char **why)
{
    apr_pool_t *p = o->req->r->pool;
    const char *from = apr_table_get(o->args, "from");
    const char *until = apr_table_get(o->args, "until");
    const char *f = "", *u = "";
    int gf = 0, gu = 0;

    if ((from && !(gf = kc_oai_date(p, from, 0, &f)))
        || (until && !(gu = kc_oai_date(p, until, 1, &u)))) {
        *why = "from and until are YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.";
        return "badArgument";
    }
    if (from && until && (gf != gu || strcmp(f, u) > 0)) {
        *why = gf != gu ? "from and until differ in granularity."
                        : "from is later than until.";
        return "badArgument";
    }
    apr_table_setn(o->args, "kc-from", f);
    apr_table_setn(o->args, "kc-until", u);
    return NULL;
}

/* The arguments of a GET query string or a POST body. */
static int read_args(kc_oai_t *o, apr_table_t **raw, int *malformed)
{
    request_rec *r = o->req->r;
    const char *bad;

    *malformed = 0;
    if (r->method_number == M_POST) {
        int rc = kc_body_form(o->req, raw, &bad);
        if (rc == HTTP_BAD_REQUEST) {
            *malformed = 1;
            *raw = apr_table_make(r->pool, 1);
            return OK;
        }
        return rc;
    }
    if (kc_form_parse_urlencoded(raw, r->pool, r->args ? r->args : "",
                                 r->args ? strlen(r->args) : 0, 64, &bad)
        != APR_SUCCESS || kc_form_control_field(*raw)) {
        *malformed = 1;
        *raw = apr_table_make(r->pool, 1);
    }
    return OK;
}

static void set_urls(kc_oai_t *o)
{
    request_rec *r = o->req->r;
    const char *base = kc_site_url(o->req);
    apr_uri_t uri;
    const char *host = NULL;

    if (apr_uri_parse(r->pool, base, &uri) == APR_SUCCESS) {
        host = uri.hostname;
    }
    o->site = base;
    o->host = host ? host : ap_get_server_name(r);
    o->base = apr_pstrcat(r->pool, base, "/oai", NULL);
    o->id_prefix = apr_pstrcat(r->pool, "oai:", o->host, ":record:", NULL);
}

static void write_envelope(kc_oai_t *o, const char *verb, int with_attrs)
{
    char date[32];
    apr_size_t len;
    apr_time_exp_t t;

    apr_time_exp_gmt(&t, apr_time_now());
    apr_strftime(date, &len, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &t);
    kc_xml_start(o->x, "OAI-PMH", "xmlns", KC_OAI_NS, "xmlns:xsi", KC_OAI_XSI,
                 "xsi:schemaLocation", KC_OAI_NS " " KC_OAI_NS "OAI-PMH.xsd",
                 NULL);
    kc_xml_elem(o->x, "responseDate", date, NULL);
    if (with_attrs) {
        const apr_table_t *a = o->args;
        kc_xml_elem(o->x, "request", o->base, "verb", verb,
                    "identifier", apr_table_get(a, "identifier"),
                    "metadataPrefix", apr_table_get(a, "metadataPrefix"),
                    "from", apr_table_get(a, "from"),
                    "until", apr_table_get(a, "until"),
                    "set", apr_table_get(a, "set"),
                    "resumptionToken", apr_table_get(a, "resumptionToken"),
                    NULL);
    }
    else {
        kc_xml_elem(o->x, "request", o->base, NULL);
    }
}

static int send_xml(kc_oai_t *o)
{
    request_rec *r = o->req->r;
    const char *body;
    apr_size_t len;

    if (kc_xml_finish(o->x, &body, &len) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, KC_LOGNO(0340)
                      "unbalanced OAI-PMH document");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    r->status = HTTP_OK;
    ap_set_content_type(r, "text/xml; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)len);
    apr_table_setn(r->headers_out, "Cache-Control", "no-cache");
    if (!r->header_only) {
        ap_rwrite(body, (int)len, r);
    }
    return OK;
}

/* 1 when host is a domain name as the oai-identifier scheme wants it
 * (labels starting with a letter, at least two): an IP address is not. */
static int domain_name(const char *host)
{
    int labels = 0, start = 1;
    const char *s;

    for (s = host; *s; s++) {
        if (start) {
            if (!apr_isalpha(*s)) {
                return 0;
            }
            labels++;
            start = 0;
        }
        else if (*s == '.') {
            start = 1;
        }
        else if (!apr_isalnum(*s) && *s != '-') {
            return 0;
        }
    }
    return labels >= 2 && !start;
}

/* The oai-identifier description (OAI-PMH guidelines): our identifiers
 * are oai:<host>:record:<id>. Only when the host can be a
 * repositoryIdentifier. */
static void identifier_description(kc_oai_t *o)
{
    if (!domain_name(o->host)) {
        return;
    }
    kc_xml_start(o->x, "description", NULL);
    kc_xml_start(o->x, "oai-identifier", "xmlns", KC_OAI_ID_NS,
                 "xmlns:xsi", KC_OAI_XSI,
                 "xsi:schemaLocation", KC_OAI_ID_NS
                 " http://www.openarchives.org/OAI/2.0/oai-identifier.xsd",
                 NULL);
    kc_xml_elem(o->x, "scheme", "oai", NULL);
    kc_xml_elem(o->x, "repositoryIdentifier", o->host, NULL);
    kc_xml_elem(o->x, "delimiter", ":", NULL);
    kc_xml_elem(o->x, "sampleIdentifier",
                apr_pstrcat(o->req->r->pool, o->id_prefix, "1", NULL), NULL);
    kc_xml_end(o->x);
    kc_xml_end(o->x);
}

static int verb_identify(kc_oai_t *o)
{
    request_rec *r = o->req->r;
    const char *earliest, *admin = r->server->server_admin;
    apr_status_t rv = kc_store_oai_earliest(&earliest, r);

    if (rv != APR_SUCCESS) {
        return kc_oai_store_failed(o, rv);
    }
    /* adminEmail is required, and an address with a dotted domain:
     * ServerAdmin when it is one (Debian's default, webmaster@localhost,
     * is not), else webmaster@ the host of the base URL. */
    if (!admin || !ap_strchr_c(admin, '@')
        || !ap_strchr_c(ap_strchr_c(admin, '@'), '.')) {
        admin = apr_pstrcat(r->pool, "webmaster@", o->host, NULL);
    }
    kc_xml_start(o->x, "Identify", NULL);
    kc_xml_elem(o->x, "repositoryName", "KlasCement", NULL);
    kc_xml_elem(o->x, "baseURL", o->base, NULL);
    kc_xml_elem(o->x, "protocolVersion", "2.0", NULL);
    kc_xml_elem(o->x, "adminEmail", admin, NULL);
    kc_xml_elem(o->x, "earliestDatestamp", earliest, NULL);
    /* Taken-down and removed records answer as deleted, for good. */
    kc_xml_elem(o->x, "deletedRecord", "persistent", NULL);
    kc_xml_elem(o->x, "granularity", "YYYY-MM-DDThh:mm:ssZ", NULL);
    identifier_description(o);
    kc_xml_end(o->x);
    return OK;
}

static int verb_formats(kc_oai_t *o)
{
    const char *identifier = apr_table_get(o->args, "identifier");

    if (identifier) {
        kc_oai_record_t *rec;
        apr_int64_t id = kc_oai_parse_id(o, identifier);
        apr_status_t rv = id ? kc_store_oai_get(&rec, o->req->r, id) : APR_ENOENT;
        if (APR_STATUS_IS_ENOENT(rv)) {
            return kc_oai_error(o, "idDoesNotExist", "No such record.");
        }
        if (rv != APR_SUCCESS) {
            return kc_oai_store_failed(o, rv);
        }
    }
    kc_xml_start(o->x, "ListMetadataFormats", NULL);
    kc_xml_start(o->x, "metadataFormat", NULL);
    kc_xml_elem(o->x, "metadataPrefix", "oai_dc", NULL);
    kc_xml_elem(o->x, "schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                NULL);
    kc_xml_elem(o->x, "metadataNamespace",
                "http://www.openarchives.org/OAI/2.0/oai_dc/", NULL);
    kc_xml_end(o->x);
    kc_xml_start(o->x, "metadataFormat", NULL);
    kc_xml_elem(o->x, "metadataPrefix", "lom", NULL);
    kc_xml_elem(o->x, "schema", "http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd",
                NULL);
    kc_xml_elem(o->x, "metadataNamespace", "http://ltsc.ieee.org/xsd/LOM",
                NULL);
    kc_xml_end(o->x);
    kc_xml_end(o->x);
    return OK;
}

static int verb_sets(kc_oai_t *o)
{
    apr_array_header_t *sets;
    apr_status_t rv;
    int i;

    /* The sets fit in one answer: we never hand out a token for them. */
    if (apr_table_get(o->args, "resumptionToken")) {
        return kc_oai_error(o, "badResumptionToken",
                            "ListSets is never split: no token is valid.");
    }
    if ((rv = kc_store_oai_sets(&sets, o->req->r)) != APR_SUCCESS) {
        return kc_oai_store_failed(o, rv);
    }
    kc_xml_start(o->x, "ListSets", NULL);
    for (i = 0; i < sets->nelts; i++) {
        const kc_oai_set_t *set = &APR_ARRAY_IDX(sets, i, kc_oai_set_t);
        kc_xml_start(o->x, "set", NULL);
        kc_xml_elem(o->x, "setSpec", set->spec, NULL);
        kc_xml_elem(o->x, "setName", set->name, NULL);
        kc_xml_end(o->x);
    }
    kc_xml_end(o->x);
    return OK;
}

static int verb_get(kc_oai_t *o)
{
    kc_oai_record_t *rec;
    apr_int64_t id = kc_oai_parse_id(o, apr_table_get(o->args, "identifier"));
    apr_status_t rv = id ? kc_store_oai_get(&rec, o->req->r, id) : APR_ENOENT;

    if (APR_STATUS_IS_ENOENT(rv)) {
        return kc_oai_error(o, "idDoesNotExist", "No such record.");
    }
    if (rv != APR_SUCCESS) {
        return kc_oai_store_failed(o, rv);
    }
    if (!kc_oai_format_ok(apr_table_get(o->args, "metadataPrefix"))) {
        return kc_oai_error(o, "cannotDisseminateFormat",
                            "Formats: see ListMetadataFormats.");
    }
    kc_xml_start(o->x, "GetRecord", NULL);
    kc_oai_write_record(o, rec, apr_table_get(o->args, "metadataPrefix"));
    kc_xml_end(o->x);
    return OK;
}

static int run_verb(kc_oai_t *o, const char *verb)
{
    if (!strcmp(verb, "Identify"))            return verb_identify(o);
    if (!strcmp(verb, "ListMetadataFormats")) return verb_formats(o);
    if (!strcmp(verb, "ListSets"))            return verb_sets(o);
    if (!strcmp(verb, "GetRecord"))           return verb_get(o);
    return kc_oai_list(o, verb, !strcmp(verb, "ListRecords"));
}

/* GET and POST /oai. */
int kc_page_oai(kc_req_t *req, const kc_route_match_t *m)
{
    kc_oai_t o = { req, kc_xml_make(req->r->pool), NULL, NULL, NULL, NULL,
                   NULL };
    const verb_args_t *v = NULL;
    apr_table_t *raw;
    const char *code, *why = NULL;
    int malformed, rc;

    (void)m;
    if ((rc = read_args(&o, &raw, &malformed)) != OK) {
        return rc;
    }
    set_urls(&o);
    o.args = raw;
    code = malformed ? "badArgument" : check_args(&o, raw, &v, &why);
    if (!code) {
        code = check_dates(&o, &why);
    }
    if (malformed) {
        why = "Malformed arguments.";
    }
    write_envelope(&o, v ? v->verb : NULL, !code);
    if (code) {
        kc_oai_error(&o, code, why);
    }
    else if ((rc = run_verb(&o, v->verb)) != OK) {
        return rc;
    }
    kc_xml_end(o.x);
    return send_xml(&o);
}
