/* live.c — see live.h. Must never trust an id or a number the server sends: the item must be
 * one of the loaded event's, the request one this device made, the position a small count. */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "app/live.h"
#include "core/record.h"
#include "core/i18n.h"
#include "core/jsonguard.h"

void live_init(Live *l)
{
    memset(l, 0, sizeof *l);
    l->item = -1;
    l->since_ms = -1;
    l->choice = -1;
    l->error = MSG_NONE;
    live_forget_floor(l);
}

void live_forget_floor(Live *l)
{
    memset(&l->floor, 0, sizeof l->floor);
    l->floor.item = l->floor.panellist = -1;
    l->floor_req = 0;
    l->floor_next_ms = 0;
    l->choice = -1;
    l->error = MSG_NONE;
}

/* The object of a bounded, scanned body, or NULL. */
static cJSON *live_parse(const char *json, size_t len, size_t max, int depth)
{
    if (!json || len == 0 || len > max) return NULL;
    JsonguardRules rules = {.max_depth = depth, .line_breaks = true, .skip_bom = false};
    JsonguardScan scan;
    if (!jsonguard_scan(json, len, &rules, &scan) || scan.unclosed) return NULL;
    cJSON *j = cJSON_ParseWithLength(json, len);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

int64_t live_parse_time(const char *s)
{
    return record_parse_time(s);
}

bool live_take_event(Live *l, const Event *ev, const cJSON *answer, int64_t now_ms)
{
    if (!cJSON_IsObject(answer)) return false;
    const cJSON *j = answer;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(j, "current_item");
    const cJSON *since = cJSON_GetObjectItemCaseSensitive(j, "current_since");
    const char *revision = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "revision"));
    bool revision_ok = revision && strlen(revision) < sizeof l->revision;
    for (const char *p = revision; revision_ok && *p; p++)
        revision_ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
    bool ok = (cJSON_IsNull(item) || cJSON_IsString(item)) && (cJSON_IsNull(since) || cJSON_IsString(since));
    int index = -1;
    int64_t since_ms = -1;
    if (ok && cJSON_IsString(item)) {
        for (int i = 0; i < ev->agenda_count && index < 0; i++)
            if (strcmp(ev->agenda[i].id, item->valuestring) == 0) index = i;
        since_ms = cJSON_IsString(since) ? live_parse_time(since->valuestring) : -1;
        /* an item this event does not have: nothing the device can show */
        ok = index >= 0;
    }
    if (ok) snprintf(l->revision, sizeof l->revision, "%s", revision_ok ? revision : "");
    if (!ok) return false;
    bool changed = !l->known || l->item != index || l->since_ms != since_ms;
    l->known = true;
    l->item = index;
    l->since_ms = since_ms;
    l->seen_ms = now_ms;
    return changed;
}

static bool live_state_parse(const char *s, LiveFloorState *out)
{
    static const struct { const char *name; LiveFloorState state; } states[] = {
        {"waiting", LIVE_FLOOR_WAITING}, {"speaking", LIVE_FLOOR_SPEAKING},
        {"done", LIVE_FLOOR_DONE}, {"withdrawn", LIVE_FLOOR_WITHDRAWN},
    };
    for (size_t i = 0; s && i < sizeof states / sizeof states[0]; i++)
        if (strcmp(s, states[i].name) == 0) {
            *out = states[i].state;
            return true;
        }
    return false;
}

bool live_take_floor(Live *l, const char *json, size_t len)
{
    cJSON *j = live_parse(json, len, LIVE_FLOOR_MAX, 3);
    if (!j) return false;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(j, "request");
    if (!cJSON_IsObject(r)) r = j;
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "id"));
    const cJSON *pos = cJSON_GetObjectItemCaseSensitive(r, "position");
    LiveFloorState state;
    bool ok = id && l->floor.id[0] && strcmp(id, l->floor.id) == 0 &&
              live_state_parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "state")), &state);
    int position = 0;
    if (ok && state == LIVE_FLOOR_WAITING) {
        double v = cJSON_IsNumber(pos) ? pos->valuedouble : 0;
        ok = v >= 1 && v <= 100000 && v == (double)(int)v;
        position = ok ? (int)v : 0;
    }
    cJSON_Delete(j);
    if (!ok) return false;
    l->floor.state = state;
    l->floor.position = position;
    return true;
}

bool live_floor_body(const Live *l, const Event *ev, const char *participant, char *out, size_t cap)
{
    const LiveFloor *f = &l->floor;
    if (f->item < 0 || f->item >= ev->agenda_count || !f->id[0]) return false;
    const char *to = f->panellist >= 0 && f->panellist < ev->panellist_count ? ev->panellists[f->panellist].id : NULL;
    /* Every value is an id checked by the event loader or made here: [A-Za-z0-9._-] and UUIDs. */
    int n = snprintf(out, cap,
                     "{\"id\":\"%s\",\"event\":\"%s\",\"participant\":\"%s\",\"agenda_item\":\"%s\","
                     "\"addressed_to\":%s%s%s}",
                     f->id, ev->id, participant, ev->agenda[f->item].id, to ? "\"" : "", to ? to : "null",
                     to ? "\"" : "");
    return n > 0 && (size_t)n < cap;
}
