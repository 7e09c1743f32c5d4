/*
 * kc_feeds.c -- Atom feeds (RFC 4287) beside the pages they follow:
 *   /members/{id}.atom   a member's newest published contributions, for a
 *                        profile the site shows (404 for an unknown,
 *                        deleted or banned member, as the profile)
 *   /forum.atom          the newest questions of the forum that are shown
 *                        (?category= as on /forum)
 * What a visitor sees of each; XML through core/kc_xml.c.
 */
#include "kc_feeds.h"
#include "../store/kc_store_contrib.h"
#include "../store/kc_store_community.h"
#include "../store/kc_store_feeds.h"
#include "../core/kc_escape.h"

#define KC_FEED_SIZE 20

static const char *now_utc(apr_pool_t *p)
{
    char buf[32];
    apr_size_t len;
    apr_time_exp_t t;

    apr_time_exp_gmt(&t, apr_time_now());
    apr_strftime(buf, &len, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &t);
    return apr_pstrdup(p, buf);
}

/* GET /members/{id}.atom */
int kc_page_member_atom(kc_req_t *req, const kc_route_match_t *m)
{
    request_rec *r = req->r;
    const char *site = kc_site_url(req), *name, *updated = NULL;
    const char *profile = apr_psprintf(r->pool, "%s/members/%" APR_INT64_T_FMT,
                                       site, m->id);
    apr_array_header_t *recs;
    kc_xml_t *x = kc_xml_make(r->pool);
    int i;
    apr_status_t rv = kc_store_feed_member(&recs, &name, r, req->labels,
                                           m->id, KC_FEED_SIZE);

    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    for (i = 0; i < recs->nelts; i++) {
        const char *u = APR_ARRAY_IDX(recs, i, kc_feed_record_t).updated;
        if (!updated || strcmp(u, updated) > 0) {
            updated = u;
        }
    }
    kc_atom_feed_start(x, apr_pstrcat(r->pool, profile, ".atom", NULL),
                       apr_pstrcat(r->pool, "KlasCement: ", name, NULL),
                       updated ? updated : now_utc(r->pool), profile);
    for (i = 0; i < recs->nelts; i++) {
        const kc_feed_record_t *f = &APR_ARRAY_IDX(recs, i, kc_feed_record_t);
        kc_atom_record_entry(x, r->pool, site, &f->sum, f->updated,
                             f->published);
    }
    kc_xml_end(x);
    apr_table_setn(r->headers_out, "Cache-Control", "public, max-age=300");
    return kc_atom_send(req, x);
}

static int known_category(const apr_array_header_t *cats, const char *code)
{
    int i;
    for (i = 0; i < cats->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(cats, i, kc_code_name_t).code, code) == 0) {
            return 1;
        }
    }
    return 0;
}

static void topic_entry(kc_xml_t *x, apr_pool_t *p, const char *site,
                        const kc_feed_topic_t *t)
{
    const char *url = apr_psprintf(p, "%s/forum/topics/%" APR_INT64_T_FMT,
                                   site, t->id);

    kc_xml_start(x, "entry", NULL);
    kc_xml_elem(x, "id", url, NULL);
    kc_xml_elem(x, "title", t->title, NULL);
    kc_xml_elem(x, "updated", t->updated, NULL);
    kc_xml_elem(x, "published", t->published, NULL);
    kc_xml_start(x, "author", NULL);
    kc_xml_elem(x, "name", t->author_name, NULL);
    kc_xml_end(x);
    kc_xml_start(x, "link", "rel", "alternate", "type", "text/html",
                 "href", url, NULL);
    kc_xml_end(x);
    kc_xml_start(x, "category", "term", t->category, "label",
                 t->category_name, NULL);
    kc_xml_end(x);
    kc_xml_elem(x, "summary", t->excerpt_cut
                ? apr_pstrcat(p, t->excerpt, "…", NULL) : t->excerpt,
                "type", "text", NULL);
    kc_xml_end(x);
}

/* GET /forum.atom[?category=CODE] */
int kc_page_forum_atom(kc_req_t *req, const kc_route_match_t *m)
{
    request_rec *r = req->r;
    const char *site = kc_site_url(req), *cat = kc_arg(req, "category");
    const char *updated = NULL, *suffix;
    apr_array_header_t *topics, *cats;
    kc_xml_t *x = kc_xml_make(r->pool);
    int i;
    apr_status_t rv;

    (void)m;
    cat = cat && *cat ? cat : NULL;
    if (cat) {
        if ((rv = kc_store_forum_categories(&cats, r, req->lang))
            != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
        if (!known_category(cats, cat)) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "category");
        }
    }
    rv = kc_store_feed_forum(&topics, r, req->lang, cat, KC_FEED_SIZE);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    for (i = 0; i < topics->nelts; i++) {
        const char *u = APR_ARRAY_IDX(topics, i, kc_feed_topic_t).updated;
        if (!updated || strcmp(u, updated) > 0) {
            updated = u;
        }
    }
    suffix = cat ? apr_pstrcat(r->pool, "?category=",
                               kc_url_encode(r->pool, cat), NULL) : "";
    kc_atom_feed_start(x, apr_pstrcat(r->pool, site, "/forum.atom", suffix,
                                      NULL),
                       kc_msg(req, "feed.forum.title"),
                       updated ? updated : now_utc(r->pool),
                       apr_pstrcat(r->pool, site, "/forum", suffix, NULL));
    for (i = 0; i < topics->nelts; i++) {
        topic_entry(x, r->pool, site,
                    &APR_ARRAY_IDX(topics, i, kc_feed_topic_t));
    }
    kc_xml_end(x);
    apr_table_setn(r->headers_out, "Cache-Control", "public, max-age=300");
    return kc_atom_send(req, x);
}
