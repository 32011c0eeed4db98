/* accounts.c — see accounts.h. Hashing: crypto_pwhash_str (Argon2id) with the INTERACTIVE
 * limits (2 passes, 64 MiB): about a tenth of a second on one core, at most
 * ACCOUNTS_MAX_PARALLEL_HASHES at a time. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/record.h"
#include "core/utf8.h"
#include "server/accounts.h"
#include "server/dbstaff.h"
#include "server/srv.h"

static char accounts_dummy_hash[crypto_pwhash_STRBYTES];

/* A counting semaphore over the hashing slots. */
static pthread_mutex_t accounts_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t accounts_cv = PTHREAD_COND_INITIALIZER;
static int accounts_busy;

static const char *const accounts_roles[] = {"", "moderator", "chair", "admin"};

StaffRole accounts_role_parse(const char *s)
{
    for (int r = STAFF_MODERATOR; s && r <= STAFF_ADMIN; r++)
        if (strcmp(s, accounts_roles[r]) == 0) return (StaffRole)r;
    return STAFF_NONE;
}

const char *accounts_role_name(StaffRole r)
{
    return r >= STAFF_MODERATOR && r <= STAFF_ADMIN ? accounts_roles[r] : "";
}

bool accounts_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > DBS_NAME_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-' || c == '@';
        if (!ok) return false;
    }
    return true;
}

static void accounts_slot_take(void)
{
    pthread_mutex_lock(&accounts_mu);
    while (accounts_busy >= ACCOUNTS_MAX_PARALLEL_HASHES) pthread_cond_wait(&accounts_cv, &accounts_mu);
    accounts_busy++;
    pthread_mutex_unlock(&accounts_mu);
}

static void accounts_slot_give(void)
{
    pthread_mutex_lock(&accounts_mu);
    accounts_busy--;
    pthread_cond_signal(&accounts_cv);
    pthread_mutex_unlock(&accounts_mu);
}

static bool accounts_hash(const char *password, size_t len, char out[crypto_pwhash_STRBYTES])
{
    accounts_slot_take();
    int rc = crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    accounts_slot_give();
    return rc == 0;
}

bool accounts_init(char *err, size_t cap)
{
    if (sodium_init() < 0) {
        snprintf(err, cap, "libsodium could not be initialised");
        return false;
    }
    unsigned char random[32];
    randombytes_buf(random, sizeof random);
    bool ok = accounts_hash((const char *)random, sizeof random, accounts_dummy_hash);
    sodium_memzero(random, sizeof random);
    if (!ok) snprintf(err, cap, "cannot compute a password hash (out of memory?)");
    return ok;
}

AccountsResult accounts_verify(Db *db, const char *name, const char *password, size_t len,
                               StaffRole *role)
{
    *role = STAFF_NONE;
    char role_s[DBS_ROLE_MAX], hash[DBS_HASH_MAX];
    bool found = false;
    if (accounts_name_valid(name) && dbs_user_get(db, name, role_s, hash, &found) != DB_OK)
        return ACCOUNTS_ERROR;
    const char *against = found ? hash : accounts_dummy_hash;
    accounts_slot_take();
    int rc = crypto_pwhash_str_verify(against, password, len);
    accounts_slot_give();
    if (!found || rc != 0) return ACCOUNTS_WRONG;
    *role = accounts_role_parse(role_s);
    return *role == STAFF_NONE ? ACCOUNTS_WRONG : ACCOUNTS_OK;
}

/* --- the command line --------------------------------------------------------------------- */

static void accounts_usage(FILE *f)
{
    fprintf(f,
            "usage: parleyd user add NAME --role moderator|chair|admin [--data DIR]\n"
            "       parleyd user passwd NAME [--data DIR]\n"
            "       parleyd user remove NAME [--data DIR]\n"
            "       parleyd user list [--data DIR]\n"
            "\n"
            "Staff accounts of the secretariat's console, stored in DIR/parley.db (default:\n"
            "data). add and passwd read the password from standard input: one line of at\n"
            "least %d characters (on a terminal it is not echoed). Only an Argon2id hash of\n"
            "it is stored. Roles: moderator < chair < admin, each can do what the one before\n"
            "can. A change takes effect at the account's next sign-in; remove also ends\n"
            "nothing already signed in until it expires (restart parleyd to end it at once).\n",
            ACCOUNTS_MIN_PASSWORD_CHARS);
}

static void accounts_now(char out[RECORD_TIME_BYTES])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (!record_format_time((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, out)) out[0] = '\0';
}

/* One line from standard input, without echo on a terminal. False with a message. */
static bool accounts_read_password(char *buf, size_t cap, size_t *len)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty && tcgetattr(STDIN_FILENO, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        fprintf(stderr, "Password: ");
    } else {
        tty = false;
    }
    bool ok = fgets(buf, (int)cap, stdin) != NULL;
    if (tty) {
        (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fprintf(stderr, "\n");
    }
    if (!ok) {
        fprintf(stderr, "parleyd user: no password on standard input (one line expected)\n");
        return false;
    }
    size_t n = strlen(buf);
    bool whole = n > 0 && buf[n - 1] == '\n';
    if (!whole && !feof(stdin)) {
        fprintf(stderr, "parleyd user: password longer than %d bytes\n",
                ACCOUNTS_MAX_PASSWORD_BYTES);
        return false;
    }
    if (whole) buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '\r') buf[--n] = '\0';
    if (!utf8_valid(buf, n)) {
        fprintf(stderr, "parleyd user: the password is not valid UTF-8\n");
        return false;
    }
    size_t chars = 0;
    for (size_t i = 0; i < n;) {
        (void)utf8_decode(buf, n, &i);
        chars++;
    }
    if (chars < ACCOUNTS_MIN_PASSWORD_CHARS) {
        fprintf(stderr, "parleyd user: the password is too short: %zu characters, at least %d "
                        "are needed\n", chars, ACCOUNTS_MIN_PASSWORD_CHARS);
        return false;
    }
    *len = n;
    return true;
}

/* Reads, checks and hashes a password from standard input into hash. */
static int accounts_new_hash(char hash[crypto_pwhash_STRBYTES])
{
    static char pw[ACCOUNTS_MAX_PASSWORD_BYTES + 2];
    size_t len = 0;
    int code = 0;
    if (!accounts_read_password(pw, sizeof pw, &len)) code = 1;
    else if (!accounts_hash(pw, len, hash)) {
        fprintf(stderr, "parleyd user: cannot compute the password hash (out of memory?)\n");
        code = 3;
    }
    sodium_memzero(pw, sizeof pw);
    return code;
}

static bool accounts_print_user(void *ctx, const char *name, const char *role, const char *created)
{
    (void)ctx;
    printf("%s\t%s\t%s\n", name, role, created);
    return true;
}

static int accounts_bad(const char *fmt, const char *what)
{
    return srv_usage_error("parleyd user", accounts_usage, fmt, what);
}

typedef struct AccountsArgs {
    const char *verb, *name, *role, *data;
} AccountsArgs;

static int accounts_parse(int argc, char **argv, AccountsArgs *a)
{
    a->data = "data";
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) return 1;
        const char **slot = strcmp(s, "--data") == 0 ? &a->data
                            : strcmp(s, "--role") == 0 ? &a->role : NULL;
        if (slot) {
            if (i + 1 >= argc || !argv[i + 1][0]) return accounts_bad("%s needs a value", s);
            *slot = argv[++i];
        } else if (strncmp(s, "--", 2) == 0) {
            return accounts_bad("unknown option '%s'", s);
        } else if (!a->verb) {
            a->verb = s;
        } else if (!a->name) {
            a->name = s;
        } else {
            return accounts_bad("unexpected argument '%s'", s);
        }
    }
    if (!a->verb) return accounts_bad("%s", "no command given");
    bool list = strcmp(a->verb, "list") == 0;
    if (!list && strcmp(a->verb, "add") != 0 && strcmp(a->verb, "remove") != 0 &&
        strcmp(a->verb, "passwd") != 0)
        return accounts_bad("unknown command '%s'", a->verb);
    if (list && a->name) return accounts_bad("unexpected argument '%s'", a->name);
    if (!list && !a->name) return accounts_bad("%s needs an account name", a->verb);
    if (a->name && !accounts_name_valid(a->name))
        return accounts_bad("account name '%s': expected 1..64 of A-Z a-z 0-9 . _ @ -", a->name);
    bool add = strcmp(a->verb, "add") == 0;
    if (add && accounts_role_parse(a->role) == STAFF_NONE)
        return accounts_bad("%s", "add needs --role moderator, chair or admin");
    if (!add && a->role) return accounts_bad("%s", "--role is only for add");
    return 0;
}

static int accounts_run(Db *db, const AccountsArgs *a)
{
    char now[RECORD_TIME_BYTES], hash[crypto_pwhash_STRBYTES];
    accounts_now(now);
    DbStatus s;
    bool hit = false;
    if (strcmp(a->verb, "list") == 0) {
        s = dbs_user_each(db, accounts_print_user, NULL);
        hit = true;
    } else if (strcmp(a->verb, "remove") == 0) {
        s = dbs_user_remove(db, a->name, &hit);
        if (s == DB_OK && hit) printf("parleyd user: removed %s\n", a->name);
    } else {
        bool add = strcmp(a->verb, "add") == 0;
        char role[DBS_ROLE_MAX], old[DBS_HASH_MAX];
        /* Before asking for a password, say whether the command can succeed at all. */
        s = dbs_user_get(db, a->name, role, old, &hit);
        sodium_memzero(old, sizeof old);
        if (s == DB_OK && add && hit) {
            fprintf(stderr, "parleyd user: an account named %s exists (passwd changes its "
                            "password, remove deletes it)\n", a->name);
            return 1;
        }
        if (s == DB_OK && !add && !hit) {
            fprintf(stderr, "parleyd user: no account named %s\n", a->name);
            return 1;
        }
        if (s == DB_OK) {
            int code = accounts_new_hash(hash);
            if (code) return code;
            bool exists = false;
            s = add ? dbs_user_add(db, a->name, a->role, hash, now, &exists)
                    : dbs_user_set_hash(db, a->name, hash, now, &hit);
            hit = add ? !exists : hit;
            if (s == DB_OK && hit)
                printf("parleyd user: %s %s%s%s\n", add ? "added" : "new password for",
                       a->name, add ? " as " : "", add ? a->role : "");
        }
    }
    if (s != DB_OK) {
        fprintf(stderr, "parleyd user: the store could not be used: %s\n", db_status_text(s));
        return 3;
    }
    if (!hit) {
        fprintf(stderr, "parleyd user: no account named %s\n", a->name);
        return 1;
    }
    return 0;
}

int accounts_main(int argc, char **argv)
{
    AccountsArgs a = {0};
    int parsed = accounts_parse(argc, argv, &a);
    if (parsed == 1) {
        accounts_usage(stdout);
        return 0;
    }
    if (parsed) return parsed;
    umask(077);
    char err[SRV_PATH_MAX + 1024];
    if (sodium_init() < 0) {
        fprintf(stderr, "parleyd user: libsodium could not be initialised\n");
        return 3;
    }
    Db *db = NULL;
    if (!srv_mkdirs(a.data, err, sizeof err) || !(db = db_open(a.data, err, sizeof err))) {
        fprintf(stderr, "parleyd user: %s\n", err);
        return 3;
    }
    int code = accounts_run(db, &a);
    db_close(db);
    return code;
}
