/*
 * kc_store_webinars.h -- webinars (SQL: kc_sql_webinars.h; the changes are
 * kc_store_action() calls with KC_Q_WEBINAR_SAVE, KC_Q_WEBINAR_SIGNUP,
 * KC_Q_WEBINAR_CANCEL; sql/functions/webinars.sql).
 */
#ifndef KC_STORE_WEBINARS_H
#define KC_STORE_WEBINARS_H

#include "kc_store.h"

typedef struct {
    apr_int64_t id, presenter_id;      /* presenter_id 0: not a member */
    const char *title, *description, *presenter_name;
    const char *starts;                /* YYYY-MM-DD HH:MI, Brussels */
    const char *starts_input;          /* YYYY-MM-DDTHH:MI, for a form */
    int duration, capacity, signups, places_left;
    int started, over;                 /* sign-up closed; it has ended */
    int cancelled;                     /* by the team (admin list only) */
    const char *cancelled_on;          /* local date and time, or "" */
    const char *meeting_url;           /* NULL unless the viewer may see it */
    const char *recording_url;         /* "" when there is none */
    int signed_up, sees_questions;     /* the viewer's */
    const char *my_question;
    const char *subjects, *levels;     /* names, ", " between */
    const char *subject_ids, *level_ids;   /* "1,2" */
    const char *dtstart, *dtend, *dtstamp; /* UTC, iCalendar form */
} kc_webinar_t;

typedef struct {
    const char *name, *question, *signed_up;
} kc_webinar_signup_t;

/* mode "coming" | "past" | "admin"; viewer 0 for a visitor. */
apr_status_t kc_store_webinars_list(apr_array_header_t **out, request_rec *r,
                                    const char *labels, apr_int64_t viewer,
                                    const char *mode);
/* APR_NOTFOUND when there is no such webinar. */
apr_status_t kc_store_webinar_get(kc_webinar_t **out, request_rec *r,
                                  const char *labels, apr_int64_t viewer,
                                  apr_int64_t id);
/* The sign-ups with their questions (kc_webinar_signup_t). */
apr_status_t kc_store_webinar_signups(apr_array_header_t **out,
                                      request_rec *r, apr_int64_t id);

#endif
