/*
 * kc_kinds.c -- the per-kind form fields and file allow-lists.
 *
 * The kinds themselves (codes, names, points) are rows in the database;
 * what their forms ask is validation, kept here next to the code that
 * checks it.
 */
#include "kc_kinds.h"

#include <string.h>

#define OFFICE_TYPES                                                        \
    "application/vnd.oasis.opendocument.text",                              \
    "application/vnd.oasis.opendocument.spreadsheet",                       \
    "application/vnd.oasis.opendocument.presentation",                      \
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", \
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",    \
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", \
    "application/zip"

static const char *const document_types[] = {
    "application/pdf", OFFICE_TYPES, "text/plain", NULL
};
static const char *const image_types[] = {
    "image/jpeg", "image/png", "image/gif", "image/webp", NULL
};
static const char *const audio_types[] = {
    "audio/mpeg", "audio/ogg", "audio/wav", "audio/flac", "audio/mp4", NULL
};
static const char *const video_types[] = {
    "video/mp4", "video/webm", "video/ogg", NULL
};
static const char *const software_types[] = { "application/zip", NULL };
static const char *const exercise_types[] = {
    "application/pdf", OFFICE_TYPES, "text/plain", NULL
};

static const kc_kind_spec_t kinds[] = {
    { "calendar", KC_SOURCE_NONE, NULL, {
        { "start_date", KC_F_DATE, 1, 0 }, { "start_time", KC_F_TIME, 0, 0 },
        { "end_date", KC_F_DATE, 0, 0 }, { "end_time", KC_F_TIME, 0, 0 },
        { "place", KC_F_TEXT, 0, 0 }, { "online_url", KC_F_URL, 0, 0 },
        { "organiser", KC_F_TEXT, 0, 0 }, { NULL, 0, 0, 0 } } },
    { "article", KC_SOURCE_NONE, NULL, {
        { "body", KC_F_LONGTEXT, 1, 50000 }, { NULL, 0, 0, 0 } } },
    { "document", KC_SOURCE_EITHER, document_types, { { NULL, 0, 0, 0 } } },
    { "site", KC_SOURCE_URL, NULL, { { NULL, 0, 0, 0 } } },
    { "own_site", KC_SOURCE_URL, NULL, { { NULL, 0, 0, 0 } } },
    { "software", KC_SOURCE_EITHER, software_types, { { NULL, 0, 0, 0 } } },
    { "exercise", KC_SOURCE_EITHER, exercise_types, { { NULL, 0, 0, 0 } } },
    { "lemma", KC_SOURCE_NONE, NULL, {
        { "word", KC_F_TEXT, 1, 0 }, { "word_language", KC_F_LANG, 1, 0 },
        { "explanation", KC_F_LONGTEXT, 1, 5000 }, { NULL, 0, 0, 0 } } },
    { "image", KC_SOURCE_EITHER, image_types, { { NULL, 0, 0, 0 } } },
    { "audio", KC_SOURCE_EITHER, audio_types, { { NULL, 0, 0, 0 } } },
    { "video", KC_SOURCE_EITHER, video_types, { { NULL, 0, 0, 0 } } },
    { "product", KC_SOURCE_URL, NULL, {
        { "supplier", KC_F_TEXT, 1, 0 }, { NULL, 0, 0, 0 } } },
};

const kc_kind_spec_t *kc_kind_spec(const char *code)
{
    size_t i;
    for (i = 0; code && i < sizeof(kinds) / sizeof(*kinds); i++) {
        if (strcmp(kinds[i].code, code) == 0) {
            return &kinds[i];
        }
    }
    return NULL;
}

int kc_kind_accepts(const kc_kind_spec_t *k, const char *type)
{
    const char *const *t;
    for (t = k->file_types; t && *t && type; t++) {
        if (strcmp(*t, type) == 0) {
            return 1;
        }
    }
    return 0;
}
