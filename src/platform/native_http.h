/* native_http.h — AppHost.request for the desktop program: libcurl, one thread per request,
 * answers handed back to the main thread, which SDL wakes when one is queued. Cookies (the
 * staff session) are shared between requests, as a browser's are. */
#ifndef PARLEY_NATIVE_HTTP_H
#define PARLEY_NATIVE_HTTP_H

#include <stdbool.h>

#include "app/app.h"

/* Requests go to paths under base_url ("http://host:port/", a trailing '/' added if missing).
 * False when libcurl cannot start, with the reason on stderr. */
bool native_http_init(const char *base_url);
void native_http_stop(void); /* cancels what is in flight and waits for its threads */

/* AppHost.request and AppHost.cancel (user unused). */
bool native_http_request(void *user, uint32_t id, const AppRequest *req);
void native_http_cancel(void *user, uint32_t id);

/* Delivers the answers that came in (app_http_answer); true when the screen changed. */
bool native_http_deliver(App *app);

#endif
