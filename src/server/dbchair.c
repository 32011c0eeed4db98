/* dbchair.c — see dbchair.h. Must never build SQL from request data, never change a
 * registration's status without its log entry in the same transaction, and never let a
 * participant hold two open floor requests for one item (the schema's partial unique index
 * backs this up). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/dbchair.h"
#include "server/dbconn.h"

/* A row's first column as text, copied into a (b: its capacity, a size_t). */
static bool dbc_text_copy_row(sqlite3_stmt *st, void *a, void *b)
{
    dbs_copy(a, *(size_t *)b, sqlite3_column_text(st, 0));
    return false;
}

static bool dbc_json_row(sqlite3_stmt *st, void *fn, void *ctx)
{
    return (*(DbcJsonFn *)fn)(ctx, dbs_col(st, 0), (size_t)sqlite3_column_bytes(st, 0));
}

/* Prepares sql on the reader with n text parameters and hands each row to row(st, fn, ctx). */
static DbStatus dbc_read(DbReader *rd, const char *sql, const char *const *v, int n,
                         bool (*row)(sqlite3_stmt *st, void *a, void *b), void *fn, void *ctx)
{
    int rc;
    sqlite3_stmt *st = dbs_prepare(db_reader_conn(rd), sql, v, n, &rc);
    if (!st) return db_status_from(rc);
    return db_read_rows(rd, st, row, fn, ctx);
}

/* --- the item in progress ----------------------------------------------------------------- */

static bool dbc_current_row(sqlite3_stmt *st, void *a, void *b)
{
    (void)b;
    DbcCurrent *out = a;
    dbs_copy(out->agenda_item, sizeof out->agenda_item, sqlite3_column_text(st, 0));
    dbs_copy(out->since, sizeof out->since, sqlite3_column_text(st, 1));
    out->version = sqlite3_column_int64(st, 2);
    return false;
}

static int dbc_current_read(sqlite3 *conn, const char *event, DbcCurrent *out)
{
    memset(out, 0, sizeof *out);
    const char *v[] = {event};
    return dbs_query(conn, "SELECT agenda_item, since, version FROM event_current WHERE event = ?1",
                     v, 1, dbc_current_row, out, NULL);
}

DbStatus dbc_current_get(DbReader *rd, const char *event, DbcCurrent *out)
{
    return db_status_from(dbc_current_read(db_reader_conn(rd), event, out));
}

typedef struct DbcCurrentSet {
    const char *event, *agenda_item, *at, *actor;
    DbcCurrent *out;
} DbcCurrentSet;

static int dbc_current_set_locked(sqlite3 *conn, void *ctx, bool *commit)
{
    DbcCurrentSet *c = ctx;
    /* A cleared item keeps no "since": nothing is in progress since then. */
    const char *v[] = {c->event, c->agenda_item, c->agenda_item ? c->at : NULL, c->actor};
    int rc = dbs_query(conn,
                       "INSERT INTO event_current (event, agenda_item, since, version,"
                       " changed_by) VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT (event)"
                       " DO UPDATE SET agenda_item = ?2, since = ?3,"
                       " version = version + 1, changed_by = ?4",
                       v, 4, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = dbc_current_read(conn, c->event, c->out);
    *commit = rc == SQLITE_OK;
    return rc;
}

DbStatus dbc_current_set(Db *db, const char *event, const char *agenda_item, const char *at,
                         const char *actor, DbcCurrent *out)
{
    DbcCurrentSet c = {event, agenda_item, at, actor, out};
    return dbs_transaction(db, "item in progress", dbc_current_set_locked, &c);
}

/* --- registrations ------------------------------------------------------------------------ */

DbStatus dbc_registration_set(Db *db, const DbcStatusChange *c, DbcOutcome *outcome,
                              long long *current, char *event)
{
    static const DbsVersionedChange sql = {
        .read_sql = "SELECT g.event, coalesce(s.status, 'pending'), coalesce(s.version, 0) FROM records g"
                    " LEFT JOIN registration_status s ON s.registration = g.id"
                    " WHERE g.id = ?1 AND g.type = 'registration'",
        .state_sql = "INSERT INTO registration_status (registration, event, status, party, note, version,"
                     " changed_by, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?9, ?6, ?7)"
                     " ON CONFLICT (registration) DO UPDATE SET status = ?3, party = ?4, note = ?5,"
                     " version = ?9, changed_by = ?6, changed_at = ?7",
        .log_sql = "INSERT INTO registration_log (at, actor, registration, event, from_status, to_status,"
                   " party, note, version) VALUES (?7, ?6, ?1, ?2, ?8, ?3, ?4, ?5, ?9)",
        .n_state = 7,
    };
    const char *v[8] = {c->registration, event, c->status, c->party, c->note, c->actor, c->at, NULL};
    DbsChangeOutcome o;
    DbStatus s = dbs_versioned_change(db, "registration status", &sql, c->registration, c->version, event, v, current, &o);
    *outcome = o == DBS_CHANGE_DONE ? DBC_CHANGED : o == DBS_CHANGE_STALE ? DBC_STALE : DBC_NOT_FOUND;
    return s;
}

DbStatus dbc_registrations_each(DbReader *rd, const char *event, const char *status,
                                DbcJsonFn fn, void *ctx)
{
    static const char sql[] =
        "SELECT json_object('id', g.id, 'name', json_extract(g.body, '$.name'),"
        "  'organization', json_extract(g.body, '$.organization'),"
        "  'category', json_extract(g.body, '$.category'),"
        "  'country', json_extract(g.body, '$.country'),"
        "  'publish_consent', json(CASE json_extract(g.body, '$.publish_consent')"
        "    WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE 'null' END),"
        "  'created', g.created, 'received', g.received,"
        "  'status', json_object('status', coalesce(s.status, 'pending'), 'by', s.party,"
        "    'note', s.note, 'version', coalesce(s.version, 0), 'changed_by', s.changed_by,"
        "    'changed_at', s.changed_at)) "
        "FROM records g LEFT JOIN registration_status s ON s.registration = g.id "
        "WHERE g.type = 'registration' AND g.event = ?1 AND json_valid(g.body)"
        " AND (?2 IS NULL OR coalesce(s.status, 'pending') = ?2) "
        "ORDER BY CASE json_extract(g.body, '$.category') WHEN 'ngo' THEN 0"
        "  WHEN 'academia' THEN 1 WHEN 'private_sector' THEN 2 ELSE 3 END,"
        " lower(trim(json_extract(g.body, '$.organization'))),"
        " json_extract(g.body, '$.country'), g.rowid";
    const char *v[] = {event, status};
    return dbc_read(rd, sql, v, 2, dbc_json_row, &fn, ctx);
}

DbStatus dbc_registration_log_each(DbReader *rd, const char *event, const char *registration,
                                   DbcJsonFn fn, void *ctx)
{
    static const char sql[] =
        "SELECT json_object('seq', seq, 'at', at, 'by', actor, 'registration', registration,"
        " 'from', from_status, 'to', to_status, 'party', party, 'note', note,"
        " 'version', version) FROM registration_log WHERE event = ?1"
        " AND (?2 IS NULL OR registration = ?2) ORDER BY seq";
    const char *v[] = {event, registration};
    return dbc_read(rd, sql, v, 2, dbc_json_row, &fn, ctx);
}

/* --- the speakers' queue ------------------------------------------------------------------ */

/* A request's place: 1 + the waiting requests of its item queued before it. */
#define DBC_FLOOR_POSITION \
    "CASE WHEN f.state = 'waiting' THEN (SELECT count(*) FROM floor_requests o" \
    " WHERE o.event = f.event AND o.agenda_item = f.agenda_item AND o.state = 'waiting'" \
    " AND o.seq <= f.seq) ELSE 0 END"

static bool dbc_floor_row(sqlite3_stmt *st, void *a, void *b)
{
    DbcFloor *out = a;
    *(bool *)b = true;
    dbs_copy(out->id, sizeof out->id, sqlite3_column_text(st, 0));
    dbs_copy(out->event, sizeof out->event, sqlite3_column_text(st, 1));
    dbs_copy(out->participant, sizeof out->participant, sqlite3_column_text(st, 2));
    dbs_copy(out->agenda_item, sizeof out->agenda_item, sqlite3_column_text(st, 3));
    dbs_copy(out->state, sizeof out->state, sqlite3_column_text(st, 4));
    out->position = sqlite3_column_int64(st, 5);
    return false;
}

/* The request with this id (where = "f.id = ?1"), or the participant's open one for an item
 * (where with ?1 event, ?2 agenda_item, ?3 participant). */
static int dbc_floor_read(sqlite3 *conn, const char *where, const char *const *v, int n,
                          DbcFloor *out, bool *found)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT f.id, f.event, f.participant, f.agenda_item, f.state, " DBC_FLOOR_POSITION
             " FROM floor_requests f WHERE %s", where);
    memset(out, 0, sizeof *out);
    *found = false;
    return dbs_query(conn, sql, v, n, dbc_floor_row, out, found);
}

static int dbc_floor_by_id(sqlite3 *conn, const char *id, DbcFloor *out, bool *found)
{
    const char *v[] = {id};
    return dbc_floor_read(conn, "f.id = ?1", v, 1, out, found);
}

/* A write to the request whose id is v[0], then the request as it now stands into out. */
static int dbc_floor_write(sqlite3 *conn, const char *sql, const char *const *v, int n,
                           DbcFloor *out)
{
    bool found;
    int rc = dbs_query(conn, sql, v, n, NULL, NULL, NULL);
    return rc == SQLITE_OK ? dbc_floor_by_id(conn, v[0], out, &found) : rc;
}

typedef struct DbcFloorAdd {
    const DbcFloorNew *f;
    DbcFloorOutcome *outcome;
    DbcFloor *out;
} DbcFloorAdd;

static int dbc_floor_add_locked(sqlite3 *conn, void *ctx, bool *commit)
{
    DbcFloorAdd *a = ctx;
    const DbcFloorNew *f = a->f;
    bool found;
    int rc = dbc_floor_by_id(conn, f->id, a->out, &found);
    if (rc != SQLITE_OK) return rc;
    if (found) {
        /* A retry of the same request gets the same answer; another request cannot take
         * its id. */
        bool same = strcmp(a->out->event, f->event) == 0 &&
                    strcmp(a->out->participant, f->participant) == 0 &&
                    strcmp(a->out->agenda_item, f->agenda_item) == 0;
        *a->outcome = same ? DBC_FLOOR_EXISTING : DBC_FLOOR_ID_TAKEN;
        return SQLITE_OK;
    }
    const char *who[] = {f->participant, f->event};
    char status[16] = "";
    size_t status_cap = sizeof status;
    rc = dbs_query(conn,
                   "SELECT coalesce(s.status, 'pending') FROM records g"
                   " LEFT JOIN registration_status s ON s.registration = g.id"
                   " WHERE g.id = ?1 AND g.type = 'registration' AND g.event = ?2",
                   who, 2, dbc_text_copy_row, status, &status_cap);
    if (rc != SQLITE_OK) return rc;
    if (!status[0]) {
        *a->outcome = DBC_FLOOR_NO_PARTICIPANT;
        return SQLITE_OK;
    }
    if (strcmp(status, "objected") == 0 || strcmp(status, "withdrawn") == 0) {
        *a->outcome = DBC_FLOOR_NOT_ADMITTED;
        return SQLITE_OK;
    }
    const char *open[] = {f->event, f->agenda_item, f->participant};
    rc = dbc_floor_read(conn,
                        "f.event = ?1 AND f.agenda_item = ?2 AND f.participant = ?3"
                        " AND f.state IN ('waiting', 'speaking')",
                        open, 3, a->out, &found);
    if (rc != SQLITE_OK) return rc;
    if (found) {
        *a->outcome = DBC_FLOOR_ALREADY_OPEN;
        return SQLITE_OK;
    }
    const char *v[] = {f->id, f->event, f->participant, f->agenda_item, f->addressed_to, f->at};
    rc = dbc_floor_write(conn,
                         "INSERT INTO floor_requests (id, event, participant, agenda_item,"
                         " addressed_to, state, created, changed_at) VALUES"
                         " (?1, ?2, ?3, ?4, ?5, 'waiting', ?6, ?6)",
                         v, 6, a->out);
    *a->outcome = DBC_FLOOR_CREATED;
    *commit = rc == SQLITE_OK;
    return rc;
}

DbStatus dbc_floor_request(Db *db, const DbcFloorNew *f, DbcFloorOutcome *outcome,
                           DbcFloor *out)
{
    *outcome = DBC_FLOOR_NO_PARTICIPANT;
    DbcFloorAdd a = {f, outcome, out};
    return dbs_transaction(db, "floor request", dbc_floor_add_locked, &a);
}

DbStatus dbc_floor_get(DbReader *rd, const char *id, DbcFloor *out, bool *found)
{
    return db_status_from(dbc_floor_by_id(db_reader_conn(rd), id, out, found));
}

typedef struct DbcFloorState {
    const char *id, *state, *actor, *at;
    DbcOutcome *outcome;
    DbcFloor *out;
} DbcFloorState;

static int dbc_floor_state_locked(sqlite3 *conn, void *ctx, bool *commit)
{
    DbcFloorState *c = ctx;
    bool found;
    int rc = dbc_floor_by_id(conn, c->id, c->out, &found);
    if (rc != SQLITE_OK) return rc;
    if (!found) {
        *c->outcome = DBC_NOT_FOUND;
        return SQLITE_OK;
    }
    if (strcmp(c->out->state, "done") == 0 || strcmp(c->out->state, "withdrawn") == 0) {
        *c->outcome = DBC_FINAL;
        return SQLITE_OK;
    }
    const char *v[] = {c->id, c->state, c->actor, c->at, c->out->event, c->out->agenda_item};
    if (strcmp(c->state, "speaking") == 0) {
        /* one speaker at a time: whoever had the floor for this item is done */
        rc = dbs_query(conn,
                       "UPDATE floor_requests SET state = 'done', changed_at = ?4,"
                       " changed_by = ?3 WHERE event = ?5 AND agenda_item = ?6"
                       " AND state = 'speaking' AND id <> ?1",
                       v, 6, NULL, NULL, NULL);
        if (rc != SQLITE_OK) return rc;
    }
    rc = dbc_floor_write(conn,
                         "UPDATE floor_requests SET state = ?2, changed_at = ?4, changed_by = ?3"
                         " WHERE id = ?1",
                         v, 4, c->out);
    *c->outcome = DBC_CHANGED;
    *commit = rc == SQLITE_OK;
    return rc;
}

DbStatus dbc_floor_set_state(Db *db, const char *id, const char *state, const char *actor,
                             const char *at, DbcOutcome *outcome, DbcFloor *out)
{
    *outcome = DBC_NOT_FOUND;
    memset(out, 0, sizeof *out);
    DbcFloorState c = {id, state, actor, at, outcome, out};
    return dbs_transaction(db, "floor state", dbc_floor_state_locked, &c);
}

DbStatus dbc_floor_each(DbReader *rd, const char *event, const char *agenda_item,
                        DbcJsonFn fn, void *ctx)
{
    static const char sql[] =
        "SELECT json_object('id', f.id, 'agenda_item', f.agenda_item,"
        " 'addressed_to', f.addressed_to, 'state', f.state,"
        " 'position', " DBC_FLOOR_POSITION ", 'created', f.created,"
        " 'changed_at', f.changed_at, 'changed_by', f.changed_by,"
        " 'participant', json_object('id', f.participant,"
        "   'name', json_extract(g.body, '$.name'),"
        "   'organization', json_extract(g.body, '$.organization'),"
        "   'category', json_extract(g.body, '$.category'),"
        "   'country', json_extract(g.body, '$.country'))) "
        "FROM floor_requests f LEFT JOIN records g ON g.id = f.participant"
        "  AND g.type = 'registration' AND json_valid(g.body) "
        "WHERE f.event = ?1 AND (?2 IS NULL OR f.agenda_item = ?2) ORDER BY f.seq";
    const char *v[] = {event, agenda_item};
    return dbc_read(rd, sql, v, 2, dbc_json_row, &fn, ctx);
}

/* --- the summary draft -------------------------------------------------------------------- */

static bool dbc_summary_comment_row(sqlite3_stmt *st, void *fn, void *ctx)
{
    DbcSummaryComment c = {
        .seq = sqlite3_column_int64(st, 0), .reference = dbs_col(st, 1),
        .agenda_item = dbs_col(st, 2), .addressed_to = dbs_col(st, 3),
        .category = dbs_col(st, 4), .quote = dbs_col(st, 5),
    };
    return (*(DbcSummaryCommentFn *)fn)(ctx, &c);
}

DbStatus dbc_summary_comments_each(DbReader *rd, const char *event, DbcSummaryCommentFn fn,
                                   void *ctx)
{
    /* The text of a comment that may not be quoted is never read out of the store. */
    static const char sql[] =
        "SELECT c.rowid, parley_reference(c.id), json_extract(c.body, '$.agenda_item'),"
        " json_extract(c.body, '$.addressed_to'), json_extract(r.body, '$.category'),"
        " CASE WHEN p.state = 'published' OR json_extract(r.body, '$.publish_consent') = 1"
        "   THEN json_extract(c.body, '$.text') END "
        "FROM records c "
        "LEFT JOIN records r ON r.id = json_extract(c.body, '$.participant')"
        "  AND r.type = 'registration' AND json_valid(r.body) "
        "LEFT JOIN publication p ON p.comment = c.id "
        "LEFT JOIN registration_status s ON s.registration = r.id "
        "WHERE c.type = 'comment' AND c.event = ?1 AND json_valid(c.body)"
        " AND coalesce(p.state, 'pending') <> 'withheld'"
        " AND coalesce(s.status, 'pending') NOT IN ('objected', 'withdrawn') "
        "ORDER BY c.rowid";
    const char *v[] = {event};
    return dbc_read(rd, sql, v, 1, dbc_summary_comment_row, &fn, ctx);
}

static bool dbc_text_row(sqlite3_stmt *st, void *fn, void *ctx)
{
    return (*(DbcTextFn *)fn)(ctx, dbs_col(st, 0));
}

DbStatus dbc_summary_references_each(DbReader *rd, const char *event, DbcTextFn fn, void *ctx)
{
    const char *v[] = {event};
    return dbc_read(rd, "SELECT parley_reference(id) FROM records"
                        " WHERE type = 'comment' AND event = ?1",
                    v, 1, dbc_text_row, &fn, ctx);
}

/* The saved draft's row into a (a DbcSummaryDraft); b is set when its body cannot be copied. */
static bool dbc_summary_row(sqlite3_stmt *st, void *a, void *b)
{
    DbcSummaryDraft *out = a;
    const char *body = dbs_col(st, 0);
    size_t len = (size_t)sqlite3_column_bytes(st, 0);
    out->body = malloc(len + 1);
    if (!out->body) {
        *(bool *)b = true;
        return false;
    }
    memcpy(out->body, body ? body : "", len);
    out->body[len] = '\0';
    out->through = sqlite3_column_int64(st, 1);
    out->version = sqlite3_column_int64(st, 2);
    dbs_copy(out->changed_by, sizeof out->changed_by, sqlite3_column_text(st, 3));
    dbs_copy(out->changed_at, sizeof out->changed_at, sqlite3_column_text(st, 4));
    return false;
}

DbStatus dbc_summary_get(DbReader *rd, const char *event, DbcSummaryDraft *out, bool *found)
{
    memset(out, 0, sizeof *out);
    const char *v[] = {event};
    bool nomem = false;
    int rc = dbs_query(db_reader_conn(rd),
                       "SELECT body, through, version, changed_by, changed_at"
                       " FROM summary_drafts WHERE event = ?1",
                       v, 1, dbc_summary_row, out, &nomem);
    *found = rc == SQLITE_OK && out->body;
    return nomem ? DB_NOMEM : db_status_from(rc);
}

typedef struct DbcSummaryPut {
    const char *event, *body, *actor, *at;
    long long through, version;
    bool *stale;
    long long *current;
} DbcSummaryPut;

static bool dbc_version_row(sqlite3_stmt *st, void *a, void *b)
{
    (void)b;
    *(long long *)a = sqlite3_column_int64(st, 0);
    return false;
}

static int dbc_summary_put_locked(sqlite3 *conn, void *ctx, bool *commit)
{
    DbcSummaryPut *p = ctx;
    const char *v[] = {p->event, p->body, p->actor, p->at};
    *p->current = 0;
    int rc = dbs_query(conn, "SELECT version FROM summary_drafts WHERE event = ?1", v, 1,
                       dbc_version_row, p->current, NULL);
    if (rc != SQLITE_OK) return rc;
    if (*p->current != p->version) {
        *p->stale = true;
        return SQLITE_OK;
    }
    sqlite3_stmt *st = dbs_prepare(conn,
                     "INSERT INTO summary_drafts (event, body, through, version, changed_by,"
                     " changed_at) VALUES (?1, ?2, ?8, ?9, ?3, ?4) ON CONFLICT (event) DO UPDATE"
                     " SET body = ?2, through = ?8, version = ?9, changed_by = ?3, changed_at = ?4",
                     v, 4, &rc);
    if (!st) return rc;
    rc = sqlite3_bind_int64(st, 8, p->through);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return rc;
    }
    if ((rc = dbs_step_versioned(st, p->version + 1)) != SQLITE_OK) return rc;
    *p->current = p->version + 1;
    *commit = true;
    return SQLITE_OK;
}

DbStatus dbc_summary_put(Db *db, const char *event, const char *body, long long through,
                         long long version, const char *actor, const char *at, bool *stale,
                         long long *current)
{
    *stale = false;
    *current = 0;
    DbcSummaryPut p = {event, body, actor, at, through, version, stale, current};
    return dbs_transaction(db, "summary draft", dbc_summary_put_locked, &p);
}
