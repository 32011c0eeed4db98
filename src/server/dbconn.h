/* dbconn.h — what db.c lends the other SQLite modules (dbstaff.c, dbchair.c): the staff
 * connection, one user at a time, and a reader's connection; and the statement helpers
 * dbstaff.c shares with dbchair.c. Nothing outside the db layer includes it. */
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

/* --- statement helpers (dbstaff.c) ------------------------------------------------------ */

/* Writes SQLite's message for a failure of `what` on conn to stderr. */
void dbs_log_failure(sqlite3 *conn, const char *what);
/* Binds NULL-or-text parameters 1..n. */
int dbs_bind_texts(sqlite3_stmt *st, const char *const *v, int n);
/* Prepares sql on conn and binds n texts; NULL on failure (logged), *rc_out says why. */
sqlite3_stmt *dbs_prepare(sqlite3 *conn, const char *sql, const char *const *v, int n,
                          int *rc_out);
/* Copies a column's text ("" for NULL) into out[cap]. */
void dbs_copy(char *out, size_t cap, const unsigned char *v);
int dbs_exec(sqlite3 *conn, const char *sql);
const char *dbs_col(sqlite3_stmt *st, int i);

#endif
