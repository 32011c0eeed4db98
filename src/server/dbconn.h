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
/* Steps st to its end, handing each row to row(st, a, b) until it returns false (row NULL: a
 * statement without rows), and finalizes it; SQLITE_OK when it ran to its end or was stopped. */
int dbs_step_rows(sqlite3_stmt *st, DbRowFn row, void *a, void *b);
/* dbs_prepare, then dbs_step_rows: one statement on conn from its text to its end. */
int dbs_query(sqlite3 *conn, const char *sql, const char *const *v, int n, DbRowFn row, void *a,
              void *b);
/* A write whose row takes a new version: binds n texts and the version as ?9, and runs it. */
int dbs_write_versioned(sqlite3 *conn, const char *sql, const char *const *v, int n,
                        long long version);
/* The two writes of a versioned change: the row's new state (state_sql, texts 1..n_state)
 * and its log entry (log_sql, texts 1..n_log), both with the new version as ?9. */
int dbs_write_change(sqlite3 *conn, const char *state_sql, const char *log_sql,
                     const char *const *v, int n_state, int n_log, long long version);
/* Binds version as ?9 and runs a prepared write to its end (finalized either way). */
int dbs_step_versioned(sqlite3_stmt *st, long long version);

/* A change to a versioned row (a publication, a registration's status): read_sql (?1 the
 * row's id; columns event, state, version) finds it, then the two writes of dbs_write_change
 * (state_sql with texts 1..n_state, log_sql with all 8), the new version as ?9. */
typedef struct DbsVersionedChange {
    const char *read_sql, *state_sql, *log_sql;
    int n_state;
} DbsVersionedChange;
typedef enum DbsChangeOutcome { DBS_CHANGE_DONE, DBS_CHANGE_NOT_FOUND, DBS_CHANGE_STALE } DbsChangeOutcome;
/* Changes the row id seen at version `seen`, in its own transaction (committed only when
 * done): its event is read into event[RECORD_MAX_ID_BYTES + 1] (which v may name), the state
 * it leaves becomes v[7] (?8); *current is its version after (or now, when stale), 0 when not
 * found. A failure of `what` is logged and leaves *outcome DBS_CHANGE_NOT_FOUND. */
DbStatus dbs_versioned_change(Db *db, const char *what, const DbsVersionedChange *sql, const char *id,
                              long long seen, char *event, const char *v[8], long long *current,
                              DbsChangeOutcome *outcome);

/* Runs `body` on the locked staff connection inside BEGIN IMMEDIATE; commits when it returns
 * SQLITE_OK and *commit is true, rolls back otherwise; a failure of `what` is logged. */
typedef int (*DbsLockedFn)(sqlite3 *conn, void *ctx, bool *commit);
DbStatus dbs_transaction(Db *db, const char *what, DbsLockedFn body, void *ctx);

/* Copies a column's text ("" for NULL) into out[cap]. */
void dbs_copy(char *out, size_t cap, const unsigned char *v);
int dbs_exec(sqlite3 *conn, const char *sql);
const char *dbs_col(sqlite3_stmt *st, int i);

#endif
