/*
 * kc_xml.h -- a small streaming XML writer (APR only, no httpd headers),
 * for the answers harvesters read (OAI-PMH, sitemaps).
 *
 *   kc_xml_t *x = kc_xml_make(p);
 *   kc_xml_start(x, "record", "status", "deleted", NULL);   attributes in pairs
 *   kc_xml_elem(x, "title", title, NULL);                   <title>text</title>
 *   kc_xml_end(x);                                          closes "record"
 *   if (kc_xml_finish(x, &out, &len) != APR_SUCCESS) ... a bug in the caller
 *
 * Every text and attribute value is escaped (& < > " ' as entities) and
 * made a legal XML 1.0 character sequence: characters XML 1.0 does not
 * allow (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) are dropped,
 * and bytes that are not well-formed UTF-8 become U+FFFD. Element and
 * attribute names are the caller's constants: a name that is not a plain
 * XML name ([A-Za-z_][A-Za-z0-9_.:-]*) is a misuse. Misuse (a bad name,
 * an end without a start, unclosed elements at the end) writes nothing and
 * makes kc_xml_finish() fail, so a bug cannot produce malformed XML.
 */
#ifndef KC_XML_H
#define KC_XML_H

#include <apr_pools.h>
#include <apr_errno.h>

typedef struct kc_xml_t kc_xml_t;

/* A writer whose document starts with the XML declaration (UTF-8). */
kc_xml_t *kc_xml_make(apr_pool_t *p);

/* Open an element; the variadic part is name, value pairs ending in NULL.
 * A NULL value in a pair leaves that attribute out. */
void kc_xml_start(kc_xml_t *x, const char *name, ...);
/* Close the innermost open element. */
void kc_xml_end(kc_xml_t *x);
/* Escaped character data inside the open element (NULL writes nothing). */
void kc_xml_text(kc_xml_t *x, const char *text);
/* <name attrs...>text</name> in one call; pairs as in kc_xml_start. */
void kc_xml_elem(kc_xml_t *x, const char *name, const char *text, ...);

/* The document, NUL-terminated (len excludes the NUL; len may be NULL).
 * APR_EGENERAL after a misuse or with elements still open. */
apr_status_t kc_xml_finish(kc_xml_t *x, const char **out, apr_size_t *len);

/* s escaped for XML text and attributes as above (NULL -> ""). */
const char *kc_xml_escape(apr_pool_t *p, const char *s);

#endif
