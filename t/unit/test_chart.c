/*
 * Unit tests for the chart geometry (core/kc_chart.c).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "kc_chart.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

START_TEST(round_tops)
{
    ck_assert_int_eq(kc_chart_top(0), 4);
    ck_assert_int_eq(kc_chart_top(-3), 4);
    ck_assert_int_eq(kc_chart_top(1), 4);
    ck_assert_int_eq(kc_chart_top(3), 4);
    ck_assert_int_eq(kc_chart_top(4), 4);
    ck_assert_int_eq(kc_chart_top(5), 8);       /* steps of 2 */
    ck_assert_int_eq(kc_chart_top(9), 20);      /* steps of 5 */
    ck_assert_int_eq(kc_chart_top(20), 20);
    ck_assert_int_eq(kc_chart_top(21), 40);
    ck_assert_int_eq(kc_chart_top(41), 80);
    ck_assert_int_eq(kc_chart_top(81), 100);    /* steps of 25 */
    ck_assert_int_eq(kc_chart_top(100), 100);
    ck_assert_int_eq(kc_chart_top(101), 200);
    ck_assert_int_eq(kc_chart_top(501), 800);
    ck_assert_int_eq(kc_chart_top(22000), 40000);
    ck_assert_int_eq(kc_chart_top(3000000000000LL), 4000000000000LL);
}
END_TEST

START_TEST(bars)
{
    kc_chart_point_t pts[] = { { "w1", 0 }, { "w2", 50 }, { "w3", 100 },
                               { "<b>&\"", -5 } };
    kc_chart_t *c = kc_chart_make(pool, pts, 4);

    ck_assert_int_eq(c->nitems, 4);
    ck_assert_int_eq(c->top, 100);
    /* plot: x 48..592 (544 wide, 136 a slot, bars 95.2), y 10..190 */
    ck_assert_str_eq(c->baseline, "190.0");
    ck_assert_str_eq(c->items[0].h, "0.0");
    ck_assert_str_eq(c->items[0].y, "190.0");
    ck_assert_str_eq(c->items[1].h, "90.0");
    ck_assert_str_eq(c->items[1].y, "100.0");
    ck_assert_str_eq(c->items[2].h, "180.0");
    ck_assert_str_eq(c->items[2].y, "10.0");
    ck_assert_str_eq(c->items[0].x, "68.4");
    ck_assert_str_eq(c->items[0].w, "95.2");
    ck_assert_str_eq(c->items[3].cx, "524.0");
    /* A negative value draws as nothing; the label is kept as given (the
     * template escapes it). */
    ck_assert_str_eq(c->items[3].h, "0.0");
    ck_assert_int_eq(c->items[3].value, -5);
    ck_assert_str_eq(c->items[3].label, "<b>&\"");
    ck_assert_str_eq(c->polyline,
                     "116.0,190.0 252.0,100.0 388.0,10.0 524.0,190.0");
    ck_assert_int_eq(c->ticks[0].value, 0);
    ck_assert_int_eq(c->ticks[4].value, 100);
    ck_assert_str_eq(c->ticks[0].y, "190.0");
    ck_assert_str_eq(c->ticks[2].y, "100.0");
    ck_assert_str_eq(c->ticks[4].y, "10.0");
    ck_assert(c->items[0].show_label && c->items[3].show_label);
}
END_TEST

START_TEST(empty_and_many)
{
    kc_chart_point_t many[30];
    kc_chart_t *c = kc_chart_make(pool, NULL, 0);
    int i, shown = 0;

    ck_assert_int_eq(c->nitems, 0);
    ck_assert_int_eq(c->top, 4);
    ck_assert_str_eq(c->polyline, "");
    for (i = 0; i < 30; i++) {
        many[i].label = apr_itoa(pool, i);
        many[i].value = i * 1000;
    }
    c = kc_chart_make(pool, many, 30);
    ck_assert_int_eq(c->top, 40000);
    for (i = 0; i < 30; i++) {
        shown += c->items[i].show_label;
    }
    ck_assert_int_le(shown, 12);
    ck_assert_int_ge(shown, 10);
    /* Every bar stays inside the viewBox. */
    for (i = 0; i < 30; i++) {
        ck_assert(atof(c->items[i].x) >= 48.0);
        ck_assert(atof(c->items[i].x) + atof(c->items[i].w) <= 592.0);
        ck_assert(atof(c->items[i].y) >= 10.0);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chart");
    TCase *tc = tcase_create("geometry");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, round_tops);
    tcase_add_test(tc, bars);
    tcase_add_test(tc, empty_and_many);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
