/* writer.h — the one thread that writes to SQLite, with group commit: every upload waiting
 * when a transaction starts goes into that transaction, so N concurrent uploads cost one
 * fsync, not N. A job is reported done only after the transaction holding it committed
 * (or failed, and then none of it may be acknowledged). Never call SQLite from elsewhere. */
#ifndef PARLEY_WRITER_H
#define PARLEY_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/db.h"

/* Records in one transaction at most: a bound on how long one commit holds the write lock
 * (and so on the latency of the uploads queued behind it). At least one job always goes. */
#define WRITER_MAX_GROUP_RECORDS 20000

typedef enum WriterState {
    WRITER_QUEUED = 0,
    WRITER_COMMITTED,  /* durable: inserted[] says which records were new */
    WRITER_FAILED      /* nothing of this job is stored; error says why */
} WriterState;

/* One upload's records. The submitter owns the job and everything it points to, and must
 * keep them alive and untouched until done() has been called. */
typedef struct WriterJob {
    const DbRecord *records;
    size_t count;
    bool *inserted;                 /* out: count flags, true = new, false = duplicate id */
    void (*done)(void *ctx);        /* called once, from the writer thread, after the result */
    void *ctx;
    WriterState state;              /* read it only after done() */
    DbStatus error;
    struct WriterJob *next_;        /* the writer's queue link */
} WriterJob;

typedef struct WriterStats {
    uint64_t transactions;  /* committed */
    uint64_t jobs;          /* committed */
    uint64_t records;       /* committed, new or duplicate */
    uint64_t failed_jobs;
    uint64_t largest_group; /* jobs in the largest committed transaction */
} WriterStats;

typedef struct Writer Writer;

/* Starts the thread; db's writing connection belongs to it from now on. */
Writer *writer_start(Db *db, char *err, size_t cap);

/* Queues job (count >= 1). done() runs on the writer thread once the job's transaction
 * committed or failed; after writer_stop it runs at once, on the caller's thread, with
 * WRITER_FAILED. */
void writer_submit(Writer *w, WriterJob *job);

/* Commits what is already queued, then stops and joins the thread; the final counters go
 * to *final_stats (may be NULL). NULL w is fine. */
void writer_stop(Writer *w, WriterStats *final_stats);

void writer_stats(Writer *w, WriterStats *out);

#endif
