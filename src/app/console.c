/* console.c — the console's controller: the staff session (sign-in, sign-out, an expired
 * session back to sign-in), loading the comments page by page, the live stream with
 * Last-Event-ID and back-off, decisions and their conflicts, the moderation log, and the
 * moderators' keys. All HTTP goes through the one host seam, AppHost.request; every answer
 * becomes a readable message, never a crash. Never draws (console_screens.c does). */
#include "app/console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "app/app.h"
#include "app/chair_desk.h"

#define STREAM_FIRST_RETRY_MS 250
#define STREAM_MAX_RETRY_MS   5000

static Console *con(const App *app)
{
    return app->console;
}

bool console_create(App *app)
{
    Console *c = calloc(1, sizeof *c);
    if (!c) return false;
    app->console = c;
    console_model_init(&c->model, &app->event);
    textedit_init(&c->name, c->name_buf, sizeof c->name_buf, CONSOLE_ACCOUNT_CHARS, false);
    textedit_init(&c->password, c->password_buf, sizeof c->password_buf, CONSOLE_PASSWORD_CHARS, false);
    textedit_init(&c->search, c->search_buf, sizeof c->search_buf, CONSOLE_Q_CHARS, false);
    textedit_init(&c->note, c->note_buf, sizeof c->note_buf, CONSOLE_NOTE_CHARS, true);
    c->withhold_reason = CONSOLE_REASON_NONE;
    c->filter_open = -1;
    c->checking = true;
    app->screen = SCREEN_CON_SIGNIN;
    if (!desk_create(app)) {
        console_destroy(app);
        return false;
    }
    return true;
}

void console_destroy(App *app)
{
    Console *c = con(app);
    if (!c) return;
    for (int i = 0; i < CONSOLE_MAX_REQUESTS; i++)
        if (c->reqs[i].kind != CREQ_NONE && app->host.cancel) app->host.cancel(app->host.user, c->reqs[i].id);
    textedit_clear(&c->password);
    textedit_clear(&c->note);
    desk_destroy(app);
    console_model_free(&c->model);
    memset(c, 0, sizeof *c);
    free(c);
    app->console = NULL;
}

void console_set_banner(Console *c, I18nMsg msg, ConsoleTone tone, const char *arg, int num)
{
    c->banner = msg;
    c->banner_tone = tone;
    snprintf(c->banner_arg, sizeof c->banner_arg, "%s", arg ? arg : "");
    c->banner_num = num;
}

/* --- requests ------------------------------------------------------------------------------ */

static ConsoleReq *req_find(Console *c, uint32_t id)
{
    for (int i = 0; i < CONSOLE_MAX_REQUESTS; i++)
        if (c->reqs[i].kind != CREQ_NONE && c->reqs[i].id == id) return &c->reqs[i];
    return NULL;
}

/* Starts a request; NULL when no slot is free or the host could not start it. */
ConsoleReq *console_send(App *app, ConsoleReqKind kind, const char *method, const char *path, const char *body,
                         size_t body_len, const char *comment)
{
    Console *c = con(app);
    ConsoleReq *r = NULL;
    for (int i = 0; i < CONSOLE_MAX_REQUESTS && !r; i++)
        if (c->reqs[i].kind == CREQ_NONE) r = &c->reqs[i];
    if (!r || !app->host.request) return NULL;
    if (++c->next_req == 0) c->next_req = 1;
    memset(r, 0, sizeof *r);
    r->id = c->next_req;
    r->kind = kind;
    r->generation = c->generation;
    if (comment) snprintf(r->comment, sizeof r->comment, "%s", comment);
    char headers[512];
    int n = 0;
    headers[0] = '\0';
    if (body) n += snprintf(headers + n, sizeof headers - (size_t)n, "Content-Type: application/json\n");
    if (strcmp(method, "GET") != 0 && c->csrf[0])
        n += snprintf(headers + n, sizeof headers - (size_t)n, "X-CSRF-Token: %s\n", c->csrf);
    if (kind == CREQ_STREAM && c->sse.last_id[0])
        snprintf(headers + n, sizeof headers - (size_t)n, "Last-Event-ID: %s\n", c->sse.last_id);
    AppRequest req = {.method = method, .path = path, .headers = headers, .body = body, .body_len = body_len,
                      .stream = kind == CREQ_STREAM};
    bool ok = app->host.request(app->host.user, r->id, &req);
    memset(headers, 0, sizeof headers);
    if (!ok) { r->kind = CREQ_NONE; return NULL; }
    return r;
}

static void cancel_all(App *app)
{
    Console *c = con(app);
    for (int i = 0; i < CONSOLE_MAX_REQUESTS; i++) {
        if (c->reqs[i].kind == CREQ_NONE || c->reqs[i].kind == CREQ_SIGNOUT) continue;
        if (app->host.cancel) app->host.cancel(app->host.user, c->reqs[i].id);
        c->reqs[i].kind = CREQ_NONE;
    }
}

static const char *event_id(const App *app)
{
    return app->has_event ? app->event.id : "";
}

/* --- the session ----------------------------------------------------------------------------- */

static void open_stream(App *app);
static void load_list(App *app);

void console_show(App *app, ConsoleView view)
{
    AppScreen s = (AppScreen)(SCREEN_CON_SIGNIN + view);
    if (app->screen == s) return;
    app->screen = s;
    app->ui_mem.focus = 0;
    app->ui_mem.active = 0;
    Console *c = con(app);
    if (view == CONSOLE_VIEW_LOG) {
        if (!c->log_loading) {
            c->log_loading = true;
            char path[160];
            snprintf(path, sizeof path, "api/v1/moderation-log?event=%s", event_id(app));
            if (!console_send(app, CREQ_LOG, "GET", path, NULL, 0, NULL)) c->log_loading = false;
        } else {
            c->log_stale = true;
        }
    }
    if (view == CONSOLE_VIEW_LIST || view == CONSOLE_VIEW_DETAIL) c->reveal_selection = true;
    if (view == CONSOLE_VIEW_MEETING) desk_load_meeting(app);
    if (view == CONSOLE_VIEW_REGS) desk_load_registrations(app);
    if (view == CONSOLE_VIEW_SUMMARY) desk_load_summary(app, false);
}

/* Everything a signed-in moderator saw or typed is wiped: the list, the log, the password,
 * the note, the token. Answers to requests made before are ignored (a new generation). */
static void signed_out(App *app, I18nMsg why)
{
    Console *c = con(app);
    cancel_all(app);
    c->generation++;
    console_model_clear(&c->model);
    desk_clear(app);
    textedit_clear(&c->password);
    textedit_clear(&c->note);
    textedit_clear(&c->search);
    memset(&c->model.filter, 0, sizeof c->model.filter); /* the next session starts unfiltered */
    c->model.filter.item = c->model.filter.category = c->model.filter.panellist = CONSOLE_ALL;
    c->model.filter.language = c->model.filter.state = CONSOLE_ALL;
    memset(c->csrf, 0, sizeof c->csrf);
    memset(c->account, 0, sizeof c->account);
    memset(c->role, 0, sizeof c->role);
    c->signed_in = c->signing_in = c->checking = false;
    c->loading = c->loaded = c->log_loading = c->log_stale = c->deciding = c->withhold_open = false;
    c->stream_req = 0;
    c->stream_live = false;
    c->stream_retry_at = 0;
    c->stream_failures = 0;
    memset(&c->sse, 0, sizeof c->sse);
    c->withhold_reason = CONSOLE_REASON_NONE;
    c->filter_open = -1;
    c->signin_error = MSG_NONE;
    console_set_banner(c, why, why == MSG_NONE ? CONSOLE_TONE_INFO : CONSOLE_TONE_ERROR, NULL, 0);
    memset(app->scroll, 0, sizeof app->scroll);
    console_show(app, CONSOLE_VIEW_SIGNIN);
}

void console_session_ended(App *app)
{
    signed_out(app, MSG_CON_SESSION_ENDED);
}

/* {"name","role","csrf"} from the session routes; false when it is not that. */
static bool take_session(Console *c, const char *body, size_t len)
{
    if (!body || len == 0 || len > 4096) return false;
    cJSON *o = cJSON_ParseWithLength(body, len);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
    const cJSON *role = cJSON_GetObjectItemCaseSensitive(o, "role");
    const cJSON *csrf = cJSON_GetObjectItemCaseSensitive(o, "csrf");
    bool ok = cJSON_IsString(name) && cJSON_IsString(role) && cJSON_IsString(csrf)
              && strlen(name->valuestring) < sizeof c->account && strlen(role->valuestring) < sizeof c->role
              && strlen(csrf->valuestring) > 0 && strlen(csrf->valuestring) < sizeof c->csrf;
    for (const char *p = ok ? csrf->valuestring : ""; ok && *p; p++)
        ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
    for (const char *p = ok ? name->valuestring : ""; ok && *p; p++) ok = (unsigned char)*p >= 0x20;
    if (ok) {
        snprintf(c->account, sizeof c->account, "%s", name->valuestring);
        snprintf(c->role, sizeof c->role, "%s", role->valuestring);
        snprintf(c->csrf, sizeof c->csrf, "%s", csrf->valuestring);
    }
    cJSON_Delete(o);
    return ok;
}

static void start_work(App *app)
{
    Console *c = con(app);
    c->signed_in = true;
    c->checking = c->signing_in = false;
    textedit_clear(&c->password); /* not kept a moment longer than the sign-in needed it */
    console_set_banner(c, MSG_NONE, CONSOLE_TONE_INFO, NULL, 0);
    console_show(app, CONSOLE_VIEW_LIST);
    open_stream(app);
    load_list(app);
}

void console_begin(App *app)
{
    Console *c = con(app);
    if (!c) return;
    c->checking = true;
    if (!console_send(app, CREQ_SESSION, "GET", "api/v1/session", NULL, 0, NULL)) {
        c->checking = false;
        if (!app->host.request) console_set_banner(c, MSG_CON_ERR_NETWORK, CONSOLE_TONE_ERROR, NULL, 0);
    }
}

void console_sign_in(App *app)
{
    Console *c = con(app);
    if (c->signing_in || c->signed_in) return;
    size_t nl, pl;
    const char *name = textedit_value(&c->name, &nl), *password = textedit_value(&c->password, &pl);
    if (nl == 0 || pl == 0) { c->signin_error = MSG_CON_ERR_REQUIRED; return; }
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, "name", name) || !cJSON_AddStringToObject(o, "password", password)) {
        cJSON_Delete(o);
        c->signin_error = MSG_CON_ERR_NETWORK;
        return;
    }
    char *body = cJSON_PrintUnformatted(o);
    /* the copies of the password in the tree and the body are wiped, not just freed */
    cJSON *pw = cJSON_GetObjectItemCaseSensitive(o, "password");
    if (pw && pw->valuestring) memset(pw->valuestring, 0, strlen(pw->valuestring));
    cJSON_Delete(o);
    if (!body) { c->signin_error = MSG_CON_ERR_NETWORK; return; }
    size_t len = strlen(body);
    c->signin_error = MSG_NONE;
    console_set_banner(c, MSG_NONE, CONSOLE_TONE_INFO, NULL, 0);
    c->signing_in = console_send(app, CREQ_SIGNIN, "POST", "api/v1/session", body, len, NULL) != NULL;
    if (!c->signing_in) c->signin_error = MSG_CON_ERR_NETWORK;
    memset(body, 0, len);
    cJSON_free(body);
}

void console_sign_out(App *app)
{
    Console *c = con(app);
    if (!c->signed_in) return;
    /* the sign-out goes out first (it needs the CSRF token); its answer is awaited by no one */
    console_send(app, CREQ_SIGNOUT, "DELETE", "api/v1/session", NULL, 0, NULL);
    signed_out(app, MSG_CON_SIGNED_OUT);
    c->banner_tone = CONSOLE_TONE_INFO;
}

/* --- the list ------------------------------------------------------------------------------ */

static void load_page(App *app)
{
    Console *c = con(app);
    char path[200];
    snprintf(path, sizeof path, "api/v1/comments?event=%s&limit=%d%s%s", event_id(app), CONSOLE_PAGE,
             c->cursor[0] ? "&after=" : "", c->cursor);
    if (!console_send(app, CREQ_PAGE, "GET", path, NULL, 0, NULL)) {
        c->loading = false;
        console_set_banner(c, MSG_CON_ERR_NETWORK, CONSOLE_TONE_ERROR, NULL, 0);
    }
}

static void load_list(App *app)
{
    Console *c = con(app);
    if (c->loading) { c->reload_again = true; return; }
    c->loading = true;
    c->reload_again = false;
    c->cursor[0] = '\0';
    load_page(app);
}

/* One comment, by its reference (the server's q matches it exactly). */
static void fetch_one(App *app, const char *id)
{
    char ref[RECORD_REFERENCE_BYTES], path[200];
    if (!record_reference(id, ref)) return;
    snprintf(path, sizeof path, "api/v1/comments?event=%s&q=%s&limit=20", event_id(app), ref);
    console_send(app, CREQ_ONE, "GET", path, NULL, 0, id);
}

static void reload_log_if_shown(App *app)
{
    Console *c = con(app);
    if (app->screen != SCREEN_CON_LOG) return;
    if (c->log_loading) { c->log_stale = true; return; }
    c->log_loading = true;
    char path[160];
    snprintf(path, sizeof path, "api/v1/moderation-log?event=%s", event_id(app));
    if (!console_send(app, CREQ_LOG, "GET", path, NULL, 0, NULL)) c->log_loading = false;
}

void console_filter_changed(App *app)
{
    Console *c = con(app);
    size_t len;
    const char *q = textedit_value(&c->search, &len);
    snprintf(c->model.filter.q, sizeof c->model.filter.q, "%s", q);
    console_refilter(&c->model);
    app->scroll[SCREEN_CON_LIST] = 0;
    c->reveal_selection = true;
}

void console_pick(App *app, const char *id)
{
    Console *c = con(app);
    if (strcmp(c->model.selected, id) != 0) {
        c->withhold_open = false;
        c->withhold_error = MSG_NONE;
        c->withhold_reason = CONSOLE_REASON_NONE;
        textedit_clear(&c->note);
        if (c->banner_tone != CONSOLE_TONE_ERROR || c->banner != MSG_CON_ERR_NETWORK)
            console_set_banner(c, MSG_NONE, CONSOLE_TONE_INFO, NULL, 0);
    }
    console_select(&c->model, id);
    if (!c->wide) console_show(app, CONSOLE_VIEW_DETAIL);
}

/* --- decisions ----------------------------------------------------------------------------- */

void console_open_withhold(App *app)
{
    Console *c = con(app);
    if (!console_selected(&c->model)) return;
    c->withhold_open = true;
    c->withhold_error = MSG_NONE;
}

void console_escape(App *app)
{
    Console *c = con(app);
    if (c->filter_open >= 0) { c->filter_open = -1; return; }
    c->withhold_open = false;
    c->withhold_error = MSG_NONE;
}

void console_decide(App *app, ConsolePub to)
{
    Console *c = con(app);
    const ConsoleComment *cm = console_selected(&c->model);
    if (!cm || c->deciding || to == cm->state) return; /* nothing to change */
    if (to == CONSOLE_WITHHELD && c->withhold_reason == CONSOLE_REASON_NONE) {
        c->withhold_open = true;
        c->withhold_error = MSG_CON_ERR_REASON;
        return;
    }
    cJSON *o = cJSON_CreateObject();
    if (!o) return;
    cJSON_AddStringToObject(o, "state", console_pub_name(to));
    if (to == CONSOLE_WITHHELD) {
        size_t nl;
        const char *note = textedit_value(&c->note, &nl);
        cJSON_AddStringToObject(o, "reason", console_reason_name(c->withhold_reason));
        if (nl) cJSON_AddStringToObject(o, "note", note);
    }
    cJSON_AddNumberToObject(o, "version", (double)cm->version);
    char *body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!body) return;
    char path[120];
    snprintf(path, sizeof path, "api/v1/comments/%s/publication", cm->id);
    ConsoleReq *r = console_send(app, CREQ_DECIDE, "POST", path, body, strlen(body), cm->id);
    cJSON_free(body);
    if (!r) { console_set_banner(c, MSG_CON_ERR_NETWORK, CONSOLE_TONE_ERROR, NULL, 0); return; }
    r->to = to;
    c->deciding = true;
    console_set_banner(c, MSG_CON_SAVING, CONSOLE_TONE_INFO, cm->reference, 0);
}

/* --- the live stream ------------------------------------------------------------------------- */

static void open_stream(App *app)
{
    Console *c = con(app);
    if (c->stream_req || !c->signed_in) return;
    c->stream_retry_at = 0;
    console_sse_reset(&c->sse);
    char path[160];
    snprintf(path, sizeof path, "api/v1/stream?event=%s", event_id(app));
    ConsoleReq *r = console_send(app, CREQ_STREAM, "GET", path, NULL, 0, NULL);
    if (r) c->stream_req = r->id;
    else c->stream_retry_at = app->host.now_ms(app->host.user) + STREAM_MAX_RETRY_MS;
}

static void stream_event(void *ctx, const char *event, const char *data, size_t len)
{
    App *app = ctx;
    Console *c = con(app);
    if (strcmp(event, "comment") == 0) {
        cJSON *o = cJSON_ParseWithLength(data, len);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "comment");
        if (cJSON_IsString(id) && record_is_uuid_v4(id->valuestring) && console_find(&c->model, id->valuestring) < 0)
            fetch_one(app, id->valuestring);
        cJSON_Delete(o);
    } else if (strcmp(event, "publication") == 0) {
        bool bad;
        int at = console_apply_publication_json(&c->model, data, len, &bad);
        if (at >= 0) console_refilter(&c->model);
        else if (!bad) {
            /* a decision on a comment this console has not loaded yet: fetch it as it is now */
            cJSON *o = cJSON_ParseWithLength(data, len);
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "publication");
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(p, "comment");
            if (cJSON_IsString(id) && record_is_uuid_v4(id->valuestring)) fetch_one(app, id->valuestring);
            cJSON_Delete(o);
        }
        reload_log_if_shown(app);
    } else if (desk_stream_event(app, event)) {
        /* the item in progress or the queue: the desk reloads what it shows */
    } else if (strcmp(event, "reset") == 0) {
        /* what was missed has left the server's memory: load the whole list again */
        load_list(app);
        reload_log_if_shown(app);
    }
}

static void stream_ended(App *app, int status)
{
    Console *c = con(app);
    c->stream_req = 0;
    c->stream_live = false;
    if (status == 401) { signed_out(app, MSG_CON_SESSION_ENDED); return; }
    int64_t delay = STREAM_FIRST_RETRY_MS;
    for (int i = 0; i < c->stream_failures && delay < STREAM_MAX_RETRY_MS; i++) delay *= 2;
    if (delay > STREAM_MAX_RETRY_MS) delay = STREAM_MAX_RETRY_MS;
    c->stream_failures++;
    c->stream_retry_at = app->host.now_ms(app->host.user) + delay;
}

bool console_tick(App *app, int64_t now_ms)
{
    Console *c = con(app);
    if (c->stream_retry_at && now_ms >= c->stream_retry_at) {
        open_stream(app);
        return true;
    }
    return false;
}

int64_t console_next_tick_ms(const App *app, int64_t now_ms)
{
    const Console *c = con(app);
    if (!c->stream_retry_at) return -1;
    return c->stream_retry_at > now_ms ? c->stream_retry_at - now_ms : 0;
}

/* --- answers --------------------------------------------------------------------------------- */

I18nMsg console_failure(int status)
{
    switch (status) {
    case 0: return MSG_CON_ERR_NETWORK;
    case 403: return MSG_CON_ERR_ROLE;
    case 404: return MSG_CON_ERR_NOT_FOUND;
    case 409: return MSG_CON_CONFLICT;
    case 429: return MSG_CON_ERR_LOCKED;
    default: return MSG_CON_ERR_SERVER;
    }
}

static void answer_decide(App *app, const ConsoleReq *r, int status, const char *body, size_t len)
{
    Console *c = con(app);
    c->deciding = false;
    int at = console_find(&c->model, r->comment);
    const char *ref = at >= 0 ? c->model.comments[at].reference : "";
    if (status == 200) {
        bool bad;
        console_apply_publication_json(&c->model, body, len, &bad);
        console_refilter(&c->model);
        if (bad) fetch_one(app, r->comment);
        I18nMsg done = r->to == CONSOLE_PUBLISHED ? MSG_CON_DONE_PUBLISHED
                       : r->to == CONSOLE_WITHHELD ? MSG_CON_DONE_WITHHELD : MSG_CON_DONE_PENDING;
        console_set_banner(c, done, CONSOLE_TONE_SUCCESS, ref, 0);
        if (r->to == CONSOLE_WITHHELD) {
            c->withhold_open = false;
            c->withhold_reason = CONSOLE_REASON_NONE;
            textedit_clear(&c->note);
        }
        reload_log_if_shown(app);
        return;
    }
    if (status == 401) { signed_out(app, MSG_CON_SESSION_ENDED); return; }
    /* a colleague got there first (409), or the comment is gone (404): show it as it is now */
    if (status == 409) fetch_one(app, r->comment);
    console_set_banner(c, console_failure(status), CONSOLE_TONE_ERROR, ref, status);
}

static void answer(App *app, const ConsoleReq *r, int status, const char *body, size_t len)
{
    Console *c = con(app);
    switch (r->kind) {
    case CREQ_SESSION:
        c->checking = false;
        if (status == 200 && take_session(c, body, len)) start_work(app);
        else if (status != 401) console_set_banner(c, console_failure(status), CONSOLE_TONE_ERROR, NULL, status);
        break;
    case CREQ_SIGNIN:
        c->signing_in = false;
        if (status == 200 && take_session(c, body, len)) { start_work(app); break; }
        textedit_clear(&c->password);
        c->signin_error = status == 401 ? MSG_CON_ERR_WRONG : console_failure(status);
        c->banner_num = status;
        break;
    case CREQ_SIGNOUT:
        break;
    case CREQ_PAGE: {
        if (status == 401) { signed_out(app, MSG_CON_SESSION_ENDED); break; }
        char next[32];
        int n = status == 200 ? console_parse_comments(&c->model, body, len, next, sizeof next) : -1;
        if (n < 0) {
            c->loading = false;
            console_set_banner(c, status == 200 ? MSG_CON_ERR_SERVER : console_failure(status), CONSOLE_TONE_ERROR, NULL, status);
            break;
        }
        console_refilter(&c->model);
        if (next[0] && !c->model.truncated) {
            snprintf(c->cursor, sizeof c->cursor, "%s", next);
            load_page(app);
            break;
        }
        c->loading = false;
        c->loaded = true;
        if (c->reload_again) load_list(app);
        break;
    }
    case CREQ_ONE:
        if (status == 401) { signed_out(app, MSG_CON_SESSION_ENDED); break; }
        if (status == 200 && console_parse_comments(&c->model, body, len, NULL, 0) >= 0) console_refilter(&c->model);
        break;
    case CREQ_DECIDE:
        answer_decide(app, r, status, body, len);
        break;
    case CREQ_LOG:
        c->log_loading = false;
        if (status == 401) { signed_out(app, MSG_CON_SESSION_ENDED); break; }
        if (status != 200 || console_parse_log(&c->model, body, len) < 0)
            console_set_banner(c, status == 200 ? MSG_CON_ERR_SERVER : console_failure(status), CONSOLE_TONE_ERROR, NULL, status);
        if (c->log_stale) { c->log_stale = false; reload_log_if_shown(app); }
        break;
    case CREQ_CURRENT:
    case CREQ_SET_CURRENT:
    case CREQ_QUEUE:
    case CREQ_FLOOR:
    case CREQ_REGS:
    case CREQ_REG_STATUS:
    case CREQ_SUMMARY:
    case CREQ_SUMMARY_SAVE:
        desk_answer(app, r, status, body, len);
        break;
    case CREQ_STREAM:
    case CREQ_NONE:
        break;
    }
}

bool console_http(App *app, uint32_t id, int status, const char *body, size_t len, bool final)
{
    Console *c = con(app);
    if (!c) return false;
    ConsoleReq *r = req_find(c, id);
    if (!r) return false;
    if (r->generation != c->generation) { if (final) r->kind = CREQ_NONE; return false; }
    if (r->kind == CREQ_STREAM) {
        if (!final) {
            if (status != 200) return false; /* an error's body: its status comes with the end */
            if (!c->stream_live) {
                /* connected again: what the network cut off is caught up on */
                c->stream_live = true;
                c->stream_failures = 0;
                if (c->banner == MSG_CON_ERR_NETWORK) console_set_banner(c, MSG_NONE, CONSOLE_TONE_INFO, NULL, 0);
                if (!c->loaded && !c->loading) load_list(app);
            }
            console_sse_feed(&c->sse, body, len, stream_event, app);
            return true;
        }
        r->kind = CREQ_NONE;
        stream_ended(app, status);
        return true;
    }
    if (!final) return false; /* only streams come in pieces */
    ConsoleReq done = *r;
    r->kind = CREQ_NONE;
    answer(app, &done, status, body, len);
    return true;
}

/* --- keys ---------------------------------------------------------------------------------- */

bool console_shortcut(App *app, Ui *ui, int ch, float w, float h)
{
    (void)ui; (void)w; (void)h;
    Console *c = con(app);
    if (!c->signed_in || app->screen == SCREEN_CON_LOG || app->screen == SCREEN_CON_MEETING
        || app->screen == SCREEN_CON_REGS || app->screen == SCREEN_CON_SUMMARY)
        return false;
    if (ch >= 'A' && ch <= 'Z') ch = ch - 'A' + 'a';
    switch (ch) {
    case 'j':
    case 'k':
        if (!console_select_step(&c->model, ch == 'j' ? 1 : -1)) return false;
        c->withhold_open = false;
        c->withhold_error = MSG_NONE;
        c->withhold_reason = CONSOLE_REASON_NONE;
        textedit_clear(&c->note);
        c->reveal_selection = true;
        return true;
    case 'p':
        console_decide(app, CONSOLE_PUBLISHED);
        return true;
    case 'u':
        console_decide(app, CONSOLE_PENDING);
        return true;
    case 'w':
        if (c->withhold_open && c->withhold_reason != CONSOLE_REASON_NONE) console_decide(app, CONSOLE_WITHHELD);
        else console_open_withhold(app);
        return true;
    default:
        if (c->withhold_open && ch >= '1' && ch < '1' + CONSOLE_REASON_COUNT) {
            c->withhold_reason = (ConsoleReason)(ch - '1');
            c->withhold_error = MSG_NONE;
            return true;
        }
        return false;
    }
}
