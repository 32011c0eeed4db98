/* http.c — libmicrohttpd glue: daemon limits, per-connection request state, capped raw
 * bodies, uploads parked (suspended) until their commit, the slow-client watchdog,
 * responses, the access log, quiesce/drain/stop. Must never route on MHD's decoded URL,
 * buffer a body no route asked for, answer an upload before the writer is done with it, or
 * log bodies, queries or headers. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "server/http.h"
#include "server/routes.h"

typedef enum HttpPhase {
    HTTP_IDLE,      /* no request on this connection right now */
    HTTP_NEW,       /* request line seen; the handler has not run yet */
    HTTP_WAIT,      /* routed, no body wanted: answer on MHD's final call (keeps alive) */
    HTTP_BODY,      /* the route takes a body; collecting it */
    HTTP_PARKED,    /* suspended until the writer commits the upload (or fails) */
    HTTP_ANSWERED,  /* a response is queued; anything still arriving is discarded */
} HttpPhase;

/* One request. It is allocated per connection (MHD's socket context) and reused by each
 * request on it, not per request, because MHD only promises a completion callback for
 * requests it handed to the access handler: one it refused by itself (a header too big)
 * is closed with the connection, which we always see. */
typedef struct HttpReq {
    HttpPhase phase;
    bool target_too_long;
    char target[ROUTES_MAX_TARGET + 1];  /* raw, as sent, from the URI log callback */
    char path[ROUTES_MAX_TARGET + 1];    /* decoded by routes_parse_target */
    const char *query;
    int bad_target;    /* HTTP status when the target was refused, else 0 */
    char method[16];
    struct timespec t0;
    int status;        /* 0 until we queue a response */
    uint64_t bytes;    /* response body bytes sent */
    const char *note;  /* why we dropped the connection, for the access log */
    size_t body_limit;
    char *body;
    size_t body_len, body_cap;
    RoutePending *pending;  /* HTTP_PARKED: the upload the writer has */
    /* Per connection, for the watchdog (under Http.conns_mu, deadline atomic). */
    struct HttpReq *conn_prev, *conn_next;
    MHD_socket fd;
    atomic_llong deadline_ms;  /* CLOCK_MONOTONIC ms by which the request must be in; 0 none */
    atomic_bool cut;           /* the watchdog shut the socket down */
} HttpReq;

struct Http {
    struct MHD_Daemon *daemon;
    const SrvState *st;
    atomic_int inflight;
    atomic_bool quiescing;
    atomic_size_t body_bytes;  /* sum of body_cap over live requests */
    MHD_socket listen_fd;      /* kept after quiesce; closed only after MHD_stop_daemon */
    unsigned port;
    unsigned timeout_s;        /* idle timeout T; deadlines are multiples of it */
    /* The watchdog: every live connection, so slow clients can be cut (see http.h). */
    pthread_mutex_t conns_mu;
    pthread_cond_t watchdog_cv;
    HttpReq *conns;
    bool watchdog_stop;
    bool watchdog_running;
    pthread_t watchdog;
};

static long long http_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Sets when the current phase of this connection must be over (0: no deadline). */
static void http_deadline(Http *h, HttpReq *req, unsigned factor)
{
    atomic_store(&req->deadline_ms,
                 factor ? http_now_ms() + (long long)factor * h->timeout_s * 1000 : 0);
}

static double http_ms_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) * 1e3 + (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Writes the path part of a raw target for the log: printable ASCII only (others as %XX,
 * so a client cannot forge log lines), the query left out, long paths cut. */
static void http_log_path(const char *target, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)target; *p && *p != '?'; p++) {
        if (n + 8 >= cap) {
            memcpy(out + n, "...", 3);
            n += 3;
            break;
        }
        if (*p > 0x20 && *p < 0x7f && *p != '"') {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    if (n == 0) out[n++] = '-';
    out[n] = '\0';
}

static void http_req_begin(Http *h, HttpReq *req, const char *uri)
{
    req->phase = HTTP_NEW;
    size_t len = strlen(uri);
    req->target_too_long = len > ROUTES_MAX_TARGET;
    if (req->target_too_long) len = ROUTES_MAX_TARGET;
    memcpy(req->target, uri, len);
    req->target[len] = '\0';
    req->path[0] = '\0';
    req->query = "";
    req->bad_target = 0;
    req->method[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &req->t0);
    req->status = 0;
    req->bytes = 0;
    req->note = NULL;
    req->body_limit = 0;
    req->body = NULL;
    req->body_len = req->body_cap = 0;
    atomic_fetch_add(&h->inflight, 1);
}

/* Ends a request: one access-log line, body freed, in-flight count released. c (may be
 * NULL) supplies the status of an answer MHD queued by itself (431, 505, ...). */
static void http_req_end(Http *h, struct MHD_Connection *c, HttpReq *req, const char *note)
{
    if (req->phase == HTTP_IDLE) return;
    if (!req->status && c) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS);
        if (ci) req->status = (int)ci->http_status;
    }
    char path[256], ts[32], status[8];
    http_log_path(req->target, path, sizeof path);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (req->status) snprintf(status, sizeof status, "%d", req->status);
    else snprintf(status, sizeof status, "-");
    /* One fprintf per line: stdio locks the stream, so threads never interleave lines. */
    if (atomic_load(&req->cut)) note = "(cut: request too slow)";
    fprintf(stderr, "access %s %s %s %s %llu %.1fms%s%s%s%s\n", ts,
            req->method[0] ? req->method : "-", path, status, (unsigned long long)req->bytes,
            http_ms_since(&req->t0), note ? " " : "", note ? note : "",
            req->note ? " " : "", req->note ? req->note : "");
    /* Only reached once the writer is done with it: a parked connection is suspended and
     * nothing ends it before it is resumed. */
    routes_pending_free(req->pending);
    req->pending = NULL;
    if (req->body) {
        atomic_fetch_sub(&h->body_bytes, req->body_cap);
        free(req->body);
    }
    req->body = NULL;
    req->body_len = req->body_cap = 0;
    req->phase = HTTP_IDLE;
    http_deadline(h, req, HTTP_HEADER_WINDOW_FACTOR);  /* the next request on this connection */
    atomic_fetch_sub(&h->inflight, 1);
}

static const char *http_termination_note(enum MHD_RequestTerminationCode toe)
{
    switch (toe) {
    case MHD_REQUEST_TERMINATED_COMPLETED_OK: return NULL;
    case MHD_REQUEST_TERMINATED_WITH_ERROR: return "(aborted: error)";
    case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED: return "(aborted: timeout)";
    case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN: return "(aborted: shutdown)";
    case MHD_REQUEST_TERMINATED_READ_ERROR: return "(aborted: read error)";
    case MHD_REQUEST_TERMINATED_CLIENT_ABORT: return "(aborted: client closed)";
    }
    return "(aborted)";
}

/* --- MHD callbacks ----------------------------------------------------------------------- */

static void http_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                               enum MHD_ConnectionNotificationCode toe)
{
    Http *h = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        HttpReq *req = calloc(1, sizeof(HttpReq));  /* NULL: see http_on_request */
        *socket_context = req;
        if (!req) return;
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        req->fd = ci ? ci->connect_fd : MHD_INVALID_SOCKET;
        atomic_init(&req->cut, false);
        atomic_init(&req->deadline_ms, 0);
        http_deadline(h, req, HTTP_HEADER_WINDOW_FACTOR);
        pthread_mutex_lock(&h->conns_mu);
        req->conn_next = h->conns;
        if (h->conns) h->conns->conn_prev = req;
        h->conns = req;
        pthread_mutex_unlock(&h->conns_mu);
        return;
    }
    HttpReq *req = *socket_context;
    if (!req) return;
    /* MHD closes the socket only after this notification, so once the entry is gone the
     * watchdog can no longer touch a descriptor that might be reused. */
    pthread_mutex_lock(&h->conns_mu);
    if (req->conn_prev) req->conn_prev->conn_next = req->conn_next;
    else h->conns = req->conn_next;
    if (req->conn_next) req->conn_next->conn_prev = req->conn_prev;
    pthread_mutex_unlock(&h->conns_mu);
    http_req_end(h, c, req, "(connection closed)");
    free(req);
    *socket_context = NULL;
}

/* Called with the raw request-target as soon as the request line is parsed: the start of
 * "in flight" for the graceful stop, and our only look at the undecoded target. */
static void *http_on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    Http *h = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    HttpReq *req = ci ? ci->socket_context : NULL;
    if (!req) return NULL;
    /* A previous request MHD refused by itself never completed for us: close its books
     * (without a status: MHD has already moved on to this new request). */
    http_req_end(h, NULL, req, "(refused by libmicrohttpd)");
    http_req_begin(h, req, uri ? uri : "");
    return req;
}

static void http_on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                              enum MHD_RequestTerminationCode toe)
{
    HttpReq *req = *req_cls;
    if (req) http_req_end(cls, c, req, http_termination_note(toe));
    *req_cls = NULL;
}

static void http_on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r')) msg[--len] = '\0';
    fprintf(stderr, "parleyd: libmicrohttpd: %s\n", msg);
}

/* --- responses --------------------------------------------------------------------------- */

static bool http_add_header(struct MHD_Response *r, const char *name, const char *value)
{
    return !value || !value[0] || MHD_add_response_header(r, name, value) == MHD_YES;
}

/* Converts a RouteResp into an MHD response and queues it; takes ownership of resp. */
static enum MHD_Result http_send(Http *h, struct MHD_Connection *c, HttpReq *req,
                                 RouteResp *resp)
{
    struct MHD_Response *r;
    uint64_t size;
    if (resp->fd >= 0) {
        size = resp->fd_size;
        r = MHD_create_response_from_fd64(resp->fd_size, resp->fd);
        if (r) resp->fd = -1;  /* MHD closes it with the response */
    } else if (resp->body_owned) {
        size = resp->body_len;
        r = MHD_create_response_from_buffer(resp->body_len, resp->body, MHD_RESPMEM_MUST_FREE);
        if (r) {
            resp->body = NULL;
            resp->body_owned = false;
        }
    } else {
        size = resp->body_len;
        r = MHD_create_response_from_buffer(resp->body_len, resp->body,
                                            MHD_RESPMEM_PERSISTENT);
    }
    if (!r) {
        routes_resp_free(resp);
        return MHD_NO;  /* out of memory: drop the connection rather than lie */
    }
    bool ok = http_add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type) &&
              http_add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, resp->cache_control) &&
              http_add_header(r, MHD_HTTP_HEADER_ALLOW, resp->allow) &&
              http_add_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, resp->content_encoding) &&
              http_add_header(r, MHD_HTTP_HEADER_VARY, resp->vary) &&
              http_add_header(r, MHD_HTTP_HEADER_ETAG, resp->etag) &&
              http_add_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, resp->www_authenticate) &&
              http_add_header(r, MHD_HTTP_HEADER_RETRY_AFTER, resp->retry_after) &&
              http_add_header(r, "Content-Disposition", resp->content_disposition) &&
              http_add_header(r, "X-Content-Type-Options", "nosniff");
    /* While stopping, tell keep-alive clients not to send another request here. */
    if (ok && atomic_load(&h->quiescing))
        ok = http_add_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    routes_resp_free(resp);
    if (!ok) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    req->status = resp->status;
    bool no_body = strcmp(req->method, "HEAD") == 0 || resp->status == 304 ||
                   resp->status == 204;
    req->bytes = no_body ? 0 : size;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result http_send_error(Http *h, struct MHD_Connection *c, HttpReq *req,
                                       int status, const char *msg)
{
    RouteResp resp;
    routes_resp_init(&resp);
    routes_error(&resp, status, msg);
    req->phase = HTTP_ANSWERED;
    return http_send(h, c, req, &resp);
}

static void http_on_written(void *ctx);

static enum MHD_Result http_dispatch(Http *h, struct MHD_Connection *c, HttpReq *req)
{
    RouteReq rr = {
        .method = req->method,
        .path = req->path,
        .query = req->query,
        .accept_encoding = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                       MHD_HTTP_HEADER_ACCEPT_ENCODING),
        .if_none_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_IF_NONE_MATCH),
        .content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                    MHD_HTTP_HEADER_CONTENT_TYPE),
        .authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_AUTHORIZATION),
        .body = req->body_limit ? (req->body ? req->body : "") : NULL,
        .body_len = req->body_len,
    };
    http_deadline(h, req, 0);  /* the request is in: the rest is up to us */
    RouteResp resp;
    routes_handle(h->st, &rr, &resp);
    if (resp.pending) {
        /* An upload to commit: suspend the connection (this thread goes on serving the
         * others) and hand the upload to the writer, whose callback resumes it. Suspend
         * first, so a commit that is over at once still finds the connection suspended. */
        req->pending = resp.pending;
        resp.pending = NULL;
        req->phase = HTTP_PARKED;
        MHD_suspend_connection(c);
        routes_pending_start(h->st, req->pending, http_on_written, c);
        return MHD_YES;
    }
    req->phase = HTTP_ANSWERED;
    return http_send(h, c, req, &resp);
}

/* The writer is done with a parked upload (committed or failed): wake its connection. MHD
 * then calls http_on_request again, which answers. Thread-safe by MHD's contract. */
static void http_on_written(void *ctx)
{
    MHD_resume_connection(ctx);
}

/* Answers a parked upload once resumed: the writer has finished with it. */
static enum MHD_Result http_answer_parked(Http *h, struct MHD_Connection *c, HttpReq *req)
{
    RouteResp resp;
    RoutePending *p = req->pending;
    req->pending = NULL;
    routes_pending_finish(p, &resp);
    req->phase = HTTP_ANSWERED;
    return http_send(h, c, req, &resp);
}

/* Content-Length as a number; UINT64_MAX when absent or not plain digits (MHD has already
 * refused a malformed one, and a chunked body is capped while it is read). */
static uint64_t http_content_length(struct MHD_Connection *c)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!v || !*v) return UINT64_MAX;
    uint64_t n = 0;
    for (; *v; v++) {
        if (*v < '0' || *v > '9') return UINT64_MAX;
        if (n > (UINT64_MAX - 9) / 10) return UINT64_MAX - 1;  /* absurdly large */
        n = n * 10 + (uint64_t)(*v - '0');
    }
    return n;
}

/* Takes `want` bytes of the global body budget and sizes the body buffer to it. */
static bool http_body_reserve(Http *h, HttpReq *req, size_t want)
{
    size_t grow = want - req->body_cap;
    if (atomic_fetch_add(&h->body_bytes, grow) + grow > HTTP_BODY_BUDGET) {
        atomic_fetch_sub(&h->body_bytes, grow);
        return false;
    }
    char *nb = realloc(req->body, want);
    if (!nb) {
        atomic_fetch_sub(&h->body_bytes, grow);
        return false;
    }
    req->body = nb;
    req->body_cap = want;
    req->body[req->body_len] = '\0';  /* a body that never gets a byte is still a string */
    return true;
}

/* Whether the client announced a body (Content-Length > 0 or any Transfer-Encoding). */
static bool http_has_body(struct MHD_Connection *c)
{
    uint64_t cl = http_content_length(c);
    return (cl != UINT64_MAX && cl > 0) ||
           MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                       MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

/* Answers a request that takes no body: the route's response, or the refusal of its target. */
static enum MHD_Result http_answer(Http *h, struct MHD_Connection *c, HttpReq *req)
{
    if (req->bad_target == 414) return http_send_error(h, c, req, 414, "request target too long");
    if (req->bad_target) return http_send_error(h, c, req, req->bad_target,
                                                "malformed request path");
    return http_dispatch(h, c, req);
}

/* First call for a request: headers are in, no body byte has been read yet. A body nobody
 * asked for is answered at once (MHD then discards it and closes the connection), so it is
 * never buffered. Otherwise the answer waits for MHD's final call: a response queued
 * before the request is complete makes MHD close the connection, losing keep-alive. */
static enum MHD_Result http_begin(Http *h, struct MHD_Connection *c, HttpReq *req,
                                  const char *method)
{
    snprintf(req->method, sizeof req->method, "%s", method);
    if (req->target_too_long) req->bad_target = 414;
    else req->bad_target = routes_parse_target(req->target, req->path, sizeof req->path,
                                               &req->query);
    RouteMatch m = {0};
    if (!req->bad_target) m = routes_match(req->method, req->path);
    if (m.max_body > 0) {
        uint64_t cl = http_content_length(c);
        if (cl != UINT64_MAX && cl > m.max_body)
            return http_send_error(h, c, req, 413, "request body too large");
        req->body_limit = m.max_body;
        /* An announced length is reserved now, while we can still answer 503 properly. */
        if (cl != UINT64_MAX && !http_body_reserve(h, req, (size_t)cl + 1))
            return http_send_error(h, c, req, 503, "server busy, retry shortly");
        req->phase = HTTP_BODY;
        http_deadline(h, req, HTTP_BODY_WINDOW_FACTOR);
        return MHD_YES;  /* MHD answers "Expect: 100-continue" and starts feeding the body */
    }
    http_deadline(h, req, 0);
    if (http_has_body(c)) return http_answer(h, c, req);
    req->phase = HTTP_WAIT;
    return MHD_YES;
}

/* MHD 0.9.75 refuses a response queued while a body is still arriving, so a chunked body
 * that passes the cap (a Content-Length over it was answered 413 before reading) gets its
 * 413 written straight to the socket, and the connection is closed without reading on.
 * Nothing else writes to it at this point: MHD sent any "100 Continue" before the body. */
static void http_send_raw_413(HttpReq *req)
{
    static const char body[] = "{\"error\":\"request body too large\"}";
    char msg[256];
    int n = snprintf(msg, sizeof msg,
                     "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     sizeof body - 1, body);
    if (req->fd != MHD_INVALID_SOCKET && n > 0 &&
        send(req->fd, msg, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) == n) {
        req->status = 413;
        req->bytes = sizeof body - 1;
    }
}

/* Appends one chunk of body; past the cap: a raw 413 and the connection is closed. */
static enum MHD_Result http_body_chunk(Http *h, HttpReq *req, const char *data, size_t n)
{
    if (n > req->body_limit - req->body_len) {
        http_send_raw_413(req);
        req->note = "(body over the limit: connection closed)";
        return MHD_NO;
    }
    if (req->body_len + n + 1 > req->body_cap) {
        size_t want = req->body_cap ? req->body_cap : 64 * 1024;
        while (want < req->body_len + n + 1) want *= 2;
        if (want > req->body_limit + 1) want = req->body_limit + 1;
        if (!http_body_reserve(h, req, want)) {
            req->note = "(no memory for the body: connection closed)";
            return MHD_NO;
        }
    }
    memcpy(req->body + req->body_len, data, n);
    req->body_len += n;
    req->body[req->body_len] = '\0';  /* the +1 above: routes may treat it as a string */
    return MHD_YES;
}

static enum MHD_Result http_on_request(void *cls, struct MHD_Connection *c, const char *url,
                                       const char *method, const char *version,
                                       const char *upload_data, size_t *upload_data_size,
                                       void **req_cls)
{
    (void)url;  /* MHD's decoded copy; we route on our own decoding of the raw target */
    (void)version;
    Http *h = cls;
    HttpReq *req = *req_cls;
    if (!req) return MHD_NO;  /* no per-connection state (allocation failed): drop it */
    switch (req->phase) {
    case HTTP_NEW:
        return http_begin(h, c, req, method);
    case HTTP_BODY:
        if (*upload_data_size > 0) {
            size_t n = *upload_data_size;
            *upload_data_size = 0;
            return http_body_chunk(h, req, upload_data, n);
        }
        return http_dispatch(h, c, req);
    case HTTP_WAIT:
        *upload_data_size = 0;  /* a body after all (none was announced): not read */
        return http_answer(h, c, req);
    case HTTP_PARKED:
        *upload_data_size = 0;
        return http_answer_parked(h, c, req);
    case HTTP_IDLE:
    case HTTP_ANSWERED:
        break;
    }
    *upload_data_size = 0;  /* body after our answer: swallow it, MHD closes afterwards */
    return MHD_YES;
}

/* --- the slow-client watchdog ------------------------------------------------------------ */

/* Wakes a few times per idle timeout and shuts down the socket of every connection past
 * its deadline. shutdown (not close: the descriptor stays MHD's) makes MHD see the end of
 * the stream and close the connection on its own thread, as if the client had left. */
static void *http_watchdog_main(void *arg)
{
    Http *h = arg;
    long long tick_ms = (long long)h->timeout_s * 1000 / 4;
    if (tick_ms > 250) tick_ms = 250;
    if (tick_ms < 50) tick_ms = 50;
    pthread_mutex_lock(&h->conns_mu);
    while (!h->watchdog_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += (long)(tick_ms * 1000000);
        until.tv_sec += until.tv_nsec / 1000000000;
        until.tv_nsec %= 1000000000;
        pthread_cond_timedwait(&h->watchdog_cv, &h->conns_mu, &until);
        long long now = http_now_ms();
        for (HttpReq *r = h->conns; r; r = r->conn_next) {
            long long d = atomic_load(&r->deadline_ms);
            if (d == 0 || now < d || atomic_load(&r->cut) || r->fd == MHD_INVALID_SOCKET)
                continue;
            atomic_store(&r->cut, true);
            (void)shutdown(r->fd, SHUT_RDWR);
            fprintf(stderr, "parleyd: cut a connection: its request did not arrive in time "
                            "(slow client)\n");
        }
    }
    pthread_mutex_unlock(&h->conns_mu);
    return NULL;
}

/* --- lifecycle --------------------------------------------------------------------------- */

Http *http_start(const SrvState *st, const char *bind_addr, unsigned port, unsigned timeout_s,
                 char *err, size_t cap)
{
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
    struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    memset(&v4, 0, sizeof v4);
    memset(&v6, 0, sizeof v6);
    if (inet_pton(AF_INET, bind_addr, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, bind_addr, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, cap, "--bind %s: not a numeric IPv4 or IPv6 address", bind_addr);
        return NULL;
    }
    Http *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    h->st = st;
    h->listen_fd = MHD_INVALID_SOCKET;
    h->timeout_s = timeout_s ? timeout_s : HTTP_CONNECTION_TIMEOUT_S;
    pthread_mutex_init(&h->conns_mu, NULL);
    pthread_cond_init(&h->watchdog_cv, NULL);
    atomic_init(&h->inflight, 0);
    atomic_init(&h->quiescing, false);
    atomic_init(&h->body_bytes, 0);
    h->daemon = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, http_on_request, h,
        /* first, so that MHD's own messages about the options below go through it too */
        MHD_OPTION_EXTERNAL_LOGGER, http_on_mhd_log, h,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)HTTP_THREADS,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_MAX_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_MAX_CONNECTIONS_PER_IP,
        MHD_OPTION_CONNECTION_TIMEOUT, h->timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
        /* No MHD_OPTION_LISTENING_ADDRESS_REUSE: on Linux it means SO_REUSEPORT, which
         * would let a second parleyd share our port silently instead of failing. MHD's
         * default SO_REUSEADDR is enough for a quick restart. */
        MHD_OPTION_NOTIFY_CONNECTION, http_on_connection, h,
        MHD_OPTION_URI_LOG_CALLBACK, http_on_uri, h,
        MHD_OPTION_NOTIFY_COMPLETED, http_on_completed, h,
        MHD_OPTION_END);
    if (!h->daemon) {
        snprintf(err, cap, "cannot listen on %s port %u (see the message above)", bind_addr,
                 port);
        http_stop(h);
        return NULL;
    }
    int rc = pthread_create(&h->watchdog, NULL, http_watchdog_main, h);
    if (rc != 0) {
        snprintf(err, cap, "cannot start the watchdog thread: %s", strerror(rc));
        http_stop(h);
        return NULL;
    }
    h->watchdog_running = true;
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = di ? di->port : port;
    return h;
}

unsigned http_port(const Http *h)
{
    return h->port;
}

void http_quiesce(Http *h)
{
    atomic_store(&h->quiescing, true);
    h->listen_fd = MHD_quiesce_daemon(h->daemon);
}

int http_inflight(const Http *h)
{
    return atomic_load(&h->inflight);
}

void http_stop(Http *h)
{
    if (!h) return;
    if (h->watchdog_running) {
        pthread_mutex_lock(&h->conns_mu);
        h->watchdog_stop = true;
        pthread_cond_signal(&h->watchdog_cv);
        pthread_mutex_unlock(&h->conns_mu);
        pthread_join(h->watchdog, NULL);
    }
    if (h->daemon) MHD_stop_daemon(h->daemon);
    if (h->listen_fd != MHD_INVALID_SOCKET) close(h->listen_fd);
    pthread_cond_destroy(&h->watchdog_cv);
    pthread_mutex_destroy(&h->conns_mu);
    free(h);
}
