/* staff.h — who a staff request is from (docs/staff-api.md): the admin bearer token, or a session
 * cookie with its role and, on state-changing methods, its X-CSRF-Token; the session
 * routes; and the JSON body reader staff routes share. No sockets here. */
#ifndef PARLEY_STAFF_H
#define PARLEY_STAFF_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "server/accounts.h"
#include "server/routes.h"

#define STAFF_SESSION_BODY_MAX 4096   /* bytes of a sign-in request */
#define STAFF_TOKEN_ACTOR "admin-token" /* who the log says acted with the bearer token */

typedef struct StaffWho {
    char name[65];
    StaffRole role;
    bool token;   /* the admin bearer token, not a session */
} StaffWho;

/* The prelude of every staff route: 401 without a session (or token), 403 for a role
 * below min, 403 without the right X-CSRF-Token on anything but GET and HEAD (the token
 * needs none). False when resp was filled with the refusal. */
bool staff_require(const SrvState *st, const RouteReq *req, RouteResp *resp, StaffRole min,
                   StaffWho *who);

/* A JSON object body: 415 unless Content-Type is application/json, 400 for bytes that are
 * not one UTF-8 JSON object. False when resp was filled; else *out (cJSON_Delete it). */
bool staff_json_body(const RouteReq *req, RouteResp *resp, cJSON **out);

/* /api/v1/session: POST signs in, GET says who is signed in, DELETE signs out. */
void route_session_post(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_session_get(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_session_delete(const SrvState *st, const RouteReq *req, RouteResp *resp);

#endif
