/* srv.h — the state parleyd shares between its modules (events, web root, token, database,
 * writer) and the loaders that fill it at start. Read-only once the HTTP daemon runs:
 * request threads must never write to it (anything mutable lives behind db.h and writer.h,
 * which synchronise themselves). */
#ifndef PARLEY_SRV_H
#define PARLEY_SRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/event.h"

#define SRV_MAX_EVENTS     32     /* --event files one server may carry */
#define SRV_PATH_MAX       4096   /* file names we build (web root + request path) */
#define SRV_TOKEN_MAX      256    /* longest admin token accepted from env or file */
#define SRV_TOKEN_RANDOM   32     /* random bytes in a generated token (64 hex chars) */

struct Db;
struct Writer;
struct Sessions;
struct Stream;

/* One event file, kept as the exact bytes read (served verbatim) and as the parsed model
 * (for validation now, for stats and exports later). */
typedef struct SrvEvent {
    char *file;       /* the path given on the command line */
    char *json;       /* the file's bytes, NUL-terminated */
    size_t json_len;
    Event *model;     /* heap: an Event is ~100 KiB, too big for a stack */
} SrvEvent;

typedef struct SrvState {
    SrvEvent events[SRV_MAX_EVENTS];  /* events[0] is the current event */
    int event_count;
    char web_root[SRV_PATH_MAX];      /* realpath of --web; "" when it does not exist */
    char admin_token[SRV_TOKEN_MAX + 1];
    struct Db *db;                    /* its writing connection belongs to the writer */
    struct Writer *writer;            /* group commit of uploads (writer.h) */
    struct Sessions *sessions;        /* staff sessions and sign-in lockout (sessions.h) */
    struct Stream *stream;            /* the staff's live stream of changes (stream.h) */
} SrvState;

/* events.c — reads and validates each file (EVENT_MAX_FILE_BYTES cap); on failure writes
 * "file:line:column: message" (or "file: message") into err and returns false. */
bool srv_events_load(SrvState *st, const char *const *files, int count, char *err, size_t cap);
void srv_events_free(SrvState *st);
/* The event with this id, or NULL. */
const SrvEvent *srv_event_find(const SrvState *st, const char *id);

/* main.c — mkdir -p of --data with mode 0700: the directory will hold personal data and
 * the admin token. On failure writes err and returns false. */
bool srv_mkdirs(const char *dir, char *err, size_t cap);

/* token.c — docs/interface.md §2: PARLEY_ADMIN_TOKEN, else DIR/admin-token, else a new random one
 * written to DIR/admin-token (mode 0600). Prints where the token came from on stdout,
 * never the token itself. */
bool srv_token_init(SrvState *st, const char *data_dir, char *err, size_t cap);

/* True when an Authorization header value is "Bearer <the admin token>" (scheme case
 * insensitive). The token is compared in constant time: how long the check takes says
 * nothing about how much of a guess was right. NULL → false. */
bool srv_token_check(const SrvState *st, const char *authorization);

/* A mistake on the command line of program ("parleyd", "parleyd user"): the program's name
 * and fmt (with what in it) on stderr, a blank line, then its usage; returns 2, the exit
 * status of a usage error. */
int srv_usage_error(const char *program, void (*usage)(FILE *), const char *fmt, const char *what);

#endif
