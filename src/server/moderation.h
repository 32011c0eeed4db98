/* moderation.h — the moderators' routes (docs/staff-api.md): the comment list with its filters
 * and cursor, a publication change (with the version the moderator saw; 409 when stale),
 * the moderation log, and the live stream of new comments and decisions. */
#ifndef PARLEY_MODERATION_H
#define PARLEY_MODERATION_H

#include "server/routes.h"

#define MODERATION_PREFIX        "/api/v1/comments/"
#define MODERATION_BODY_MAX      (16u * 1024u)  /* bytes of a publication change */
#define MODERATION_NOTE_MAX      1000           /* characters of a note */
#define MODERATION_Q_MAX         200            /* bytes of a search */
#define MODERATION_LIMIT_DEFAULT 100
#define MODERATION_LIMIT_MAX     500

void route_comments(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_publication(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_moderation_log(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_stream(const SrvState *st, const RouteReq *req, RouteResp *resp);

/* Tells the live stream about new comments (called once their upload committed). */
void moderation_new_comment(const SrvState *st, const char *event, const char *id,
                            const char *agenda_item);

#endif
