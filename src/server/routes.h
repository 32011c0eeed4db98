/* routes.h — parleyd's HTTP routes as plain functions: (method, path, query, headers, body)
 * → (status, content type, body or file, headers), or, for an upload, a pending write that
 * is answered once the writer committed it. No sockets and no libmicrohttpd here, so every
 * route can be exercised directly; a route must never trust a byte of the request. */
#ifndef PARLEY_ROUTES_H
#define PARLEY_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/srv.h"

#define ROUTES_MAX_TARGET 2048  /* request-target bytes (path + query); longer → 414 */
#define ROUTES_COMPRESS_MIN 1024 /* answers this long or longer are sent gzip-compressed if accepted */

/* What a route sees of a request. Strings are NUL-terminated; absent headers are NULL. */
typedef struct RouteReq {
    const char *method;           /* as sent: "GET", "HEAD", "POST", ... */
    const char *path;             /* percent-decoded and checked by routes_parse_target */
    const char *query;            /* raw text after '?', "" when none */
    const char *accept_encoding;
    const char *accept_language;  /* the page's preloads follow it (webroot.c) */
    const char *if_none_match;
    const char *content_type;
    const char *authorization;    /* admin routes: "Bearer <token>" */
    const char *cookie;           /* staff routes: the session cookie is in here */
    const char *csrf_token;       /* X-CSRF-Token */
    const char *last_event_id;    /* Last-Event-ID, for the live stream */
    const char *client;           /* the client address as http.c/proxy.c determined it */
    bool tls;                     /* the request came over TLS (cookies get Secure) */
    const char *body;             /* NULL unless the route declared a body limit */
    size_t body_len;
} RouteReq;

/* An upload waiting for the writer (routes.c owns its layout). */
typedef struct RoutePending RoutePending;

struct StreamSub;

/* What a route answers. Exactly one of body / fd carries the payload (or neither), unless
 * `pending` is set: then there is no answer yet (see routes_pending_start). */
typedef struct RouteResp {
    int status;
    const char *content_type;     /* static strings only */
    char *body;                   /* owned (free) when body_owned, else borrowed and stable */
    size_t body_len;
    bool body_owned;
    int fd;                       /* >= 0: send fd_size bytes of this file; owned */
    uint64_t fd_size;
    const char *allow;            /* "Allow" for 405 */
    const char *cache_control;
    const char *content_encoding; /* "gzip" for a precompressed sibling */
    const char *vary;
    const char *www_authenticate; /* for 401 */
    const char *retry_after;      /* seconds, for 503 and 429 */
    char retry_after_buf[24];     /* room for a computed retry_after */
    const char *content_disposition;
    const char *location;         /* for a redirect; copied when the response is made */
    char etag[64];                /* "" for none */
    char last_modified[40];       /* an HTTP-date, "" for none */
    char set_cookie[160];         /* a Set-Cookie value, "" for none */
    char link[640];               /* a Link value (the page's preloads), "" for none */
    const char *csp;              /* replaces the usual Content-Security-Policy; NULL: keep */
    struct StreamSub *stream;     /* a live stream (stream.h) to serve; owned, freed by http.c */
    RoutePending *pending;        /* an upload to hand to the writer; the rest is unset */
} RouteResp;

/* The routing decision made as soon as the headers are in, before any body is read. */
typedef struct RouteMatch {
    size_t max_body;   /* 0: the route takes no body, answer at once (any body is discarded) */
} RouteMatch;

void routes_resp_init(RouteResp *r);
void routes_resp_free(RouteResp *r);

/* Splits a raw request-target into a decoded path and the raw query. Refuses (returns an
 * HTTP status, 0 when fine) anything not starting with '/', bad or encoded-NUL percent
 * escapes, control bytes, backslashes and "." or ".." segments (checked after decoding).
 * path_out needs ROUTES_MAX_TARGET + 1 bytes; *query points into target. */
int routes_parse_target(const char *target, char *path_out, size_t path_cap,
                        const char **query);

/* Which route takes (method, path), and how much body it accepts. */
RouteMatch routes_match(const char *method, const char *path);

/* Answers one request. Always fills resp (errors are JSON {"error": "..."}). */
void routes_handle(const SrvState *st, const RouteReq *req, RouteResp *resp);

/* Fills resp with a JSON error; msg must be a fixed string, never client text. */
void routes_error(RouteResp *resp, int status, const char *msg);

/* Replaces whatever resp held with an owned JSON body (no-store). */
void routes_json_owned(RouteResp *resp, int status, char *body, size_t len);

/* 503 for a database failure (NOMEM: too large or out of memory), with Retry-After. */
void routes_db_error(RouteResp *resp, int status_db);

/* Hands a pending upload to the writer. done(ctx) is called (on the writer's thread) once
 * the transaction holding it has committed or failed; only then may routes_pending_finish
 * run. The request body the route saw must stay alive until then. */
void routes_pending_start(const SrvState *st, RoutePending *p, void (*done)(void *ctx),
                          void *ctx);

/* Fills resp with the upload's answer (200 with per-record results, or 503 when nothing
 * could be stored) and frees p. */
void routes_pending_finish(RoutePending *p, RouteResp *resp);

/* Frees a pending upload that was never started (e.g. the connection went away). */
void routes_pending_free(RoutePending *p);

#endif
