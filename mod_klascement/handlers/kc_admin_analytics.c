/*
 * kc_admin_analytics.c -- /admin/analytics: what teachers search for and
 * read, per week or month, for the team that plans the newsletter and asks
 * for contributions. Counts only: nothing here names a visitor (the
 * counters hold no one's id, jobs/kc_stats.c). Charts are inline SVG
 * (core/kc_chart.c, templates/partials/chart.html), each with its numbers
 * in a table for screen readers.
 */
#include "kc_page.h"
#include "../store/kc_store_analytics.h"
#include "../core/kc_chart.h"
#include "../core/kc_validate.h"

static const char *const list_keys[KC_STATS__COUNT] = {
    [KC_STATS_TERMS] = "terms",
    [KC_STATS_EMPTY] = "empty_terms",
    [KC_STATS_RISING] = "rising",
    [KC_STATS_RECORDS] = "records",
    [KC_STATS_PROFILES] = "profiles",
    [KC_STATS_FOLLOWED] = "followed",
    [KC_STATS_GAPS] = "gaps",
};

static void list_to_ctx(kc_req_t *req, kc_stat_list_t list,
                        const apr_array_header_t *rows)
{
    kc_tlist_t *l = kc_tctx_list(req->ctx, list_keys[list]);
    int i;

    for (i = 0; i < rows->nelts; i++) {
        const kc_stat_row_t *row = &APR_ARRAY_IDX(rows, i, kc_stat_row_t);
        kc_tctx_t *item = kc_tlist_push(l);
        kc_tctx_set_int(item, "rank", i + 1);
        kc_tctx_set_int(item, "id", row->id);
        kc_tctx_set(item, "label", row->label);
        kc_tctx_set(item, "query", row->query);
        kc_tctx_set_int(item, "a", row->a);
        kc_tctx_set_int(item, "b", row->b);
        kc_tctx_set_int(item, "c", row->c);
    }
}

/* One chart of the series: `which` picks the number of each period. */
static void chart_to_ctx(kc_req_t *req, const char *key, const char *title,
                         int line, const apr_array_header_t *series,
                         int which)
{
    apr_pool_t *p = req->r->pool;
    kc_chart_point_t *pts = apr_pcalloc(p, sizeof(*pts)
                                           * (series->nelts + 1));
    kc_tctx_t *c = kc_tctx_child(req->ctx, key);
    kc_tlist_t *items, *ticks;
    kc_chart_t *ch;
    int i;

    for (i = 0; i < series->nelts; i++) {
        const kc_stat_period_t *sp = &APR_ARRAY_IDX(series, i,
                                                    kc_stat_period_t);
        const apr_int64_t v[4] = { sp->contributions, sp->published,
                                   sp->members, sp->searches };
        pts[i].label = sp->start;
        pts[i].value = v[which];
    }
    ch = kc_chart_make(p, pts, series->nelts);
    kc_tctx_set(c, "id", key);
    kc_tctx_set(c, "title", title);
    kc_tctx_set_bool(c, "line", line);
    kc_tctx_set_int(c, "width", ch->width);
    kc_tctx_set_int(c, "height", ch->height);
    kc_tctx_set(c, "left", ch->plot_left);
    kc_tctx_set(c, "right", ch->plot_right);
    kc_tctx_set(c, "baseline", ch->baseline);
    kc_tctx_set(c, "polyline", ch->polyline);
    ticks = kc_tctx_list(c, "ticks");
    for (i = 0; i <= KC_CHART_TICKS; i++) {
        kc_tctx_t *t = kc_tlist_push(ticks);
        kc_tctx_set_int(t, "value", ch->ticks[i].value);
        kc_tctx_set(t, "y", ch->ticks[i].y);
    }
    items = kc_tctx_list(c, "items");
    for (i = 0; i < ch->nitems; i++) {
        const kc_chart_item_t *it = &ch->items[i];
        kc_tctx_t *t = kc_tlist_push(items);
        kc_tctx_set(t, "label", it->label);
        kc_tctx_set_int(t, "value", it->value);
        kc_tctx_set(t, "x", it->x);
        kc_tctx_set(t, "y", it->y);
        kc_tctx_set(t, "w", it->w);
        kc_tctx_set(t, "h", it->h);
        kc_tctx_set(t, "cx", it->cx);
        kc_tctx_set(t, "cy", it->cy);
        kc_tctx_set(t, "lx", it->lx);
        kc_tctx_set(t, "ly", it->ly);
        kc_tctx_set_bool(t, "show_label", it->show_label);
    }
}

/* ?period=week|month (default week) and ?until=YYYY-MM-DD (default
 * today): 0, or the status with *bad naming the parameter. */
static int parse_window(kc_req_t *req, kc_window_t *w, const char **bad)
{
    const char *period = kc_arg(req, "period");
    const char *until = kc_arg(req, "until");
    int y, mo, d;

    w->period = "week";
    w->days = 7;
    w->until = "";
    if (period && *period) {
        if (strcmp(period, "month") == 0) {
            w->period = "month";
            w->days = 30;
        }
        else if (strcmp(period, "week") != 0) {
            *bad = "period";
            return HTTP_BAD_REQUEST;
        }
    }
    if (until && *until) {
        if (!kc_parse_date(until, &y, &mo, &d)) {
            *bad = "until";
            return HTTP_BAD_REQUEST;
        }
        w->until = until;
    }
    return 0;
}

/* GET /admin/analytics */
int kc_page_admin_analytics(kc_req_t *req, const kc_route_match_t *m)
{
    kc_window_t w;
    apr_array_header_t *rows, *series;
    const char *bad = NULL;
    int rc, status, list;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if ((status = parse_window(req, &w, &bad)) != 0) {
        return kc_render_error(req, status, bad);
    }
    for (list = 0; list < KC_STATS__COUNT; list++) {
        if ((rv = kc_store_stat_list(&rows, req->r, list, &w))
            != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
        list_to_ctx(req, list, rows);
    }
    if ((rv = kc_store_stat_series(&series, req->r, &w)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    chart_to_ctx(req, "chart_contributions",
                 kc_msg(req, "analytics.chart.contributions"), 0, series, 0);
    chart_to_ctx(req, "chart_published",
                 kc_msg(req, "analytics.chart.published"), 0, series, 1);
    chart_to_ctx(req, "chart_members",
                 kc_msg(req, "analytics.chart.members"), 1, series, 2);
    chart_to_ctx(req, "chart_searches",
                 kc_msg(req, "analytics.chart.searches"), 1, series, 3);
    kc_tctx_set_bool(req->ctx, "month", w.days == 30);
    kc_tctx_set(req->ctx, "until", w.until);
    kc_tctx_set_int(req->ctx, "days", w.days);
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, HTTP_OK, "admin/analytics",
                          kc_msg(req, "page.analytics.title"));
}
