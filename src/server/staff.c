/* staff.c — see staff.h. Must never tell an unknown name from a wrong password (same body,
 * same status, the same Argon2id work), never answer a locked-out sign-in with anything but
 * 429, and never accept a state change from a session without its CSRF token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "server/buf.h"
#include "server/sessions.h"
#include "server/staff.h"

/* The value of our cookie in a Cookie header ("a=1; parley_session=...; b=2") into out. */
static bool staff_cookie(const char *header, char *out, size_t cap)
{
    static const char name[] = SESSIONS_COOKIE "=";
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ';') p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > sizeof name - 1 && strncmp(p, name, sizeof name - 1) == 0) {
            size_t vlen = len - (sizeof name - 1);
            while (vlen > 0 && p[sizeof name - 1 + vlen - 1] == ' ') vlen--;
            if (vlen >= cap) return false;
            memcpy(out, p + sizeof name - 1, vlen);
            out[vlen] = '\0';
            return true;
        }
        p = end;
    }
    return false;
}

static bool staff_session(const SrvState *st, const RouteReq *req, SessionInfo *info,
                          char token[SESSIONS_TOKEN_HEX + 1])
{
    return st->sessions && staff_cookie(req->cookie, token, SESSIONS_TOKEN_HEX + 1) &&
           sessions_lookup(st->sessions, token, info);
}

static bool staff_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

bool staff_require(const SrvState *st, const RouteReq *req, RouteResp *resp, StaffRole min,
                   StaffWho *who)
{
    memset(who, 0, sizeof *who);
    if (req->authorization && srv_token_check(st, req->authorization)) {
        snprintf(who->name, sizeof who->name, "%s", STAFF_TOKEN_ACTOR);
        who->role = STAFF_ADMIN;
        who->token = true;
        return true;
    }
    SessionInfo info;
    char token[SESSIONS_TOKEN_HEX + 1];
    if (!staff_session(st, req, &info, token)) {
        routes_error(resp, 401, "sign in first: no staff session (or it has expired)");
        return false;
    }
    if (!staff_safe_method(req->method) && !sessions_csrf_ok(&info, req->csrf_token)) {
        routes_error(resp, 403, "missing or wrong X-CSRF-Token header");
        return false;
    }
    if (info.role < min) {
        routes_error(resp, 403, "your role may not do this");
        return false;
    }
    memcpy(who->name, info.name, sizeof who->name);
    who->role = info.role;
    return true;
}

bool staff_json_body(const RouteReq *req, RouteResp *resp, cJSON **out)
{
    *out = NULL;
    const char *ct = req->content_type;
    size_t n = strlen("application/json");
    if (!ct || strncasecmp(ct, "application/json", n) != 0 || (ct[n] && ct[n] != ';' && ct[n] != ' ')) {
        routes_error(resp, 415, "expected Content-Type: application/json");
        return false;
    }
    if (!req->body || memchr(req->body, '\0', req->body_len) || !utf8_valid(req->body, req->body_len)) {
        routes_error(resp, 400, "the body is not UTF-8 JSON");
        return false;
    }
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(req->body, req->body_len, &end, false);
    if (j && end) {
        while (end < req->body + req->body_len && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
            end++;
    }
    if (!j || !cJSON_IsObject(j) || end != req->body + req->body_len) {
        cJSON_Delete(j);
        routes_error(resp, 400, "malformed JSON: expected one object");
        return false;
    }
    *out = j;
    return true;
}

/* {"name","role","csrf"} for a session. */
static void staff_session_answer(RouteResp *resp, const SessionInfo *info)
{
    SrvBuf b;
    buf_init(&b, 1024);
    buf_puts(&b, "{\"name\":");
    buf_json_cstr(&b, info->name);
    buf_puts(&b, ",\"role\":");
    buf_json_cstr(&b, accounts_role_name(info->role));
    buf_puts(&b, ",\"csrf\":");
    buf_json_cstr(&b, info->csrf);
    buf_putc(&b, '}');
    size_t len;
    char *body = buf_take(&b, &len);
    buf_free(&b);
    if (!body) {
        routes_error(resp, 503, "out of memory");
        return;
    }
    routes_json_owned(resp, 200, body, len);
}

static void staff_set_cookie(RouteResp *resp, const RouteReq *req, const char *value, bool clear)
{
    snprintf(resp->set_cookie, sizeof resp->set_cookie, "%s=%s; %sHttpOnly; SameSite=Strict; Path=/%s",
             SESSIONS_COOKIE, value, clear ? "Max-Age=0; " : "", req->tls ? "; Secure" : "");
}

void route_session_post(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    cJSON *j;
    if (!staff_json_body(req, resp, &j)) return;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
    const cJSON *pw = cJSON_GetObjectItemCaseSensitive(j, "password");
    if (!cJSON_IsString(name) || !cJSON_IsString(pw)) {
        cJSON_Delete(j);
        routes_error(resp, 400, "expected {\"name\": string, \"password\": string}");
        return;
    }
    const char *n = name->valuestring, *p = pw->valuestring;
    size_t plen = strlen(p);
    if (strlen(n) > 64 || plen > ACCOUNTS_MAX_PASSWORD_BYTES) {
        cJSON_Delete(j);
        routes_error(resp, 400, "name or password too long");
        return;
    }
    long wait = sessions_locked(st->sessions, n, req->client);
    if (wait > 0) {
        cJSON_Delete(j);
        routes_error(resp, 429, "too many failed sign-ins: wait before trying again");
        snprintf(resp->retry_after_buf, sizeof resp->retry_after_buf, "%ld", wait);
        resp->retry_after = resp->retry_after_buf;
        return;
    }
    StaffRole role;
    AccountsResult r = accounts_verify(st->db, n, p, plen, &role);
    if (r == ACCOUNTS_ERROR) {
        cJSON_Delete(j);
        routes_error(resp, 503, "the accounts cannot be read right now; retry");
        resp->retry_after = "5";
        return;
    }
    if (r == ACCOUNTS_WRONG) {
        sessions_failed(st->sessions, n, req->client);
        cJSON_Delete(j);
        routes_error(resp, 401, "wrong name or password");
        return;
    }
    sessions_succeeded(st->sessions, n);
    char token[SESSIONS_TOKEN_HEX + 1];
    SessionInfo info;
    bool made = sessions_create(st->sessions, n, role, token, &info);
    cJSON_Delete(j);
    if (!made) {
        routes_error(resp, 503, "too many staff sessions open; retry later");
        resp->retry_after = "60";
        return;
    }
    staff_session_answer(resp, &info);
    staff_set_cookie(resp, req, token, false);
}

/* The session of the request, or false with resp filled with the 401. */
static bool staff_signed_in(const SrvState *st, const RouteReq *req, RouteResp *resp,
                            SessionInfo *info, char token[SESSIONS_TOKEN_HEX + 1])
{
    if (staff_session(st, req, info, token)) return true;
    routes_error(resp, 401, "not signed in");
    return false;
}

void route_session_get(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    SessionInfo info;
    char token[SESSIONS_TOKEN_HEX + 1];
    if (staff_signed_in(st, req, resp, &info, token)) staff_session_answer(resp, &info);
}

void route_session_delete(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    SessionInfo info;
    char token[SESSIONS_TOKEN_HEX + 1];
    if (!staff_signed_in(st, req, resp, &info, token)) return;
    if (!sessions_csrf_ok(&info, req->csrf_token)) {
        routes_error(resp, 403, "missing or wrong X-CSRF-Token header");
        return;
    }
    sessions_end(st->sessions, token);
    static const char ok[] = "{\"ok\":true}";
    char *body = malloc(sizeof ok);
    if (!body) {
        routes_error(resp, 503, "out of memory");
        return;
    }
    memcpy(body, ok, sizeof ok);
    routes_json_owned(resp, 200, body, sizeof ok - 1);
    staff_set_cookie(resp, req, "", true);
}
