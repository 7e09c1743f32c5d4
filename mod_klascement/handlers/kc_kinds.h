/*
 * kc_kinds.h -- what each of the 12 record kinds asks for on the
 * contribution form, and which files it accepts (by sniffed content).
 */
#ifndef KC_KINDS_H
#define KC_KINDS_H

#define KC_MAX_KIND_FIELDS 8

typedef enum {
    KC_F_TEXT,         /* one line, up to 300 characters */
    KC_F_LONGTEXT,     /* up to `max` characters */
    KC_F_DATE,         /* YYYY-MM-DD */
    KC_F_TIME,         /* HH:MM */
    KC_F_URL,          /* http(s), up to 2000 characters */
    KC_F_LANG          /* a language code */
} kc_field_type_t;

typedef struct {
    const char *name;
    kc_field_type_t type;
    int required;
    int max;           /* characters, for KC_F_LONGTEXT */
} kc_kind_field_t;

typedef enum {
    KC_SOURCE_NONE,    /* no file, no url */
    KC_SOURCE_URL,     /* url required */
    KC_SOURCE_EITHER   /* a file or a url, at least one */
} kc_source_t;

typedef struct {
    const char *code;
    kc_source_t source;
    const char *const *file_types;     /* NULL-terminated, or NULL */
    kc_kind_field_t fields[KC_MAX_KIND_FIELDS];   /* ends with name NULL */
} kc_kind_spec_t;

/* The spec of a kind code, or NULL. */
const kc_kind_spec_t *kc_kind_spec(const char *code);
/* 1 if the kind accepts files of the sniffed type. */
int kc_kind_accepts(const kc_kind_spec_t *k, const char *type);

#endif
