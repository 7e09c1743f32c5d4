/*
 * kc_sql.h -- building blocks of the SQL text (store/ only): the label
 * CASE expressions, and the column lists of the statements that return
 * rows.
 *
 * Column lists: a statement that returns rows lists its columns once,
 * beside its SQL text, as an X-macro of names in result order:
 *
 *     #define KC_COLS_RECORD_FILE(C, S) C(S, SHA256) C(S, TYPE) ...
 *     KC_COLUMNS(RECORD_FILE)
 *
 * declares enum { KC_C_RECORD_FILE_SHA256, ..., KC_C_RECORD_FILE__N },
 * which the reader uses instead of numbers. The SQL names each column the
 * same way ("r.file_sha256 AS sha256"), and the label table carries the
 * names (KC_ROWS(RECORD_FILE)): kc_store.c compares them, and the column
 * count, with the first result of the statement in each process, so a
 * reordered or widened SELECT fails loudly instead of shifting fields.
 */
#ifndef KC_SQL_H
#define KC_SQL_H

#define KC_COL_ENUM(S, N) KC_C_##S##_##N,
#define KC_COL_NAME(S, N) #N,
#define KC_COLUMNS(S) enum { KC_COLS_##S(KC_COL_ENUM, S) KC_C_##S##__N };

/* The ncols and colnames of a label-table entry (kc_sql_t). */
#define KC_ROWS(S) KC_C_##S##__N,                                            \
    (const char *const[]) { KC_COLS_##S(KC_COL_NAME, S) NULL }
/* One unnamed value (a function call: "SELECT kc_x(...)"), read as
 * KC_C_VALUE; only the count is checked, one column cannot be reordered. */
#define KC_ONE_VALUE 1, NULL
enum { KC_C_VALUE = 0 };

/* The name of a taxonomy term (subject, level) in the labels of a country:
 * LABELS is SQL for 'en', 'nl' or 'be' (Flemish, the default); COL the
 * column without its suffix ("s.name" for s.name_en, s.name_nl...). */
#define KC_SQL_LABEL(LABELS, COL)                                             \
    "CASE " LABELS " WHEN 'en' THEN " COL "_en WHEN 'nl' THEN " COL "_nl "    \
    "ELSE " COL "_be END"
/* A text kept in English and Dutch, in the language LANG ('en', else nl). */
#define KC_SQL_BYLANG(LANG, COL)                                              \
    "CASE " LANG " WHEN 'en' THEN " COL "_en ELSE " COL "_nl END"

/* The choices of a form as code and name ($1 lang), in their order. */
#define KC_SQL_CODE_NAMES(TABLE, ORDER)                                       \
    "SELECT code, " KC_SQL_BYLANG("%s::text", "name") " AS name "             \
    "FROM " TABLE " ORDER BY " ORDER
#define KC_COLS_CODE_NAME(C, S) C(S, CODE) C(S, NAME)
KC_COLUMNS(CODE_NAME)

#endif
