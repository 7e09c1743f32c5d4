/*
 * kc_config_jobs.c -- KlasCementJobs, the job intervals, KlasCementInactiveDays.
 */
#include "kc_config.h"

#include <apr_lib.h>

static const int default_interval[KC_JOB__COUNT] = {
    [KC_JOB_MAIL] = 30,
    [KC_JOB_BIRTHDAY] = 3600,
    [KC_JOB_INACTIVE] = 3600,
    [KC_JOB_HOUSEKEEPING] = 3600,
    [KC_JOB_MILESTONES] = 60,
    [KC_JOB_LINKS] = 600,
    [KC_JOB_WEBINARS] = 900,
    [KC_JOB_FORYOU] = 900,
    [KC_JOB_NEWSLETTER] = 60,
};

#define KC_DEFAULT_INACTIVE_DAYS 365
#define KC_DEFAULT_LINK_BATCH    50
#define KC_DEFAULT_LINK_TIMEOUT  10
#define KC_DEFAULT_STATS_FLUSH   5

void kc_config_jobs_init(kc_jobs_conf_t *j)
{
    int f;
    j->enabled = KC_UNSET;
    for (f = 0; f < KC_JOB__COUNT; f++) {
        j->interval[f] = KC_UNSET;
    }
    j->inactive_days = KC_UNSET;
    j->link_batch = KC_UNSET;
    j->link_timeout = KC_UNSET;
    j->link_private = KC_UNSET;
    j->stats_flush = KC_UNSET;
}

int kc_config_jobs_enabled(const kc_jobs_conf_t *j)
{
    return j->enabled != 0;
}

int kc_config_job_interval(const kc_jobs_conf_t *j, kc_job_family_t f)
{
    return j->interval[f] == KC_UNSET ? default_interval[f] : j->interval[f];
}

int kc_config_inactive_days(const kc_jobs_conf_t *j)
{
    return j->inactive_days == KC_UNSET ? KC_DEFAULT_INACTIVE_DAYS
                                        : j->inactive_days;
}

int kc_config_link_batch(const kc_jobs_conf_t *j)
{
    return j->link_batch == KC_UNSET ? KC_DEFAULT_LINK_BATCH : j->link_batch;
}

int kc_config_link_private(const kc_jobs_conf_t *j)
{
    return j->link_private == 1;
}

const char *kc_config_set_link_private(cmd_parms *cmd, void *dc, int on)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (!err) {
        kc_srv_conf(cmd->server)->jobs.link_private = on;
    }
    return err;
}

int kc_config_link_timeout(const kc_jobs_conf_t *j)
{
    return j->link_timeout == KC_UNSET ? KC_DEFAULT_LINK_TIMEOUT
                                       : j->link_timeout;
}

/* A whole number in [min, max]. */
static const char *parse_int(cmd_parms *cmd, const char *arg, int min,
                             int max, int *out)
{
    apr_int64_t v = 0;
    const char *c;

    if (!*arg || strlen(arg) > 9) {
        goto bad;
    }
    for (c = arg; *c; c++) {
        if (!apr_isdigit(*c)) {
            goto bad;
        }
        v = v * 10 + (*c - '0');
    }
    if (v < min || v > max) {
        goto bad;
    }
    *out = (int)v;
    return NULL;
bad:
    return apr_psprintf(cmd->pool, "%s: '%s' is not a whole number from %d "
                        "to %d", cmd->directive->directive, arg, min, max);
}

const char *kc_config_set_jobs(cmd_parms *cmd, void *dc, int on)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (!err) {
        kc_srv_conf(cmd->server)->jobs.enabled = on;
    }
    return err;
}

const char *kc_config_set_job_interval(cmd_parms *cmd, void *dc,
                                       const char *arg)
{
    kc_job_family_t f = (kc_job_family_t)(apr_uintptr_t)cmd->info;
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (err) {
        return err;
    }
    return parse_int(cmd, arg, 1, 7 * 86400,
                     &kc_srv_conf(cmd->server)->jobs.interval[f]);
}

const char *kc_config_set_inactive_days(cmd_parms *cmd, void *dc,
                                        const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (err) {
        return err;
    }
    err = parse_int(cmd, arg, 0, 36500,
                    &kc_srv_conf(cmd->server)->jobs.inactive_days);
    if (!err && kc_srv_conf(cmd->server)->jobs.inactive_days > 0
        && kc_srv_conf(cmd->server)->jobs.inactive_days <= 30) {
        return apr_psprintf(cmd->pool, "%s: 0 (never) or more than 30 days "
                            "(the first reminder goes 30 days before)",
                            cmd->directive->directive);
    }
    return err;
}

/* KlasCementLinkCheckBatch (info 0) and KlasCementLinkCheckTimeout (1): a
 * run's length is bounded by their product, and it holds the runner's
 * thread (the other jobs wait), so both are bounded. */
const char *kc_config_set_link_check(cmd_parms *cmd, void *dc,
                                     const char *arg)
{
    kc_jobs_conf_t *j = &kc_srv_conf(cmd->server)->jobs;
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (err) {
        return err;
    }
    return cmd->info ? parse_int(cmd, arg, 1, 60, &j->link_timeout)
                     : parse_int(cmd, arg, 1, 1000, &j->link_batch);
}

int kc_config_stats_flush(const kc_jobs_conf_t *j)
{
    return j->stats_flush == KC_UNSET ? KC_DEFAULT_STATS_FLUSH
                                      : j->stats_flush;
}

const char *kc_config_set_stats_flush(cmd_parms *cmd, void *dc,
                                      const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (err) {
        return err;
    }
    return parse_int(cmd, arg, 1, 3600,
                     &kc_srv_conf(cmd->server)->jobs.stats_flush);
}
