/* routes.c — the route table and the handlers behind it (health, events, static files).
 * Must never touch a socket or libmicrohttpd, never echo client bytes into a response,
 * and never let a request path reach the file system before routes_parse_target checked it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/routes.h"
#include "server/webroot.h"

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

/* The API. Everything outside /api/ and /healthz is the web build (GET/HEAD only). */
static const Route routes_table[] = {
    {"/healthz", "GET", "GET, HEAD", 0, route_healthz},
    {"/api/v1/event", "GET", "GET, HEAD", 0, route_event},
    {"/api/v1/events/", "GET", "GET, HEAD", 0, route_event_by_id},
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
    size_t cap = strlen(msg) * 6 + 16;  /* worst case every byte becomes \u00XX */
    char *b = malloc(cap);
    resp->status = status;
    resp->content_type = "application/json";
    resp->cache_control = "no-store";
    if (!b) {
        resp->status = 500;
        resp->body = (char *)routes_oom_body;
        resp->body_len = sizeof routes_oom_body - 1;
        return;
    }
    size_t n = 0;
    n += (size_t)snprintf(b, cap, "{\"error\":\"");
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p == '"' || *p == '\\') {
            b[n++] = '\\';
            b[n++] = (char)*p;
        } else if (*p < 0x20) {
            n += (size_t)snprintf(b + n, cap - n, "\\u%04x", *p);
        } else {
            b[n++] = (char)*p;
        }
    }
    n += (size_t)snprintf(b + n, cap - n, "\"}");
    resp->body = b;
    resp->body_len = n;
    resp->body_owned = true;
}

static int routes_hex(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
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
            int hi = routes_hex(p[1]), lo = hi < 0 ? -1 : routes_hex(p[2]);
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

void routes_handle(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    routes_resp_init(resp);
    const Route *known;
    const Route *r = routes_find(req->method, req->path, &known);
    if (r) {
        r->fn(st, req, resp);
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
    (void)req;
    const SrvEvent *e = &st->events[0];
    routes_json_borrowed(resp, e->json, e->json_len);
}

static void route_event_by_id(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    const char *id = req->path + strlen("/api/v1/events/");
    const SrvEvent *e = (id[0] && !strchr(id, '/')) ? srv_event_find(st, id) : NULL;
    if (!e) {
        routes_error(resp, 404, "no event with this id");
        return;
    }
    routes_json_borrowed(resp, e->json, e->json_len);
}
