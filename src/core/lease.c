/* lease.c — the upload lease of lease.h: one rule for every tab, decided here so that all
 * tabs agree. Never grants a lease another live tab holds. */
#include "core/lease.h"

#include <string.h>

int64_t lease_claim(const Lease *stored, const char *me, bool released, int64_t now_ms)
{
    if (me == NULL || *me == '\0') return 0;
    bool free_now = stored == NULL || stored->owner[0] == '\0' || released ||
                    strcmp(stored->owner, me) == 0 || stored->expires_ms <= now_ms ||
                    stored->expires_ms > now_ms + LEASE_MS;
    return free_now ? now_ms + LEASE_MS : 0;
}

bool lease_held(int64_t expires_ms, int64_t now_ms)
{
    return expires_ms > now_ms;
}

int64_t lease_next_claim_ms(bool holder)
{
    return holder ? LEASE_RENEW_MS : LEASE_POLL_MS;
}
