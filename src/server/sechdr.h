/* sechdr.h — the security headers every parleyd response carries (static files, API, errors,
 * redirects): Content-Security-Policy, X-Content-Type-Options, Referrer-Policy,
 * Permissions-Policy and, only when serving TLS, Cross-Origin-Opener-Policy and
 * Strict-Transport-Security. The one place that knows their names and values; the HTTP
 * layer only hands each response to sechdr_each. It must never take a value from a
 * request. */
#ifndef PARLEY_SECHDR_H
#define PARLEY_SECHDR_H

#include <stdbool.h>
#include <stddef.h>

#define SECHDR_MAX_FRAME_ANCESTORS 512   /* bytes of --frame-ancestors */
#define SECHDR_COUNT               6     /* headers at most */
#define SECHDR_CSP_MAX             1024

typedef struct SecHeaders {
    char csp[SECHDR_CSP_MAX];
    bool tls;  /* adds Strict-Transport-Security */
} SecHeaders;

/* Checks a --frame-ancestors value: 1..SECHDR_MAX_FRAME_ANCESTORS bytes of printable ASCII
 * without ';' or ',' (which would end the directive or start another policy), sources
 * separated by spaces. On failure writes why into err and returns false. */
bool sechdr_frame_ancestors_valid(const char *sources, char *err, size_t cap);

/* Fills h: frame_ancestors NULL means 'none' (no embedding); otherwise a value that passed
 * sechdr_frame_ancestors_valid. tls: the response goes over HTTPS. */
void sechdr_init(SecHeaders *h, const char *frame_ancestors, bool tls);

/* Calls fn(ctx, name, value) for each header, in a fixed order; stops (returning false) at
 * the first fn that returns false. */
bool sechdr_each(const SecHeaders *h, bool (*fn)(void *ctx, const char *name, const char *value),
                 void *ctx);

#endif
