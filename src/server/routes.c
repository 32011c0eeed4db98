/* routes.c — the route table and the handlers behind it (health, events, uploads, admin
 * exports and stats, static files). Must never touch a socket or libmicrohttpd, never
 * acknowledge a record before the writer committed it, never serve admin data without the
 * token, and never let a request path reach the file system before routes_parse_target
 * checked it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "core/ascii.h"
#include "core/record.h"
#include "server/buf.h"
#include "server/chair.h"
#include "server/db.h"
#include "server/export.h"
#include "server/ingest.h"
#include "server/moderation.h"
#include "server/published.h"
#include "server/query.h"
#include "server/reference.h"
#include "server/routes.h"
#include "server/staff.h"
#include "server/stats.h"
#include "server/stream.h"
#include "server/summary.h"
#include "server/webroot.h"
#include "server/webroot.h"
#include "server/writer.h"

/* Seconds a client should wait before retrying a 503: a full disk needs a person, a busy
 * server only a moment. */
#define ROUTES_RETRY_FULL "60"
#define ROUTES_RETRY_BUSY "5"

struct RoutePending {
    IngestBatch batch;
    WriterJob job;
    const SrvState *st;  /* for telling the live stream about new comments */
};

typedef void (*RouteFn)(const SrvState *st, const RouteReq *req, RouteResp *resp);

typedef struct Route {
    const char *path;    /* exact path, or a prefix when it ends with '/' */
    const char *method;  /* "GET" also answers HEAD (libmicrohttpd drops the body) */
    const char *allow;   /* every method of this path, for 405 */
    size_t max_body;     /* bytes accepted; 0 = no body */
    RouteFn fn;
} Route;

static void route_healthz(const SrvState *st, const RouteReq *req, RouteResp *resp);
static void route_event(const SrvState *st, const RouteReq *req, RouteResp *resp);
static void route_event_by_id(const SrvState *st, const RouteReq *req, RouteResp *resp);
static void route_records(const SrvState *st, const RouteReq *req, RouteResp *resp);
static void route_comments_csv(const SrvState *st, const RouteReq *req, RouteResp *resp);
static void route_comments_json(const SrvState *st, const RouteReq *req, RouteResp *resp);
static void route_registrations_json(const SrvState *st, const RouteReq *req, RouteResp *resp);
static void route_stats(const SrvState *st, const RouteReq *req, RouteResp *resp);

/* The API. Everything outside /api/ and /healthz is the web build (GET/HEAD only). */
static const Route routes_table[] = {
    {"/healthz", "GET", "GET, HEAD", 0, route_healthz},
    {"/api/v1/event", "GET", "GET, HEAD", 0, route_event},
    {"/api/v1/stream", "GET", "GET, HEAD", 0, route_stream},
    {CHAIR_EVENTS_PREFIX, "GET", "GET, HEAD, PUT", 0, route_event_by_id},
    {CHAIR_EVENTS_PREFIX, "PUT", "GET, HEAD, PUT", CHAIR_BODY_MAX, route_current_put},
    {"/api/v1/records", "POST", "POST", INGEST_MAX_WIRE_BYTES, route_records},
    {"/api/v1/export/comments.csv", "GET", "GET, HEAD", 0, route_comments_csv},
    {"/api/v1/export/comments.json", "GET", "GET, HEAD", 0, route_comments_json},
    {"/api/v1/export/registrations.json", "GET", "GET, HEAD", 0, route_registrations_json},
    {"/api/v1/stats", "GET", "GET, HEAD", 0, route_stats},
    /* Staff (docs/staff-api.md). */
    {"/api/v1/session", "POST", "GET, HEAD, POST, DELETE", STAFF_SESSION_BODY_MAX,
     route_session_post},
    {"/api/v1/session", "GET", "GET, HEAD, POST, DELETE", 0, route_session_get},
    {"/api/v1/session", "DELETE", "GET, HEAD, POST, DELETE", 0, route_session_delete},
    {"/api/v1/comments", "GET", "GET, HEAD", 0, route_comments},
    {MODERATION_PREFIX, "POST", "POST", MODERATION_BODY_MAX, route_publication},
    {"/api/v1/moderation-log", "GET", "GET, HEAD", 0, route_moderation_log},
    {PUBLISHED_PREFIX, "GET", "GET, HEAD", 0, route_published},
    {REFERENCE_API_PREFIX, "GET", "GET, HEAD", 0, route_reference_api},
    {REFERENCE_PAGE_PREFIX, "GET", "GET, HEAD", 0, route_reference_page},
    /* The Chair's tools (docs/chair-api.md). */
    {"/api/v1/registrations", "GET", "GET, HEAD", 0, route_registrations},
    {CHAIR_REG_PREFIX, "POST", "POST", CHAIR_BODY_MAX, route_registration_status},
    {"/api/v1/registration-log", "GET", "GET, HEAD", 0, route_registration_log},
    {"/api/v1/floor", "POST", "GET, HEAD, POST", CHAIR_BODY_MAX, route_floor_post},
    {"/api/v1/floor", "GET", "GET, HEAD, POST", 0, route_floor_list},
    {CHAIR_FLOOR_PREFIX, "GET", "GET, HEAD, POST, DELETE", 0, route_floor_get},
    {CHAIR_FLOOR_PREFIX, "POST", "GET, HEAD, POST, DELETE", CHAIR_BODY_MAX, route_floor_state},
    {CHAIR_FLOOR_PREFIX, "DELETE", "GET, HEAD, POST, DELETE", 0, route_floor_withdraw},
    {"/api/v1/summary", "GET", "GET, HEAD, PUT", 0, route_summary_get},
    {"/api/v1/summary", "PUT", "GET, HEAD, PUT", SUMMARY_BODY_MAX, route_summary_put},
    {"/api/v1/summary.html", "GET", "GET, HEAD", 0, route_summary_html},
    {"/api/v1/summary.docx", "GET", "GET, HEAD", 0, route_summary_docx},
};
#define ROUTES_COUNT (sizeof routes_table / sizeof routes_table[0])

static const char routes_oom_body[] = "{\"error\":\"out of memory\"}";

void routes_resp_init(RouteResp *r)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    r->status = 500;
}

void routes_resp_free(RouteResp *r)
{
    if (r->pending) routes_pending_free(r->pending);
    r->pending = NULL;
    if (r->stream) stream_unsubscribe(r->stream);
    r->stream = NULL;
    if (r->body_owned) free(r->body);
    if (r->fd >= 0) close(r->fd);
    r->body = NULL;
    r->body_owned = false;
    r->fd = -1;
}

/* Replaces whatever resp held with {"error": msg}. msg comes from this program, but is
 * escaped anyway so a future message with a quote cannot break the JSON. */
void routes_error(RouteResp *resp, int status, const char *msg)
{
    routes_resp_free(resp);
    SrvBuf b;
    buf_init(&b, strlen(msg) * 6 + 16); /* worst case every byte becomes \u00XX */
    size_t n = 0;
    bool ok = buf_puts(&b, "{\"error\":") && buf_json_cstr(&b, msg) && buf_putc(&b, '}');
    char *body = ok ? buf_take(&b, &n) : NULL;
    buf_free(&b);
    resp->status = status;
    resp->content_type = "application/json";
    resp->cache_control = "no-store";
    if (!body) {
        resp->status = 500;
        resp->body = (char *)routes_oom_body;
        resp->body_len = sizeof routes_oom_body - 1;
        return;
    }
    resp->body = body;
    resp->body_len = n;
    resp->body_owned = true;
}

int routes_parse_target(const char *target, char *path_out, size_t path_cap,
                        const char **query)
{
    *query = "";
    path_out[0] = '\0';
    if (target[0] != '/') return 400;  /* "*", absolute-form and garbage alike */
    size_t n = 0;
    const char *p = target;
    for (; *p && *p != '?'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '%') {
            int hi = ascii_hex_value(p[1]), lo = hi < 0 ? -1 : ascii_hex_value(p[2]);
            if (hi < 0 || lo < 0) return 400;
            c = (unsigned char)(hi * 16 + lo);
            p += 2;
            if (c == 0) return 400;  /* an encoded NUL would cut the path short */
        }
        /* Control bytes, backslashes (a second separator on some systems) and '#'
         * (never sent by a browser) have no business in a path we map to files. */
        if (c < 0x20 || c == 0x7f || c == '\\' || c == '#') return 400;
        if (n + 1 >= path_cap) return 414;
        path_out[n++] = (char)c;
    }
    path_out[n] = '\0';
    if (*p == '?') *query = p + 1;
    /* Segments are checked on the decoded path, so %2e%2e and ..%2f are caught too. */
    for (const char *s = path_out; *s;) {
        const char *e = strchr(s + 1, '/');
        size_t len = e ? (size_t)(e - s - 1) : strlen(s + 1);
        const char *seg = s + 1;
        if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
            return 400;
        if (!e) break;
        s = e;
    }
    return 0;
}

static bool routes_method_is(const char *method, const char *want)
{
    if (strcmp(method, want) == 0) return true;
    return strcmp(want, "GET") == 0 && strcmp(method, "HEAD") == 0;
}

static bool routes_path_is(const Route *r, const char *path)
{
    size_t len = strlen(r->path);
    if (r->path[len - 1] == '/') return strncmp(path, r->path, len) == 0;
    return strcmp(path, r->path) == 0;
}

/* The route for (method, path); *path_known tells a 405 from a 404 when it is NULL. */
static const Route *routes_find(const char *method, const char *path, const Route **path_known)
{
    *path_known = NULL;
    for (size_t i = 0; i < ROUTES_COUNT; i++) {
        const Route *r = &routes_table[i];
        if (!routes_path_is(r, path)) continue;
        if (!*path_known) *path_known = r;
        if (routes_method_is(method, r->method)) return r;
    }
    return NULL;
}

static bool routes_is_api(const char *path)
{
    return strcmp(path, "/api") == 0 || strncmp(path, "/api/", 5) == 0;
}

RouteMatch routes_match(const char *method, const char *path)
{
    RouteMatch m = {0};
    const Route *known;
    const Route *r = routes_find(method, path, &known);
    if (r) m.max_body = r->max_body;
    return m;
}

/* An answer of some size goes out gzip-compressed to a client that accepts it: the event, the
 * lists, the exports and the pages are JSON or text, several times smaller so (the web build's
 * files have twins made at build time instead: webroot.c). Left as it is when memory runs out. */
static void routes_compress(const RouteReq *req, RouteResp *resp)
{
    const char *type = resp->content_type;
    if (resp->stream || resp->fd >= 0 || resp->content_encoding || resp->vary || resp->body_len < ROUTES_COMPRESS_MIN ||
        !type || !webroot_accepts_gzip(req->accept_encoding) ||
        (strncmp(type, "application/json", 16) != 0 && strncmp(type, "text/", 5) != 0))
        return;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16 /* a gzip wrapper */, 8, Z_DEFAULT_STRATEGY) != Z_OK) return;
    uLong cap = deflateBound(&z, (uLong)resp->body_len);
    unsigned char *out = malloc(cap);
    int rc = Z_MEM_ERROR;
    if (out) {
        z.next_in = (Bytef *)resp->body;
        z.avail_in = (uInt)resp->body_len;
        z.next_out = out;
        z.avail_out = (uInt)cap;
        rc = deflate(&z, Z_FINISH);
    }
    size_t n = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || n >= resp->body_len) {
        free(out);
        return;
    }
    if (resp->body_owned) free(resp->body);
    resp->body = (char *)out;
    resp->body_len = n;
    resp->body_owned = true;
    resp->content_encoding = "gzip";
    resp->vary = "Accept-Encoding";
}

void routes_handle(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    routes_resp_init(resp);
    const Route *known;
    const Route *r = routes_find(req->method, req->path, &known);
    if (r) {
        r->fn(st, req, resp);
        routes_compress(req, resp);
        return;
    }
    if (known) {
        routes_error(resp, 405, "method not allowed on this path");
        resp->allow = known->allow;
        return;
    }
    if (routes_is_api(req->path)) {
        routes_error(resp, 404, "no such API endpoint");
        return;
    }
    if (!routes_method_is(req->method, "GET")) {
        routes_error(resp, 405, "method not allowed: static files are GET or HEAD");
        resp->allow = "GET, HEAD";
        return;
    }
    webroot_serve(st->web_root, req, resp);
}

static void routes_json_borrowed(RouteResp *resp, const char *body, size_t len)
{
    resp->status = 200;
    resp->content_type = "application/json";
    resp->cache_control = "no-cache";
    resp->body = (char *)body;  /* borrowed: lives as long as the server state */
    resp->body_len = len;
    resp->body_owned = false;
}

static void route_healthz(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    (void)st;
    (void)req;
    static const char ok[] = "{\"ok\":true}";
    routes_json_borrowed(resp, ok, sizeof ok - 1);
    resp->cache_control = "no-store";
}

static void route_event(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    chair_serve_event(st, &st->events[0], req, resp);
}

static void route_event_by_id(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    const char *id = req->path + strlen(CHAIR_EVENTS_PREFIX);
    const char *slash = strchr(id, '/');
    if (slash && strcmp(slash, "/current") == 0) {
        route_current_get(st, req, resp);
        return;
    }
    const SrvEvent *e = (id[0] && !slash) ? srv_event_find(st, id) : NULL;
    if (!e) {
        routes_error(resp, 404, "no event with this id");
        return;
    }
    chair_serve_event(st, e, req, resp);
}

/* --- uploads ---------------------------------------------------------------------------- */

void routes_json_owned(RouteResp *resp, int status, char *body, size_t len)
{
    routes_resp_free(resp);
    resp->status = status;
    resp->content_type = "application/json";
    resp->cache_control = "no-store";
    resp->body = body;
    resp->body_len = len;
    resp->body_owned = true;
}

/* Answers with the per-record results, or 500 if there is no memory left to say them. */
static void routes_upload_answer(const IngestBatch *b, RouteResp *resp)
{
    char *body;
    size_t len;
    if (!ingest_render(b, &body, &len)) {
        routes_error(resp, 503, "server busy: out of memory; nothing was acknowledged, retry");
        resp->retry_after = ROUTES_RETRY_BUSY;
        return;
    }
    routes_json_owned(resp, 200, body, len);
}

/* POST /api/v1/records: decode and validate here, on the request's thread; what is valid
 * goes to the writer, and the answer waits for its commit (docs/interface.md §2: acknowledged only
 * once durable). */
static void route_records(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    RoutePending *p = calloc(1, sizeof *p);
    if (!p) {
        routes_error(resp, 503, "server busy: out of memory");
        resp->retry_after = ROUTES_RETRY_BUSY;
        return;
    }
    IngestError err;
    if (!ingest_decode(ingest_encoding(req->content_type), req->body, req->body_len, &p->batch,
                       &err)) {
        free(p);
        routes_error(resp, err.status, err.message);
        if (err.status == 503) resp->retry_after = ROUTES_RETRY_BUSY;
        return;
    }
    if (p->batch.count == 0 || !st->writer) {
        /* Nothing to store (an empty upload, or every record rejected): answer now. */
        if (p->batch.count == 0) {
            routes_upload_answer(&p->batch, resp);
        } else {
            routes_error(resp, 503, "storage is not available; nothing was acknowledged");
            resp->retry_after = ROUTES_RETRY_BUSY;
        }
        routes_pending_free(p);
        return;
    }
    p->job.records = p->batch.records;
    p->job.count = p->batch.count;
    p->job.inserted = p->batch.inserted;
    resp->status = 0;
    resp->pending = p;
}

void routes_pending_start(const SrvState *st, RoutePending *p, void (*done)(void *ctx),
                          void *ctx)
{
    p->job.done = done;
    p->job.ctx = ctx;
    p->st = st;
    writer_submit(st->writer, &p->job);
}

void routes_pending_finish(RoutePending *p, RouteResp *resp)
{
    routes_resp_init(resp);
    if (p->job.state == WRITER_COMMITTED) {
        routes_upload_answer(&p->batch, resp);
        for (size_t i = 0; i < p->batch.count; i++) {
            const RecordInfo *info = &p->batch.infos[i];
            if (p->batch.inserted[i] && info->type == RECORD_TYPE_COMMENT)
                moderation_new_comment(p->st, info->event, info->id, info->agenda_item);
        }
    } else {
        /* Nothing of this upload was acknowledged; the client keeps it and retries. */
        switch (p->job.error) {
        case DB_FULL:
            routes_error(resp, 503, "storage full: nothing from this upload was stored; retry later");
            resp->retry_after = ROUTES_RETRY_FULL;
            break;
        case DB_IO:
            routes_error(resp, 503, "storage error: nothing from this upload was stored; retry later");
            resp->retry_after = ROUTES_RETRY_FULL;
            break;
        default:
            routes_error(resp, 503, "storage busy: nothing from this upload was stored; retry");
            resp->retry_after = ROUTES_RETRY_BUSY;
            break;
        }
    }
    routes_pending_free(p);
}

void routes_pending_free(RoutePending *p)
{
    if (!p) return;
    ingest_free(&p->batch);
    free(p);
}

/* --- admin -------------------------------------------------------------------------------- */

/* The admin prelude: the token (401 otherwise) and the optional ?event= filter. */
static bool routes_admin(const SrvState *st, const RouteReq *req, RouteResp *resp,
                         char *event, size_t cap, bool *has_event)
{
    /* The token, or a staff session with the admin role (docs/staff-api.md). */
    StaffWho who;
    if (!srv_token_check(st, req->authorization) &&
        (req->authorization || !req->cookie || !staff_require(st, req, resp, STAFF_ADMIN, &who))) {
        if (resp->status != 403) {
            routes_error(resp, 401, "admin token required: send Authorization: Bearer <token>");
            resp->www_authenticate = "Bearer realm=\"parley admin\"";
        }
        return false;
    }
    int q = query_id(req->query, "event", event, cap);
    if (q < 0) {
        routes_error(resp, 400, "bad event parameter: expected ?event=<event id>");
        return false;
    }
    *has_event = q == 1;
    return true;
}

typedef DbStatus (*RoutesExportFn)(DbReader *rd, const char *event, SrvBuf *out);

void routes_db_error(RouteResp *resp, int status_db)
{
    DbStatus s = (DbStatus)status_db;
    if (s == DB_NOMEM) {
        routes_error(resp, 503, "export too large or out of memory");
    } else {
        routes_error(resp, 503, "the database cannot be read right now; retry");
    }
    resp->retry_after = ROUTES_RETRY_BUSY;
}

static void routes_export(const SrvState *st, const RouteReq *req, RouteResp *resp,
                          RoutesExportFn fn, const char *content_type, const char *disposition)
{
    char event[RECORD_MAX_ID_BYTES + 1];
    bool has_event;
    if (!routes_admin(st, req, resp, event, sizeof event, &has_event)) return;
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    SrvBuf out;
    buf_init(&out, EXPORT_MAX_BYTES);
    if (s == DB_OK) s = fn(rd, has_event ? event : NULL, &out);
    db_reader_close(rd);
    size_t len;
    char *body = s == DB_OK ? buf_take(&out, &len) : NULL;
    buf_free(&out);
    if (!body) {
        routes_db_error(resp, s == DB_OK ? DB_NOMEM : s);
        return;
    }
    routes_json_owned(resp, 200, body, len);
    resp->content_type = content_type;
    resp->content_disposition = disposition;
}

static void route_comments_csv(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    routes_export(st, req, resp, export_comments_csv, "text/csv; charset=utf-8",
                  "attachment; filename=\"comments.csv\"");
}

static void route_comments_json(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    routes_export(st, req, resp, export_comments_json, "application/json",
                  "attachment; filename=\"comments.json\"");
}

static void route_registrations_json(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    routes_export(st, req, resp, export_registrations_json, "application/json",
                  "attachment; filename=\"registrations.json\"");
}

/* GET /api/v1/stats[?event=id]: the current event unless another loaded one is named. */
static void route_stats(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    char event[RECORD_MAX_ID_BYTES + 1];
    bool has_event;
    if (!routes_admin(st, req, resp, event, sizeof event, &has_event)) return;
    const SrvEvent *e = has_event ? srv_event_find(st, event) : &st->events[0];
    if (!e) {
        routes_error(resp, 404, "no event with this id");
        return;
    }
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    SrvBuf out;
    buf_init(&out, EXPORT_MAX_BYTES);
    if (s == DB_OK) s = stats_render(e->model, rd, &out);
    db_reader_close(rd);
    size_t len;
    char *body = s == DB_OK ? buf_take(&out, &len) : NULL;
    buf_free(&out);
    if (!body) {
        routes_db_error(resp, s == DB_OK ? DB_NOMEM : s);
        return;
    }
    routes_json_owned(resp, 200, body, len);
}
