/*
 * kc_config.c -- the KlasCement* directives, their merge and their checks.
 *
 * Values that can be judged alone are checked when the directive is read,
 * so `apache2 -t` already names the bad directive; the rest (templates parse)
 * is checked in post_config, which refuses to start httpd.
 */
#include "kc_config.h"
#include "../core/kc_validate.h"

#include <apr_file_info.h>
#include <apr_lib.h>
#include <apr_encode.h>
#include <apr_md5.h>
#include <apr_general.h>

void *kc_config_create_srv(apr_pool_t *p, server_rec *s)
{
    kc_srv_conf_t *c = apr_pcalloc(p, sizeof(*c));
    c->detail_cost = KC_UNSET;
    c->max_upload = KC_UNSET;
    c->session_idle = KC_UNSET;
    c->session_lifetime = KC_UNSET;
    c->bcrypt_cost = KC_UNSET;
    c->max_form = KC_UNSET;
    c->new_member_days = KC_UNSET;
    c->page_cache = KC_UNSET;
    c->page_cache_entries = KC_UNSET;
    kc_config_jobs_init(&c->jobs);
    c->login_throttle_ip = KC_UNSET;
    c->hsts = KC_UNSET;
    c->search_count_limit = KC_UNSET;
    c->session_cache = KC_UNSET;
    c->search_index = KC_UNSET;
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
#define KC_MERGE(f) c->f = add->f != KC_UNSET ? add->f : base->f
    KC_MERGE(session_idle);
    KC_MERGE(session_lifetime);
    KC_MERGE(bcrypt_cost);
    KC_MERGE(max_form);
    KC_MERGE(new_member_days);
    KC_MERGE(page_cache);
    KC_MERGE(page_cache_entries);
    KC_MERGE(login_throttle_ip);
    KC_MERGE(hsts);
    KC_MERGE(search_count_limit);
    KC_MERGE(session_cache);
    KC_MERGE(search_index);
#undef KC_MERGE
    c->blocklist_file = add->blocklist_file ? add->blocklist_file
                                            : base->blocklist_file;
    c->sendmail = add->sendmail ? add->sendmail : base->sendmail;
    c->jobs = base->jobs;          /* main server only */
    return c;
}

/* Per-directory configuration: unset until a <Location>/<Directory> (or
 * the server's top level) says otherwise; the innermost setting wins. */
void *kc_config_create_dir(apr_pool_t *p, char *dir)
{
    kc_dir_conf_t *d = apr_pcalloc(p, sizeof(*d));
    d->session = KC_UNSET;
    return d;
}

void *kc_config_merge_dir(apr_pool_t *p, void *basev, void *addv)
{
    const kc_dir_conf_t *base = basev, *add = addv;
    kc_dir_conf_t *d = apr_pcalloc(p, sizeof(*d));
    d->session = add->session != KC_UNSET ? add->session : base->session;
    return d;
}

int kc_config_session_on(const kc_dir_conf_t *d)
{
    return !d || d->session != 0;
}

int kc_config_detail_cost(const kc_srv_conf_t *c)
{
    return c->detail_cost == KC_UNSET ? KC_DEFAULT_DETAIL_COST : c->detail_cost;
}

apr_off_t kc_config_max_upload(const kc_srv_conf_t *c)
{
    return c->max_upload == KC_UNSET ? KC_DEFAULT_MAX_UPLOAD : c->max_upload;
}

int kc_config_session_idle(const kc_srv_conf_t *c)
{
    return c->session_idle == KC_UNSET ? KC_DEFAULT_SESSION_IDLE
                                       : c->session_idle;
}

int kc_config_session_lifetime(const kc_srv_conf_t *c)
{
    return c->session_lifetime == KC_UNSET ? KC_DEFAULT_SESSION_LIFE
                                           : c->session_lifetime;
}

int kc_config_bcrypt_cost(const kc_srv_conf_t *c)
{
    return c->bcrypt_cost == KC_UNSET ? KC_DEFAULT_BCRYPT_COST
                                      : c->bcrypt_cost;
}

apr_off_t kc_config_max_form(const kc_srv_conf_t *c)
{
    return c->max_form == KC_UNSET ? KC_DEFAULT_MAX_FORM : c->max_form;
}

int kc_config_new_member_days(const kc_srv_conf_t *c)
{
    return c->new_member_days == KC_UNSET ? KC_DEFAULT_NEW_MEMBER_DAYS
                                          : c->new_member_days;
}

int kc_config_login_throttle_ip(const kc_srv_conf_t *c)
{
    return c->login_throttle_ip == KC_UNSET ? KC_DEFAULT_LOGIN_THROTTLE_IP
                                            : c->login_throttle_ip;
}

int kc_config_hsts(const kc_srv_conf_t *c)
{
    return c->hsts == KC_UNSET ? KC_DEFAULT_HSTS : c->hsts;
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

    /* The same rule as every web address members give: links in mails
     * and JSON are built on it. */
    if (!kc_valid_web_url(arg)) {
        return "KlasCementBaseURL: must be an http:// or https:// address "
               "with a host (and no spaces)";
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

/* Whole seconds in [min, max]. */
static const char *set_seconds(cmd_parms *cmd, int *slot, const char *arg,
                               apr_int64_t min, apr_int64_t max)
{
    apr_int64_t v;
    const char *err = parse_count(cmd, arg, max, &v);
    if (!err && v < min) {
        err = apr_psprintf(cmd->pool, "%s: must be at least %" APR_INT64_T_FMT,
                           cmd->directive->directive, min);
    }
    if (!err) {
        *slot = (int)v;
    }
    return err;
}

static const char *set_session_idle(cmd_parms *cmd, void *dc, const char *arg)
{
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->session_idle, arg,
                       60, 365 * 86400);
}

static const char *set_session_lifetime(cmd_parms *cmd, void *dc,
                                        const char *arg)
{
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->session_lifetime, arg,
                       60, 365 * 86400);
}

static const char *set_bcrypt_cost(cmd_parms *cmd, void *dc, const char *arg)
{
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->bcrypt_cost, arg,
                       4, 17);
}

static const char *set_max_form(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    apr_int64_t v;
    const char *err = parse_count(cmd, arg, 64 * 1024 * 1024, &v);
    if (!err && v < 1024) {
        err = "KlasCementMaxForm: must be at least 1024 bytes";
    }
    if (!err) {
        c->max_form = (apr_off_t)v;
    }
    return err;
}

static const char *set_blocklist(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    apr_finfo_t finfo;
    const char *path = ap_server_root_relative(cmd->pool, arg);

    if (!path || apr_stat(&finfo, path, APR_FINFO_TYPE, cmd->temp_pool)
                     != APR_SUCCESS || finfo.filetype != APR_REG) {
        return apr_psprintf(cmd->pool, "KlasCementPasswordBlocklist: '%s' is "
                            "not a readable file", arg);
    }
    c->blocklist_file = path;
    return NULL;
}

static const char *set_new_member_days(cmd_parms *cmd, void *dc,
                                       const char *arg)
{
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->new_member_days, arg,
                       0, 3650);
}

static const char *set_login_throttle_ip(cmd_parms *cmd, void *dc,
                                         const char *arg)
{
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->login_throttle_ip,
                       arg, 1, 1000000);
}

static const char *set_page_cache(cmd_parms *cmd, void *dc, const char *arg)
{
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->page_cache, arg, 0,
                       3600);
}

static const char *set_page_cache_entries(cmd_parms *cmd, void *dc,
                                          const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);

    if (err) {
        return err;
    }
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->page_cache_entries,
                       arg, 0, 100000);
}

static const char *set_search_count_limit(cmd_parms *cmd, void *dc,
                                          const char *arg)
{
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->search_count_limit,
                       arg, 10, 1000000);
}

static const char *set_session_cache(cmd_parms *cmd, void *dc,
                                     const char *arg)
{
    return set_seconds(cmd, &kc_srv_conf(cmd->server)->session_cache, arg, 0,
                       10);
}

int kc_config_search_count_limit(const kc_srv_conf_t *c)
{
    return c->search_count_limit == KC_UNSET ? KC_DEFAULT_SEARCH_COUNT_LIMIT
                                             : c->search_count_limit;
}

int kc_config_session_cache(const kc_srv_conf_t *c)
{
    return c->session_cache == KC_UNSET ? KC_DEFAULT_SESSION_CACHE
                                        : c->session_cache;
}

static const char *set_search_index(cmd_parms *cmd, void *dc, int on)
{
    kc_srv_conf(cmd->server)->search_index = on;
    return NULL;
}

int kc_config_search_index(const kc_srv_conf_t *c)
{
    return c->search_index != 0;
}

/* "off", or the max-age in seconds (a year and a half at most). */
static const char *set_hsts(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    const char *err;

    if (strcasecmp(arg, "off") == 0) {
        c->hsts = 0;
        return NULL;
    }
    err = set_seconds(cmd, &c->hsts, arg, 1, 2 * 365 * 86400);
    return err ? apr_pstrcat(cmd->pool, err, " (or off)", NULL) : NULL;
}

/* The command must name an executable; its arguments follow. */
static const char *set_sendmail(cmd_parms *cmd, void *dc, const char *arg)
{
    kc_srv_conf_t *c = kc_srv_conf(cmd->server);
    const char *rest = arg;
    char *prog = ap_getword_white(cmd->temp_pool, &rest);
    apr_finfo_t finfo;

    if (!*prog || prog[0] != '/'
        || apr_stat(&finfo, prog, APR_FINFO_TYPE | APR_FINFO_PROT,
                    cmd->temp_pool) != APR_SUCCESS
        || finfo.filetype != APR_REG) {
        return apr_psprintf(cmd->pool, "KlasCementSendmail: '%s' is not an "
                            "executable file given by its full path", prog);
    }
    c->sendmail = arg;
    return NULL;
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
    AP_INIT_TAKE1("KlasCementSessionIdle", set_session_idle, NULL, RSRC_CONF,
                  "Seconds without a request after which a session ends "
                  "(default 604800 = 7 days)"),
    AP_INIT_TAKE1("KlasCementSessionLifetime", set_session_lifetime, NULL,
                  RSRC_CONF, "Seconds after login after which a session ends "
                  "whatever happens (default 2592000 = 30 days)"),
    AP_INIT_TAKE1("KlasCementBcryptCost", set_bcrypt_cost, NULL, RSRC_CONF,
                  "bcrypt cost of new password hashes, 4-17 (default 10)"),
    AP_INIT_TAKE1("KlasCementMaxForm", set_max_form, NULL, RSRC_CONF,
                  "Largest accepted form body (not uploads) in bytes "
                  "(default 65536)"),
    AP_INIT_TAKE1("KlasCementPageCache", set_page_cache, NULL, RSRC_CONF,
                  "Seconds an anonymous home or search page may be served "
                  "from memory (per httpd child; default 0 = not kept)"),
    AP_INIT_TAKE1("KlasCementPageCacheEntries", set_page_cache_entries, NULL,
                  RSRC_CONF, "Most pages each httpd child keeps for "
                  "KlasCementPageCache (default 256; main server only)"),
    AP_INIT_TAKE1("KlasCementSendmail", set_sendmail, NULL, RSRC_CONF,
                  "sendmail-compatible command that reads a message on "
                  "stdin, e.g. \"/usr/sbin/sendmail -t -i\""),
    AP_INIT_TAKE1("KlasCementNewMemberDays", set_new_member_days, NULL,
                  RSRC_CONF, "Members younger than this many days may put at "
                  "most one link in a post (default 7)"),
    AP_INIT_TAKE1("KlasCementLoginThrottleIP", set_login_throttle_ip, NULL,
                  RSRC_CONF, "Failed logins from one client address within "
                  "15 minutes after which that address is refused, whatever "
                  "the e-mail (default 100)"),
    AP_INIT_TAKE1("KlasCementHSTS", set_hsts, NULL, RSRC_CONF,
                  "Strict-Transport-Security max-age in seconds on https "
                  "answers, or off (default 15552000 = 180 days)"),
    AP_INIT_TAKE1("KlasCementPasswordBlocklist", set_blocklist, NULL,
                  RSRC_CONF, "File of common passwords (one per line) that "
                  "are refused at registration and password change"),
    AP_INIT_FLAG("KlasCementSession", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(kc_dir_conf_t, session),
                 RSRC_CONF | ACCESS_CONF, "On (default): requests here "
                 "carry the member's session (r->user, roles); Off: the "
                 "session cookie is not looked up, e.g. for static files"),
    AP_INIT_TAKE1("KlasCementSearchCountLimit", set_search_count_limit, NULL,
                  RSRC_CONF, "A search with words counts, ranks and facets at "
                  "most this many matches exactly; beyond it shows \"more "
                  "than N\" (10-1000000, default 1000)"),
    AP_INIT_TAKE1("KlasCementSessionCache", set_session_cache, NULL,
                  RSRC_CONF, "Seconds each httpd child may reuse a session "
                  "it looked up for the same cookie on GET requests, retired "
                  "at once when any session ends (0-10, default 0)"),
    AP_INIT_FLAG("KlasCementSearchIndex", set_search_index, NULL, RSRC_CONF,
                 "On (default): each httpd child keeps the published "
                 "records' search vectors in memory (60-70 MB a child for "
                 "100,000 records) and answers searches with words from "
                 "them; Off: "
                 "PostgreSQL's text index answers every search"),
    KC_CONFIG_JOBS_CMDS,
    { NULL }
};

/* The blocklist file as a set of lowercased lines. */
static apr_status_t load_blocklist(kc_srv_conf_t *c, apr_pool_t *pconf,
                                   server_rec *s)
{
    apr_file_t *f;
    apr_status_t rv;
    char line[512];    /* longer lines are cut: nobody's password is one */

    c->blocklist = apr_hash_make(pconf);
    if (!c->blocklist_file) {
        return APR_SUCCESS;
    }
    rv = apr_file_open(&f, c->blocklist_file, APR_READ, 0, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0004)
                     "KlasCementPasswordBlocklist: cannot open %s",
                     c->blocklist_file);
        return rv;
    }
    while (apr_file_gets(line, sizeof(line), f) == APR_SUCCESS) {
        char *w = apr_pstrdup(pconf, line), *e = w + strlen(w);
        while (e > w && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ')) {
            *--e = '\0';
        }
        if (*w && *w != '#') {
            ap_str_tolower(w);
            apr_hash_set(c->blocklist, w, APR_HASH_KEY_STRING, w);
        }
    }
    apr_file_close(f);
    return APR_SUCCESS;
}

/* A bcrypt hash of random bytes at the configured cost: checked when an
 * e-mail is unknown, so that answer takes as long as a wrong password. */
static apr_status_t make_dummy_hash(kc_srv_conf_t *c, apr_pool_t *pconf,
                                    server_rec *s)
{
    unsigned char salt[16], secret[24];
    char out[128];
    apr_status_t rv;

    if ((rv = apr_generate_random_bytes(salt, sizeof(salt))) != APR_SUCCESS
        || (rv = apr_generate_random_bytes(secret, sizeof(secret)))
           != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0005)
                     "no random bytes from the system");
        return rv;
    }
    rv = apr_bcrypt_encode(apr_pencode_base64_binary(pconf, secret,
                                                     sizeof(secret),
                                                     APR_ENCODE_NONE, NULL),
                           (unsigned)kc_config_bcrypt_cost(c), salt,
                           sizeof(salt), out, sizeof(out));
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0006)
                     "apr_bcrypt_encode failed");
        return rv;
    }
    c->dummy_hash = apr_pstrdup(pconf, out);
    return APR_SUCCESS;
}

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
    if ((rv = load_blocklist(c, pconf, s)) != APR_SUCCESS) {
        return rv;
    }
    return make_dummy_hash(c, pconf, s);
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
            c->blocklist = main_conf->blocklist;
            c->dummy_hash = main_conf->dummy_hash;
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
