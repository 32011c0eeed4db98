/* sechdr.c — see sechdr.h. The policy is fixed at start; only frame-ancestors comes from
 * the command line, validated before it gets here. */
#include <stdio.h>
#include <string.h>

#include "server/sechdr.h"

#define SECHDR_CSP_HEAD                                                                    \
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "         \
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "       \
    "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "        \
    "frame-ancestors "

/* Every powerful feature a kiosk page never needs, switched off for it and for any frame. */
/* Only features Chromium knows: an unknown one is a console warning on every page load. */
static const char sechdr_permissions[] =
    "accelerometer=(), autoplay=(), "
    "camera=(), display-capture=(), encrypted-media=(), gamepad=(), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";

bool sechdr_frame_ancestors_valid(const char *sources, char *err, size_t cap)
{
    size_t len = strlen(sources);
    if (len == 0 || len > SECHDR_MAX_FRAME_ANCESTORS) {
        snprintf(err, cap, "--frame-ancestors: expected 1..%d bytes of sources",
                 SECHDR_MAX_FRAME_ANCESTORS);
        return false;
    }
    bool any = false;
    for (const unsigned char *p = (const unsigned char *)sources; *p; p++) {
        if (*p < 0x20 || *p > 0x7e) {
            snprintf(err, cap, "--frame-ancestors: control or non-ASCII byte 0x%02x", *p);
            return false;
        }
        if (*p == ';' || *p == ',' || *p == '"' || *p == '\\') {
            snprintf(err, cap, "--frame-ancestors: '%c' is not allowed in sources", *p);
            return false;
        }
        if (*p != ' ') any = true;
    }
    if (!any) {
        snprintf(err, cap, "--frame-ancestors: no source given");
        return false;
    }
    return true;
}

void sechdr_init(SecHeaders *h, const char *frame_ancestors, bool tls)
{
    snprintf(h->csp, sizeof h->csp, "%s%s", SECHDR_CSP_HEAD,
             frame_ancestors ? frame_ancestors : "'none'");
    h->tls = tls;
}

bool sechdr_each(const SecHeaders *h, bool (*fn)(void *ctx, const char *name, const char *value),
                 void *ctx)
{
    return fn(ctx, "Content-Security-Policy", h->csp) &&
           fn(ctx, "X-Content-Type-Options", "nosniff") &&
           fn(ctx, "Referrer-Policy", "no-referrer") &&
           fn(ctx, "Permissions-Policy", sechdr_permissions) &&
           /* Both mean something only on a secure origin; over plain HTTP browsers ignore
            * COOP with a console error on every page. */
           (!h->tls || (fn(ctx, "Cross-Origin-Opener-Policy", "same-origin") &&
                        fn(ctx, "Strict-Transport-Security", "max-age=31536000")));
}
