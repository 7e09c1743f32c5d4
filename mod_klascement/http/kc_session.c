/*
 * kc_session.c -- sessions, the authentication hooks, the authz provider,
 * CSRF tokens.
 *
 * How httpd's AAA phases are used: when a Require line needs a user (our
 * "Require klascement-role ..."), httpd runs check_authn, which sets r->user
 * from the session cookie or sends a visitor to the login page. When access
 * is granted without a user (public pages), force_authn asks for
 * authentication anyway if, and only if, the request carries a valid
 * session, so r->user (and the access log) name the member on every page.
 */
#include "kc_session.h"
#include "../core/kc_escape.h"

#include <apr_encode.h>
#include <apr_lib.h>
#include <apr_general.h>
#include <mod_auth.h>
#include <http_core.h>

#define KC_COOKIE_SESSION  "kc_session"
#define KC_COOKIE_SECURE   "__Host-kc_session"
#define KC_COOKIE_CSRF     "kc_csrf"
#define KC_COOKIE_CSRF_SECURE "__Host-kc_csrf"
#define KC_TOKEN_BYTES     32

/* Per-request result of the session lookup, kept in a request note so that
 * the hooks and the handler look up once. */
typedef struct {
    int done;
    int db_error;
    kc_session_t *session;
    const char *visitor_csrf;
} kc_auth_state_t;

static const char *cookie_name(request_rec *r)
{
    return kc_is_https(r) ? KC_COOKIE_SECURE : KC_COOKIE_SESSION;
}

/* The visitor's CSRF cookie: __Host- on https too, so a sibling subdomain
 * (or a man in the middle on plain http) cannot plant a token of its own. */
static const char *csrf_cookie_name(request_rec *r)
{
    return kc_is_https(r) ? KC_COOKIE_CSRF_SECURE : KC_COOKIE_CSRF;
}

int kc_session_cookie_sent(request_rec *r)
{
    return kc_cookie(r, KC_COOKIE_SESSION) || kc_cookie(r, KC_COOKIE_SECURE);
}

apr_status_t kc_random_token(const char **out, apr_pool_t *p, apr_size_t n)
{
    unsigned char *bytes = apr_palloc(p, n);
    apr_status_t rv = apr_generate_random_bytes(bytes, n);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_pencode_base64_binary(p, bytes, n,
                                     APR_ENCODE_BASE64URL | APR_ENCODE_NOPADDING,
                                     NULL);
    return *out ? APR_SUCCESS : APR_EGENERAL;
}

/* A token we could have made: 43 chars of base64url. */
static int token_shaped(const char *t)
{
    apr_size_t i, n = t ? strlen(t) : 0;
    if (n != 43) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!apr_isalnum(t[i]) && t[i] != '-' && t[i] != '_') {
            return 0;
        }
    }
    return 1;
}

static kc_auth_state_t *auth_state(request_rec *r)
{
    kc_rconf_t *rc = kc_rconf(r);
    request_rec *q;

    if (rc->auth) {
        return rc->auth;
    }
    /* Internal redirects (ErrorDocument) and subrequests share the answer
     * of the request they came from. */
    for (q = r->prev ? r->prev : r->main; q && !rc->auth;
         q = q->prev ? q->prev : q->main) {
        kc_rconf_t *qc = ap_get_module_config(q->request_config,
                                              &klascement_module);
        if (qc && qc->auth) {
            rc->auth = qc->auth;
        }
    }
    if (!rc->auth) {
        rc->auth = apr_pcalloc(r->pool, sizeof(kc_auth_state_t));
    }
    return rc->auth;
}

kc_session_t *kc_session(request_rec *r, int *db_error)
{
    kc_auth_state_t *st = auth_state(r);
    const char *token;
    apr_status_t rv;

    if (!st->done) {
        st->done = 1;
        token = kc_cookie(r, cookie_name(r));
        if (token_shaped(token)
            && (st->session = kc_session_cache_get(r, token)) != NULL) {
            st->session->token = token;     /* looked up a moment ago */
        }
        else if (token_shaped(token)) {
            /* Noted before the look-up: a session ended meanwhile moves
             * it, and the answer is then not kept. */
            apr_uint32_t mark = kc_session_cache_mark();
            rv = kc_store_session_get(&st->session, r, token,
                                      kc_config_session_idle(
                                          kc_srv_conf(r->server)));
            if (rv == APR_SUCCESS) {
                st->session->token = token;
                kc_session_cache_put(r, token, st->session, mark);
            }
            else if (rv != APR_NOTFOUND) {
                st->db_error = 1;
            }
        }
    }
    if (db_error) {
        *db_error = st->db_error;
    }
    return st->session;
}

static const char *cookie_attrs(request_rec *r, int max_age)
{
    return apr_psprintf(r->pool, "; Path=/; HttpOnly; SameSite=Lax%s%s",
                        kc_is_https(r) ? "; Secure" : "",
                        max_age >= 0 ? apr_psprintf(r->pool, "; Max-Age=%d",
                                                    max_age) : "");
}

void kc_session_clear_cookie(kc_req_t *req)
{
    request_rec *r = req->r;
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   apr_pstrcat(r->pool, cookie_name(r), "=",
                               cookie_attrs(r, 0), NULL));
}

apr_status_t kc_session_start(kc_req_t *req, apr_int64_t member_id)
{
    request_rec *r = req->r;
    const char *token, *csrf, *old = kc_cookie(r, cookie_name(r));
    int lifetime = kc_config_session_lifetime(req->conf);
    apr_status_t rv;

    if (token_shaped(old)) {
        kc_store_session_delete(r, old);   /* rotation: the old one dies */
    }
    if ((rv = kc_random_token(&token, r->pool, KC_TOKEN_BYTES)) != APR_SUCCESS
        || (rv = kc_random_token(&csrf, r->pool, KC_TOKEN_BYTES))
           != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, KC_LOGNO(0040)
                      "no random bytes for a session token");
        return rv;
    }
    rv = kc_store_session_create(r, token, member_id, csrf, lifetime,
                                 r->useragent_ip,
                                 apr_table_get(r->headers_in, "User-Agent"));
    if (rv != APR_SUCCESS) {
        return rv;
    }
    /* The cookie lives as long as the session may; the idle limit is
     * enforced by the database. */
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   apr_pstrcat(r->pool, cookie_name(r), "=", token,
                               cookie_attrs(r, lifetime), NULL));
    return APR_SUCCESS;
}

apr_status_t kc_session_end(kc_req_t *req)
{
    kc_session_t *s = kc_session(req->r, NULL);
    apr_status_t rv = APR_SUCCESS;

    if (s) {
        rv = kc_store_session_delete(req->r, s->token);
        kc_microcache_bump_sessions();   /* no child reuses it from now */
    }
    kc_session_clear_cookie(req);
    return rv;
}

/* ---- CSRF ---------------------------------------------------------------- */

const char *kc_csrf_token(kc_req_t *req)
{
    request_rec *r = req->r;
    kc_session_t *s = kc_session(r, NULL);
    kc_auth_state_t *st = auth_state(r);
    const char *token;

    if (s) {
        return s->csrf;
    }
    if (st->visitor_csrf) {
        return st->visitor_csrf;
    }
    token = kc_cookie(r, csrf_cookie_name(r));
    if (!token_shaped(token)) {
        if (kc_random_token(&token, r->pool, KC_TOKEN_BYTES) != APR_SUCCESS) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, KC_LOGNO(0041)
                          "no random bytes for a CSRF token");
            return "";     /* every POST will fail the check: safe */
        }
        apr_table_addn(r->err_headers_out, "Set-Cookie",
                       apr_pstrcat(r->pool, csrf_cookie_name(r), "=", token,
                                   cookie_attrs(r, -1), NULL));
    }
    st->visitor_csrf = token;
    return token;
}

/* Compare without an early exit, so timing tells nothing. */
static int same_secret(const char *a, const char *b)
{
    apr_size_t i, n = strlen(a);
    unsigned char diff = 0;
    if (n == 0 || n != strlen(b)) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        diff |= (unsigned char)(a[i] ^ b[i]);
    }
    return diff == 0;
}

int kc_csrf_valid(kc_req_t *req, const char *token)
{
    kc_session_t *s = kc_session(req->r, NULL);
    const char *expected = s ? s->csrf
                             : kc_cookie(req->r, csrf_cookie_name(req->r));

    return token && expected && token_shaped(token)
           && same_secret(expected, token);
}

/* ---- hooks ----------------------------------------------------------------- */

int kc_role_includes(const char *have, const char *need)
{
    static const char *const order[] = { "member", "moderator", "admin" };
    int h = -1, n = -1, i;

    if (strcmp(need, "organisation") == 0) {
        return strcmp(have, "organisation") == 0 || strcmp(have, "admin") == 0;
    }
    if (strcmp(have, "organisation") == 0) {
        have = "member";
    }
    for (i = 0; i < 3; i++) {
        if (strcmp(have, order[i]) == 0) h = i;
        if (strcmp(need, order[i]) == 0) n = i;
    }
    return h >= 0 && n >= 0 && h >= n;
}

static int ours(request_rec *r)
{
    const char *type = ap_auth_type(r);
    return kc_srv_conf(r->server)->templates
           && (!type || strcasecmp(type, "klascement") == 0);
}

/* Public pages: authenticate anyway when a valid session comes along.
 * Where "KlasCementSession off" applies (static files) the cookie is not
 * even looked at: no database round trip, r->user stays unset. */
int kc_hook_force_authn(request_rec *r)
{
    if (!ours(r) || !kc_config_session_on(kc_dir_conf(r))
        || !kc_cookie(r, cookie_name(r))) {
        return DECLINED;
    }
    return kc_session(r, NULL) ? OK : DECLINED;
}

int kc_hook_check_authn(request_rec *r)
{
    kc_session_t *s;
    int db_error = 0;
    const char *next;

    if (!ours(r)) {
        return DECLINED;
    }
    if (!kc_config_session_on(kc_dir_conf(r))) {
        /* A Require line asks for a member where sessions are off: a
         * configuration mistake, said so instead of a login loop. */
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, KC_LOGNO(0200)
                      "%s needs a member (Require klascement-role) but "
                      "KlasCementSession is off there", r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    s = kc_session(r, &db_error);
    if (s) {
        r->user = (char *)s->user;
        r->ap_auth_type = "klascement";
        return OK;
    }
    if (db_error) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    /* A visitor where a member is required: log in first, then come back.
     * GETs come back to the same address; anything else to the home. */
    next = r->method_number == M_GET ? r->unparsed_uri : "/";
    if (!kc_is_local_path(next)) {
        next = "/";
    }
    apr_table_setn(r->headers_out, "Location",
                   apr_pstrcat(r->pool, "/login?next=",
                               kc_url_encode_path(r->pool, next), NULL));
    return HTTP_SEE_OTHER;
}

static const char *parse_roles(cmd_parms *cmd, const char *req_line,
                               const void **parsed)
{
    const char *line = req_line, *word;

    while (*(word = ap_getword_conf(cmd->temp_pool, &line))) {
        if (strcmp(word, "member") != 0 && strcmp(word, "organisation") != 0
            && strcmp(word, "moderator") != 0 && strcmp(word, "admin") != 0) {
            return apr_psprintf(cmd->pool, "Require klascement-role: unknown "
                                "role '%s' (member, organisation, moderator "
                                "or admin)", word);
        }
    }
    *parsed = req_line;
    return NULL;
}

static authz_status check_role(request_rec *r, const char *req_line,
                               const void *parsed)
{
    kc_session_t *s;
    const char *line = req_line, *word;

    if (!r->user) {
        return AUTHZ_DENIED_NO_USER;
    }
    s = kc_session(r, NULL);
    if (!s || strcmp(s->user, r->user) != 0) {
        return AUTHZ_DENIED;     /* authenticated by someone else */
    }
    while (*(word = ap_getword_conf(r->pool, &line))) {
        if (kc_role_includes(s->role, word)) {
            return AUTHZ_GRANTED;
        }
    }
    return AUTHZ_DENIED;
}

static const authz_provider role_provider = {
    &check_role,
    &parse_roles,
};

void kc_register_authz_provider(apr_pool_t *p)
{
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "klascement-role",
                              AUTHZ_PROVIDER_VERSION, &role_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
}
