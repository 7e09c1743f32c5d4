/*
 * kc_request.c -- per-request state, query arguments, language choice.
 */
#include "kc_http.h"
#include "kc_session.h"
#include "../core/kc_form.h"

#include <apr_lib.h>
#include <util_script.h>

kc_req_t *kc_req(request_rec *r)
{
    kc_rconf_t *rc = kc_rconf(r);
    kc_req_t *req = rc->req;
    const kc_srv_conf_t *conf;
    const char *country;

    if (req) {
        return req;
    }
    conf = kc_srv_conf(r->server);
    if (!conf->templates) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, KC_LOGNO(0031)
                      "KlasCementTemplateDir is not set for this server");
        return NULL;
    }
    req = apr_pcalloc(r->pool, sizeof(*req));
    req->r = r;
    req->conf = conf;
    req->ctx = kc_tctx_make(r->pool);
    /* As a form is read ('+' is a space, which ap_args_to_table() leaves
     * alone: "q=breuken+vergelijken" would be one word), so that a saved
     * search string and the address bar mean the same. A malformed query
     * string is refused by the router (400 naming the field). */
    if (kc_form_parse_urlencoded(&req->args, r->pool, r->args ? r->args : "",
                                 r->args ? strlen(r->args) : 0,
                                 KC_MAX_QUERY_FIELDS, &req->args_bad)
        != APR_SUCCESS) {
        if (!req->args_bad) {
            req->args_bad = "query";    /* too many fields */
        }
        req->args = apr_table_make(r->pool, 1);
    }
    req->lang = kc_lang_negotiate(r, conf);
    /* A member's own settings come first: language, and the country whose
     * school system names levels and subjects. Visitors see the Flemish
     * names unless they ask for the Dutch system (?country=nl). */
    {
        kc_session_t *s = kc_session(r, NULL);
        if (s && s->lang) {
            req->lang = s->lang;
        }
        country = kc_arg(req, "country");
        if (!country && s && s->country && strcmp(s->country, "NL") == 0) {
            country = "nl";
        }
    }
    if (strcmp(req->lang, "en") == 0) {
        req->labels = "en";
    }
    else if (country && strcmp(country, "nl") == 0) {
        req->labels = "nl";
    }
    else {
        req->labels = "be";
    }
    rc->req = req;
    return req;
}

const char *kc_arg(kc_req_t *req, const char *name)
{
    return req->args ? apr_table_get(req->args, name) : NULL;
}

apr_status_t kc_arg_int(kc_req_t *req, const char *name, apr_int64_t dflt,
                        apr_int64_t min, apr_int64_t max, apr_int64_t *out)
{
    const char *s = kc_arg(req, name);
    apr_int64_t v = 0;
    const char *c;

    if (!s) {
        *out = dflt;
        return APR_SUCCESS;
    }
    if (!*s || strlen(s) > 18) {
        return APR_EINVAL;
    }
    for (c = s; *c; c++) {
        if (!apr_isdigit(*c)) {
            return APR_EINVAL;
        }
        v = v * 10 + (*c - '0');
    }
    if (v < min || v > max) {
        return APR_EINVAL;
    }
    *out = v;
    return APR_SUCCESS;
}

/* Best of nl/en in an Accept-Language header, by q then by order. */
static const char *accept_language(request_rec *r)
{
    const char *h = apr_table_get(r->headers_in, "Accept-Language");
    const char *best = NULL;
    double best_q = 0.0;
    char *copy, *last, *item;

    if (!h) {
        return NULL;
    }
    copy = apr_pstrdup(r->pool, h);
    for (item = apr_strtok(copy, ",", &last); item;
         item = apr_strtok(NULL, ",", &last)) {
        const char *lang = NULL;
        char *qp = strstr(item, ";q=");
        double q = qp ? atof(qp + 3) : 1.0;
        while (*item == ' ') {
            item++;
        }
        if (strncasecmp(item, "nl", 2) == 0 && !apr_isalpha(item[2])) {
            lang = "nl";
        }
        else if (strncasecmp(item, "en", 2) == 0 && !apr_isalpha(item[2])) {
            lang = "en";
        }
        if (lang && q > best_q) {
            best = lang;
            best_q = q;
        }
    }
    return best;
}

const char *kc_lang_negotiate(request_rec *r, const kc_srv_conf_t *conf)
{
    const char *lang = kc_cookie(r, "kc_lang");

    if (lang && (strcmp(lang, "nl") == 0 || strcmp(lang, "en") == 0)) {
        return lang;
    }
    lang = accept_language(r);
    return lang ? lang : conf->default_lang;
}

int kc_wants_json(kc_req_t *req)
{
    const char *format = kc_arg(req, "format");
    const char *accept = apr_table_get(req->r->headers_in, "Accept");

    if (format) {
        return strcmp(format, "json") == 0;
    }
    return accept && strstr(accept, "application/json")
           && !strstr(accept, "text/html");
}
