/*
 * kc_ical.h -- a minimal iCalendar (RFC 5545) writer (APR only, no httpd
 * headers): /webinars/{id}.ics.
 *
 *   kc_ical_t *c = kc_ical_make(p);
 *   kc_ical_begin(c, "VCALENDAR");
 *   kc_ical_value(c, "VERSION", "2.0");            a value written as is
 *   kc_ical_begin(c, "VEVENT");
 *   kc_ical_text(c, "SUMMARY", title);             a TEXT value, escaped
 *   kc_ical_end(c, "VEVENT");
 *   kc_ical_end(c, "VCALENDAR");
 *   out = kc_ical_finish(c, &len);
 *
 * Every content line ends in CRLF and is folded so that no line is longer
 * than 75 octets (a continuation line starts with one space), never inside
 * a UTF-8 sequence. TEXT values escape backslash, semicolon, comma and
 * newlines (\\ \; \, \n); other control characters are dropped, and bytes
 * that are not well-formed UTF-8 become U+FFFD. Values written as is (a
 * DATE-TIME, a URI) lose any control character, so no value can start a
 * line of its own.
 */
#ifndef KC_ICAL_H
#define KC_ICAL_H

#include <apr_pools.h>

typedef struct kc_ical_t kc_ical_t;

kc_ical_t *kc_ical_make(apr_pool_t *p);
void kc_ical_begin(kc_ical_t *c, const char *component);
void kc_ical_end(kc_ical_t *c, const char *component);
/* NAME:escaped-text (a NULL value writes nothing). */
void kc_ical_text(kc_ical_t *c, const char *name, const char *value);
/* NAME:value, value as is but for control characters (NULL: nothing). */
void kc_ical_value(kc_ical_t *c, const char *name, const char *value);
/* The calendar so far, NUL-terminated; *len its length (if len). */
const char *kc_ical_finish(kc_ical_t *c, apr_size_t *len);

/* The pieces, for tests and other writers. */
/* A TEXT value escaped as above. */
char *kc_ical_escape(apr_pool_t *p, const char *s);
/* One content line (without CRLF) folded, with CRLF after each part. */
char *kc_ical_fold(apr_pool_t *p, const char *line);

#endif
