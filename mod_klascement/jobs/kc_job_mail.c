/*
 * kc_job_mail.c -- the "mail" job: mail from the outbox, handed to
 * KlasCementSendmail, outside any request. A mail that fails is tried again
 * later with back-off and given up after the fifth attempt
 * (kc_outbox_done, sql/functions/community.sql).
 */
#include "kc_jobs.h"
#include "../store/kc_store_jobs.h"

#include <apr_encode.h>
#include <apr_thread_proc.h>

/* RFC 2047 encoded-word, so a subject in any language (and no CR/LF)
 * travels in a header. */
static const char *mime_header(apr_pool_t *p, const char *text)
{
    return apr_pstrcat(p, "=?UTF-8?B?", apr_pencode_base64(p, text,
                                                            APR_ENCODE_STRING,
                                                            APR_ENCODE_NONE,
                                                            NULL), "?=",
                       NULL);
}

static apr_status_t pipe_mail(kc_job_ctx_t *ctx, const kc_mail_t *mail,
                              const char **error)
{
    apr_pool_t *p = ctx->pool;
    char **argv;
    apr_procattr_t *attr;
    apr_proc_t proc;
    apr_exit_why_e why;
    int code;
    const char *from = apr_pstrcat(p, "KlasCement <noreply@",
                                   ctx->s->server_hostname
                                   ? ctx->s->server_hostname
                                   : "localhost", ">", NULL);
    /* A newsletter's one-click unsubscribe (RFC 2369, RFC 8058). The URL
     * is the site's own with a base64url key: no CR/LF can be in it. */
    const char *unsub = mail->unsubscribe && *mail->unsubscribe
        && !strpbrk(mail->unsubscribe, "\r\n<>")
        ? apr_pstrcat(p, "List-Unsubscribe: <", mail->unsubscribe, ">\n",
                      "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n",
                      NULL)
        : "";
    const char *msg = apr_pstrcat(p, "To: ", mail->to, "\n", "From: ", from,
                                  "\n", unsub, "Subject: ",
                                  mime_header(p, mail->subject), "\n",
                                  "MIME-Version: 1.0\n",
                                  "Content-Type: text/plain; charset=UTF-8\n",
                                  "Content-Transfer-Encoding: 8bit\n\n",
                                  mail->body, "\n", NULL);
    apr_status_t rv = apr_tokenize_to_argv(ctx->conf->sendmail, &argv, p);

    if (rv == APR_SUCCESS) rv = apr_procattr_create(&attr, p);
    if (rv == APR_SUCCESS) rv = apr_procattr_io_set(attr, APR_FULL_BLOCK, APR_NO_PIPE, APR_NO_PIPE);
    if (rv == APR_SUCCESS) rv = apr_procattr_cmdtype_set(attr, APR_PROGRAM);
    if (rv == APR_SUCCESS) rv = apr_proc_create(&proc, argv[0], (const char *const *)argv, NULL, attr, p);
    if (rv != APR_SUCCESS) {
        *error = "cannot start the sendmail command";
        return rv;
    }
    rv = apr_file_write_full(proc.in, msg, strlen(msg), NULL);
    apr_file_close(proc.in);
    apr_proc_wait(&proc, &code, &why, APR_WAIT);
    if (rv != APR_SUCCESS || why != APR_PROC_EXIT || code != 0) {
        *error = apr_psprintf(p, "sendmail exited with status %d", code);
        return APR_EGENERAL;
    }
    *error = NULL;
    return APR_SUCCESS;
}

/* Up to this many mails a run: a backlog goes out over several runs, and
 * the other jobs get their turn. */
#define KC_MAIL_BATCH 50

apr_status_t kc_job_mail(kc_job_ctx_t *ctx, apr_int64_t *rows,
                         const char **message)
{
    apr_array_header_t *mails;
    int i, failed = 0;
    apr_status_t rv;

    *rows = 0;
    if (!ctx->conf->sendmail) {
        *message = "KlasCementSendmail is not set: mail waits in the outbox";
        return APR_SUCCESS;
    }
    if ((rv = kc_outbox_claim(&mails, ctx->db, KC_MAIL_BATCH)) != APR_SUCCESS) {
        return rv;
    }
    for (i = 0; i < mails->nelts; i++) {
        const kc_mail_t *mail = &APR_ARRAY_IDX(mails, i, kc_mail_t);
        const char *error = NULL;
        if (pipe_mail(ctx, mail, &error) != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, ctx->s, KC_LOGNO(0080)
                         "mail %" APR_INT64_T_FMT " not sent: %s", mail->id,
                         error);
            failed++;
        }
        if ((rv = kc_outbox_done(ctx->db, mail->id, error)) != APR_SUCCESS) {
            return rv;
        }
        (*rows)++;
    }
    *message = failed ? apr_psprintf(ctx->pool, "%d of %d not sent (tried "
                                     "again later)", failed, mails->nelts)
                      : NULL;
    return APR_SUCCESS;
}
