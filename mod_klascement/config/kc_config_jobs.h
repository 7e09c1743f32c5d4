/*
 * kc_config_jobs.h -- the directives of the job runner (main server only:
 * jobs run once per node, not per virtual host).
 */
#ifndef KC_CONFIG_JOBS_H
#define KC_CONFIG_JOBS_H

#include "../kc_private.h"

/* The job families, each with its own interval directive. */
typedef enum {
    KC_JOB_MAIL = 0,          /* the mail outbox */
    KC_JOB_BIRTHDAY,          /* birthday points */
    KC_JOB_INACTIVE,          /* reminders and deletion of unused accounts */
    KC_JOB_HOUSEKEEPING,      /* expired sessions, old rows */
    KC_JOB_MILESTONES,        /* paying due milestones in batches */
    KC_JOB_LINKS,             /* dead links of records */
    KC_JOB_WEBINARS,          /* webinar reminders the day before */
    KC_JOB_FORYOU,            /* "for you this week" suggestions */
    KC_JOB_NEWSLETTER,        /* mailing an issue in batches */
    KC_JOB__COUNT
} kc_job_family_t;

typedef struct {
    int enabled;                        /* KlasCementJobs, KC_UNSET = on */
    int interval[KC_JOB__COUNT];        /* seconds, KC_UNSET = default */
    int inactive_days;                  /* KlasCementInactiveDays */
    int link_batch;                     /* KlasCementLinkCheckBatch */
    int link_timeout;                   /* KlasCementLinkCheckTimeout, s */
    int link_private;                   /* KlasCementLinkCheckPrivate */
    int stats_flush;                    /* KlasCementStatsFlush, s */
} kc_jobs_conf_t;

void kc_config_jobs_init(kc_jobs_conf_t *j);

/* Effective values (defaults applied). */
int kc_config_jobs_enabled(const kc_jobs_conf_t *j);
int kc_config_job_interval(const kc_jobs_conf_t *j, kc_job_family_t f);
int kc_config_inactive_days(const kc_jobs_conf_t *j);
int kc_config_link_batch(const kc_jobs_conf_t *j);
int kc_config_link_timeout(const kc_jobs_conf_t *j);
/* 1 when the link check may reach loopback and private addresses. */
int kc_config_link_private(const kc_jobs_conf_t *j);
const char *kc_config_set_link_private(cmd_parms *cmd, void *dc, int on);
/* Seconds an httpd child keeps its analytics counters before writing them
 * (jobs/kc_stats.c). */
int kc_config_stats_flush(const kc_jobs_conf_t *j);
const char *kc_config_set_stats_flush(cmd_parms *cmd, void *dc,
                                      const char *arg);

/* The directive table's rows (kc_config.c puts them in kc_config_cmds). */
const char *kc_config_set_jobs(cmd_parms *cmd, void *dc, int on);
const char *kc_config_set_job_interval(cmd_parms *cmd, void *dc,
                                       const char *arg);
const char *kc_config_set_inactive_days(cmd_parms *cmd, void *dc,
                                        const char *arg);
const char *kc_config_set_link_check(cmd_parms *cmd, void *dc,
                                     const char *arg);
#define KC_CONFIG_JOBS_CMDS                                                   \
    AP_INIT_FLAG("KlasCementJobs", kc_config_set_jobs, NULL, RSRC_CONF,       \
                 "Run the background jobs on this node (mod_watchdog; "      \
                 "default on; main server only)"),                           \
    AP_INIT_TAKE1("KlasCementMailInterval", kc_config_set_job_interval,      \
                  (void *)KC_JOB_MAIL, RSRC_CONF,                            \
                  "Seconds between runs of the mail outbox (default 30)"),   \
    AP_INIT_TAKE1("KlasCementBirthdayInterval", kc_config_set_job_interval,  \
                  (void *)KC_JOB_BIRTHDAY, RSRC_CONF,                        \
                  "Seconds between runs of the birthday points job "         \
                  "(default 3600)"),                                         \
    AP_INIT_TAKE1("KlasCementInactiveInterval", kc_config_set_job_interval,  \
                  (void *)KC_JOB_INACTIVE, RSRC_CONF,                        \
                  "Seconds between runs of the inactive-accounts job "       \
                  "(default 3600)"),                                         \
    AP_INIT_TAKE1("KlasCementHousekeepingInterval",                          \
                  kc_config_set_job_interval, (void *)KC_JOB_HOUSEKEEPING,   \
                  RSRC_CONF, "Seconds between housekeeping runs "            \
                  "(default 3600)"),                                         \
    AP_INIT_TAKE1("KlasCementMilestoneInterval",                             \
                  kc_config_set_job_interval, (void *)KC_JOB_MILESTONES,     \
                  RSRC_CONF, "Seconds between runs of the job that pays "    \
                  "due milestones in batches (default 60)"),                 \
    AP_INIT_TAKE1("KlasCementInactiveDays", kc_config_set_inactive_days,     \
                  NULL, RSRC_CONF, "An account unused this many days is "    \
                  "deleted, after reminders 30 and 7 days before "           \
                  "(default 365; 0 = never)"),                              \
    AP_INIT_TAKE1("KlasCementLinkCheckInterval", kc_config_set_job_interval, \
                  (void *)KC_JOB_LINKS, RSRC_CONF,                           \
                  "Seconds between runs of the dead-links job "              \
                  "(default 600)"),                                          \
    AP_INIT_TAKE1("KlasCementLinkCheckBatch", kc_config_set_link_check,      \
                  (void *)0, RSRC_CONF, "At most this many links checked "   \
                  "per run of the dead-links job (default 50)"),             \
    AP_INIT_TAKE1("KlasCementLinkCheckTimeout", kc_config_set_link_check,    \
                  (void *)1, RSRC_CONF, "Seconds one link check may take "   \
                  "(default 10)"),                                           \
    AP_INIT_FLAG("KlasCementLinkCheckPrivate", kc_config_set_link_private,   \
                 NULL, RSRC_CONF, "Off (default): the dead-links job never " \
                 "connects to loopback, private or link-local addresses "    \
                 "(a member's link cannot probe the site's own network)"),   \
    AP_INIT_TAKE1("KlasCementWebinarReminderInterval",                       \
                  kc_config_set_job_interval, (void *)KC_JOB_WEBINARS,       \
                  RSRC_CONF, "Seconds between runs of the job that mails "   \
                  "the day-before reminders of webinars (default 900)"),     \
    AP_INIT_TAKE1("KlasCementForYouInterval", kc_config_set_job_interval,    \
                  (void *)KC_JOB_FORYOU, RSRC_CONF,                          \
                  "Seconds between runs of the job that computes the "       \
                  "members' \"for you this week\" suggestions in batches "   \
                  "(default 900)"),                                          \
    AP_INIT_TAKE1("KlasCementNewsletterInterval",                            \
                  kc_config_set_job_interval, (void *)KC_JOB_NEWSLETTER,     \
                  RSRC_CONF, "Seconds between runs of the job that mails "   \
                  "a newsletter being sent, in batches (default 60)"),       \
    AP_INIT_TAKE1("KlasCementStatsFlush", kc_config_set_stats_flush, NULL,   \
                  RSRC_CONF, "Seconds at most between two writes of an "     \
                  "httpd child's search and page counters to the database "  \
                  "(default 5; also written when a child stops)")

#endif
