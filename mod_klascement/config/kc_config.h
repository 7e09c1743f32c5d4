/*
 * kc_config.h -- server configuration and directives.
 */
#ifndef KC_CONFIG_H
#define KC_CONFIG_H

#include "../kc_private.h"
#include "../core/kc_tmpl.h"
#include "kc_config_jobs.h"

#include <apr_hash.h>

#define KC_UNSET (-1)

#define KC_DEFAULT_DETAIL_COST   10
#define KC_DEFAULT_MAX_UPLOAD    (20 * 1024 * 1024)
#define KC_DEFAULT_PAGE_SIZE     10
#define KC_DEFAULT_SESSION_IDLE  (7 * 86400)
#define KC_DEFAULT_SESSION_LIFE  (30 * 86400)
#define KC_DEFAULT_BCRYPT_COST   10
#define KC_DEFAULT_MAX_FORM      65536
#define KC_DEFAULT_NEW_MEMBER_DAYS 7
#define KC_DEFAULT_PAGE_CACHE_ENTRIES 256
#define KC_DEFAULT_LOGIN_THROTTLE_IP 100
#define KC_DEFAULT_HSTS          15552000   /* 180 days */
#define KC_DEFAULT_SEARCH_COUNT_LIMIT 1000
#define KC_DEFAULT_SESSION_CACHE 0         /* seconds; the sample conf: 1 */

typedef struct kc_srv_conf_t {
    const char *template_dir;     /* KlasCementTemplateDir */
    const char *base_url;         /* KlasCementBaseURL, no trailing slash */
    const char *upload_dir;       /* KlasCementUploadDir */
    int detail_cost;              /* KlasCementDetailCost */
    apr_off_t max_upload;         /* KlasCementMaxUpload, bytes */
    const char *default_lang;     /* KlasCementDefaultLanguage */
    int session_idle;             /* KlasCementSessionIdle, seconds */
    int session_lifetime;         /* KlasCementSessionLifetime, seconds */
    int bcrypt_cost;              /* KlasCementBcryptCost */
    apr_off_t max_form;           /* KlasCementMaxForm, bytes */
    const char *blocklist_file;   /* KlasCementPasswordBlocklist */
    const char *sendmail;         /* KlasCementSendmail: command line */
    int new_member_days;          /* KlasCementNewMemberDays */
    int page_cache;               /* KlasCementPageCache, seconds */
    int page_cache_entries;       /* KlasCementPageCacheEntries */
    kc_jobs_conf_t jobs;          /* main server: kc_config_jobs.h */
    int login_throttle_ip;        /* KlasCementLoginThrottleIP */
    int hsts;                     /* KlasCementHSTS: seconds, 0 = off */
    int search_count_limit;       /* KlasCementSearchCountLimit */
    int session_cache;            /* KlasCementSessionCache, seconds */
    int search_index;             /* KlasCementSearchIndex: 1 on, 0 off */
    /* Filled in post_config: */
    kc_tmpl_set_t *templates;
    apr_hash_t *blocklist;        /* lowercased common passwords */
    const char *dummy_hash;       /* bcrypt hash checked for unknown e-mails */
} kc_srv_conf_t;

/* Per-directory configuration (<Location>, <Directory>); merged field by
 * field, KC_UNSET until set. */
typedef struct kc_dir_conf_t {
    int session;                  /* KlasCementSession: 1 on (default), 0 off */
} kc_dir_conf_t;

extern const command_rec kc_config_cmds[];

void *kc_config_create_srv(apr_pool_t *p, server_rec *s);
void *kc_config_merge_srv(apr_pool_t *p, void *basev, void *addv);
void *kc_config_create_dir(apr_pool_t *p, char *dir);
void *kc_config_merge_dir(apr_pool_t *p, void *basev, void *addv);

/* Validate every server and load its templates; refuses start-up with a
 * message naming the directive. Called from post_config. */
apr_status_t kc_config_post_config(apr_pool_t *pconf, apr_pool_t *ptemp,
                                   server_rec *s);

static APR_INLINE kc_srv_conf_t *kc_srv_conf(const server_rec *s)
{
    return ap_get_module_config(s->module_config, &klascement_module);
}

static APR_INLINE const kc_dir_conf_t *kc_dir_conf(const request_rec *r)
{
    return ap_get_module_config(r->per_dir_config, &klascement_module);
}

/* Effective values with defaults applied. */
int kc_config_detail_cost(const kc_srv_conf_t *c);
apr_off_t kc_config_max_upload(const kc_srv_conf_t *c);
int kc_config_session_idle(const kc_srv_conf_t *c);
int kc_config_search_count_limit(const kc_srv_conf_t *c);
int kc_config_session_cache(const kc_srv_conf_t *c);
/* 1 unless "KlasCementSearchIndex off": each child keeps the index. */
int kc_config_search_index(const kc_srv_conf_t *c);
int kc_config_session_lifetime(const kc_srv_conf_t *c);
int kc_config_bcrypt_cost(const kc_srv_conf_t *c);
apr_off_t kc_config_max_form(const kc_srv_conf_t *c);
int kc_config_new_member_days(const kc_srv_conf_t *c);
int kc_config_login_throttle_ip(const kc_srv_conf_t *c);
/* Strict-Transport-Security max-age on https answers; 0: none sent. */
int kc_config_hsts(const kc_srv_conf_t *c);
/* 1 unless "KlasCementSession off" applies: the session is looked up. */
int kc_config_session_on(const kc_dir_conf_t *d);

#endif
