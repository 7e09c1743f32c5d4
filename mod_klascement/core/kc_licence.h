/*
 * kc_licence.h -- the licence chooser: answers to the contribution form's
 * questions -> the Creative Commons licence they describe (APR only).
 */
#ifndef KC_LICENCE_H
#define KC_LICENCE_H

typedef enum {
    KC_ADAPT_UNSET = 0,
    KC_ADAPT_YES,          /* others may share adaptations */
    KC_ADAPT_SHAREALIKE,   /* ... under the same licence */
    KC_ADAPT_NO            /* no adaptations */
} kc_adapt_t;

typedef enum {
    KC_COMMERCIAL_UNSET = 0,
    KC_COMMERCIAL_YES,
    KC_COMMERCIAL_NO
} kc_commercial_t;

typedef struct {
    int waive;             /* give up all rights: CC0 */
    int all_rights;        /* all rights reserved, shared with permission */
    kc_adapt_t adapt;
    kc_commercial_t commercial;
} kc_licence_answers_t;

/* The licence code (cc0, by, by-sa, by-nd, by-nc, by-nc-sa, by-nc-nd, arr),
 * or NULL when the answers are incomplete or contradict each other (waive
 * together with all rights reserved). */
const char *kc_licence_choose(const kc_licence_answers_t *a);

/* Parse the form's answer texts ("yes", "sharealike", "no"); unknown -> unset. */
kc_adapt_t kc_licence_adapt(const char *s);
kc_commercial_t kc_licence_commercial(const char *s);

#endif
