/* webroot.h — serves the kiosk's web build (--web) as static files: one checked request
 * path → one open regular file inside the root, its type and cache headers. Must never
 * open anything outside the root (symlinks included) nor any hidden file. */
#ifndef PARLEY_WEBROOT_H
#define PARLEY_WEBROOT_H

#include <stdbool.h>

#include "server/routes.h"

#define WEBROOT_MAX_FILE (32u * 1024u * 1024u)  /* larger files are refused, not streamed */

/* root: a realpath ("" when --web is missing: everything is 404). req->path must come from
 * routes_parse_target. Fills resp with the file (fd), a 304, or a JSON error. */
void webroot_serve(const char *root, const RouteReq *req, RouteResp *resp);

/* True when an Accept-Encoding value lists gzip (or brotli, "br") with a non-zero q.
 * NULL → false. */
bool webroot_accepts_gzip(const char *accept_encoding);
bool webroot_accepts_brotli(const char *accept_encoding);

/* Content-Type for a file name, by extension; application/octet-stream when unknown. */
const char *webroot_content_type(const char *name);

#endif
