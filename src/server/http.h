/* http.h — parleyd's libmicrohttpd glue: limits, raw body reading, parking uploads until
 * their commit, cutting slow clients, the access log, graceful stop. It turns connections
 * into RouteReq/RouteResp and back; it must never decide what a request means (that is
 * routes.c) nor block a request thread on anything but the route (an upload waiting for
 * its commit is suspended, not waited for). */
#ifndef PARLEY_HTTP_H
#define PARLEY_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "server/proxy.h"
#include "server/srv.h"

/* Explicit limits (redis-style: every resource a client can consume has a ceiling). */
#define HTTP_THREADS              4          /* epoll worker threads, each owns connections */
#define HTTP_MAX_CONNECTIONS      2048       /* room for ~1,000 kiosks and phones at once */
/* Per client address. High on purpose: a whole venue often reaches us through one NAT
 * address, and the load bench connects from loopback. It still stops one host from
 * taking every slot. */
#define HTTP_MAX_CONNECTIONS_PER_IP 1024
#define HTTP_CONNECTION_TIMEOUT_S 15         /* idle seconds before a connection is dropped */
/* The idle timeout alone does not stop a client sending one byte every few seconds
 * (slow-loris): each byte resets it. So a request also has deadlines, in multiples of the
 * idle timeout T: its line and headers must be in within 2T of the connection becoming
 * ready for it (T of allowed idling plus T to send them), its body within 4T of the
 * headers (60 s at the default: 2 MiB at 35 KB/s). Past a deadline the connection is cut. */
#define HTTP_HEADER_WINDOW_FACTOR 2
#define HTTP_BODY_WINDOW_FACTOR   4
#define HTTP_CONN_MEMORY          (32u * 1024u)   /* request line + headers per connection */
#define HTTP_BODY_BUDGET          (256u * 1024u * 1024u) /* all request bodies buffered at once */
#define HTTP_DRAIN_SECONDS        10         /* how long a stop waits for in-flight requests */

typedef struct Http Http;

struct Tls;

/* How to listen. Everything here was validated by the caller. */
typedef struct HttpOptions {
    const char *bind_addr;         /* numeric IPv4 or IPv6 */
    unsigned port;                 /* 0: any free port */
    unsigned timeout_s;            /* the idle timeout T above; 0: the default */
    struct Tls *tls;               /* NULL: plain HTTP; else HTTPS with this pair (tls.h) */
    long redirect_port;            /* with tls: a plain listener answering 308 to https; -1 none */
    const char *frame_ancestors;   /* CSP frame-ancestors sources; NULL: 'none' */
    const ProxyTrust *trust;       /* proxies whose X-Forwarded-For is believed (may be NULL) */
} HttpOptions;

/* Listens with a thread pool; st and everything o points to must outlive the daemon and
 * stay unchanged. On failure writes err and returns NULL. */
Http *http_start(const SrvState *st, const HttpOptions *o, char *err, size_t cap);

/* The port actually bound; the redirect listener's (0 when there is none). */
unsigned http_port(const Http *h);
unsigned http_redirect_port(const Http *h);

/* Stops accepting connections; requests already started go on (and are told to close). */
void http_quiesce(Http *h);

/* Requests whose request line has arrived and whose response is not yet complete. */
int http_inflight(const Http *h);

/* Closes every connection and joins the threads. Uploads must not be parked any more (the
 * writer has stopped and answered them). NULL is fine. */
void http_stop(Http *h);

#endif
