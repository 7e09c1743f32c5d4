/*
 * test_licence.c -- every answer combination of the licence chooser.
 * Built by `make check` (Makefile.am: t/unit/test_licence).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "kc_licence.h"

static const char *choose(int waive, int arr, const char *adapt,
                          const char *commercial)
{
    kc_licence_answers_t a;
    a.waive = waive;
    a.all_rights = arr;
    a.adapt = kc_licence_adapt(adapt);
    a.commercial = kc_licence_commercial(commercial);
    return kc_licence_choose(&a);
}

#define EXPECT(got, want) do {                                              \
        const char *g_ = (got), *w_ = (want);                               \
        if (w_ == NULL) ck_assert_ptr_null(g_);                             \
        else { ck_assert_ptr_nonnull(g_); ck_assert_str_eq(g_, w_); }       \
    } while (0)

START_TEST(test_all_six_cc_licences)
{
    EXPECT(choose(0, 0, "yes", "yes"), "by");
    EXPECT(choose(0, 0, "yes", "no"), "by-nc");
    EXPECT(choose(0, 0, "sharealike", "yes"), "by-sa");
    EXPECT(choose(0, 0, "sharealike", "no"), "by-nc-sa");
    EXPECT(choose(0, 0, "no", "yes"), "by-nd");
    EXPECT(choose(0, 0, "no", "no"), "by-nc-nd");
}
END_TEST

START_TEST(test_waive_and_all_rights)
{
    const char *adapts[] = { NULL, "yes", "sharealike", "no", "bogus" };
    const char *comms[] = { NULL, "yes", "no", "bogus" };
    size_t i, j;

    /* Waiving wins over whatever else was answered; all rights too. */
    for (i = 0; i < sizeof(adapts) / sizeof(*adapts); i++) {
        for (j = 0; j < sizeof(comms) / sizeof(*comms); j++) {
            EXPECT(choose(1, 0, adapts[i], comms[j]), "cc0");
            EXPECT(choose(0, 1, adapts[i], comms[j]), "arr");
            EXPECT(choose(1, 1, adapts[i], comms[j]), NULL);
        }
    }
}
END_TEST

START_TEST(test_incomplete_answers)
{
    const char *adapts[] = { NULL, "yes", "sharealike", "no", "bogus", "" };
    const char *comms[] = { NULL, "yes", "no", "bogus", "" };
    size_t i, j;

    for (i = 0; i < sizeof(adapts) / sizeof(*adapts); i++) {
        for (j = 0; j < sizeof(comms) / sizeof(*comms); j++) {
            int complete = adapts[i] && comms[j]
                && kc_licence_adapt(adapts[i]) != KC_ADAPT_UNSET
                && kc_licence_commercial(comms[j]) != KC_COMMERCIAL_UNSET;
            if (!complete) {
                EXPECT(choose(0, 0, adapts[i], comms[j]), NULL);
            }
            else {
                ck_assert_ptr_nonnull(choose(0, 0, adapts[i], comms[j]));
            }
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("licence");
    TCase *tc = tcase_create("chooser");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_all_six_cc_licences);
    tcase_add_test(tc, test_waive_and_all_rights);
    tcase_add_test(tc, test_incomplete_answers);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
