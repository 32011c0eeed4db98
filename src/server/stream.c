/* stream.c — see stream.h. One mutex over the ring and the subscriptions; formatting is a
 * few hundred bytes under it. Must never block a request thread, never call wake on a
 * subscription that is not asleep, and never hold more than STREAM_RING events. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/record.h"
#include "server/stream.h"

typedef struct StreamEvent {
    unsigned long long id;
    char event[RECORD_MAX_ID_BYTES + 1];
    char type[16];
    char data[STREAM_DATA_MAX];
} StreamEvent;

struct StreamSub {
    Stream *s;
    char event[RECORD_MAX_ID_BYTES + 1];
    unsigned long long last;     /* the newest ring id this reader has passed */
    bool asleep;
    void (*sleep)(void *ctx);
    void (*wake)(void *ctx);
    void *ctx;
    long long written_ms;        /* when bytes last went out (for the heartbeat) */
    char pend[STREAM_DATA_MAX + 256];
    size_t pend_len, pend_off;
};

struct Stream {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    StreamEvent ring[STREAM_RING];
    unsigned long long next_id;  /* the id the next event gets (ids start at 1) */
    StreamSub *subs[STREAM_MAX_CLIENTS];
    bool closing, stop;
    long long heartbeat_ms;
    pthread_t ticker;
};

static long long stream_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wakes sub if it sleeps; under s->mu. */
static void stream_wake_locked(StreamSub *sub)
{
    if (!sub->asleep) return;
    sub->asleep = false;
    sub->wake(sub->ctx);
}

/* Once a second: wake the readers whose heartbeat is due. */
static void *stream_ticker(void *arg)
{
    Stream *s = arg;
    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&s->cv, &s->mu, &until);
        long long now = stream_now_ms();
        for (int i = 0; i < STREAM_MAX_CLIENTS; i++) {
            StreamSub *sub = s->subs[i];
            if (sub && now - sub->written_ms >= s->heartbeat_ms) stream_wake_locked(sub);
        }
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

Stream *stream_new(unsigned heartbeat_s)
{
    Stream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->next_id = 1;
    s->heartbeat_ms = (long long)(heartbeat_s ? heartbeat_s : STREAM_HEARTBEAT_S) * 1000;
    if (pthread_create(&s->ticker, NULL, stream_ticker, s) != 0) {
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        free(s);
        return NULL;
    }
    return s;
}

void stream_free(Stream *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->mu);
    s->stop = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->ticker, NULL);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

void stream_publish(Stream *s, const char *event, const char *type, const char *data)
{
    if (!s) return;
    pthread_mutex_lock(&s->mu);
    StreamEvent *e = &s->ring[s->next_id % STREAM_RING];
    e->id = s->next_id++;
    snprintf(e->event, sizeof e->event, "%s", event ? event : "");
    snprintf(e->type, sizeof e->type, "%s", type);
    if ((size_t)snprintf(e->data, sizeof e->data, "%s", data) >= sizeof e->data)
        snprintf(e->data, sizeof e->data, "{}");  /* never half a JSON object */
    for (int i = 0; i < STREAM_MAX_CLIENTS; i++)
        if (s->subs[i] && strcmp(s->subs[i]->event, e->event) == 0) stream_wake_locked(s->subs[i]);
    pthread_mutex_unlock(&s->mu);
}

unsigned long long stream_last_id(Stream *s)
{
    pthread_mutex_lock(&s->mu);
    unsigned long long id = s->next_id - 1;
    pthread_mutex_unlock(&s->mu);
    return id;
}

StreamSub *stream_subscribe(Stream *s, const char *event, unsigned long long last_id)
{
    StreamSub *sub = calloc(1, sizeof *sub);
    if (!sub) return NULL;
    sub->s = s;
    snprintf(sub->event, sizeof sub->event, "%s", event);
    pthread_mutex_lock(&s->mu);
    int slot = -1;
    for (int i = 0; i < STREAM_MAX_CLIENTS && slot < 0; i++)
        if (!s->subs[i]) slot = i;
    if (slot < 0 || s->closing) {
        pthread_mutex_unlock(&s->mu);
        free(sub);
        return NULL;
    }
    unsigned long long newest = s->next_id - 1;
    /* A client cannot claim to be past what exists; 0 means "from now on". */
    sub->last = last_id == 0 || last_id > newest ? newest : last_id;
    sub->written_ms = stream_now_ms();
    /* The first bytes: the reconnection delay, and the id to resume from. */
    sub->pend_len = (size_t)snprintf(sub->pend, sizeof sub->pend,
                                     "retry: %d\nid: %llu\n: connected\n\n", STREAM_RETRY_MS,
                                     sub->last);
    s->subs[slot] = sub;
    pthread_mutex_unlock(&s->mu);
    return sub;
}

void stream_set_wake(StreamSub *sub, void (*sleep)(void *ctx), void (*wake)(void *ctx), void *ctx)
{
    pthread_mutex_lock(&sub->s->mu);
    sub->sleep = sleep;
    sub->wake = wake;
    sub->ctx = ctx;
    pthread_mutex_unlock(&sub->s->mu);
}

/* Formats the next thing to send into sub->pend; false when there is nothing. */
static bool stream_next_locked(Stream *s, StreamSub *sub, long long now)
{
    unsigned long long newest = s->next_id - 1;
    unsigned long long oldest = newest >= STREAM_RING ? newest - STREAM_RING + 1 : 1;
    if (sub->last + 1 < oldest) {
        /* What it missed has left the ring: tell it to reload, then go on from now. */
        sub->last = newest;
        sub->pend_len = (size_t)snprintf(sub->pend, sizeof sub->pend,
                                         "id: %llu\nevent: reset\ndata: {}\n\n", newest);
        sub->pend_off = 0;
        return true;
    }
    while (sub->last < newest) {
        const StreamEvent *e = &s->ring[(sub->last + 1) % STREAM_RING];
        sub->last = e->id;
        if (strcmp(e->event, sub->event) != 0) continue;
        sub->pend_len = (size_t)snprintf(sub->pend, sizeof sub->pend,
                                         "id: %llu\nevent: %s\ndata: %s\n\n", e->id, e->type,
                                         e->data);
        sub->pend_off = 0;
        return true;
    }
    if (now - sub->written_ms >= s->heartbeat_ms) {
        sub->pend_len = (size_t)snprintf(sub->pend, sizeof sub->pend, ": heartbeat\n\n");
        sub->pend_off = 0;
        return true;
    }
    return false;
}

long stream_read(StreamSub *sub, char *buf, size_t max)
{
    Stream *s = sub->s;
    long long now = stream_now_ms();
    pthread_mutex_lock(&s->mu);
    if (s->closing) {
        pthread_mutex_unlock(&s->mu);
        return -1;
    }
    if (sub->pend_off >= sub->pend_len && !stream_next_locked(s, sub, now)) {
        sub->asleep = true;
        sub->sleep(sub->ctx);
        pthread_mutex_unlock(&s->mu);
        return 0;
    }
    size_t n = sub->pend_len - sub->pend_off;
    if (n > max) n = max;
    memcpy(buf, sub->pend + sub->pend_off, n);
    sub->pend_off += n;
    sub->written_ms = now;
    pthread_mutex_unlock(&s->mu);
    return (long)n;
}

void stream_unsubscribe(StreamSub *sub)
{
    if (!sub) return;
    Stream *s = sub->s;
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < STREAM_MAX_CLIENTS; i++)
        if (s->subs[i] == sub) s->subs[i] = NULL;
    pthread_mutex_unlock(&s->mu);
    free(sub);
}

void stream_close_all(Stream *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->mu);
    s->closing = true;
    for (int i = 0; i < STREAM_MAX_CLIENTS; i++)
        if (s->subs[i]) stream_wake_locked(s->subs[i]);
    pthread_mutex_unlock(&s->mu);
}
