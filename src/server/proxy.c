/* proxy.c — see proxy.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "server/proxy.h"

/* Parses one numeric address of exactly len bytes (no surrounding spaces). */
static bool proxy_parse(const char *s, size_t len, ProxyAddr *a)
{
    char buf[PROXY_ADDR_CHARS];
    if (len == 0 || len >= sizeof buf) return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    memset(a, 0, sizeof *a);
    if (inet_pton(AF_INET, buf, a->bytes) == 1) {
        a->family = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, buf, a->bytes) != 1) return false;
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(a->bytes, mapped, 12) == 0) {
        memmove(a->bytes, a->bytes + 12, 4);
        memset(a->bytes + 4, 0, 12);
        a->family = AF_INET;
    } else {
        a->family = AF_INET6;
    }
    return true;
}

static void proxy_format(const ProxyAddr *a, char out[PROXY_ADDR_CHARS])
{
    if (!inet_ntop(a->family, a->bytes, out, PROXY_ADDR_CHARS)) snprintf(out, PROXY_ADDR_CHARS, "-");
}

static bool proxy_trusted(const ProxyTrust *t, const ProxyAddr *a)
{
    size_t n = a->family == AF_INET ? 4 : 16;
    for (int i = 0; t && i < t->count; i++)
        if (t->addrs[i].family == a->family && memcmp(t->addrs[i].bytes, a->bytes, n) == 0)
            return true;
    return false;
}

bool proxy_trust_add(ProxyTrust *t, const char *value, char *err, size_t cap)
{
    const char *p = value;
    for (;;) {
        size_t len = strcspn(p, ",");
        ProxyAddr a;
        if (!proxy_parse(p, len, &a)) {
            snprintf(err, cap, "--trust-proxy '%.*s': expected a numeric IPv4 or IPv6 address",
                     (int)(len > 64 ? 64 : len), p);
            return false;
        }
        if (t->count >= PROXY_MAX_TRUSTED) {
            snprintf(err, cap, "--trust-proxy: at most %d addresses", PROXY_MAX_TRUSTED);
            return false;
        }
        t->addrs[t->count++] = a;
        if (p[len] == '\0') return true;
        p += len + 1;
    }
}

static bool proxy_from_sockaddr(const struct sockaddr *sa, ProxyAddr *a)
{
    char buf[PROXY_ADDR_CHARS];
    if (!sa) return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)(const void *)sa;
        if (!inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof buf)) return false;
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)(const void *)sa;
        if (!inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof buf)) return false;
    } else {
        return false;
    }
    return proxy_parse(buf, strlen(buf), a);
}

void proxy_client(const ProxyTrust *t, const struct sockaddr *peer, const char *xff,
                  char out[PROXY_ADDR_CHARS], bool *from_header)
{
    ProxyAddr a;
    if (from_header) *from_header = false;
    if (!proxy_from_sockaddr(peer, &a)) {
        snprintf(out, PROXY_ADDR_CHARS, "-");
        return;
    }
    proxy_format(&a, out);
    if (!xff || !proxy_trusted(t, &a)) return;
    /* From the right: each hop was appended by the proxy that received it. */
    const char *end = xff + strlen(xff);
    ProxyAddr hop;
    bool have = false;
    for (int hops = 0; end > xff && hops < PROXY_MAX_HOPS; hops++) {
        const char *start = end;
        while (start > xff && start[-1] != ',') start--;
        const char *s = start, *e = end;
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if (!proxy_parse(s, (size_t)(e - s), &hop)) return;  /* malformed: the peer it is */
        have = true;
        if (!proxy_trusted(t, &hop)) break;
        end = start > xff ? start - 1 : xff;
    }
    if (!have) return;
    proxy_format(&hop, out);
    if (from_header) *from_header = true;
}
