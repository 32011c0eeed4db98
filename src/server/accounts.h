/* accounts.h — staff accounts (docs/staff-api.md): roles, Argon2id password hashes through
 * libsodium, the sign-in check, and the `parleyd user ...` command line. Must never print,
 * log or store a password, and never answer an unknown name faster than a wrong password. */
#ifndef PARLEY_ACCOUNTS_H
#define PARLEY_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "server/db.h"

#define ACCOUNTS_MIN_PASSWORD_CHARS 12
#define ACCOUNTS_MAX_PASSWORD_BYTES 1024
/* Hashes computed at once; each takes crypto_pwhash's INTERACTIVE memory (64 MiB), so on
 * a 2-core venue machine sign-ins queue rather than exhaust memory or starve uploads. */
#define ACCOUNTS_MAX_PARALLEL_HASHES 2

/* Ordered: each role can do what the ones below it can. */
typedef enum StaffRole {
    STAFF_NONE = 0,
    STAFF_MODERATOR = 1,
    STAFF_CHAIR = 2,
    STAFF_ADMIN = 3
} StaffRole;

StaffRole accounts_role_parse(const char *s);   /* STAFF_NONE when unknown */
const char *accounts_role_name(StaffRole r);    /* "" for STAFF_NONE */

/* An account name: 1..64 bytes of [A-Za-z0-9._@-]. */
bool accounts_name_valid(const char *name);

/* libsodium's start-up and the dummy hash unknown names are checked against. */
bool accounts_init(char *err, size_t cap);

typedef enum AccountsResult {
    ACCOUNTS_OK = 0,
    ACCOUNTS_WRONG,    /* no such account or another password: the same answer */
    ACCOUNTS_ERROR     /* the store could not be read or out of memory */
} AccountsResult;

/* Checks a sign-in; *role is the account's on success. An unknown or malformed name costs
 * one Argon2id verification, as a known one does. */
AccountsResult accounts_verify(Db *db, const char *name, const char *password, size_t len,
                               StaffRole *role);

/* `parleyd user add|list|remove|passwd ...`; argv[0] is "user". Exit 0 done, 1 refused
 * (e.g. no such account, password too short), 2 bad arguments, 3 store failure. */
int accounts_main(int argc, char **argv);

#endif
