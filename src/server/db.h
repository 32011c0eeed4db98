/* db.h — parleyd's SQLite store: opening with the durability settings, schema migrations
 * by PRAGMA user_version, clean close. The only module that talks to SQLite; it must never
 * build SQL from request data (prepared statements with bound parameters only). */
#ifndef PARLEY_DB_H
#define PARLEY_DB_H

#include <stdbool.h>
#include <stddef.h>

#define DB_FILE_NAME        "parley.db"
#define DB_BUSY_TIMEOUT_MS  5000   /* waits this long for another writer before failing */

typedef struct Db Db;

/* Opens (creating if needed) DIR/parley.db, sets WAL, synchronous=FULL, foreign keys and
 * the busy timeout, then applies every pending migration. The directory must exist.
 * On failure writes a message into err and returns NULL. */
Db *db_open(const char *dir, char *err, size_t cap);

/* Finalizes statements and closes; the last close checkpoints the WAL. NULL is fine. */
void db_close(Db *db);

/* The schema version this build migrates to (the length of the migrations array). */
int db_schema_version(void);

#endif
