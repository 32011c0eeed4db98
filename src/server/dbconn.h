/* dbconn.h — what db.c lends the other SQLite module (dbstaff.c): the staff connection,
 * one user at a time, and a reader's connection. Nothing outside the db layer includes it. */
#ifndef PARLEY_DBCONN_H
#define PARLEY_DBCONN_H

#include <sqlite3.h>

#include "server/db.h"

/* The staff connection, locked until db_staff_release (which rolls back anything left
 * open). Never NULL once db_open succeeded. */
sqlite3 *db_staff_acquire(Db *db);
void db_staff_release(Db *db);

/* The connection of a reader (its read transaction is already open). */
sqlite3 *db_reader_conn(DbReader *rd);

/* Steps st to its end, handing each row to row(st, a, b) until it returns false (a stop,
 * not a failure); a failed step is logged. Finalizes st either way. */
typedef bool (*DbRowFn)(sqlite3_stmt *st, void *a, void *b);
DbStatus db_read_rows(DbReader *rd, sqlite3_stmt *st, DbRowFn row, void *a, void *b);

/* An SQLite result code as a DbStatus. */
DbStatus db_status_from(int rc);

#endif
