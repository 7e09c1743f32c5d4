/*
 * t/db/sql_dump.c -- the label table as text, for t/db/columns.t: one line
 * per statement that returns rows, "label TAB ncols TAB names TAB sql",
 * names comma-separated or "-" when only the count is checked.
 */
#include "../../mod_klascement/store/kc_store.h"

#include <stdio.h>

/* kc_private.h names the module for the log macros; nothing here logs. */
module AP_MODULE_DECLARE_DATA klascement_module;

int main(void)
{
    int i, j;

    for (i = 0; i < KC_Q__COUNT; i++) {
        const kc_sql_t *q = kc_store_sql(i);
        if (q->ncols == 0) {
            continue;
        }
        printf("%s\t%d\t", q->label, q->ncols);
        if (!q->colnames) {
            printf("-");
        }
        for (j = 0; q->colnames && q->colnames[j]; j++) {
            printf("%s%s", j ? "," : "", q->colnames[j]);
        }
        printf("\t%s\n", q->sql);
    }
    return 0;
}
