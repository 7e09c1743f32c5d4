/*
 * kc_oai_lom.c -- the lom metadata format of OAI-PMH: IEEE LOM (the XML
 * binding's namespace) with the fields Edurep's NL-LOM profile reads:
 * identifier, title, language, description, keywords (subjects), the
 * author as a vCard, technical location (the record page: files and links
 * stay behind the login), learning resource type (the kind), rights (the
 * licence), and classifications for the subjects (discipline) and the
 * education levels. Only what a visitor sees, like oai_dc.
 */
#include "kc_oai.h"

#define KC_LOM_NS "http://ltsc.ieee.org/xsd/LOM"

/* A vCard 3.0 text value: backslash, comma, semicolon and line breaks
 * escaped (RFC 2426), so a name cannot add vCard lines. */
static const char *vcard_text(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, 2 * strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == '\\' || *s == ',' || *s == ';') {
            *o++ = '\\';
            *o++ = *s;
        }
        else if (*s == '\n') {
            *o++ = '\\';
            *o++ = 'n';
        }
        else if (*s != '\r') {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static void langstring(kc_xml_t *x, const char *name, const char *lang,
                       const char *text)
{
    kc_xml_start(x, name, NULL);
    kc_xml_elem(x, "string", text, "language", lang, NULL);
    kc_xml_end(x);
}

static void vocabulary(kc_xml_t *x, const char *name, const char *source,
                       const char *value)
{
    kc_xml_start(x, name, NULL);
    kc_xml_elem(x, "source", source, NULL);
    kc_xml_elem(x, "value", value, NULL);
    kc_xml_end(x);
}

/* A classification: purpose, one taxon per code and name. */
static void classification(kc_xml_t *x, const char *purpose,
                           const char *source, const apr_array_header_t *codes,
                           const apr_array_header_t *names)
{
    int i;
    if (!codes || codes->nelts == 0) {
        return;
    }
    kc_xml_start(x, "classification", NULL);
    vocabulary(x, "purpose", "LOMv1.0", purpose);
    kc_xml_start(x, "taxonPath", NULL);
    langstring(x, "source", "x-none", source);
    for (i = 0; i < codes->nelts; i++) {
        kc_xml_start(x, "taxon", NULL);
        kc_xml_elem(x, "id", APR_ARRAY_IDX(codes, i, const char *), NULL);
        langstring(x, "entry", "nl", names && i < names->nelts
                   ? APR_ARRAY_IDX(names, i, const char *) : "");
        kc_xml_end(x);
    }
    kc_xml_end(x);
    kc_xml_end(x);
}

void kc_oai_write_lom(kc_xml_t *x, apr_pool_t *p, const char *record_url,
                      const kc_oai_record_t *rec)
{
    const char *lang = rec->language;
    int i;

    kc_xml_start(x, "lom", "xmlns", KC_LOM_NS,
                 "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
                 "xsi:schemaLocation", KC_LOM_NS
                 " http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd", NULL);
    kc_xml_start(x, "general", NULL);
    kc_xml_start(x, "identifier", NULL);
    kc_xml_elem(x, "catalog", "URI", NULL);
    kc_xml_elem(x, "entry", record_url, NULL);
    kc_xml_end(x);
    langstring(x, "title", lang, rec->title);
    kc_xml_elem(x, "language", lang, NULL);
    if (*rec->excerpt) {
        langstring(x, "description", lang, rec->excerpt);
    }
    for (i = 0; rec->subjects && i < rec->subjects->nelts; i++) {
        langstring(x, "keyword", "nl", APR_ARRAY_IDX(rec->subjects, i,
                                                     const char *));
    }
    kc_xml_end(x);

    kc_xml_start(x, "lifeCycle", NULL);
    kc_xml_start(x, "contribute", NULL);
    vocabulary(x, "role", "LOMv1.0", "author");
    kc_xml_elem(x, "entity", apr_pstrcat(p, "BEGIN:VCARD\nVERSION:3.0\nFN:",
                                         vcard_text(p, rec->author_name),
                                         "\nEND:VCARD", NULL), NULL);
    kc_xml_end(x);
    kc_xml_end(x);

    kc_xml_start(x, "technical", NULL);
    kc_xml_elem(x, "location", record_url, NULL);
    kc_xml_end(x);

    kc_xml_start(x, "educational", NULL);
    vocabulary(x, "learningResourceType", "https://www.klascement.net/kinds",
               rec->kind);
    kc_xml_end(x);

    kc_xml_start(x, "rights", NULL);
    vocabulary(x, "copyrightAndOtherRestrictions", "LOMv1.0", "yes");
    langstring(x, "description", "x-none",
               rec->licence_url && *rec->licence_url ? rec->licence_url
                                                   : rec->licence_name);
    kc_xml_end(x);

    classification(x, "discipline", "KlasCement subjects",
                   rec->subject_codes, rec->subjects);
    classification(x, "educational level", "KlasCement levels",
                   rec->level_codes, rec->levels);
    kc_xml_end(x);
}
