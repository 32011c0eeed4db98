/* db.c — the SQLite store behind parleyd: durability settings, versioned migrations, close.
 * Must never put request data into SQL text, never weaken WAL + synchronous=FULL (an
 * acknowledged record must survive a power cut), never edit a shipped migration. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "server/db.h"

struct Db {
    sqlite3 *conn;
};

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
    if (!db_exec(conn, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err, cap))
        return false;
    if (!db_query_text(conn, "PRAGMA synchronous", v, sizeof v, err, cap)) return false;
    if (strcmp(v, "2") != 0) {
        snprintf(err, cap, "database: synchronous=FULL did not take effect");
        return false;
    }
    return true;
}

static void db_rollback(sqlite3 *conn)
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
            db_rollback(conn);
            return false;
        }
        if (atoi(v2) != i) {
            /* Another process migrated between our read and our lock: start over. */
            db_rollback(conn);
            return db_migrate(conn, err, cap);
        }
        /* The version is a literal int we format ourselves: PRAGMA takes no parameters. */
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", i + 1);
        if (!db_exec(conn, db_migrations[i], err, cap) || !db_exec(conn, bump, err, cap) ||
            !db_exec(conn, "COMMIT", err, cap)) {
            db_rollback(conn);
            size_t used = strlen(err);
            snprintf(err + used, cap - used, " (migration to version %d)", i + 1);
            return false;
        }
    }
    return true;
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
    /* FULLMUTEX: request threads will share this connection; SQLite serialises calls. */
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
    if (!db_configure(db->conn, err, cap) || !db_migrate(db->conn, err, cap)) {
        db_close(db);
        return NULL;
    }
    return db;
}

void db_close(Db *db)
{
    if (!db) return;
    if (db->conn) {
        /* Every statement is finalized where it is used, so close cannot be busy; if it
         * is, that is a bug worth a line in the log rather than a silent leak. */
        if (sqlite3_close(db->conn) != SQLITE_OK)
            fprintf(stderr, "parleyd: database close failed: %s\n", sqlite3_errmsg(db->conn));
    }
    free(db);
}
