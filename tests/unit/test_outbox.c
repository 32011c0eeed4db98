/* test_outbox.c — unit tests of core/outbox: a fake store (IndexedDB) and a fake parleyd
 * drive it through every upload outcome, damaged storage, crashes, a full outbox, and a
 * randomised run checking that no receipted record is ever lost or stored twice.
 * Runs from the repository root. A test must never pass on a record that vanished. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/codec.h"
#include "core/devicefile.h"
#include "core/outbox.h"
#include "core/record.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define T0 1656662400000 /* 2022-07-01T08:00:00Z, the dialogue's morning */
#define MIB (1024u * 1024u)

static const char *const texts[] = {
    "Thank you, Chair. Our organization runs shelters near the border, and we ask States to "
    "make sure that smuggled migrants are not treated as criminals.",
    "Question for the panel: how can civil society report advertisements of smugglers on "
    "social media, and how is the data of migrants protected?",
    "Merci, Monsieur le Président. La formation des juges et des procureurs sur le trafic "
    "illicite de migrants reste insuffisante dans notre région.",
    "Gracias, señor Presidente. Pedimos que se reduzca el costo de los documentos de viaje.",
};

/* ---------------------------------------------------------------- helpers */

static uint32_t lcg(uint32_t *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed >> 8 | *seed << 24;
}

static void make_uuid(uint32_t *seed, char out[RECORD_UUID_LEN + 1])
{
    uint8_t b[16];
    for (size_t i = 0; i < sizeof b; i++) b[i] = (uint8_t)lcg(seed);
    record_uuid_v4(b, out);
}

/* One comment line as the kiosk writes it. */
static size_t make_line(char *buf, size_t cap, const char *id, const char *text)
{
    RecordComment c = {
        .id = id,
        .event = "untoc-wg-som-9-cd-2022",
        .device = "0b6f2a8e-5d1c-4f3a-9e7b-2c4d6e8f0a1b",
        .created = "2022-07-01T10:15:00.000Z",
        .participant = "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        .agenda_item = "inputs",
        .addressed_to = NULL,
        .language = "en",
        .text = text,
    };
    RecordError err;
    size_t n = record_write_comment(&c, buf, cap, &err);
    if (n == 0) fail_msg("record_write_comment: %s", err.message);
    return n;
}

/* The storage form of a comment; *len set; the caller frees. */
static uint8_t *make_blob(const char *id, const char *text, size_t *len)
{
    static char line[RECORD_MAX_LINE_BYTES + 1];
    size_t n = make_line(line, sizeof line, id, text);
    size_t cap = outbox_encode_bound(n);
    uint8_t *blob = malloc(cap);
    assert_non_null(blob);
    OutboxError err;
    assert_int_equal(outbox_encode(line, n, blob, cap, len, &err), OUTBOX_OK);
    return blob;
}

/* ---------------------------------------------------------------- the fake store */

typedef struct StoreEntry {
    char id[OUTBOX_KEY_BYTES + 1];
    uint8_t *blob;
    size_t len;
    OutboxState state;
    char reason[OUTBOX_REASON_BYTES];
} StoreEntry;

typedef struct Store {
    StoreEntry *e;
    size_t n, cap;
} Store;

static StoreEntry *store_find(Store *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->e[i].id, id) == 0) return &s->e[i];
    return NULL;
}

/* Takes ownership of blob: the record is "committed". */
static void store_put(Store *s, const char *id, uint8_t *blob, size_t len)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->e = realloc(s->e, s->cap * sizeof *s->e);
        assert_non_null(s->e);
    }
    StoreEntry *e = &s->e[s->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->id, sizeof e->id, "%s", id);
    e->blob = blob;
    e->len = len;
    e->state = OUTBOX_PENDING;
}

static void store_remove(Store *s, StoreEntry *e)
{
    size_t i = (size_t)(e - s->e);
    free(e->blob);
    memmove(&s->e[i], &s->e[i + 1], (s->n - i - 1) * sizeof *s->e);
    s->n--;
}

static void store_free(Store *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->e[i].blob);
    free(s->e);
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- the fake parleyd */

typedef struct Server {
    char (*ids)[RECORD_UUID_LEN + 1]; /* stored records, each once */
    size_t n, cap;
    size_t inserts, duplicates, rejections, requests;
    size_t max_records;               /* 413 for a bigger batch; 0: no limit */
} Server;

static bool server_has(const Server *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->ids[i], id) == 0) return true;
    return false;
}

static void server_insert(Server *s, const char *id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
        assert_non_null(s->ids);
    }
    memcpy(s->ids[s->n++], id, RECORD_UUID_LEN + 1);
    s->inserts++;
}

static void server_free(Server *s)
{
    free(s->ids);
    memset(s, 0, sizeof *s);
}

/* Decodes a batch as parleyd does (plain LZ4 frame, NDJSON, the shared validator), checks
 * that it is what the outbox says it is, stores what is new (once per id) and returns the
 * answer. Records whose text holds "#reject" are refused. omit_percent of the ids are left
 * out of the answer (a server that answers partly). The caller frees the answer. */
static char *server_take(Server *s, const OutboxBatch *b, unsigned omit_percent, uint32_t *seed)
{
    s->requests++;
    CodecFrameInfo info;
    assert_true(codec_frame_info(b->body, b->body_len, &info, NULL));
    assert_int_equal(info.dict_id, 0); /* the server decodes without the kiosk's dictionary */
    uint8_t *text = NULL;
    size_t text_len = 0;
    CodecError ce;
    assert_true(codec_decompress(b->body, b->body_len, 8 * MIB, NULL, 0, &text, &text_len, &ce));
    assert_int_equal(text_len, b->ndjson_len);

    cJSON *root = cJSON_CreateObject(), *acc = cJSON_AddArrayToObject(root, "accepted"),
          *dup = cJSON_AddArrayToObject(root, "duplicates"),
          *rej = cJSON_AddArrayToObject(root, "rejected");
    size_t pos = 0, line_len, k = 0;
    const char *line;
    while (record_ndjson_next((const char *)text, text_len, &pos, &line, &line_len)) {
        RecordInfo ri;
        assert_true(k < b->count);
        assert_true(record_validate(line, line_len, &ri, NULL));
        assert_string_equal(ri.id, b->ids[k]); /* line k + 1 is ids[k] */
        k++;
        bool omit = seed != NULL && lcg(seed) % 100 < omit_percent;
        char *copy = malloc(line_len + 1);
        assert_non_null(copy);
        memcpy(copy, line, line_len);
        copy[line_len] = '\0';
        bool refuse = strstr(copy, "#reject") != NULL;
        free(copy);
        if (refuse) {
            s->rejections++;
            if (omit) continue;
            cJSON *r = cJSON_CreateObject();
            cJSON_AddStringToObject(r, "id", ri.id);
            cJSON_AddNumberToObject(r, "line", (double)k);
            cJSON_AddStringToObject(r, "error", "text: refused by the test server");
            cJSON_AddItemToArray(rej, r);
            continue;
        }
        bool known = server_has(s, ri.id);
        if (known) {
            s->duplicates++;
        } else {
            server_insert(s, ri.id);
        }
        if (!omit) cJSON_AddItemToArray(known ? dup : acc, cJSON_CreateString(ri.id));
    }
    assert_int_equal(k, b->count);
    free(text);
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    assert_non_null(out);
    return out;
}

/* ---------------------------------------------------------------- the harness */

typedef struct Harness {
    Outbox *ob;
    size_t capacity;
    Store store;
    Server srv;
    int64_t now;
    uint32_t seed;
    size_t acks_applied;
} Harness;

static Harness *harness(size_t capacity, uint32_t seed)
{
    Harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    h->capacity = capacity;
    h->ob = outbox_new(capacity);
    assert_non_null(h->ob);
    h->now = T0;
    h->seed = seed;
    return h;
}

static void harness_free(Harness *h)
{
    outbox_free(h->ob);
    store_free(&h->store);
    server_free(&h->srv);
    free(h);
}

/* What the platform does after each call: persist the changes. Acknowledged records must
 * be on the server (the one property that makes deleting them safe). */
static size_t persist(Harness *h)
{
    OutboxChange ch[7];
    size_t total = 0, n;
    while ((n = outbox_take_changes(h->ob, ch, COUNT(ch))) > 0) {
        for (size_t i = 0; i < n; i++) {
            StoreEntry *e = store_find(&h->store, ch[i].id);
            assert_non_null(e);
            if (ch[i].state == OUTBOX_ACKED) {
                assert_true(server_has(&h->srv, ch[i].id));
                store_remove(&h->store, e);
                h->acks_applied++;
            } else {
                assert_true(ch[i].state == OUTBOX_REJECTED || ch[i].state == OUTBOX_QUARANTINED);
                assert_true(ch[i].reason[0] != '\0');
                e->state = ch[i].state;
                snprintf(e->reason, sizeof e->reason, "%s", ch[i].reason);
            }
        }
        total += n;
    }
    return total;
}

/* A participant submits: the record is committed to the store, then added. */
static void submit_text(Harness *h, const char *text, char id[RECORD_UUID_LEN + 1])
{
    char tmp[RECORD_UUID_LEN + 1];
    if (id == NULL) id = tmp;
    make_uuid(&h->seed, id);
    size_t len;
    uint8_t *blob = make_blob(id, text, &len);
    store_put(&h->store, id, blob, len);
    OutboxError err;
    assert_int_equal(outbox_add(h->ob, id, blob, len, &err), OUTBOX_OK);
    persist(h);
}

static void submit(Harness *h, char id[RECORD_UUID_LEN + 1])
{
    submit_text(h, texts[lcg(&h->seed) % COUNT(texts)], id);
}

/* The page is reloaded (or crashed): a new outbox from what the store holds. */
static void restart(Harness *h)
{
    outbox_free(h->ob);
    h->ob = outbox_new(h->capacity);
    assert_non_null(h->ob);
    for (size_t i = 0; i < h->store.n; i++) {
        StoreEntry *e = &h->store.e[i];
        OutboxResult r = outbox_restore(h->ob, e->id, e->blob, e->len, e->state,
                                        e->reason[0] ? e->reason : NULL, NULL);
        assert_true(r == OUTBOX_OK || r == OUTBOX_CORRUPT);
    }
    persist(h);
}

/* One upload that the server answers properly. */
static OutboxOutcome upload_ok(Harness *h)
{
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    char *answer = server_take(&h->srv, b, 0, NULL);
    OutboxOutcome o;
    assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 0, &o),
                     OUTBOX_OK);
    free(answer);
    persist(h);
    return o;
}

/* One upload answered by `status` and `body`, the server storing nothing. */
static OutboxOutcome upload_fail(Harness *h, int status, const char *body, int64_t retry_after,
                                 uint32_t r)
{
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    OutboxOutcome o;
    assert_int_equal(outbox_batch_done(h->ob, h->now, status, body, body ? strlen(body) : 0,
                                       retry_after, r, &o),
                     OUTBOX_OK);
    persist(h);
    return o;
}

static OutboxCounts counts(const Harness *h)
{
    OutboxCounts c;
    outbox_counts(h->ob, h->now, &c);
    return c;
}

/* ---------------------------------------------------------------- storage format */

static void test_encode(void **state)
{
    (void)state;
    char line[RECORD_MAX_LINE_BYTES + 1];
    size_t n = make_line(line, sizeof line, "3b241101-e2bb-4255-8caf-4136c566a962", texts[0]);
    uint8_t blob[4096];
    size_t len = 0;
    OutboxError err;
    assert_int_equal(outbox_encode(line, n, blob, sizeof blob, &len, &err), OUTBOX_OK);
    assert_true(len > 0 && len < n);

    CodecFrameInfo info;
    assert_true(codec_frame_info(blob, len, &info, NULL));
    assert_true(info.has_content_size && info.has_checksum);
    assert_int_equal(info.content_size, n);
    assert_int_equal(info.dict_id, lz4dict.id);
    assert_true(lz4dict.id != 0 && lz4dict.len > 0 && lz4dict.len <= CODEC_DICT_USEFUL_BYTES);

    uint8_t *out = NULL;
    size_t out_len = 0;
    assert_true(codec_decompress(blob, len, n, &lz4dict, 1, &out, &out_len, NULL));
    assert_int_equal(out_len, n);
    assert_memory_equal(out, line, n);
    free(out);

    /* What could not be sent is not stored. */
    assert_int_equal(outbox_encode("{\"v\":1}", 7, blob, sizeof blob, &len, &err),
                     OUTBOX_BAD_RECORD);
    assert_non_null(strstr(err.message, "invalid record"));
    assert_int_equal(outbox_encode(line, n, blob, 10, &len, &err), OUTBOX_BAD_ARGUMENT);
    assert_int_equal(outbox_encode(NULL, 0, blob, sizeof blob, &len, &err), OUTBOX_BAD_ARGUMENT);
}

/* ---------------------------------------------------------------- uploads */

static void test_happy_path(void **state)
{
    (void)state;
    Harness *h = harness(0, 1);
    char ids[3][RECORD_UUID_LEN + 1];
    for (int i = 0; i < 3; i++) submit(h, ids[i]);
    assert_int_equal(counts(h).waiting, 3);
    assert_int_equal(outbox_next_due_ms(h->ob, h->now), h->now);
    for (int i = 0; i < 3; i++) assert_int_equal(outbox_state(h->ob, ids[i]), OUTBOX_PENDING);

    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    assert_int_equal(b->count, 3);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(b->ids[i], ids[i]); /* in the order they were made */
        assert_int_equal(outbox_state(h->ob, ids[i]), OUTBOX_SENDING);
    }
    OutboxCounts c = counts(h);
    assert_int_equal(c.waiting, 3);
    assert_int_equal(c.sending, 3);
    assert_int_equal(c.next_try_ms, -1);
    /* One batch at a time. */
    const OutboxBatch *b2;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b2), OUTBOX_IDLE);
    assert_null(b2);

    char *answer = server_take(&h->srv, b, 0, NULL);
    OutboxOutcome o;
    h->now += 250;
    assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 7, &o),
                     OUTBOX_OK);
    free(answer);
    assert_true(o.answered);
    assert_int_equal(o.acked, 3);
    assert_int_equal(o.requeued, 0);
    assert_int_equal(o.next_try_ms, -1);
    assert_int_equal(persist(h), 3);
    assert_int_equal(h->store.n, 0);
    c = counts(h);
    assert_int_equal(c.waiting, 0);
    assert_int_equal(c.acked, 3);
    assert_int_equal(c.last_success_ms, h->now);
    assert_int_equal(c.failures, 0);
    assert_string_equal(c.last_error, "");
    for (int i = 0; i < 3; i++) assert_int_equal(outbox_state(h->ob, ids[i]), OUTBOX_ACKED);
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_IDLE);
    assert_int_equal(outbox_batch_done(h->ob, h->now, 200, "{}", 2, -1, 0, NULL),
                     OUTBOX_NOT_IN_FLIGHT);
    harness_free(h);
}

static void test_partial_answer(void **state)
{
    (void)state;
    Harness *h = harness(0, 2);
    char ids[4][RECORD_UUID_LEN + 1];
    for (int i = 0; i < 4; i++) submit(h, ids[i]);
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    /* 0 accepted, 1 duplicate, 2 rejected, 3 not mentioned; plus an id not in the batch. */
    char answer[1024];
    snprintf(answer, sizeof answer,
             "{\"accepted\":[\"%s\",\"11111111-1111-4111-8111-111111111111\"],"
             "\"duplicates\":[\"%s\"],"
             "\"rejected\":[{\"id\":\"%s\",\"line\":3,\"error\":\"text: 4012 characters, over the limit of 4000\"}]}",
             ids[0], ids[1], ids[2]);
    server_insert(&h->srv, ids[0]); /* what this server stored, for persist's check */
    server_insert(&h->srv, ids[1]);
    OutboxOutcome o;
    assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 0, &o),
                     OUTBOX_OK);
    assert_int_equal(o.acked, 2);
    assert_int_equal(o.rejected, 1);
    assert_int_equal(o.requeued, 1);
    assert_int_equal(persist(h), 3);

    assert_int_equal(outbox_state(h->ob, ids[0]), OUTBOX_ACKED);
    assert_int_equal(outbox_state(h->ob, ids[1]), OUTBOX_ACKED);
    assert_int_equal(outbox_state(h->ob, ids[2]), OUTBOX_REJECTED);
    assert_string_equal(outbox_reason(h->ob, ids[2]), "text: 4012 characters, over the limit of 4000");
    assert_int_equal(outbox_state(h->ob, ids[3]), OUTBOX_PENDING);
    /* The dead letter is kept in the store with its reason, never deleted. */
    assert_int_equal(h->store.n, 2);
    StoreEntry *dead = store_find(&h->store, ids[2]);
    assert_non_null(dead);
    assert_int_equal(dead->state, OUTBOX_REJECTED);
    assert_string_equal(dead->reason, "text: 4012 characters, over the limit of 4000");

    /* The unmentioned one waits with backoff, then goes alone; the dead letter never. */
    OutboxCounts c = counts(h);
    assert_int_equal(c.waiting, 1);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(c.failures, 1);
    assert_true(c.next_try_ms >= h->now + OUTBOX_BACKOFF_BASE_MS / 2);
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_IDLE);
    h->now = c.next_try_ms;
    OutboxOutcome o2 = upload_ok(h);
    assert_int_equal(o2.acked, 1);
    assert_int_equal(counts(h).failures, 0);
    assert_int_equal(outbox_next_due_ms(h->ob, h->now), -1);
    OutboxItem items[4];
    assert_int_equal(outbox_list(h->ob, OUTBOX_REJECTED, 0, items, COUNT(items)), 1);
    assert_string_equal(items[0].id, ids[2]);
    assert_int_equal(outbox_list(h->ob, OUTBOX_REJECTED, 1, items, COUNT(items)), 0);
    harness_free(h);
}

/* A null id is matched by its line number (parleyd names the line). */
static void test_rejected_by_line(void **state)
{
    (void)state;
    Harness *h = harness(0, 3);
    char ids[2][RECORD_UUID_LEN + 1];
    for (int i = 0; i < 2; i++) submit(h, ids[i]);
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    const char *answer =
        "{\"accepted\":[],\"duplicates\":[],\"rejected\":[{\"id\":null,\"line\":2,\"error\":\"id: missing\"},"
        "{\"id\":null,\"line\":7,\"error\":\"out of range\"}]}";
    OutboxOutcome o;
    assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 0, &o),
                     OUTBOX_OK);
    assert_int_equal(o.rejected, 1);
    assert_int_equal(outbox_state(h->ob, ids[1]), OUTBOX_REJECTED);
    assert_int_equal(outbox_state(h->ob, ids[0]), OUTBOX_PENDING);
    harness_free(h);
}

/* The server stored the batch but the answer was lost: the retry is answered "duplicate",
 * the record is acknowledged once and stored once. */
static void test_lost_answer_then_duplicate(void **state)
{
    (void)state;
    Harness *h = harness(0, 4);
    char id[RECORD_UUID_LEN + 1];
    submit(h, id);
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    free(server_take(&h->srv, b, 0, NULL)); /* committed, then the connection reset */
    OutboxOutcome o;
    assert_int_equal(outbox_batch_done(h->ob, h->now, 0, NULL, 0, -1, 0, &o), OUTBOX_OK);
    assert_int_equal(o.requeued, 1);
    assert_int_equal(outbox_state(h->ob, id), OUTBOX_PENDING);
    assert_int_equal(h->store.n, 1);

    h->now = counts(h).next_try_ms;
    o = upload_ok(h);
    assert_int_equal(o.acked, 1);
    assert_int_equal(h->srv.inserts, 1);
    assert_int_equal(h->srv.duplicates, 1);
    assert_int_equal(h->srv.n, 1);
    assert_int_equal(h->acks_applied, 1);
    assert_int_equal(h->store.n, 0);
    harness_free(h);
}

/* Every way of "not delivered": all back to PENDING, nothing acknowledged, backoff. */
static void test_not_delivered(void **state)
{
    (void)state;
    static const struct {
        int status;
        const char *body;
        const char *error; /* expected in last_error */
    } cases[] = {
        {0, NULL, "no answer"},
        {500, "{\"error\":\"internal error\"}", "HTTP 500: internal error"},
        {502, "<html>Bad Gateway</html>", "HTTP 502 from the server or a proxy"},
        {503, "{\"error\":\"storage busy\"}", "HTTP 503: storage busy"},
        {504, NULL, "HTTP 504"},
        {429, "{\"error\":\"slow down\"}", "HTTP 429"},
        {408, NULL, "HTTP 408"},
        {302, "", "redirected"},
        {200, "<!DOCTYPE html><html><body>Welcome to Airport WiFi</body></html>", "captive portal"},
        {200, "", "captive portal"},
        {200, "{\"ok\":true}", "not the server's answer"},
        {200, "[]", "not the server's answer"},
        {200, "{\"accepted\":\"x\",\"duplicates\":[],\"rejected\":[]}", "not the server's"},
        {200, "{\"accepted\":[1],\"duplicates\":[],\"rejected\":[]}", "not the server's"},
        {200, "{\"accepted\":[],\"duplicates\":[],\"rejected\":[{\"id\":5,\"error\":\"x\"}]}", "HTTP 200"},
        {200, "{\"accepted\":[],\"duplicates\":[],\"rejected\":[{\"id\":null}]}", "HTTP 200"},
        {200, "{\"accepted\":[],\"duplicates\":[]}", "HTTP 200"},
        {200, "{\"accepted\":[],\"duplicates\":[],\"rejected\":[]} trailing", "HTTP 200"},
        {200, "{\"accepted\":[\"", "HTTP 200"},
        {204, NULL, "HTTP 204"},
        {400, "<html>Bad Request</html>", "HTTP 400 from the server or a proxy"},
        {401, "{\"error\":\"missing token\"}", "HTTP 401: missing token"},
        {403, "Forbidden", "HTTP 403"},
        {404, "{\"error\":\"not found\"}", "HTTP 404"},
        {415, "{\"error\":\"unsupported content type\"}", "HTTP 415"},
        {-1, NULL, "HTTP -1"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        Harness *h = harness(0, 100 + (uint32_t)i);
        char ids[2][RECORD_UUID_LEN + 1];
        submit(h, ids[0]);
        submit(h, ids[1]);
        OutboxOutcome o = upload_fail(h, cases[i].status, cases[i].body, -1, 0);
        assert_int_equal(o.acked, 0);
        assert_int_equal(o.rejected, 0);
        assert_int_equal(o.requeued, 2);
        assert_false(o.split);
        OutboxCounts c = counts(h);
        assert_int_equal(c.waiting, 2);
        assert_int_equal(c.acked, 0);
        assert_int_equal(c.failures, 1);
        assert_int_equal(c.last_success_ms, -1);
        if (strstr(c.last_error, cases[i].error) == NULL)
            fail_msg("case %zu (HTTP %d): last_error \"%s\" lacks \"%s\"", i, cases[i].status,
                     c.last_error, cases[i].error);
        assert_int_equal(o.next_try_ms, h->now + OUTBOX_BACKOFF_BASE_MS / 2); /* random 0 */
        for (int k = 0; k < 2; k++) assert_int_equal(outbox_state(h->ob, ids[k]), OUTBOX_PENDING);
        assert_int_equal(h->store.n, 2);
        assert_int_equal(persist(h), 0);
        harness_free(h);
    }
}

static void test_retry_after(void **state)
{
    (void)state;
    Harness *h = harness(0, 5);
    submit(h, NULL);
    /* Longer than the backoff: honoured exactly. */
    OutboxOutcome o = upload_fail(h, 503, "{\"error\":\"storage full\"}", 120, 0xFFFFFFFFu);
    assert_int_equal(o.next_try_ms, h->now + 120000);
    const OutboxBatch *b;
    h->now += 119999;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_IDLE);
    h->now += 1;
    /* Shorter than the backoff (2nd failure: 1..2 s): the backoff wins. */
    o = upload_fail(h, 503, NULL, 0, 0);
    assert_int_equal(o.next_try_ms, h->now + 1000);
    h->now = o.next_try_ms;
    /* Absurd: capped at an hour. */
    o = upload_fail(h, 429, NULL, 10LL * 365 * 86400, 0);
    assert_int_equal(o.next_try_ms, h->now + OUTBOX_RETRY_AFTER_MAX_S * 1000LL);
    harness_free(h);
}

static void test_parse_retry_after(void **state)
{
    (void)state;
    int64_t now = 784111777000; /* Sun, 06 Nov 1994 08:49:37 GMT */
    assert_int_equal(outbox_parse_retry_after("120", now), 120);
    assert_int_equal(outbox_parse_retry_after(" 5 ", now), 5);
    assert_int_equal(outbox_parse_retry_after("0", now), 0);
    assert_true(outbox_parse_retry_after("99999999999999999999999", now) >= OUTBOX_RETRY_AFTER_MAX_S);
    assert_int_equal(outbox_parse_retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now), 120);
    assert_int_equal(outbox_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), 0);
    assert_int_equal(outbox_parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now), 0);
    assert_int_equal(outbox_parse_retry_after("Mon, 07 Nov 1994 08:49:37 GMT", now), 86400);
    assert_int_equal(outbox_parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", 0), 10);
    assert_int_equal(outbox_parse_retry_after("Thu, 29 Feb 2024 12:00:00 GMT", 1709208000000 - 60000), 60);
    assert_int_equal(outbox_parse_retry_after(NULL, now), -1);
    assert_int_equal(outbox_parse_retry_after("", now), -1);
    assert_int_equal(outbox_parse_retry_after("soon", now), -1);
    assert_int_equal(outbox_parse_retry_after("12s", now), -1);
    assert_int_equal(outbox_parse_retry_after("-5", now), -1);
    assert_int_equal(outbox_parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), -1);
    assert_int_equal(outbox_parse_retry_after("Sun, 06 Nov 1994 08:49:37 UTC", now), -1);
    assert_int_equal(outbox_parse_retry_after("Sun, 06 Xyz 1994 08:49:37 GMT", now), -1);
    assert_int_equal(outbox_parse_retry_after("Sun, 06 Nov 1994 25:49:37 GMT", now), -1);
    assert_int_equal(outbox_parse_retry_after("Sun, 0x Nov 1994 08:49:37 GMT", now), -1);
    assert_int_equal(outbox_parse_retry_after("Sun, 06 Nov 19a4 08:49:37 GMT", now), -1);
    assert_int_equal(outbox_parse_retry_after("Sun, 06 Nov 1994 08:49:3+ GMT", now), -1);
}

/* d = min(cap, base * 2^(k-1)); the wait is in [d/2, d], both ends reachable. */
static void test_backoff_capped_and_jittered(void **state)
{
    (void)state;
    uint32_t rng = 99;
    for (int run = 0; run < 3; run++) {
        Harness *h = harness(0, 6);
        submit(h, NULL);
        int64_t d = OUTBOX_BACKOFF_BASE_MS;
        for (unsigned k = 1; k <= 14; k++) {
            uint32_t r = run == 0 ? 0u : run == 1 ? 0xFFFFFFFFu : lcg(&rng);
            OutboxOutcome o = upload_fail(h, 0, NULL, -1, r);
            int64_t wait = o.next_try_ms - h->now;
            assert_true(wait >= d / 2 && wait <= d);
            if (run == 0) assert_int_equal(wait, d / 2);
            if (run == 1) assert_int_equal(wait, d / 2 + (int64_t)(0xFFFFFFFFu % (uint32_t)(d - d / 2 + 1)));
            assert_int_equal(counts(h).failures, k);
            assert_int_equal(outbox_next_due_ms(h->ob, h->now), o.next_try_ms);
            h->now = o.next_try_ms;
            d = d * 2 > OUTBOX_BACKOFF_CAP_MS ? OUTBOX_BACKOFF_CAP_MS : d * 2;
        }
        assert_int_equal(d, OUTBOX_BACKOFF_CAP_MS); /* the cap was reached and held */
        /* One success resets it. */
        upload_ok(h);
        assert_int_equal(counts(h).failures, 0);
        submit(h, NULL);
        assert_int_equal(outbox_next_due_ms(h->ob, h->now), h->now);
        harness_free(h);
    }
}

static void test_nudge_and_clock_set_back(void **state)
{
    (void)state;
    Harness *h = harness(0, 7);
    submit(h, NULL);
    for (int i = 0; i < 8; i++) { /* a long backoff */
        OutboxOutcome o = upload_fail(h, 0, NULL, -1, 0);
        h->now = o.next_try_ms;
    }
    OutboxOutcome o = upload_fail(h, 0, NULL, -1, 0);
    int64_t wait = o.next_try_ms - h->now;
    assert_true(wait >= 30000);
    /* The clock is set back an hour: the wait counts from the new clock, not an hour more. */
    h->now -= 3600 * 1000;
    assert_true(outbox_next_due_ms(h->ob, h->now) <= h->now + wait);
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_IDLE);
    h->now += wait;
    assert_int_equal(outbox_next_due_ms(h->ob, h->now), h->now);
    /* The browser says the network is back: due now, failures kept. */
    o = upload_fail(h, 0, NULL, -1, 0);
    assert_true(o.next_try_ms > h->now);
    outbox_nudge(h->ob, h->now);
    assert_int_equal(outbox_next_due_ms(h->ob, h->now), h->now);
    assert_int_equal(counts(h).failures, 10);
    upload_ok(h);
    harness_free(h);
}

/* 413 for a batch: split until the server takes them; no backoff. */
static void test_413_splits_batch(void **state)
{
    (void)state;
    Harness *h = harness(0, 8);
    for (int i = 0; i < 9; i++) submit(h, NULL);
    h->srv.max_records = 2;
    size_t sizes[16], rounds = 0;
    while (counts(h).waiting > 0) {
        assert_true(rounds < COUNT(sizes));
        const OutboxBatch *b;
        assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
        sizes[rounds++] = b->count;
        OutboxOutcome o;
        if (b->count > h->srv.max_records) {
            const char *e = "{\"error\":\"upload too large: more than 2 records in one upload\"}";
            assert_int_equal(outbox_batch_done(h->ob, h->now, 413, e, strlen(e), -1, 0, &o), OUTBOX_OK);
            assert_true(o.split);
            assert_int_equal(o.next_try_ms, h->now); /* not a failure: right away, smaller */
            assert_int_equal(counts(h).failures, 0);
        } else {
            char *answer = server_take(&h->srv, b, 0, NULL);
            assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 0, &o), OUTBOX_OK);
            free(answer);
        }
        persist(h);
    }
    /* 9 → 4 → 2, then 2 at a time; the limit grows back after each success (4 → 413 → 2). */
    assert_int_equal(sizes[0], 9);
    assert_int_equal(sizes[1], 4);
    assert_int_equal(sizes[2], 2);
    assert_int_equal(h->srv.n, 9);
    assert_int_equal(h->store.n, 0);
    assert_int_equal(counts(h).rejected, 0);
    harness_free(h);
}

/* 413 (or parleyd's 400) for a lone record: a dead letter with the server's error, never
 * retried. A 413 from a proxy (not JSON) counts too. */
static void test_413_single_rejected(void **state)
{
    (void)state;
    static const struct {
        int status;
        const char *body, *reason;
    } cases[] = {
        {413, "{\"error\":\"upload too large: over the limit of 2 MiB on the wire\"}",
         "HTTP 413: upload too large: over the limit of 2 MiB on the wire"},
        {413, "<html><h1>413 Request Entity Too Large</h1></html>",
         "HTTP 413: too large for the server or a proxy"},
        {400, "{\"error\":\"bad LZ4 frame: content checksum mismatch\"}",
         "HTTP 400: bad LZ4 frame: content checksum mismatch"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        Harness *h = harness(0, 9);
        char id[RECORD_UUID_LEN + 1];
        submit(h, id);
        OutboxOutcome o = upload_fail(h, cases[i].status, cases[i].body, -1, 0);
        assert_true(o.answered);
        assert_int_equal(o.rejected, 1);
        assert_int_equal(o.next_try_ms, -1);
        assert_int_equal(outbox_state(h->ob, id), OUTBOX_REJECTED);
        assert_string_equal(outbox_reason(h->ob, id), cases[i].reason);
        StoreEntry *e = store_find(&h->store, id);
        assert_non_null(e);
        assert_int_equal(e->state, OUTBOX_REJECTED);
        assert_string_equal(e->reason, cases[i].reason);
        OutboxCounts c = counts(h);
        assert_int_equal(c.waiting, 0);
        assert_int_equal(c.rejected, 1);
        /* Kept across a restart, still not retried. */
        restart(h);
        assert_int_equal(outbox_state(h->ob, id), OUTBOX_REJECTED);
        assert_string_equal(outbox_reason(h->ob, id), cases[i].reason);
        assert_int_equal(outbox_next_due_ms(h->ob, h->now), -1);
        harness_free(h);
    }
}

/* parleyd's 400 for a batch: split down to the bad record, which alone is rejected. */
static void test_400_isolates_bad_record(void **state)
{
    (void)state;
    Harness *h = harness(0, 10);
    char ids[6][RECORD_UUID_LEN + 1];
    for (int i = 0; i < 6; i++) submit(h, ids[i]);
    const char *bad = ids[4];
    const char *e400 = "{\"error\":\"not NDJSON: line 1: not a JSON object\"}";
    size_t rounds = 0;
    while (counts(h).waiting > 0) {
        assert_true(++rounds < 20);
        const OutboxBatch *b;
        assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
        bool has_bad = false;
        for (size_t i = 0; i < b->count; i++) has_bad |= strcmp(b->ids[i], bad) == 0;
        if (has_bad) {
            assert_int_equal(outbox_batch_done(h->ob, h->now, 400, e400, strlen(e400), -1, 0, NULL),
                             OUTBOX_OK);
        } else {
            char *answer = server_take(&h->srv, b, 0, NULL);
            assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 0, NULL),
                             OUTBOX_OK);
            free(answer);
        }
        persist(h);
    }
    assert_int_equal(h->srv.n, 5);
    assert_int_equal(outbox_state(h->ob, bad), OUTBOX_REJECTED);
    assert_string_equal(outbox_reason(h->ob, bad), "HTTP 400: not NDJSON: line 1: not a JSON object");
    assert_int_equal(h->store.n, 1);
    harness_free(h);
}

static void test_batch_limits_and_order(void **state)
{
    (void)state;
    Harness *h = harness(0, 11);
    char ids[5][RECORD_UUID_LEN + 1];
    for (int i = 0; i < 5; i++) submit(h, ids[i]);
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 2, 0, &b), OUTBOX_OK);
    assert_int_equal(b->count, 2);
    assert_string_equal(b->ids[0], ids[0]);
    /* A record added during the upload goes after those waiting before it. */
    char late[RECORD_UUID_LEN + 1];
    submit(h, late);
    assert_int_equal(outbox_batch_done(h->ob, h->now, 503, NULL, 0, -1, 0, NULL), OUTBOX_OK);
    h->now = counts(h).next_try_ms;
    /* max_bytes: at least one record, whatever its size. */
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 10, &b), OUTBOX_OK);
    assert_int_equal(b->count, 1);
    assert_string_equal(b->ids[0], ids[0]);
    assert_int_equal(outbox_batch_done(h->ob, h->now, 0, NULL, 0, -1, 0, NULL), OUTBOX_OK);
    h->now = counts(h).next_try_ms;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    assert_int_equal(b->count, 6);
    for (int i = 0; i < 5; i++) assert_string_equal(b->ids[i], ids[i]);
    assert_string_equal(b->ids[5], late);
    /* The body is one frame of NDJSON lines, each a whole record. */
    uint8_t *text = NULL;
    size_t text_len = 0;
    assert_true(codec_decompress(b->body, b->body_len, 8 * MIB, NULL, 0, &text, &text_len, NULL));
    size_t lines = 0;
    for (size_t i = 0; i < text_len; i++) lines += text[i] == '\n';
    assert_int_equal(lines, 6);
    assert_int_equal(text[text_len - 1], '\n');
    free(text);
    /* max_bytes between two and three lines. */
    size_t per = b->ndjson_len / 6;
    assert_int_equal(outbox_batch_done(h->ob, h->now, 0, NULL, 0, -1, 0, NULL), OUTBOX_OK);
    h->now = counts(h).next_try_ms;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, per * 2 + per / 2, &b), OUTBOX_OK);
    assert_true(b->count >= 2 && b->count <= 3);
    assert_true(b->ndjson_len <= per * 2 + per / 2);
    assert_int_equal(outbox_batch_done(h->ob, h->now, 0, NULL, 0, -1, 0, NULL), OUTBOX_OK);
    harness_free(h);
}

/* ---------------------------------------------------------------- storage damage */

static void flip_bit(uint8_t *blob, size_t bit)
{
    blob[bit / 8] ^= (uint8_t)(1u << (bit % 8));
}

/* Damaged records are quarantined with a reason; the others still go. */
static void test_restore_damaged(void **state)
{
    (void)state;
    Harness *h = harness(0, 12);
    char ids[8][RECORD_UUID_LEN + 1];
    for (int i = 0; i < 8; i++) submit(h, ids[i]);
    StoreEntry *e;
    /* 1: a bit flipped in the middle. */
    e = store_find(&h->store, ids[1]);
    flip_bit(e->blob, e->len * 4);
    /* 2: truncated. */
    store_find(&h->store, ids[2])->len -= 5;
    /* 3: another dictionary id (a build with another dictionary). */
    {
        char line[RECORD_MAX_LINE_BYTES + 1];
        size_t n = make_line(line, sizeof line, ids[3], texts[1]);
        CodecDict other = {0x12345678u, lz4dict.bytes, lz4dict.len};
        e = store_find(&h->store, ids[3]);
        e->blob = realloc(e->blob, codec_compress_bound(n));
        e->len = codec_compress(line, n, &other, 9, e->blob, codec_compress_bound(n), NULL);
        assert_true(e->len > 0);
    }
    /* 4: a sound frame holding something that is not a record. */
    {
        static const char junk[] = "{\"v\":1,\"type\":\"comment\"}";
        e = store_find(&h->store, ids[4]);
        e->blob = realloc(e->blob, codec_compress_bound(sizeof junk));
        e->len = codec_compress(junk, sizeof junk - 1, &lz4dict, 9, e->blob,
                                codec_compress_bound(sizeof junk), NULL);
    }
    /* 5: the record of another id filed under this key. */
    {
        free(store_find(&h->store, ids[5])->blob);
        e = store_find(&h->store, ids[5]);
        e->blob = make_blob("3b241101-e2bb-4255-8caf-4136c566a962", texts[0], &e->len);
    }
    /* 6: empty. */
    store_find(&h->store, ids[6])->len = 0;

    restart(h);
    static const char *const reasons[] = {
        NULL,
        "stored record unreadable: block checksum mismatch",
        "stored record unreadable: truncated frame",
        "stored record unreadable: unknown dictionary id 0x12345678",
        "stored record invalid: ",
        "but the record's id is 3b241101-e2bb-4255-8caf-4136c566a962",
        "stored record is empty",
        NULL,
    };
    for (int i = 0; i < 8; i++) {
        if (reasons[i] == NULL) {
            assert_int_equal(outbox_state(h->ob, ids[i]), OUTBOX_PENDING);
            continue;
        }
        assert_int_equal(outbox_state(h->ob, ids[i]), OUTBOX_QUARANTINED);
        const char *why = outbox_reason(h->ob, ids[i]);
        if (strstr(why, reasons[i]) == NULL) fail_msg("record %d: \"%s\"", i, why);
        StoreEntry *s = store_find(&h->store, ids[i]);
        assert_int_equal(s->state, OUTBOX_QUARANTINED); /* persisted, not deleted */
        assert_string_equal(s->reason, why);
    }
    OutboxCounts c = counts(h);
    assert_int_equal(c.waiting, 2);
    assert_int_equal(c.quarantined, 6);
    OutboxOutcome o = upload_ok(h);
    assert_int_equal(o.acked, 2);
    assert_int_equal(h->store.n, 6);
    OutboxItem items[8];
    assert_int_equal(outbox_list(h->ob, OUTBOX_QUARANTINED, 0, items, COUNT(items)), 6);
    assert_string_equal(items[0].id, ids[1]);
    /* Quarantine survives restarts as it is, without a change to persist. */
    restart(h);
    assert_int_equal(counts(h).quarantined, 6);
    assert_int_equal(outbox_take_changes(h->ob, (OutboxChange[1]){0}, 1), 0);
    harness_free(h);
}

/* Every single-bit flip and every truncation of a stored record is caught. */
static void test_every_flip_and_cut_caught(void **state)
{
    (void)state;
    const char *id = "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b";
    size_t len;
    uint8_t *blob = make_blob(id, texts[2], &len);
    uint8_t *copy = malloc(len + 1);
    assert_non_null(copy);
    Outbox *ob = outbox_new(16);
    assert_non_null(ob);
    OutboxChange ch;
    for (size_t bit = 0; bit < len * 8; bit++) {
        memcpy(copy, blob, len);
        flip_bit(copy, bit);
        OutboxError err;
        OutboxResult r = outbox_restore(ob, id, copy, len, OUTBOX_PENDING, NULL, &err);
        if (r != OUTBOX_CORRUPT) fail_msg("bit %zu of %zu not caught", bit, len * 8);
        assert_int_equal(outbox_take_changes(ob, &ch, 1), 1);
        assert_int_equal(ch.state, OUTBOX_QUARANTINED);
        outbox_free(ob);
        ob = outbox_new(16);
    }
    for (size_t cut = 0; cut < len; cut++) {
        assert_int_equal(outbox_restore(ob, id, blob, cut, OUTBOX_PENDING, NULL, NULL), OUTBOX_CORRUPT);
        outbox_free(ob);
        ob = outbox_new(16);
    }
    memcpy(copy, blob, len);
    copy[len] = 0; /* one byte too many */
    assert_int_equal(outbox_restore(ob, id, copy, len + 1, OUTBOX_PENDING, NULL, NULL), OUTBOX_CORRUPT);
    outbox_free(ob);
    ob = outbox_new(16);
    assert_int_equal(outbox_restore(ob, id, blob, len, OUTBOX_PENDING, NULL, NULL), OUTBOX_OK);
    outbox_free(ob);
    free(copy);
    free(blob);
}

/* A crash during an upload: SENDING comes back as PENDING; other stored states as they were. */
static void test_restore_states(void **state)
{
    (void)state;
    Outbox *ob = outbox_new(0);
    assert_non_null(ob);
    char ids[6][RECORD_UUID_LEN + 1];
    uint32_t seed = 13;
    uint8_t *blobs[6];
    size_t lens[6];
    for (int i = 0; i < 6; i++) {
        make_uuid(&seed, ids[i]);
        blobs[i] = make_blob(ids[i], texts[i % COUNT(texts)], &lens[i]);
    }
    assert_int_equal(outbox_restore(ob, ids[0], blobs[0], lens[0], OUTBOX_SENDING, NULL, NULL), OUTBOX_OK);
    assert_int_equal(outbox_restore(ob, ids[1], blobs[1], lens[1], OUTBOX_PENDING, NULL, NULL), OUTBOX_OK);
    assert_int_equal(outbox_restore(ob, ids[2], blobs[2], lens[2], OUTBOX_REJECTED, "text: too long", NULL), OUTBOX_OK);
    assert_int_equal(outbox_restore(ob, ids[3], NULL, 0, OUTBOX_QUARANTINED, NULL, NULL), OUTBOX_OK);
    assert_int_equal(outbox_restore(ob, ids[4], blobs[4], lens[4], OUTBOX_ACKED, NULL, NULL), OUTBOX_OK);
    assert_int_equal(outbox_restore(ob, ids[5], blobs[5], lens[5], (OutboxState)77, NULL, NULL), OUTBOX_OK);
    assert_int_equal(outbox_restore(ob, ids[1], blobs[1], lens[1], OUTBOX_PENDING, NULL, NULL), OUTBOX_DUPLICATE);

    assert_int_equal(outbox_state(ob, ids[0]), OUTBOX_PENDING);
    assert_int_equal(outbox_state(ob, ids[1]), OUTBOX_PENDING);
    assert_int_equal(outbox_state(ob, ids[2]), OUTBOX_REJECTED);
    assert_string_equal(outbox_reason(ob, ids[2]), "text: too long");
    assert_int_equal(outbox_state(ob, ids[3]), OUTBOX_QUARANTINED);
    assert_string_equal(outbox_reason(ob, ids[3]), "stored record unreadable");
    assert_int_equal(outbox_state(ob, ids[4]), OUTBOX_ACKED);
    assert_int_equal(outbox_state(ob, ids[5]), OUTBOX_PENDING);
    assert_null(outbox_reason(ob, ids[0]));
    assert_int_equal(outbox_state(ob, "8e0a8c1e-0000-4000-8000-000000000000"), OUTBOX_UNKNOWN);
    /* Only the acknowledgement that was never deleted needs persisting. */
    OutboxChange ch[4];
    assert_int_equal(outbox_take_changes(ob, ch, COUNT(ch)), 1);
    assert_string_equal(ch[0].id, ids[4]);
    assert_int_equal(ch[0].state, OUTBOX_ACKED);
    OutboxCounts c;
    outbox_counts(ob, T0, &c);
    assert_int_equal(c.waiting, 3);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(c.quarantined, 1);
    assert_int_equal(c.acked, 0);
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(ob, T0, 0, 0, &b), OUTBOX_OK);
    assert_int_equal(b->count, 3);
    assert_string_equal(b->ids[0], ids[0]);
    assert_string_equal(b->ids[1], ids[1]);
    assert_string_equal(b->ids[2], ids[5]);
    outbox_free(ob); /* with a batch in flight: nothing leaks */
    for (int i = 0; i < 6; i++) free(blobs[i]);
    assert_string_equal(outbox_state_name(OUTBOX_QUARANTINED), "quarantined");
    assert_string_equal(outbox_state_name((OutboxState)42), "unknown");
}

static void test_capacity(void **state)
{
    (void)state;
    Harness *h = harness(3, 14);
    char ids[3][RECORD_UUID_LEN + 1];
    for (int i = 0; i < 3; i++) submit(h, ids[i]);
    assert_int_equal(outbox_room(h->ob), 0);
    char id[RECORD_UUID_LEN + 1];
    make_uuid(&h->seed, id);
    size_t len;
    uint8_t *blob = make_blob(id, texts[0], &len);
    OutboxError err;
    assert_int_equal(outbox_add(h->ob, id, blob, len, &err), OUTBOX_FULL);
    assert_non_null(strstr(err.message, "outbox full"));
    assert_int_equal(outbox_restore(h->ob, id, blob, len, OUTBOX_PENDING, NULL, NULL), OUTBOX_FULL);
    assert_int_equal(counts(h).waiting, 3); /* nothing dropped */

    /* Acknowledged, but the change not yet taken: still not room (the platform must first
     * learn to delete it). Taken: its place is reused, and only its place. */
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 2, 0, &b), OUTBOX_OK);
    char *answer = server_take(&h->srv, b, 0, NULL);
    assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 0, NULL), OUTBOX_OK);
    free(answer);
    assert_int_equal(outbox_room(h->ob), 0);
    assert_int_equal(outbox_add(h->ob, id, blob, len, NULL), OUTBOX_FULL);
    OutboxChange ch;
    assert_int_equal(outbox_take_changes(h->ob, &ch, 1), 1);
    assert_string_equal(ch.id, ids[0]);
    store_remove(&h->store, store_find(&h->store, ids[0]));
    assert_int_equal(outbox_room(h->ob), 1);
    assert_int_equal(outbox_state(h->ob, ids[0]), OUTBOX_ACKED); /* still known until evicted */
    store_put(&h->store, id, blob, len);
    assert_int_equal(outbox_add(h->ob, id, blob, len, NULL), OUTBOX_OK);
    assert_int_equal(outbox_state(h->ob, ids[0]), OUTBOX_UNKNOWN);
    assert_int_equal(outbox_state(h->ob, ids[1]), OUTBOX_ACKED); /* its change not yet taken */
    assert_int_equal(outbox_state(h->ob, ids[2]), OUTBOX_PENDING);
    assert_int_equal(outbox_state(h->ob, id), OUTBOX_PENDING);
    assert_int_equal(outbox_room(h->ob), 0);
    assert_int_equal(outbox_take_changes(h->ob, &ch, 1), 1);
    assert_string_equal(ch.id, ids[1]);
    assert_int_equal(ch.state, OUTBOX_ACKED);
    store_remove(&h->store, store_find(&h->store, ids[1]));
    assert_int_equal(outbox_room(h->ob), 1);
    /* Order survives the eviction. */
    char id2[RECORD_UUID_LEN + 1];
    submit(h, id2);
    assert_int_equal(outbox_state(h->ob, ids[1]), OUTBOX_UNKNOWN);
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    assert_int_equal(b->count, 3);
    assert_string_equal(b->ids[0], ids[2]);
    assert_string_equal(b->ids[1], id);
    assert_string_equal(b->ids[2], id2);
    assert_int_equal(outbox_batch_done(h->ob, h->now, 0, NULL, 0, -1, 0, NULL), OUTBOX_OK);
    assert_null(outbox_new(OUTBOX_MAX_CAPACITY + 1));
    harness_free(h);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    Outbox *ob = outbox_new(4);
    assert_non_null(ob);
    size_t len;
    uint8_t *blob = make_blob("3b241101-e2bb-4255-8caf-4136c566a962", texts[0], &len);
    char long_key[OUTBOX_KEY_BYTES + 2];
    memset(long_key, 'a', sizeof long_key - 1);
    long_key[sizeof long_key - 1] = '\0';
    assert_int_equal(outbox_add(ob, NULL, blob, len, NULL), OUTBOX_BAD_ARGUMENT);
    assert_int_equal(outbox_add(ob, "", blob, len, NULL), OUTBOX_BAD_ARGUMENT);
    assert_int_equal(outbox_add(ob, long_key, blob, len, NULL), OUTBOX_BAD_ARGUMENT);
    assert_int_equal(outbox_add(ob, "with space", blob, len, NULL), OUTBOX_BAD_ARGUMENT);
    assert_int_equal(outbox_add(ob, "caf\xc3\xa9", blob, len, NULL), OUTBOX_BAD_ARGUMENT);
    assert_int_equal(outbox_add(NULL, "x", blob, len, NULL), OUTBOX_BAD_ARGUMENT);
    /* A printable key that is not the record's id: kept, quarantined. */
    OutboxError err;
    assert_int_equal(outbox_add(ob, "not-a-uuid", blob, len, &err), OUTBOX_CORRUPT);
    assert_non_null(strstr(err.message, "stored under not-a-uuid"));
    assert_int_equal(outbox_add(ob, "3b241101-e2bb-4255-8caf-4136c566a962", blob, len, NULL), OUTBOX_OK);
    assert_int_equal(outbox_add(ob, "3b241101-e2bb-4255-8caf-4136c566a962", blob, len, &err), OUTBOX_DUPLICATE);
    const OutboxBatch *b = NULL;
    assert_int_equal(outbox_next_batch(ob, T0, 0, 0, NULL), OUTBOX_BAD_ARGUMENT);
    assert_int_equal(outbox_next_batch(NULL, T0, 0, 0, &b), OUTBOX_BAD_ARGUMENT);
    assert_int_equal(outbox_next_due_ms(NULL, T0), -1);
    assert_int_equal(outbox_take_changes(NULL, NULL, 0), 0);
    assert_int_equal(outbox_state(ob, NULL), OUTBOX_UNKNOWN);
    outbox_free(ob);
    outbox_free(NULL);
    free(blob);
}

/* Reasons from the network are shown on screen: no control characters, valid UTF-8, cut. */
static void test_reasons_sanitised(void **state)
{
    (void)state;
    Harness *h = harness(0, 15);
    char id[RECORD_UUID_LEN + 1];
    submit(h, id);
    const OutboxBatch *b;
    assert_int_equal(outbox_next_batch(h->ob, h->now, 0, 0, &b), OUTBOX_OK);
    char answer[2048];
    char longtext[600];
    memset(longtext, 'x', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    snprintf(answer, sizeof answer,
             "{\"accepted\":[],\"duplicates\":[],\"rejected\":[{\"id\":\"%s\",\"error\":"
             "\"bad\\u0007bell\\nnewline \\u00e9t\\u00e9 %s\"}]}", id, longtext);
    assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 0, NULL), OUTBOX_OK);
    const char *why = outbox_reason(h->ob, id);
    assert_non_null(why);
    assert_true(strncmp(why, "bad bell newline \xc3\xa9t\xc3\xa9 xxx", 24) == 0);
    assert_true(strlen(why) < OUTBOX_REASON_BYTES);
    harness_free(h);
}

/* ---------------------------------------------------------------- the invariant */

/* Random submissions, uploads, server behaviours, crashes and bit rot. After it all, and a
 * final drain over a good network: every receipted record is on the server exactly once, or
 * kept in the store as a dead letter or in quarantine; nothing acknowledged that the server
 * lacks (persist checks it at every step); nothing stored twice. */
static void run_random(uint32_t seed, size_t steps)
{
    Harness *h = harness(512, seed);
    char (*receipted)[RECORD_UUID_LEN + 1] = calloc(steps + 1, sizeof *receipted);
    bool *poisoned = calloc(steps + 1, sizeof *poisoned);
    bool *damaged = calloc(steps + 1, sizeof *damaged);
    assert_non_null(receipted);
    assert_non_null(poisoned);
    assert_non_null(damaged);
    size_t n = 0, crashes = 0, lost = 0;
    for (size_t step = 0; step < steps; step++) {
        h->now += lcg(&h->seed) % 5000;
        uint32_t dice = lcg(&h->seed) % 100;
        if (dice < 30) {
            if (outbox_room(h->ob) == 0) continue; /* the kiosk says "device full" */
            bool poison = lcg(&h->seed) % 10 == 0;
            poisoned[n] = poison;
            submit_text(h, poison ? "Please refuse this one #reject, thank you." : texts[lcg(&h->seed) % COUNT(texts)],
                        receipted[n]);
            n++;
        } else if (dice < 35) {
            /* A crash: the changes of the last answer may not have been persisted. */
            crashes++;
            restart(h);
        } else if (dice < 37 && h->store.n > 0) {
            /* Bit rot in a stored record still waiting; seen at the next start. */
            StoreEntry *e = &h->store.e[lcg(&h->seed) % h->store.n];
            if (e->state == OUTBOX_PENDING && e->len > 0) {
                flip_bit(e->blob, lcg(&h->seed) % (e->len * 8));
                for (size_t i = 0; i < n; i++)
                    if (strcmp(receipted[i], e->id) == 0) damaged[i] = true;
            }
        } else {
            const OutboxBatch *b;
            size_t max_records = 1 + lcg(&h->seed) % 12;
            if (outbox_next_batch(h->ob, h->now, max_records, 0, &b) != OUTBOX_OK) continue;
            uint32_t what = lcg(&h->seed) % 100, r = lcg(&h->seed);
            char *answer = NULL;
            int status = 200;
            int64_t ra = -1;
            if (what < 40) {
                answer = server_take(&h->srv, b, 0, NULL);
            } else if (what < 55) {
                answer = server_take(&h->srv, b, 30, &h->seed); /* partly answered */
            } else if (what < 65) {
                free(server_take(&h->srv, b, 0, NULL)); /* stored, answer lost */
                status = 0;
                lost++;
            } else if (what < 70) {
                free(server_take(&h->srv, b, 0, NULL)); /* stored, then a proxy's page */
                answer = strdup("<html>gateway</html>");
                status = 200;
                lost++;
            } else if (what < 75) {
                status = 503;
                answer = strdup("{\"error\":\"storage busy\"}");
                ra = lcg(&h->seed) % 30;
            } else if (what < 80) {
                status = 500;
            } else if (what < 85) {
                answer = strdup("<html>captive portal</html>");
            } else if (what < 90 && b->count > 1) {
                status = 413;
                answer = strdup("{\"error\":\"upload too large\"}");
            } else if (what < 95) {
                answer = strdup("{\"accepted\":{}}");
            } else {
                status = 0; /* offline */
            }
            if (lcg(&h->seed) % 8 == 0) {
                /* The page dies with the request in flight: no batch_done at all. */
                free(answer);
                crashes++;
                restart(h);
                continue;
            }
            assert_int_equal(outbox_batch_done(h->ob, h->now, status, answer,
                                               answer ? strlen(answer) : 0, ra, r, NULL),
                             OUTBOX_OK);
            free(answer);
            if (lcg(&h->seed) % 10 == 0) {
                crashes++;
                restart(h); /* before the changes were persisted */
            } else {
                persist(h);
            }
        }
    }
    /* Drain over a good network. */
    restart(h);
    for (size_t round = 0; counts(h).waiting > 0; round++) {
        assert_true(round < 10000);
        h->now = counts(h).next_try_ms;
        upload_ok(h);
    }
    assert_int_equal(outbox_next_due_ms(h->ob, h->now), -1);

    size_t on_server = 0, dead = 0, quarantined = 0;
    for (size_t i = 0; i < n; i++) {
        StoreEntry *e = store_find(&h->store, receipted[i]);
        bool stored = server_has(&h->srv, receipted[i]);
        if (e == NULL) {
            /* Deleted from the device: only ever after the server had it. */
            if (!stored) fail_msg("seed %u: record %s lost", seed, receipted[i]);
            on_server++;
            continue;
        }
        if (e->state == OUTBOX_REJECTED) {
            assert_true(poisoned[i]);
            assert_false(stored);
            dead++;
        } else if (e->state == OUTBOX_QUARANTINED) {
            assert_true(damaged[i]);
            quarantined++;
        } else {
            fail_msg("seed %u: record %s still %s after the drain", seed, receipted[i],
                     outbox_state_name(e->state));
        }
    }
    /* Stored once each; nothing in the store that was never receipted. */
    for (size_t i = 0; i < h->srv.n; i++)
        for (size_t j = i + 1; j < h->srv.n; j++) assert_string_not_equal(h->srv.ids[i], h->srv.ids[j]);
    assert_int_equal(h->srv.inserts, h->srv.n);
    assert_int_equal(h->store.n, dead + quarantined);
    assert_true(on_server + dead + quarantined == n);
    if (steps >= 2000) {
        assert_true(crashes > 0 && lost > 0 && h->srv.duplicates > 0 && dead > 0);
    }
    print_message("seed %u: %zu receipted, %zu on the server (%zu duplicate answers), %zu dead "
                  "letters, %zu quarantined, %zu crashes, %zu lost answers, %zu requests\n",
                  seed, n, on_server, h->srv.duplicates, dead, quarantined, crashes, lost,
                  h->srv.requests);
    free(receipted);
    free(poisoned);
    free(damaged);
    harness_free(h);
}

static void test_randomised_invariant(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 6; seed++) run_random(seed, 3000);
}


/* ---------------------------------------------------------------- other tabs */

/* Another tab of the same device: its own outbox, the same store. */
static size_t sync_tab(Outbox *ob, const Store *s, int64_t last_success_ms)
{
    uint32_t epoch = outbox_sync_begin(ob);
    for (size_t i = 0; i < s->n; i++) {
        const StoreEntry *e = &s->e[i];
        OutboxResult r = outbox_sync_entry(ob, epoch, e->id, e->blob, e->len, e->state,
                                           e->reason[0] ? e->reason : NULL, NULL);
        assert_true(r == OUTBOX_OK || r == OUTBOX_DUPLICATE || r == OUTBOX_CORRUPT);
    }
    return outbox_sync_end(ob, epoch, last_success_ms);
}

/* A record the other tab stores: committed, then added to that tab's outbox. */
static void submit_in_tab(Harness *h, Outbox *tab, char id[RECORD_UUID_LEN + 1])
{
    make_uuid(&h->seed, id);
    size_t len;
    uint8_t *blob = make_blob(id, texts[0], &len);
    store_put(&h->store, id, blob, len);
    assert_int_equal(outbox_add(tab, id, blob, len, NULL), OUTBOX_OK);
}

static OutboxCounts tab_counts(const Outbox *ob, int64_t now)
{
    OutboxCounts c;
    outbox_counts(ob, now, &c);
    return c;
}

static void test_sync_two_tabs(void **state)
{
    (void)state;
    Harness *h = harness(0, 7);
    Outbox *b = outbox_new(0);
    assert_non_null(b);
    char mine[RECORD_UUID_LEN + 1], theirs[3][RECORD_UUID_LEN + 1];
    submit(h, mine);
    for (int i = 0; i < 3; i++) submit_in_tab(h, b, theirs[i]);
    /* Before either looks, each counts what it stored itself (the bug this fixes). */
    assert_int_equal(counts(h).waiting, 1);
    assert_int_equal(tab_counts(b, h->now).waiting, 3);
    assert_int_equal(sync_tab(h->ob, &h->store, -1), 0);
    assert_int_equal(sync_tab(b, &h->store, -1), 0);
    assert_int_equal(counts(h).waiting, 4);
    assert_int_equal(tab_counts(b, h->now).waiting, 4);
    assert_int_equal(outbox_state(b, mine), OUTBOX_PENDING);

    /* The uploader sends everything; the other tab learns of it from the store alone. */
    upload_ok(h);
    assert_int_equal(h->store.n, 0);
    assert_int_equal(counts(h).waiting, 0);
    assert_int_equal(sync_tab(b, &h->store, h->now), 4);
    OutboxCounts c = tab_counts(b, h->now);
    assert_int_equal(c.waiting, 0);
    assert_int_equal(c.last_success_ms, h->now);
    for (int i = 0; i < 3; i++) assert_int_equal(outbox_state(b, theirs[i]), OUTBOX_ACKED);
    /* Nothing to persist in the tab that only followed: the uploader deleted them. */
    OutboxChange ch[4];
    assert_int_equal(outbox_take_changes(b, ch, 4), 0);
    /* A later pass changes nothing and an older upload time does not go back. */
    assert_int_equal(sync_tab(b, &h->store, h->now - 5000), 0);
    assert_int_equal(tab_counts(b, h->now).last_success_ms, h->now);
    outbox_free(b);
    harness_free(h);
}

/* A record added while a pass reads the store is not in what the pass read; it must not be
 * taken for acknowledged. */
static void test_sync_add_during_read(void **state)
{
    (void)state;
    Harness *h = harness(0, 8);
    char early[RECORD_UUID_LEN + 1], late[RECORD_UUID_LEN + 1];
    submit(h, early);
    uint32_t epoch = outbox_sync_begin(h->ob);
    Store snapshot = h->store; /* what the read returned: the early record only */
    size_t before = snapshot.n;
    submit(h, late);
    for (size_t i = 0; i < before; i++)
        outbox_sync_entry(h->ob, epoch, h->store.e[i].id, h->store.e[i].blob, h->store.e[i].len,
                          h->store.e[i].state, NULL, NULL);
    assert_int_equal(outbox_sync_end(h->ob, epoch, -1), 0);
    assert_int_equal(counts(h).waiting, 2);
    assert_int_equal(outbox_state(h->ob, late), OUTBOX_PENDING);

    /* Two passes overlapping: the older one ends last and still takes nothing away. */
    uint32_t first = outbox_sync_begin(h->ob), second = outbox_sync_begin(h->ob);
    assert_true(second > first);
    for (size_t i = 0; i < h->store.n; i++)
        outbox_sync_entry(h->ob, second, h->store.e[i].id, h->store.e[i].blob, h->store.e[i].len,
                          h->store.e[i].state, NULL, NULL);
    assert_int_equal(outbox_sync_end(h->ob, second, -1), 0);
    for (size_t i = 0; i < h->store.n; i++)
        outbox_sync_entry(h->ob, first, h->store.e[i].id, h->store.e[i].blob, h->store.e[i].len,
                          h->store.e[i].state, NULL, NULL);
    assert_int_equal(outbox_sync_end(h->ob, first, -1), 0);
    assert_int_equal(counts(h).waiting, 2);
    harness_free(h);
}

/* The uploader's refusals and quarantines reach the other tab; a record in this tab's own
 * batch in flight is left to that batch's answer. */
static void test_sync_adopts_verdicts(void **state)
{
    (void)state;
    Harness *h = harness(0, 9);
    Outbox *b = outbox_new(0);
    assert_non_null(b);
    char bad[RECORD_UUID_LEN + 1], good[RECORD_UUID_LEN + 1];
    submit_text(h, "Please refuse this one #reject", bad);
    submit(h, good);
    sync_tab(b, &h->store, -1);
    assert_int_equal(tab_counts(b, h->now).waiting, 2);
    upload_ok(h);
    assert_int_equal(counts(h).rejected, 1);
    sync_tab(b, &h->store, h->now);
    OutboxCounts c = tab_counts(b, h->now);
    assert_int_equal(c.waiting, 0);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(outbox_state(b, bad), OUTBOX_REJECTED);
    assert_string_equal(outbox_reason(b, bad), outbox_reason(h->ob, bad));
    assert_int_equal(outbox_state(b, good), OUTBOX_ACKED);

    /* In flight in tab B while tab A's upload of the same record is acknowledged: B's own
     * answer decides (parleyd will call it a duplicate). */
    char both[RECORD_UUID_LEN + 1];
    submit(h, both);
    sync_tab(b, &h->store, -1);
    const OutboxBatch *batch;
    assert_int_equal(outbox_next_batch(b, h->now, 0, 0, &batch), OUTBOX_OK);
    upload_ok(h);
    assert_int_equal(sync_tab(b, &h->store, h->now), 0);
    assert_int_equal(outbox_state(b, both), OUTBOX_SENDING);
    char *answer = server_take(&h->srv, batch, 0, NULL);
    assert_int_equal(outbox_batch_done(b, h->now, 200, answer, strlen(answer), -1, 0, NULL), OUTBOX_OK);
    free(answer);
    assert_int_equal(outbox_state(b, both), OUTBOX_ACKED);
    assert_int_equal(h->srv.inserts, 2); /* good and both, once each */
    outbox_free(b);
    harness_free(h);
}

/* Three tabs, any of them uploading at any moment, storing, crashing and syncing in any
 * order: after every tab has synced, all agree with the store and with each other, and
 * every record is on the server once or waiting in the store. */
static void test_sync_randomised_tabs(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 4; seed++) {
        Harness *h = harness(0, seed * 101);
        Outbox *tabs[3] = {h->ob, outbox_new(0), outbox_new(0)};
        assert_non_null(tabs[1]);
        assert_non_null(tabs[2]);
        char (*made)[RECORD_UUID_LEN + 1] = calloc(400, sizeof *made);
        assert_non_null(made);
        size_t n = 0, holder = 0;
        int64_t last = -1;
        for (int step = 0; step < 1500; step++) {
            h->now += 200;
            size_t t = lcg(&h->seed) % 3;
            uint32_t dice = lcg(&h->seed) % 100;
            if (dice < 25 && n < 400) {
                submit_in_tab(h, tabs[t], made[n++]);
            } else if (dice < 60) {
                sync_tab(tabs[t], &h->store, last);
            } else if (dice < 65) {
                /* the tab is reloaded: a fresh outbox from the store */
                bool uploader = tabs[t] == h->ob;
                outbox_free(tabs[t]);
                tabs[t] = outbox_new(0);
                assert_non_null(tabs[t]);
                if (uploader) h->ob = tabs[t];
                sync_tab(tabs[t], &h->store, last);
            } else {
                /* tab t holds the lease now and uploads what it knows; a new holder first
                 * reads the store, as the page does when it takes the lease */
                if (t != holder) sync_tab(tabs[t], &h->store, last);
                holder = t;
                h->ob = tabs[t];
                const OutboxBatch *b;
                if (outbox_next_batch(h->ob, h->now, 1 + lcg(&h->seed) % 8, 0, &b) != OUTBOX_OK) continue;
                char *answer = server_take(&h->srv, b, 20, &h->seed);
                assert_int_equal(outbox_batch_done(h->ob, h->now, 200, answer, strlen(answer), -1, 0, NULL),
                                 OUTBOX_OK);
                free(answer);
                persist(h);
                last = h->now;
            }
        }
        for (size_t t = 0; t < 3; t++) sync_tab(tabs[t], &h->store, last);
        OutboxCounts c0 = tab_counts(tabs[0], h->now);
        assert_int_equal(c0.waiting, h->store.n);
        for (size_t t = 1; t < 3; t++) {
            OutboxCounts c = tab_counts(tabs[t], h->now);
            assert_int_equal(c.waiting, c0.waiting);
            assert_int_equal(c.last_success_ms, last);
        }
        for (size_t i = 0; i < n; i++) {
            bool waiting = store_find(&h->store, made[i]) != NULL;
            if (!waiting && !server_has(&h->srv, made[i])) fail_msg("seed %u: %s lost", seed, made[i]);
            for (size_t t = 0; t < 3; t++) {
                OutboxState st = outbox_state(tabs[t], made[i]);
                if (waiting) assert_int_equal(st, OUTBOX_PENDING);
                else assert_true(st == OUTBOX_ACKED || st == OUTBOX_UNKNOWN);
            }
        }
        assert_int_equal(h->srv.inserts, h->srv.n);
        for (size_t t = 0; t < 3; t++) if (tabs[t] != h->ob) outbox_free(tabs[t]);
        free(made);
        harness_free(h);
    }
}

/* ---------------------------------------------------------------- saving to a file */

/* Every kind of stored entry becomes a line parleyd import reads back to the same record. */
static void test_export_lines(void **state)
{
    (void)state;
    uint32_t seed = 11;
    char id[RECORD_UUID_LEN + 1];
    make_uuid(&seed, id);
    size_t len;
    uint8_t *blob = make_blob(id, texts[2], &len);
    static char line[RECORD_MAX_LINE_BYTES + 1];
    size_t line_len = make_line(line, sizeof line, id, texts[2]);
    size_t cap = outbox_export_bound(len, 300);
    char *buf = malloc(cap);
    static char data[DEVICEFILE_MAX_DATA_BYTES];
    assert_non_null(buf);
    OutboxError err;
    DevicefileEntry e;

    /* waiting: the record's own line, byte for byte, with its checksum */
    size_t n = outbox_export_line(id, blob, len, OUTBOX_PENDING, NULL, buf, cap, &err);
    assert_true(n > 0);
    assert_int_equal(strlen(buf), n);
    assert_int_equal(devicefile_read_entry(buf, n, &e, data, sizeof data, NULL), DEVICEFILE_OK);
    assert_string_equal(e.id, id);
    assert_int_equal(e.state, DEVICEFILE_PENDING);
    assert_true(e.has_record);
    assert_int_equal(e.data_len, line_len);
    assert_memory_equal(data, line, line_len);

    /* refused by the server: the same record, with the server's reason */
    n = outbox_export_line(id, blob, len, OUTBOX_REJECTED, "text: refused", buf, cap, &err);
    assert_int_equal(devicefile_read_entry(buf, n, &e, data, sizeof data, NULL), DEVICEFILE_OK);
    assert_int_equal(e.state, DEVICEFILE_REJECTED);
    assert_string_equal(e.reason, "text: refused");

    /* damaged in storage: the bytes as they are, nothing thrown away */
    blob[len / 2] ^= 0x40;
    n = outbox_export_line(id, blob, len, OUTBOX_QUARANTINED, NULL, buf, cap, &err);
    assert_true(n > 0);
    assert_int_equal(devicefile_read_entry(buf, n, &e, data, sizeof data, NULL), DEVICEFILE_UNDECODABLE);
    assert_int_equal(e.state, DEVICEFILE_QUARANTINED);
    assert_false(e.has_record);
    assert_int_equal(e.data_len, len);
    assert_memory_equal(data, blob, len);
    assert_non_null(strstr(e.reason, "unreadable"));

    /* a buffer too small is an error, never a cut line */
    assert_int_equal(outbox_export_line(id, blob, len, OUTBOX_PENDING, NULL, buf, 40, &err), 0);
    assert_true(err.message[0] != '\0');
    free(buf);
    free(blob);
}

/* The web build fetches the dictionary's bytes: only this build's own are taken. */
static void test_install_dict_checks_the_bytes(void **state)
{
    (void)state;
    char err[128];
    assert_true(outbox_dict_ready()); /* compiled in here */
    assert_true(outbox_install_dict(lz4dict.bytes, lz4dict.len, err, sizeof err));
    assert_false(outbox_install_dict(NULL, 0, err, sizeof err));
    assert_true(err[0] != '\0');
    assert_false(outbox_install_dict(lz4dict.bytes, lz4dict.len - 1, err, sizeof err));
    assert_non_null(strstr(err, "bytes"));
    uint8_t *copy = malloc(lz4dict.len);
    assert_non_null(copy);
    memcpy(copy, lz4dict.bytes, lz4dict.len);
    copy[lz4dict.len / 2] ^= 1;
    assert_false(outbox_install_dict(copy, lz4dict.len, err, sizeof err));
    assert_non_null(strstr(err, "checksum"));
    assert_false(outbox_install_dict(copy, lz4dict.len, NULL, 0));
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_happy_path),
        cmocka_unit_test(test_partial_answer),
        cmocka_unit_test(test_rejected_by_line),
        cmocka_unit_test(test_lost_answer_then_duplicate),
        cmocka_unit_test(test_not_delivered),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_parse_retry_after),
        cmocka_unit_test(test_backoff_capped_and_jittered),
        cmocka_unit_test(test_nudge_and_clock_set_back),
        cmocka_unit_test(test_413_splits_batch),
        cmocka_unit_test(test_413_single_rejected),
        cmocka_unit_test(test_400_isolates_bad_record),
        cmocka_unit_test(test_batch_limits_and_order),
        cmocka_unit_test(test_restore_damaged),
        cmocka_unit_test(test_every_flip_and_cut_caught),
        cmocka_unit_test(test_restore_states),
        cmocka_unit_test(test_capacity),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_reasons_sanitised),
        cmocka_unit_test(test_randomised_invariant),
        cmocka_unit_test(test_sync_two_tabs),
        cmocka_unit_test(test_sync_add_during_read),
        cmocka_unit_test(test_sync_adopts_verdicts),
        cmocka_unit_test(test_sync_randomised_tabs),
        cmocka_unit_test(test_export_lines),
        cmocka_unit_test(test_install_dict_checks_the_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
