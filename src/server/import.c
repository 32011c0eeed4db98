/* import.c — see import.h. Lines are read with a bound (a longer one is damaged, skipped
 * to its end), checked by core/devicefile.c, and the good records go to the writer in
 * batches: the same transaction code, received time and exactly-once rule as uploads.
 * A batch is small, so a parleyd serving the same database waits for it only briefly. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/devicefile.h"
#include "server/db.h"
#include "server/import.h"
#include "server/ingest.h"
#include "server/srv.h"
#include "server/writer.h"

#define IMPORT_BATCH_RECORDS 256
#define IMPORT_MAX_FILES     256

typedef struct ImportCounts {
    size_t accepted, duplicates, damaged, rejected, refused_files, unknown_event;
} ImportCounts;

/* One batch of records on its way to the writer; the lines are copies (the line buffer is
 * reused for the next line). */
typedef struct ImportBatch {
    RecordInfo infos[IMPORT_BATCH_RECORDS];
    char *lines[IMPORT_BATCH_RECORDS];
    DbRecord records[IMPORT_BATCH_RECORDS];
    bool inserted[IMPORT_BATCH_RECORDS];
    size_t count;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done;
} ImportBatch;

typedef struct Import {
    Writer *writer;
    const SrvState *events;  /* for the count of records whose event is not loaded */
    ImportBatch batch;
    ImportCounts n;
    DbStatus failed;         /* DB_OK until a batch could not be stored */
    char line[DEVICEFILE_MAX_LINE_BYTES + 2];
    char data[DEVICEFILE_MAX_DATA_BYTES + 1];
} Import;

static void import_usage(FILE *f)
{
    fprintf(f, "usage: parleyd import FILE... [--data DIR] [--event FILE]...\n"
               "Loads device export files into DIR/parley.db (default: data); see parleyd --help.\n");
}

static void import_done(void *ctx)
{
    ImportBatch *b = ctx;
    pthread_mutex_lock(&b->mu);
    b->done = true;
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

/* Hands the batch to the writer and waits for its commit; counts what was new. */
static void import_flush(Import *im)
{
    ImportBatch *b = &im->batch;
    if (b->count == 0) return;
    WriterJob job = {
        .records = b->records, .count = b->count, .inserted = b->inserted,
        .done = import_done, .ctx = b,
    };
    b->done = false;
    writer_submit(im->writer, &job);
    pthread_mutex_lock(&b->mu);
    while (!b->done) pthread_cond_wait(&b->cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
    if (job.state == WRITER_COMMITTED) {
        for (size_t i = 0; i < b->count; i++) {
            if (b->inserted[i]) im->n.accepted++;
            else im->n.duplicates++;
        }
    } else if (im->failed == DB_OK) {
        im->failed = job.error;
    }
    for (size_t i = 0; i < b->count; i++) free(b->lines[i]);
    b->count = 0;
}

static bool import_add(Import *im, const DevicefileEntry *e)
{
    ImportBatch *b = &im->batch;
    char *copy = malloc(e->data_len + 1);
    if (!copy) return false;
    memcpy(copy, im->data, e->data_len + 1);
    b->infos[b->count] = e->info;
    b->lines[b->count] = copy;
    ingest_db_record(&b->infos[b->count], copy, e->data_len, &b->records[b->count]);
    b->inserted[b->count] = false;
    if (im->events && !srv_event_find(im->events, e->info.event)) im->n.unknown_event++;
    if (++b->count == IMPORT_BATCH_RECORDS) import_flush(im);
    return true;
}

/* The next line into im->line without its "\n" (or "\r\n"). Returns 1 and its length,
 * 0 at the end, -1 for a line over the limit (skipped to its end; *len is its length). */
static int import_next_line(FILE *f, char *buf, size_t cap, size_t *len)
{
    size_t n = 0;
    bool over = false;
    int c;
    while ((c = getc_unlocked(f)) != EOF && c != '\n') {
        if (n + 1 < cap) buf[n] = (char)c;
        else over = true;
        n++;
    }
    if (c == EOF && n == 0) return 0;
    if (!over && n > 0 && buf[n - 1] == '\r') n--;
    *len = n;
    if (over) return -1;
    buf[n] = '\0';
    return 1;
}

static void import_file(Import *im, const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "import: %s: not imported: %s\n", path,
                f ? "not a regular file" : strerror(errno));
        if (f) fclose(f);
        im->n.refused_files++;
        return;
    }
    size_t len = 0;
    int got = import_next_line(f, im->line, sizeof im->line, &len);
    DevicefileHeader h;
    DevicefileError err;
    if (got <= 0 || devicefile_read_header(im->line, len, &h, &err) != DEVICEFILE_OK) {
        fprintf(stderr, "import: %s: not imported, not a device export file: %s\n", path,
                got == 0 ? "the file is empty"
                : got < 0 ? "its first line is too long for a header"
                          : err.message);
        fclose(f);
        im->n.refused_files++;
        return;
    }
    uint64_t seen = 0;
    size_t line_no = 1;
    for (;;) {
        got = import_next_line(f, im->line, sizeof im->line, &len);
        if (got == 0) break;
        line_no++;
        if (got > 0 && len == 0) continue;  /* a blank line carries nothing */
        seen++;
        DevicefileEntry e;
        DevicefileStatus s = got < 0 ? DEVICEFILE_DAMAGED
                                     : devicefile_read_entry(im->line, len, &e, im->data,
                                                             sizeof im->data, &err);
        if (got < 0)
            snprintf(err.message, sizeof err.message, "line is %zu bytes, over the limit of %u",
                     len, DEVICEFILE_MAX_LINE_BYTES);
        if (s == DEVICEFILE_OK) {
            if (!import_add(im, &e)) {
                fprintf(stderr, "import: out of memory\n");
                im->failed = DB_NOMEM;
                break;
            }
        } else if (s == DEVICEFILE_INVALID_RECORD) {
            im->n.rejected++;
            fprintf(stderr, "import: %s:%zu: rejected record %s: %s\n", path, line_no, e.id,
                    err.message);
        } else {
            im->n.damaged++;
            fprintf(stderr, "import: %s:%zu: damaged%s%s: %s\n", path, line_no,
                    s == DEVICEFILE_UNDECODABLE || e.id[0] ? ", record " : "", e.id,
                    err.message);
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "import: %s: read error after line %zu\n", path, line_no);
        im->n.damaged++;
    }
    if (seen < h.count) {
        fprintf(stderr, "import: %s: cut short: the header announces %llu records, the file "
                        "holds %llu lines\n",
                path, (unsigned long long)h.count, (unsigned long long)seen);
        im->n.damaged += (size_t)(h.count - seen);
    } else if (seen > h.count) {
        fprintf(stderr, "import: %s: %llu lines more than the %llu records the header "
                        "announces (counted as damaged once)\n",
                path, (unsigned long long)(seen - h.count), (unsigned long long)h.count);
        im->n.damaged++;
    }
    fclose(f);
    import_flush(im);
}

int import_main(int argc, char **argv)
{
    const char *data = "data";
    const char *files[IMPORT_MAX_FILES];
    const char *events[SRV_MAX_EVENTS];
    int nfiles = 0, nevents = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            import_usage(stdout);
            return 0;
        }
        bool is_data = strcmp(a, "--data") == 0, is_event = strcmp(a, "--event") == 0;
        if (is_data || is_event) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                fprintf(stderr, "parleyd import: %s needs a value\n", a);
                import_usage(stderr);
                return 2;
            }
            if (is_data) data = argv[++i];
            else if (nevents < SRV_MAX_EVENTS) events[nevents++] = argv[++i];
            else {
                fprintf(stderr, "parleyd import: too many --event options (at most %d)\n",
                        SRV_MAX_EVENTS);
                return 2;
            }
        } else if (strncmp(a, "--", 2) == 0) {
            fprintf(stderr, "parleyd import: unknown option '%s'\n", a);
            import_usage(stderr);
            return 2;
        } else if (nfiles < IMPORT_MAX_FILES) {
            files[nfiles++] = a;
        } else {
            fprintf(stderr, "parleyd import: too many files (at most %d)\n", IMPORT_MAX_FILES);
            return 2;
        }
    }
    if (nfiles == 0) {
        fprintf(stderr, "parleyd import: no file given\n");
        import_usage(stderr);
        return 2;
    }
    umask(077);
    static SrvState st;  /* events only */
    static Import im;
    char err[SRV_PATH_MAX + 1024];
    if (nevents && !srv_events_load(&st, events, nevents, err, sizeof err)) {
        fprintf(stderr, "parleyd import: %s\n", err);
        return 2;
    }
    im.events = nevents ? &st : NULL;
    Db *db = NULL;
    if (!srv_mkdirs(data, err, sizeof err) || !(db = db_open(data, err, sizeof err)) ||
        !(im.writer = writer_start(db, err, sizeof err))) {
        fprintf(stderr, "parleyd import: %s\n", err);
        db_close(db);
        srv_events_free(&st);
        return 3;
    }
    pthread_mutex_init(&im.batch.mu, NULL);
    pthread_cond_init(&im.batch.cv, NULL);
    for (int i = 0; i < nfiles && im.failed == DB_OK; i++) import_file(&im, files[i]);
    writer_stop(im.writer, NULL);
    db_close(db);
    srv_events_free(&st);
    pthread_cond_destroy(&im.batch.cv);
    pthread_mutex_destroy(&im.batch.mu);
    if (im.failed != DB_OK) {
        fprintf(stderr, "parleyd import: the database could not be written (%s); records "
                        "acknowledged above are stored, import again for the rest (nothing "
                        "is stored twice)\n", db_status_text(im.failed));
    }
    printf("import: %zu accepted, %zu duplicates, %zu damaged, %zu rejected", im.n.accepted,
           im.n.duplicates, im.n.damaged, im.n.rejected);
    if (im.n.refused_files)
        printf(", %zu file%s refused", im.n.refused_files, im.n.refused_files == 1 ? "" : "s");
    if (im.n.unknown_event)
        printf(" (%zu for events not given with --event, stored)", im.n.unknown_event);
    printf("\n");
    if (im.failed != DB_OK) return 3;
    return im.n.damaged || im.n.rejected || im.n.refused_files ? 1 : 0;
}
