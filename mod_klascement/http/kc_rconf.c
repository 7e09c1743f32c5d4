/*
 * kc_rconf.c -- the module's per-request config and the cookie parser.
 */
#include "kc_rconf.h"

kc_rconf_t *kc_rconf(request_rec *r)
{
    kc_rconf_t *rc = ap_get_module_config(r->request_config,
                                          &klascement_module);
    if (!rc) {
        rc = apr_pcalloc(r->pool, sizeof(*rc));
        ap_set_module_config(r->request_config, &klascement_module, rc);
    }
    return rc;
}

const char *kc_cookie(request_rec *r, const char *name)
{
    const char *header = apr_table_get(r->headers_in, "Cookie");
    apr_size_t nlen = strlen(name);

    while (header && *header) {
        while (*header == ' ' || *header == ';') {
            header++;
        }
        if (strncmp(header, name, nlen) == 0 && header[nlen] == '=') {
            const char *v = header + nlen + 1;
            return apr_pstrmemdup(r->pool, v, strcspn(v, ";"));
        }
        header = strchr(header, ';');
    }
    return NULL;
}
