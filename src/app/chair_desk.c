/* chair_desk.c — see chair_desk.h. Must never show a row it could not validate, never send a
 * change without the version the Chair saw (registrations), and never keep a byte of it after
 * a sign-out. */
#include "app/chair_desk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "app/app.h"

/* --- the model --------------------------------------------------------------------------------- */

void desk_model_init(DeskModel *m, const Event *event)
{
    memset(m, 0, sizeof *m);
    m->event = event;
    m->current = -1;
}

void desk_model_free(DeskModel *m)
{
    free(m->queue);
    free(m->regs);
    desk_model_init(m, m->event);
}

static int desk_item_index(const Event *ev, const char *id)
{
    for (int i = 0; ev && id && i < ev->agenda_count; i++)
        if (strcmp(ev->agenda[i].id, id) == 0) return i;
    return -1;
}

bool desk_parse_current(DeskModel *m, const char *json, size_t len)
{
    cJSON *o = console_json_parse(json, len);
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, "agenda_item");
    bool ok = o && (cJSON_IsNull(item) || cJSON_IsString(item));
    int index = ok && cJSON_IsString(item) ? desk_item_index(m->event, item->valuestring) : -1;
    if (ok && cJSON_IsString(item) && index < 0) ok = false;
    cJSON_Delete(o);
    if (!ok) return false;
    m->current_known = true;
    m->current = index;
    return true;
}

/* The participant of a row: name and organisation as the record had them (bounded), the
 * category as the event names it, the country as two capitals or nothing. */
static bool desk_person(const Event *ev, const cJSON *o, DeskPerson *p)
{
    const char *name = console_json_opt(o, "name"), *org = console_json_opt(o, "organization");
    const char *cat = console_json_opt(o, "category"), *country = console_json_opt(o, "country");
    if (!name || !org || !cat || !country || !console_plain(name, DESK_TEXT_BYTES - 1)
        || !console_plain(org, DESK_TEXT_BYTES - 1) || strlen(country) > 2)
        return false;
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->organization, sizeof p->organization, "%s", org);
    p->category = -1;
    for (int i = 0; ev && i < ev->category_count; i++)
        if (strcmp(ev->categories[i].id, cat) == 0) p->category = i;
    snprintf(p->country, sizeof p->country, "%s", country);
    for (int i = 0; p->country[i]; i++)
        if (p->country[i] < 'A' || p->country[i] > 'Z') return false;
    return true;
}

static bool desk_floor_parse(const char *s, DeskFloor *out)
{
    static const char *const names[] = {"waiting", "speaking", "done", "withdrawn"};
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, names[i]) == 0) { *out = (DeskFloor)i; return true; }
    return false;
}

/* A row array under key, as a growing array of `size` bytes per row (at most max rows). */
static void *desk_rows(const cJSON *list, int max, size_t size, int *count)
{
    int n = cJSON_GetArraySize(list);
    if (n > max) n = max;
    *count = 0;
    return calloc(n ? (size_t)n : 1, size);
}

bool desk_parse_queue(DeskModel *m, const char *json, size_t len)
{
    cJSON *o = console_json_parse(json, len);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "requests");
    if (!cJSON_IsArray(list)) { cJSON_Delete(o); return false; }
    int count;
    DeskRequest *q = desk_rows(list, DESK_MAX_QUEUE, sizeof *q, &count);
    if (!q) { cJSON_Delete(o); return false; }
    m->rejected = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, list) {
        if (count == DESK_MAX_QUEUE) break;
        DeskRequest d;
        memset(&d, 0, sizeof d);
        const char *id = console_json_str(r, "id"), *to = console_json_opt(r, "addressed_to");
        long long pos = 0;
        bool ok = id && record_is_uuid_v4(id) && to && desk_floor_parse(console_json_str(r, "state"), &d.state)
                  && desk_person(m->event, cJSON_GetObjectItemCaseSensitive(r, "participant"), &d.who);
        if (ok && d.state == DESK_WAITING) ok = console_json_int(r, "position", &pos) && pos >= 1 && pos <= DESK_MAX_QUEUE * 100;
        d.panellist = ok && to[0] ? event_find_panellist(m->event, to) : -1;
        if (!ok) { m->rejected++; continue; }
        snprintf(d.id, sizeof d.id, "%s", id);
        d.position = (int)pos;
        q[count++] = d;
    }
    cJSON_Delete(o);
    free(m->queue);
    m->queue = q;
    m->queue_count = count;
    return true;
}

static bool desk_status_parse(const char *s, DeskStatus *out)
{
    static const char *const names[] = {"pending", "approved", "objected", "withdrawn"};
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, names[i]) == 0) { *out = (DeskStatus)i; return true; }
    return false;
}

bool desk_parse_registrations(DeskModel *m, const char *json, size_t len)
{
    cJSON *o = console_json_parse(json, len);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "registrations");
    if (!cJSON_IsArray(list)) { cJSON_Delete(o); return false; }
    int count;
    DeskRegistration *regs = desk_rows(list, DESK_MAX_REGS, sizeof *regs, &count);
    if (!regs) { cJSON_Delete(o); return false; }
    m->rejected = 0;
    m->regs_truncated = cJSON_GetArraySize(list) > DESK_MAX_REGS;
    const cJSON *r;
    cJSON_ArrayForEach(r, list) {
        if (count == DESK_MAX_REGS) break;
        DeskRegistration *d = &regs[count];
        const char *id = console_json_str(r, "id");
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(r, "status");
        const char *by = console_json_opt(st, "by");
        bool ok = id && record_is_uuid_v4(id) && desk_person(m->event, r, &d->who) && cJSON_IsObject(st)
                  && desk_status_parse(console_json_str(st, "status"), &d->status)
                  && console_json_int(st, "version", &d->version) && by && console_plain(by, sizeof d->party - 1)
                  && (d->status != DESK_OBJECTED || by[0]);
        if (!ok) { memset(d, 0, sizeof *d); m->rejected++; continue; }
        snprintf(d->id, sizeof d->id, "%s", id);
        snprintf(d->party, sizeof d->party, "%s", by);
        count++;
    }
    cJSON_Delete(o);
    free(m->regs);
    m->regs = regs;
    m->reg_count = count;
    return true;
}

int desk_find_registration(const DeskModel *m, const char *id)
{
    for (int i = 0; i < m->reg_count; i++)
        if (strcmp(m->regs[i].id, id) == 0) return i;
    return -1;
}

/* --- the controller ---------------------------------------------------------------------------- */

static ChairDesk *desk(const App *app)
{
    return app->console ? app->console->desk : NULL;
}

bool desk_allowed(const App *app)
{
    const Console *c = app->console;
    return c && c->signed_in && (strcmp(c->role, "chair") == 0 || strcmp(c->role, "admin") == 0);
}

bool desk_create(App *app)
{
    ChairDesk *d = calloc(1, sizeof *d);
    if (!d) return false;
    desk_model_init(&d->model, &app->event);
    textedit_init(&d->party, d->party_buf, sizeof d->party_buf, DESK_PARTY_CHARS, false);
    textedit_init(&d->edit, d->edit_buf, sizeof d->edit_buf, DRAFT_TEXT_CHARS, true);
    draft_init(&d->draft);
    d->editing = -1;
    app->console->desk = d;
    return true;
}

void desk_destroy(App *app)
{
    ChairDesk *d = desk(app);
    if (!d) return;
    desk_model_free(&d->model);
    textedit_clear(&d->party);
    textedit_clear(&d->edit);
    draft_free(&d->draft);
    free(d);
    app->console->desk = NULL;
}

void desk_clear(App *app)
{
    ChairDesk *d = desk(app);
    if (!d) return;
    desk_model_free(&d->model);
    textedit_clear(&d->party);
    d->loading_current = d->loading_queue = d->loading_regs = d->busy = false;
    d->party_error = MSG_NONE;
    textedit_clear(&d->edit);
    draft_free(&d->draft);
    d->loading_draft = d->saving_draft = false;
    d->editing = -1;
}

static const char *desk_event(const App *app)
{
    return app->has_event ? app->event.id : "";
}

static void desk_network_error(App *app)
{
    console_set_banner(app->console, MSG_CON_ERR_NETWORK, CONSOLE_TONE_ERROR, NULL, 0);
}

void desk_load_meeting(App *app)
{
    ChairDesk *d = desk(app);
    if (!d || !desk_allowed(app) || d->loading_current) return;
    char path[160];
    snprintf(path, sizeof path, "api/v1/events/%s/current", desk_event(app));
    d->loading_current = console_send(app, CREQ_CURRENT, "GET", path, NULL, 0, NULL) != NULL;
    if (!d->loading_current) desk_network_error(app);
}

static void desk_load_queue(App *app)
{
    ChairDesk *d = desk(app);
    if (d->model.current < 0) {
        d->model.queue_count = 0;
        return;
    }
    if (d->loading_queue) return;
    char path[200];
    snprintf(path, sizeof path, "api/v1/floor?event=%s&item=%s", desk_event(app),
             app->event.agenda[d->model.current].id);
    d->loading_queue = console_send(app, CREQ_QUEUE, "GET", path, NULL, 0, NULL) != NULL;
}

void desk_load_registrations(App *app)
{
    ChairDesk *d = desk(app);
    if (!d || !desk_allowed(app) || d->loading_regs) return;
    char path[160];
    snprintf(path, sizeof path, "api/v1/registrations?event=%s", desk_event(app));
    d->loading_regs = console_send(app, CREQ_REGS, "GET", path, NULL, 0, NULL) != NULL;
    if (!d->loading_regs) desk_network_error(app);
}

/* Sends a change whose body is o (freed). */
static void desk_change(App *app, ConsoleReqKind kind, const char *method, const char *path, cJSON *o,
                        const char *id)
{
    ChairDesk *d = desk(app);
    char *body = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!body) return;
    d->busy = console_send(app, kind, method, path, body, strlen(body), id) != NULL;
    cJSON_free(body);
    if (!d->busy) desk_network_error(app);
}

void desk_set_current(App *app, int item)
{
    ChairDesk *d = desk(app);
    if (!d || d->busy || !desk_allowed(app) || item >= app->event.agenda_count) return;
    cJSON *o = cJSON_CreateObject();
    if (o && item >= 0) cJSON_AddStringToObject(o, "agenda_item", app->event.agenda[item].id);
    else if (o) cJSON_AddNullToObject(o, "agenda_item");
    char path[160];
    snprintf(path, sizeof path, "api/v1/events/%s/current", desk_event(app));
    desk_change(app, CREQ_SET_CURRENT, "PUT", path, o, NULL);
}

void desk_floor_state(App *app, const char *id, DeskFloor state)
{
    static const char *const names[] = {"waiting", "speaking", "done", "withdrawn"};
    ChairDesk *d = desk(app);
    if (!d || d->busy || state == DESK_WAITING || !record_is_uuid_v4(id)) return;
    cJSON *o = cJSON_CreateObject();
    if (o) cJSON_AddStringToObject(o, "state", names[state]);
    char path[120];
    snprintf(path, sizeof path, "api/v1/floor/%s/state", id);
    desk_change(app, CREQ_FLOOR, "POST", path, o, id);
}

void desk_registration_status(App *app, const char *id, DeskStatus status)
{
    static const char *const names[] = {"pending", "approved", "objected", "withdrawn"};
    ChairDesk *d = desk(app);
    int at = d ? desk_find_registration(&d->model, id) : -1;
    if (at < 0 || d->busy) return;
    size_t plen;
    const char *party = textedit_value(&d->party, &plen);
    if (status == DESK_OBJECTED && plen == 0) {
        d->party_error = MSG_CON_ERR_PARTY;
        return;
    }
    d->party_error = MSG_NONE;
    cJSON *o = cJSON_CreateObject();
    if (o) {
        cJSON_AddStringToObject(o, "status", names[status]);
        if (status == DESK_OBJECTED) cJSON_AddStringToObject(o, "by", party);
        cJSON_AddNumberToObject(o, "version", (double)d->model.regs[at].version);
    }
    char path[120];
    snprintf(path, sizeof path, "api/v1/registrations/%s/status", id);
    desk_change(app, CREQ_REG_STATUS, "POST", path, o, id);
}

void desk_load_summary(App *app, bool force)
{
    ChairDesk *d = desk(app);
    if (!d || !desk_allowed(app) || d->loading_draft || d->saving_draft) return;
    if (!force && d->draft.loaded && d->draft.dirty) return; /* unsaved edits are never dropped unasked */
    char path[160];
    snprintf(path, sizeof path, "api/v1/summary?event=%s", desk_event(app));
    d->loading_draft = console_send(app, CREQ_SUMMARY, "GET", path, NULL, 0, NULL) != NULL;
    if (!d->loading_draft) desk_network_error(app);
}

void desk_edit_paragraph(App *app, int i)
{
    ChairDesk *d = desk(app);
    if (!d || i < 0 || i >= d->draft.count) return;
    if (d->editing >= 0) desk_keep_paragraph(app);
    textedit_clear(&d->edit);
    textedit_insert(&d->edit, d->draft.paragraphs[i].text, strlen(d->draft.paragraphs[i].text));
    d->editing = i;
}

void desk_keep_paragraph(App *app)
{
    ChairDesk *d = desk(app);
    if (!d || d->editing < 0) return;
    size_t len;
    const char *text = textedit_value(&d->edit, &len);
    /* an emptied paragraph keeps its old text: removing is its own action */
    if (len > 0) draft_set_text(&d->draft, d->editing, text, len);
    d->editing = -1;
    textedit_clear(&d->edit);
}

void desk_save_summary(App *app)
{
    ChairDesk *d = desk(app);
    if (!d || !d->draft.loaded || d->saving_draft || d->loading_draft) return;
    desk_keep_paragraph(app);
    char *body = draft_body(&d->draft);
    if (!body) return;
    char path[160];
    snprintf(path, sizeof path, "api/v1/summary?event=%s", desk_event(app));
    d->saving_draft = console_send(app, CREQ_SUMMARY_SAVE, "PUT", path, body, strlen(body), NULL) != NULL;
    cJSON_free(body);
    if (!d->saving_draft) desk_network_error(app);
}

void desk_open_docx(App *app)
{
    if (!app->host.open_url) return;
    char path[160];
    snprintf(path, sizeof path, "api/v1/summary.docx?event=%s", desk_event(app));
    app->host.open_url(app->host.user, path);
}

void desk_answer(App *app, const ConsoleReq *r, int status, const char *body, size_t len)
{
    ChairDesk *d = desk(app);
    Console *c = app->console;
    if (!d) return;
    if (status == 401) {
        console_session_ended(app);
        return;
    }
    bool ok = status == 200;
    switch (r->kind) {
    case CREQ_CURRENT:
        d->loading_current = false;
        ok = ok && desk_parse_current(&d->model, body, len);
        if (ok) desk_load_queue(app);
        break;
    case CREQ_SET_CURRENT:
        d->busy = false;
        ok = ok && desk_parse_current(&d->model, body, len);
        if (ok) {
            console_set_banner(c, d->model.current >= 0 ? MSG_CON_SET_DONE : MSG_CON_NOTHING_NOW, CONSOLE_TONE_SUCCESS,
                               NULL, 0);
            desk_load_queue(app);
            return;
        }
        break;
    case CREQ_QUEUE:
        d->loading_queue = false;
        ok = ok && desk_parse_queue(&d->model, body, len);
        break;
    case CREQ_FLOOR:
        d->busy = false;
        desk_load_queue(app); /* the order and the others' places changed too */
        ok = ok || status == 409;
        break;
    case CREQ_REGS:
        d->loading_regs = false;
        ok = ok && desk_parse_registrations(&d->model, body, len);
        break;
    case CREQ_REG_STATUS: {
        d->busy = false;
        int at = desk_find_registration(&d->model, r->comment);
        const char *name = at >= 0 ? d->model.regs[at].who.name : "";
        if (ok) {
            console_set_banner(c, MSG_CON_REG_DONE, CONSOLE_TONE_SUCCESS, name, 0);
            textedit_clear(&d->party);
        } else if (status == 409) {
            console_set_banner(c, MSG_CON_CONFLICT, CONSOLE_TONE_ERROR, name, status);
        }
        desk_load_registrations(app);
        if (ok || status == 409) return;
        break;
    }
    case CREQ_SUMMARY:
        d->loading_draft = false;
        ok = ok && draft_parse(&d->draft, body, len);
        if (ok) d->editing = -1;
        break;
    case CREQ_SUMMARY_SAVE:
        d->saving_draft = false;
        if (ok && draft_parse(&d->draft, body, len)) {
            console_set_banner(c, MSG_CON_SUM_SAVED, CONSOLE_TONE_SUCCESS, NULL, (int)d->draft.version);
            return;
        }
        if (status == 409) {
            /* the edits stay on screen; the Chair chooses to reload */
            console_set_banner(c, MSG_CON_SUM_CONFLICT, CONSOLE_TONE_ERROR, NULL, status);
            return;
        }
        break;
    default:
        return;
    }
    if (!ok) console_set_banner(c, status == 200 ? MSG_CON_ERR_SERVER : console_failure(status), CONSOLE_TONE_ERROR,
                                NULL, status);
}

bool desk_stream_event(App *app, const char *event)
{
    ChairDesk *d = desk(app);
    if (!d || !desk_allowed(app)) return strcmp(event, "current") == 0 || strcmp(event, "floor") == 0;
    if (strcmp(event, "current") == 0) {
        if (app->screen == SCREEN_CON_MEETING) desk_load_meeting(app);
        return true;
    }
    if (strcmp(event, "floor") == 0) {
        if (app->screen == SCREEN_CON_MEETING) desk_load_queue(app);
        return true;
    }
    return false;
}
