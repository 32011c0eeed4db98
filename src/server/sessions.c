/* sessions.c — see sessions.h. One mutex over both tables; every operation is a short
 * linear scan of fixed arrays (no allocation after start). Must never keep a token itself,
 * compare one in data-dependent time, or let the failure table grow without bound. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "server/sessions.h"

#define SESSIONS_KEY_MAX 80   /* "u:" + account name, or "a:" + address */

typedef struct Session {
    bool live;
    unsigned char hash[crypto_generichash_BYTES];
    long long last_ms;
    SessionInfo info;
} Session;

typedef struct Failures {
    char key[SESSIONS_KEY_MAX];
    long long at_ms[SESSIONS_FAIL_LIMIT];  /* ring of the latest failures */
    int n;                                 /* failures recorded (capped at the limit) */
    int next;
    long long last_ms;
} Failures;

struct Sessions {
    pthread_mutex_t mu;
    long long idle_ms;
    Session sessions[SESSIONS_MAX];
    Failures failures[SESSIONS_TRACKED];
};

static long long sessions_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

Sessions *sessions_new(unsigned idle_s)
{
    Sessions *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    pthread_mutex_init(&s->mu, NULL);
    s->idle_ms = (long long)(idle_s ? idle_s : SESSIONS_DEFAULT_IDLE_S) * 1000;
    return s;
}

void sessions_free(Sessions *s)
{
    if (!s) return;
    pthread_mutex_destroy(&s->mu);
    sodium_memzero(s, sizeof *s);
    free(s);
}

static void sessions_random_hex(char out[SESSIONS_TOKEN_HEX + 1])
{
    unsigned char raw[SESSIONS_TOKEN_HEX / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, SESSIONS_TOKEN_HEX + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

/* The hash of a well-formed token (64 lower-case hex); false for anything else. */
static bool sessions_hash(const char *token, unsigned char out[crypto_generichash_BYTES])
{
    if (!token || strlen(token) != SESSIONS_TOKEN_HEX) return false;
    for (const char *p = token; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    crypto_generichash(out, crypto_generichash_BYTES, (const unsigned char *)token,
                       SESSIONS_TOKEN_HEX, NULL, 0);
    return true;
}

/* The live, unexpired session with this hash (expired ones are cleared on the way). */
static Session *sessions_find(Sessions *s, const unsigned char *hash, long long now)
{
    Session *hit = NULL;
    for (int i = 0; i < SESSIONS_MAX; i++) {
        Session *e = &s->sessions[i];
        if (!e->live) continue;
        if (now - e->last_ms > s->idle_ms) {
            sodium_memzero(e, sizeof *e);
            continue;
        }
        /* Every live entry is compared, so the time does not say which one matched. */
        if (sodium_memcmp(e->hash, hash, crypto_generichash_BYTES) == 0) hit = e;
    }
    return hit;
}

bool sessions_create(Sessions *s, const char *name, StaffRole role,
                     char token[SESSIONS_TOKEN_HEX + 1], SessionInfo *info)
{
    long long now = sessions_now_ms();
    unsigned char hash[crypto_generichash_BYTES];
    sessions_random_hex(token);
    (void)sessions_hash(token, hash);
    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "%s", name);
    info->role = role;
    sessions_random_hex(info->csrf);
    pthread_mutex_lock(&s->mu);
    (void)sessions_find(s, hash, now);  /* clears expired entries */
    Session *slot = NULL;
    for (int i = 0; i < SESSIONS_MAX && !slot; i++)
        if (!s->sessions[i].live) slot = &s->sessions[i];
    if (slot) {
        slot->live = true;
        memcpy(slot->hash, hash, sizeof hash);
        slot->last_ms = now;
        slot->info = *info;
    }
    pthread_mutex_unlock(&s->mu);
    return slot != NULL;
}

bool sessions_lookup(Sessions *s, const char *token, SessionInfo *out)
{
    unsigned char hash[crypto_generichash_BYTES];
    if (!sessions_hash(token, hash)) return false;
    long long now = sessions_now_ms();
    pthread_mutex_lock(&s->mu);
    Session *e = sessions_find(s, hash, now);
    if (e) {
        e->last_ms = now;
        *out = e->info;
    }
    pthread_mutex_unlock(&s->mu);
    return e != NULL;
}

void sessions_end(Sessions *s, const char *token)
{
    unsigned char hash[crypto_generichash_BYTES];
    if (!sessions_hash(token, hash)) return;
    pthread_mutex_lock(&s->mu);
    Session *e = sessions_find(s, hash, sessions_now_ms());
    if (e) sodium_memzero(e, sizeof *e);
    pthread_mutex_unlock(&s->mu);
}

bool sessions_csrf_ok(const SessionInfo *info, const char *header)
{
    return header && strlen(header) == SESSIONS_TOKEN_HEX &&
           sodium_memcmp(header, info->csrf, SESSIONS_TOKEN_HEX) == 0;
}

/* --- lockout ------------------------------------------------------------------------------ */

static void sessions_key(char out[SESSIONS_KEY_MAX], char kind, const char *v)
{
    snprintf(out, SESSIONS_KEY_MAX, "%c:%s", kind, v ? v : "");
}

static Failures *sessions_failures(Sessions *s, const char *key, bool create)
{
    Failures *oldest = NULL;
    for (int i = 0; i < SESSIONS_TRACKED; i++) {
        Failures *f = &s->failures[i];
        if (f->key[0] && strcmp(f->key, key) == 0) return f;
        if (!oldest || (f->key[0] == '\0' && oldest->key[0]) ||
            (f->key[0] && oldest->key[0] && f->last_ms < oldest->last_ms))
            oldest = f;
    }
    if (!create) return NULL;
    memset(oldest, 0, sizeof *oldest);  /* the least recently failing key makes room */
    snprintf(oldest->key, sizeof oldest->key, "%s", key);
    return oldest;
}

/* Milliseconds until f allows another attempt (0: now). */
static long long sessions_wait_ms(const Failures *f, long long now)
{
    if (!f || f->n < SESSIONS_FAIL_LIMIT) return 0;
    long long first = f->at_ms[f->next];  /* the oldest of the last SESSIONS_FAIL_LIMIT */
    long long until = first + (long long)SESSIONS_FAIL_WINDOW_S * 1000;
    return until > now ? until - now : 0;
}

long sessions_locked(Sessions *s, const char *name, const char *addr)
{
    char ku[SESSIONS_KEY_MAX], ka[SESSIONS_KEY_MAX];
    sessions_key(ku, 'u', name);
    sessions_key(ka, 'a', addr);
    long long now = sessions_now_ms();
    pthread_mutex_lock(&s->mu);
    long long wu = sessions_wait_ms(sessions_failures(s, ku, false), now);
    long long wa = sessions_wait_ms(sessions_failures(s, ka, false), now);
    pthread_mutex_unlock(&s->mu);
    long long w = wu > wa ? wu : wa;
    return w ? (long)((w + 999) / 1000) : 0;
}

void sessions_failed(Sessions *s, const char *name, const char *addr)
{
    char keys[2][SESSIONS_KEY_MAX];
    sessions_key(keys[0], 'u', name);
    sessions_key(keys[1], 'a', addr);
    long long now = sessions_now_ms();
    pthread_mutex_lock(&s->mu);
    for (int k = 0; k < 2; k++) {
        Failures *f = sessions_failures(s, keys[k], true);
        f->at_ms[f->next] = now;
        f->next = (f->next + 1) % SESSIONS_FAIL_LIMIT;
        if (f->n < SESSIONS_FAIL_LIMIT) f->n++;
        f->last_ms = now;
    }
    pthread_mutex_unlock(&s->mu);
}

void sessions_succeeded(Sessions *s, const char *name)
{
    char key[SESSIONS_KEY_MAX];
    sessions_key(key, 'u', name);
    pthread_mutex_lock(&s->mu);
    Failures *f = sessions_failures(s, key, false);
    if (f) memset(f, 0, sizeof *f);
    pthread_mutex_unlock(&s->mu);
}
