/*
 * kc_config.c -- the KlasCement* directives, their merge and their checks.
 *
 * Values that can be judged alone are checked when the directive is read,
 * so `apache2 -t` already names the bad directive; the rest (templates parse)
 * is checked in post_config, which refuses to start httpd.
 */
#include "kc_config.h"

#include <apr_file_info.h>
#include <apr_lib.h>

void *kc_config_create_srv(apr_pool_t *p, server_rec *s)
{
    kc_srv_conf_t *c = apr_pcalloc(p, sizeof(*c));
    c->detail_cost = KC_UNSET;
    c->max_upload = KC_UNSET;
    return c;
}

void *kc_config_merge_srv(apr_pool_t *p, void *basev, void *addv)
{
    const kc_srv_conf_t *base = basev, *add = addv;
    kc_srv_conf_t *c = apr_pcalloc(p, sizeof(*c));
    c->template_dir = add->template_dir ? add->template_dir : base->template_dir;
    c->base_url = add->base_url ? add->base_url : base->base_url;
    c->upload_dir = add->upload_dir ? add->upload_dir : base->upload_dir;
    c->default_lang = add->default_lang ? add->default_lang : base->default_lang;
    c->detail_cost = add->detail_cost != KC_UNSET ? add->detail_cost
                                                  : base->detail_cost;
    c->max_upload = add->max_upload != KC_UNSET ? add->max_upload
                                                : base->max_upload;
    return c;
}

int kc_config_detail_cost(const kc_srv_conf_t *c)
{
    return c->detail_cost == KC_UNSET ? KC_DEFAULT_DETAIL_COST : c->detail_cost;
}

apr_off_t kc_config_max_upload(const kc_srv_conf_t *c)
{
    return c->max_upload == KC_UNSET ? KC_DEFAULT_MAX_UPLOAD : c->max_upload;
}

static const char *need_directory(cmd_parms *cmd, const char *arg,
                                  const char **slot)
{
    apr_finfo_t finfo;
    const char *path = ap_server_root_relative(cmd->pool, arg);

    if (!path) {
        return apr_psprintf(cmd->pool, "%s: invalid path '%s'",
                            cmd->directive->directive, arg);
    }
    if (apr_stat(&finfo, path, APR_FINFO_TYPE, cmd->temp_pool) != APR_SUCCESS
        || finfo.filetype != APR_DIR) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not an existing directory",
                            cmd->directive->directive, path);
    }
    *slot = path;
    return NULL;
}

static const char *set_template_dir(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    return need_directory(cmd, arg, &c->template_dir);
}

static const char *set_upload_dir(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    return need_directory(cmd, arg, &c->upload_dir);
}

static const char *set_base_url(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    apr_size_t len = strlen(arg);

    if (strncmp(arg, "http://", 7) != 0 && strncmp(arg, "https://", 8) != 0) {
        return "KlasCementBaseURL: must start with http:// or https://";
    }
    while (len > 0 && arg[len - 1] == '/') {
        len--;
    }
    c->base_url = apr_pstrmemdup(cmd->pool, arg, len);
    return NULL;
}

/* A non-negative decimal integer that fits in apr_int64_t, nothing else. */
static const char *parse_count(cmd_parms *cmd, const char *arg,
                               apr_int64_t max, apr_int64_t *out)
{
    char *end;
    apr_int64_t v;

    errno = 0;
    v = apr_strtoi64(arg, &end, 10);
    if (!apr_isdigit(*arg) || *end != '\0' || errno || v < 0 || v > max) {
        return apr_psprintf(cmd->pool,
                            "%s: '%s' is not a whole number from 0 to %"
                            APR_INT64_T_FMT, cmd->directive->directive, arg,
                            max);
    }
    *out = v;
    return NULL;
}

static const char *set_detail_cost(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    apr_int64_t v;
    const char *err = parse_count(cmd, arg, 1000000, &v);

    if (!err) {
        c->detail_cost = (int)v;
    }
    return err;
}

static const char *set_max_upload(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    apr_int64_t v;
    const char *err = parse_count(cmd, arg, APR_INT64_C(1) << 40, &v);

    if (!err && v < 1024) {
        err = "KlasCementMaxUpload: must be at least 1024 bytes";
    }
    if (!err) {
        c->max_upload = (apr_off_t)v;
    }
    return err;
}

static const char *set_default_lang(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    if (strcmp(arg, "nl") != 0 && strcmp(arg, "en") != 0) {
        return "KlasCementDefaultLanguage: must be nl or en";
    }
    c->default_lang = arg;
    return NULL;
}

const command_rec kc_config_cmds[] = {
    AP_INIT_TAKE1("KlasCementTemplateDir", set_template_dir, NULL, RSRC_CONF,
                  "Directory with the HTML templates and i18n/ catalogues"),
    AP_INIT_TAKE1("KlasCementDetailCost", set_detail_cost, NULL, RSRC_CONF,
                  "Points a member pays to open a record's details the first "
                  "time (default 10)"),
    AP_INIT_TAKE1("KlasCementBaseURL", set_base_url, NULL, RSRC_CONF,
                  "Public URL of the site, e.g. https://www.example.org "
                  "(used in links sent by mail and in JSON)"),
    AP_INIT_TAKE1("KlasCementUploadDir", set_upload_dir, NULL, RSRC_CONF,
                  "Directory where uploaded files are stored (by SHA-256)"),
    AP_INIT_TAKE1("KlasCementMaxUpload", set_max_upload, NULL, RSRC_CONF,
                  "Largest accepted upload in bytes (default 20971520)"),
    AP_INIT_TAKE1("KlasCementDefaultLanguage", set_default_lang, NULL,
                  RSRC_CONF, "Language for visitors without a preference: "
                  "nl (default) or en"),
    { NULL }
};

static apr_status_t check_server(apr_pool_t *pconf, server_rec *s)
{
    kc_srv_conf_t *c = kc_srv_conf(s);
    const char *err = NULL;
    apr_status_t rv;

    if (!c->template_dir) {
        /* The module is loaded but not used on this server. */
        return APR_SUCCESS;
    }
    if (!c->default_lang) {
        c->default_lang = "nl";
    }
    rv = kc_tmpl_set_load(&c->templates, pconf, c->template_dir, &err);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0001)
                     "KlasCementTemplateDir %s: %s", c->template_dir,
                     err ? err : "cannot load templates");
        return rv;
    }
    if (!kc_tmpl_set_has(c->templates, "layout")
        || !kc_tmpl_set_has(c->templates, "errors/error")) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0002)
                     "KlasCementTemplateDir %s: layout.html and "
                     "errors/error.html are required", c->template_dir);
        return APR_EINVAL;
    }
    if (!kc_tmpl_set_has_lang(c->templates, c->default_lang)) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0003)
                     "KlasCementDefaultLanguage %s: no catalogue i18n/%s.txt "
                     "in %s", c->default_lang, c->default_lang,
                     c->template_dir);
        return APR_EINVAL;
    }
    return APR_SUCCESS;
}

apr_status_t kc_config_post_config(apr_pool_t *pconf, apr_pool_t *ptemp,
                                   server_rec *s)
{
    server_rec *vs;
    const kc_srv_conf_t *main_conf = kc_srv_conf(s);

    for (vs = s; vs; vs = vs->next) {
        kc_srv_conf_t *c = kc_srv_conf(vs);
        apr_status_t rv;

        /* A vhost that inherited the same directory shares its templates. */
        if (vs != s && c->template_dir && main_conf->templates
            && strcmp(c->template_dir, main_conf->template_dir) == 0) {
            c->templates = main_conf->templates;
            if (!c->default_lang) {
                c->default_lang = main_conf->default_lang;
            }
            continue;
        }
        rv = check_server(pconf, vs);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    return APR_SUCCESS;
}
