/* stream.h — the staff's live stream (Server-Sent Events): every new comment and every
 * publication change goes into a bounded in-memory ring with a rising id, and each staff
 * connection reads the ring from where it stands, so Last-Event-ID resumes without loss
 * while the ring still holds that id (older: one "reset" event, and the client reloads).
 * No sockets here: http.c supplies sleep (suspend the connection) and wake (resume it),
 * both called under the stream's lock so a wake can never precede its sleep. */
#ifndef PARLEY_STREAM_H
#define PARLEY_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#define STREAM_RING          1024   /* events kept for resuming */
#define STREAM_MAX_CLIENTS   32     /* staff connections at once; beyond: 503 */
#define STREAM_HEARTBEAT_S   15     /* a comment line this often keeps proxies and NATs open */
#define STREAM_DATA_MAX      1024   /* bytes of one event's JSON */
#define STREAM_RETRY_MS      1000   /* the reconnection delay the client is told */

typedef struct Stream Stream;
typedef struct StreamSub StreamSub;

/* Starts the heartbeat thread; heartbeat_s 0 means STREAM_HEARTBEAT_S. */
Stream *stream_new(unsigned heartbeat_s);
/* Every subscription must have been closed (stream_close_all, then their unsubscribe). */
void stream_free(Stream *s);

/* Appends an event (type "comment" or "publication"; data one JSON object) for `event`. */
void stream_publish(Stream *s, const char *event, const char *type, const char *data);

/* A new reader of event's changes after last_id (0: only what comes from now on). NULL
 * when STREAM_MAX_CLIENTS are connected or after stream_close_all. */
StreamSub *stream_subscribe(Stream *s, const char *event, unsigned long long last_id);
void stream_set_wake(StreamSub *sub, void (*sleep)(void *ctx), void (*wake)(void *ctx),
                     void *ctx);

/* Up to max bytes of the text/event-stream: > 0 written; 0 nothing now (sleep(ctx) has
 * been called; wake(ctx) follows when there is); -1 the stream is over. */
long stream_read(StreamSub *sub, char *buf, size_t max);
void stream_unsubscribe(StreamSub *sub);

/* At shutdown: every reader is woken and ends; no new subscriptions. */
void stream_close_all(Stream *s);

/* The newest event id (0 when none yet). */
unsigned long long stream_last_id(Stream *s);

#endif
