/* proxy.h — the client address behind a reverse proxy. Only when the TCP peer is one of the
 * addresses given with --trust-proxy is X-Forwarded-For believed, and then only as far as
 * the proxies themselves wrote it: walking from the right, the first address that is not a
 * trusted proxy is the client. From any other peer the header is ignored, so a client
 * cannot choose the address it is logged under. Pure: no sockets, no libmicrohttpd. */
#ifndef PARLEY_PROXY_H
#define PARLEY_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netinet/in.h>
#include <sys/socket.h>

#define PROXY_MAX_TRUSTED 16    /* --trust-proxy addresses */
#define PROXY_MAX_HOPS    32    /* X-Forwarded-For entries looked at, from the right */
#define PROXY_ADDR_CHARS  INET6_ADDRSTRLEN

/* An address in one comparable form: IPv4 (and IPv4-mapped IPv6) as 4 bytes. */
typedef struct ProxyAddr {
    int family;  /* AF_INET or AF_INET6 */
    uint8_t bytes[16];
} ProxyAddr;

typedef struct ProxyTrust {
    ProxyAddr addrs[PROXY_MAX_TRUSTED];
    int count;
} ProxyTrust;

/* Adds the numeric addresses of one --trust-proxy value (one address, or several separated
 * by commas). False with err on anything else (names, prefixes, too many). */
bool proxy_trust_add(ProxyTrust *t, const char *value, char *err, size_t cap);

/* The client's address as text (PROXY_ADDR_CHARS): the peer's, or, when the peer is
 * trusted and xff (may be NULL) holds a well-formed list, the rightmost untrusted entry
 * (the leftmost entry when every one is a trusted proxy). A malformed entry ends the walk
 * and the peer's address is used. *from_header tells which (may be NULL). */
void proxy_client(const ProxyTrust *t, const struct sockaddr *peer, const char *xff,
                  char out[PROXY_ADDR_CHARS], bool *from_header);

#endif
