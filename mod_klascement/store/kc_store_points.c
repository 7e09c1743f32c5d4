/*
 * kc_store_points.c -- typed results for the points economy's pages.
 */
#include "kc_store_points.h"
#include "kc_sql_points.h"

/* The columns both campaign lists share (the admin list's come first). */
#define CAMPAIGN_FIELDS(S, c, rows, row)                                      \
    do {                                                                      \
        (c)->id = kc_row_i64(rows, row, KC_C_##S##_ID);                       \
        (c)->name = kc_row_str(rows, row, KC_C_##S##_NAME);                   \
        (c)->factor = kc_row_str(rows, row, KC_C_##S##_FACTOR);               \
        (c)->extra = kc_row_i64(rows, row, KC_C_##S##_EXTRA);                 \
        (c)->starts = kc_row_str(rows, row, KC_C_##S##_STARTS);               \
        (c)->ends = kc_row_str(rows, row, KC_C_##S##_ENDS);                   \
        (c)->events = kc_row_str(rows, row, KC_C_##S##_EVENTS);               \
        (c)->kinds = kc_row_str(rows, row, KC_C_##S##_KINDS);                 \
        (c)->levels = kc_row_str(rows, row, KC_C_##S##_LEVELS);               \
        (c)->subjects = kc_row_str(rows, row, KC_C_##S##_SUBJECTS);           \
    } while (0)

apr_status_t kc_store_campaigns_active(apr_array_header_t **out,
                                       request_rec *r, const char *lang,
                                       const char *labels)
{
    const char *args[2] = { lang, labels };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_CAMPAIGNS_ACTIVE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_campaign_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_campaign_t *c = apr_array_push(*out);
        CAMPAIGN_FIELDS(CAMPAIGNS_ACTIVE, c, rows, row);
        c->state = "active";
        c->paid = 0;
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_campaigns_admin(apr_array_header_t **out,
                                      request_rec *r, const char *lang,
                                      const char *labels)
{
    const char *args[2] = { lang, labels };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_CAMPAIGNS_ADMIN, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_campaign_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_campaign_t *c = apr_array_push(*out);
        CAMPAIGN_FIELDS(CAMPAIGNS_ADMIN, c, rows, row);
        c->state = kc_row_str(rows, row, KC_C_CAMPAIGNS_ADMIN_STATE);
        c->paid = kc_row_i64(rows, row, KC_C_CAMPAIGNS_ADMIN_PAID);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_milestones_admin(apr_array_header_t **out,
                                       request_rec *r, const char *labels)
{
    const char *args[1] = { labels };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MILESTONES_ADMIN, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_milestone_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_milestone_t *p = apr_array_push(*out);
#define COL(col) KC_C_MILESTONES_ADMIN_##col
        p->id = kc_row_i64(rows, row, COL(ID));
        p->name = kc_row_str(rows, row, COL(NAME));
        p->points = kc_row_i64(rows, row, COL(POINTS));
        p->state = kc_row_str(rows, row, COL(STATE));
        p->at_members = kc_row_str(rows, row, COL(AT_MEMBERS));
        p->country = kc_row_str(rows, row, COL(COUNTRY));
        p->levels = kc_row_str(rows, row, COL(LEVELS));
        p->subjects = kc_row_str(rows, row, COL(SUBJECTS));
        p->paid = kc_row_i64(rows, row, COL(PAID));
        p->left = kc_row_i64(rows, row, COL(LEFT_COUNT));
        p->done = kc_row_str(rows, row, COL(DONE));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_milestone_pay_step(apr_int64_t *paid, request_rec *r,
                                         apr_int64_t admin, apr_int64_t id,
                                         int batch)
{
    const char *args[3] = { kc_arg_i64(r->pool, admin),
                            kc_arg_i64(r->pool, id),
                            kc_arg_i64(r->pool, batch) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MILESTONE_PAY_STEP, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *paid = rows->nrows ? kc_row_i64(rows, 0, KC_C_VALUE) : 0;
    return APR_SUCCESS;
}

apr_status_t kc_store_members_top(apr_array_header_t **out, request_rec *r,
                                  const char *what, const char *from,
                                  const char *to)
{
    const char *args[3] = { what, from, to };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBERS_TOP, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_member_top_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_member_top_t *t = apr_array_push(*out);
        t->id = kc_row_i64(rows, row, KC_C_MEMBERS_TOP_ID);
        t->name = kc_row_str(rows, row, KC_C_MEMBERS_TOP_NAME);
        t->email = kc_row_str(rows, row, KC_C_MEMBERS_TOP_EMAIL);
        t->role = kc_row_str(rows, row, KC_C_MEMBERS_TOP_ROLE);
        t->n = kc_row_i64(rows, row, KC_C_MEMBERS_TOP_N);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_milestones_due(apr_int64_t *n, request_rec *r)
{
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MILESTONES_DUE, NULL);

    if (rv == APR_SUCCESS) {
        *n = rows->nrows ? kc_row_i64(rows, 0, KC_C_VALUE) : 0;
    }
    return rv;
}
