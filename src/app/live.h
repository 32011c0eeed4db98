/* live.h — what a participant's device learns from parleyd while the meeting runs
 * (docs/chair-api.md): the agenda item the Chair set in progress, from polling the event (its
 * ETag makes an unchanged answer a 304 the browser serves from its cache), and the
 * participant's request for the floor with its place in the queue. Portable C11: no SDL, no
 * Emscripten, no clock (time is passed in). Everything the server sends is untrusted:
 * bounded, scanned by core/jsonguard, parsed by cJSON, every field checked. */
#ifndef PARLEY_LIVE_H
#define PARLEY_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/record.h"

#define LIVE_POLL_MS      4000u   /* the event is asked for this often while online (under 5 s) */
#define LIVE_FLOOR_POLL_MS 4000u  /* and an open floor request's place */
#define LIVE_EVENT_MAX    (EVENT_MAX_FILE_BYTES + 1024u) /* the event file and the two fields */
#define LIVE_FLOOR_MAX    2048u   /* an answer about a floor request */
#define LIVE_REQUEST_BIT  0x40000000u /* request ids of this module (the console's start at 1) */

typedef enum LiveFloorState {
    LIVE_FLOOR_NONE,       /* not asked */
    LIVE_FLOOR_WAITING,    /* in the queue at `position` */
    LIVE_FLOOR_SPEAKING,   /* the Chair gave the floor */
    LIVE_FLOOR_DONE,
    LIVE_FLOOR_WITHDRAWN
} LiveFloorState;

typedef struct LiveFloor {
    char id[RECORD_UUID_LEN + 1];    /* made on this device; "" when there is no request */
    int item;                        /* index into the event's agenda */
    int panellist;                   /* event panellist index, -1 no one in particular */
    LiveFloorState state;
    int position;                    /* 1.. while waiting, else 0 */
} LiveFloor;

typedef struct Live {
    bool known;                      /* the server said which item is in progress (even "none") */
    int item;                        /* that item's index, -1 none */
    int64_t since_ms;                /* when the Chair set it (Unix ms), -1 unknown */
    int64_t seen_ms;                 /* when this device last heard it (host clock) */
    char revision[40];               /* the event answer's "revision" (its ETag), "" none */
    uint32_t seq;                    /* numbers this module's requests */
    uint32_t poll_req;               /* the poll in flight, 0 none */
    int64_t next_poll_ms;            /* when to poll next (0: now) */
    LiveFloor floor;
    uint32_t floor_req;              /* a floor request in flight, 0 none */
    int floor_op;                    /* what it is (app_live.c) */
    int64_t floor_next_ms;           /* when to ask for its place again */
    int choice;                      /* the panellist chosen for the next request, -1 none */
    int error;                       /* I18nMsg of the last refusal, MSG_NONE */
} Live;

void live_init(Live *l);
/* Forgets the participant's floor request (a kiosk reset); the item in progress stays. */
void live_forget_floor(Live *l);

/* An answer to GET api/v1/event, parsed once for the event's texts and this (event_parse,
 * bounded by LIVE_EVENT_MAX): takes its "current_item" (checked against ev's agenda),
 * "current_since" and "revision". Returns true when what the device shows changed; a
 * malformed answer changes nothing and returns false. */
bool live_take_event(Live *l, const Event *ev, const struct cJSON *answer, int64_t now_ms);

/* An answer about the floor request ({"id","agenda_item","position","state"}, bare or as the
 * "request" of a 409): applied when it is about l->floor.id. Returns true when it was. */
bool live_take_floor(Live *l, const char *json, size_t len);

/* "YYYY-MM-DDTHH:MM:SS[.sss]Z" as Unix ms, or -1. */
int64_t live_parse_time(const char *s);

/* The body of POST api/v1/floor for l->floor (id, item and panellist set) by participant of
 * event; false when it does not fit out[cap]. */
bool live_floor_body(const Live *l, const Event *ev, const char *participant, char *out, size_t cap);

#endif
