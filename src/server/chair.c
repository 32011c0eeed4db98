/* chair.c — see chair.h. Must never change a registration's status without the version the
 * Chair saw or without its log entry (dbchair.c writes both in one transaction), never queue
 * a request for an unknown event, item, panellist or participant, and never accept an
 * unbounded or unchecked value: every refusal is a clear error that changed nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/ascii.h"
#include "core/utf8.h"
#include "server/chair.h"
#include "server/dbchair.h"
#include "server/export.h"
#include "server/moderation.h"
#include "server/query.h"
#include "server/staff.h"
#include "server/stream.h"

static const char *const chair_statuses[] = {"pending", "approved", "objected", "withdrawn"};
static const char *const chair_floor_states[] = {"speaking", "done", "withdrawn"};

static int chair_agenda_index(const Event *ev, const char *id)
{
    for (int i = 0; id && i < ev->agenda_count; i++)
        if (strcmp(ev->agenda[i].id, id) == 0) return i;
    return -1;
}

/* The id segment of PREFIX<id>SUFFIX into out (1..cap-1 bytes, no '/'), or false. */
static bool chair_path_id(const char *path, const char *prefix, const char *suffix, char *out,
                          size_t cap)
{
    const char *p = path + strlen(prefix);
    size_t suffix_len = strlen(suffix), len = strlen(p);
    if (len <= suffix_len || strcmp(p + len - suffix_len, suffix) != 0) return false;
    len -= suffix_len;
    if (len >= cap || memchr(p, '/', len)) return false;
    memcpy(out, p, len);
    out[len] = '\0';
    return true;
}

/* A string member that may be absent or null: *out NULL then. False when it is another type. */
static bool chair_opt_string(const cJSON *j, const char *name, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
    *out = cJSON_IsString(v) ? v->valuestring : NULL;
    return !v || cJSON_IsNull(v) || cJSON_IsString(v);
}

/* A short piece of staff text: UTF-8 (cJSON checked it), at most max characters, no control
 * characters but newline and tab. */
static bool chair_text_ok(const char *s, size_t max)
{
    return !s || (utf8_count(s, strlen(s)) <= max && moderation_plain_text(s));
}

/* --- the event and its item in progress --------------------------------------------------- */

static void chair_current_json(SrvBuf *b, const DbcCurrent *c)
{
    buf_puts(b, "\"current_item\":");
    buf_json_cstr(b, c->agenda_item[0] ? c->agenda_item : NULL);
    buf_puts(b, ",\"current_since\":");
    buf_json_cstr(b, c->since[0] ? c->since : NULL);
}

static DbStatus chair_current_read(const SrvState *st, const char *event, DbcCurrent *c)
{
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbc_current_get(rd, event, c);
    db_reader_close(rd);
    return s;
}

/* ?lang=<tag>: a language tag (letters, digits and '-', starting with a letter), or absent. */
static bool chair_lang_param(const RouteReq *req, char *lang, size_t cap, RouteResp *resp)
{
    int q = query_param(req->query, "lang", lang, cap);
    bool ok = q == 0 || (q == 1 && ascii_alpha(lang[0]));
    for (const char *p = lang; ok && q == 1 && *p; p++) ok = ascii_alnum(*p) || *p == '-';
    if (!ok) routes_error(resp, 400, "lang: expected a language tag such as en or fr");
    if (q == 0) lang[0] = '\0';
    return ok;
}

void chair_serve_event(const SrvState *st, const SrvEvent *e, const RouteReq *req,
                       RouteResp *resp)
{
    char lang[CHAIR_LANG_TAG_MAX + 1];
    if (!chair_lang_param(req, lang, sizeof lang, resp)) return;
    DbcCurrent cur;
    DbStatus s = chair_current_read(st, e->model->id, &cur);
    if (s != DB_OK) {
        routes_db_error(resp, s);
        return;
    }
    /* One language's texts only (a visitor's first screen), or the whole file. */
    size_t json_len = e->json_len;
    char *cut = lang[0] ? event_json_for_lang(e->model, e->json, e->json_len, lang, &json_len) : NULL;
    if (lang[0] && !cut) {
        routes_db_error(resp, DB_NOMEM);
        return;
    }
    const char *json = cut ? cut : e->json;
    /* The file is one JSON object (event_load checked it): its closing brace is the last one. */
    const char *end = json + json_len;
    while (end > json && end[-1] != '}') end--;
    if (end == json) {
        free(cut);
        routes_error(resp, 500, "the event file is not a JSON object");
        return;
    }
    SrvBuf b;
    buf_init(&b, json_len + 256);
    buf_append(&b, json, (size_t)(end - 1 - json));
    free(cut);
    buf_putc(&b, ',');
    chair_current_json(&b, &cur);
    buf_putc(&b, '}');
    /* The tag changes with the file and with the item in progress, so a device polling every
     * few seconds costs one 304 until something changed. The body carries it as "revision"
     * too: the app sends it back as If-None-Match without needing the response's headers. */
    unsigned char h[16];
    char hex[33];
    crypto_generichash(h, sizeof h, (const unsigned char *)b.data, b.len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    b.len--;  /* reopen the object */
    buf_printf(&b, ",\"revision\":\"%s\"}", hex);
    if (b.failed) {
        buf_free(&b);
        routes_db_error(resp, DB_NOMEM);
        return;
    }
    if (req->if_none_match && strstr(req->if_none_match, hex)) {
        buf_free(&b);
        routes_resp_free(resp);
        resp->status = 304;
    } else {
        moderation_take(resp, &b, DB_OK, 200);
    }
    snprintf(resp->etag, sizeof resp->etag, "\"%s\"", hex);
    resp->cache_control = "no-cache";
}

/* The loaded event of /api/v1/events/<id>/current, or NULL with a 404 in resp. */
static const SrvEvent *chair_current_event(const SrvState *st, const RouteReq *req,
                                           RouteResp *resp)
{
    char id[RECORD_MAX_ID_BYTES + 1];
    const SrvEvent *e = chair_path_id(req->path, CHAIR_EVENTS_PREFIX, "/current", id, sizeof id)
                            ? srv_event_find(st, id) : NULL;
    if (!e) routes_error(resp, 404, "no event with this id");
    return e;
}

static void chair_current_answer(RouteResp *resp, const DbcCurrent *c)
{
    SrvBuf b;
    buf_init(&b, 512);
    buf_puts(&b, "{\"agenda_item\":");
    buf_json_cstr(&b, c->agenda_item[0] ? c->agenda_item : NULL);
    buf_puts(&b, ",\"since\":");
    buf_json_cstr(&b, c->since[0] ? c->since : NULL);
    buf_printf(&b, ",\"version\":%lld}", c->version);
    moderation_take(resp, &b, DB_OK, 200);
}

void route_current_get(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    const SrvEvent *e = chair_current_event(st, req, resp);
    if (!e) return;
    DbcCurrent cur;
    DbStatus s = chair_current_read(st, e->model->id, &cur);
    if (s != DB_OK) {
        routes_db_error(resp, s);
        return;
    }
    chair_current_answer(resp, &cur);
}

void route_current_put(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    size_t n = strlen(req->path), suffix = strlen("/current");
    if (n < suffix || strcmp(req->path + n - suffix, "/current") != 0) {
        routes_error(resp, 405, "method not allowed on this path");
        resp->allow = "GET, HEAD";
        return;
    }
    const SrvEvent *e = chair_current_event(st, req, resp);
    if (!e) return;
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_CHAIR, &who)) return;
    cJSON *j;
    if (!staff_json_body(req, resp, &j)) return;
    const char *item;
    bool typed = chair_opt_string(j, "agenda_item", &item);
    bool present = cJSON_GetObjectItemCaseSensitive(j, "agenda_item") != NULL;
    if (!typed || !present || (item && chair_agenda_index(e->model, item) < 0)) {
        cJSON_Delete(j);
        routes_error(resp, 400, "agenda_item: expected the id of one of the event's agenda items, "
                                "or null when none is in progress");
        return;
    }
    char at[RECORD_TIME_BYTES];
    moderation_now(at);
    DbcCurrent cur;
    DbStatus s = dbc_current_set(st->db, e->model->id, item, at, who.name, &cur);
    cJSON_Delete(j);
    if (s != DB_OK) {
        routes_db_error(resp, s);
        return;
    }
    if (st->stream) {
        SrvBuf ev;
        buf_init(&ev, STREAM_DATA_MAX - 1);
        buf_puts(&ev, "{\"event\":");
        buf_json_cstr(&ev, e->model->id);
        buf_putc(&ev, ',');
        chair_current_json(&ev, &cur);
        buf_putc(&ev, '}');
        if (!ev.failed && ev.data) stream_publish(st->stream, e->model->id, "current", ev.data);
        buf_free(&ev);
    }
    chair_current_answer(resp, &cur);
}

/* --- registrations ------------------------------------------------------------------------ */

static bool chair_json_row(void *ctx, const char *json, size_t len)
{
    SrvBuf *b = ctx;
    if (b->len && b->data[b->len - 1] == '}') buf_putc(b, ',');
    buf_append(b, json, len);
    return !b->failed;
}

/* One of the lists below: a read of the event's rows (filter NULL: all). */
typedef DbStatus (*ChairListFn)(DbReader *rd, const char *event, const char *filter,
                                DbcJsonFn fn, void *ctx);

/* Answers {"<key>": [rows]} from a reader's snapshot. */
static void chair_list(const SrvState *st, RouteResp *resp, const char *key, ChairListFn read,
                       const char *event, const char *filter)
{
    SrvBuf b;
    buf_init(&b, EXPORT_MAX_BYTES);
    buf_printf(&b, "{\"%s\":[", key);
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = read(rd, event, filter, chair_json_row, &b);
    db_reader_close(rd);
    buf_puts(&b, "]}");
    moderation_take(resp, &b, s, 200);
}

/* GET /api/v1/registrations?event=&status= (moderator). */
void route_registrations(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_MODERATOR, &who)) return;
    char event[RECORD_MAX_ID_BYTES + 1], status[16];
    if (!moderation_event(st, req, resp, event)) return;
    int rs = query_param(req->query, "status", status, sizeof status);
    if (rs < 0 || (rs == 1 && !ONE_OF(status, chair_statuses))) {
        routes_error(resp, 400, "bad status: expected pending, approved, objected or withdrawn");
        return;
    }
    chair_list(st, resp, "registrations", dbc_registrations_each, event, rs == 1 ? status : NULL);
}

/* Checks a status change's body into c (strings point into j). NULL when fine, else why. */
static const char *chair_parse_status(const cJSON *j, DbcStatusChange *c)
{
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(j, "status");
    const char *by, *note;
    if (!cJSON_IsString(status) || !ONE_OF(status->valuestring, chair_statuses))
        return "status: expected \"pending\", \"approved\", \"objected\" or \"withdrawn\"";
    if (!chair_opt_string(j, "by", &by)) return "by: expected the objecting State party's name";
    if (!chair_opt_string(j, "note", &note)) return "note: expected a string";
    bool objected = strcmp(status->valuestring, "objected") == 0;
    if (by && !by[0]) by = NULL;
    if (objected && !by) return "by: an objection names the State party that objected";
    if (!objected && by) return "by: only an objection names a State party";
    if (!chair_text_ok(by, CHAIR_PARTY_MAX) || (by && strchr(by, '\n')))
        return "by: at most 200 characters on one line";
    if (!chair_text_ok(note, CHAIR_NOTE_MAX))
        return "note: at most 1000 characters, without control characters";
    long long v = moderation_version(cJSON_GetObjectItemCaseSensitive(j, "version"));
    if (v < 0) return "version: expected the registration's current version (an integer >= 0)";
    c->status = status->valuestring;
    c->party = by;
    c->note = note && note[0] ? note : NULL;
    c->version = v;
    return NULL;
}

/* POST /api/v1/registrations/<id>/status (chair). */
void route_registration_status(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    char id[RECORD_UUID_LEN + 1];
    if (!chair_path_id(req->path, CHAIR_REG_PREFIX, "/status", id, sizeof id) ||
        !record_is_uuid_v4(id)) {
        routes_error(resp, 404, "no such API endpoint: expected /api/v1/registrations/<id>/status");
        return;
    }
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_CHAIR, &who)) return;
    cJSON *j;
    if (!staff_json_body(req, resp, &j)) return;
    char at[RECORD_TIME_BYTES];
    moderation_now(at);
    DbcStatusChange c = {.registration = id, .actor = who.name, .at = at};
    const char *bad = chair_parse_status(j, &c);
    if (bad) {
        cJSON_Delete(j);
        routes_error(resp, 400, bad);
        return;
    }
    DbcOutcome outcome;
    long long current;
    char event[RECORD_MAX_ID_BYTES + 1];
    DbStatus s = dbc_registration_set(st->db, &c, &outcome, &current, event);
    SrvBuf b;
    buf_init(&b, 16 * 1024);
    if (s == DB_OK && outcome == DBC_NOT_FOUND) {
        buf_free(&b);
        routes_error(resp, 404, "no registration with this id");
    } else if (s == DB_OK && outcome == DBC_STALE) {
        buf_printf(&b, "{\"error\":\"version %lld is not the current one: someone else changed "
                       "this registration; reload it\",\"version\":%lld}", c.version, current);
        moderation_take(resp, &b, DB_OK, 409);
    } else {
        buf_puts(&b, "{\"registration\":");
        buf_json_cstr(&b, id);
        buf_puts(&b, ",\"status\":");
        buf_json_cstr(&b, c.status);
        buf_puts(&b, ",\"by\":");
        buf_json_cstr(&b, c.party);
        buf_puts(&b, ",\"note\":");
        buf_json_cstr(&b, c.note);
        buf_printf(&b, ",\"version\":%lld,\"changed_by\":", current);
        buf_json_cstr(&b, c.actor);
        buf_puts(&b, ",\"changed_at\":");
        buf_json_cstr(&b, c.at);
        buf_putc(&b, '}');
        moderation_take(resp, &b, s, 200);
    }
    cJSON_Delete(j);
}

/* GET /api/v1/registration-log?event=&registration= (moderator). */
void route_registration_log(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_MODERATOR, &who)) return;
    char event[RECORD_MAX_ID_BYTES + 1], id[RECORD_UUID_LEN + 1];
    if (!moderation_event(st, req, resp, event)) return;
    int ri = query_id(req->query, "registration", id, sizeof id);
    if (ri < 0 || (ri == 1 && !record_is_uuid_v4(id))) {
        routes_error(resp, 400, "bad registration parameter: expected a registration id");
        return;
    }
    chair_list(st, resp, "entries", dbc_registration_log_each, event, ri == 1 ? id : NULL);
}

/* --- the speakers' queue ------------------------------------------------------------------ */

static void chair_floor_json(SrvBuf *b, const DbcFloor *f)
{
    buf_puts(b, "{\"id\":");
    buf_json_cstr(b, f->id);
    buf_puts(b, ",\"agenda_item\":");
    buf_json_cstr(b, f->agenda_item);
    if (f->position > 0) buf_printf(b, ",\"position\":%lld", f->position);
    else buf_puts(b, ",\"position\":null");
    buf_puts(b, ",\"state\":");
    buf_json_cstr(b, f->state);
    buf_putc(b, '}');
}

static void chair_floor_answer(RouteResp *resp, int status, const char *error, const DbcFloor *f)
{
    SrvBuf b;
    buf_init(&b, 1024);
    if (error) {
        buf_puts(&b, "{\"error\":");
        buf_json_cstr(&b, error);
        buf_puts(&b, ",\"request\":");
        chair_floor_json(&b, f);
        buf_putc(&b, '}');
    } else {
        chair_floor_json(&b, f);
    }
    moderation_take(resp, &b, DB_OK, status);
}

/* Tells the console's live stream that the queue of this item changed. */
static void chair_floor_changed(const SrvState *st, const DbcFloor *f)
{
    if (!st->stream) return;
    char data[STREAM_DATA_MAX];
    /* Ids are validated ([A-Za-z0-9._-] and UUIDs), states are ours: nothing to escape. */
    snprintf(data, sizeof data, "{\"event\":\"%s\",\"floor\":{\"id\":\"%s\",\"agenda_item\":\"%s\","
             "\"state\":\"%s\"}}", f->event, f->id, f->agenda_item, f->state);
    stream_publish(st->stream, f->event, "floor", data);
}

/* Checks a new request into f (strings point into j) against the event it names. */
static const char *chair_parse_floor(const SrvState *st, const cJSON *j, DbcFloorNew *f,
                                     const SrvEvent **ev)
{
    const char *id, *event, *participant, *item, *to;
    if (!chair_opt_string(j, "id", &id) || !id || !record_is_uuid_v4(id))
        return "id: expected a UUID v4 made on the device";
    if (!chair_opt_string(j, "event", &event) || !event || !(*ev = srv_event_find(st, event)))
        return "event: expected the id of an event this server carries";
    if (!chair_opt_string(j, "participant", &participant) || !participant ||
        !record_is_uuid_v4(participant))
        return "participant: expected the id of the participant's registration";
    if (!chair_opt_string(j, "agenda_item", &item) || !item)
        return "agenda_item: expected the id of one of the event's agenda items";
    int i = chair_agenda_index((*ev)->model, item);
    if (i < 0) return "agenda_item: the event has no agenda item with this id";
    if (!chair_opt_string(j, "addressed_to", &to))
        return "addressed_to: expected a panellist id or null";
    if (to) {
        const EventAgendaItem *a = &(*ev)->model->agenda[i];
        int p = event_find_panellist((*ev)->model, to);
        bool on_item = false;
        for (int k = 0; p >= 0 && k < a->panellist_count; k++) on_item = on_item || a->panellists[k] == p;
        if (!on_item) return "addressed_to: not a panellist of this agenda item";
    }
    f->id = id;
    f->event = event;
    f->participant = participant;
    f->agenda_item = item;
    f->addressed_to = to;
    return NULL;
}

/* POST /api/v1/floor: no sign-in (a participant's device asks); the id makes a retry safe. */
void route_floor_post(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    cJSON *j;
    if (!staff_json_body(req, resp, &j)) return;
    DbcFloorNew f = {0};
    const SrvEvent *ev = NULL;
    const char *bad = chair_parse_floor(st, j, &f, &ev);
    if (bad) {
        cJSON_Delete(j);
        routes_error(resp, 400, bad);
        return;
    }
    char at[RECORD_TIME_BYTES];
    moderation_now(at);
    f.at = at;
    DbcCurrent cur;
    DbcFloor out;
    bool stored = false;
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbc_current_get(rd, ev->model->id, &cur);
    if (s == DB_OK) s = dbc_floor_get(rd, f.id, &out, &stored);
    db_reader_close(rd);
    /* A retry of a stored request is answered even if the item moved on since. */
    if (s == DB_OK && !stored && strcmp(cur.agenda_item, f.agenda_item) != 0) {
        cJSON_Delete(j);
        routes_error(resp, 409, "agenda_item: the floor is requested for the item in progress only");
        return;
    }
    DbcFloorOutcome outcome = DBC_FLOOR_NO_PARTICIPANT;
    if (s == DB_OK) s = dbc_floor_request(st->db, &f, &outcome, &out);
    cJSON_Delete(j);
    if (s != DB_OK) {
        routes_db_error(resp, s);
        return;
    }
    switch (outcome) {
    case DBC_FLOOR_CREATED:
        chair_floor_changed(st, &out);
        chair_floor_answer(resp, 200, NULL, &out);
        break;
    case DBC_FLOOR_EXISTING:
        chair_floor_answer(resp, 200, NULL, &out);
        break;
    case DBC_FLOOR_ID_TAKEN:
        routes_error(resp, 409, "id: another request already has this id");
        break;
    case DBC_FLOOR_ALREADY_OPEN:
        chair_floor_answer(resp, 409, "the participant already asked for the floor on this item",
                           &out);
        break;
    case DBC_FLOOR_NO_PARTICIPANT:
        routes_error(resp, 400, "participant: no registration with this id has reached the server "
                                "for this event");
        break;
    case DBC_FLOOR_NOT_ADMITTED:
        routes_error(resp, 403, "participant: this registration was objected to or withdrawn");
        break;
    }
}

/* The UUID of /api/v1/floor/<id><suffix>, or false with a 404 in resp. */
static bool chair_floor_id(const RouteReq *req, RouteResp *resp, const char *suffix,
                           char id[RECORD_UUID_LEN + 1])
{
    if (chair_path_id(req->path, CHAIR_FLOOR_PREFIX, suffix, id, RECORD_UUID_LEN + 1) &&
        record_is_uuid_v4(id))
        return true;
    routes_error(resp, 404, suffix[0] ? "no such API endpoint: expected /api/v1/floor/<id>/state"
                                      : "no floor request with this id");
    return false;
}

/* GET /api/v1/floor/<id>: its place and state, for the device that made it. */
void route_floor_get(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    char id[RECORD_UUID_LEN + 1];
    if (!chair_floor_id(req, resp, "", id)) return;
    DbcFloor f;
    bool found = false;
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbc_floor_get(rd, id, &f, &found);
    db_reader_close(rd);
    if (s != DB_OK) routes_db_error(resp, s);
    else if (!found) routes_error(resp, 404, "no floor request with this id");
    else chair_floor_answer(resp, 200, NULL, &f);
}

/* GET /api/v1/floor?event=&item= (moderator): the queue in the order it was asked. */
void route_floor_list(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_MODERATOR, &who)) return;
    char event[RECORD_MAX_ID_BYTES + 1], item[RECORD_MAX_ID_BYTES + 1];
    if (!moderation_event(st, req, resp, event)) return;
    int ri = query_id(req->query, "item", item, sizeof item);
    if (ri < 0) {
        routes_error(resp, 400, "bad item parameter: expected an agenda item id");
        return;
    }
    chair_list(st, resp, "requests", dbc_floor_each, event, ri == 1 ? item : NULL);
}

static void chair_floor_move(const SrvState *st, RouteResp *resp, const char *id,
                             const char *state, const char *actor)
{
    char at[RECORD_TIME_BYTES];
    moderation_now(at);
    DbcOutcome outcome;
    DbcFloor f;
    DbStatus s = dbc_floor_set_state(st->db, id, state, actor, at, &outcome, &f);
    if (s != DB_OK) {
        routes_db_error(resp, s);
    } else if (outcome == DBC_NOT_FOUND) {
        routes_error(resp, 404, "no floor request with this id");
    } else if (outcome == DBC_FINAL) {
        chair_floor_answer(resp, 409, "this request is already done or withdrawn", &f);
    } else {
        chair_floor_changed(st, &f);
        chair_floor_answer(resp, 200, NULL, &f);
    }
}

/* POST /api/v1/floor/<id>/state (chair): speaking, done or withdrawn. */
void route_floor_state(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    char id[RECORD_UUID_LEN + 1];
    if (!chair_floor_id(req, resp, "/state", id)) return;
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_CHAIR, &who)) return;
    cJSON *j;
    if (!staff_json_body(req, resp, &j)) return;
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(j, "state");
    if (!cJSON_IsString(state) || !ONE_OF(state->valuestring, chair_floor_states)) {
        cJSON_Delete(j);
        routes_error(resp, 400, "state: expected \"speaking\", \"done\" or \"withdrawn\"");
        return;
    }
    chair_floor_move(st, resp, id, state->valuestring, who.name);
    cJSON_Delete(j);
}

/* DELETE /api/v1/floor/<id>: the participant withdraws. Knowing the id (made on their device,
 * never shown to others) is what entitles them to. */
void route_floor_withdraw(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    char id[RECORD_UUID_LEN + 1];
    if (!chair_floor_id(req, resp, "", id)) return;
    chair_floor_move(st, resp, id, "withdrawn", NULL);
}
