/*
 * kc_admin_campaigns.c -- /admin/campaigns (periods of extra points) and
 * /admin/milestones (points for every member, paid in batches).
 *
 * A milestone is paid by kc_milestone_pay_batch(), one short transaction
 * per batch of KC_MILESTONE_BATCH members (on the benchmark's data 3.5 ms,
 * p99 8 ms: the longest a concurrent award to one of those members waits;
 * batches of 1000 made such an award wait 25 ms). The
 * admin's POST runs batches one after the other, each its own statement,
 * for at most KC_MILESTONE_BUDGET seconds; what is left waits for the next
 * "continue paying", or the milestones job (jobs/kc_jobs.c) goes on with it.
 */
#include "kc_page.h"
#include "../store/kc_store_points.h"
#include "../store/kc_store_records.h"
#include "../core/kc_validate.h"

#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_time.h>

#define KC_MILESTONE_BATCH  100
#define KC_MILESTONE_BUDGET 3           /* seconds of one request */

/* An action function's answer, with 'invalid' (what the form checks did
 * not catch, e.g. an unknown event code) as a 400. */
static int run_action(kc_req_t *req, kc_query_id_t q, const char **args,
                      const char *back, const char *done)
{
    const char *result;
    apr_status_t rv = kc_store_action(&result, NULL, req->r, q, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "invalid") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, NULL);
    }
    return kc_action_answer(req, result, back, done);
}

/* ---- campaigns -------------------------------------------------------------- */

static void campaign_item(kc_req_t *req, kc_tctx_t *item,
                          const kc_campaign_t *c)
{
    kc_tctx_set(item, "id", kc_i64(req, c->id));
    kc_tctx_set(item, "name", c->name);
    kc_tctx_set(item, "factor", c->factor);
    kc_tctx_set_bool(item, "is_factor", *c->factor != '\0');
    kc_tctx_set(item, "extra", kc_i64(req, c->extra));
    kc_tctx_set(item, "starts", c->starts);
    kc_tctx_set(item, "ends", c->ends);
    kc_tctx_set(item, "events", c->events);
    kc_tctx_set(item, "kinds", c->kinds);
    kc_tctx_set(item, "levels", c->levels);
    kc_tctx_set(item, "subjects", c->subjects);
    kc_tctx_set_bool(item, "any_scope", !*c->events && !*c->kinds
                                        && !*c->levels && !*c->subjects);
    kc_tctx_set(item, "state", c->state);
    kc_tctx_set(item, "state_name", kc_msg(req, apr_pstrcat(
                    req->r->pool, "campaign.state.", c->state, NULL)));
    kc_tctx_set_bool(item, "endable", strcmp(c->state, "over") != 0);
    kc_tctx_set(item, "paid", kc_i64(req, c->paid));
}

/* The campaigns in force now as `campaigns` (home page, /points: for
 * visitors too). A failure only leaves the announcement out. */
void kc_campaigns_ctx(kc_req_t *req)
{
    apr_array_header_t *list;
    kc_tlist_t *out;
    int i;

    if (kc_store_campaigns_active(&list, req->r, req->lang, req->labels)
        != APR_SUCCESS) {
        return;
    }
    out = kc_tctx_list(req->ctx, "campaigns");
    for (i = 0; i < list->nelts; i++) {
        campaign_item(req, kc_tlist_push(out),
                      &APR_ARRAY_IDX(list, i, kc_campaign_t));
    }
}

/* The code/name checkbox list `key` (record kinds, events). */
static void code_choices(kc_req_t *req, const char *key,
                         const apr_array_header_t *all)
{
    kc_tlist_t *out = kc_tctx_list(req->ctx, key);
    int i;
    for (i = 0; i < all->nelts; i++) {
        const kc_code_name_t *k = &APR_ARRAY_IDX(all, i, kc_code_name_t);
        kc_tctx_t *item = kc_tlist_push(out);
        kc_tctx_set(item, "code", k->code);
        kc_tctx_set(item, "name", k->name);
    }
}

int kc_page_admin_campaigns(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *list, *rules, *kinds, *subjects, *levels, *events;
    kc_tlist_t *out;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    rv = kc_store_campaigns_admin(&list, req->r, req->lang, req->labels);
    if (rv == APR_SUCCESS) rv = kc_store_point_rules(&rules, req->r, req->lang);
    if (rv == APR_SUCCESS) rv = kc_store_kinds(&kinds, req->r, req->lang);
    if (rv == APR_SUCCESS) rv = kc_store_member_taxonomy(&subjects, &levels, req->r, 0, req->labels);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    out = kc_tctx_list(req->ctx, "list");
    for (i = 0; i < list->nelts; i++) {
        campaign_item(req, kc_tlist_push(out),
                      &APR_ARRAY_IDX(list, i, kc_campaign_t));
    }
    events = apr_array_make(req->r->pool, rules->nelts, sizeof(kc_code_name_t));
    for (i = 0; i < rules->nelts; i++) {
        const kc_point_rule_t *p = &APR_ARRAY_IDX(rules, i, kc_point_rule_t);
        if (p->campaigns) {
            kc_code_name_t *e = apr_array_push(events);
            e->code = p->event;
            e->name = p->name;
        }
    }
    code_choices(req, "events", events);
    code_choices(req, "kinds", kinds);
    kc_ctx_choices(req, "levels", levels, NULL);
    kc_ctx_choices(req, "subjects", subjects, NULL);
    kc_tctx_set(req->ctx, "today", kc_today(req));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/campaigns",
                          kc_msg(req, "page.admin_campaigns.title"));
}

/* "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM" (a datetime-local
 * input) as "YYYY-MM-DD HH:MM", or NULL. */
static const char *local_time(kc_req_t *req, const char *s)
{
    int y, mo, d;
    char day[11];

    if (strlen(s) != 10 && strlen(s) != 16) {
        return NULL;
    }
    apr_cpystrn(day, s, sizeof(day));
    if (!kc_parse_date(day, &y, &mo, &d)) {
        return NULL;
    }
    if (strlen(s) == 10) {
        return apr_pstrcat(req->r->pool, day, " 00:00", NULL);
    }
    if ((s[10] != 'T' && s[10] != ' ') || !apr_isdigit(s[11])
        || !apr_isdigit(s[12]) || s[13] != ':' || !apr_isdigit(s[14])
        || !apr_isdigit(s[15]) || atoi(s + 11) > 23 || atoi(s + 14) > 59) {
        return NULL;
    }
    return apr_pstrcat(req->r->pool, day, " ", s + 11, NULL);
}

typedef struct {
    apr_pool_t *p;
    const char *name;
    const char *out;
    int bad;
} words_ctx_t;

static int add_word(void *data, const char *key, const char *value)
{
    words_ctx_t *c = data;
    const char *v;

    if (strcmp(key, c->name) != 0) {
        return 1;
    }
    for (v = value; *v; v++) {
        if (!apr_islower(*v) && *v != '_') {
            c->bad = 1;
        }
    }
    if (!*value || strlen(value) > 40) {
        c->bad = 1;
    }
    c->out = c->out ? apr_pstrcat(c->p, c->out, ",", value, NULL)
                    : apr_pstrdup(c->p, value);
    return 1;
}

/* The values of a repeated field of codes ([a-z_]) as a SQL text[]
 * literal, or NULL when one is not a code. */
static const char *form_words(kc_req_t *req, apr_table_t *form,
                              const char *name)
{
    words_ctx_t c = { req->r->pool, name, NULL, 0 };
    apr_table_do(add_word, &c, form, NULL);
    return c.bad ? NULL : apr_pstrcat(req->r->pool, "{", c.out ? c.out : "",
                                      "}", NULL);
}

/* POST /admin/campaigns: name, from, to (Europe/Brussels), mode factor|extra
 * with factor or extra, events, kinds, levels, subjects. */
int kc_page_admin_campaign_create(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[10], *mode;
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    mode = kc_form_text(req, form, "mode");
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_trim(req->r->pool, kc_form_text(req, form, "name"));
    args[2] = local_time(req, kc_trim(req->r->pool, kc_form_text(req, form, "from")));
    args[3] = local_time(req, kc_trim(req->r->pool, kc_form_text(req, form, "to")));
    args[4] = strcmp(mode, "factor") == 0
              ? kc_trim(req->r->pool, kc_form_text(req, form, "factor")) : "";
    args[5] = strcmp(mode, "extra") == 0
              ? kc_trim(req->r->pool, kc_form_text(req, form, "extra")) : "";
    args[6] = form_words(req, form, "events");
    args[7] = form_words(req, form, "kinds");
    args[8] = kc_form_int_array(req, form, "levels");
    args[9] = kc_form_int_array(req, form, "subjects");
    if (!*args[1] || kc_utf8_chars(args[1]) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "name");
    }
    if (!args[2]) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "from");
    }
    if (!args[3] || strcmp(args[3], args[2]) <= 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "to");
    }
    if (strcmp(mode, "factor") == 0) {
        char *end;
        double f = strtod(args[4], &end);
        if (!*args[4] || *end || !(f > 1.0 && f <= 10.0)
            || strspn(args[4], "0123456789.") != strlen(args[4])) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "factor");
        }
    }
    else if (strcmp(mode, "extra") == 0) {
        if (!*args[5] || strspn(args[5], "0123456789") != strlen(args[5])
            || strlen(args[5]) > 5 || atoi(args[5]) < 1
            || atoi(args[5]) > 10000) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "extra");
        }
    }
    else {
        return kc_render_error(req, HTTP_BAD_REQUEST, "mode");
    }
    if (!args[6]) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "events");
    }
    if (!args[7]) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "kinds");
    }
    return run_action(req, KC_Q_CAMPAIGN_CREATE, args, "/admin/campaigns",
                      "campaign_created");
}

int kc_page_admin_campaign_end(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[2];
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    return kc_run_action(req, KC_Q_CAMPAIGN_END, args, "/admin/campaigns",
                         "campaign_ended");
}

/* ---- milestones -------------------------------------------------------------- */

int kc_page_admin_milestones(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *list, *subjects, *levels;
    kc_tlist_t *out;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    rv = kc_store_milestones_admin(&list, req->r, req->labels);
    if (rv == APR_SUCCESS) rv = kc_store_member_taxonomy(&subjects, &levels, req->r, 0, req->labels);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    out = kc_tctx_list(req->ctx, "list");
    for (i = 0; i < list->nelts; i++) {
        const kc_milestone_t *p = &APR_ARRAY_IDX(list, i, kc_milestone_t);
        kc_tctx_t *item = kc_tlist_push(out);
        kc_tctx_set(item, "id", kc_i64(req, p->id));
        kc_tctx_set(item, "name", p->name);
        kc_tctx_set(item, "points", kc_i64(req, p->points));
        kc_tctx_set(item, "state", p->state);
        kc_tctx_set(item, "state_name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "milestone.state.", p->state, NULL)));
        kc_tctx_set_bool(item, "due", strcmp(p->state, "due") == 0);
        kc_tctx_set(item, "at_members", p->at_members);
        kc_tctx_set(item, "country", p->country);
        kc_tctx_set(item, "levels", p->levels);
        kc_tctx_set(item, "subjects", p->subjects);
        kc_tctx_set_bool(item, "everyone", !*p->country && !*p->levels
                                           && !*p->subjects);
        kc_tctx_set(item, "paid", kc_i64(req, p->paid));
        kc_tctx_set(item, "left", kc_i64(req, p->left));
        kc_tctx_set(item, "done", p->done);
    }
    kc_ctx_choices(req, "levels", levels, NULL);
    kc_ctx_choices(req, "subjects", subjects, NULL);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/milestones",
                          kc_msg(req, "page.admin_milestones.title"));
}

/* Pay batches of milestone `id` until none is left or the time budget is
 * spent; back to the list with ?done=paid (all paid) or paying (more
 * left: the page offers to continue). */
static int pay_batches(kc_req_t *req, apr_int64_t admin, apr_int64_t id)
{
    apr_time_t until = apr_time_now() + apr_time_from_sec(KC_MILESTONE_BUDGET);
    apr_int64_t paid;
    apr_status_t rv;

    do {
        rv = kc_store_milestone_pay_step(&paid, req->r, admin, id,
                                         KC_MILESTONE_BATCH);
        if (rv != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
        if (paid < 0) {
            return kc_render_error(req, HTTP_FORBIDDEN, NULL);
        }
    } while (paid > 0 && apr_time_now() < until);
    return kc_redirect(req, paid > 0 ? "/admin/milestones?done=paying"
                                     : "/admin/milestones?done=paid");
}

/* POST /admin/milestones: name, points, levels, subjects, country (BE, NL
 * or blank), at_members (blank: now). A milestone due now starts paying. */
int kc_page_admin_milestone_declare(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[7], *result;
    apr_int64_t id;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_trim(req->r->pool, kc_form_text(req, form, "name"));
    args[2] = kc_trim(req->r->pool, kc_form_text(req, form, "points"));
    args[3] = kc_form_int_array(req, form, "levels");
    args[4] = kc_form_int_array(req, form, "subjects");
    args[5] = kc_form_text(req, form, "country");
    args[6] = kc_trim(req->r->pool, kc_form_text(req, form, "at_members"));
    if (!*args[1] || kc_utf8_chars(args[1]) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "name");
    }
    if (!*args[2] || strspn(args[2], "0123456789") != strlen(args[2])
        || strlen(args[2]) > 6 || atoi(args[2]) < 1 || atoi(args[2]) > 100000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "points");
    }
    if (*args[5] && strcmp(args[5], "BE") != 0 && strcmp(args[5], "NL") != 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "country");
    }
    if (strspn(args[6], "0123456789") != strlen(args[6]) || strlen(args[6]) > 12
        || (*args[6] && apr_atoi64(args[6]) < 1)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "at_members");
    }
    rv = kc_store_action(&result, &id, req->r, KC_Q_MILESTONE_DECLARE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "invalid") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, NULL);
    }
    if (strcmp(result, "ok") != 0 || *args[6]) {
        /* Refused, or armed: it waits for its member count (or, reached
         * already, for the pay button). */
        return kc_action_answer(req, result, "/admin/milestones", "declared");
    }
    return pay_batches(req, s->member_id, id);
}

/* POST /admin/milestones/{id}/pay: continue paying a due milestone. */
int kc_page_admin_milestone_pay(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    return pay_batches(req, s->member_id, m->id);
}
