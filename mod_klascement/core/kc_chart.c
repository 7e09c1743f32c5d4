/*
 * kc_chart.c -- bar and line chart geometry (kc_chart.h).
 */
#include "kc_chart.h"

#include <apr_strings.h>

/* Margins of the plot inside the viewBox: room for the axis values on the
 * left and the labels below. */
#define LEFT    48.0
#define RIGHT   8.0
#define TOP     10.0
#define BOTTOM  30.0
/* At most this many labels under the axis; more points skip some. */
#define MAX_LABELS 12

long long kc_chart_top(long long max)
{
    long long need, base;

    if (max < 1) {
        return KC_CHART_TICKS;          /* an empty chart: 0..4 */
    }
    /* The grid step: the smallest of 1, 2, 2.5, 5 times a power of ten
     * (whole numbers only) whose KC_CHART_TICKS steps reach max. */
    need = (max + KC_CHART_TICKS - 1) / KC_CHART_TICKS;
    for (base = 1; ; base *= 10) {
        if (base >= need) return KC_CHART_TICKS * base;
        if (2 * base >= need) return KC_CHART_TICKS * 2 * base;
        if (base >= 10 && base / 2 * 5 >= need) {
            return KC_CHART_TICKS * (base / 2 * 5);
        }
        if (5 * base >= need) return KC_CHART_TICKS * 5 * base;
    }
}

static const char *num(apr_pool_t *p, double v)
{
    return apr_psprintf(p, "%.1f", v);
}

kc_chart_t *kc_chart_make(apr_pool_t *p, const kc_chart_point_t *points,
                          int n)
{
    kc_chart_t *c = apr_pcalloc(p, sizeof(*c));
    double plot_w = KC_CHART_WIDTH - LEFT - RIGHT;
    double plot_h = KC_CHART_HEIGHT - TOP - BOTTOM;
    double base_y = TOP + plot_h, slot, bar_w;
    long long max = 0;
    int i, every;
    char *line = NULL;

    c->width = KC_CHART_WIDTH;
    c->height = KC_CHART_HEIGHT;
    c->plot_left = num(p, LEFT);
    c->plot_right = num(p, KC_CHART_WIDTH - RIGHT);
    c->baseline = num(p, base_y);
    for (i = 0; i < n; i++) {
        if (points[i].value > max) {
            max = points[i].value;
        }
    }
    c->top = kc_chart_top(max);
    for (i = 0; i <= KC_CHART_TICKS; i++) {
        c->ticks[i].value = c->top / KC_CHART_TICKS * i;
        c->ticks[i].y = num(p, base_y - plot_h * i / KC_CHART_TICKS);
    }
    c->nitems = n > 0 ? n : 0;
    c->items = apr_pcalloc(p, sizeof(*c->items) * (c->nitems ? c->nitems : 1));
    slot = n > 0 ? plot_w / n : plot_w;
    bar_w = slot * 0.7;
    every = n > MAX_LABELS ? (n + MAX_LABELS - 1) / MAX_LABELS : 1;
    for (i = 0; i < n; i++) {
        kc_chart_item_t *it = &c->items[i];
        long long v = points[i].value > 0 ? points[i].value : 0;
        double h = plot_h * (double)v / (double)c->top;
        double x = LEFT + slot * i + (slot - bar_w) / 2;
        double cx = LEFT + slot * i + slot / 2;

        it->label = points[i].label ? points[i].label : "";
        it->value = points[i].value;
        it->x = num(p, x);
        it->w = num(p, bar_w);
        it->y = num(p, base_y - h);
        it->h = num(p, h);
        it->cx = num(p, cx);
        it->cy = num(p, base_y - h);
        it->lx = num(p, cx);
        it->ly = num(p, base_y + 16);
        it->show_label = i % every == 0;
        line = line ? apr_pstrcat(p, line, " ", it->cx, ",", it->cy, NULL)
                    : apr_pstrcat(p, it->cx, ",", it->cy, NULL);
    }
    c->polyline = line ? line : "";
    return c;
}
