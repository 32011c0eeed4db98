/* db.h — parleyd's SQLite store: opening with the durability settings, schema migrations
 * by PRAGMA user_version, the writer's insert transaction, read snapshots for exports and
 * stats, clean close. With dbstaff.c (through dbconn.h) the only code that talks to
 * SQLite; it must never build SQL from request data (bound parameters only). */
#ifndef PARLEY_DB_H
#define PARLEY_DB_H

#include <stdbool.h>
#include <stddef.h>

#define DB_FILE_NAME        "parley.db"
#define DB_BUSY_TIMEOUT_MS  5000   /* waits this long for another writer before failing */

typedef struct Db Db;

/* Why a database call failed, coarse enough for an HTTP status (all but DB_OK are 503:
 * nothing was stored, the client should retry). */
typedef enum DbStatus {
    DB_OK = 0,
    DB_FULL,    /* SQLITE_FULL: the disk (or quota) is full */
    DB_IO,      /* SQLITE_IOERR*: write or fsync failed */
    DB_BUSY,    /* another process holds the write lock past DB_BUSY_TIMEOUT_MS */
    DB_NOMEM,
    DB_ERROR    /* anything else (corruption, read-only file, a bug) */
} DbStatus;

/* One record to store: every string NUL-terminated and already validated. `body` is the
 * NDJSON line exactly as received, so unknown fields are kept (docs/interface.md §3). */
typedef struct DbRecord {
    const char *id, *type, *event, *device, *created;
    const char *body;
    size_t body_len;
} DbRecord;

/* Opens (creating if needed) DIR/parley.db, sets WAL, synchronous=FULL, foreign keys and
 * the busy timeout, then applies every pending migration. The directory must exist.
 * On failure writes a message into err and returns NULL. */
Db *db_open(const char *dir, char *err, size_t cap);

/* Finalizes statements and closes; the last close checkpoints the WAL. NULL is fine. */
void db_close(Db *db);

/* The schema version this build migrates to (the length of the migrations array). */
int db_schema_version(void);

/* --- writing: one thread only (writer.c) -------------------------------------------------
 * BEGIN IMMEDIATE / insert... / COMMIT on the connection db_open made. After any failure
 * call db_rollback (harmless when no transaction is open). */
DbStatus db_begin(Db *db);
/* Inserts r unless a record with its id exists: *inserted tells which. `received` is the
 * server's ISO 8601 time. */
DbStatus db_insert(Db *db, const DbRecord *r, const char *received, bool *inserted);
DbStatus db_commit(Db *db);
void db_rollback(Db *db);
/* SQLite's message for the last failure on the writing connection (writer thread only). */
const char *db_write_error(Db *db);

/* --- reading: any thread ------------------------------------------------------------------
 * A reader is its own connection holding one read transaction, so everything read through
 * it is one consistent snapshot, and it never waits for the writer (WAL). */
typedef struct DbReader DbReader;

DbStatus db_reader_open(Db *db, DbReader **out);
void db_reader_close(DbReader *rd);

/* Strings are valid for the duration of the callback only; NULL when absent. */
typedef struct DbRegistration {
    const char *id, *event, *created, *received;
    const char *name, *organization, *category, *country, *email;
    int publish_consent;    /* 1 true, 0 false, -1 missing */
    const char *body;       /* the record as received; NULL if it is not valid JSON */
    size_t body_len;
    const char *status;     /* the Chair's decision: pending | approved | objected | withdrawn */
} DbRegistration;

typedef struct DbComment {
    const char *id, *event, *created, *received;
    const char *participant, *agenda_item, *addressed_to, *language, *text;
    const char *body;
    size_t body_len;
    bool has_registration;  /* false: that registration has not arrived (yet) */
    const char *participant_name, *organization, *category, *country, *email;
    int publish_consent;    /* 1, 0, -1 unknown */
} DbComment;

/* Callbacks return false to stop early (the call then still returns DB_OK). */
typedef bool (*DbRegistrationFn)(void *ctx, const DbRegistration *r);
typedef bool (*DbCommentFn)(void *ctx, const DbComment *c);

/* Every registration / comment, in the order they were stored; only those of `event`
 * unless it is NULL. */
DbStatus db_each_registration(DbReader *rd, const char *event, DbRegistrationFn fn, void *ctx);
DbStatus db_each_comment(DbReader *rd, const char *event, DbCommentFn fn, void *ctx);

/* A fixed English description of a status, for logs and error bodies. */
const char *db_status_text(DbStatus s);

#endif
