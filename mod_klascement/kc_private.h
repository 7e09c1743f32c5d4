/*
 * kc_private.h -- what every httpd-facing file of mod_klascement shares.
 * core/ never includes this (it has no httpd headers).
 */
#ifndef KC_PRIVATE_H
#define KC_PRIVATE_H

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <http_protocol.h>
#include <http_request.h>
#include <apr_strings.h>

extern module AP_MODULE_DECLARE_DATA klascement_module;
/* mod_klascement.c declares the module, which declares the log index. */
#ifndef KC_MODULE_MAIN
APLOG_USE_MODULE(klascement);
#endif

/* Log tag: KC_LOGNO(0001) -> "KC0001: ". Numbers are listed in
 * docs/log-messages.md, in order, never reused. */
#define KC_LOGNO(n) "KC" #n ": "

/* Handler names, as written in SetHandler. */
#define KC_HANDLER_SITE       "klascement"
#define KC_HANDLER_MODERATION "klascement-moderation"
#define KC_HANDLER_ADMIN      "klascement-admin"
#define KC_HANDLER_PING       "klascement-ping"

/* Status codes of the store layer beyond APR's own. */
#define KC_EDBDOWN   (APR_OS_START_USERERR + 1)  /* no usable connection */
#define KC_EDB       (APR_OS_START_USERERR + 2)  /* a statement failed */

#endif
