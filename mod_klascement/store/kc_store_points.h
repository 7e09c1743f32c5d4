/*
 * kc_store_points.h -- the points economy the team runs: campaigns,
 * milestones, the members it may reward (SQL: kc_sql_points.h; the
 * actions are kc_store_action() calls with KC_Q_POINTS_GRANT ...).
 */
#ifndef KC_STORE_POINTS_H
#define KC_STORE_POINTS_H

#include "kc_store.h"

typedef struct {
    apr_int64_t id, extra, paid;
    const char *name, *factor;            /* factor "" when it is an extra */
    const char *starts, *ends;            /* YYYY-MM-DD HH:MI, Brussels */
    const char *events, *kinds, *levels, *subjects;   /* names, "" = any */
    const char *state;                    /* admin list: future|active|over */
} kc_campaign_t;

/* The campaigns in force now (kc_campaign_t; state and paid unset). */
apr_status_t kc_store_campaigns_active(apr_array_header_t **out,
                                       request_rec *r, const char *lang,
                                       const char *labels);
/* Every campaign, newest first (up to 200). */
apr_status_t kc_store_campaigns_admin(apr_array_header_t **out,
                                      request_rec *r, const char *lang,
                                      const char *labels);

typedef struct {
    apr_int64_t id, points, paid, left;
    const char *name, *state, *at_members, *country, *levels, *subjects;
    const char *done;
} kc_milestone_t;

apr_status_t kc_store_milestones_admin(apr_array_header_t **out,
                                       request_rec *r, const char *labels);
/* One batch of milestone `id` as `admin`: *paid members paid (0: none
 * left or not due), -1 when `admin` is not an admin. */
apr_status_t kc_store_milestone_pay_step(apr_int64_t *paid, request_rec *r,
                                         apr_int64_t admin, apr_int64_t id,
                                         int batch);

/* How many milestones are due (waiting to be paid, or paid in part). */
apr_status_t kc_store_milestones_due(apr_int64_t *n, request_rec *r);

typedef struct {
    apr_int64_t id, n;
    const char *name, *email, *role;
} kc_member_top_t;

/* what: contributions | reactions | points; from/to: YYYY-MM-DD. */
apr_status_t kc_store_members_top(apr_array_header_t **out, request_rec *r,
                                  const char *what, const char *from,
                                  const char *to);

#endif
