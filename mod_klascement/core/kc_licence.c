/*
 * kc_licence.c -- the licence chooser.
 *
 * Creative Commons' own chooser asks the same two questions: may others
 * share adaptations (yes / yes if they share alike / no), and may they use
 * the work commercially. Attribution is always asked (BY); CC0 waives it.
 */
#include "kc_licence.h"

#include <string.h>

const char *kc_licence_choose(const kc_licence_answers_t *a)
{
    /* Rows: adapt yes / sharealike / no; columns: commercial yes / no. */
    static const char *const table[3][2] = {
        { "by",    "by-nc" },
        { "by-sa", "by-nc-sa" },
        { "by-nd", "by-nc-nd" },
    };

    if (a->waive && a->all_rights) {
        return NULL;
    }
    if (a->waive) {
        return "cc0";
    }
    if (a->all_rights) {
        return "arr";
    }
    if (a->adapt == KC_ADAPT_UNSET || a->commercial == KC_COMMERCIAL_UNSET) {
        return NULL;
    }
    return table[a->adapt - KC_ADAPT_YES][a->commercial - KC_COMMERCIAL_YES];
}

kc_adapt_t kc_licence_adapt(const char *s)
{
    if (!s) return KC_ADAPT_UNSET;
    if (strcmp(s, "yes") == 0) return KC_ADAPT_YES;
    if (strcmp(s, "sharealike") == 0) return KC_ADAPT_SHAREALIKE;
    if (strcmp(s, "no") == 0) return KC_ADAPT_NO;
    return KC_ADAPT_UNSET;
}

kc_commercial_t kc_licence_commercial(const char *s)
{
    if (!s) return KC_COMMERCIAL_UNSET;
    if (strcmp(s, "yes") == 0) return KC_COMMERCIAL_YES;
    if (strcmp(s, "no") == 0) return KC_COMMERCIAL_NO;
    return KC_COMMERCIAL_UNSET;
}
