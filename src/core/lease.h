/* lease.h — who uploads for the device: of all the tabs of one origin, only the holder of
 * the upload lease sends the outbox. The lease is one small record in the device's storage
 * (owner, expiry), claimed and renewed in a storage transaction, so it works wherever that
 * storage does — on plain-HTTP LAN addresses too, where Web Locks do not exist. Portable
 * C11: no clock, no storage of its own; it only decides.
 *
 *   every LEASE_RENEW_MS (holder) or LEASE_POLL_MS (others), in one storage transaction:
 *       stored = read; until = lease_claim(&stored, me, released, now);
 *       if (until > 0) write {me, until}
 *   the holder uploads only while now < the expiry it stored (lease_held), so a holder
 *   that was frozen past its expiry waits for its next claim before it sends anything;
 *   a tab that goes away says so (released), and the next claim by another tab succeeds
 *   at once instead of after the expiry.
 * A holder frozen in the middle of an upload can overlap the next holder's first batch:
 * parleyd answers those records as duplicates, stored once. */
#ifndef PARLEY_LEASE_H
#define PARLEY_LEASE_H

#include <stdbool.h>
#include <stdint.h>

#define LEASE_MS        6000   /* a lease not renewed for this long is free */
#define LEASE_RENEW_MS  2000   /* the holder renews three times per lease */
#define LEASE_POLL_MS   2500   /* the others look this often: a dead holder is replaced
                                * within LEASE_MS + LEASE_POLL_MS */
#define LEASE_OWNER_BYTES 64

typedef struct Lease {
    char owner[LEASE_OWNER_BYTES]; /* "" when no tab holds it */
    int64_t expires_ms;            /* Unix ms */
} Lease;

/* The expiry `me` should store to hold the lease from now_ms, or 0 when another tab holds
 * it. stored may be NULL (no lease stored yet); released: its owner said it went away.
 * A lease whose expiry lies further ahead than one lease (a clock set back) is stale. */
int64_t lease_claim(const Lease *stored, const char *me, bool released, int64_t now_ms);

/* Whether a tab whose last claim stored `expires_ms` may upload at now_ms. */
bool lease_held(int64_t expires_ms, int64_t now_ms);

/* Milliseconds until the next claim. */
int64_t lease_next_claim_ms(bool holder);

#endif
