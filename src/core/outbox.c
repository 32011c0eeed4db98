/* outbox.c — the outbox state machine of outbox.h: a fixed table of records in upload
 * order, a hash index by id, one batch in flight, the backoff, and the list of changes the
 * platform must persist. Portable C11, no I/O, no clock, no randomness of its own. It must
 * never drop or forget a record that was not acknowledged by a 200 of parleyd's shape. */
#include "core/outbox.h"

#include <cJSON.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
#include "core/attrs.h"
#include "core/civil.h"
#include "core/devicefile.h"
#include "core/fnv.h"
#include "core/jsonguard.h"
#include "core/utf8.h"


#define OUTBOX_NO_SLOT     SIZE_MAX
#define OUTBOX_MAX_FAILURES 1000u  /* the counter saturates; the backoff capped long before */
#define OUTBOX_RESPONSE_DEPTH 8    /* parleyd's answer is 3 deep; room for extra fields */

typedef struct OutboxEntry {
    char id[OUTBOX_KEY_BYTES + 1];
    uint8_t state;      /* OutboxState */
    bool dirty;         /* a terminal state the platform has not taken yet */
    uint32_t blob_len;
    uint32_t line_len;  /* decoded NDJSON line, for batch sizing */
    uint8_t *blob;      /* PENDING and SENDING only: the storage form, owned */
    char *reason;       /* REJECTED and QUARANTINED: owned */
    uint32_t seen;      /* the last sync epoch at which storage held it (or it was added) */
} OutboxEntry;

struct Outbox {
    OutboxEntry *entries;  /* upload order; ACKED entries stay (state lookups) until evicted */
    size_t capacity, count;
    uint32_t *index;       /* open addressing, linear probing: slot + 1, 0 = empty */
    size_t index_mask;
    size_t blob_max;       /* outbox_encode_bound(RECORD_MAX_LINE_BYTES) */

    size_t n_state[6];     /* entries per OutboxState */
    size_t n_dirty, n_acked_dirty, acked_total;

    bool in_flight;
    OutboxBatch batch;
    uint8_t *batch_body;
    char (*batch_ids)[RECORD_UUID_LEN + 1];

    unsigned failures;
    int64_t wait_from_ms, wait_ms; /* next try at wait_from + wait (see next_due) */
    int64_t last_success_ms;
    size_t split_limit;            /* 0: none; else records per batch after a 400/413 */
    char last_error[OUTBOX_REASON_BYTES];
    uint32_t epoch;                /* of the latest outbox_sync_begin */
};

/* ---------------------------------------------------------------- text */

/* Copies src into dst[0..cap) as valid UTF-8 without control characters (they become
 * spaces, invalid bytes U+FFFD), cut at a whole character: reasons are shown on screen
 * and persisted, and come from the network or from storage. */
static void text_copy(char *dst, size_t cap, const char *src)
{
    size_t o = 0, i = 0, len = src != NULL ? strlen(src) : 0;
    while (i < len) {
        uint32_t cp = utf8_decode(src, len, &i);
        if (jsonguard_is_control(cp, JSONGUARD_CONTROLS_C0_C1)) cp = ' ';
        char enc[4];
        size_t n = utf8_encode(cp, enc);
        if (n == 0 || o + n + 1 > cap) break;
        memcpy(dst + o, enc, n);
        o += n;
    }
    dst[o] = '\0';
}

static void text_printf(char *dst, size_t cap, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void text_printf(char *dst, size_t cap, const char *fmt, ...)
{
    char tmp[OUTBOX_REASON_BYTES * 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    text_copy(dst, cap, tmp);
}

static void set_error(OutboxError *err, const char *text)
{
    if (err != NULL) text_copy(err->message, sizeof err->message, text);
}

/* ---------------------------------------------------------------- the index */

static uint32_t hash_id(const char *id)
{
    return fnv1a32(id, strlen(id), FNV1A32_BASIS); /* ids are random already: this only spreads them */
}

static size_t index_find(const Outbox *ob, const char *id)
{
    for (size_t i = hash_id(id) & ob->index_mask;; i = (i + 1) & ob->index_mask) {
        uint32_t v = ob->index[i];
        if (v == 0) return OUTBOX_NO_SLOT;
        if (strcmp(ob->entries[v - 1].id, id) == 0) return v - 1;
    }
}

static void index_insert(Outbox *ob, size_t slot)
{
    size_t i = hash_id(ob->entries[slot].id) & ob->index_mask;
    while (ob->index[i] != 0) i = (i + 1) & ob->index_mask;
    ob->index[i] = (uint32_t)(slot + 1);
}

/* Entries only leave the table by compaction, which renumbers them: the index is then
 * rebuilt whole, so it never needs deletions. */
static void index_rebuild(Outbox *ob)
{
    memset(ob->index, 0, (ob->index_mask + 1) * sizeof *ob->index);
    for (size_t s = 0; s < ob->count; s++) index_insert(ob, s);
}

/* ---------------------------------------------------------------- life */

Outbox *outbox_new(size_t capacity)
{
    if (capacity == 0) capacity = OUTBOX_CAPACITY;
    if (capacity > OUTBOX_MAX_CAPACITY) return NULL;
    Outbox *ob = calloc(1, sizeof *ob);
    if (ob == NULL) return NULL;
    size_t slots = 16;
    while (slots < capacity * 2) slots *= 2; /* load factor <= 1/2: short probes */
    /* entries past count are never read (admit fills each one): left as malloc gives them,
     * so the memory a device's first records never reach is never touched */
    ob->entries = malloc(capacity * sizeof *ob->entries);
    ob->index = calloc(slots, sizeof *ob->index);
    if (ob->entries == NULL || ob->index == NULL) {
        outbox_free(ob);
        return NULL;
    }
    ob->capacity = capacity;
    ob->index_mask = slots - 1;
    ob->blob_max = outbox_encode_bound(RECORD_MAX_LINE_BYTES);
    ob->last_success_ms = -1;
    return ob;
}

static void end_flight(Outbox *ob)
{
    free(ob->batch_body);
    free(ob->batch_ids);
    ob->batch_body = NULL;
    ob->batch_ids = NULL;
    memset(&ob->batch, 0, sizeof ob->batch);
    ob->in_flight = false;
}

void outbox_free(Outbox *ob)
{
    if (ob == NULL) return;
    for (size_t i = 0; ob->entries != NULL && i < ob->count; i++) {
        free(ob->entries[i].blob);
        free(ob->entries[i].reason);
    }
    end_flight(ob);
    free(ob->entries);
    free(ob->index);
    free(ob);
}

/* ---------------------------------------------------------------- states */

static bool is_terminal(OutboxState s)
{
    return s == OUTBOX_ACKED || s == OUTBOX_REJECTED || s == OUTBOX_QUARANTINED;
}

/* Every state change goes through here, so the counts stay true. A terminal state drops
 * the blob (no longer needed: the platform keeps the stored copy of a dead letter) and is
 * marked for the platform to persist unless `persisted` (it came from storage). */
static bool entry_set(Outbox *ob, OutboxEntry *e, OutboxState state, const char *reason,
                      bool persisted)
{
    char *copy = NULL;
    if (reason != NULL) {
        char buf[OUTBOX_REASON_BYTES];
        text_copy(buf, sizeof buf, reason);
        copy = malloc(strlen(buf) + 1);
        if (copy == NULL) return false;
        memcpy(copy, buf, strlen(buf) + 1);
    }
    ob->n_state[e->state]--;
    if (e->dirty) {
        ob->n_dirty--;
        if (e->state == OUTBOX_ACKED) ob->n_acked_dirty--;
    }
    e->state = (uint8_t)state;
    ob->n_state[state]++;
    e->dirty = is_terminal(state) && !persisted;
    if (e->dirty) {
        ob->n_dirty++;
        if (state == OUTBOX_ACKED) ob->n_acked_dirty++;
    }
    if (state == OUTBOX_ACKED) ob->acked_total++;
    if (is_terminal(state)) {
        free(e->blob);
        e->blob = NULL;
        e->blob_len = e->line_len = 0;
    }
    free(e->reason);
    e->reason = copy;
    return true;
}

/* Acknowledged entries whose deletion the platform has taken can go: their slots are the
 * only ones ever reused. Order is kept. */
static void compact(Outbox *ob)
{
    size_t w = 0;
    for (size_t r = 0; r < ob->count; r++) {
        OutboxEntry *e = &ob->entries[r];
        if (e->state == OUTBOX_ACKED && !e->dirty) {
            free(e->reason);
            ob->n_state[OUTBOX_ACKED]--;
            continue;
        }
        if (w != r) ob->entries[w] = *e;
        w++;
    }
    memset(ob->entries + w, 0, (ob->count - w) * sizeof *ob->entries);
    ob->count = w;
    index_rebuild(ob);
}

size_t outbox_room(const Outbox *ob)
{
    size_t evictable = ob->n_state[OUTBOX_ACKED] - ob->n_acked_dirty;
    return ob->capacity - ob->count + evictable;
}

/* ---------------------------------------------------------------- storage format */


static bool dict_installed;

bool outbox_dict_ready(void)
{
    return lz4dict_compiled_in || dict_installed;
}

bool outbox_install_dict(const uint8_t *bytes, size_t len, char *err, size_t cap)
{
    if (err && cap) err[0] = '\0';
    if (!bytes || len != lz4dict.len) {
        if (err && cap) text_printf(err, cap, "the dictionary has %zu bytes, not %zu", bytes ? len : 0, lz4dict.len);
        return false;
    }
    if (fnv1a64(bytes, len) != lz4dict_fnv1a) {
        if (err && cap) text_printf(err, cap, "the dictionary's bytes are not this build's (checksum)");
        return false;
    }
    if (outbox_dict_ready()) return memcmp(bytes, lz4dict.bytes, len) == 0;
    /* lz4dict points at writable storage in the web build (mkdict.py --web), empty till now */
    memcpy((void *)lz4dict.bytes, bytes, len);
    dict_installed = true;
    return true;
}

/* The dictionary for compressing and decoding: none until its bytes are here. */
static const CodecDict *dict_if_ready(size_t *count)
{
    if (count) *count = outbox_dict_ready() ? 1 : 0;
    return outbox_dict_ready() ? &lz4dict : NULL;
}

size_t outbox_encode_bound(size_t line_len)
{
    return codec_compress_bound(line_len);
}

OutboxResult outbox_encode(const char *line, size_t len, uint8_t *out, size_t cap,
                           size_t *out_len, OutboxError *err)
{
    if (out_len != NULL) *out_len = 0;
    if (line == NULL || out == NULL || out_len == NULL) {
        set_error(err, "no line or no output buffer");
        return OUTBOX_BAD_ARGUMENT;
    }
    RecordError re;
    if (!record_validate(line, len, NULL, &re)) {
        if (err != NULL) text_printf(err->message, sizeof err->message, "invalid record: %s", re.message);
        return OUTBOX_BAD_RECORD;
    }
    if (cap < outbox_encode_bound(len)) {
        set_error(err, "output buffer too small (see outbox_encode_bound)");
        return OUTBOX_BAD_ARGUMENT;
    }
    CodecError ce;
    size_t n = codec_compress(line, len, dict_if_ready(NULL), OUTBOX_STORE_LEVEL, out, cap, &ce);
    if (n == 0) {
        set_error(err, ce.message);
        return ce.kind == CODEC_ERROR_NO_MEMORY ? OUTBOX_NO_MEMORY : OUTBOX_BAD_ARGUMENT;
    }
    *out_len = n;
    if (err != NULL) err->message[0] = '\0';
    return OUTBOX_OK;
}

/* A storage key: what the platform files the record under (its id). Printable ASCII only,
 * so that it can be shown, compared and used as a key everywhere without escaping. */
static bool key_ok(const char *id)
{
    if (id == NULL) return false;
    size_t n = 0;
    for (; id[n]; n++)
        if (n >= OUTBOX_KEY_BYTES || id[n] <= ' ' || id[n] > '~') return false;
    return n > 0;
}

typedef enum Check { CHECK_OK, CHECK_CORRUPT, CHECK_NO_MEMORY, CHECK_LATER } Check;

/* Decodes a stored blob within limits and checks the record in it, and that it is the
 * record filed under `id`. Out of memory is not corruption: the record stays untouched. */
static PARLEY_OUT_OF_LINE Check check_blob(const Outbox *ob, const char *id, const uint8_t *blob, size_t len,
                        uint32_t *line_len, char reason[OUTBOX_REASON_BYTES])
{
    if (blob == NULL || len == 0) {
        text_printf(reason, OUTBOX_REASON_BYTES, "stored record is empty");
        return CHECK_CORRUPT;
    }
    if (len > ob->blob_max) {
        text_printf(reason, OUTBOX_REASON_BYTES,
                    "stored record is %zu bytes, over the limit of %zu", len, ob->blob_max);
        return CHECK_CORRUPT;
    }
    uint8_t *line = NULL;
    size_t n = 0;
    CodecError ce;
    CodecFrameInfo fi;
    if (!outbox_dict_ready() && codec_frame_info(blob, len, &fi, NULL) && fi.dict_id == lz4dict.id)
        return CHECK_LATER; /* readable once the dictionary is here: not damaged */
    size_t dicts;
    const CodecDict *dict = dict_if_ready(&dicts);
    if (!codec_decompress(blob, len, RECORD_MAX_LINE_BYTES, dict, dicts, &line, &n, &ce)) {
        if (ce.kind == CODEC_ERROR_NO_MEMORY) return CHECK_NO_MEMORY;
        text_printf(reason, OUTBOX_REASON_BYTES, "stored record unreadable: %s", ce.message);
        return CHECK_CORRUPT;
    }
    RecordInfo info;
    RecordError re;
    Check result = CHECK_OK;
    if (!record_validate((const char *)line, n, &info, &re)) {
        text_printf(reason, OUTBOX_REASON_BYTES, "stored record invalid: %s", re.message);
        result = CHECK_CORRUPT;
    } else if (strcmp(info.id, id) != 0) {
        text_printf(reason, OUTBOX_REASON_BYTES, "stored under %s but the record's id is %s", id,
                    info.id);
        result = CHECK_CORRUPT;
    }
    free(line);
    *line_len = (uint32_t)n;
    return result;
}

/* A free slot at the end of the table, evicting taken acknowledgements if it is full. */
static OutboxEntry *reserve(Outbox *ob)
{
    if (ob->count == ob->capacity && outbox_room(ob) > 0) compact(ob);
    if (ob->count == ob->capacity) return NULL;
    return &ob->entries[ob->count];
}

/* Files a new entry in the last slot (reserved above) in `state`. */
static OutboxResult admit(Outbox *ob, const char *id, const uint8_t *blob, size_t len,
                          OutboxState state, const char *reason, bool persisted,
                          OutboxError *err)
{
    OutboxEntry *e = reserve(ob);
    if (e == NULL) {
        char msg[OUTBOX_REASON_BYTES];
        text_printf(msg, sizeof msg, "outbox full: %zu records waiting or kept; nothing dropped",
                    ob->capacity);
        set_error(err, msg);
        return OUTBOX_FULL;
    }
    uint8_t *copy = NULL;
    if (blob != NULL) {
        if ((copy = malloc(len)) == NULL) {
            set_error(err, "out of memory");
            return OUTBOX_NO_MEMORY;
        }
        memcpy(copy, blob, len);
    }
    memset(e, 0, sizeof *e);
    memcpy(e->id, id, strlen(id) + 1);
    e->seen = ob->epoch;
    e->state = OUTBOX_UNKNOWN;
    ob->n_state[OUTBOX_UNKNOWN]++; /* entry_set moves it out of UNKNOWN */
    if (!entry_set(ob, e, state, reason, persisted)) {
        /* Only the reason's copy can fail, before anything changed: as if never added. */
        ob->n_state[OUTBOX_UNKNOWN]--;
        free(copy);
        set_error(err, "out of memory");
        return OUTBOX_NO_MEMORY;
    }
    ob->count++;
    index_insert(ob, ob->count - 1);
    if (!is_terminal(state)) {
        e->blob = copy;
        e->blob_len = (uint32_t)len;
    } else {
        free(copy);
    }
    return OUTBOX_OK;
}

/* add and restore of a record that should be waiting: checked, then PENDING or kept. */
static OutboxResult admit_checked(Outbox *ob, const char *id, const uint8_t *blob, size_t len,
                                  OutboxError *err)
{
    char reason[OUTBOX_REASON_BYTES];
    uint32_t line_len = 0;
    Check c = check_blob(ob, id, blob, len, &line_len, reason);
    if (c == CHECK_NO_MEMORY || c == CHECK_LATER) {
        set_error(err, c == CHECK_LATER ? "the dictionary is not loaded yet" : "out of memory");
        return OUTBOX_NO_MEMORY;
    }
    if (c == CHECK_CORRUPT) {
        OutboxResult r = admit(ob, id, NULL, 0, OUTBOX_QUARANTINED, reason, false, err);
        if (r != OUTBOX_OK) return r;
        set_error(err, reason);
        return OUTBOX_CORRUPT;
    }
    OutboxResult r = admit(ob, id, blob, len, OUTBOX_PENDING, NULL, false, err);
    if (r == OUTBOX_OK) {
        ob->entries[ob->count - 1].line_len = line_len;
        if (err != NULL) err->message[0] = '\0';
    }
    return r;
}

static OutboxResult precheck(const Outbox *ob, const char *id, OutboxError *err)
{
    if (ob == NULL || !key_ok(id)) {
        set_error(err, "no outbox, or a storage key that is empty, over 64 bytes or not "
                       "printable ASCII");
        return OUTBOX_BAD_ARGUMENT;
    }
    if (index_find(ob, id) != OUTBOX_NO_SLOT) {
        set_error(err, "already in the outbox");
        return OUTBOX_DUPLICATE;
    }
    return OUTBOX_OK;
}

OutboxResult outbox_add(Outbox *ob, const char *id, const uint8_t *blob, size_t len,
                        OutboxError *err)
{
    OutboxResult r = precheck(ob, id, err);
    return r != OUTBOX_OK ? r : admit_checked(ob, id, blob, len, err);
}

OutboxResult outbox_restore(Outbox *ob, const char *id, const uint8_t *blob, size_t len,
                            OutboxState stored_state, const char *stored_reason,
                            OutboxError *err)
{
    OutboxResult r = precheck(ob, id, err);
    if (r != OUTBOX_OK) return r;
    switch (stored_state) {
    case OUTBOX_REJECTED:
        return admit(ob, id, NULL, 0, OUTBOX_REJECTED,
                     stored_reason != NULL && *stored_reason ? stored_reason
                                                             : "rejected by the server",
                     true, err);
    case OUTBOX_QUARANTINED:
        return admit(ob, id, NULL, 0, OUTBOX_QUARANTINED,
                     stored_reason != NULL && *stored_reason ? stored_reason
                                                             : "stored record unreadable",
                     true, err);
    case OUTBOX_ACKED:
        /* Acknowledged, but the delete did not happen before the page went: list it
         * again so the platform deletes it now. */
        r = admit(ob, id, NULL, 0, OUTBOX_ACKED, NULL, false, err);
        if (r == OUTBOX_OK) ob->acked_total--; /* acknowledged in an earlier session */
        return r;
    default:
        /* PENDING, SENDING (a crash mid-upload: resending is safe, the server answers
         * "duplicate"), or a state value damaged in storage: check it and queue it. */
        return admit_checked(ob, id, blob, len, err);
    }
}

/* ---------------------------------------------------------------- other tabs */

uint32_t outbox_sync_begin(Outbox *ob)
{
    return ob != NULL ? ++ob->epoch : 0;
}

OutboxResult outbox_sync_entry(Outbox *ob, uint32_t epoch, const char *id, const uint8_t *blob,
                               size_t len, OutboxState stored_state, const char *stored_reason,
                               OutboxError *err)
{
    if (ob == NULL || !key_ok(id)) return precheck(ob, id, err);
    size_t slot = index_find(ob, id);
    if (slot == OUTBOX_NO_SLOT) return outbox_restore(ob, id, blob, len, stored_state, stored_reason, err);
    OutboxEntry *e = &ob->entries[slot];
    if (e->seen < epoch) e->seen = epoch;
    /* Another tab's verdict on a record this one still counts as waiting: it was already
     * persisted there, so it is adopted without a change of its own. */
    if (e->state == OUTBOX_PENDING && (stored_state == OUTBOX_REJECTED || stored_state == OUTBOX_QUARANTINED)) {
        const char *reason = stored_reason != NULL && *stored_reason ? stored_reason
                             : stored_state == OUTBOX_REJECTED ? "rejected by the server"
                                                               : "stored record unreadable";
        if (!entry_set(ob, e, stored_state, reason, true)) {
            set_error(err, "out of memory");
            return OUTBOX_NO_MEMORY;
        }
    }
    if (err != NULL) err->message[0] = '\0';
    return OUTBOX_DUPLICATE;
}

size_t outbox_sync_end(Outbox *ob, uint32_t epoch, int64_t last_success_ms)
{
    if (ob == NULL) return 0;
    if (last_success_ms > ob->last_success_ms) ob->last_success_ms = last_success_ms;
    size_t gone = 0;
    for (size_t s = 0; s < ob->count; s++) {
        OutboxEntry *e = &ob->entries[s];
        /* Waiting here, held in storage before this pass began, gone from it now: only an
         * acknowledgement deletes a stored record, so another tab's upload reached parleyd.
         * A record in this tab's own batch in flight is left to that batch's answer. */
        if (e->state != OUTBOX_PENDING || e->seen >= epoch) continue;
        entry_set(ob, e, OUTBOX_ACKED, NULL, true); /* no reason: cannot fail */
        gone++;
    }
    return gone;
}

/* ---------------------------------------------------------------- uploads */

/* When the next try is due. If the clock went back since the wait began, the wait counts
 * from now, so a clock set back cannot stall uploads for long. */
static int64_t due_at(const Outbox *ob, int64_t now_ms)
{
    int64_t from = now_ms < ob->wait_from_ms ? now_ms : ob->wait_from_ms;
    int64_t due = from + ob->wait_ms;
    return due < now_ms ? now_ms : due;
}

int64_t outbox_next_due_ms(const Outbox *ob, int64_t now_ms)
{
    if (ob == NULL || ob->in_flight || ob->n_state[OUTBOX_PENDING] == 0) return -1;
    return due_at(ob, now_ms);
}

static void wait_for(Outbox *ob, int64_t now_ms, int64_t wait_ms)
{
    ob->wait_from_ms = now_ms;
    ob->wait_ms = wait_ms;
}

void outbox_nudge(Outbox *ob, int64_t now_ms)
{
    if (ob != NULL) wait_for(ob, now_ms, 0);
}

OutboxResult outbox_next_batch(Outbox *ob, int64_t now_ms, size_t max_records,
                               size_t max_bytes, const OutboxBatch **batch)
{
    if (batch != NULL) *batch = NULL;
    if (ob == NULL || batch == NULL) return OUTBOX_BAD_ARGUMENT;
    if (ob->in_flight || ob->n_state[OUTBOX_PENDING] == 0) return OUTBOX_IDLE;
    if (now_ms < ob->wait_from_ms) ob->wait_from_ms = now_ms; /* clock set back: see due_at */
    if (due_at(ob, now_ms) > now_ms) return OUTBOX_IDLE;

    size_t limit = max_records != 0 ? max_records : OUTBOX_BATCH_RECORDS;
    if (ob->split_limit != 0 && ob->split_limit < limit) limit = ob->split_limit;
    if (limit > ob->n_state[OUTBOX_PENDING]) limit = ob->n_state[OUTBOX_PENDING];
    size_t byte_limit = max_bytes != 0 ? max_bytes : OUTBOX_BATCH_BYTES;

    /* Choose in upload order; stop (rather than skip) at a record that does not fit, so
     * that records leave in the order they were made. */
    size_t *slots = malloc(limit * sizeof *slots);
    if (slots == NULL) return OUTBOX_NO_MEMORY;
    size_t n = 0, bytes = 0;
    for (size_t s = 0; s < ob->count && n < limit; s++) {
        const OutboxEntry *e = &ob->entries[s];
        if (e->state != OUTBOX_PENDING) continue;
        if (n > 0 && bytes + e->line_len + 1 > byte_limit) break;
        slots[n++] = s;
        bytes += (size_t)e->line_len + 1;
    }

    char *plain = malloc(bytes > 0 ? bytes : 1);
    char (*ids)[RECORD_UUID_LEN + 1] = malloc(n * sizeof *ids);
    uint8_t *body = NULL;
    OutboxResult result = OUTBOX_NO_MEMORY;
    if (plain == NULL || ids == NULL) goto done;

    /* Decode again: only the compressed form is kept in memory (about half the size of
     * the lines), and decoding 500 records takes well under a millisecond. */
    size_t used = 0, taken = 0;
    for (size_t k = 0; k < n; k++) {
        OutboxEntry *e = &ob->entries[slots[k]];
        uint8_t *line = NULL;
        size_t line_len = 0;
        CodecError ce;
        size_t dicts;
        const CodecDict *dict = dict_if_ready(&dicts);
        if (!codec_decompress(e->blob, e->blob_len, RECORD_MAX_LINE_BYTES, dict, dicts, &line,
                              &line_len, &ce)) {
            if (ce.kind == CODEC_ERROR_NO_MEMORY) goto done;
            char reason[OUTBOX_REASON_BYTES];
            text_printf(reason, sizeof reason, "record damaged in memory: %s", ce.message);
            if (!entry_set(ob, e, OUTBOX_QUARANTINED, reason, false)) goto done;
            continue;
        }
        if (line_len != e->line_len || strlen(e->id) != RECORD_UUID_LEN) {
            free(line);
            if (!entry_set(ob, e, OUTBOX_QUARANTINED, "record damaged in memory: size changed",
                           false))
                goto done;
            continue;
        }
        memcpy(plain + used, line, line_len);
        plain[used + line_len] = '\n';
        used += line_len + 1;
        free(line);
        memcpy(ids[taken], e->id, RECORD_UUID_LEN + 1);
        slots[taken++] = slots[k];
    }
    if (taken == 0) {
        result = OUTBOX_IDLE;
        goto done;
    }

    size_t cap = codec_compress_bound(used);
    CodecError ce;
    size_t body_len = 0;
    if ((body = malloc(cap)) == NULL ||
        (body_len = codec_compress(plain, used, NULL, OUTBOX_BATCH_LEVEL, body, cap, &ce)) == 0)
        goto done;

    for (size_t k = 0; k < taken; k++) {
        OutboxEntry *e = &ob->entries[slots[k]];
        ob->n_state[OUTBOX_PENDING]--;
        ob->n_state[OUTBOX_SENDING]++;
        e->state = OUTBOX_SENDING;
    }
    ob->in_flight = true;
    ob->batch_body = body;
    ob->batch_ids = ids;
    ob->batch.body = body;
    ob->batch.body_len = body_len;
    ob->batch.ndjson_len = used;
    ob->batch.count = taken;
    ob->batch.ids = (const char (*)[RECORD_UUID_LEN + 1])ids;
    *batch = &ob->batch;
    body = NULL;
    ids = NULL;
    result = OUTBOX_OK;
done:
    free(slots);
    free(plain);
    free(ids);
    free(body);
    return result;
}

/* Parses a response body as JSON within limits; NULL when it is not JSON. */
static cJSON *parse_body(const char *body, size_t len)
{
    if (body == NULL || len == 0 || len > OUTBOX_RESPONSE_MAX_BYTES) return NULL;
    static const JsonguardRules rules = {OUTBOX_RESPONSE_DEPTH, true, true};
    JsonguardScan scan;
    if (!jsonguard_scan(body, len, &rules, &scan) || scan.unclosed) return NULL;
    size_t start = jsonguard_start(body, len, &rules), stop = 0;
    cJSON *root = jsonguard_parse(body + start, len - start, &stop);
    if (root == NULL || jsonguard_skip_space(body, len, start + stop) != len) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* parleyd's error body {"error": "..."}: copies the message, false when it is not that. */
static bool server_error(const char *body, size_t len, char out[OUTBOX_REASON_BYTES])
{
    cJSON *root = parse_body(body, len);
    const cJSON *e = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "error") : NULL;
    bool ok = cJSON_IsString(e) && e->valuestring != NULL;
    if (ok) text_copy(out, OUTBOX_REASON_BYTES, e->valuestring);
    cJSON_Delete(root);
    return ok;
}

static bool all_strings(const cJSON *array)
{
    if (!cJSON_IsArray(array)) return false;
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
        if (!cJSON_IsString(item) || item->valuestring == NULL) return false;
    return true;
}

/* The whole shape is checked before anything is applied: a half-read answer from a proxy
 * must not acknowledge anything. */
static bool upload_shape_ok(const cJSON *root)
{
    if (!cJSON_IsObject(root)) return false;
    const cJSON *rejected = cJSON_GetObjectItemCaseSensitive(root, "rejected");
    if (!all_strings(cJSON_GetObjectItemCaseSensitive(root, "accepted")) ||
        !all_strings(cJSON_GetObjectItemCaseSensitive(root, "duplicates")) ||
        !cJSON_IsArray(rejected))
        return false;
    const cJSON *r;
    cJSON_ArrayForEach(r, rejected) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
        const cJSON *error = cJSON_GetObjectItemCaseSensitive(r, "error");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(r, "line");
        if (!cJSON_IsObject(r) || !cJSON_IsString(error) || error->valuestring == NULL ||
            !(cJSON_IsNull(id) || (cJSON_IsString(id) && id->valuestring != NULL)) ||
            (line != NULL && !cJSON_IsNumber(line)))
            return false;
    }
    return true;
}

/* The entry of a record of the batch in flight, still SENDING; NULL for anything else (an
 * id from another batch, one already answered, or one the server made up). */
static OutboxEntry *sending_entry(Outbox *ob, const char *id)
{
    if (id == NULL || strlen(id) != RECORD_UUID_LEN) return NULL;
    size_t slot = index_find(ob, id);
    if (slot == OUTBOX_NO_SLOT || ob->entries[slot].state != OUTBOX_SENDING) return NULL;
    return &ob->entries[slot];
}

/* Every record of the batch still SENDING goes back to PENDING; returns how many. */
static size_t requeue_batch(Outbox *ob)
{
    size_t n = 0;
    for (size_t i = 0; i < ob->batch.count; i++) {
        OutboxEntry *e = sending_entry(ob, ob->batch_ids[i]);
        if (e == NULL) continue;
        ob->n_state[OUTBOX_SENDING]--;
        ob->n_state[OUTBOX_PENDING]++;
        e->state = OUTBOX_PENDING;
        n++;
    }
    return n;
}

static void back_off(Outbox *ob, int64_t now_ms, int64_t retry_after_s, uint32_t random_u32)
{
    if (ob->failures < OUTBOX_MAX_FAILURES) ob->failures++;
    int64_t d = OUTBOX_BACKOFF_BASE_MS;
    for (unsigned i = 1; i < ob->failures && d < OUTBOX_BACKOFF_CAP_MS; i++) d *= 2;
    if (d > OUTBOX_BACKOFF_CAP_MS) d = OUTBOX_BACKOFF_CAP_MS;
    /* Equal jitter: at least half the backoff (no hammering), the rest spread at random
     * so that kiosks cut off together do not come back together. */
    int64_t wait = d / 2 + (int64_t)(random_u32 % (uint32_t)(d - d / 2 + 1));
    if (retry_after_s >= 0) {
        int64_t ra = retry_after_s > OUTBOX_RETRY_AFTER_MAX_S ? OUTBOX_RETRY_AFTER_MAX_S
                                                              : retry_after_s;
        if (ra * 1000 > wait) wait = ra * 1000;
    }
    wait_for(ob, now_ms, wait);
}

static void describe_failure(int status, const char *body, size_t len,
                             char out[OUTBOX_REASON_BYTES])
{
    char msg[OUTBOX_REASON_BYTES];
    bool ours = server_error(body, len, msg);
    if (status == 0)
        text_printf(out, OUTBOX_REASON_BYTES,
                    "no answer from the server (offline, unreachable, timeout or reset)");
    else if (status == 200)
        text_printf(out, OUTBOX_REASON_BYTES,
                    "HTTP 200 that is not the server's answer (a captive portal or a proxy?)");
    else if (status >= 300 && status < 400)
        text_printf(out, OUTBOX_REASON_BYTES, "HTTP %d: redirected (a captive portal?)", status);
    else if (ours)
        text_printf(out, OUTBOX_REASON_BYTES, "HTTP %d: %s", status, msg);
    else
        text_printf(out, OUTBOX_REASON_BYTES, "HTTP %d from the server or a proxy", status);
}

static void success(Outbox *ob, int64_t now_ms)
{
    ob->failures = 0;
    ob->last_error[0] = '\0';
    wait_for(ob, now_ms, 0);
    /* After a split, grow back step by step: the next refusal costs little. */
    if (ob->split_limit != 0) ob->split_limit = ob->split_limit >= ob->capacity ? 0 : ob->split_limit * 2;
}

/* A 200 of the right shape: acknowledgements first (an id both accepted and rejected is on
 * the server: acknowledged), then rejections, then what was not named goes back. */
static bool apply_answer(Outbox *ob, const cJSON *root, int64_t now_ms, int64_t retry_after_s,
                         uint32_t random_u32, OutboxOutcome *out)
{
    static const char *const acks[] = {"accepted", "duplicates"};
    for (size_t k = 0; k < 2; k++) {
        const cJSON *item;
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, acks[k])) {
            OutboxEntry *e = sending_entry(ob, item->valuestring);
            if (e == NULL) continue;
            if (!entry_set(ob, e, OUTBOX_ACKED, NULL, false)) return false;
            out->acked++;
        }
    }
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(root, "rejected")) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(r, "line");
        const char *which = cJSON_IsString(id) ? id->valuestring : NULL;
        /* parleyd names the line when a record has no readable id; ours always have one,
         * but line i + 1 of the body is ids[i], so it can still be matched. */
        if (which == NULL && cJSON_IsNumber(line) && line->valuedouble >= 1 &&
            line->valuedouble <= (double)ob->batch.count)
            which = ob->batch_ids[(size_t)line->valuedouble - 1];
        OutboxEntry *e = sending_entry(ob, which);
        if (e == NULL) continue;
        const char *error = cJSON_GetObjectItemCaseSensitive(r, "error")->valuestring;
        if (!entry_set(ob, e, OUTBOX_REJECTED, *error ? error : "rejected by the server", false))
            return false;
        out->rejected++;
    }
    out->requeued = requeue_batch(ob);
    ob->last_success_ms = now_ms;
    if (out->requeued == 0) {
        success(ob, now_ms);
    } else {
        back_off(ob, now_ms, retry_after_s, random_u32);
        text_printf(ob->last_error, sizeof ob->last_error,
                    "the server's answer did not mention %zu record%s", out->requeued,
                    out->requeued == 1 ? "" : "s");
    }
    return true;
}

/* 413, or parleyd's 400: the batch as a whole was refused. */
static bool refused_whole(Outbox *ob, int64_t now_ms, int status, const char *message,
                          OutboxOutcome *out)
{
    out->answered = true;
    if (ob->batch.count > 1) {
        out->requeued = requeue_batch(ob);
        out->split = true;
        ob->split_limit = ob->batch.count / 2;
        wait_for(ob, now_ms, 0);
        text_printf(ob->last_error, sizeof ob->last_error,
                    "HTTP %d for %zu records (%s): retrying in smaller batches", status,
                    ob->batch.count, message);
        return true;
    }
    OutboxEntry *e = sending_entry(ob, ob->batch_ids[0]);
    if (e != NULL) {
        char reason[OUTBOX_REASON_BYTES];
        text_printf(reason, sizeof reason, "HTTP %d: %s", status, message);
        if (!entry_set(ob, e, OUTBOX_REJECTED, reason, false)) return false;
        out->rejected++;
    }
    ob->last_success_ms = now_ms;
    wait_for(ob, now_ms, 0);
    return true;
}

OutboxResult outbox_batch_done(Outbox *ob, int64_t now_ms, int http_status, const char *body,
                               size_t body_len, int64_t retry_after_s, uint32_t random_u32,
                               OutboxOutcome *out)
{
    OutboxOutcome scratch;
    if (out == NULL) out = &scratch;
    memset(out, 0, sizeof *out);
    out->next_try_ms = -1;
    if (ob == NULL) return OUTBOX_BAD_ARGUMENT;
    if (!ob->in_flight) return OUTBOX_NOT_IN_FLIGHT;
    if (body == NULL) body_len = 0;

    bool handled = false, ok = true;
    char message[OUTBOX_REASON_BYTES];
    if (http_status == 200) {
        cJSON *root = parse_body(body, body_len);
        if (upload_shape_ok(root)) {
            out->answered = true;
            ok = apply_answer(ob, root, now_ms, retry_after_s, random_u32, out);
            handled = true;
        }
        cJSON_Delete(root);
    } else if (http_status == 413) {
        if (!server_error(body, body_len, message))
            text_printf(message, sizeof message, "too large for the server or a proxy");
        ok = refused_whole(ob, now_ms, http_status, message, out);
        handled = true;
    } else if (http_status == 400 && server_error(body, body_len, message)) {
        ok = refused_whole(ob, now_ms, http_status, message, out);
        handled = true;
    }
    if (!ok) {
        /* Out of memory half-way: what was applied stays applied (each step is a whole
         * state change); the rest goes back to PENDING, as for any failure. */
        handled = false;
    }
    if (!handled) {
        describe_failure(http_status, body, body_len, message);
        size_t n = requeue_batch(ob);
        out->requeued += n;
        back_off(ob, now_ms, retry_after_s, random_u32);
        memcpy(ob->last_error, message, sizeof message);
    }
    end_flight(ob);
    out->next_try_ms = outbox_next_due_ms(ob, now_ms);
    return ok ? OUTBOX_OK : OUTBOX_NO_MEMORY;
}

/* ---------------------------------------------------------------- Retry-After */

int64_t outbox_parse_retry_after(const char *value, int64_t now_ms)
{
    if (value == NULL) return -1;
    while (*value == ' ' || *value == '\t') value++;
    size_t len = strlen(value);
    while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t')) len--;
    if (len == 0) return -1;

    if (ascii_digit(value[0])) { /* delta-seconds */
        int64_t s = 0;
        for (size_t i = 0; i < len; i++) {
            if (!ascii_digit(value[i])) return -1;
            if (s < OUTBOX_RETRY_AFTER_MAX_S) s = s * 10 + (value[i] - '0');
        }
        return s; /* big values saturate past the cap: the cap applies anyway */
    }

    /* or an HTTP date (IMF-fixdate, the form servers must send) */
    int64_t at = civil_parse_http_date(value, len);
    if (at < 0) return -1;
    int64_t now_s = now_ms / 1000;
    return at > now_s ? at - now_s : 0;
}

/* ---------------------------------------------------------------- saving to a file */

size_t outbox_export_bound(size_t blob_len, size_t reason_len)
{
    size_t as_record = devicefile_record_bound(RECORD_MAX_LINE_BYTES, reason_len + 64);
    size_t as_stored = devicefile_stored_bound(blob_len, reason_len + 64);
    return as_record > as_stored ? as_record : as_stored;
}

size_t outbox_export_line(const char *id, const uint8_t *blob, size_t len, OutboxState state,
                          const char *reason, char *buf, size_t cap, OutboxError *err)
{
    uint8_t *line = NULL;
    size_t line_len = 0;
    CodecError ce;
    char why[OUTBOX_REASON_BYTES];
    size_t dicts;
    const CodecDict *dict = dict_if_ready(&dicts);
    bool decoded = blob != NULL && len > 0 &&
                   codec_decompress(blob, len, RECORD_MAX_LINE_BYTES, dict, dicts, &line, &line_len, &ce);
    if (!decoded && blob != NULL && len > 0 && ce.kind == CODEC_ERROR_NO_MEMORY) {
        set_error(err, "out of memory");
        return 0;
    }
    DevicefileError de;
    size_t n;
    if (decoded) {
        DevicefileState ds = state == OUTBOX_REJECTED ? DEVICEFILE_REJECTED
                             : state == OUTBOX_QUARANTINED ? DEVICEFILE_QUARANTINED : DEVICEFILE_PENDING;
        text_copy(why, sizeof why, reason != NULL ? reason : "");
        n = devicefile_write_record(id, ds, why, (const char *)line, line_len, buf, cap, &de);
        free(line);
    } else {
        /* Kept as it is, so that nothing is thrown away; the reason says what failed. */
        if (reason != NULL && *reason) text_copy(why, sizeof why, reason);
        else if (blob == NULL || len == 0) text_printf(why, sizeof why, "stored record is empty");
        else text_printf(why, sizeof why, "stored record unreadable: %s", ce.message);
        n = devicefile_write_stored(id, why, blob != NULL ? blob : (const uint8_t *)"", len, buf, cap, &de);
    }
    if (n == 0) set_error(err, de.message);
    else if (err != NULL) err->message[0] = '\0';
    return n;
}

/* ---------------------------------------------------------------- changes and status */

size_t outbox_take_changes(Outbox *ob, OutboxChange *out, size_t cap)
{
    if (ob == NULL || out == NULL) return 0;
    size_t n = 0;
    for (size_t s = 0; s < ob->count && n < cap && ob->n_dirty > 0; s++) {
        OutboxEntry *e = &ob->entries[s];
        if (!e->dirty) continue;
        OutboxChange *c = &out[n++];
        memcpy(c->id, e->id, sizeof c->id);
        c->state = (OutboxState)e->state;
        text_copy(c->reason, sizeof c->reason, e->reason != NULL ? e->reason : "");
        e->dirty = false;
        ob->n_dirty--;
        if (e->state == OUTBOX_ACKED) ob->n_acked_dirty--;
    }
    return n;
}

void outbox_counts(const Outbox *ob, int64_t now_ms, OutboxCounts *out)
{
    memset(out, 0, sizeof *out);
    out->last_success_ms = -1;
    out->next_try_ms = -1;
    if (ob == NULL) return;
    out->sending = ob->n_state[OUTBOX_SENDING];
    out->waiting = ob->n_state[OUTBOX_PENDING] + out->sending;
    out->acked = ob->acked_total;
    out->rejected = ob->n_state[OUTBOX_REJECTED];
    out->quarantined = ob->n_state[OUTBOX_QUARANTINED];
    out->last_success_ms = ob->last_success_ms;
    out->failures = ob->failures;
    out->next_try_ms = outbox_next_due_ms(ob, now_ms);
    memcpy(out->last_error, ob->last_error, sizeof out->last_error);
}

OutboxState outbox_state(const Outbox *ob, const char *id)
{
    if (ob == NULL || !key_ok(id)) return OUTBOX_UNKNOWN;
    size_t slot = index_find(ob, id);
    return slot == OUTBOX_NO_SLOT ? OUTBOX_UNKNOWN : (OutboxState)ob->entries[slot].state;
}

const char *outbox_reason(const Outbox *ob, const char *id)
{
    if (ob == NULL || !key_ok(id)) return NULL;
    size_t slot = index_find(ob, id);
    return slot == OUTBOX_NO_SLOT ? NULL : ob->entries[slot].reason;
}

size_t outbox_list(const Outbox *ob, OutboxState state, size_t skip, OutboxItem *out,
                   size_t cap)
{
    size_t n = 0;
    for (size_t s = 0; ob != NULL && out != NULL && s < ob->count && n < cap; s++) {
        const OutboxEntry *e = &ob->entries[s];
        if (e->state != (uint8_t)state) continue;
        if (skip > 0) {
            skip--;
            continue;
        }
        out[n].id = e->id;
        out[n].reason = e->reason;
        n++;
    }
    return n;
}

const char *outbox_state_name(OutboxState state)
{
    switch (state) {
    case OUTBOX_PENDING: return "pending";
    case OUTBOX_SENDING: return "sending";
    case OUTBOX_ACKED: return "acked";
    case OUTBOX_REJECTED: return "rejected";
    case OUTBOX_QUARANTINED: return "quarantined";
    default: return "unknown";
    }
}
