/* fuzz_ingest.c — libFuzzer target for parleyd's upload decoder: LZ4 frame, NDJSON split,
 * record validation (src/server/ingest.c over core/codec and core/record) and the response
 * it renders. The first input byte picks plain or LZ4, the rest is the body. It must never
 * see a crash, a leak, a budget left in use, or a response that is not valid JSON. */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "fuzz.h"
#include "server/ingest.h"

/* A broken invariant is a crash for the fuzzer to report, also in release-like builds. */
#define FUZZ_CHECK(cond) \
    do { \
        if (!(cond)) abort(); \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    IngestEncoding enc = (data[0] & 1) ? INGEST_LZ4 : INGEST_PLAIN;
    /* A private copy: the decoder must work on exactly `size - 1` bytes, no terminator. */
    size_t len = size - 1;
    char *body = malloc(len ? len : 1);
    FUZZ_CHECK(body != NULL);
    if (len) memcpy(body, data + 1, len);

    IngestBatch b;
    IngestError err;
    if (ingest_decode(enc, body, len, &b, &err)) {
        FUZZ_CHECK(b.count <= INGEST_MAX_RECORDS);
        for (size_t i = 0; i < b.count; i++) {
            FUZZ_CHECK(record_is_uuid_v4(b.records[i].id));
            FUZZ_CHECK(b.records[i].body_len > 0);
            b.inserted[i] = (i % 3) != 0;  /* some new, some duplicates, as a writer would */
        }
        char *out;
        size_t out_len;
        if (ingest_render(&b, &out, &out_len)) {
            cJSON *root = cJSON_ParseWithLength(out, out_len);
            FUZZ_CHECK(root != NULL);
            FUZZ_CHECK(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "accepted")));
            const cJSON *rej = cJSON_GetObjectItemCaseSensitive(root, "rejected");
            FUZZ_CHECK(cJSON_IsArray(rej) && (size_t)cJSON_GetArraySize(rej) == b.rejected_count);
            cJSON_Delete(root);
            free(out);
        }
        ingest_free(&b);
    } else {
        FUZZ_CHECK(err.status == 400 || err.status == 413 || err.status == 415 ||
                   err.status == 500 || err.status == 503);
        FUZZ_CHECK(err.message[0] != '\0');
    }
    FUZZ_CHECK(ingest_memory_in_use() == 0);
    free(body);
    return 0;
}
