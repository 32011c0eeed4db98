/* db.c — the SQLite store behind parleyd: durability settings, versioned migrations, the
 * writer's prepared insert transaction, read snapshots, close. Must never put request data
 * into SQL text, never weaken WAL + synchronous=FULL (an acknowledged record must survive a
 * power cut), never edit a shipped migration. */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/record.h"
#include "server/db.h"
#include "server/dbconn.h"

/* Checkpoints (copying the WAL back into the database file, with an fsync of it) are done
 * by a thread of their own on its own connection, in PASSIVE mode, so they do not hold up
 * commits the way SQLite's automatic checkpoint (run by the committing thread) does: that
 * halved throughput and stalled acknowledgements for 100+ ms in `make bench`. But while
 * commits keep coming, a background checkpoint never copies the very last frames, and the
 * WAL only restarts from its beginning once all of them are copied; so past
 * DB_WAL_INLINE_FRAMES the writer finishes the job itself after a commit (PASSIVE too: it
 * never waits for readers), which is short because the checkpointer did most of it. */
#define DB_CHECKPOINT_FRAMES 1000   /* WAL pages that wake the checkpointer (SQLite's default) */
#define DB_WAL_INLINE_FRAMES 8192   /* 32 MiB of WAL: the writer checkpoints after its commit */
#define DB_WAL_SIZE_LIMIT    "67108864" /* bytes a WAL file is cut back to after a restart */

/* The connection db_open makes belongs to the writer thread (writer.c) after start-up;
 * readers and the checkpointer open their own connections to the same file. */
struct Db {
    sqlite3 *conn;
    sqlite3_stmt *begin, *insert, *commit, *rollback;
    char path[4096];
    atomic_int wal_frames;          /* pages in the WAL after the last commit */
    sqlite3 *ckpt_conn;             /* the checkpointer's */
    pthread_t ckpt_thread;
    pthread_mutex_t ckpt_mu;
    pthread_cond_t ckpt_cv;
    bool ckpt_wanted, ckpt_stop, ckpt_running;
    /* The staff connection (accounts, moderation): its own writing connection, one user at
     * a time under staff_mu; its transactions wait for the writer's like any other. */
    sqlite3 *staff_conn;
    pthread_mutex_t staff_mu;
};

struct DbReader {
    sqlite3 *conn;
};

static DbStatus db_status_of(int rc);

/* The schema, one entry per version: migrations[i] takes user_version i to i + 1. Each runs
 * in one transaction together with the version bump, so a crash leaves either the old or
 * the new schema. Append only. */
static const char *const db_migrations[] = {
    /* 1: records as received. `body` is the full record JSON (unknown fields kept, §3);
     * the other columns are copies of its fields for lookups and exports. */
    "CREATE TABLE records ("
    "  id       TEXT PRIMARY KEY NOT NULL,"
    "  type     TEXT NOT NULL,"
    "  event    TEXT NOT NULL,"
    "  device   TEXT,"
    "  created  TEXT,"
    "  received TEXT NOT NULL,"
    "  body     TEXT NOT NULL"
    ");"
    "CREATE INDEX records_type ON records(type);"
    "CREATE INDEX records_event ON records(event);",
    /* 2: staff accounts, the publication state of comments, and the moderation log
     * (docs/staff-api.md). A comment without a publication row is pending at version 0. The log
     * is append-only: triggers refuse every UPDATE and DELETE, whoever asks. */
    "CREATE TABLE staff_users ("
    "  name    TEXT PRIMARY KEY NOT NULL,"
    "  role    TEXT NOT NULL CHECK (role IN ('moderator', 'chair', 'admin')),"
    "  hash    TEXT NOT NULL,"
    "  created TEXT NOT NULL,"
    "  changed TEXT NOT NULL"
    ");"
    "CREATE TABLE publication ("
    "  comment    TEXT PRIMARY KEY NOT NULL REFERENCES records(id),"
    "  state      TEXT NOT NULL CHECK (state IN ('pending', 'published', 'withheld')),"
    "  reason     TEXT CHECK (reason IS NULL OR reason IN"
    "               ('off_topic', 'abusive', 'personal_data', 'duplicate', 'other')),"
    "  note       TEXT,"
    "  version    INTEGER NOT NULL CHECK (version > 0),"
    "  changed_by TEXT NOT NULL,"
    "  changed_at TEXT NOT NULL,"
    "  CHECK ((state = 'withheld') = (reason IS NOT NULL))"
    ");"
    "CREATE INDEX publication_state ON publication(state);"
    "CREATE TABLE moderation_log ("
    "  seq        INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at         TEXT NOT NULL,"
    "  actor      TEXT NOT NULL,"
    "  comment    TEXT NOT NULL,"
    "  event      TEXT NOT NULL,"
    "  from_state TEXT NOT NULL,"
    "  to_state   TEXT NOT NULL,"
    "  reason     TEXT,"
    "  note       TEXT,"
    "  version    INTEGER NOT NULL"
    ");"
    "CREATE INDEX moderation_log_event ON moderation_log(event, seq);"
    "CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log"
    " BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;"
    "CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log"
    " BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;",
    /* 3: the Chair's tools (docs/chair-api.md): the item in progress of each event, the
     * status of registrations with its append-only log (like the moderation log), the
     * speakers' queue and the summary draft. A registration without a status row is
     * pending at version 0. A participant holds at most one open floor request per agenda
     * item: the partial unique index says so even if two requests race. */
    "CREATE TABLE event_current ("
    "  event       TEXT PRIMARY KEY NOT NULL,"
    "  agenda_item TEXT,"
    "  since       TEXT,"
    "  version     INTEGER NOT NULL CHECK (version > 0),"
    "  changed_by  TEXT NOT NULL"
    ");"
    "CREATE TABLE registration_status ("
    "  registration TEXT PRIMARY KEY NOT NULL REFERENCES records(id),"
    "  event        TEXT NOT NULL,"
    "  status       TEXT NOT NULL CHECK (status IN"
    "                 ('pending', 'approved', 'objected', 'withdrawn')),"
    "  party        TEXT,"
    "  note         TEXT,"
    "  version      INTEGER NOT NULL CHECK (version > 0),"
    "  changed_by   TEXT NOT NULL,"
    "  changed_at   TEXT NOT NULL,"
    "  CHECK ((status = 'objected') = (party IS NOT NULL))"
    ");"
    "CREATE INDEX registration_status_event ON registration_status(event, status);"
    "CREATE TABLE registration_log ("
    "  seq          INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at           TEXT NOT NULL,"
    "  actor        TEXT NOT NULL,"
    "  registration TEXT NOT NULL,"
    "  event        TEXT NOT NULL,"
    "  from_status  TEXT NOT NULL,"
    "  to_status    TEXT NOT NULL,"
    "  party        TEXT,"
    "  note         TEXT,"
    "  version      INTEGER NOT NULL"
    ");"
    "CREATE INDEX registration_log_event ON registration_log(event, seq);"
    "CREATE TRIGGER registration_log_no_update BEFORE UPDATE ON registration_log"
    " BEGIN SELECT RAISE(ABORT, 'the registration log is append-only'); END;"
    "CREATE TRIGGER registration_log_no_delete BEFORE DELETE ON registration_log"
    " BEGIN SELECT RAISE(ABORT, 'the registration log is append-only'); END;"
    "CREATE TABLE floor_requests ("
    "  seq          INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  id           TEXT UNIQUE NOT NULL,"
    "  event        TEXT NOT NULL,"
    "  participant  TEXT NOT NULL,"
    "  agenda_item  TEXT NOT NULL,"
    "  addressed_to TEXT,"
    "  state        TEXT NOT NULL CHECK (state IN ('waiting', 'speaking', 'done', 'withdrawn')),"
    "  created      TEXT NOT NULL,"
    "  changed_at   TEXT NOT NULL,"
    "  changed_by   TEXT"
    ");"
    "CREATE UNIQUE INDEX floor_open ON floor_requests(event, agenda_item, participant)"
    " WHERE state IN ('waiting', 'speaking');"
    "CREATE INDEX floor_event ON floor_requests(event, agenda_item, seq);"
    /* The Chair's saved summary draft of each event: its JSON as validated and re-written by
     * summary.c, and the last comment (by rowid) the Chair had seen when saving it. */
    "CREATE TABLE summary_drafts ("
    "  event      TEXT PRIMARY KEY NOT NULL,"
    "  body       TEXT NOT NULL,"
    "  through    INTEGER NOT NULL,"
    "  version    INTEGER NOT NULL CHECK (version > 0),"
    "  changed_by TEXT NOT NULL,"
    "  changed_at TEXT NOT NULL"
    ");",
};

#define DB_MIGRATION_COUNT ((int)(sizeof db_migrations / sizeof db_migrations[0]))

int db_schema_version(void)
{
    return DB_MIGRATION_COUNT;
}

static void db_fail(sqlite3 *conn, const char *what, char *err, size_t cap)
{
    snprintf(err, cap, "database: %s: %s", what, conn ? sqlite3_errmsg(conn) : "out of memory");
}

/* Runs every statement in `sql` (trusted text from this file only), discarding rows. */
static bool db_exec(sqlite3 *conn, const char *sql, char *err, size_t cap)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(conn, tail, -1, &st, &tail) != SQLITE_OK) {
            db_fail(conn, "prepare", err, cap);
            return false;
        }
        if (!st) continue;  /* whitespace or a comment after the last statement */
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            db_fail(conn, "step", err, cap);
            return false;
        }
    }
    return true;
}

/* Runs a one-row query (a PRAGMA read) and copies column 0 as text into out. */
static bool db_query_text(sqlite3 *conn, const char *sql, char *out, size_t out_cap,
                          char *err, size_t cap)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(conn, sql, -1, &st, NULL) != SQLITE_OK) {
        db_fail(conn, sql, err, cap);
        return false;
    }
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        db_fail(conn, sql, err, cap);
        sqlite3_finalize(st);
        return false;
    }
    const unsigned char *v = sqlite3_column_text(st, 0);
    snprintf(out, out_cap, "%s", v ? (const char *)v : "");
    sqlite3_finalize(st);
    return true;
}

static bool db_configure(sqlite3 *conn, char *err, size_t cap)
{
    char v[32];
    /* journal_mode answers with the mode actually in force: WAL can be refused (e.g. on
     * some network file systems) and we will not run without it. */
    if (!db_query_text(conn, "PRAGMA journal_mode=WAL", v, sizeof v, err, cap)) return false;
    if (strcmp(v, "wal") != 0) {
        snprintf(err, cap, "database: cannot enable WAL journal mode (got \"%s\")", v);
        return false;
    }
    /* FULL syncs the WAL on every commit: slower than NORMAL, but a record we acknowledged
     * is on disk even if the machine loses power a moment later. */
    if (!db_exec(conn, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                       " PRAGMA journal_size_limit=" DB_WAL_SIZE_LIMIT ";", err, cap))
        return false;
    if (!db_query_text(conn, "PRAGMA synchronous", v, sizeof v, err, cap)) return false;
    if (strcmp(v, "2") != 0) {
        snprintf(err, cap, "database: synchronous=FULL did not take effect");
        return false;
    }
    return true;
}

static void db_migrate_rollback(sqlite3 *conn)
{
    char ignore[8];
    (void)db_exec(conn, "ROLLBACK", ignore, sizeof ignore);
}

static bool db_migrate(sqlite3 *conn, char *err, size_t cap)
{
    char v[32];
    if (!db_query_text(conn, "PRAGMA user_version", v, sizeof v, err, cap)) return false;
    int version = atoi(v);
    if (version < 0 || version > DB_MIGRATION_COUNT) {
        snprintf(err, cap,
                 "database: schema version %d is not one this parleyd knows (0..%d); "
                 "was it written by a newer version?", version, DB_MIGRATION_COUNT);
        return false;
    }
    for (int i = version; i < DB_MIGRATION_COUNT; i++) {
        /* IMMEDIATE takes the write lock up front, so two parleyd starting on the same
         * directory cannot both run the same migration. */
        if (!db_exec(conn, "BEGIN IMMEDIATE", err, cap)) return false;
        char v2[32] = "";
        if (!db_query_text(conn, "PRAGMA user_version", v2, sizeof v2, err, cap)) {
            db_migrate_rollback(conn);
            return false;
        }
        if (atoi(v2) != i) {
            /* Another process migrated between our read and our lock: start over. */
            db_migrate_rollback(conn);
            return db_migrate(conn, err, cap);
        }
        /* The version is a literal int we format ourselves: PRAGMA takes no parameters. */
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", i + 1);
        if (!db_exec(conn, db_migrations[i], err, cap) || !db_exec(conn, bump, err, cap) ||
            !db_exec(conn, "COMMIT", err, cap)) {
            db_migrate_rollback(conn);
            size_t used = strlen(err);
            snprintf(err + used, cap - used, " (migration to version %d)", i + 1);
            return false;
        }
    }
    return true;
}

/* The writer's statements, prepared once: the hot path only binds, steps and resets. */
static bool db_prepare_writes(Db *db, char *err, size_t cap)
{
    static const struct { size_t offset; const char *sql; } stmts[] = {
        {offsetof(Db, begin), "BEGIN IMMEDIATE"},
        {offsetof(Db, insert),
         "INSERT INTO records (id, type, event, device, created, received, body) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING"},
        {offsetof(Db, commit), "COMMIT"},
        {offsetof(Db, rollback), "ROLLBACK"},
    };
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
        sqlite3_stmt **slot = (sqlite3_stmt **)((char *)db + stmts[i].offset);
        if (sqlite3_prepare_v3(db->conn, stmts[i].sql, -1, SQLITE_PREPARE_PERSISTENT, slot,
                               NULL) != SQLITE_OK) {
            db_fail(db->conn, "prepare", err, cap);
            return false;
        }
    }
    return true;
}

/* Called by SQLite on the writing connection after each commit, with the WAL's size. */
static int db_wal_hook(void *arg, sqlite3 *conn, const char *name, int frames)
{
    (void)conn;
    (void)name;
    Db *db = arg;
    atomic_store(&db->wal_frames, frames);
    if (frames >= DB_CHECKPOINT_FRAMES && db->ckpt_running) {
        pthread_mutex_lock(&db->ckpt_mu);
        db->ckpt_wanted = true;
        pthread_cond_signal(&db->ckpt_cv);
        pthread_mutex_unlock(&db->ckpt_mu);
    }
    return SQLITE_OK;
}

static void *db_checkpointer_main(void *arg)
{
    Db *db = arg;
    pthread_mutex_lock(&db->ckpt_mu);
    for (;;) {
        while (!db->ckpt_wanted && !db->ckpt_stop) pthread_cond_wait(&db->ckpt_cv, &db->ckpt_mu);
        if (db->ckpt_stop) break;
        db->ckpt_wanted = false;
        pthread_mutex_unlock(&db->ckpt_mu);
        /* PASSIVE: copies what it can without waiting for (or blocking) the writer or any
         * reader; the writer then restarts the WAL from its beginning once all of it has
         * been copied. A failure (e.g. a full disk) is retried at the next wake-up. */
        int rc = sqlite3_wal_checkpoint_v2(db->ckpt_conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
                                           NULL);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            fprintf(stderr, "parleyd: database: checkpoint failed: %s\n",
                    sqlite3_errmsg(db->ckpt_conn));
        pthread_mutex_lock(&db->ckpt_mu);
    }
    pthread_mutex_unlock(&db->ckpt_mu);
    return NULL;
}

/* Hands checkpoints to the checkpointer thread (see DB_CHECKPOINT_FRAMES). */
static bool db_start_checkpointer(Db *db, const char *path, char *err, size_t cap)
{
    int rc = sqlite3_open_v2(path, &db->ckpt_conn,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
                             NULL);
    if (rc != SQLITE_OK) {
        db_fail(db->ckpt_conn, "checkpoint connection", err, cap);
        return false;
    }
    sqlite3_busy_timeout(db->ckpt_conn, DB_BUSY_TIMEOUT_MS);
    sqlite3_wal_autocheckpoint(db->ckpt_conn, 0);
    rc = pthread_create(&db->ckpt_thread, NULL, db_checkpointer_main, db);
    if (rc != 0) {
        snprintf(err, cap, "database: cannot start the checkpoint thread: %s", strerror(rc));
        return false;
    }
    db->ckpt_running = true;
    sqlite3_wal_autocheckpoint(db->conn, 0);
    sqlite3_wal_hook(db->conn, db_wal_hook, db);
    return true;
}

/* SQL: parley_reference(id) → the receipt code of a record id (record_reference), or NULL.
 * Lets a search match a code read out by a participant. */
static void db_fn_reference(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *id = sqlite3_value_text(argv[0]);
    char ref[RECORD_REFERENCE_BYTES];
    if (!id || !record_reference((const char *)id, ref)) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_text(ctx, ref, -1, SQLITE_TRANSIENT);
}

static int db_add_functions(sqlite3 *conn)
{
    return sqlite3_create_function(conn, "parley_reference", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   db_fn_reference, NULL, NULL);
}

static bool db_open_staff(Db *db, const char *path, char *err, size_t cap)
{
    int rc = sqlite3_open_v2(path, &db->staff_conn,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
                             NULL);
    if (rc != SQLITE_OK) {
        db_fail(db->staff_conn, "staff connection", err, cap);
        return false;
    }
    sqlite3_extended_result_codes(db->staff_conn, 1);
    sqlite3_busy_timeout(db->staff_conn, DB_BUSY_TIMEOUT_MS);
    sqlite3_wal_autocheckpoint(db->staff_conn, 0);  /* the checkpointer's job */
    if (db_add_functions(db->staff_conn) != SQLITE_OK ||
        !db_exec(db->staff_conn, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err, cap)) {
        db_fail(db->staff_conn, "staff connection", err, cap);
        return false;
    }
    return true;
}

sqlite3 *db_staff_acquire(Db *db)
{
    pthread_mutex_lock(&db->staff_mu);
    return db->staff_conn;
}

void db_staff_release(Db *db)
{
    if (!sqlite3_get_autocommit(db->staff_conn))
        (void)sqlite3_exec(db->staff_conn, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&db->staff_mu);
}

sqlite3 *db_reader_conn(DbReader *rd)
{
    return rd->conn;
}

DbStatus db_status_from(int rc)
{
    return db_status_of(rc);
}

Db *db_open(const char *dir, char *err, size_t cap)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, DB_FILE_NAME);
    if (n < 0 || (size_t)n >= sizeof path) {
        snprintf(err, cap, "database: path too long");
        return NULL;
    }
    Db *db = calloc(1, sizeof *db);
    if (!db) {
        snprintf(err, cap, "database: out of memory");
        return NULL;
    }
    pthread_mutex_init(&db->ckpt_mu, NULL);
    pthread_cond_init(&db->ckpt_cv, NULL);
    pthread_mutex_init(&db->staff_mu, NULL);
    atomic_init(&db->wal_frames, 0);
    /* FULLMUTEX costs little and keeps a stray second user of the connection safe. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX |
                SQLITE_OPEN_NOFOLLOW;
    int rc = sqlite3_open_v2(path, &db->conn, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, cap, "database: cannot open %s: %s", path,
                 db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
        db_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db->conn, 1);
    sqlite3_busy_timeout(db->conn, DB_BUSY_TIMEOUT_MS);
    if (!db_configure(db->conn, err, cap) || !db_migrate(db->conn, err, cap) ||
        !db_prepare_writes(db, err, cap) || !db_start_checkpointer(db, path, err, cap) ||
        !db_open_staff(db, path, err, cap)) {
        db_close(db);
        return NULL;
    }
    memcpy(db->path, path, (size_t)n + 1);
    return db;
}

void db_close(Db *db)
{
    if (!db) return;
    if (db->ckpt_running) {
        pthread_mutex_lock(&db->ckpt_mu);
        db->ckpt_stop = true;
        pthread_cond_signal(&db->ckpt_cv);
        pthread_mutex_unlock(&db->ckpt_mu);
        pthread_join(db->ckpt_thread, NULL);
    }
    /* Closed before the writing connection, so that one is the last: its close checkpoints
     * everything and removes the WAL. */
    if (db->ckpt_conn) sqlite3_close(db->ckpt_conn);
    if (db->staff_conn) sqlite3_close_v2(db->staff_conn);
    pthread_mutex_destroy(&db->staff_mu);
    pthread_cond_destroy(&db->ckpt_cv);
    pthread_mutex_destroy(&db->ckpt_mu);
    sqlite3_finalize(db->begin);
    sqlite3_finalize(db->insert);
    sqlite3_finalize(db->commit);
    sqlite3_finalize(db->rollback);
    if (db->conn) {
        /* Every statement is finalized by now, so close cannot be busy; if it is, that is
         * a bug worth a line in the log rather than a silent leak. */
        if (sqlite3_close(db->conn) != SQLITE_OK)
            fprintf(stderr, "parleyd: database close failed: %s\n", sqlite3_errmsg(db->conn));
    }
    free(db);
}

/* --- status mapping ----------------------------------------------------------------------- */

static DbStatus db_status_of(int rc)
{
    switch (rc & 0xff) {  /* the primary code of an extended one */
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW: return DB_OK;
    case SQLITE_FULL: return DB_FULL;
    case SQLITE_IOERR: return DB_IO;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DB_BUSY;
    case SQLITE_NOMEM: return DB_NOMEM;
    default: return DB_ERROR;
    }
}

const char *db_status_text(DbStatus s)
{
    switch (s) {
    case DB_OK: return "ok";
    case DB_FULL: return "the disk is full";
    case DB_IO: return "a disk write failed";
    case DB_BUSY: return "the database is locked by another process";
    case DB_NOMEM: return "out of memory";
    case DB_ERROR: return "database error";
    }
    return "database error";
}

/* --- writing ------------------------------------------------------------------------------ */

/* Steps a statement that returns no rows and resets it; the status of the step. */
static DbStatus db_step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_status_of(rc == SQLITE_ROW ? SQLITE_MISUSE : rc);
}

DbStatus db_begin(Db *db)
{
    return db_step_done(db->begin);
}

DbStatus db_insert(Db *db, const DbRecord *r, const char *received, bool *inserted)
{
    sqlite3_stmt *st = db->insert;
    *inserted = false;
    /* SQLITE_STATIC: the strings outlive the step; nothing is copied on the hot path. */
    int rc = sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 2, r->type, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 3, r->event, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 4, r->device, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 5, r->created, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 6, received, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text64(st, 7, r->body, (sqlite3_uint64)r->body_len, SQLITE_STATIC,
                                 SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        sqlite3_clear_bindings(st);
        return db_status_of(rc);
    }
    DbStatus s = db_step_done(st);
    /* ON CONFLICT DO NOTHING: one changed row means it is new, none a duplicate id. */
    if (s == DB_OK) *inserted = sqlite3_changes(db->conn) == 1;
    sqlite3_clear_bindings(st);
    return s;
}

DbStatus db_commit(Db *db)
{
    DbStatus s = db_step_done(db->commit);
    if (s == DB_OK && atomic_load(&db->wal_frames) >= DB_WAL_INLINE_FRAMES) {
        /* The commit has succeeded whatever this says; a failure (full disk, readers still
         * on old frames) only means the WAL grows a little longer. */
        int log = 0, done = 0;
        int rc = sqlite3_wal_checkpoint_v2(db->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
        if (rc == SQLITE_OK && log == done) atomic_store(&db->wal_frames, 0);
    }
    return s;
}

void db_rollback(Db *db)
{
    /* A failed COMMIT may already have rolled back (SQLITE_FULL, IOERR): only roll back
     * what is still open, or ROLLBACK itself fails with "no transaction is active". */
    if (!sqlite3_get_autocommit(db->conn)) (void)db_step_done(db->rollback);
}

const char *db_write_error(Db *db)
{
    return sqlite3_errmsg(db->conn);
}

/* --- reading ------------------------------------------------------------------------------ */

DbStatus db_reader_open(Db *db, DbReader **out)
{
    *out = NULL;
    DbReader *rd = calloc(1, sizeof *rd);
    if (!rd) return DB_NOMEM;
    /* Read-only and no mutex: one request thread uses it, then closes it. */
    int rc = sqlite3_open_v2(db->path, &rd->conn,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
                             NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(rd->conn, 1);
        sqlite3_busy_timeout(rd->conn, DB_BUSY_TIMEOUT_MS);
        rc = db_add_functions(rd->conn);
        /* One read transaction for the reader's life: stats and exports see one snapshot
         * even while uploads commit. */
        if (rc == SQLITE_OK) rc = sqlite3_exec(rd->conn, "BEGIN", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        DbStatus s = db_status_of(rc);
        fprintf(stderr, "parleyd: database: cannot open a reader: %s\n",
                rd->conn ? sqlite3_errmsg(rd->conn) : sqlite3_errstr(rc));
        db_reader_close(rd);
        return s == DB_OK ? DB_ERROR : s;
    }
    *out = rd;
    return DB_OK;
}

void db_reader_close(DbReader *rd)
{
    if (!rd) return;
    if (rd->conn) {
        if (!sqlite3_get_autocommit(rd->conn))
            (void)sqlite3_exec(rd->conn, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(rd->conn);
    }
    free(rd);
}

static const char *db_col_text(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

/* JSON true/false come out of json_extract as 1/0; anything else (missing, a string) is
 * "unknown". */
static int db_col_bool(sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) != SQLITE_INTEGER) return -1;
    return sqlite3_column_int(st, col) != 0;
}

/* Prepares one of the read queries below and binds the optional event filter to ?1. */
static DbStatus db_read_prepare(DbReader *rd, const char *sql, const char *event,
                                sqlite3_stmt **out)
{
    int rc = sqlite3_prepare_v2(rd->conn, sql, -1, out, NULL);
    if (rc == SQLITE_OK)
        rc = event ? sqlite3_bind_text(*out, 1, event, -1, SQLITE_STATIC)
                   : sqlite3_bind_null(*out, 1);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "parleyd: database: read query: %s\n", sqlite3_errmsg(rd->conn));
        sqlite3_finalize(*out);
        *out = NULL;
        return db_status_of(rc);
    }
    return DB_OK;
}

DbStatus db_read_rows(DbReader *rd, sqlite3_stmt *st, DbRowFn row, void *a, void *b)
{
    int rc = dbs_step_rows(st, row, a, b);
    if (rc != SQLITE_OK) fprintf(stderr, "parleyd: database: read: %s\n", sqlite3_errmsg(rd->conn));
    return db_status_of(rc);
}

/* Fields come from the stored JSON (json_extract), so what a record said is read back
 * exactly as received; json_valid guards rows that did not come through the validator. */
static bool db_registration_row(sqlite3_stmt *st, void *fn, void *ctx)
{
    DbRegistration r = {
        .id = db_col_text(st, 0),
        .event = db_col_text(st, 1),
        .created = db_col_text(st, 2),
        .received = db_col_text(st, 3),
        .name = db_col_text(st, 4),
        .organization = db_col_text(st, 5),
        .category = db_col_text(st, 6),
        .country = db_col_text(st, 7),
        .email = db_col_text(st, 8),
        .publish_consent = db_col_bool(st, 9),
        .body = db_col_text(st, 10),
        .body_len = (size_t)sqlite3_column_bytes(st, 10),
        .status = db_col_text(st, 11),
    };
    return (*(DbRegistrationFn *)fn)(ctx, &r);
}

static bool db_comment_row(sqlite3_stmt *st, void *fn, void *ctx)
{
    DbComment c = {
        .id = db_col_text(st, 0),
        .event = db_col_text(st, 1),
        .created = db_col_text(st, 2),
        .received = db_col_text(st, 3),
        .participant = db_col_text(st, 4),
        .agenda_item = db_col_text(st, 5),
        .addressed_to = db_col_text(st, 6),
        .language = db_col_text(st, 7),
        .text = db_col_text(st, 8),
        .body = db_col_text(st, 9),
        .body_len = (size_t)sqlite3_column_bytes(st, 9),
        .has_registration = sqlite3_column_int(st, 10) != 0,
        .participant_name = db_col_text(st, 11),
        .organization = db_col_text(st, 12),
        .category = db_col_text(st, 13),
        .country = db_col_text(st, 14),
        .email = db_col_text(st, 15),
        .publish_consent = db_col_bool(st, 16),
    };
    return (*(DbCommentFn *)fn)(ctx, &c);
}

DbStatus db_each_registration(DbReader *rd, const char *event, DbRegistrationFn fn, void *ctx)
{
    static const char sql[] =
        "SELECT id, event, created, received,"
        " json_extract(b, '$.name'), json_extract(b, '$.organization'),"
        " json_extract(b, '$.category'), json_extract(b, '$.country'),"
        " json_extract(b, '$.email'), json_extract(b, '$.publish_consent'), b,"
        " coalesce((SELECT status FROM registration_status WHERE registration = id), 'pending') "
        "FROM (SELECT rowid AS n, id, event, created, received,"
        "             CASE WHEN json_valid(body) THEN body END AS b"
        "      FROM records WHERE type = 'registration' AND (?1 IS NULL OR event = ?1)) "
        "ORDER BY n";
    sqlite3_stmt *st;
    DbStatus s = db_read_prepare(rd, sql, event, &st);
    return s != DB_OK ? s : db_read_rows(rd, st, db_registration_row, &fn, ctx);
}

DbStatus db_each_comment(DbReader *rd, const char *event, DbCommentFn fn, void *ctx)
{
    /* The registration is found through the primary key of records (its id), so the join
     * costs one index lookup per comment. */
    static const char sql[] =
        "SELECT c.id, c.event, c.created, c.received,"
        " json_extract(c.b, '$.participant'), json_extract(c.b, '$.agenda_item'),"
        " json_extract(c.b, '$.addressed_to'), json_extract(c.b, '$.language'),"
        " json_extract(c.b, '$.text'), c.b,"
        " r.id IS NOT NULL,"
        " json_extract(r.b, '$.name'), json_extract(r.b, '$.organization'),"
        " json_extract(r.b, '$.category'), json_extract(r.b, '$.country'),"
        " json_extract(r.b, '$.email'), json_extract(r.b, '$.publish_consent') "
        "FROM (SELECT rowid AS n, id, event, created, received,"
        "             CASE WHEN json_valid(body) THEN body END AS b"
        "      FROM records WHERE type = 'comment' AND (?1 IS NULL OR event = ?1)) AS c "
        "LEFT JOIN (SELECT id, CASE WHEN json_valid(body) THEN body END AS b"
        "           FROM records WHERE type = 'registration') AS r"
        "  ON r.id = json_extract(c.b, '$.participant') "
        "ORDER BY c.n";
    sqlite3_stmt *st;
    DbStatus s = db_read_prepare(rd, sql, event, &st);
    return s != DB_OK ? s : db_read_rows(rd, st, db_comment_row, &fn, ctx);
}
