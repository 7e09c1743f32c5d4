/*
 * Unit tests for the template engine (core/kc_tmpl*.c).
 *
 * Build and run from the top of the tree:
 * gcc -std=gnu99 -Wall -Wextra -g -fsanitize=address,undefined $(apr-1-config --cflags --cppflags --includes) $(apu-1-config --includes) -Imod_klascement/core t/unit/test_tmpl.c mod_klascement/core/kc_tmpl*.c mod_klascement/core/kc_escape.c mod_klascement/core/kc_json.c $(pkg-config --cflags --libs check) -lapr-1 -laprutil-1 -o /tmp/test_tmpl && /tmp/test_tmpl
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_file_info.h>
#include <apr_file_io.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "kc_json.h"
#include "kc_tmpl.h"

static apr_pool_t *pool;
static const char *base_dir;    /* per-run temporary directory */
static int dir_seq;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static kc_tmpl_set_t *mkset(void)
{
    kc_tmpl_set_t *s = NULL;

    ck_assert_int_eq(kc_tmpl_set_create(&s, pool), APR_SUCCESS);
    return s;
}

static void add(kc_tmpl_set_t *s, const char *name, const char *src)
{
    const char *err = NULL;
    apr_status_t rv = kc_tmpl_set_add(s, name, src, strlen(src), &err);

    ck_assert_msg(rv == APR_SUCCESS, "add %s: %s", name, err);
}

static void cat(kc_tmpl_set_t *s, const char *lang, const char *src)
{
    const char *err = NULL;
    apr_status_t rv = kc_tmpl_set_add_catalogue(s, lang, src, strlen(src),
                                                &err);

    ck_assert_msg(rv == APR_SUCCESS, "catalogue %s: %s", lang, err);
}

static const char *render(const kc_tmpl_set_t *s, const char *name,
                          const char *lang, const kc_tctx_t *c)
{
    char *out = NULL;
    apr_size_t len = 0;
    apr_status_t rv = kc_tmpl_render(&out, &len, s, name, lang, c, pool);

    ck_assert_int_eq(rv, APR_SUCCESS);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(len, strlen(out));
    return out;
}

/* Renders src as the only template of a fresh set. */
static const char *render1(const char *src, const kc_tctx_t *c)
{
    kc_tmpl_set_t *s = mkset();

    add(s, "page", src);
    return render(s, "page", NULL, c);
}

/* The error text of parsing src as template "page" (which must fail). */
static const char *parse_err(const char *src)
{
    kc_tmpl_set_t *s = mkset();
    const char *err = NULL;

    ck_assert_int_eq(kc_tmpl_set_add(s, "page", src, strlen(src), &err),
                     APR_EINVAL);
    ck_assert_ptr_nonnull(err);
    ck_assert(!kc_tmpl_set_has(s, "page"));
    return err;
}

static const char *cat_err(const char *src)
{
    kc_tmpl_set_t *s = mkset();
    const char *err = NULL;

    ck_assert_int_eq(kc_tmpl_set_add_catalogue(s, "nl", src, strlen(src),
                                               &err), APR_EINVAL);
    ck_assert(!kc_tmpl_set_has_lang(s, "nl"));
    return err;
}

/* ---- values and escaping ------------------------------------------------ */

START_TEST(values_escaped)
{
    kc_tctx_t *c = kc_tctx_make(pool);

    kc_tctx_set(c, "lt", "<");
    kc_tctx_set(c, "gt", ">");
    kc_tctx_set(c, "amp", "&");
    kc_tctx_set(c, "quot", "\"");
    kc_tctx_set(c, "apos", "'");
    kc_tctx_set(c, "v", "<b>\"Tom\" & 'Jerry'</b>");
    kc_tctx_set(c, "utf", "\xC3\xA9\xC3\xA9n \xE2\x88\x91");
    ck_assert_str_eq(render1("{{lt}}|{{gt}}|{{amp}}|{{quot}}|{{apos}}", c),
                     "&lt;|&gt;|&amp;|&quot;|&#39;");
    ck_assert_str_eq(render1("<p class=\"x\">{{v}}</p>", c),
                     "<p class=\"x\">&lt;b&gt;&quot;Tom&quot; &amp; "
                     "&#39;Jerry&#39;&lt;/b&gt;</p>");
    ck_assert_str_eq(render1("[{{ utf }}]", c),
                     "[\xC3\xA9\xC3\xA9n \xE2\x88\x91]");
    ck_assert_str_eq(render1("a}}b{c}", c), "a}}b{c}");
}
END_TEST

START_TEST(url_values)
{
    kc_tctx_t *c = kc_tctx_make(pool);

    kc_tctx_set(c, "q", "a b&c/\xC3\xA9'");
    ck_assert_str_eq(render1("<a href=\"/s?q={{u:q}}\">{{q}}</a>", c),
                     "<a href=\"/s?q=a%20b%26c%2F%C3%A9%27\">"
                     "a b&amp;c/\xC3\xA9&#39;</a>");
    ck_assert_str_eq(render1("{{ u: q }}", c), "a%20b%26c%2F%C3%A9%27");
}
END_TEST

START_TEST(value_api)
{
    kc_tctx_t *c = kc_tctx_make(pool), *child;
    kc_tlist_t *l;
    char key[8];

    kc_tctx_set_int(c, "n", -42);
    ck_assert_str_eq(kc_tctx_get(c, "n"), "-42");
    kc_tctx_set_int(c, "n", LLONG_MAX);
    ck_assert_str_eq(kc_tctx_get(c, "n"), "9223372036854775807");
    kc_tctx_setf(c, "f", "%s-%d", "x", 7);
    ck_assert_str_eq(kc_tctx_get(c, "f"), "x-7");
    kc_tctx_set(c, "f", "replaced");
    ck_assert_str_eq(render1("{{f}}", c), "replaced");
    kc_tctx_set(c, "f", NULL);
    ck_assert_ptr_null(kc_tctx_get(c, "f"));
    ck_assert_str_eq(render1("[{{f}}]", c), "[]");
    kc_tctx_set_bool(c, "b", 1);
    ck_assert_ptr_null(kc_tctx_get(c, "b"));
    child = kc_tctx_child(c, "d");
    kc_tctx_set(child, "x", "1");
    ck_assert_ptr_null(kc_tctx_get(child, "n"));   /* no outward walk */
    ck_assert_ptr_null(kc_tctx_get(c, "x"));
    l = kc_tctx_list(c, "l");
    ck_assert_int_eq(kc_tlist_count(l), 0);
    kc_tlist_push(l);
    kc_tlist_push(l);
    ck_assert_int_eq(kc_tlist_count(l), 2);
    ck_assert_int_eq(kc_tlist_count(NULL), 0);
    /* Keys are copied: a reused buffer must not rename the value. */
    memcpy(key, "k1", 3);
    kc_tctx_set(c, key, "v1");
    memcpy(key, "zz", 3);
    ck_assert_str_eq(kc_tctx_get(c, "k1"), "v1");
    /* A bool, dict or list prints nothing. */
    ck_assert_str_eq(render1("[{{b}}{{d}}{{l}}]", c), "[]");
}
END_TEST

/* ---- sections and lookup ------------------------------------------------ */

START_TEST(nested_sections)
{
    kc_tctx_t *c = kc_tctx_make(pool), *g;
    kc_tlist_t *groups, *items;

    kc_tctx_set(c, "title", "T&");
    groups = kc_tctx_list(c, "groups");
    g = kc_tlist_push(groups);
    kc_tctx_set(g, "name", "g1");
    items = kc_tctx_list(g, "items");
    kc_tctx_set(kc_tlist_push(items), "v", "a");
    kc_tctx_set(kc_tlist_push(items), "v", "<b>");
    kc_tctx_set(kc_tctx_child(g, "owner"), "name", "o1");
    g = kc_tlist_push(groups);
    kc_tctx_set(g, "name", "g2");
    kc_tctx_list(g, "items");
    ck_assert_str_eq(
        render1("{{#groups}}[{{name}}:{{#items}}{{v}}/{{title}}/{{name}};"
                "{{/items}}{{#owner}}({{name}}|{{owner.name}}){{/owner}}]"
                "{{/groups}}", c),
        "[g1:a/T&amp;/g1;&lt;b&gt;/T&amp;/g1;(o1|o1)][g2:]");
}
END_TEST

START_TEST(section_truthiness)
{
    kc_tctx_t *c = kc_tctx_make(pool);

    kc_tctx_set(c, "s", "x");
    kc_tctx_set(c, "e", "");
    kc_tctx_set_bool(c, "t", 1);
    kc_tctx_set_bool(c, "f", 0);
    kc_tctx_child(c, "d");
    kc_tctx_list(c, "l0");
    kc_tctx_set(kc_tlist_push(kc_tctx_list(c, "l1")), "v", "1");
    ck_assert_str_eq(
        render1("{{#s}}S{{/s}}{{#e}}E{{/e}}{{#t}}T{{/t}}{{#f}}F{{/f}}"
                "{{#d}}D{{/d}}{{#l0}}L0{{/l0}}{{#l1}}L1{{/l1}}"
                "{{#missing}}M{{/missing}}", c), "STDL1");
    ck_assert_str_eq(
        render1("{{^s}}S{{/s}}{{^e}}E{{/e}}{{^t}}T{{/t}}{{^f}}F{{/f}}"
                "{{^d}}D{{/d}}{{^l0}}L0{{/l0}}{{^l1}}L1{{/l1}}"
                "{{^missing}}M{{/missing}}", c), "EFL0M");
    ck_assert_str_eq(render1("{{#l1}}a{{/l1}}{{^l0}}none{{/l0}}", c),
                     "anone");
    /* A string section does not push a context. */
    ck_assert_str_eq(render1("{{#s}}{{s}}{{/s}}", c), "x");
}
END_TEST

START_TEST(missing_and_dotted)
{
    kc_tctx_t *c = kc_tctx_make(pool), *it;
    kc_tlist_t *l;

    kc_tctx_set(kc_tctx_child(kc_tctx_child(c, "a"), "b"), "c", "deep");
    kc_tctx_set(c, "s", "str");
    ck_assert_str_eq(render1("a{{nope}}b{{x.y.z}}c{{u:nope}}d{{s.x}}e", c),
                     "abcde");
    ck_assert_str_eq(render1("{{a.b.c}}|{{a.b}}|{{a.b.c.d}}|{{a.x.c}}", c),
                     "deep|||");
    l = kc_tctx_list(c, "l");
    kc_tlist_push(l);                     /* no "a": found outside */
    it = kc_tlist_push(l);
    kc_tctx_set(it, "a", "shadow");       /* "a" found, not a dict */
    it = kc_tlist_push(l);
    kc_tctx_set(kc_tctx_child(kc_tctx_child(it, "a"), "b"), "c", "inner");
    ck_assert_str_eq(render1("{{#l}}[{{a.b.c}}]{{/l}}", c),
                     "[deep][][inner]");
}
END_TEST

/* ---- JSON values and loop variables ------------------------------------- */

START_TEST(json_values)
{
    kc_tctx_t *c = kc_tctx_make(pool);

    kc_tctx_set(c, "v", "</script><script>alert(\"x\")</script>");
    kc_tctx_set(c, "utf", "\xC3\xA9 \xE2\x82\xAC \xE2\x80\xA8 \xFF & 'q'");
    kc_tctx_set(c, "e", "");
    kc_tctx_set_bool(c, "t", 1);
    kc_tctx_set_bool(c, "f", 0);
    kc_tctx_set(kc_tctx_child(c, "d"), "name", "a\\b\n");
    kc_tctx_list(c, "l");
    ck_assert_str_eq(render1("<script type=\"application/ld+json\">"
                             "{\"name\": {{j:v}}}</script>", c),
                     "<script type=\"application/ld+json\">{\"name\": "
                     "\"\\u003c/script\\u003e\\u003cscript\\u003e"
                     "alert(\\\"x\\\")\\u003c/script\\u003e\"}</script>");
    /* UTF-8 kept, no HTML escaping, bad bytes replaced. */
    ck_assert_str_eq(render1("{{j:utf}}", c),
                     "\"\xC3\xA9 \xE2\x82\xAC \\u2028 \xEF\xBF\xBD "
                     "\\u0026 'q'\"");
    ck_assert_str_eq(render1("[{{j:missing}},{{ j: e }},{{j:d.name}},"
                             "{{j:d.nope}},{{j:t}},{{j:f}},{{j:d}},{{j:l}}]",
                             c),
                     "[null,\"\",\"a\\\\b\\n\",null,true,false,null,null]");
    /* The plain tag still HTML-escapes the same value. */
    ck_assert_str_eq(render1("{{utf}}", c), "\xC3\xA9 \xE2\x82\xAC "
                     "\xE2\x80\xA8 \xFF &amp; &#39;q&#39;");
}
END_TEST

START_TEST(json_tag_errors)
{
    ck_assert_str_eq(parse_err("\n{{j:}}"), "page:2: empty name in tag");
    ck_assert_str_eq(parse_err("{{j:a..b}}"),
                     "page:1: empty part in dotted name 'a..b'");
    ck_assert_str_eq(parse_err("{{j:a b}}"),
                     "page:1: bad character ' ' in name 'a b'");
    ck_assert_str_eq(cat_err("a = ok\nb = x {{j:name}} y\n"),
                     "i18n/nl.txt:2: only {{name}} and {{u:name}} may be "
                     "used in a message");
    ck_assert_str_eq(cat_err("a = {{ j:name }}"),
                     "i18n/nl.txt:1: only {{name}} and {{u:name}} may be "
                     "used in a message");
}
END_TEST

/* A document of the JSON writer goes into a script element whole; an
 * unfinished one is refused and leaves the key unset. */
START_TEST(json_documents)
{
    kc_tctx_t *c = kc_tctx_make(pool);
    kc_json_t *j = kc_json_make(pool), *bad = kc_json_make(pool);

    kc_json_obj_begin(j);
    kc_json_kv_str(j, "name", "</script> & \"x\"");
    kc_json_key(j, "n");
    kc_json_arr_begin(j);
    kc_json_int(j, 1);
    kc_json_arr_end(j);
    kc_json_obj_end(j);
    ck_assert_int_eq(kc_tctx_set_json(c, "ld", j), APR_SUCCESS);
    ck_assert_str_eq(render1("<script>{{j:ld}}</script>", c),
                     "<script>{\"name\":\"\\u003c/script\\u003e "
                     "\\u0026 \\\"x\\\"\",\"n\":[1]}</script>");
    /* Not text: the plain tag writes nothing, a section renders. */
    ck_assert_str_eq(render1("[{{ld}}]{{#ld}}y{{/ld}}", c), "[]y");
    kc_json_obj_begin(bad);
    ck_assert_int_ne(kc_tctx_set_json(c, "ld", bad), APR_SUCCESS);
    ck_assert_str_eq(render1("{{j:ld}}{{^ld}}none{{/ld}}", c), "nullnone");
}
END_TEST

START_TEST(list_first_last)
{
    kc_tctx_t *c = kc_tctx_make(pool);
    kc_tlist_t *l = kc_tctx_list(c, "l");
    const char *marks = "{{#l}}{{#_first}}F{{/_first}}{{v}}"
                        "{{#_last}}L{{/_last}}{{^_last}},{{/_last}}{{/l}}";

    kc_tctx_set(kc_tlist_push(l), "v", "a");
    ck_assert_str_eq(render1(marks, c), "FaL");
    kc_tctx_set(kc_tlist_push(l), "v", "b");
    kc_tctx_set(kc_tlist_push(l), "v", "<c>");
    ck_assert_str_eq(render1(marks, c), "Fa,b,&lt;c&gt;L");
    ck_assert_str_eq(render1("[{{#l}}{{j:v}}{{^_last}},{{/_last}}{{/l}}]",
                             c), "[\"a\",\"b\",\"\\u003cc\\u003e\"]");
    /* Outside a list they are missing; they print nothing as {{name}}. */
    ck_assert_str_eq(render1("{{^_first}}n{{/_first}}{{_last}}{{j:_last}}",
                             c), "nnull");
    ck_assert_str_eq(render1("{{#l}}{{j:_first}}{{/l}}", c),
                     "truefalsefalse");
    /* Gone once the list is done. */
    ck_assert_str_eq(render1("{{#l}}{{/l}}{{^_first}}out{{/_first}}", c),
                     "out");
    /* An item's own key wins. */
    kc_tctx_set(kc_tlist_push(l), "_last", "");
    ck_assert_str_eq(render1("{{#l}}{{#_last}}L{{/_last}}.{{/l}}", c),
                     "....");
}
END_TEST

START_TEST(list_first_last_nested)
{
    kc_tctx_t *c = kc_tctx_make(pool), *g;
    kc_tlist_t *groups = kc_tctx_list(c, "groups"), *items;

    g = kc_tlist_push(groups);
    kc_tctx_set(g, "n", "g1");
    items = kc_tctx_list(g, "items");
    kc_tctx_set(kc_tlist_push(items), "v", "a");
    kc_tctx_set(kc_tlist_push(items), "v", "b");
    g = kc_tlist_push(groups);
    kc_tctx_set(g, "n", "g2");
    kc_tctx_list(g, "items");                          /* empty */
    g = kc_tlist_push(groups);
    kc_tctx_set(g, "n", "g3");
    kc_tctx_set(kc_tlist_push(kc_tctx_list(g, "items")), "v", "c");
    kc_tctx_set(kc_tctx_child(g, "d"), "x", "y");
    /* After the inner list, _first/_last are the outer ones again: the
     * inner list's last item must not make g1 look last. */
    ck_assert_str_eq(
        render1("{{#groups}}{{n}}({{#items}}{{v}}{{#_first}}^{{/_first}}"
                "{{#_last}}${{/_last}}{{/items}})"
                "{{#_first}}F{{/_first}}{{#_last}}L{{/_last}}"
                "{{#d}}[d{{#_last}}L{{/_last}}]{{/d}};{{/groups}}", c),
        "g1(a^b$)F;g2();g3(c^$)L[dL];");
}
END_TEST

/* ---- includes ----------------------------------------------------------- */

START_TEST(includes)
{
    kc_tmpl_set_t *s = mkset();
    kc_tctx_t *c = kc_tctx_make(pool);
    kc_tlist_t *l;
    char *out = (char *)"unset";
    const char *err = NULL;

    add(s, "layout", "<html>{{> parts/head }}<body>{{>@content}}</body>"
        "</html>");
    add(s, "parts/head", "<title>{{title}}</title>");
    add(s, "page/a", "<ul>{{#items}}{{>item}}{{/items}}</ul>");
    add(s, "item", "<li>{{v}}/{{title}}</li>");
    ck_assert_int_eq(kc_tmpl_set_check(s, &err), APR_SUCCESS);
    kc_tctx_set(c, "title", "<T>");
    kc_tctx_set(c, "content", "page/a");
    l = kc_tctx_list(c, "items");
    kc_tctx_set(kc_tlist_push(l), "v", "1");
    kc_tctx_set(kc_tlist_push(l), "v", "2");
    ck_assert_str_eq(render(s, "layout", "nl", c),
                     "<html><title>&lt;T&gt;</title><body><ul>"
                     "<li>1/&lt;T&gt;</li><li>2/&lt;T&gt;</li></ul>"
                     "</body></html>");

    kc_tctx_set(c, "content", "page/nope");
    ck_assert_int_eq(kc_tmpl_render(&out, NULL, s, "layout", NULL, c, pool),
                     APR_NOTFOUND);
    ck_assert_ptr_null(out);
    kc_tctx_set(c, "content", NULL);
    ck_assert_int_eq(kc_tmpl_render(&out, NULL, s, "layout", NULL, c, pool),
                     APR_NOTFOUND);
    ck_assert_int_eq(kc_tmpl_render(&out, NULL, s, "nope", NULL, c, pool),
                     APR_NOTFOUND);
    ck_assert(kc_tmpl_set_has(s, "parts/head"));
    ck_assert(!kc_tmpl_set_has(s, "parts"));
}
END_TEST

START_TEST(include_recursion)
{
    kc_tmpl_set_t *s = mkset();
    const char *err = NULL;
    char *out = NULL;
    apr_size_t len = 7;

    add(s, "loop", "x{{>loop}}");
    add(s, "ping", "{{>pong}}");
    add(s, "pong", "{{>ping}}");
    ck_assert_int_eq(kc_tmpl_set_check(s, &err), APR_SUCCESS);
    ck_assert_int_eq(kc_tmpl_render(&out, &len, s, "loop", NULL, NULL, pool),
                     APR_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(kc_tmpl_render(&out, &len, s, "ping", NULL, NULL, pool),
                     APR_EINVAL);
}
END_TEST

/* ---- messages ----------------------------------------------------------- */

static kc_tmpl_set_t *msg_set(void)
{
    kc_tmpl_set_t *s = mkset();

    cat(s, "en", "# English\r\ngreeting = Hello {{name}} & welcome!\r\n"
        "link=/search?q={{ u:q }}\n\nbye = Bye\n");
    cat(s, "nl", "\xEF\xBB\xBFgreeting = Hallo {{name}} & welkom!\n"
        "link = /zoek?q={{u:q}}\n  # comment\nbye = Dag = tot ziens\n");
    add(s, "page", "{{t:greeting}}|{{ t:link }}|{{t:bye}}");
    return s;
}

START_TEST(messages)
{
    kc_tmpl_set_t *s = msg_set();
    kc_tctx_t *c = kc_tctx_make(pool);
    const char *err = NULL;

    ck_assert_int_eq(kc_tmpl_set_check(s, &err), APR_SUCCESS);
    kc_tctx_set(c, "name", "<Jan>");
    kc_tctx_set(c, "q", "a b'");
    ck_assert_str_eq(render(s, "page", "nl", c),
                     "Hallo &lt;Jan&gt; &amp; welkom!|/zoek?q=a%20b%27|"
                     "Dag = tot ziens");
    ck_assert_str_eq(kc_tmpl_msg(s, "nl", "greeting", c, pool),
                     "Hallo <Jan> & welkom!");
    ck_assert_str_eq(kc_tmpl_msg(s, "en", "greeting", c, pool),
                     "Hello <Jan> & welcome!");
    ck_assert_str_eq(kc_tmpl_msg(s, "en", "link", c, pool),
                     "/search?q=a%20b%27");
    ck_assert_str_eq(kc_tmpl_msg(s, "en", "nokey", c, pool), "nokey");
    ck_assert(kc_tmpl_has_msg(s, "en", "greeting"));
    ck_assert(kc_tmpl_has_msg(s, "nl", "bye"));
    ck_assert(kc_tmpl_has_msg(s, "fr", "bye"));      /* the fallback's */
    ck_assert(!kc_tmpl_has_msg(s, "en", "nokey"));
    ck_assert(!kc_tmpl_has_msg(s, "en", "greeting."));
    ck_assert(!kc_tmpl_has_msg(s, "en", ""));
    ck_assert(!kc_tmpl_has_msg(s, "en", NULL));
    ck_assert(!kc_tmpl_has_msg(NULL, "en", "greeting"));
    ck_assert_str_eq(kc_tmpl_msg(s, "en", "greeting", NULL, pool),
                     "Hello  & welcome!");
}
END_TEST

START_TEST(message_in_section_and_missing)
{
    kc_tmpl_set_t *s = msg_set();
    kc_tctx_t *c = kc_tctx_make(pool);
    kc_tlist_t *l = kc_tctx_list(c, "people");

    kc_tctx_set(c, "name", "outer");
    kc_tctx_set(kc_tlist_push(l), "name", "A&B");
    kc_tlist_push(l);
    add(s, "list", "{{#people}}<p>{{t:greeting}}</p>{{/people}}");
    ck_assert_str_eq(render(s, "list", "en", c),
                     "<p>Hello A&amp;B &amp; welcome!</p>"
                     "<p>Hello outer &amp; welcome!</p>");
    /* Unchecked set: a missing key prints itself. */
    add(s, "bad", "[{{t:no.such-key}}]");
    ck_assert_str_eq(render(s, "bad", "en", c), "[no.such-key]");
}
END_TEST

START_TEST(language_fallback)
{
    kc_tmpl_set_t *s = msg_set();
    kc_tmpl_set_t *s2 = mkset();

    ck_assert_str_eq(render(s, "page", "en", NULL),
                     "Hello  &amp; welcome!|/search?q=|Bye");
    ck_assert_str_eq(render(s, "page", "fr", NULL),
                     "Hallo  &amp; welkom!|/zoek?q=|Dag = tot ziens");
    ck_assert_str_eq(render(s, "page", NULL, NULL),
                     "Hallo  &amp; welkom!|/zoek?q=|Dag = tot ziens");
    ck_assert_str_eq(kc_tmpl_msg(s, "xx", "bye", NULL, pool),
                     "Dag = tot ziens");
    ck_assert(kc_tmpl_set_has_lang(s, "en"));
    ck_assert(kc_tmpl_set_has_lang(s, "nl"));
    ck_assert(!kc_tmpl_set_has_lang(s, "fr"));

    /* Without Dutch, the first catalogue loaded. */
    cat(s2, "en", "k = English\n");
    cat(s2, "de", "k = Deutsch\n");
    add(s2, "p", "{{t:k}}");
    ck_assert_str_eq(render(s2, "p", "fr", NULL), "English");
    ck_assert_str_eq(render(s2, "p", "de", NULL), "Deutsch");
    ck_assert(!kc_tmpl_has_msg(mkset(), "en", "k"));   /* no catalogue */
}
END_TEST

/* ---- syntax errors ------------------------------------------------------ */

START_TEST(malformed_templates)
{
    ck_assert_str_eq(parse_err("a\nb\nc {{name\n"),
                     "page:3: unclosed tag: '{{' without '}}'");
    ck_assert_str_eq(parse_err("{{! one\ntwo }}\n{{ x }"),
                     "page:3: unclosed tag: '{{' without '}}'");
    ck_assert_str_eq(parse_err("a\nb\nc{{#s}}\nx{{#t}}{{/t}}\n"),
                     "page:3: unclosed section '{{#s}}'");
    ck_assert_str_eq(parse_err("a\n\n{{^x}}{{/y}}"),
                     "page:3: '{{/y}}' does not match '{{^x}}' on line 3");
    ck_assert_str_eq(parse_err("{{#x}}\n\n{{/y}}"),
                     "page:3: '{{/y}}' does not match '{{#x}}' on line 1");
    ck_assert_str_eq(parse_err("a\nb\n{{/x}}"),
                     "page:3: '{{/x}}' closes no open section");
    ck_assert_str_eq(parse_err("\n\n{{{x}}}"),
                     "page:3: '{{{' is not supported: every value is "
                     "escaped");
    ck_assert_str_eq(parse_err("\n\n{{ba d}}"),
                     "page:3: bad character ' ' in name 'ba d'");
    ck_assert_str_eq(parse_err("{{a$b}}"),
                     "page:1: bad character '$' in name 'a$b'");
    ck_assert_str_eq(parse_err("{{a\x01}}"),
                     "page:1: bad character 0x01 in name 'a?'");
    ck_assert_str_eq(parse_err("{{t:a/b}}"),
                     "page:1: bad character '/' in name 'a/b'");
    ck_assert_str_eq(parse_err("{{ }}"), "page:1: empty name in tag");
    ck_assert_str_eq(parse_err("x\n{{#}}{{/}}"), "page:2: empty name in tag");
    ck_assert_str_eq(parse_err("{{>@ }}"), "page:1: empty name in tag");
    ck_assert_str_eq(parse_err("{{a..b}}"),
                     "page:1: empty part in dotted name 'a..b'");
    ck_assert_str_eq(parse_err("{{#.a}}{{/.a}}"),
                     "page:1: empty part in dotted name '.a'");
}
END_TEST

START_TEST(nesting_limit)
{
    const char *open64 = "", *close64 = "";
    int i;

    for (i = 0; i < 64; i++) {
        open64 = apr_pstrcat(pool, open64, "{{#s}}", NULL);
        close64 = apr_pstrcat(pool, close64, "{{/s}}", NULL);
    }
    ck_assert_str_eq(render1(apr_pstrcat(pool, open64, "x", close64, NULL),
                             NULL), "");
    ck_assert_str_eq(parse_err(apr_pstrcat(pool, "\n", open64, "{{^s}}x",
                                           "{{/s}}", close64, NULL)),
                     "page:2: sections nested deeper than 64");
}
END_TEST

START_TEST(whitespace_and_comments)
{
    kc_tmpl_set_t *s = mkset();
    kc_tctx_t *c = kc_tctx_make(pool);
    const char *err = NULL;

    kc_tctx_set(c, "name", "N");
    kc_tctx_set(c, "inc", "part");
    add(s, "part", "P{{name}}");
    add(s, "page", "{{ name }}|{{#  name  }}y{{/ name }}|{{! any {thing}\n"
        "here }}|{{^ name}}n{{/name}}|{{ > part }}|{{>@ inc}}");
    ck_assert_str_eq(render(s, "page", NULL, c), "N|y|||PN|PN");
    ck_assert_int_eq(kc_tmpl_set_add(s, "part", "x", 1, &err), APR_EINVAL);
    ck_assert_str_eq(err, "part: template 'part' defined twice");
    ck_assert_int_eq(kc_tmpl_set_add(s, "empty", NULL, 0, &err),
                     APR_SUCCESS);
    ck_assert_str_eq(render(s, "empty", NULL, NULL), "");
    ck_assert_int_eq(kc_tmpl_set_add_catalogue(s, "nl", NULL, 0, &err),
                     APR_SUCCESS);
}
END_TEST

START_TEST(large_output)
{
    kc_tctx_t *c = kc_tctx_make(pool);
    kc_tlist_t *l = kc_tctx_list(c, "l");
    char *out = NULL;
    apr_size_t len = 0;
    kc_tmpl_set_t *s = mkset();
    int i;

    for (i = 0; i < 20000; i++)
        kc_tctx_set(kc_tlist_push(l), "v", i % 2 ? "x" : "&");
    add(s, "p", "<ul>{{#l}}<li>{{v}}</li>{{/l}}</ul>");
    ck_assert_int_eq(kc_tmpl_render(&out, &len, s, "p", NULL, c, pool),
                     APR_SUCCESS);
    ck_assert_uint_eq(len, 9 + 10000 * 10 + 10000 * 14);
    ck_assert_uint_eq(strlen(out), len);
    ck_assert(strncmp(out, "<ul><li>&amp;</li><li>x</li>", 28) == 0);
    ck_assert_str_eq(out + len - 15, "<li>x</li></ul>");
}
END_TEST

/* ---- catalogues and check() --------------------------------------------- */

START_TEST(catalogue_errors)
{
    ck_assert_str_eq(cat_err("a = b\nno equals here\n"),
                     "i18n/nl.txt:2: expected 'key = text'");
    ck_assert_str_eq(cat_err("a = b\n# c\n\na = c\n"),
                     "i18n/nl.txt:4: duplicate key 'a' (first on line 1)");
    ck_assert_str_eq(cat_err(" = x\n"), "i18n/nl.txt:1: bad message key ''");
    ck_assert_str_eq(cat_err("a b = x\n"),
                     "i18n/nl.txt:1: bad message key 'a b'");
    ck_assert_str_eq(cat_err("a = {{#x}}y{{/x}}"),
                     "i18n/nl.txt:1: only {{name}} and {{u:name}} may be "
                     "used in a message");
    ck_assert_str_eq(cat_err("a = {{>x}}"),
                     "i18n/nl.txt:1: only {{name}} and {{u:name}} may be "
                     "used in a message");
    ck_assert_str_eq(cat_err("a = {{t:b}}\nb = c"),
                     "i18n/nl.txt:1: only {{name}} and {{u:name}} may be "
                     "used in a message");
    ck_assert_str_eq(cat_err("a = ok\nb = {{name\n"),
                     "i18n/nl.txt:2: unclosed tag: '{{' without '}}'");
}
END_TEST

START_TEST(check_errors)
{
    kc_tmpl_set_t *s = mkset();
    const char *err = NULL;

    add(s, "page", "x\n{{>nope}}");
    ck_assert_int_eq(kc_tmpl_set_check(s, &err), APR_EINVAL);
    ck_assert_str_eq(err, "page:2: include of unknown template 'nope'");

    s = mkset();
    add(s, "page", "{{t:a}}");
    ck_assert_int_eq(kc_tmpl_set_check(s, &err), APR_EINVAL);
    ck_assert_str_eq(err, "page:1: message 'a' used but no catalogue is "
                     "loaded");

    s = mkset();
    cat(s, "nl", "a = A\nb = B\n");
    cat(s, "en", "a = A\n");
    add(s, "page", "{{t:a}}\n{{#x}}\n{{t:b}}{{/x}}");
    ck_assert_int_eq(kc_tmpl_set_check(s, &err), APR_EINVAL);
    ck_assert_str_eq(err, "page:3: message 'b' missing in catalogue 'en'");

    s = mkset();
    cat(s, "nl", "a = A\nb = B\n");
    cat(s, "en", "a = A\n");
    ck_assert_int_eq(kc_tmpl_set_check(s, &err), APR_EINVAL);
    ck_assert_str_eq(err, "catalogue 'en' lacks key 'b' (present in 'nl')");

    s = mkset();
    cat(s, "nl", "a = A\n");
    cat(s, "en", "a = A\nc = C\n");
    ck_assert_int_eq(kc_tmpl_set_check(s, &err), APR_EINVAL);
    ck_assert_str_eq(err, "catalogue 'nl' lacks key 'c' (present in 'en')");

    cat(s, "de", "a = A\nc = C\n");
    ck_assert_int_eq(kc_tmpl_set_add_catalogue(s, "de", "", 0, &err),
                     APR_EINVAL);
    ck_assert_str_eq(err, "i18n/de.txt: catalogue 'de' loaded twice");
}
END_TEST

/* ---- loading from disk -------------------------------------------------- */

static void write_file(const char *dir, const char *rel, const char *text)
{
    const char *path = apr_pstrcat(pool, dir, "/", rel, NULL);
    const char *slash = strrchr(path, '/');
    apr_file_t *f;
    apr_size_t n = strlen(text);

    ck_assert_int_eq(apr_dir_make_recursive(
                         apr_pstrmemdup(pool, path, (apr_size_t)(slash - path)),
                         APR_FPROT_OS_DEFAULT, pool), APR_SUCCESS);
    ck_assert_int_eq(apr_file_open(&f, path, APR_FOPEN_WRITE
                                   | APR_FOPEN_CREATE | APR_FOPEN_TRUNCATE,
                                   APR_FPROT_OS_DEFAULT, pool), APR_SUCCESS);
    ck_assert_int_eq(apr_file_write_full(f, text, n, NULL), APR_SUCCESS);
    apr_file_close(f);
}

/* Each forked test starts from the parent's dir_seq: skip taken names. */
static const char *new_dir(void)
{
    const char *d;
    apr_status_t rv;

    do {
        d = apr_psprintf(pool, "%s/t%d", base_dir, ++dir_seq);
        rv = apr_dir_make(d, APR_FPROT_OS_DEFAULT, pool);
    } while (APR_STATUS_IS_EEXIST(rv));
    ck_assert_int_eq(rv, APR_SUCCESS);
    return d;
}

/* A small but complete site: a subdirectory, an i18n dir, and files that
 * must be skipped (they would not parse). */
static const char *site_dir(void)
{
    const char *d = new_dir();

    write_file(d, "layout.html", "<html>{{>records/list}}</html>\n");
    write_file(d, "records/list.html",
               "<ul>{{#items}}<li>{{t:item}} {{name}}</li>{{/items}}</ul>");
    write_file(d, ".hidden.html", "{{#broken");
    write_file(d, "records/.swp.html", "{{#broken");
    write_file(d, "notes.txt", "{{#broken");
    write_file(d, "i18n/broken.html", "{{#broken");
    write_file(d, "i18n/nl.txt", "# Nederlands\nitem = Item\n");
    write_file(d, "i18n/en.txt", "item = Entry\n");
    return d;
}

static const char *load_err(const char *dir, apr_status_t want)
{
    kc_tmpl_set_t *s = (kc_tmpl_set_t *)pool;   /* must be reset */
    const char *err = NULL;

    ck_assert_int_eq(kc_tmpl_set_load(&s, pool, dir, &err), want);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(err);
    return err;
}

START_TEST(load_tree)
{
    const char *d = site_dir();
    kc_tmpl_set_t *s = NULL;
    kc_tctx_t *c = kc_tctx_make(pool);
    const char *err = NULL;

    kc_tctx_set(kc_tlist_push(kc_tctx_list(c, "items")), "name", "a<b");
    ck_assert_msg(kc_tmpl_set_load(&s, pool, d, &err) == APR_SUCCESS,
                  "load: %s", err);
    ck_assert(kc_tmpl_set_has(s, "layout"));
    ck_assert(kc_tmpl_set_has(s, "records/list"));
    ck_assert(!kc_tmpl_set_has(s, ".hidden"));
    ck_assert(!kc_tmpl_set_has(s, "records/.swp"));
    ck_assert(!kc_tmpl_set_has(s, "i18n/broken"));
    ck_assert(kc_tmpl_set_has_lang(s, "nl"));
    ck_assert(kc_tmpl_set_has_lang(s, "en"));
    ck_assert(!kc_tmpl_set_has_lang(s, "notes"));
    ck_assert_str_eq(render(s, "layout", "en", c),
                     "<html><ul><li>Entry a&lt;b</li></ul></html>\n");
    ck_assert_str_eq(render(s, "layout", "fr", c),
                     "<html><ul><li>Item a&lt;b</li></ul></html>\n");
}
END_TEST

START_TEST(load_errors)
{
    const char *d;

    d = site_dir();
    write_file(d, "records/bad.html", "ok\n{{/x}}");
    ck_assert_str_eq(load_err(d, APR_EINVAL),
                     "records/bad.html:2: '{{/x}}' closes no open section");

    d = site_dir();
    write_file(d, "i18n/en.txt", "item = Entry\noops\n");
    ck_assert_str_eq(load_err(d, APR_EINVAL),
                     "i18n/en.txt:2: expected 'key = text'");

    d = site_dir();
    write_file(d, "i18n/en.txt", "item = Entry\nextra = x\n");
    ck_assert_str_eq(load_err(d, APR_EINVAL),
                     "catalogue 'nl' lacks key 'extra' (present in 'en')");

    d = site_dir();
    write_file(d, "layout.html", "\n{{>records/lijst}}");
    ck_assert_str_eq(load_err(d, APR_EINVAL),
                     "layout.html:2: include of unknown template "
                     "'records/lijst'");

    d = new_dir();
    write_file(d, "a.html", "x");
    ck_assert(strncmp(load_err(d, APR_ENOENT),
                      "i18n: no message catalogue found: ", 34) == 0);

    d = new_dir();
    write_file(d, "a.html", "x");
    write_file(d, "i18n/README", "x");
    ck_assert_str_eq(load_err(d, APR_EINVAL),
                     "i18n: no message catalogue (*.txt) found");

    d = apr_pstrcat(pool, base_dir, "/does-not-exist", NULL);
    ck_assert(strstr(load_err(d, APR_ENOENT), "cannot read directory"));
}
END_TEST

static void rm_tree(apr_pool_t *p, const char *path)
{
    apr_dir_t *d;
    apr_finfo_t fi;

    if (apr_dir_open(&d, path, p) != APR_SUCCESS)
        return;
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
           == APR_SUCCESS) {
        const char *sub;
        if (!strcmp(fi.name, ".") || !strcmp(fi.name, ".."))
            continue;
        sub = apr_pstrcat(p, path, "/", fi.name, NULL);
        if (fi.filetype == APR_DIR)
            rm_tree(p, sub);
        else
            apr_file_remove(sub, p);
    }
    apr_dir_close(d);
    apr_dir_remove(path, p);
}

/* Unchecked fixtures run in the parent process, so the tree goes away
 * even when a (forked) test fails. */
static apr_pool_t *dir_pool;

static void dir_setup(void)
{
    const char *tmp;
    char *tmpl;

    apr_pool_create(&dir_pool, NULL);
    apr_temp_dir_get(&tmp, dir_pool);
    tmpl = apr_pstrcat(dir_pool, tmp, "/kc_tmpl_test.XXXXXX", NULL);
    base_dir = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(base_dir);
}

static void dir_teardown(void)
{
    rm_tree(dir_pool, base_dir);
    apr_pool_destroy(dir_pool);
}

int main(void)
{
    Suite *s = suite_create("kc_tmpl");
    TCase *tc = tcase_create("render");
    TCase *tl = tcase_create("load");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, values_escaped);
    tcase_add_test(tc, url_values);
    tcase_add_test(tc, value_api);
    tcase_add_test(tc, nested_sections);
    tcase_add_test(tc, section_truthiness);
    tcase_add_test(tc, missing_and_dotted);
    tcase_add_test(tc, includes);
    tcase_add_test(tc, include_recursion);
    tcase_add_test(tc, messages);
    tcase_add_test(tc, message_in_section_and_missing);
    tcase_add_test(tc, language_fallback);
    tcase_add_test(tc, malformed_templates);
    tcase_add_test(tc, nesting_limit);
    tcase_add_test(tc, whitespace_and_comments);
    tcase_add_test(tc, json_values);
    tcase_add_test(tc, json_tag_errors);
    tcase_add_test(tc, json_documents);
    tcase_add_test(tc, list_first_last);
    tcase_add_test(tc, list_first_last_nested);
    tcase_add_test(tc, large_output);
    tcase_add_test(tc, catalogue_errors);
    tcase_add_test(tc, check_errors);
    suite_add_tcase(s, tc);

    tcase_add_unchecked_fixture(tl, dir_setup, dir_teardown);
    tcase_add_checked_fixture(tl, setup, teardown);
    tcase_add_test(tl, load_tree);
    tcase_add_test(tl, load_errors);
    suite_add_tcase(s, tl);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
