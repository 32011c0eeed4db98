/* reference.h — what became of a comment, looked up by its receipt's reference
 * (docs/interface.md, "References"): GET /api/v1/reference/<REF> (JSON, for the app's "Check a
 * reference" screen) and GET /r/<REF> (a plain page, no script, for the receipt's QR code).
 * Only the state: never the text, the name or anything else of the comment. A reference is
 * not a password, so the answer carries nothing worth guessing for; look-ups are limited per
 * client address all the same, so enumerating them gets nowhere. */
#ifndef PARLEY_REFERENCE_H
#define PARLEY_REFERENCE_H

#include "server/routes.h"

#define REFERENCE_API_PREFIX "/api/v1/reference/"
#define REFERENCE_PAGE_PREFIX "/r/"
#define REFERENCE_LOOKUPS_PER_MINUTE 30   /* per client address */
#define REFERENCE_CLIENTS 512             /* addresses remembered (the oldest go first) */

void route_reference_api(const SrvState *st, const RouteReq *req, RouteResp *resp);
void route_reference_page(const SrvState *st, const RouteReq *req, RouteResp *resp);

#endif
