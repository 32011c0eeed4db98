/* sessions.h — staff sessions and the sign-in lockout (docs/staff-api.md), in memory: tokens
 * from the OS's random source, kept only as their BLAKE2b hash and compared in constant
 * time; 30 minutes idle by default; 5 failed sign-ins per account or per client address
 * within 15 minutes lock further attempts. A restart ends every session. Thread-safe. */
#ifndef PARLEY_SESSIONS_H
#define PARLEY_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "server/accounts.h"

#define SESSIONS_MAX             512    /* live sessions at once */
#define SESSIONS_DEFAULT_IDLE_S  1800
#define SESSIONS_TOKEN_HEX       64     /* 32 random bytes, hex */
#define SESSIONS_COOKIE          "parley_session"
#define SESSIONS_FAIL_LIMIT      5
#define SESSIONS_FAIL_WINDOW_S   900
#define SESSIONS_TRACKED         4096   /* accounts and addresses with recent failures */

typedef struct Sessions Sessions;

typedef struct SessionInfo {
    char name[65];
    StaffRole role;
    char csrf[SESSIONS_TOKEN_HEX + 1];
} SessionInfo;

Sessions *sessions_new(unsigned idle_s);
void sessions_free(Sessions *s);

/* A new session; the cookie value and the CSRF token go to token and info->csrf. False
 * when SESSIONS_MAX sessions are live. */
bool sessions_create(Sessions *s, const char *name, StaffRole role,
                     char token[SESSIONS_TOKEN_HEX + 1], SessionInfo *info);
/* The live session of a cookie value (its idle clock restarts), or false. */
bool sessions_lookup(Sessions *s, const char *token, SessionInfo *out);
void sessions_end(Sessions *s, const char *token);
/* Whether the CSRF header of a request matches the session's (constant time). */
bool sessions_csrf_ok(const SessionInfo *info, const char *header);

/* Seconds until a sign-in for name from addr may be tried again; 0 when it may now. */
long sessions_locked(Sessions *s, const char *name, const char *addr);
void sessions_failed(Sessions *s, const char *name, const char *addr);
/* A successful sign-in clears the account's failures (not the address's). */
void sessions_succeeded(Sessions *s, const char *name);

#endif
