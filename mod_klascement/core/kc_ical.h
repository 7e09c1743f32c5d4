/*
 * kc_ical.h -- a small iCalendar (RFC 5545) writer (APR only, no httpd
 * headers), for the .ics feeds of the calendar.
 *
 *   kc_ical_t *c = kc_ical_make(p);
 *   kc_ical_value(c, "BEGIN", "VCALENDAR");
 *   kc_ical_text(c, "SUMMARY", title);      TEXT: escaped
 *   kc_ical_value(c, "DTSTART;VALUE=DATE", "20261203");   as it is
 *   kc_ical_finish(c, &out, &len);
 *
 * Lines end in CRLF and are folded so that no line is longer than 75
 * octets (a continuation starts with one space), never inside a UTF-8
 * sequence. TEXT values escape backslash, semicolon and comma, and write
 * a line break (LF, CR or CRLF) as \n; other control characters are
 * dropped and bytes that are not well-formed UTF-8 become U+FFFD, in TEXT
 * and plain values alike. A name must be the caller's constant of
 * [A-Z0-9-] with optional ;PARAM=VALUE parts: anything else is a misuse,
 * writes nothing and makes kc_ical_finish() fail.
 */
#ifndef KC_ICAL_H
#define KC_ICAL_H

#include <apr_pools.h>
#include <apr_errno.h>

typedef struct kc_ical_t kc_ical_t;

kc_ical_t *kc_ical_make(apr_pool_t *p);
/* NAME:VALUE with the value as it is (dates, URIs, BEGIN/END...); a NULL
 * value writes nothing. */
void kc_ical_value(kc_ical_t *c, const char *name, const char *value);
/* NAME:VALUE with the value escaped as TEXT; NULL writes nothing. */
void kc_ical_text(kc_ical_t *c, const char *name, const char *text);
/* The stream, NUL-terminated; APR_EINVAL after a misuse. */
apr_status_t kc_ical_finish(kc_ical_t *c, const char **out, apr_size_t *len);
/* s escaped as TEXT (without folding); NULL -> "". */
const char *kc_ical_escape(apr_pool_t *p, const char *s);

#endif
