/* routes.h — parleyd's HTTP routes as plain functions: (method, path, query, headers, body)
 * → (status, content type, body or file, headers). No sockets and no libmicrohttpd here,
 * so every route can be exercised directly; a route must never trust a byte of the request. */
#ifndef PARLEY_ROUTES_H
#define PARLEY_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/srv.h"

#define ROUTES_MAX_TARGET 2048  /* request-target bytes (path + query); longer → 414 */

/* What a route sees of a request. Strings are NUL-terminated; absent headers are NULL. */
typedef struct RouteReq {
    const char *method;           /* as sent: "GET", "HEAD", "POST", ... */
    const char *path;             /* percent-decoded and checked by routes_parse_target */
    const char *query;            /* raw text after '?', "" when none */
    const char *accept_encoding;
    const char *if_none_match;
    const char *content_type;
    const char *authorization;    /* for the admin routes to come */
    const char *body;             /* NULL unless the route declared a body limit */
    size_t body_len;
} RouteReq;

/* What a route answers. Exactly one of body / fd carries the payload (or neither). */
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
    char etag[64];                /* "" for none */
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

#endif
