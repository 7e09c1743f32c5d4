/*
 * Unit tests for the in-memory search index (core/kc_sindex.c,
 * core/kc_sindex_search.c): ts_rank as PostgreSQL 15 computes it (the
 * expected values are what ts_rank() printed), the match operators, the
 * filters' facets and order, and changes on a derived index.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "kc_sindex.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static void rank_is(const char *vector, const char *query, const char *pg)
{
    float got = -1.0f;
    ck_assert_int_eq(kc_sindex_rank(&got, vector, query, pool), APR_SUCCESS);
    ck_assert_msg(got == strtof(pg, NULL), "ts_rank(%s, %s): %.9g, not %s",
                  vector, query, (double)got, pg);
}

START_TEST(rank_as_postgresql)
{
    rank_is("'breuk':1A,5 'kaart':2B", "'breuk' | 'kaart'", "0.4331481");
    /* an OR is ranked by its distinct lexemes, whatever its shape */
    rank_is("'breuk':1A,5 'kaart':2B", "'breuk' & 'kaart' | 'breuk'", "0.4331481");
    rank_is("'a':1,2,3,4C 'b':5A,9B", "'a' | 'b' | 'c'", "0.29101694");
    rank_is("'a' 'b':3", "'a' | 'zz'", "0.030396355");
    rank_is("'x':1C,2B,3A", "'x' | 'x'", "0.7903052");
}
END_TEST

START_TEST(unreadable_and_unanswered)
{
    float r;
    ck_assert_int_eq(kc_sindex_rank(&r, "'a':1", "'a' <-> 'b'", pool), APR_ENOTIMPL);
    ck_assert_int_eq(kc_sindex_rank(&r, "'a':1", "'a':*", pool), APR_ENOTIMPL);
    ck_assert_int_eq(kc_sindex_rank(&r, "'a':1", "", pool), APR_ENOTIMPL);
    ck_assert_int_eq(kc_sindex_rank(&r, "'a':1", "'a' &", pool), APR_EINVAL);
    ck_assert_int_eq(kc_sindex_rank(&r, "'a':1", "( 'a'", pool), APR_EINVAL);
    ck_assert_int_eq(kc_sindex_rank(&r, "'a:1", "'a'", pool), APR_EINVAL);
    ck_assert_int_eq(kc_sindex_rank(&r, "'a':x", "'a'", pool), APR_EINVAL);
    /* quotes inside a lexeme */
    ck_assert_int_eq(kc_sindex_rank(&r, "'it''s':1A", "'it''s'", pool), APR_SUCCESS);
    ck_assert(r > 0.0f);
}
END_TEST

/* Five records: id, published, rating, kind, language, subjects, vector. */
static kc_sindex_t *five(void)
{
    static const kc_sindex_doc_t d[] = {
        { 1, "100", 0, 0, "video", "nl", "by", "{1}", "{10}", "'breuk':1A 'kaart':2A" },
        { 2, "200", 9, 2, "video", "en", "by", "{1,2}", "{10}", "'breuk':3C 'spel':1A" },
        { 3, "300", 5, 1, "document", "nl", "cc0", "{2}", "{11}", "'kaart':1A" },
        { 4, "400", 0, 0, "document", "nl", "by", "{}", "{}", "'breuk':1A,2A 'kaart':3B" },
        { 5, "500", 0, 0, "exercise", "fr", "by", "{3}", "{10}", "'spel':1A" },
    };
    kc_sindex_t *ix = kc_sindex_create();
    size_t i;
    ck_assert_ptr_nonnull(ix);
    static const char *const terms[][7] = {
        { "kind", "video", "video", "Video", "Video", "Video", "2" },
        { "kind", "document", "document", "Document", "Document", "Document", "1" },
        { "kind", "exercise", "exercise", "Oefening", "Oefening", "Exercise", "3" },
        { "kind", "lemma", "lemma", "Lemma", "Lemma", "Entry", "4" },
        { "subject", "1", "wiskunde", "Wiskunde", "Rekenen", "Mathematics", "1" },
        { "subject", "2", "nederlands", "Nederlands", "Nederlands", "Dutch", "2" },
        { "subject", "3", "frans", "Frans", "Frans", "French", "3" },
        { "level", "10", "lager", "Lager", "Basis", "Primary", "1" },
        { "level", "11", "kleuter", "Kleuter", "Kleuter", "Pre-school", "0" },
        { "language", "nl", "nl", "Nederlands", "Nederlands", "Dutch", "1" },
        { "language", "en", "en", "Engels", "Engels", "English", "2" },
        { "language", "fr", "fr", NULL, NULL, NULL, "3" },
        { "licence", "by", "by", "CC BY", "CC BY", "CC BY", NULL },
        { "licence", "cc0", "cc0", "CC0", "CC0", "CC0", "1" },
    };
    for (i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
        ck_assert_int_eq(kc_sindex_term(ix, terms[i][0], terms[i][1], terms[i][2],
                                        terms[i][3], terms[i][4], terms[i][5],
                                        terms[i][6]), APR_SUCCESS);
    }
    for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
        ck_assert_int_eq(kc_sindex_add(ix, &d[i]), APR_SUCCESS);
    }
    ck_assert_int_eq(kc_sindex_add(ix, &d[0]), APR_EGENERAL);   /* order */
    kc_sindex_seal(ix);
    return ix;
}

static kc_sindex_query_t query(const char *match, const char *sort)
{
    kc_sindex_query_t q = { match, match, NULL, NULL, NULL, NULL, NULL, "be", sort,
                            0, 10, 1000 };
    return q;
}

/* The ids of a search, comma-separated, then "/total". */
static const char *ids(const kc_sindex_t *ix, const kc_sindex_query_t *q)
{
    kc_sindex_result_t r;
    const char *s = "";
    int i;
    ck_assert_int_eq(kc_sindex_search(&r, ix, q, pool), APR_SUCCESS);
    for (i = 0; i < r.ids->nelts; i++) {
        s = apr_psprintf(pool, "%s%s%" APR_INT64_T_FMT, s, i ? "," : "",
                         APR_ARRAY_IDX(r.ids, i, apr_int64_t));
    }
    return apr_psprintf(pool, "%s/%" APR_INT64_T_FMT "%s", s, r.total,
                        r.capped ? "+" : "");
}

START_TEST(operators)
{
    static const char *const cases[][2] = {
        { "'breuk'", "4,2,1/3" },
        { "'breuk' & 'kaart'", "4,1/2" },
        { "'breuk' | 'spel'", "5,4,2,1/4" },
        { "'breuk' & !'kaart'", "2/1" },
        { "!'breuk'", "5,3/2" },
        { "!( 'breuk' | 'kaart' ) | 'kaart' & !'breuk'", "5,3/2" },
        { "!'breuk' & !'spel'", "3/1" },
        { "!'breuk' | !'kaart'", "5,3,2/3" },
        { "'onbekend'", "/0" },
    };
    kc_sindex_t *ix = five();
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kc_sindex_query_t q = query(cases[i][0], "newest");
        ck_assert_msg(strcmp(ids(ix, &q), cases[i][1]) == 0, "%s: %s, not %s",
                      cases[i][0], ids(ix, &q), cases[i][1]);
    }
    kc_sindex_destroy(ix);
}
END_TEST

START_TEST(order_page_cap)
{
    kc_sindex_t *ix = five();
    kc_sindex_query_t q = query("'breuk' | 'kaart' | 'spel'", "relevance");
    /* ts_rank: 1 0.405, 4 0.334, 2 0.243, 3 and 5 0.203 (then newest) */
    ck_assert_str_eq(ids(ix, &q), "1,4,2,5,3/5");
    q.sort = "rating";
    ck_assert_str_eq(ids(ix, &q), "3,2,5,4,1/5");  /* 5 > 4.5, then newest */
    q.sort = "newest";
    q.offset = 3;
    ck_assert_str_eq(ids(ix, &q), "2,1/5");
    q.offset = 0;
    q.limit = 2;
    ck_assert_str_eq(ids(ix, &q), "5,4/5");
    /* more candidates than the cap, no filter: capped, pages to the cap */
    q.limit = 10;
    q.cap = 3;
    ck_assert_str_eq(ids(ix, &q), "5,4,3/4+");
    q.offset = 3;
    ck_assert_str_eq(ids(ix, &q), "/4+");
    /* with a filter every match is counted */
    q.offset = 0;
    q.kind = "video";
    ck_assert_str_eq(ids(ix, &q), "2,1/2");
    kc_sindex_destroy(ix);
}
END_TEST

static apr_int64_t facet(const kc_sindex_result_t *r, const char *f, const char *v)
{
    int i;
    for (i = 0; i < r->facets->nelts; i++) {
        const kc_sindex_facet_t *x = &APR_ARRAY_IDX(r->facets, i, kc_sindex_facet_t);
        if (strcmp(x->facet, f) == 0 && strcmp(x->value, v) == 0) {
            return x->n;
        }
    }
    return 0;
}

START_TEST(filters_and_facets)
{
    kc_sindex_t *ix = five();
    kc_sindex_query_t q = query("'breuk' | 'kaart' | 'spel'", "newest");
    kc_sindex_result_t r;
    int i;

    q.kind = "video";
    q.subject = "wiskunde";
    ck_assert_str_eq(ids(ix, &q), "2,1/2");
    ck_assert_int_eq(kc_sindex_search(&r, ix, &q, pool), APR_SUCCESS);
    ck_assert_ptr_null(r.unknown);
    /* each facet: what the others' filters leave */
    ck_assert_int_eq(facet(&r, "kind", "video"), 2);
    ck_assert_int_eq(facet(&r, "kind", "document"), 0);    /* no subject 1 */
    ck_assert_int_eq(facet(&r, "subject", "wiskunde"), 2);
    ck_assert_int_eq(facet(&r, "subject", "nederlands"), 1);   /* record 2 */
    ck_assert_int_eq(facet(&r, "language", "en"), 1);
    ck_assert_int_eq(facet(&r, "level", "lager"), 2);
    /* by facet, then position; named in the labels asked */
    q.kind = NULL;
    q.subject = NULL;
    q.labels = "en";
    ck_assert_int_eq(kc_sindex_search(&r, ix, &q, pool), APR_SUCCESS);
    {
        const char *all = "";
        for (i = 0; i < r.facets->nelts; i++) {
            const kc_sindex_facet_t *x = &APR_ARRAY_IDX(r.facets, i, kc_sindex_facet_t);
            all = apr_psprintf(pool, "%s%s:%s:%s:%" APR_INT64_T_FMT " ", all,
                               x->facet, x->value, x->name, x->n);
        }
        /* French has no name: left out, as PostgreSQL's string_agg does */
        ck_assert_str_eq(all, "kind:document:Document:2 kind:video:Video:2 "
                         "kind:exercise:Exercise:1 language:nl:Dutch:3 "
                         "language:en:English:1 level:kleuter:Pre-school:1 "
                         "level:lager:Primary:3 licence:cc0:CC0:1 licence:by:CC BY:4 "
                         "subject:wiskunde:Mathematics:2 subject:nederlands:Dutch:2 "
                         "subject:frans:French:1 ");
    }
    q.subject = "geen";                                    /* unknown code */
    ck_assert_str_eq(ids(ix, &q), "/0");
    ck_assert_int_eq(kc_sindex_search(&r, ix, &q, pool), APR_SUCCESS);
    ck_assert_str_eq(r.unknown, "subject");
    q.subject = NULL;
    q.kind = "lemma";                                      /* no record has it */
    ck_assert_str_eq(ids(ix, &q), "/0");
    ck_assert_int_eq(kc_sindex_search(&r, ix, &q, pool), APR_SUCCESS);
    ck_assert_ptr_null(r.unknown);
    q.kind = "boek";
    q.licence = "gpl";
    ck_assert_int_eq(kc_sindex_search(&r, ix, &q, pool), APR_SUCCESS);
    ck_assert_str_eq(r.unknown, "kind");                   /* the first */
    q.kind = NULL;
    q.licence = NULL;
    q.language = "nl";
    q.level = "kleuter";
    ck_assert_str_eq(ids(ix, &q), "3/1");
    kc_sindex_destroy(ix);
}
END_TEST

START_TEST(changes)
{
    kc_sindex_t *ix = five(), *next, *third;
    kc_sindex_doc_t edited = { 3, "600", 0, 0, "video", "nl", "by", "{1}", "{10}", "'spel':1A 'nieuw':2A" };
    kc_sindex_doc_t added = { 9, "50", 0, 0, "document", "nl", "by", "{}", "{}", "'breuk':1A" };
    kc_sindex_query_t q = query("'spel'", "newest");

    next = kc_sindex_derive(ix);
    ck_assert_int_eq(kc_sindex_put(next, &edited), APR_SUCCESS);
    ck_assert_int_eq(kc_sindex_put(next, &added), APR_SUCCESS);
    kc_sindex_remove(next, 5);
    kc_sindex_remove(next, 77);                            /* never had it */
    ck_assert_int_eq(kc_sindex_size(next), 5);
    ck_assert_str_eq(ids(next, &q), "3,2/2");
    q = query("'kaart'", "newest");
    ck_assert_str_eq(ids(next, &q), "4,1/2");              /* 3 lost kaart */
    q = query("'breuk'", "newest");
    ck_assert_str_eq(ids(next, &q), "4,2,1,9/4");
    q = query("!'breuk'", "newest");
    ck_assert_str_eq(ids(next, &q), "3/1");
    q = query("'nieuw' | 'breuk'", "relevance");
    /* ts_rank: 4 0.380, then 3, 1 and 9 0.304 (newest first), 2 0.061 */
    ck_assert_str_eq(ids(next, &q), "4,3,1,9,2/5");
    /* the original is unchanged */
    q = query("'spel'", "newest");
    ck_assert_str_eq(ids(ix, &q), "5,2/2");
    /* a copy of the copy, the original gone */
    third = kc_sindex_derive(next);
    kc_sindex_destroy(ix);
    kc_sindex_destroy(next);
    kc_sindex_remove(third, 9);
    q = query("'breuk'", "newest");
    ck_assert_str_eq(ids(third, &q), "4,2,1/3");
    ck_assert_int_eq(kc_sindex_changed(third), 1);
    kc_sindex_destroy(third);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sindex");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rank_as_postgresql);
    tcase_add_test(tc, unreadable_and_unanswered);
    tcase_add_test(tc, operators);
    tcase_add_test(tc, order_page_cap);
    tcase_add_test(tc, filters_and_facets);
    tcase_add_test(tc, changes);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
