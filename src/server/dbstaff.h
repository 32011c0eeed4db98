/* dbstaff.h — the staff tables of parleyd's store (docs/staff-api.md): accounts, the publication
 * state of each comment, the append-only moderation log, and the reads behind the
 * moderation list and the published page. Bound parameters only; every string handed to a
 * callback lives for the duration of that call. */
#ifndef PARLEY_DBSTAFF_H
#define PARLEY_DBSTAFF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/record.h"
#include "server/db.h"

#define DBS_NAME_MAX   64    /* bytes of a staff account name */
#define DBS_HASH_MAX   128   /* an Argon2id hash string (crypto_pwhash_STRBYTES) */
#define DBS_ROLE_MAX   16

/* --- accounts (any thread; the staff connection is locked per call) --------------------- */

/* Adds an account; *exists when the name is taken (then nothing changes). */
DbStatus dbs_user_add(Db *db, const char *name, const char *role, const char *hash,
                      const char *now, bool *exists);
/* Replaces a password hash; *found false when there is no such account. */
DbStatus dbs_user_set_hash(Db *db, const char *name, const char *hash, const char *now,
                           bool *found);
DbStatus dbs_user_remove(Db *db, const char *name, bool *found);
/* The account's role and hash (role[DBS_ROLE_MAX], hash[DBS_HASH_MAX]). */
DbStatus dbs_user_get(Db *db, const char *name, char *role, char *hash, bool *found);
typedef bool (*DbsUserFn)(void *ctx, const char *name, const char *role, const char *created);
DbStatus dbs_user_each(Db *db, DbsUserFn fn, void *ctx);

/* --- publication -------------------------------------------------------------------------- */

typedef struct DbsChange {
    const char *comment;   /* the comment's record id */
    const char *state;     /* pending | published | withheld (validated by the caller) */
    const char *reason;    /* NULL unless withheld */
    const char *note;      /* NULL or the moderator's note */
    long long version;     /* the version the moderator saw */
    const char *actor, *at;
} DbsChange;

typedef enum DbsOutcome {
    DBS_CHANGED = 0,   /* stored, with its log entry, in one transaction */
    DBS_NO_COMMENT,    /* no comment with this id */
    DBS_STALE          /* version is not the current one: nothing changed */
} DbsOutcome;

/* One transaction: checks the version, writes the new state (version + 1) and appends the
 * log entry. *current is the version after the call (the stored one when stale); event
 * (RECORD_MAX_ID_BYTES + 1) the comment's event. */
DbStatus dbs_publication_set(Db *db, const DbsChange *c, DbsOutcome *outcome,
                             long long *current, char *event);

/* --- reads (through a reader's snapshot) -------------------------------------------------- */

typedef struct DbsFilter {
    const char *event, *item, *category, *panellist, *language, *state, *q;  /* NULL: any */
    long long after;   /* the cursor: comments stored after this one (0: from the start) */
    int limit;         /* rows wanted */
} DbsFilter;

/* Comments matching f in stored order, each as one JSON object: the record's fields with
 * "participant" replaced by the registration ({"id"} only while it has not arrived), plus
 * "reference", "received" and "publication". `seq` is the cursor value of the row. At most
 * f->limit + 1 rows (the extra one tells there is a next page). */
typedef bool (*DbsCommentJsonFn)(void *ctx, long long seq, const char *json, size_t len);
DbStatus dbs_comments_each(DbReader *rd, const DbsFilter *f, DbsCommentJsonFn fn, void *ctx);

/* Published and withheld comments of an event, in stored order. */
typedef struct DbsPublished {
    const char *id, *agenda_item, *language, *text, *state, *reason, *changed_at;
    const char *name, *organization;  /* NULL unless publish_consent is true */
    const char *reference;
} DbsPublished;
typedef bool (*DbsPublishedFn)(void *ctx, const DbsPublished *p);
DbStatus dbs_published_each(DbReader *rd, const char *event, DbsPublishedFn fn, void *ctx);

/* The comment a receipt's reference names: its id starts with id_prefix (record_reference_parse).
 * Copied out (the strings are the row's), *found false when no comment, or more than one,
 * has that start. */
typedef struct DbsReference {
    char id[40], event[RECORD_MAX_ID_BYTES + 1], received[32], state[16], reason[24];
} DbsReference;
DbStatus dbs_reference_find(DbReader *rd, const char *id_prefix, DbsReference *out, bool *found);

typedef struct DbsLogEntry {
    long long seq;
    const char *at, *actor, *comment, *event, *from, *to, *reason, *note;
    long long version;
} DbsLogEntry;
typedef bool (*DbsLogFn)(void *ctx, const DbsLogEntry *e);
/* Oldest first; only those of event unless it is NULL. */
DbStatus dbs_log_each(DbReader *rd, const char *event, DbsLogFn fn, void *ctx);

#endif
