/*
 * kc_store.c -- executing statements from the label table through mod_dbd.
 *
 * Why not ap_dbd_prepare(): statements registered that way are prepared only
 * when mod_dbd opens a connection. When PostgreSQL restarts, the pgsql driver
 * reconnects with PQreset() and those statements are gone for the life of the
 * httpd child. Instead each connection gets our statements prepared on first
 * use, remembered in the connection's own `prepared` hash next to the backend
 * PID they were prepared for; a different PID means a new backend, so the
 * cache is dropped and statements are prepared again.
 */
#include "kc_store.h"
#include "kc_sql.h"

#include <apr_dbd.h>
#include <apr_optional.h>
#include <apr_lib.h>
#include <mod_dbd.h>
#include <libpq-fe.h>
#include <poll.h>

/* Key in ap_dbd_t.prepared under which we keep the PID our statements
 * belong to (labels are kc_*, so it cannot clash). */
#define KC_PID_KEY "kc:backend-pid"

static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire_fn;
static APR_OPTIONAL_FN_TYPE(ap_dbd_open) *dbd_open_fn;
static APR_OPTIONAL_FN_TYPE(ap_dbd_close) *dbd_close_fn;

/* Where statements run: for a request, the connection mod_dbd keeps for
 * it (ap_dbd_acquire, released with the request); for background work
 * (kc_db_open), a connection taken from mod_dbd's pool until kc_db_close. */
struct kc_db_t {
    request_rec *r;            /* NULL for background work */
    server_rec *s;
    apr_pool_t *pool;          /* results and statements live here */
    ap_dbd_t *dbd;             /* background work only */
};

/* Log against the request when there is one (its log line names it). */
#define DB_LOG(db, level, ...)                                               \
    do {                                                                     \
        if ((db)->r) {                                                       \
            ap_log_rerror(APLOG_MARK, level, 0, (db)->r, __VA_ARGS__);       \
        }                                                                    \
        else {                                                               \
            ap_log_error(APLOG_MARK, level, 0, (db)->s, __VA_ARGS__);        \
        }                                                                    \
    } while (0)

apr_status_t kc_store_init(server_rec *s)
{
    dbd_acquire_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
    dbd_open_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_open);
    dbd_close_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_close);
    if (!dbd_acquire_fn || !dbd_open_fn || !dbd_close_fn) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0010)
                     "mod_dbd is not loaded: add LoadModule dbd_module and "
                     "DBDriver pgsql");
        return APR_EGENERAL;
    }
    return kc_store_check_table(s);
}

static PGconn *pg_conn(const ap_dbd_t *dbd)
{
    if (strcmp(apr_dbd_name(dbd->driver), "pgsql") != 0) {
        return NULL;
    }
    return apr_dbd_native_handle(dbd->driver, dbd->handle);
}

static int conn_broken(const ap_dbd_t *dbd)
{
    PGconn *conn = pg_conn(dbd);
    return conn && PQstatus(conn) != CONNECTION_OK;
}

/* Forget statements prepared on an earlier backend of this handle. */
static void sync_backend(ap_dbd_t *dbd)
{
    PGconn *conn = pg_conn(dbd);
    int pid = conn ? PQbackendPID(conn) : 0;
    int *known = apr_hash_get(dbd->prepared, KC_PID_KEY, APR_HASH_KEY_STRING);
    kc_query_id_t id;

    if (known && *known == pid) {
        return;
    }
    for (id = 0; id < KC_Q__COUNT; id++) {
        apr_hash_set(dbd->prepared, kc_store_sql(id)->label,
                     APR_HASH_KEY_STRING, NULL);
    }
    if (!known) {
        known = apr_palloc(dbd->pool, sizeof(*known));
        apr_hash_set(dbd->prepared, KC_PID_KEY, APR_HASH_KEY_STRING, known);
    }
    *known = pid;
}

/* The statement prepared on this connection; *err is set on failure and
 * logged by the caller, which knows whether it will retry. */
static apr_status_t get_statement(apr_dbd_prepared_t **out, const char **err,
                                  ap_dbd_t *dbd, const kc_sql_t *q,
                                  apr_pool_t *request_pool)
{
    apr_dbd_prepared_t *stmt = NULL;  /* the driver fills a NULL one */
    int rc;

    if (q->flags & KC_SQL_ONESHOT) {
        /* No label: the driver sends it with PQexecParams, and PostgreSQL
         * plans the unnamed statement with the values it is given. */
        rc = apr_dbd_prepare(dbd->driver, request_pool, dbd->handle, q->sql,
                             NULL, &stmt);
        if (rc != 0) {
            *err = apr_dbd_error(dbd->driver, dbd->handle, rc);
            return KC_EDB;
        }
        *out = stmt;
        return APR_SUCCESS;
    }
    sync_backend(dbd);
    stmt = apr_hash_get(dbd->prepared, q->label, APR_HASH_KEY_STRING);
    if (!stmt) {
        rc = apr_dbd_prepare(dbd->driver, dbd->pool, dbd->handle, q->sql,
                             q->label, &stmt);
        if (rc != 0) {
            *err = apr_dbd_error(dbd->driver, dbd->handle, rc);
            return KC_EDB;
        }
        apr_hash_set(dbd->prepared, q->label, APR_HASH_KEY_STRING, stmt);
    }
    *out = stmt;
    return APR_SUCCESS;
}

/* Whether a statement's first result in this process had the columns
 * its column list says (kc_sql.h). Checked once per process: the SQL text
 * does not change while it runs. Threads may both check at first; the
 * flag only ever goes from 0 to 1. */
static volatile int cols_checked[KC_Q__COUNT];

static apr_status_t check_columns(const kc_db_t *db, const ap_dbd_t *dbd,
                                  apr_dbd_results_t *res, kc_query_id_t id)
{
    const kc_sql_t *q = kc_store_sql(id);
    int ncols = apr_dbd_num_cols(dbd->driver, res), col;

    if (cols_checked[id]) {
        return APR_SUCCESS;
    }
    if (ncols != q->ncols) {
        DB_LOG(db, APLOG_ERR, KC_LOGNO(0210)
                      "statement %s returns %d columns, its column list "
                      "names %d", q->label, ncols, q->ncols);
        return KC_EDB;
    }
    for (col = 0; q->colnames && col < ncols; col++) {
        const char *name = apr_dbd_get_name(dbd->driver, res, col);
        if (!name || strcasecmp(name, q->colnames[col]) != 0) {
            DB_LOG(db, APLOG_ERR, KC_LOGNO(0211)
                          "statement %s: column %d is %s, its column list "
                          "says %s", q->label, col, name ? name : "(none)",
                          q->colnames[col]);
            return KC_EDB;
        }
    }
    cols_checked[id] = 1;
    return APR_SUCCESS;
}

static apr_status_t copy_rows(kc_rows_t **out, const kc_db_t *db,
                              const ap_dbd_t *dbd, apr_dbd_results_t *res,
                              kc_query_id_t id)
{
    apr_pool_t *p = db->pool;
    kc_rows_t *rows = apr_pcalloc(p, sizeof(*rows));
    apr_dbd_row_t *row = NULL;
    int i = 0, col;
    apr_status_t rv = check_columns(db, dbd, res, id);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    rows->nrows = apr_dbd_num_tuples(dbd->driver, res);
    rows->ncols = apr_dbd_num_cols(dbd->driver, res);
    rows->cells = apr_pcalloc(p, sizeof(const char *)
                              * (apr_size_t)(rows->nrows * rows->ncols + 1));
    while (i < rows->nrows
           && apr_dbd_get_row(dbd->driver, p, res, &row, -1) == 0) {
        for (col = 0; col < rows->ncols; col++) {
            char *value = NULL;
            /* get_entry would turn NULL into "": ask for the datum. */
            if (apr_dbd_datum_get(dbd->driver, row, col, APR_DBD_TYPE_STRING,
                                  &value) == APR_SUCCESS && value) {
                rows->cells[i * rows->ncols + col] = apr_pstrdup(p, value);
            }
        }
        i++;
    }
    *out = rows;
    return APR_SUCCESS;
}

/* When this connection last ran a statement, kept next to its prepared
 * statements (see run(): a write on a connection idle for longer than
 * KC_IDLE_PROBE is preceded by a ping). */
#define KC_USED_KEY "kc:last-used"
#define KC_IDLE_PROBE apr_time_from_sec(1)

/* Note that the connection runs a statement now; returns how long it had
 * been idle (a long time for a connection we have not seen). */
static apr_interval_time_t mark_used(ap_dbd_t *dbd)
{
    apr_time_t *used = apr_hash_get(dbd->prepared, KC_USED_KEY,
                                    APR_HASH_KEY_STRING);
    apr_time_t now = apr_time_now(), before;

    if (!used) {
        used = apr_palloc(dbd->pool, sizeof(*used));
        *used = 0;
        apr_hash_set(dbd->prepared, KC_USED_KEY, APR_HASH_KEY_STRING, used);
    }
    before = *used;
    *used = now;
    return now - before;
}

/* Run one statement: a select when rows_out is set, else a command. */
static apr_status_t run(kc_rows_t **rows_out, int *affected, kc_db_t *db,
                        kc_query_id_t id, const char **args)
{
    const kc_sql_t *q = kc_store_sql(id);
    int attempt;

    for (attempt = 0; attempt < 2; attempt++) {
        apr_dbd_prepared_t *stmt;
        apr_dbd_results_t *res = NULL;
        const char *err = NULL;
        int rc, nrows = 0, retry_safe;
        ap_dbd_t *dbd = db->r ? (dbd_acquire_fn ? dbd_acquire_fn(db->r) : NULL)
                              : db->dbd;

        if (!dbd) {
            DB_LOG(db, db->r ? APLOG_ERR : APLOG_WARNING, KC_LOGNO(0012)
                          "no database connection for %s", q->label);
            return KC_EDBDOWN;
        }
        /* A connection that sat in mod_dbd's pool may have died meanwhile
         * (a PostgreSQL restart ends idle connections), and a write that
         * fails is not retried: on a connection idle for a while, a ping
         * goes first. It is a read, so a dead connection is replaced (and
         * the ping retried) by this same function. */
        if (mark_used(dbd) > KC_IDLE_PROBE && attempt == 0
            && !(q->flags & (KC_SQL_READ | KC_SQL_IDEMPOTENT))) {
            kc_rows_t *pong;
            apr_status_t rv = run(&pong, NULL, db, KC_Q_PING, NULL);
            if (rv != APR_SUCCESS) {
                return rv;
            }
        }
        if (get_statement(&stmt, &err, dbd, q, db->pool) == APR_SUCCESS) {
            rc = rows_out
                ? apr_dbd_pselect(dbd->driver, db->pool, dbd->handle, &res,
                                  stmt, 1, q->nargs, args)
                : apr_dbd_pquery(dbd->driver, db->pool, dbd->handle, &nrows,
                                 stmt, q->nargs, args);
            if (rc == 0) {
                if (affected) {
                    *affected = nrows;
                }
                return rows_out ? copy_rows(rows_out, db, dbd, res, id)
                                : APR_SUCCESS;
            }
            err = apr_dbd_error(dbd->driver, dbd->handle, rc);
            retry_safe = (q->flags & (KC_SQL_READ | KC_SQL_IDEMPOTENT)) != 0;
        }
        else {
            retry_safe = 1;     /* preparing failed: nothing ran */
        }
        if (!conn_broken(dbd)) {
            DB_LOG(db, APLOG_ERR, KC_LOGNO(0015)
                          "statement %s failed: %s", q->label, err);
            return KC_EDB;
        }
        /* The connection died under us (e.g. PostgreSQL restarted): let
         * the driver reconnect now; sync_backend() then re-prepares. */
        if (!retry_safe || attempt > 0
            || apr_dbd_check_conn(dbd->driver, db->pool, dbd->handle) != 0) {
            DB_LOG(db, db->r ? APLOG_ERR : APLOG_WARNING, KC_LOGNO(0013)
                          "database connection lost during %s: %s", q->label,
                          err);
            return KC_EDBDOWN;
        }
        DB_LOG(db, APLOG_WARNING, KC_LOGNO(0014)
                      "database connection was reset during %s, retrying "
                      "once on a new one", q->label);
    }
    return KC_EDBDOWN;
}

/* ---- background work: a connection of its own ---------------------------- */

/* The connection options mod_dbd's connections use (DBDParams), as a
 * libpq conninfo string: read off one of its connections. */
static const char *conninfo_of(const ap_dbd_t *dbd, apr_pool_t *p)
{
    PGconn *conn = pg_conn(dbd);
    PQconninfoOption *opts = conn ? PQconninfo(conn) : NULL, *o;
    const char *info = "";

    if (!opts) {
        return NULL;
    }
    for (o = opts; o->keyword; o++) {
        const char *v;
        char *q, *w;
        if (!o->val || !*o->val) {
            continue;
        }
        /* keyword='value' with \ and ' escaped */
        q = apr_palloc(p, 2 * strlen(o->val) + 1);
        for (v = o->val, w = q; *v; v++) {
            if (*v == '\\' || *v == '\'') {
                *w++ = '\\';
            }
            *w++ = *v;
        }
        *w = '\0';
        info = apr_pstrcat(p, info, *info ? " " : "", o->keyword, "='", q, "'",
                           NULL);
    }
    PQconninfoFree(opts);
    return info;
}

/* Background work does not hold mod_dbd's connections: a child that exits
 * while one is out of its pool aborts (apr_reslist). It opens its own, with
 * the options of mod_dbd's (borrowed for a moment to read them), and the
 * same driver, so the statements run exactly as for requests. */
apr_status_t kc_db_open(kc_db_t **out, server_rec *s, apr_pool_t *p)
{
    kc_db_t *db = apr_pcalloc(p, sizeof(*db));
    ap_dbd_t *borrowed = dbd_open_fn ? dbd_open_fn(p, s) : NULL;
    const char *info = NULL, *err;
    ap_dbd_t *own;
    int rc;

    if (borrowed) {
        info = conninfo_of(borrowed, p);
        dbd_close_fn(s, borrowed);
    }
    if (!info) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, KC_LOGNO(0300)
                     "no database connection for background work");
        return KC_EDBDOWN;
    }
    own = apr_pcalloc(p, sizeof(*own));
    own->pool = p;
    own->prepared = apr_hash_make(p);
    if (apr_dbd_get_driver(p, "pgsql", &own->driver) != APR_SUCCESS
        || (rc = apr_dbd_open_ex(own->driver, p, info, &own->handle, &err))
           != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, KC_LOGNO(0309)
                     "cannot open a database connection for background "
                     "work: %s", own->driver ? err : "no pgsql driver");
        return KC_EDBDOWN;
    }
    db->s = s;
    db->pool = p;
    db->dbd = own;
    *out = db;
    return APR_SUCCESS;
}

void kc_db_close(kc_db_t *db)
{
    if (db && db->dbd) {
        apr_dbd_close(db->dbd->driver, db->dbd->handle);
        db->dbd = NULL;
    }
}

void kc_db_use_pool(kc_db_t *db, apr_pool_t *p)
{
    db->pool = p;
}

apr_pool_t *kc_db_pool(const kc_db_t *db)
{
    return db->pool;
}

server_rec *kc_db_server(const kc_db_t *db)
{
    return db->s;
}

apr_status_t kc_db_select(kc_rows_t **out, kc_db_t *db, kc_query_id_t id,
                          const char **args)
{
    return run(out, NULL, db, id, args);
}

apr_status_t kc_db_exec(int *affected, kc_db_t *db, kc_query_id_t id,
                        const char **args)
{
    return run(NULL, affected, db, id, args);
}

apr_status_t kc_db_action(const char **result, apr_int64_t *id, kc_db_t *db,
                          kc_query_id_t q, const char **args)
{
    kc_rows_t *rows;
    const char *value;
    apr_status_t rv = kc_db_select(&rows, db, q, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    value = rows->nrows ? kc_row_str(rows, 0, KC_C_VALUE) : NULL;
    *result = value ? value : "notfound";
    if (id) {
        *id = 0;
    }
    if (strncmp(*result, "ok:", 3) == 0) {
        if (id) {
            *id = apr_atoi64(*result + 3);
        }
        *result = "ok";
    }
    return APR_SUCCESS;
}

/* Count and free the notifications libpq has read: those of kc_sessions
 * in *sessions, the others (kc_pages) in the result. */
static int take_notifications(PGconn *conn, int *sessions)
{
    PGnotify *n;
    int count = 0;
    while ((n = PQnotifies(conn)) != NULL) {
        if (n->relname && strcmp(n->relname, "kc_sessions") == 0) {
            ++*sessions;
        }
        else {
            count++;
        }
        PQfreemem(n);
    }
    return count;
}

apr_status_t kc_db_notifications(kc_db_t *db, int wait_ms, int *count,
                                 int *sessions)
{
    PGconn *conn = db->dbd ? pg_conn(db->dbd) : NULL;
    struct pollfd pfd;

    *count = 0;
    *sessions = 0;
    /* libpq keeps its socket non-blocking: PQconsumeInput reads what has
     * arrived and returns at once. */
    if (!conn || PQstatus(conn) != CONNECTION_OK || !PQconsumeInput(conn)) {
        return KC_EDBDOWN;
    }
    *count = take_notifications(conn, sessions);
    if (*count || *sessions || wait_ms <= 0) {
        return APR_SUCCESS;
    }
    pfd.fd = PQsocket(conn);
    pfd.events = POLLIN;
    pfd.revents = 0;
    if (pfd.fd < 0) {
        return KC_EDBDOWN;
    }
    if (poll(&pfd, 1, wait_ms) > 0) {
        if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK) {
            return KC_EDBDOWN;
        }
        *count = take_notifications(conn, sessions);
    }
    return APR_SUCCESS;
}

/* ---- requests: the connection mod_dbd keeps for the request --------------- */

/* The request's own: nothing to open or close, results in its pool. */
#define REQUEST_DB(r) (&(kc_db_t){ (r), (r)->server, (r)->pool, NULL })

apr_status_t kc_store_select(kc_rows_t **out, request_rec *r, kc_query_id_t id,
                             const char **args)
{
    return run(out, NULL, REQUEST_DB(r), id, args);
}

apr_status_t kc_store_exec(int *affected, request_rec *r, kc_query_id_t id,
                           const char **args)
{
    return run(NULL, affected, REQUEST_DB(r), id, args);
}

apr_status_t kc_store_action(const char **result, apr_int64_t *id,
                             request_rec *r, kc_query_id_t q,
                             const char **args)
{
    return kc_db_action(result, id, REQUEST_DB(r), q, args);
}

apr_array_header_t *kc_store_split_names(apr_pool_t *p, const char *joined)
{
    apr_array_header_t *names = apr_array_make(p, 4, sizeof(const char *));
    char *copy, *last, *tok;

    if (joined && *joined) {
        copy = apr_pstrdup(p, joined);
        for (tok = apr_strtok(copy, "\x1f", &last); tok;
             tok = apr_strtok(NULL, "\x1f", &last)) {
            APR_ARRAY_PUSH(names, const char *) = tok;
        }
    }
    return names;
}

/* Placeholders in a statement, counted the way apr_dbd parses them. */
static int count_placeholders(const char *sql)
{
    int n = 0;
    const char *p;
    for (p = sql; *p; p++) {
        if (p[0] == '%' && p[1] == '%') {
            p++;
        }
        else if (p[0] == '%' && apr_isalpha(p[1])) {
            n++;
        }
    }
    return n;
}

apr_status_t kc_store_check_table(server_rec *s)
{
    int i, j;
    for (i = 0; i < KC_Q__COUNT; i++) {
        const kc_sql_t *q = kc_store_sql(i);
        const char *c;
        if (!q->label || !q->sql || strncmp(q->label, "kc_", 3) != 0) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0016)
                         "statement %d has no kc_ label or no SQL", i);
            return APR_EINVAL;
        }
        for (c = q->label; *c; c++) {
            if (!apr_islower(*c) && !apr_isdigit(*c) && *c != '_') {
                ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0017)
                             "statement label %s is not [a-z0-9_]", q->label);
                return APR_EINVAL;
            }
        }
        if (count_placeholders(q->sql) != q->nargs) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0018)
                         "statement %s: %d placeholders, %d declared",
                         q->label, count_placeholders(q->sql), q->nargs);
            return APR_EINVAL;
        }
        for (j = 0; j < i; j++) {
            if (strcmp(kc_store_sql(j)->label, q->label) == 0) {
                ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, KC_LOGNO(0019)
                             "statement label %s used twice", q->label);
                return APR_EINVAL;
            }
        }
    }
    return APR_SUCCESS;
}
