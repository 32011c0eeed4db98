/* ingest_raw.c — `make bench` helper: the raw rate of parleyd's inserts done in-process,
 * through parleyd's own db.c (same schema, WAL + synchronous=FULL, the same prepared
 * INSERT), BATCH records per transaction, for SECONDS. The records have the shape
 * tests/server/wrk-upload.lua sends. It measures only; it must never touch a real data dir.
 * usage: ingest_raw DIR BATCH SECONDS → one JSON line {"batch":..,"records":..,"seconds":..,"per_second":..} */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/db.h"

static double raw_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift64*: fast, deterministic ids; quality is irrelevant, uniqueness is what counts. */
static uint64_t raw_state = 0x9E3779B97F4A7C15u;
static uint64_t raw_next(void)
{
    raw_state ^= raw_state >> 12;
    raw_state ^= raw_state << 25;
    raw_state ^= raw_state >> 27;
    return raw_state * 0x2545F4914F6CDD1Du;
}

static void raw_uuid(char out[37])
{
    uint64_t a = raw_next(), b = raw_next();
    snprintf(out, 37, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32),
             (unsigned)(a >> 16) & 0xffffu, (unsigned)a & 0xfffu,
             (unsigned)((b >> 48) & 0x3fffu) | 0x8000u,
             (unsigned long long)(b & 0xffffffffffffULL));
}

typedef struct RawRecord {
    char id[37], device[37];
    char line[512];
    DbRecord rec;
} RawRecord;

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s DIR BATCH SECONDS\n", argv[0]);
        return 2;
    }
    int batch = atoi(argv[2]);
    double seconds = atof(argv[3]);
    if (batch < 1 || batch > 100000 || seconds <= 0) {
        fprintf(stderr, "ingest_raw: bad BATCH or SECONDS\n");
        return 2;
    }
    char err[512];
    Db *db = db_open(argv[1], err, sizeof err);
    if (!db) {
        fprintf(stderr, "ingest_raw: %s\n", err);
        return 1;
    }
    RawRecord *recs = calloc((size_t)batch, sizeof *recs);
    if (!recs) return 1;
    char device[37];
    raw_uuid(device);
    const char *received = "2022-07-01T10:00:00.000Z";
    long long total = 0, counter = 0;
    double t0 = raw_now(), t = t0;
    while (t - t0 < seconds) {
        /* Build the transaction's records outside the timed inserts' critical part? No:
         * the server builds them too (validation); formatting here is cheaper still. */
        for (int i = 0; i < batch; i++) {
            RawRecord *r = &recs[i];
            raw_uuid(r->id);
            memcpy(r->device, device, sizeof device);
            int n = snprintf(r->line, sizeof r->line,
                             "{\"v\":1,\"type\":\"registration\",\"id\":\"%s\",\"event\":"
                             "\"untoc-wg-som-9-cd-2022\",\"device\":\"%s\",\"created\":"
                             "\"2022-07-01T09:00:00.000Z\",\"name\":\"Load Test %lld\","
                             "\"organization\":\"Load Test Organization\",\"category\":\"ngo\","
                             "\"country\":\"MX\",\"email\":\"\",\"publish_consent\":true}",
                             r->id, r->device, ++counter);
            r->rec = (DbRecord){r->id, "registration", "untoc-wg-som-9-cd-2022", r->device,
                                "2022-07-01T09:00:00.000Z", r->line, (size_t)n};
        }
        DbStatus s = db_begin(db);
        for (int i = 0; s == DB_OK && i < batch; i++) {
            bool inserted;
            s = db_insert(db, &recs[i].rec, received, &inserted);
        }
        if (s == DB_OK) s = db_commit(db);
        if (s != DB_OK) {
            fprintf(stderr, "ingest_raw: %s: %s\n", db_status_text(s), db_write_error(db));
            db_rollback(db);
            db_close(db);
            return 1;
        }
        total += batch;
        t = raw_now();
    }
    double elapsed = t - t0;
    printf("{\"batch\":%d,\"records\":%lld,\"seconds\":%.3f,\"per_second\":%.1f}\n", batch, total,
           elapsed, (double)total / elapsed);
    free(recs);
    db_close(db);
    return 0;
}
