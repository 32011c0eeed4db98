/* chair.h — the Chair's routes (docs/chair-api.md): the event with its item in progress (an ETag
 * devices poll for one 304), setting that item, registrations and their status with its log,
 * and the speakers' queue. */
#ifndef PARLEY_CHAIR_H
#define PARLEY_CHAIR_H

#include "server/routes.h"

#define CHAIR_EVENTS_PREFIX   "/api/v1/events/"
#define CHAIR_REG_PREFIX      "/api/v1/registrations/"
#define CHAIR_FLOOR_PREFIX    "/api/v1/floor/"
#define CHAIR_BODY_MAX        (8u * 1024u)  /* bytes of any of these request bodies */
#define CHAIR_PARTY_MAX       200           /* characters naming an objecting State party */
#define CHAIR_NOTE_MAX        1000          /* characters of a note */
#define CHAIR_LANG_TAG_MAX    35            /* bytes of ?lang= on the event: a language tag */

/* GET /api/v1/event and GET /api/v1/events/<id>: the event file with "current_item" and
 * "current_since" added. */
void chair_serve_event(const SrvState *st, const SrvEvent *e, const RouteReq *req,
                       RouteResp *resp);

/* GET and PUT /api/v1/events/<id>/current. */
void route_current_get(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_current_put(const SrvState *st, const RouteReq *req, RouteResp *resp);

void route_registrations(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_registration_status(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_registration_log(const SrvState *st, const RouteReq *req, RouteResp *resp);

void route_floor_post(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_floor_list(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_floor_get(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_floor_state(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_floor_withdraw(const SrvState *st, const RouteReq *req, RouteResp *resp);

#endif
