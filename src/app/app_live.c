/* app_live.c — the participant's app and the running meeting (app/live.h): polls the event for
 * the item the Chair set in progress while online, and sends, follows and withdraws the
 * participant's request for the floor through AppHost.request. The console has its own. */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "app/screens.h"

enum { FLOOR_OP_ASK, FLOOR_OP_FOLLOW, FLOOR_OP_WITHDRAW };

static bool live_can_ask(const App *app)
{
    return app->has_event && app->host.request && !app->console && !app->status.offline;
}

static uint32_t live_next_id(Live *l)
{
    l->seq = (l->seq + 1) & 0x3FFFFFFFu;
    if (l->seq == 0) l->seq = 1;
    return LIVE_REQUEST_BIT | l->seq;
}

static bool live_send(App *app, uint32_t id, const char *method, const char *path, const char *headers,
                      const char *body)
{
    AppRequest req = {.method = method, .path = path, .headers = headers, .body = body,
                      .body_len = body ? strlen(body) : 0};
    return app->host.request(app->host.user, id, &req);
}

static bool floor_open(const LiveFloor *f)
{
    return f->id[0] && (f->state == LIVE_FLOOR_WAITING || f->state == LIVE_FLOOR_SPEAKING);
}

/* Asks (POST with the request's body), follows (GET) or withdraws (DELETE) the participant's
 * request for the floor; the answer comes back to floor_answer with the operation. */
static bool floor_send(App *app, int op, const char *body)
{
    static const char *const methods[] = {[FLOOR_OP_ASK] = "POST", [FLOOR_OP_FOLLOW] = "GET",
                                          [FLOOR_OP_WITHDRAW] = "DELETE"};
    Live *l = &app->live;
    char path[64] = "api/v1/floor";
    if (op != FLOOR_OP_ASK) snprintf(path, sizeof path, "api/v1/floor/%s", l->floor.id);
    uint32_t id = live_next_id(l);
    if (!live_send(app, id, methods[op], path, body ? "Content-Type: application/json\n" : "", body)) return false;
    l->floor_req = id;
    l->floor_op = op;
    return true;
}

void app_live_tick(App *app, int64_t now_ms)
{
    Live *l = &app->live;
    if (!live_can_ask(app)) return;
    if (l->poll_req == 0 && now_ms >= l->next_poll_ms) {
        /* the revision the last answer named: unchanged, the server answers 304 without a body */
        char headers[64] = "";
        if (l->revision[0]) snprintf(headers, sizeof headers, "If-None-Match: \"%s\"\n", l->revision);
        uint32_t id = live_next_id(l);
        if (live_send(app, id, "GET", "api/v1/event", headers, NULL)) l->poll_req = id;
        l->next_poll_ms = now_ms + LIVE_POLL_MS;
    }
    if (floor_open(&l->floor) && l->floor_req == 0 && now_ms >= l->floor_next_ms) {
        floor_send(app, FLOOR_OP_FOLLOW, NULL);
        l->floor_next_ms = now_ms + LIVE_FLOOR_POLL_MS;
    }
}

int64_t app_live_next_ms(const App *app, int64_t now_ms)
{
    const Live *l = &app->live;
    if (!live_can_ask(app)) return -1;
    bool due = false;
    int64_t at = 0;
    if (l->poll_req == 0) {
        due = true;
        at = l->next_poll_ms;
    }
    if (floor_open(&l->floor) && l->floor_req == 0 && (!due || l->floor_next_ms < at)) {
        due = true;
        at = l->floor_next_ms;
    }
    if (!due) return -1;
    return at > now_ms ? at - now_ms : 0;
}

/* A 409 naming the participant's open request (made on this device before a reload, or on
 * another of theirs): that one is followed from now on. */
static bool floor_adopt(Live *l, const char *body, size_t len)
{
    cJSON *j = body && len && len <= LIVE_FLOOR_MAX ? cJSON_ParseWithLength(body, len) : NULL;
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "request"), "id"));
    bool ok = id && record_is_uuid_v4(id);
    if (ok) snprintf(l->floor.id, sizeof l->floor.id, "%s", id);
    cJSON_Delete(j);
    return ok && live_take_floor(l, body, len);
}

static bool floor_answer(App *app, int status, const char *body, size_t len)
{
    Live *l = &app->live;
    int op = l->floor_op;
    l->floor_req = 0;
    if (status == 200 && live_take_floor(l, body, len)) {
        l->error = MSG_NONE;
        l->floor_next_ms = app->host.now_ms(app->host.user) + LIVE_FLOOR_POLL_MS;
        return true;
    }
    if (op == FLOOR_OP_FOLLOW && status != 404) return false; /* asked again at the next poll */
    if (status == 409 && floor_adopt(l, body, len)) {
        l->error = MSG_NONE;
        return true;
    }
    if (status == 0) {
        /* the id is kept: asking again sends the same request, never a second place */
        l->error = MSG_REF_OFFLINE;
        return true;
    }
    l->error = status == 400 ? MSG_FLOOR_ERR_NOT_YET : status == 403 ? MSG_FLOOR_ERR_REFUSED
               : status == 409 ? MSG_FLOOR_ERR_CLOSED : MSG_FLOOR_ERR_REFUSED;
    if (op == FLOOR_OP_ASK) l->floor.id[0] = '\0'; /* refused: nothing was queued */
    return true;
}

bool app_live_answer(App *app, uint32_t id, int status, const char *body, size_t len, bool *changed)
{
    Live *l = &app->live;
    if (id == 0 || !(id & LIVE_REQUEST_BIT)) return false;
    if (id == l->poll_req) {
        l->poll_req = 0;
        *changed = false;
        if (status == 200) {
            /* one parse for both: the event's texts and the item in progress */
            cJSON *answer = event_parse(body, len, LIVE_EVENT_MAX, NULL);
            if (answer) {
                bool texts = app_take_event(app, answer);
                *changed = live_take_event(l, &app->event, answer, app->host.now_ms(app->host.user)) || texts;
                cJSON_Delete(answer);
            }
        }
        else if (status == 304) l->seen_ms = app->host.now_ms(app->host.user);
        return true;
    }
    if (id == l->floor_req) {
        *changed = floor_answer(app, status, body, len);
        return true;
    }
    return false;
}

void app_floor_request(App *app, int item)
{
    Live *l = &app->live;
    if (!app->p.registered) {
        app_go(app, SCREEN_REGISTER);
        return;
    }
    if (!live_can_ask(app) || l->floor_req || item < 0 || item >= app->event.agenda_count) return;
    /* a request that never got an answer is sent again as itself */
    bool retry = l->floor.id[0] && l->floor.state == LIVE_FLOOR_NONE && l->floor.item == item;
    if (!retry) {
        uint8_t r[16];
        app->host.random(app->host.user, r, sizeof r);
        record_uuid_v4(r, l->floor.id);
        l->floor.item = item;
        l->floor.panellist = l->choice;
        l->floor.state = LIVE_FLOOR_NONE;
        l->floor.position = 0;
    }
    char body[512];
    if (!live_floor_body(l, &app->event, app->p.id, body, sizeof body)) return;
    l->error = floor_send(app, FLOOR_OP_ASK, body) ? MSG_NONE : MSG_REF_OFFLINE;
}

void app_floor_withdraw(App *app)
{
    Live *l = &app->live;
    if (!live_can_ask(app) || !floor_open(&l->floor)) return;
    if (l->floor_req) {
        /* the answer to a poll in flight would only say the old state */
        if (app->host.cancel) app->host.cancel(app->host.user, l->floor_req);
        l->floor_req = 0;
    }
    floor_send(app, FLOOR_OP_WITHDRAW, NULL);
}

bool app_live_clock(const App *app, const char *tz, int64_t unix_ms, char out[8])
{
    int y, m, d, minutes;
    out[0] = '\0';
    if (unix_ms < 0 || !app->host.zone_time(app->host.user, tz, unix_ms, &y, &m, &d, &minutes)) return false;
    snprintf(out, 8, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
    return true;
}
