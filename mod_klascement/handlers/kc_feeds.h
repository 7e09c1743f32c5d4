/*
 * kc_feeds.h -- the Atom pieces the feeds share (kc_records_atom.c): the
 * record entry, the feed's head, sending it.
 */
#ifndef KC_FEEDS_H
#define KC_FEEDS_H

#include "kc_page.h"
#include "../core/kc_xml.h"
#include "../store/kc_store_records.h"

#define KC_ATOM_NS "http://www.w3.org/2005/Atom"

/* An <entry> for a record as a visitor sees it; updated / published as
 * date-times, NULL for the day of publication. */
void kc_atom_record_entry(kc_xml_t *x, apr_pool_t *p, const char *site,
                          const kc_record_summary_t *rec, const char *updated,
                          const char *published);
/* <feed> opened with id (= self), title, updated, the self and alternate
 * links and the feed's author; the caller adds entries and closes it. */
void kc_atom_feed_start(kc_xml_t *x, const char *self, const char *title,
                        const char *updated, const char *alternate);
/* Finish and send as application/atom+xml (500 on a writer misuse). */
int kc_atom_send(kc_req_t *req, kc_xml_t *x);

#endif
