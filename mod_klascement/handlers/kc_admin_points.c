/*
 * kc_admin_points.c -- /admin/points: the rule values the team edits, and
 * individual grants (from a member's admin page, or from a record's admin
 * page to its author). Campaigns and milestones: kc_admin_campaigns.c.
 */
#include "kc_page.h"
#include "../store/kc_store_records.h"
#include "../core/kc_validate.h"

#include <apr_lib.h>
#include <apr_strings.h>

/* Rules whose values are not the team's to edit: the read cost follows
 * KlasCementDetailCost, a grant is any amount (kc_point_rule_set agrees). */
static int rule_editable(const char *event)
{
    return strcmp(event, "read") != 0 && strcmp(event, "grant") != 0;
}

/* A whole number in [lo, hi] written in decimal, or "" when blank and
 * `blank_ok`; anything else is refused. */
static int valid_number(const char *s, apr_int64_t lo, apr_int64_t hi,
                        int blank_ok)
{
    char *end;
    apr_int64_t v;

    if (!*s) {
        return blank_ok;
    }
    errno = 0;
    v = apr_strtoi64(s, &end, 10);
    return errno == 0 && *end == '\0' && end != s && v >= lo && v <= hi
           && (apr_isdigit(*s) || *s == '-');
}

int kc_page_admin_points(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *rules;
    kc_tlist_t *list;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if ((rv = kc_store_point_rules(&rules, req->r, req->lang)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "rules");
    for (i = 0; i < rules->nelts; i++) {
        const kc_point_rule_t *p = &APR_ARRAY_IDX(rules, i, kc_point_rule_t);
        kc_tctx_t *item;
        if (!rule_editable(p->event)) {
            continue;
        }
        item = kc_tlist_push(list);
        kc_tctx_set(item, "event", p->event);
        kc_tctx_set(item, "name", p->name);
        kc_tctx_set(item, "points", kc_i64(req, p->points));
        kc_tctx_set(item, "points_max", p->points_max ? p->points_max : "");
        kc_tctx_set(item, "daily_cap", p->daily_cap ? p->daily_cap : "");
    }
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/points",
                          kc_msg(req, "page.admin_points.title"));
}

/* POST /admin/points/{event}: points, points_max (blank: none), daily_cap
 * (blank: none). */
int kc_page_admin_rule_set(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[5], *result;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = m->tail;
    args[2] = kc_trim(req->r->pool, kc_form_text(req, form, "points"));
    args[3] = kc_trim(req->r->pool, kc_form_text(req, form, "points_max"));
    args[4] = kc_trim(req->r->pool, kc_form_text(req, form, "daily_cap"));
    if (!valid_number(args[2], 0, 100000, 0)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "points");
    }
    if (!valid_number(args[3], 0, 100000, 1)
        || (*args[3] && apr_atoi64(args[3]) < apr_atoi64(args[2]))) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "points_max");
    }
    if (!valid_number(args[4], 0, 10000, 1)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "daily_cap");
    }
    rv = kc_store_action(&result, NULL, req->r, KC_Q_POINT_RULE_SET, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "invalid") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, NULL);
    }
    return kc_action_answer(req, result, "/admin/points", "rule_saved");
}

/* A fresh one-time key for a grant form: a double submit of the same form
 * pays once (kc_points_grant answers 'already'). */
const char *kc_grant_key(kc_req_t *req)
{
    unsigned char raw[16];
    char *hex = apr_palloc(req->r->pool, sizeof(raw) * 2 + 1);
    int i;

    if (apr_generate_random_bytes(raw, sizeof(raw)) != APR_SUCCESS) {
        return "";                 /* the form is refused, nothing paid */
    }
    for (i = 0; i < (int)sizeof(raw); i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    }
    return hex;
}

static int valid_key(const char *k)
{
    int i;
    for (i = 0; k[i]; i++) {
        if (!apr_isxdigit(k[i])) {
            return 0;
        }
    }
    return i >= 16 && i <= 64;
}

/* POST /admin/members/{id}/grant: amount (negative: a correction), reason
 * (shown to the member), reward (optional symbolic reward), key (the
 * form's), record (optional: from the record's admin page, whose author
 * the member must be; then back to that page). */
int kc_page_admin_grant(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[7], *result, *back;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_trim(req->r->pool, kc_form_text(req, form, "amount"));
    args[3] = kc_trim(req->r->pool, kc_form_text(req, form, "reason"));
    args[4] = kc_trim(req->r->pool, kc_form_text(req, form, "reward"));
    args[5] = kc_trim(req->r->pool, kc_form_text(req, form, "record"));
    args[6] = kc_form_text(req, form, "key");
    if (!valid_number(args[2], -100000, 100000, 0)
        || (apr_atoi64(args[2]) == 0 && !*args[4])) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "amount");
    }
    if (!*args[3] || kc_utf8_chars(args[3]) > 2000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "reason");
    }
    if (kc_utf8_chars(args[4]) > 500) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "reward");
    }
    if (!valid_number(args[5], 1, APR_INT64_MAX, 1)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "record");
    }
    if (!valid_key(args[6])) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "key");
    }
    back = *args[5] ? apr_pstrcat(req->r->pool, "/admin/records/", args[5],
                                  NULL)
                    : apr_pstrcat(req->r->pool, "/admin/members/", args[1],
                                  NULL);
    rv = kc_store_action(&result, NULL, req->r, KC_Q_POINTS_GRANT, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "balance") == 0 || strcmp(result, "invalid") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "amount");
    }
    return kc_action_answer(req, result, back, "granted");
}
