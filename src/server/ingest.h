/* ingest.h — one upload body (docs/interface.md §2, POST /api/v1/records) turned into records to
 * store and per-record rejections: plain or LZ4-framed NDJSON, the decoded size capped
 * before any allocation, each line checked by the shared validator (core/record.h).
 * Pure: no I/O, no SQLite, no clock, so it is fuzzed as is. It must never allocate by a
 * size the client states before checking that size against the limits below. */
#ifndef PARLEY_INGEST_H
#define PARLEY_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"
#include "server/buf.h"
#include "server/db.h"

#define INGEST_MAX_WIRE_BYTES    (2u * 1024u * 1024u)  /* request body as sent (docs/interface.md §2) */
#define INGEST_MAX_DECODED_BYTES (8u * 1024u * 1024u)  /* NDJSON after LZ4 (docs/interface.md §2) */
/* Lines per upload. A kiosk sends tens; the cap bounds the per-line bookkeeping (and the
 * rejection list) that a body of tiny lines could otherwise multiply. */
#define INGEST_MAX_RECORDS       20000u
/* Decoded bodies and parsed records of all uploads in flight together; past it an upload
 * is answered 503 (retry) instead of the server running out of memory. */
#define INGEST_MEMORY_BUDGET     (256u * 1024u * 1024u)

typedef enum IngestEncoding {
    INGEST_UNSUPPORTED = 0,  /* → 415 */
    INGEST_PLAIN,            /* application/x-ndjson */
    INGEST_LZ4               /* application/x-ndjson+lz4: one LZ4 frame */
} IngestEncoding;

/* The media type of a Content-Type value (parameters such as charset ignored, case
 * insensitive). NULL → INGEST_UNSUPPORTED. */
IngestEncoding ingest_encoding(const char *content_type);

/* The valid records of one upload, in body order, and the rejections rendered as JSON. */
typedef struct IngestBatch {
    uint8_t *decoded;       /* the NDJSON of an LZ4 upload (owned), else NULL */
    size_t decoded_len;
    size_t count;           /* valid records */
    RecordInfo *infos;      /* count: what the validator read from each */
    DbRecord *records;      /* count: what to store; strings point into infos and the body */
    bool *inserted;         /* count: filled by the writer (true new, false duplicate) */
    SrvBuf rejected;        /* `{"id":..,"line":..,"error":..}` objects, comma separated */
    size_t rejected_count;
    size_t reserved;        /* bytes taken from INGEST_MEMORY_BUDGET, given back by free */
} IngestBatch;

typedef struct IngestError {
    int status;             /* 400, 413, 415, 500 or 503 */
    char message[256];      /* valid UTF-8, for {"error": ...} */
} IngestError;

/* Decodes and validates body[0..len) (which must stay alive and unchanged as long as b:
 * plain records point into it). On success fills *b (release with ingest_free) and
 * returns true, even when every record was rejected. On failure (bad frame, a line that is
 * not a JSON object, over a limit, out of budget) nothing is kept: b is empty and *err
 * says why; the whole upload is refused. */
bool ingest_decode(IngestEncoding enc, const char *body, size_t len, IngestBatch *b,
                   IngestError *err);

/* The 200 body: {"accepted":[ids],"duplicates":[ids],"rejected":[...]}, the stored records
 * split by b->inserted. Returns false when out of memory. */
bool ingest_render(const IngestBatch *b, char **out, size_t *out_len);

void ingest_free(IngestBatch *b);

/* What to store for a line record_validate accepted: strings point into info and line,
 * which must outlive *out. Shared with `parleyd import` (import.c). */
void ingest_db_record(const RecordInfo *info, const char *line, size_t len, DbRecord *out);

/* Bytes of INGEST_MEMORY_BUDGET in use right now (for tests and logs). */
size_t ingest_memory_in_use(void);

#endif
