/*
 * kc_ical_feeds.c -- iCalendar (RFC 5545, text/calendar) beside the HTML
 * pages: /calendar.ics (every calendar activity) and /training.ics (those
 * of training organisations), ?subject= (a subject code, as on /records)
 * and ?province= (the organisation's province, as on /training). One
 * VEVENT a record, from 30 days ago on: UID record-ID@host, DTSTAMP the
 * last change, DTSTART/DTEND in UTC (dates for a day event), SUMMARY,
 * DESCRIPTION (what a visitor sees), URL, LOCATION. Through core/kc_ical.c.
 */
#include "kc_page.h"
#include "../core/kc_ical.h"
#include "../store/kc_store_feeds.h"

#include <apr_uri.h>

#define KC_ICS_SIZE 500

static const char *site_host(kc_req_t *req, const char *site)
{
    apr_uri_t uri;
    if (apr_uri_parse(req->r->pool, site, &uri) == APR_SUCCESS
        && uri.hostname) {
        return uri.hostname;
    }
    return req->r->hostname ? req->r->hostname : "localhost";
}

static void vevent(kc_ical_t *c, kc_req_t *req, const char *site,
                   const char *host, const kc_feed_event_t *e)
{
    apr_pool_t *p = req->r->pool;
    const char *desc = e->excerpt_cut ? apr_pstrcat(p, e->excerpt, "…", NULL)
                                      : e->excerpt;

    if (e->organiser) {
        desc = apr_pstrcat(p, desc, *desc ? "\n" : "",
                           kc_msg(req, "calendar.organiser"), " ",
                           e->organiser, NULL);
    }
    kc_ical_value(c, "BEGIN", "VEVENT");
    kc_ical_value(c, "UID", apr_psprintf(p, "record-%" APR_INT64_T_FMT "@%s",
                                         e->id, host));
    kc_ical_value(c, "DTSTAMP", e->dtstamp);
    kc_ical_value(c, "LAST-MODIFIED", e->dtstamp);
    kc_ical_value(c, e->all_day ? "DTSTART;VALUE=DATE" : "DTSTART",
                  e->dtstart);
    kc_ical_value(c, e->all_day ? "DTEND;VALUE=DATE" : "DTEND", e->dtend);
    kc_ical_text(c, "SUMMARY", e->title);
    kc_ical_text(c, "DESCRIPTION", desc);
    kc_ical_value(c, "URL", apr_psprintf(p, "%s/records/%" APR_INT64_T_FMT,
                                         site, e->id));
    kc_ical_text(c, "LOCATION", e->place ? e->place : e->online_url);
    kc_ical_value(c, "END", "VEVENT");
}

static int ics(kc_req_t *req, int training)
{
    request_rec *r = req->r;
    const char *site = kc_site_url(req), *host = site_host(req, site);
    const char *subject = kc_arg(req, "subject");
    const char *province = kc_arg(req, "province");
    const char *bad = NULL, *body;
    apr_array_header_t *events;
    kc_ical_t *c = kc_ical_make(r->pool);
    apr_size_t len;
    int i;
    apr_status_t rv;

    subject = subject && *subject ? subject : NULL;
    province = province && *province ? province : NULL;
    rv = kc_store_feed_events(&events, &bad, r, training, subject, province,
                              KC_ICS_SIZE);
    if (rv == APR_EINVAL) {
        return kc_render_error(req, HTTP_BAD_REQUEST, bad);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_ical_value(c, "BEGIN", "VCALENDAR");
    kc_ical_value(c, "VERSION", "2.0");
    kc_ical_value(c, "PRODID", "-//KlasCement//mod_klascement//NL");
    kc_ical_value(c, "CALSCALE", "GREGORIAN");
    kc_ical_value(c, "METHOD", "PUBLISH");
    kc_ical_text(c, "X-WR-CALNAME", apr_pstrcat(r->pool, "KlasCement: ",
                 kc_msg(req, training ? "page.training.title"
                                      : "page.calendar.title"), NULL));
    for (i = 0; i < events->nelts; i++) {
        vevent(c, req, site, host,
               &APR_ARRAY_IDX(events, i, kc_feed_event_t));
    }
    kc_ical_value(c, "END", "VCALENDAR");
    if (kc_ical_finish(c, &body, &len) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, KC_LOGNO(0402)
                      "iCalendar writer misused");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return kc_send_body(req, "text/calendar; charset=utf-8",
                        "public, max-age=300", body, len);
}

/* GET /calendar.ics */
int kc_page_calendar_ics(kc_req_t *req, const kc_route_match_t *m)
{
    (void)m;
    return ics(req, 0);
}

/* GET /training.ics */
int kc_page_training_ics(kc_req_t *req, const kc_route_match_t *m)
{
    (void)m;
    return ics(req, 1);
}
