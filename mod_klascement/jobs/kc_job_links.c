/*
 * kc_job_links.c -- the "links" job: the links of published records,
 * checked over HTTP(S) outside any request. HEAD first (cheap for the other
 * site), GET when a server refuses HEAD; redirects followed; connect and
 * total timeouts; at most one request per host a second; at most
 * KlasCementLinkCheckBatch links a run. The verdict (failing, dead after
 * three failures in a row, recovered) is kept by kc_link_checked
 * (sql/functions/links.sql), which raises the report and notifications.
 *
 * libcurl, because APR has no TLS and most links are https. The run holds
 * the job runner's thread (a mod_watchdog thread, never a request), so
 * pausing for the per-host pace costs no visitor anything.
 */
#include "kc_jobs.h"
#include "../store/kc_store_jobs.h"

#include <apr_hash.h>
#include <apr_uri.h>
#include <curl/curl.h>

#define KC_LINK_PACE      apr_time_from_sec(1)
#define KC_LINK_REDIRECTS 5L

static int curl_ready;

/* curl_global_init is not thread-safe: called from post_config, before
 * httpd starts any thread (the watchdog's included). */
apr_status_t kc_job_links_init(server_rec *s)
{
    if (!curl_ready) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, KC_LOGNO(0320)
                         "libcurl could not be initialised: the dead-links "
                         "job checks no links");
            return APR_EGENERAL;
        }
        curl_ready = 1;
    }
    return APR_SUCCESS;
}

/* One run's client: a curl handle (its connections reused between
 * checks) and when each host was last asked. */
typedef struct {
    kc_job_ctx_t *ctx;
    CURL *curl;
    apr_hash_t *last;          /* host -> apr_time_t * */
    const char *agent;
    long timeout;
    char errbuf[CURL_ERROR_SIZE];
    int got_body;              /* a GET reached the body: enough */
} kc_checker_t;

/* The body of a GET is not wanted: stop at its first bytes. */
static size_t stop_at_body(char *data, size_t size, size_t n, void *arg)
{
    kc_checker_t *c = arg;
    c->got_body = 1;
    return 0;
}

/* At most one request per host a second within a run. */
static void pace(kc_checker_t *c, const char *url)
{
    apr_uri_t uri;
    apr_time_t now = apr_time_now(), *last;
    const char *host;

    if (apr_uri_parse(c->ctx->pool, url, &uri) != APR_SUCCESS
        || !uri.hostname) {
        return;
    }
    host = apr_pstrdup(c->ctx->pool, uri.hostname);
    ap_str_tolower((char *)host);
    last = apr_hash_get(c->last, host, APR_HASH_KEY_STRING);
    if (!last) {
        last = apr_palloc(c->ctx->pool, sizeof(*last));
        apr_hash_set(c->last, host, APR_HASH_KEY_STRING, last);
    }
    else if (now < *last + KC_LINK_PACE) {
        apr_sleep(*last + KC_LINK_PACE - now);
    }
    *last = apr_time_now();
}

/* One request; *status the final HTTP status (0: none). */
static CURLcode request(kc_checker_t *c, const char *url, int head,
                        long *status)
{
    CURL *h = c->curl;
    CURLcode rc;

    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);     /* threads: no alarms */
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, KC_LINK_REDIRECTS);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->timeout);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
    curl_easy_setopt(h, CURLOPT_USERAGENT, c->agent);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
    curl_easy_setopt(h, CURLOPT_NOBODY, head ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, stop_at_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
    c->errbuf[0] = '\0';
    c->got_body = 0;
    pace(c, url);
    rc = curl_easy_perform(h);
    if (rc == CURLE_WRITE_ERROR && c->got_body) {
        rc = CURLE_OK;                  /* we stopped it after the headers */
    }
    *status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    return rc;
}

/* Check one link: *ok, *status, *error (NULL when it works). */
static void check(kc_checker_t *c, const char *url, int *ok, long *status,
                  const char **error)
{
    CURLcode rc = request(c, url, 1, status);

    /* Servers that refuse HEAD (405, 501, 403, ...) may well serve a GET;
     * "not found" and "gone" are final, and a server that did not answer
     * HEAD in time will not answer GET either. */
    if (rc == CURLE_OK && *status >= 400 && *status != 404 && *status != 410) {
        rc = request(c, url, 0, status);
    }
    *ok = rc == CURLE_OK && *status >= 200 && *status < 400;
    if (*ok) {
        *error = NULL;
    }
    else if (rc != CURLE_OK) {
        *error = apr_pstrdup(c->ctx->pool, c->errbuf[0] ? c->errbuf
                                                        : curl_easy_strerror(rc));
    }
    else {
        *error = apr_psprintf(c->ctx->pool, "HTTP %ld", *status);
    }
}

apr_status_t kc_job_links(kc_job_ctx_t *ctx, apr_int64_t *rows,
                          const char **message)
{
    const kc_jobs_conf_t *j = &ctx->conf->jobs;
    apr_array_header_t *links;
    kc_checker_t c = { ctx, NULL, NULL, NULL, 0, "", 0 };
    int i, dead = 0;
    apr_status_t rv;

    *rows = 0;
    *message = NULL;
    if (!curl_ready) {
        *message = "libcurl is not initialised: no links checked";
        return APR_SUCCESS;
    }
    if ((rv = kc_links_due(&links, ctx->db, kc_config_link_batch(j)))
        != APR_SUCCESS || links->nelts == 0) {
        return rv;
    }
    if (!(c.curl = curl_easy_init())) {
        *message = "libcurl could not make a handle";
        return APR_ENOMEM;
    }
    c.last = apr_hash_make(ctx->pool);
    c.timeout = kc_config_link_timeout(j);
    c.agent = apr_pstrcat(ctx->pool, "KlasCement-linkcheck/1 (+",
                          ctx->conf->base_url ? ctx->conf->base_url
                                              : "https://www.klascement.net",
                          ")", NULL);
    for (i = 0; i < links->nelts && rv == APR_SUCCESS; i++) {
        const kc_link_t *l = &APR_ARRAY_IDX(links, i, kc_link_t);
        const char *error = NULL, *verdict = NULL;
        long status = 0;
        int ok = 0;

        check(&c, l->url, &ok, &status, &error);
        rv = kc_link_checked(&verdict, ctx->db, l->record_id, l->url, ok,
                             (int)status, error);
        if (rv == APR_SUCCESS) {
            (*rows)++;
            dead += verdict && strcmp(verdict, "dead") == 0;
            ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, ctx->s, KC_LOGNO(0321)
                         "link of record %" APR_INT64_T_FMT " (%s): %s%s%s",
                         l->record_id, l->url, verdict ? verdict : "?",
                         error ? ", " : "", error ? error : "");
        }
    }
    curl_easy_cleanup(c.curl);
    if (dead) {
        *message = apr_psprintf(ctx->pool, "%d dead", dead);
    }
    return rv;
}
