/* dbstaff.c — see dbstaff.h. Accounts and publication changes go through the staff
 * connection (dbconn.h), reads through a reader's snapshot. Must never build SQL from
 * request data, never change a publication without its log entry in the same transaction,
 * and never update or delete a log entry (the schema's triggers refuse it anyway). */
#include <stdio.h>
#include <string.h>

#include "core/record.h"
#include "server/dbconn.h"
#include "server/dbstaff.h"

void dbs_log_failure(sqlite3 *conn, const char *what)
{
    fprintf(stderr, "parleyd: database: %s: %s\n", what, sqlite3_errmsg(conn));
}

int dbs_bind_texts(sqlite3_stmt *st, const char *const *v, int n)
{
    int rc = SQLITE_OK;
    for (int i = 0; i < n && rc == SQLITE_OK; i++)
        rc = v[i] ? sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC)
                  : sqlite3_bind_null(st, i + 1);
    return rc;
}

sqlite3_stmt *dbs_prepare(sqlite3 *conn, const char *sql, const char *const *v, int n,
                                 int *rc_out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(conn, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) rc = dbs_bind_texts(st, v, n);
    *rc_out = rc;
    if (rc != SQLITE_OK) {
        dbs_log_failure(conn, "staff query");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

int dbs_step_rows(sqlite3_stmt *st, DbRowFn row, void *a, void *b)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!row || !row(st, a, b)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int dbs_query(sqlite3 *conn, const char *sql, const char *const *v, int n, DbRowFn row, void *a,
              void *b)
{
    int rc;
    sqlite3_stmt *st = dbs_prepare(conn, sql, v, n, &rc);
    return st ? dbs_step_rows(st, row, a, b) : rc;
}

int dbs_step_versioned(sqlite3_stmt *st, long long version)
{
    int rc = sqlite3_bind_int64(st, 9, version);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return rc;
    }
    return dbs_step_rows(st, NULL, NULL, NULL);
}

int dbs_write_versioned(sqlite3 *conn, const char *sql, const char *const *v, int n,
                        long long version)
{
    int rc;
    sqlite3_stmt *st = dbs_prepare(conn, sql, v, n, &rc);
    return st ? dbs_step_versioned(st, version) : rc;
}

int dbs_write_change(sqlite3 *conn, const char *state_sql, const char *log_sql,
                     const char *const *v, int n_state, int n_log, long long version)
{
    int rc = dbs_write_versioned(conn, state_sql, v, n_state, version);
    return rc == SQLITE_OK ? dbs_write_versioned(conn, log_sql, v, n_log, version) : rc;
}

/* What a versioned change reads first: the row's event, its state now and its version. */
typedef struct DbsVersioned {
    bool found;
    char *event;     /* [RECORD_MAX_ID_BYTES + 1] */
    char state[16];
    long long version;
} DbsVersioned;

static bool dbs_versioned_row(sqlite3_stmt *st, void *a, void *b)
{
    (void)b;
    DbsVersioned *r = a;
    r->found = true;
    dbs_copy(r->event, RECORD_MAX_ID_BYTES + 1, sqlite3_column_text(st, 0));
    dbs_copy(r->state, sizeof r->state, sqlite3_column_text(st, 1));
    r->version = sqlite3_column_int64(st, 2);
    return false;
}

typedef struct DbsVersionedSet {
    const DbsVersionedChange *sql;
    const char *id;
    long long seen;
    char *event;
    const char **v;
    long long *current;
    DbsChangeOutcome *outcome;
} DbsVersionedSet;

/* The statements of one versioned change, on the locked staff connection inside BEGIN
 * IMMEDIATE. */
static int dbs_versioned_locked(sqlite3 *conn, void *ctx, bool *commit)
{
    DbsVersionedSet *s = ctx;
    DbsVersioned now = {.event = s->event};
    const char *key[] = {s->id};
    int rc = dbs_query(conn, s->sql->read_sql, key, 1, dbs_versioned_row, &now, NULL);
    if (rc != SQLITE_OK || !now.found) return rc;
    *s->current = now.version;
    if (now.version != s->seen) {
        *s->outcome = DBS_CHANGE_STALE;
        return SQLITE_OK;
    }
    s->v[7] = now.state;
    rc = dbs_write_change(conn, s->sql->state_sql, s->sql->log_sql, s->v, s->sql->n_state, 8, now.version + 1);
    if (rc != SQLITE_OK) return rc;
    *s->current = now.version + 1;
    *s->outcome = DBS_CHANGE_DONE;
    *commit = true;
    return SQLITE_OK;
}

/* One statement without rows on the staff connection; *changes = rows changed. */
static DbStatus dbs_run(Db *db, const char *sql, const char *const *v, int n, int *changes)
{
    sqlite3 *conn = db_staff_acquire(db);
    int rc;
    sqlite3_stmt *st = dbs_prepare(conn, sql, v, n, &rc);
    if (st) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
            if (changes) *changes = sqlite3_changes(conn);
        } else if ((rc & 0xff) != SQLITE_CONSTRAINT) {
            dbs_log_failure(conn, "staff write");
        }
        sqlite3_finalize(st);
    }
    db_staff_release(db);
    return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_ERROR : db_status_from(rc);
}

DbStatus dbs_user_add(Db *db, const char *name, const char *role, const char *hash,
                      const char *now, bool *exists)
{
    const char *v[] = {name, role, hash, now};
    int changes = 0;
    DbStatus s = dbs_run(db,
                         "INSERT INTO staff_users (name, role, hash, created, changed) "
                         "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (name) DO NOTHING",
                         v, 4, &changes);
    *exists = s == DB_OK && changes == 0;
    return s;
}

DbStatus dbs_user_set_hash(Db *db, const char *name, const char *hash, const char *now,
                           bool *found)
{
    const char *v[] = {name, hash, now};
    int changes = 0;
    DbStatus s = dbs_run(db, "UPDATE staff_users SET hash = ?2, changed = ?3 WHERE name = ?1",
                         v, 3, &changes);
    *found = changes == 1;
    return s;
}

DbStatus dbs_user_remove(Db *db, const char *name, bool *found)
{
    const char *v[] = {name};
    int changes = 0;
    DbStatus s = dbs_run(db, "DELETE FROM staff_users WHERE name = ?1", v, 1, &changes);
    *found = changes == 1;
    return s;
}

void dbs_copy(char *out, size_t cap, const unsigned char *v)
{
    snprintf(out, cap, "%s", v ? (const char *)v : "");
}

DbStatus dbs_user_get(Db *db, const char *name, char *role, char *hash, bool *found)
{
    const char *v[] = {name};
    *found = false;
    role[0] = hash[0] = '\0';
    sqlite3 *conn = db_staff_acquire(db);
    int rc;
    sqlite3_stmt *st = dbs_prepare(conn, "SELECT role, hash FROM staff_users WHERE name = ?1",
                                   v, 1, &rc);
    if (st) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *found = true;
            dbs_copy(role, DBS_ROLE_MAX, sqlite3_column_text(st, 0));
            dbs_copy(hash, DBS_HASH_MAX, sqlite3_column_text(st, 1));
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
        sqlite3_finalize(st);
    }
    db_staff_release(db);
    return db_status_from(rc);
}

DbStatus dbs_user_each(Db *db, DbsUserFn fn, void *ctx)
{
    sqlite3 *conn = db_staff_acquire(db);
    int rc;
    sqlite3_stmt *st = dbs_prepare(conn, "SELECT name, role, created FROM staff_users ORDER BY name",
                                   NULL, 0, &rc);
    if (st) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (!fn(ctx, (const char *)sqlite3_column_text(st, 0),
                    (const char *)sqlite3_column_text(st, 1),
                    (const char *)sqlite3_column_text(st, 2))) {
                rc = SQLITE_DONE;
                break;
            }
        }
        if (rc == SQLITE_DONE) rc = SQLITE_OK;
        sqlite3_finalize(st);
    }
    db_staff_release(db);
    return db_status_from(rc);
}

/* --- publication -------------------------------------------------------------------------- */

int dbs_exec(sqlite3 *conn, const char *sql)
{
    return sqlite3_exec(conn, sql, NULL, NULL, NULL);
}

DbStatus dbs_transaction(Db *db, const char *what, DbsLockedFn body, void *ctx)
{
    sqlite3 *conn = db_staff_acquire(db);
    bool commit = false;
    int rc = dbs_exec(conn, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK) rc = body(conn, ctx, &commit);
    if (rc == SQLITE_OK) rc = dbs_exec(conn, commit ? "COMMIT" : "ROLLBACK");
    if (rc != SQLITE_OK) dbs_log_failure(conn, what);
    db_staff_release(db);  /* rolls back whatever a failure left open */
    return db_status_from(rc);
}

DbStatus dbs_versioned_change(Db *db, const char *what, const DbsVersionedChange *sql, const char *id,
                              long long seen, char *event, const char *v[8], long long *current,
                              DbsChangeOutcome *outcome)
{
    *outcome = DBS_CHANGE_NOT_FOUND;
    *current = 0;
    event[0] = '\0';
    DbsVersionedSet s = {sql, id, seen, event, v, current, outcome};
    DbStatus status = dbs_transaction(db, what, dbs_versioned_locked, &s);
    if (status != DB_OK) *outcome = DBS_CHANGE_NOT_FOUND;
    return status;
}

DbStatus dbs_publication_set(Db *db, const DbsChange *c, DbsOutcome *outcome,
                             long long *current, char *event)
{
    static const DbsVersionedChange sql = {
        .read_sql = "SELECT c.event, coalesce(p.state, 'pending'), coalesce(p.version, 0) FROM records c "
                    "LEFT JOIN publication p ON p.comment = c.id WHERE c.id = ?1 AND c.type = 'comment'",
        .state_sql = "INSERT INTO publication (comment, state, reason, note, version, changed_by, changed_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?9, ?5, ?6) ON CONFLICT (comment) DO UPDATE SET state = ?2,"
                     " reason = ?3, note = ?4, version = ?9, changed_by = ?5, changed_at = ?6",
        .log_sql = "INSERT INTO moderation_log (at, actor, comment, event, from_state, to_state, reason, note,"
                   " version) VALUES (?6, ?5, ?1, ?7, ?8, ?2, ?3, ?4, ?9)",
        .n_state = 6,
    };
    const char *v[8] = {c->comment, c->state, c->reason, c->note, c->actor, c->at, event, NULL};
    DbsChangeOutcome o;
    DbStatus s = dbs_versioned_change(db, "publication change", &sql, c->comment, c->version, event, v, current, &o);
    *outcome = o == DBS_CHANGE_DONE ? DBS_CHANGED : o == DBS_CHANGE_STALE ? DBS_STALE : DBS_NO_COMMENT;
    return s;
}

/* --- reads -------------------------------------------------------------------------------- */

const char *dbs_col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static bool dbs_comment_row(sqlite3_stmt *st, void *fn, void *ctx)
{
    DbsCommentJsonFn f = *(DbsCommentJsonFn *)fn;
    return f(ctx, sqlite3_column_int64(st, 0), dbs_col(st, 1),
             (size_t)sqlite3_column_bytes(st, 1));
}

DbStatus dbs_comments_each(DbReader *rd, const DbsFilter *f, DbsCommentJsonFn fn, void *ctx)
{
    static const char sql[] =
        "SELECT c.rowid, json_set(c.body,"
        "  '$.reference', parley_reference(c.id),"
        "  '$.received', c.received,"
        "  '$.participant', json(CASE WHEN r.id IS NULL"
        "    THEN json_object('id', json_extract(c.body, '$.participant'))"
        "    ELSE json_object('id', r.id, 'name', json_extract(r.body, '$.name'),"
        "      'organization', json_extract(r.body, '$.organization'),"
        "      'category', json_extract(r.body, '$.category'),"
        "      'country', json_extract(r.body, '$.country'),"
        "      'publish_consent', json(CASE json_extract(r.body, '$.publish_consent')"
        "        WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE 'null' END)) END),"
        "  '$.publication', json_object('state', coalesce(p.state, 'pending'),"
        "    'reason', p.reason, 'note', p.note, 'version', coalesce(p.version, 0),"
        "    'changed_by', p.changed_by, 'changed_at', p.changed_at)) "
        "FROM records c "
        "LEFT JOIN records r ON r.id = json_extract(c.body, '$.participant')"
        "  AND r.type = 'registration' AND json_valid(r.body) "
        "LEFT JOIN publication p ON p.comment = c.id "
        "WHERE c.type = 'comment' AND json_valid(c.body) AND c.rowid > ?9"
        " AND (?1 IS NULL OR c.event = ?1)"
        " AND (?2 IS NULL OR json_extract(c.body, '$.agenda_item') = ?2)"
        " AND (?3 IS NULL OR json_extract(r.body, '$.category') = ?3)"
        " AND (?4 IS NULL OR json_extract(c.body, '$.addressed_to') = ?4)"
        " AND (?5 IS NULL OR json_extract(c.body, '$.language') = ?5)"
        " AND (?6 IS NULL OR coalesce(p.state, 'pending') = ?6)"
        " AND (?7 IS NULL OR instr(lower(json_extract(c.body, '$.text')), lower(?7)) > 0"
        "      OR parley_reference(c.id) = upper(?7)) "
        "ORDER BY c.rowid LIMIT ?8";
    const char *v[] = {f->event, f->item, f->category, f->panellist, f->language, f->state, f->q};
    int rc;
    sqlite3_stmt *st = dbs_prepare(db_reader_conn(rd), sql, v, 7, &rc);
    if (!st) return db_status_from(rc);
    rc = sqlite3_bind_int(st, 8, f->limit + 1);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 9, f->after);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return db_status_from(rc);
    }
    return db_read_rows(rd, st, dbs_comment_row, &fn, ctx);
}

static bool dbs_published_row(sqlite3_stmt *st, void *fn, void *ctx)
{
    DbsPublished p = {
        .id = dbs_col(st, 0), .agenda_item = dbs_col(st, 1), .language = dbs_col(st, 2),
        .text = dbs_col(st, 3), .state = dbs_col(st, 4), .reason = dbs_col(st, 5),
        .changed_at = dbs_col(st, 6), .name = dbs_col(st, 7), .organization = dbs_col(st, 8),
        .reference = dbs_col(st, 9),
    };
    return (*(DbsPublishedFn *)fn)(ctx, &p);
}

DbStatus dbs_published_each(DbReader *rd, const char *event, DbsPublishedFn fn, void *ctx)
{
    /* The text of a withheld comment is never even read out of the store. */
    static const char sql[] =
        "SELECT c.id, json_extract(c.body, '$.agenda_item'),"
        " json_extract(c.body, '$.language'),"
        " CASE WHEN p.state = 'published' THEN json_extract(c.body, '$.text') END,"
        " p.state, p.reason, p.changed_at,"
        " CASE WHEN json_extract(r.body, '$.publish_consent') = 1"
        "   THEN json_extract(r.body, '$.name') END,"
        " CASE WHEN json_extract(r.body, '$.publish_consent') = 1"
        "   THEN json_extract(r.body, '$.organization') END,"
        " parley_reference(c.id) "
        "FROM publication p JOIN records c ON c.id = p.comment "
        "LEFT JOIN records r ON r.id = json_extract(c.body, '$.participant')"
        "  AND r.type = 'registration' AND json_valid(r.body) "
        "WHERE p.state IN ('published', 'withheld') AND c.event = ?1 AND json_valid(c.body) "
        "ORDER BY c.rowid";
    const char *v[] = {event};
    int rc;
    sqlite3_stmt *st = dbs_prepare(db_reader_conn(rd), sql, v, 1, &rc);
    if (!st) return db_status_from(rc);
    return db_read_rows(rd, st, dbs_published_row, &fn, ctx);
}

static bool dbs_reference_row(sqlite3_stmt *st, void *out, void *count)
{
    DbsReference *r = out;
    if (++*(int *)count > 1) return false; /* two comments share these 40 bits: name neither */
    dbs_copy(r->id, sizeof r->id, sqlite3_column_text(st, 0));
    dbs_copy(r->event, sizeof r->event, sqlite3_column_text(st, 1));
    dbs_copy(r->received, sizeof r->received, sqlite3_column_text(st, 2));
    dbs_copy(r->state, sizeof r->state, sqlite3_column_text(st, 3));
    dbs_copy(r->reason, sizeof r->reason, sqlite3_column_text(st, 4));
    return true;
}

DbStatus dbs_reference_find(DbReader *rd, const char *id_prefix, DbsReference *out, bool *found)
{
    /* ids are lower-case UUIDs: the prefix's range on the primary key, no scan */
    char upper[RECORD_ID_PREFIX_BYTES + 1];
    snprintf(upper, sizeof upper, "%s~", id_prefix);
    static const char sql[] =
        "SELECT c.id, c.event, c.received, COALESCE(p.state, 'pending'), p.reason "
        "FROM records c LEFT JOIN publication p ON p.comment = c.id "
        "WHERE c.id >= ?1 AND c.id < ?2 AND c.type = 'comment' LIMIT 2";
    const char *v[] = {id_prefix, upper};
    memset(out, 0, sizeof *out);
    int rc, count = 0;
    sqlite3_stmt *st = dbs_prepare(db_reader_conn(rd), sql, v, 2, &rc);
    if (!st) return db_status_from(rc);
    DbStatus s = db_read_rows(rd, st, dbs_reference_row, out, &count);
    *found = s == DB_OK && count == 1;
    if (!*found) memset(out, 0, sizeof *out);
    return s;
}

static bool dbs_log_row(sqlite3_stmt *st, void *fn, void *ctx)
{
    DbsLogEntry e = {
        .seq = sqlite3_column_int64(st, 0), .at = dbs_col(st, 1), .actor = dbs_col(st, 2),
        .comment = dbs_col(st, 3), .event = dbs_col(st, 4), .from = dbs_col(st, 5),
        .to = dbs_col(st, 6), .reason = dbs_col(st, 7), .note = dbs_col(st, 8),
        .version = sqlite3_column_int64(st, 9),
    };
    return (*(DbsLogFn *)fn)(ctx, &e);
}

DbStatus dbs_log_each(DbReader *rd, const char *event, DbsLogFn fn, void *ctx)
{
    const char *v[] = {event};
    int rc;
    sqlite3_stmt *st = dbs_prepare(db_reader_conn(rd),
                                   "SELECT seq, at, actor, comment, event, from_state, to_state,"
                                   " reason, note, version FROM moderation_log"
                                   " WHERE ?1 IS NULL OR event = ?1 ORDER BY seq",
                                   v, 1, &rc);
    if (!st) return db_status_from(rc);
    return db_read_rows(rd, st, dbs_log_row, &fn, ctx);
}
