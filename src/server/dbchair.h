/* dbchair.h — the Chair's tables of parleyd's store (docs/chair-api.md): the item in progress of
 * each event, the status of registrations with its append-only log, and the speakers'
 * queue. Writes go through the staff connection (one transaction each), reads through a
 * reader's snapshot. Bound parameters only; callers validate every value first. */
#ifndef PARLEY_DBCHAIR_H
#define PARLEY_DBCHAIR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/record.h"
#include "server/db.h"

/* Every read hands over one JSON object made by SQLite; it lives for the call only. */
typedef bool (*DbcJsonFn)(void *ctx, const char *json, size_t len);

/* --- the item in progress ----------------------------------------------------------------- */

typedef struct DbcCurrent {
    char agenda_item[RECORD_MAX_ID_BYTES + 1];  /* "" when none is in progress */
    char since[RECORD_TIME_BYTES];              /* "" when never set */
    long long version;                          /* 0 when never set; +1 on every change */
} DbcCurrent;

DbStatus dbc_current_get(DbReader *rd, const char *event, DbcCurrent *out);
/* Sets (agenda_item NULL: clears) the event's item in progress as of `at`; *out is the new row. */
DbStatus dbc_current_set(Db *db, const char *event, const char *agenda_item, const char *at,
                         const char *actor, DbcCurrent *out);

/* --- registrations ------------------------------------------------------------------------ */

typedef struct DbcStatusChange {
    const char *registration;  /* the registration's record id */
    const char *status;        /* pending | approved | objected | withdrawn (checked) */
    const char *party;         /* the objecting State party: set exactly when objected */
    const char *note;          /* NULL or the Chair's note */
    long long version;         /* the version the Chair saw */
    const char *actor, *at;
} DbcStatusChange;

typedef enum DbcOutcome {
    DBC_CHANGED = 0,  /* stored (with its log entry, where there is one) in one transaction */
    DBC_NOT_FOUND,    /* no such registration / request */
    DBC_STALE,        /* the version is not the current one: nothing changed */
    DBC_FINAL         /* a floor request already done or withdrawn: nothing changed */
} DbcOutcome;

/* Checks the version, writes the status (version + 1) and appends the log entry. *current is
 * the version after the call (the stored one when stale); event[RECORD_MAX_ID_BYTES + 1] the
 * registration's event. */
DbStatus dbc_registration_set(Db *db, const DbcStatusChange *c, DbcOutcome *outcome,
                              long long *current, char *event);

/* The event's registrations (status NULL: any), ordered by category (ngo, academia,
 * private_sector, other), organisation and country, each as {"id","name","organization",
 * "category","country","publish_consent","created","received","status":{"status","by",
 * "note","version","changed_by","changed_at"}}. No e-mail: staff below admin do not need it. */
DbStatus dbc_registrations_each(DbReader *rd, const char *event, const char *status,
                                DbcJsonFn fn, void *ctx);
/* The registration log of the event (registration NULL: of all), oldest first: {"seq","at",
 * "by","registration","from","to","party","note","version"}. */
DbStatus dbc_registration_log_each(DbReader *rd, const char *event, const char *registration,
                                   DbcJsonFn fn, void *ctx);

/* --- the speakers' queue ------------------------------------------------------------------ */

typedef struct DbcFloor {
    char id[RECORD_UUID_LEN + 1];
    char event[RECORD_MAX_ID_BYTES + 1];
    char participant[RECORD_MAX_ID_BYTES + 1];
    char agenda_item[RECORD_MAX_ID_BYTES + 1];
    char state[12];          /* waiting | speaking | done | withdrawn */
    long long position;      /* 1.. among the item's waiting requests; 0 when not waiting */
} DbcFloor;

typedef struct DbcFloorNew {
    const char *id, *event, *participant, *agenda_item, *addressed_to, *at;
} DbcFloorNew;

typedef enum DbcFloorOutcome {
    DBC_FLOOR_CREATED = 0,
    DBC_FLOOR_EXISTING,       /* this id was stored before: *out is that request */
    DBC_FLOOR_ID_TAKEN,       /* this id is another participant's or item's request */
    DBC_FLOOR_ALREADY_OPEN,   /* the participant holds another open request for the item */
    DBC_FLOOR_NO_PARTICIPANT, /* no registration with this id in this event */
    DBC_FLOOR_NOT_ADMITTED    /* the registration was objected to or withdrawn */
} DbcFloorOutcome;

/* Adds a waiting request at the end of the item's queue unless refused; *out is the request
 * the outcome names (the new one, the stored one with this id, or the other open one). */
DbStatus dbc_floor_request(Db *db, const DbcFloorNew *f, DbcFloorOutcome *outcome,
                           DbcFloor *out);
DbStatus dbc_floor_get(DbReader *rd, const char *id, DbcFloor *out, bool *found);
/* Moves a request to speaking, done or withdrawn (actor NULL: the participant's own device).
 * Giving one the floor ends the turn of whoever was speaking on that item (done). */
DbStatus dbc_floor_set_state(Db *db, const char *id, const char *state, const char *actor,
                             const char *at, DbcOutcome *outcome, DbcFloor *out);
/* The event's queue (agenda_item NULL: every item) in the order asked, each as {"id",
 * "agenda_item","addressed_to","state","position","created","changed_at","changed_by",
 * "participant":{"id","name","organization","category","country"}}. */
DbStatus dbc_floor_each(DbReader *rd, const char *event, const char *agenda_item,
                        DbcJsonFn fn, void *ctx);

/* --- the summary draft -------------------------------------------------------------------- */

/* A comment as the summary sees it. Comments withheld by moderation, or whose registration
 * was objected to or withdrawn, are never handed over. */
typedef struct DbcSummaryComment {
    long long seq;              /* its rowid: later comments have larger ones */
    const char *reference;      /* the receipt's code */
    const char *agenda_item, *addressed_to;  /* addressed_to NULL when not addressed */
    const char *category;       /* the registration's, NULL while it has not arrived */
    const char *quote;          /* the exact text when it may be quoted (published, or its
                                 * author consented to publication), else NULL */
} DbcSummaryComment;
typedef bool (*DbcSummaryCommentFn)(void *ctx, const DbcSummaryComment *c);
/* The event's comments in stored order. */
DbStatus dbc_summary_comments_each(DbReader *rd, const char *event, DbcSummaryCommentFn fn,
                                   void *ctx);

typedef bool (*DbcTextFn)(void *ctx, const char *s);
/* The receipt references of all the event's comments (any state), for checking a draft. */
DbStatus dbc_summary_references_each(DbReader *rd, const char *event, DbcTextFn fn, void *ctx);

/* The saved draft: *found false when none was saved; body is malloc'd (free it). */
typedef struct DbcSummaryDraft {
    char *body;
    long long through, version;
    char changed_by[65], changed_at[RECORD_TIME_BYTES];
} DbcSummaryDraft;
DbStatus dbc_summary_get(DbReader *rd, const char *event, DbcSummaryDraft *out, bool *found);
/* Stores body as version `version` + 1 unless the stored version is not `version` (then
 * *stale, nothing changed, *current the stored one). */
DbStatus dbc_summary_put(Db *db, const char *event, const char *body, long long through,
                         long long version, const char *actor, const char *at, bool *stale,
                         long long *current);

#endif
