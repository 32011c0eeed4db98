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
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "server/http.h"
#include "server/routes.h"
#include "server/sechdr.h"
#include "server/stream.h"
#include "server/tls.h"

#define HTTP_MAX_HOST 255  /* bytes of a Host header a redirect accepts */

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
    bool plain;        /* on the redirect listener: plain HTTP whatever the main one is */
    char client[PROXY_ADDR_CHARS];  /* for the log: the peer, or who a trusted proxy names */
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
    struct MHD_Daemon *redirect;  /* plain listener that sends everyone to https, or NULL */
    const SrvState *st;
    SecHeaders sec;            /* for the main listener (HSTS when it is TLS) */
    SecHeaders sec_plain;      /* for the redirect listener: plain HTTP, no HSTS */
    const ProxyTrust *trust;
    bool tls;
    atomic_int inflight;
    atomic_bool quiescing;
    atomic_size_t body_bytes;  /* sum of body_cap over live requests */
    MHD_socket listen_fd;      /* kept after quiesce; closed only after MHD_stop_daemon */
    MHD_socket redirect_fd;    /* the same for the redirect listener */
    unsigned port;
    unsigned redirect_port;
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
    req->client[0] = '\0';
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
    fprintf(stderr, "access %s %s %s %s %s %llu %.1fms%s%s%s%s\n", ts,
            req->client[0] ? req->client : "-", req->method[0] ? req->method : "-", path, status, (unsigned long long)req->bytes,
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

typedef struct HttpSecCtx {
    struct MHD_Response *r;
    const char *csp;  /* replaces the policy when not NULL */
} HttpSecCtx;

static bool http_add_sec_header(void *ctx, const char *name, const char *value)
{
    HttpSecCtx *x = ctx;
    if (x->csp && strcmp(name, "Content-Security-Policy") == 0) value = x->csp;
    return http_add_header(x->r, name, value);
}

/* The headers every response carries (sechdr.h; csp, when not NULL, replaces the policy
 * for this response), and "Connection: close" while stopping. */
static bool http_add_common_headers(Http *h, struct MHD_Response *r, const SecHeaders *sec,
                                    const char *csp)
{
    HttpSecCtx x = {r, csp};
    if (!sechdr_each(sec, http_add_sec_header, &x)) return false;
    return !atomic_load(&h->quiescing) || http_add_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
}

/* --- the live stream: a callback response whose connection sleeps (suspended) between
 * events; stream.c wakes it. Suspended connections do not time out in MHD, and the
 * watchdog's deadline ended when the request was in, so only a client that stops reading
 * (a full socket for the idle timeout) is cut. */
static ssize_t http_stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    long n = stream_read(cls, buf, max);
    return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : (ssize_t)n;
}

static void http_stream_sleep(void *c)
{
    MHD_suspend_connection(c);
}

static void http_stream_wake(void *c)
{
    MHD_resume_connection(c);
}

static void http_stream_free(void *cls)
{
    stream_unsubscribe(cls);
}

/* Converts a RouteResp into an MHD response and queues it; takes ownership of resp. */
static enum MHD_Result http_send(Http *h, struct MHD_Connection *c, HttpReq *req,
                                 RouteResp *resp)
{
    struct MHD_Response *r;
    uint64_t size;
    if (resp->stream) {
        StreamSub *sub = resp->stream;
        resp->stream = NULL;
        stream_set_wake(sub, http_stream_sleep, http_stream_wake, c);
        size = 0;
        r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, http_stream_read, sub,
                                              http_stream_free);
        if (!r) stream_unsubscribe(sub);
    } else if (resp->fd >= 0) {
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
              http_add_header(r, MHD_HTTP_HEADER_LOCATION, resp->location) &&
              http_add_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, resp->last_modified) &&
              http_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, resp->set_cookie) &&
              http_add_header(r, MHD_HTTP_HEADER_LINK, resp->link) &&
              /* While stopping, tell keep-alive clients not to send another request here. */
              http_add_common_headers(h, r, req->plain ? &h->sec_plain : &h->sec, resp->csp);
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
        .accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                       MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
        .if_none_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_IF_NONE_MATCH),
        .content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                    MHD_HTTP_HEADER_CONTENT_TYPE),
        .authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_AUTHORIZATION),
        .cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE),
        .csrf_token = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token"),
        .last_event_id = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID"),
        .client = req->client,
        .tls = h->tls && !req->plain,
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
static enum MHD_Result http_last_xff(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    if (key && value && strcasecmp(key, "X-Forwarded-For") == 0) *(const char **)cls = value;
    return MHD_YES;
}

/* Who the request is from, for the log: the peer, or whom a trusted proxy names (proxy.h).
 * Several X-Forwarded-For headers: the last one, which the nearest proxy wrote. */
static void http_set_client(Http *h, struct MHD_Connection *c, HttpReq *req, const char *method)
{
    snprintf(req->method, sizeof req->method, "%s", method);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const char *xff = NULL;
    if (h->trust && h->trust->count > 0)
        MHD_get_connection_values(c, MHD_HEADER_KIND, http_last_xff, &xff);
    proxy_client(h->trust, ci ? ci->client_addr : NULL, xff, req->client, NULL);
}

static enum MHD_Result http_begin(Http *h, struct MHD_Connection *c, HttpReq *req,
                                  const char *method)
{
    http_set_client(h, c, req, method);
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

typedef struct HttpRawHeaders {
    char *buf;
    size_t cap, len;
} HttpRawHeaders;

static bool http_raw_header(void *ctx, const char *name, const char *value)
{
    HttpRawHeaders *r = ctx;
    int n = snprintf(r->buf + r->len, r->cap - r->len, "%s: %s\r\n", name, value);
    if (n < 0 || (size_t)n >= r->cap - r->len) return false;
    r->len += (size_t)n;
    return true;
}

/* MHD 0.9.75 refuses a response queued while a body is still arriving, so a chunked body
 * that passes the cap (a Content-Length over it was answered 413 before reading) gets its
 * 413 written straight to the socket, and the connection is closed without reading on.
 * Nothing else writes to it at this point: MHD sent any "100 Continue" before the body.
 * Over TLS the socket carries records, not text: there the connection is only closed. */
static void http_send_raw_413(Http *h, HttpReq *req)
{
    static const char body[] = "{\"error\":\"request body too large\"}";
    char msg[4096];
    if (h->tls) return;
    HttpRawHeaders rh = {msg, sizeof msg, 0};
    if (!http_raw_header(&rh, "HTTP/1.1 413 Payload Too Large\r\nContent-Type",
                         "application/json") ||
        !sechdr_each(&h->sec, http_raw_header, &rh))
        return;
    int n = snprintf(msg + rh.len, sizeof msg - rh.len,
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", sizeof body - 1, body);
    if (n < 0 || (size_t)n >= sizeof msg - rh.len) return;
    size_t total = rh.len + (size_t)n;
    if (req->fd != MHD_INVALID_SOCKET &&
        send(req->fd, msg, total, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)total) {
        req->status = 413;
        req->bytes = sizeof body - 1;
    }
}

/* Appends one chunk of body; past the cap: a raw 413 and the connection is closed. */
static enum MHD_Result http_body_chunk(Http *h, HttpReq *req, const char *data, size_t n)
{
    if (n > req->body_limit - req->body_len) {
        http_send_raw_413(h, req);
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

/* --- the plain-HTTP listener that sends everyone to https ------------------------------- */

static bool http_host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.';
}

/* The host part of an untrusted Host header, without its port: a DNS name or IPv4 address
 * ([A-Za-z0-9.-], labels 1..63, not starting with '-' or '.'), or an IPv6 literal in
 * brackets that inet_pton accepts. False for anything else. */
static bool http_redirect_host(const char *host, char *out, size_t cap)
{
    if (!host) return false;
    size_t len = strlen(host);
    if (len == 0 || len > HTTP_MAX_HOST || len >= cap) return false;
    size_t hlen;
    if (host[0] == '[') {
        const char *close = strchr(host, ']');
        if (!close) return false;
        hlen = (size_t)(close - host) + 1;
        char v6[64];
        struct in6_addr a;
        if (hlen - 2 == 0 || hlen - 2 >= sizeof v6) return false;
        memcpy(v6, host + 1, hlen - 2);
        v6[hlen - 2] = '\0';
        if (inet_pton(AF_INET6, v6, &a) != 1) return false;
    } else {
        hlen = strcspn(host, ":");
        if (hlen == 0 || hlen > 253) return false;
        size_t label = 0;
        for (size_t i = 0; i < hlen; i++) {
            char ch = host[i];
            if (!http_host_char(ch)) return false;
            if (ch == '.') {
                if (label == 0) return false;
                label = 0;
            } else {
                if (label == 0 && ch == '-') return false;
                if (++label > 63) return false;
            }
        }
    }
    if (host[hlen] == ':') {  /* a port: digits only, then the end */
        size_t digits = strspn(host + hlen + 1, "0123456789");
        if (digits == 0 || digits > 5 || host[hlen + 1 + digits] != '\0') return false;
    } else if (host[hlen] != '\0') {
        return false;
    }
    memcpy(out, host, hlen);
    out[hlen] = '\0';
    return true;
}

/* A raw request-target fit to be copied into a Location header: origin-form, visible
 * ASCII only (percent escapes stay as sent). */
static bool http_redirect_target(const char *t)
{
    if (t[0] != '/') return false;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '\\') return false;
    return true;
}

static enum MHD_Result http_on_redirect(void *cls, struct MHD_Connection *c, const char *url,
                                        const char *method, const char *version,
                                        const char *upload_data, size_t *upload_data_size,
                                        void **req_cls)
{
    (void)url;
    (void)version;
    (void)upload_data;
    Http *h = cls;
    HttpReq *req = *req_cls;
    if (!req) return MHD_NO;
    *upload_data_size = 0;  /* a body is never read: the answer says go elsewhere */
    if (req->phase != HTTP_NEW) return MHD_YES;
    req->plain = true;
    http_set_client(h, c, req, method);
    req->phase = HTTP_ANSWERED;
    http_deadline(h, req, 0);
    char host[HTTP_MAX_HOST + 1];
    char loc[sizeof "https://:65535" + HTTP_MAX_HOST + ROUTES_MAX_TARGET];
    const char *host_hdr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    RouteResp resp;
    routes_resp_init(&resp);
    if (req->target_too_long) {
        routes_error(&resp, 414, "request target too long");
    } else if (!http_redirect_host(host_hdr, host, sizeof host)) {
        routes_error(&resp, 400, "missing or malformed Host header");
    } else if (!http_redirect_target(req->target)) {
        routes_error(&resp, 400, "malformed request target");
    } else {
        routes_error(&resp, 308, "this service is available over https only");
        if (h->port == 443) snprintf(loc, sizeof loc, "https://%s%s", host, req->target);
        else snprintf(loc, sizeof loc, "https://%s:%u%s", host, h->port, req->target);
        resp.location = loc;  /* MHD copies header values: the stack buffer is enough */
    }
    return http_send(h, c, req, &resp);
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

/* A numeric address and port as a socket address; false when addr is not numeric. */
static bool http_sockaddr(const char *addr, unsigned port, struct sockaddr_storage *ss,
                          bool *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        *v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        *v6 = true;
        return true;
    }
    return false;
}

/* One libmicrohttpd daemon with every limit, our callbacks and `extra` options; its port
 * goes to *bound. */
static struct MHD_Daemon *http_daemon(Http *h, const char *addr, unsigned port, unsigned flags,
                                      MHD_AccessHandlerCallback handler,
                                      struct MHD_OptionItem *extra, unsigned *bound, char *err,
                                      size_t cap)
{
    struct sockaddr_storage ss;
    bool v6;
    if (!http_sockaddr(addr, port, &ss, &v6)) {
        snprintf(err, cap, "--bind %s: not a numeric IPv4 or IPv6 address", addr);
        return NULL;
    }
    flags |= MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
             MHD_ALLOW_SUSPEND_RESUME | (v6 ? MHD_USE_IPv6 : 0);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handler, h,
        /* first, so that MHD's own messages about the options below go through it too */
        MHD_OPTION_EXTERNAL_LOGGER, http_on_mhd_log, h,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
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
        MHD_OPTION_ARRAY, extra,
        MHD_OPTION_END);
    if (!d) {
        snprintf(err, cap, "cannot listen on %s port %u (see the message above)", addr, port);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    *bound = di ? di->port : port;
    return d;
}

Http *http_start(const SrvState *st, const HttpOptions *o, char *err, size_t cap)
{
    Http *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    h->st = st;
    h->listen_fd = h->redirect_fd = MHD_INVALID_SOCKET;
    h->timeout_s = o->timeout_s ? o->timeout_s : HTTP_CONNECTION_TIMEOUT_S;
    h->tls = o->tls != NULL;
    h->trust = o->trust;
    sechdr_init(&h->sec, o->frame_ancestors, h->tls);
    sechdr_init(&h->sec_plain, o->frame_ancestors, false);
    pthread_mutex_init(&h->conns_mu, NULL);
    pthread_cond_init(&h->watchdog_cv, NULL);
    atomic_init(&h->inflight, 0);
    atomic_init(&h->quiescing, false);
    atomic_init(&h->body_bytes, 0);
    struct MHD_OptionItem plain[] = {{MHD_OPTION_END, 0, NULL}};
    struct MHD_OptionItem tls[] = {
        {MHD_OPTION_HTTPS_CERT_CALLBACK, 0, h->tls ? tls_mhd_callback() : NULL},
        {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)TLS_PRIORITIES},
        {MHD_OPTION_END, 0, NULL},
    };
    h->daemon = http_daemon(h, o->bind_addr, o->port, h->tls ? MHD_USE_TLS : 0,
                            http_on_request, h->tls ? tls : plain, &h->port, err, cap);
    if (h->daemon && h->tls && o->redirect_port >= 0)
        h->redirect = http_daemon(h, o->bind_addr, (unsigned)o->redirect_port, 0,
                                  http_on_redirect, plain, &h->redirect_port, err, cap);
    if (!h->daemon || (h->tls && o->redirect_port >= 0 && !h->redirect)) {
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
    return h;
}

unsigned http_redirect_port(const Http *h)
{
    return h->redirect ? h->redirect_port : 0;
}

unsigned http_port(const Http *h)
{
    return h->port;
}

void http_quiesce(Http *h)
{
    atomic_store(&h->quiescing, true);
    h->listen_fd = MHD_quiesce_daemon(h->daemon);
    if (h->redirect) h->redirect_fd = MHD_quiesce_daemon(h->redirect);
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
    if (h->redirect) MHD_stop_daemon(h->redirect);
    if (h->daemon) MHD_stop_daemon(h->daemon);
    if (h->listen_fd != MHD_INVALID_SOCKET) close(h->listen_fd);
    if (h->redirect_fd != MHD_INVALID_SOCKET) close(h->redirect_fd);
    pthread_cond_destroy(&h->watchdog_cv);
    pthread_mutex_destroy(&h->conns_mu);
    free(h);
}
