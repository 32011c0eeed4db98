/* outbox.h — the kiosk's outbox: every record the platform has stored waits here until
 * parleyd acknowledges it. Portable C11: no I/O, no clock, no randomness of its own, no
 * callbacks; the platform drives it with plain calls (web: IndexedDB and fetch, async).
 * It must never forget a record the server has not acknowledged, never delete one silently,
 * and never retry forever a record the server refused.
 *
 * States (per record; the values are persisted by the platform and never renumbered):
 *
 *     add/restore ──▶ PENDING ──next_batch──▶ SENDING ──200, id accepted/duplicate──▶ ACKED
 *                       ▲                        │ └──200 rejected, or 400/413 alone──▶ REJECTED
 *                       └──failure, not named────┘
 *     a stored blob that fails its checks (checksum, truncation, dictionary, validator) ──▶ QUARANTINED
 *
 * Storage format (what the platform writes to IndexedDB, per record, keyed by record id):
 * the NDJSON line of docs/interface.md §3 as one LZ4 frame (core/codec.h: content size, content and
 * block checksums) compressed with the project dictionary `lz4dict` (built from the
 * project's own text by scripts/mkdict.py; its id travels in the frame), made by
 * outbox_encode; next to it, the state (PENDING, REJECTED or QUARANTINED) and the reason.
 * A build decodes only its own dictionary id: records queued under another one are
 * quarantined, not lost, which is why scripts/mkdict.py pins the id.
 *
 * Upload policy (outbox_batch_done; a record leaves the device only when a 200 response
 * of parleyd's shape names its id):
 * - 200 with {"accepted":[..],"duplicates":[..],"rejected":[{"id","error"}..]}: accepted and
 *   duplicates → ACKED; rejected → REJECTED with the server's error (a dead letter: kept,
 *   listed, never retried); ids of the batch it does not name → PENDING, with backoff.
 * - 413 (whatever the body: a proxy's limit counts too), or 400 with parleyd's JSON error:
 *   the batch was refused as a whole. More than one record: all back to PENDING and the
 *   next batches hold at most half as many (a lone bad record is isolated in log2(n)
 *   steps; the limit doubles back after each full success). One record: REJECTED with the
 *   server's error.
 * - Everything else is "not delivered": 0 (network error, timeout, reset, offline, server
 *   unreachable), 1xx, 3xx, 5xx, 408, 429, a 200 that is not parleyd's JSON (captive
 *   portal, proxy page), a 400 that is not parleyd's JSON, and any other 4xx (401, 403, 404,
 *   415...: a proxy or a deployment problem, not the records' fault: dead-lettering every
 *   record for it would be wrong). All back to PENDING; failures++; the next try waits
 *   d/2 + jitter·d/2 with d = min(OUTBOX_BACKOFF_CAP_MS, OUTBOX_BACKOFF_BASE_MS·2^(failures-1))
 *   ("equal jitter": spread out, but never an immediate hammering retry), or Retry-After
 *   when given and longer (capped at OUTBOX_RETRY_AFTER_MAX_S). One full success resets.
 *
 * What the platform does:
 *   start:   ob = outbox_new(0); for each stored entry: outbox_restore(...); persist changes
 *   stored:  after the storage transaction committed: outbox_add(...); then the receipt
 *   upload:  when outbox_next_due_ms(ob, now) <= now: outbox_next_batch(...); POST body as
 *            application/x-ndjson+lz4 (with a timeout); then exactly once
 *            outbox_batch_done(...) with the status (0 for any network failure)
 *   persist: after every call that changes states, outbox_take_changes(...): ACKED → delete
 *            the stored record; REJECTED/QUARANTINED → store that state and the reason
 *            (a lost change is harmless: a re-sent record is answered as a duplicate)
 *   online:  outbox_nudge(ob, now) when the browser says the network came back
 * The clock may be the wall clock: waits are clamped, so a clock set back cannot stall. */
#ifndef PARLEY_OUTBOX_H
#define PARLEY_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/codec.h"
#include "core/deferred.h"
#include "core/record.h"

/* The project dictionary, generated into build/gen/lz4dict.c by scripts/mkdict.py. The web
 * build compiles in only its id, length and checksum (lz4dict_compiled_in false) and fetches
 * the bytes after the first frame (outbox_install_dict). Until they are here, records are
 * stored without a dictionary (a frame any decoder reads), and a stored record that needs it
 * is left untouched by a sync pass (OUTBOX_NO_MEMORY: try again), never quarantined. */
extern const CodecDict lz4dict;
extern const bool lz4dict_compiled_in;
extern const uint64_t lz4dict_fnv1a; /* FNV-1a (64 bits) of the bytes */

/* True when lz4dict's bytes are here: compiled in, or installed. */
bool outbox_dict_ready(void);
/* Installs fetched dictionary bytes once they match lz4dict's length and checksum; true
 * when they did (or the bytes are compiled in and equal). On false, err says why and
 * nothing changed. */
bool outbox_install_dict(const uint8_t *bytes, size_t len, char *err, size_t cap);

#define OUTBOX_CAPACITY           20000u   /* default records kept (backlog bench: 10,000) */
#define OUTBOX_MAX_CAPACITY       (1u << 20)
#define OUTBOX_KEY_BYTES          64u      /* longest storage key (a record id is 36) */
#define OUTBOX_REASON_BYTES       256u     /* a reason with its NUL, cut at a character */
#define OUTBOX_STORE_LEVEL        CODEC_LEVEL_MAX  /* one small record: the best ratio is cheap */
#define OUTBOX_BATCH_LEVEL        CODEC_LEVEL_FAST /* sent once, thrown away: speed first */
#define OUTBOX_BATCH_RECORDS      500u     /* default max_records of a batch */
#define OUTBOX_BATCH_BYTES        (1024u * 1024u) /* default max_bytes: NDJSON before LZ4; far
                                            * under parleyd's 8 MiB decoded, 2 MiB on the wire */
#define OUTBOX_RESPONSE_MAX_BYTES (8u * 1024u * 1024u) /* a longer answer is not parleyd's */
#define OUTBOX_BACKOFF_BASE_MS    1000
#define OUTBOX_BACKOFF_CAP_MS     60000
#define OUTBOX_RETRY_AFTER_MAX_S  3600     /* a hostile Retry-After cannot park the kiosk */

typedef enum OutboxState {
    OUTBOX_UNKNOWN = 0,     /* not in the outbox (never added, or acknowledged and evicted) */
    OUTBOX_PENDING = 1,     /* stored, waiting to upload */
    OUTBOX_SENDING = 2,     /* in the batch in flight; never persisted (restored as PENDING) */
    OUTBOX_ACKED = 3,       /* on the server: the platform deletes it from storage */
    OUTBOX_REJECTED = 4,    /* the server refused it, with a reason: a dead letter, kept */
    OUTBOX_QUARANTINED = 5  /* its stored bytes failed a check, with a reason: kept */
} OutboxState;

typedef enum OutboxResult {
    OUTBOX_OK = 0,
    OUTBOX_IDLE,          /* next_batch: nothing to send now (see outbox_next_due_ms) */
    OUTBOX_CORRUPT,       /* add/restore: kept as QUARANTINED (a change says so) */
    OUTBOX_FULL,          /* add/restore: no room; nothing was taken in, nothing dropped:
                           * the stored record stays where it is */
    OUTBOX_DUPLICATE,     /* add/restore: that id is already in the outbox; nothing changed */
    OUTBOX_BAD_RECORD,    /* encode: the line is not a valid record */
    OUTBOX_BAD_ARGUMENT,  /* a NULL, an empty or over-long key, a buffer too small */
    OUTBOX_NO_MEMORY,     /* nothing changed; try again later */
    OUTBOX_NOT_IN_FLIGHT  /* batch_done without a batch */
} OutboxResult;

typedef struct OutboxError {
    char message[OUTBOX_REASON_BYTES]; /* valid UTF-8, no control characters */
} OutboxError;

typedef struct Outbox Outbox;

/* capacity 0 means OUTBOX_CAPACITY; NULL when over OUTBOX_MAX_CAPACITY or out of memory.
 * The table (~100 bytes a record) and its index are allocated here; each record's blob
 * and reason, and the batch in flight, as they come. */
Outbox *outbox_new(size_t capacity);
void outbox_free(Outbox *ob);

/* ---------------------------------------------------------------- storage format */

/* Room outbox_encode needs for a line of line_len bytes. */
size_t outbox_encode_bound(size_t line_len);

/* Validates one NDJSON line (record_validate: the kiosk never stores what it could not
 * send) and writes its storage form into out[0..cap): an LZ4 frame with lz4dict. Sets
 * *out_len. OUTBOX_BAD_RECORD (err says why), OUTBOX_BAD_ARGUMENT, OUTBOX_NO_MEMORY. */
OutboxResult outbox_encode(const char *line, size_t len, uint8_t *out, size_t cap,
                           size_t *out_len, OutboxError *err);

/* ---------------------------------------------------------------- records in */

/* Free places for add/restore. Check it before storing a new record: add should not meet
 * a full outbox after the record was committed (if it does, OUTBOX_FULL, and the record
 * waits in storage for the next start). Acknowledged records whose change was taken do
 * not count: their places are reused. */
size_t outbox_room(const Outbox *ob);

/* A record the platform has just committed under key `id` (NUL-terminated) in the storage
 * form blob[0..len) (copied). Decoded within limits and validated again; a record that
 * fails, or whose id differs from the key, is kept as QUARANTINED (OUTBOX_CORRUPT). */
OutboxResult outbox_add(Outbox *ob, const char *id, const uint8_t *blob, size_t len,
                        OutboxError *err);

/* At start-up, for each stored entry: its key, blob and stored state and reason (NULL for
 * none). REJECTED and QUARANTINED stay so, blob unread. PENDING, SENDING (a crash during
 * an upload) and unknown values are checked as outbox_add does and become PENDING, or
 * QUARANTINED. ACKED (a delete that did not happen) becomes ACKED with a change, so the
 * platform deletes it. Order of calls = upload order. */
OutboxResult outbox_restore(Outbox *ob, const char *id, const uint8_t *blob, size_t len,
                            OutboxState stored_state, const char *stored_reason,
                            OutboxError *err);

/* ---------------------------------------------------------------- other tabs */

/* Several tabs of one origin share the device's storage, and each keeps an outbox of its
 * own; storage is the truth they all follow. A sync pass brings this outbox in step with
 * what storage holds now, so that every tab counts the same records and shows the same
 * state of each, whichever tab uploaded them:
 *
 *     epoch = outbox_sync_begin(ob);      before the storage read starts
 *     for each stored entry: outbox_sync_entry(ob, epoch, ...);
 *     outbox_sync_end(ob, epoch, last_success_ms_in_storage);
 *
 * sync_entry takes in a record this outbox does not hold (as outbox_restore does: another
 * tab stored it) and adopts a refusal or quarantine another tab stored for a record still
 * waiting here; it returns OUTBOX_DUPLICATE for a record already held. sync_end marks
 * ACKED every PENDING record that was held before the pass began but is no longer in
 * storage: only an acknowledgement deletes a stored record. Records added during the read
 * are not touched, so passes may overlap with adds and with each other. Neither produces
 * changes to persist for what storage already says; a newly restored record may (e.g. a
 * quarantine). sync_end returns how many records it found acknowledged, and takes the
 * latest upload time storage knows (-1: none) for the status line. */
uint32_t outbox_sync_begin(Outbox *ob);
OutboxResult outbox_sync_entry(Outbox *ob, uint32_t epoch, const char *id, const uint8_t *blob,
                               size_t len, OutboxState stored_state, const char *stored_reason,
                               OutboxError *err);
size_t outbox_sync_end(Outbox *ob, uint32_t epoch, int64_t last_success_ms);

/* ---------------------------------------------------------------- uploads */

typedef struct OutboxBatch {
    const uint8_t *body;     /* one LZ4 frame (no dictionary) of NDJSON, a line per record */
    size_t body_len;
    size_t ndjson_len;       /* decoded size */
    size_t count;            /* records, in upload order; line i + 1 is ids[i] */
    const char (*ids)[RECORD_UUID_LEN + 1];
} OutboxBatch;

/* When nothing is in flight and the wait is over, takes the PENDING records in order,
 * at most max_records and max_bytes of NDJSON (0: the defaults; at least one record
 * whatever its size), marks them SENDING and sets *batch (valid until batch_done).
 * OUTBOX_IDLE when there is nothing to do now; OUTBOX_NO_MEMORY changes nothing. A record
 * that no longer decodes (memory damaged since it was checked) is quarantined on the way. */
PARLEY_OUT_OF_LINE OutboxResult outbox_next_batch(Outbox *ob, int64_t now_ms, size_t max_records,
                               size_t max_bytes, const OutboxBatch **batch);

/* When to call outbox_next_batch: now_ms or later; -1 when nothing is waiting or a batch
 * is in flight (batch_done will say). */
int64_t outbox_next_due_ms(const Outbox *ob, int64_t now_ms);

typedef struct OutboxOutcome {
    size_t acked, rejected, requeued;
    bool answered;        /* parleyd answered (a 200 of its shape, or its 400/413) */
    bool split;           /* refused as a whole: retried in smaller batches */
    int64_t next_try_ms;  /* when the next batch is due (-1: nothing waiting) */
} OutboxOutcome;

/* The answer to the batch in flight, exactly once: the HTTP status (0 for a network error,
 * timeout, reset or abort), the response body (may be NULL), Retry-After in seconds (-1
 * if absent; see outbox_parse_retry_after) and a random number for the jitter. Applies
 * the policy at the top of this file. *out may be NULL. */
OutboxResult outbox_batch_done(Outbox *ob, int64_t now_ms, int http_status, const char *body,
                               size_t body_len, int64_t retry_after_s, uint32_t random_u32,
                               OutboxOutcome *out);

/* A Retry-After header value (delta-seconds or an IMF-fixdate, RFC 9110) as seconds from
 * now_ms (Unix ms of the device clock); -1 when absent or unreadable. */
int64_t outbox_parse_retry_after(const char *value, int64_t now_ms);

/* The network came back: the next batch is due now (the failure count is kept). */
void outbox_nudge(Outbox *ob, int64_t now_ms);

/* ---------------------------------------------------------------- what to persist */

typedef struct OutboxChange {
    char id[OUTBOX_KEY_BYTES + 1];
    OutboxState state;  /* ACKED: delete it; REJECTED, QUARANTINED: store state and reason */
    char reason[OUTBOX_REASON_BYTES];
} OutboxChange;

/* Copies up to cap state changes not yet taken into out and forgets them; returns the
 * count (call again while it returns cap). Only the latest state of a record is listed. */
size_t outbox_take_changes(Outbox *ob, OutboxChange *out, size_t cap);

/* ---------------------------------------------------------------- saving to a file */

/* When the network never comes back, staff save every record still on the device to one
 * file (core/devicefile.h, docs/device-export.md) that `parleyd import` loads. One stored
 * entry → one line of that file (no "\n"), NUL-terminated in buf: the record's NDJSON line
 * decoded from its storage form with its checksum, or, where the stored bytes do not decode
 * (a damaged record), those bytes themselves, marked quarantined with the reason. state is
 * the stored state (PENDING, SENDING or unknown values count as waiting). Returns the
 * length, or 0 (err says why: buf too small, see outbox_export_bound, or out of memory). */
size_t outbox_export_bound(size_t blob_len, size_t reason_len);
PARLEY_OUT_OF_LINE size_t outbox_export_line(const char *id, const uint8_t *blob, size_t len, OutboxState state,
                          const char *reason, char *buf, size_t cap, OutboxError *err);

/* ---------------------------------------------------------------- status */

typedef struct OutboxCounts {
    size_t waiting;          /* PENDING + SENDING: "N waiting to upload" */
    size_t sending;          /* in the batch in flight */
    size_t acked;            /* acknowledged since start */
    size_t rejected, quarantined;
    int64_t last_success_ms; /* last answer from parleyd, -1 none */
    unsigned failures;       /* uploads failed in a row */
    int64_t next_try_ms;     /* -1: nothing waiting or in flight */
    char last_error[OUTBOX_REASON_BYTES]; /* why the last upload failed, "" after a success */
} OutboxCounts;

void outbox_counts(const Outbox *ob, int64_t now_ms, OutboxCounts *out);

/* The state of one record ("my submissions"), its reason (NULL when none). */
OutboxState outbox_state(const Outbox *ob, const char *id);
const char *outbox_reason(const Outbox *ob, const char *id);

typedef struct OutboxItem {
    const char *id, *reason; /* valid until the next call that changes the outbox */
} OutboxItem;

/* The records in `state`, oldest first, skipping the first `skip`: the dead-letter and
 * quarantine lists of the status view. Returns how many were written (<= cap). */
size_t outbox_list(const Outbox *ob, OutboxState state, size_t skip, OutboxItem *out,
                   size_t cap);

/* "pending", "sending", "acked", "rejected", "quarantined", "unknown". */
const char *outbox_state_name(OutboxState state);

#endif
