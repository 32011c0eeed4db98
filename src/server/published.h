/* published.h — the public page of written comments (docs/staff-api.md): GET /published/ (the
 * current event), /published/<event-id> and its .html download, the JSON twin
 * /published/<event-id>.json, and the page's stylesheet /published/published.css. Plain
 * HTML that needs no script, rendered from one read snapshot; every text goes through
 * html.h. Published comments by agenda item in agenda order; withheld ones only as a line
 * with the reason's label; pending ones not at all; names only with publish_consent. */
#ifndef PARLEY_PUBLISHED_H
#define PARLEY_PUBLISHED_H

#include "server/routes.h"

#define PUBLISHED_PREFIX "/published/"

void route_published(const SrvState *st, const RouteReq *req, RouteResp *resp);

#endif
