/*
 * kc_oai.h -- shared by the OAI-PMH files: kc_oai.c (arguments, the
 * envelope, Identify, ListMetadataFormats, ListSets, GetRecord) and
 * kc_oai_list.c (errors, records, ListIdentifiers, ListRecords); calls go
 * from kc_oai.c to kc_oai_list.c only (tools/check-deps).
 */
#ifndef KC_OAI_HANDLER_H
#define KC_OAI_HANDLER_H

#include "kc_page.h"
#include "../core/kc_xml.h"
#include "../core/kc_oai.h"
#include "../store/kc_store_oai.h"

/* Records per list page. */
#define KC_OAI_PAGE 100

typedef struct {
    kc_req_t *req;
    kc_xml_t *x;
    apr_table_t *args;          /* the arguments, each at most once */
    const char *base;           /* the repository's base URL (.../oai) */
    const char *site;           /* the site's URL, no trailing slash */
    const char *host;           /* of the base URL */
    const char *id_prefix;      /* "oai:<host>:record:" */
} kc_oai_t;

/* kc_oai_list.c: <error code="code">message</error>; returns OK. */
int kc_oai_error(kc_oai_t *o, const char *code, const char *message);
/* The record id of an identifier of ours, or 0. */
apr_int64_t kc_oai_parse_id(const kc_oai_t *o, const char *identifier);
/* 1 when prefix is a metadata format we disseminate. */
int kc_oai_format_ok(const char *prefix);
/* A record's header, and its metadata in format prefix (oai_dc or lom)
 * when prefix is not NULL and it is live. */
void kc_oai_write_record(kc_oai_t *o, const kc_oai_record_t *rec,
                         const char *prefix);
/* A store failure inside a verb (logged by the store): the HTTP status
 * to return, never OK. */
int kc_oai_store_failed(kc_oai_t *o, apr_status_t rv);

/* kc_oai_lom.c: the lom metadata of a live record (called by
 * kc_oai_list.c). */
void kc_oai_write_lom(kc_xml_t *x, apr_pool_t *p, const char *record_url,
                      const kc_oai_record_t *rec);

/* kc_oai_list.c: ListIdentifiers (with_metadata 0) and ListRecords (1). */
int kc_oai_list(kc_oai_t *o, const char *verb, int with_metadata);

#endif
