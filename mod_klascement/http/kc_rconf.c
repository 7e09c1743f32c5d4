/*
 * kc_rconf.c -- the module's per-request config and the cookie parser.
 */
#include "kc_rconf.h"
#include "../config/kc_config.h"

#include <http_protocol.h>

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

int kc_is_https(request_rec *r)
{
    const kc_srv_conf_t *c = kc_srv_conf(r->server);
    return strcmp(ap_http_scheme(r), "https") == 0
           || (c->base_url && strncmp(c->base_url, "https:", 6) == 0);
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
