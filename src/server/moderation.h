/* moderation.h — the moderators' routes (docs/staff-api.md): the comment list with its filters
 * and cursor, a publication change (with the version the moderator saw; 409 when stale),
 * the moderation log, and the live stream of new comments and decisions. */
#ifndef PARLEY_MODERATION_H
#define PARLEY_MODERATION_H

#include <cjson/cJSON.h>

#include "core/record.h"
#include "server/buf.h"
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

/* --- helpers the other staff routes share (chair.c) ---------------------------------------- */

/* v is one of the n strings of set (NULL is none). */
bool moderation_one_of(const char *v, const char *const *set, size_t n);
#define ONE_OF(v, set) moderation_one_of((v), (set), sizeof(set) / sizeof((set)[0]))
/* No control characters but newline and tab. */
bool moderation_plain_text(const char *s);
/* A version number from a body (an integer 0..9e15), or -1. */
long long moderation_version(const cJSON *v);
/* Positive decimal, at most 18 digits; -1 otherwise. */
long long moderation_number(const char *s);
/* ?event= (an id), or the current event when absent. False when resp has the 400. */
bool moderation_event(const SrvState *st, const RouteReq *req, RouteResp *resp,
                      char out[RECORD_MAX_ID_BYTES + 1]);
/* The server's clock as an ISO 8601 UTC time. */
void moderation_now(char out[RECORD_TIME_BYTES]);
/* Answers with b's bytes as JSON (status) when status_db is DB_OK, else the database error;
 * frees b either way. */
void moderation_take(RouteResp *resp, SrvBuf *b, int status_db, int status);

#endif
