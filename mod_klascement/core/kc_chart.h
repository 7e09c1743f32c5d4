/*
 * kc_chart.h -- the geometry of a small bar or line chart (APR only;
 * unit-tested in t/unit/test_chart.c).
 *
 * The module draws its charts as inline SVG without JavaScript: this
 * computes where every bar, point, grid line and label goes, as numbers
 * already formatted for SVG attributes; templates/partials/chart.html
 * writes the markup, so every label passes through the template engine's
 * escaping (the engine has no tag that writes raw text, and a chart needs
 * none). The drawing area is a fixed viewBox that scales with the page.
 */
#ifndef KC_CHART_H
#define KC_CHART_H

#include <apr_pools.h>

#define KC_CHART_WIDTH   600
#define KC_CHART_HEIGHT  220
#define KC_CHART_TICKS   4        /* grid lines above zero */

typedef struct {
    const char *label;            /* under the bar / point (not escaped here) */
    long long value;              /* negative values are drawn as 0 */
} kc_chart_point_t;

typedef struct {
    const char *label;
    long long value;
    /* SVG numbers ("12.5"): the bar's rectangle, or the point's centre
     * (cx, cy) for a line, and where its label goes (lx, ly). */
    const char *x, *y, *w, *h, *cx, *cy, *lx, *ly;
    int show_label;               /* every label when few, else one in k */
} kc_chart_item_t;

typedef struct {
    long long value;
    const char *y;                /* of its grid line */
} kc_chart_tick_t;

typedef struct {
    int width, height;            /* the viewBox */
    const char *plot_left, *plot_right, *baseline;
    long long top;                /* the axis' top value: a round number */
    int nitems;
    kc_chart_item_t *items;
    kc_chart_tick_t ticks[KC_CHART_TICKS + 1];   /* 0 first */
    const char *polyline;         /* "x,y x,y ..." through the points */
} kc_chart_t;

/* The axis' top for values up to max: KC_CHART_TICKS grid steps of a
 * round whole number (1, 2, 2.5 or 5 times a power of ten), the smallest
 * that reaches max; KC_CHART_TICKS for an empty chart. */
long long kc_chart_top(long long max);

/* The geometry of n points (n may be 0: an empty chart with its axis). */
kc_chart_t *kc_chart_make(apr_pool_t *p, const kc_chart_point_t *points,
                          int n);

#endif
