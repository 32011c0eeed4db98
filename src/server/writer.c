/* writer.c — the group-commit writer thread: a FIFO of upload jobs, each transaction taking
 * all that waited. Must never report a job done before its COMMIT returned, never hold the
 * queue lock across SQLite calls or callbacks, and never split one job over transactions. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/record.h"
#include "server/writer.h"

struct Writer {
    Db *db;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    WriterJob *head, *tail;  /* queued, not yet taken */
    bool stopping;           /* writer_stop called: finish the queue, then exit */
    bool stopped;            /* the thread has exited its loop: submit fails at once */
    WriterStats stats;
};

/* The server's clock, as the `received` column: when the transaction started. */
static void writer_now(char out[RECORD_TIME_BYTES])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    if (!record_format_time(ms, out)) snprintf(out, RECORD_TIME_BYTES, "%s", "");
}

/* One transaction over the jobs first..stop (stop excluded). Nothing is kept on failure. */
static DbStatus writer_transaction(Db *db, WriterJob *first, WriterJob *stop,
                                   const char *received)
{
    DbStatus s = db_begin(db);
    for (WriterJob *j = first; s == DB_OK && j != stop; j = j->next_) {
        for (size_t i = 0; i < j->count; i++) {
            s = db_insert(db, &j->records[i], received, &j->inserted[i]);
            if (s != DB_OK) break;
        }
    }
    if (s == DB_OK) s = db_commit(db);
    if (s != DB_OK) db_rollback(db);
    return s;
}

static void writer_mark(WriterJob *first, WriterJob *stop, DbStatus s)
{
    for (WriterJob *j = first; j != stop; j = j->next_) {
        j->state = s == DB_OK ? WRITER_COMMITTED : WRITER_FAILED;
        j->error = s;
        if (s != DB_OK) memset(j->inserted, 0, j->count * sizeof j->inserted[0]);
    }
}

static void writer_count(Writer *w, WriterJob *group, size_t jobs)
{
    uint64_t committed_jobs = 0, records = 0, failed = 0;
    for (WriterJob *j = group; j; j = j->next_) {
        if (j->state == WRITER_COMMITTED) {
            committed_jobs++;
            records += j->count;
        } else {
            failed++;
        }
    }
    pthread_mutex_lock(&w->mu);
    if (committed_jobs) {
        w->stats.jobs += committed_jobs;
        w->stats.records += records;
        if (jobs > w->stats.largest_group && committed_jobs == jobs)
            w->stats.largest_group = jobs;
    }
    w->stats.failed_jobs += failed;
    pthread_mutex_unlock(&w->mu);
}

static void writer_commit_group(Writer *w, WriterJob *group, size_t jobs)
{
    char received[RECORD_TIME_BYTES];
    writer_now(received);
    DbStatus s = writer_transaction(w->db, group, NULL, received);
    uint64_t transactions = s == DB_OK;
    if (s == DB_OK) {
        writer_mark(group, NULL, s);
    } else if (s == DB_ERROR && jobs > 1) {
        /* Not the disk or the lock, so maybe one job's content: give every job its own
         * transaction, so one bad upload cannot fail the others that shared its group. */
        fprintf(stderr, "parleyd: writer: a group of %zu uploads failed (%s); retrying one by one\n",
                jobs, db_write_error(w->db));
        for (WriterJob *j = group; j; j = j->next_) {
            DbStatus one = writer_transaction(w->db, j, j->next_, received);
            writer_mark(j, j->next_, one);
            transactions += one == DB_OK;
        }
    } else {
        writer_mark(group, NULL, s);
        fprintf(stderr, "parleyd: writer: transaction failed, %zu upload%s not stored: %s (%s)\n",
                jobs, jobs == 1 ? "" : "s", db_status_text(s), db_write_error(w->db));
    }
    pthread_mutex_lock(&w->mu);
    w->stats.transactions += transactions;
    pthread_mutex_unlock(&w->mu);
    writer_count(w, group, jobs);
}

static void *writer_main(void *arg)
{
    Writer *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (!w->head && !w->stopping) pthread_cond_wait(&w->cv, &w->mu);
        if (!w->head) {
            w->stopped = true;
            pthread_mutex_unlock(&w->mu);
            break;
        }
        /* Everything that waited joins this transaction (up to the record cap): this is
         * the group commit. No timer waits for more; uploads that arrive while we commit
         * simply form the next group. */
        WriterJob *group = w->head, *last = NULL;
        size_t jobs = 0, records = 0;
        for (WriterJob *j = w->head; j; j = j->next_) {
            if (jobs > 0 && records + j->count > WRITER_MAX_GROUP_RECORDS) break;
            records += j->count;
            last = j;
            jobs++;
        }
        w->head = last->next_;
        if (!w->head) w->tail = NULL;
        last->next_ = NULL;
        pthread_mutex_unlock(&w->mu);

        writer_commit_group(w, group, jobs);

        for (WriterJob *j = group; j;) {
            WriterJob *next = j->next_;  /* done() may free j */
            j->next_ = NULL;
            j->done(j->ctx);
            j = next;
        }
    }
    return NULL;
}

Writer *writer_start(Db *db, char *err, size_t cap)
{
    Writer *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, cap, "writer: out of memory");
        return NULL;
    }
    w->db = db;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    int rc = pthread_create(&w->thread, NULL, writer_main, w);
    if (rc != 0) {
        snprintf(err, cap, "writer: cannot start its thread: %s", strerror(rc));
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return NULL;
    }
    return w;
}

void writer_submit(Writer *w, WriterJob *job)
{
    job->state = WRITER_QUEUED;
    job->error = DB_OK;
    job->next_ = NULL;
    pthread_mutex_lock(&w->mu);
    if (w->stopped) {
        pthread_mutex_unlock(&w->mu);
        job->state = WRITER_FAILED;
        job->error = DB_ERROR;
        job->done(job->ctx);
        return;
    }
    if (w->tail) w->tail->next_ = job;
    else w->head = job;
    w->tail = job;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void writer_stop(Writer *w, WriterStats *final_stats)
{
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    if (final_stats) *final_stats = w->stats;
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

void writer_stats(Writer *w, WriterStats *out)
{
    pthread_mutex_lock(&w->mu);
    *out = w->stats;
    pthread_mutex_unlock(&w->mu);
}
