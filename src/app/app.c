/* app.c — kiosk state, input dispatch, scrolling, the idle countdown and reset, and the
 * actions screens call (registration and comment records go to the host's store here).
 * Never draws directly (screens and chrome do) and never touches a platform API. */
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "app/console.h"
#include "app/screens.h"
#include "app/theme.h"
#include "core/civil.h"

static void init_fields(App *app)
{
    textedit_init(&app->p.name, app->p.name_buf, sizeof app->p.name_buf, APP_NAME_CHARS, false);
    textedit_init(&app->p.organization, app->p.organization_buf, sizeof app->p.organization_buf, APP_NAME_CHARS, false);
    textedit_init(&app->p.email, app->p.email_buf, sizeof app->p.email_buf, APP_EMAIL_CHARS, false);
    textedit_init(&app->c.text, app->c.text_buf, sizeof app->c.text_buf, APP_COMMENT_CHARS, true);
    textedit_init(&app->country_search, app->country_search_buf, sizeof app->country_search_buf, APP_SEARCH_CHARS, false);
    app->p.category = -1;
    app->c.agenda_item = -1;
    app->c.panellist = -1;
    app->c.written_in = -1;
    textedit_init(&app->check.ref, app->check.ref_buf, sizeof app->check.ref_buf, 12, false);
}

bool app_init(App *app, const AppHost *host, const char *lang_tag, AppMode mode, int idle_s,
              const char *device_id)
{
    memset(app, 0, sizeof *app);
    app->host = *host;
    app->lang = app->default_lang = i18n_lang_from_tag(lang_tag);
    if (!i18n_available(app->lang)) app->lang = app->default_lang = I18N_EN; /* its pack did not come */
    app->lang_wanted = I18N_LANG_COUNT;
    app->mode = mode;
    app->idle_s = idle_s < APP_IDLE_MIN_S ? APP_IDLE_MIN_S : idle_s > APP_IDLE_MAX_S ? APP_IDLE_MAX_S : idle_s;
    theme_style(&app->style, mode == APP_MODE_KIOSK);
    init_fields(app);
    live_init(&app->live);
    if (device_id && record_is_uuid_v4(device_id)) {
        memcpy(app->device, device_id, RECORD_UUID_LEN + 1);
    } else {
        uint8_t rnd[16];
        host->random(host->user, rnd, sizeof rnd);
        record_uuid_v4(rnd, app->device);
    }
    app->last_input_ms = host->now_ms(host->user);
    app->screen = SCREEN_WELCOME;
    app->pending_screen = SCREEN_COUNT;
    app->outbox = outbox_new(0);
    app->pending_blob_cap = outbox_encode_bound(RECORD_MAX_LINE_BYTES);
    app->pending_blob = malloc(app->pending_blob_cap);
    const char *missing = !app->outbox ? "the outbox" : !app->pending_blob ? "a record's storage form"
                        : mode == APP_MODE_CONSOLE && !console_create(app) ? "the console" : NULL;
    if (missing) {
        app->start_failed = true;
        snprintf(app->error, sizeof app->error, "not enough memory for %s", missing);
        fprintf(stderr, "parley: %s\n", app->error);
    }
    return !missing;
}

void app_free(App *app)
{
    app_reset(app);
    console_destroy(app);
    if (app->has_event) event_free(&app->event);
    app->has_event = false;
    outbox_free(app->outbox);
    app->outbox = NULL;
    free(app->pending_blob);
    app->pending_blob = NULL;
    free(app->pinyin_bytes);
    app->pinyin_bytes = NULL;
    app->pinyin_state = PINYIN_ABSENT;
}

bool app_load_event(App *app, const char *name, const char *json, size_t len)
{
    EventError err;
    if (app->start_failed) return false; /* the error screen keeps saying why */
    if (app->has_event) event_free(&app->event);
    app->has_event = event_load(&app->event, json, len, &err);
    if (!app->has_event) {
        event_error_format(&err, name, app->error, sizeof app->error);
        fprintf(stderr, "parley: %s\n", app->error);
    }
    memset(app->scroll, 0, sizeof app->scroll);
    return app->has_event;
}

bool app_take_event(App *app, const cJSON *answer)
{
    if (!app->has_event) return false;
    Event *ev = malloc(sizeof *ev); /* ~100 KiB: not on the stack */
    EventError err;
    if (!ev) return false;
    bool taken = event_load_tree(ev, answer, &err);
    if (taken && event_same_shape(&app->event, ev)) {
        event_free(&app->event);
        app->event = *ev;
    } else {
        if (taken) event_free(ev);
        taken = false;
    }
    free(ev);
    return taken;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

void app_restore_registration(App *app, const char *line, size_t len)
{
    RecordInfo info;
    if (app->mode != APP_MODE_REMOTE || !app->has_event || !line || !len) return;
    if (!record_validate(line, len, &info, NULL) || info.type != RECORD_TYPE_REGISTRATION
        || strcmp(info.event, app->event.id) != 0)
        return;
    cJSON *o = cJSON_ParseWithLength(line, len);
    if (!o) return;
    const char *name = json_str(o, "name"), *org = json_str(o, "organization");
    textedit_set_value(&app->p.name, name, strlen(name), 0, 0);
    textedit_set_value(&app->p.organization, org, strlen(org), 0, 0);
    const char *email = json_str(o, "email");
    textedit_set_value(&app->p.email, email, strlen(email), 0, 0);
    snprintf(app->p.country, sizeof app->p.country, "%s", json_str(o, "country"));
    for (int i = 0; i < app->event.category_count; i++)
        if (strcmp(app->event.categories[i].id, info.category) == 0) app->p.category = i;
    app->p.consent = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "publish_consent"));
    memcpy(app->p.id, info.id, sizeof app->p.id);
    app->p.registered = true;
    cJSON_Delete(o);
}

/* --- screens and passes ------------------------------------------------------------------ */

static const AppScreen back_of[SCREEN_COUNT] = {
    [SCREEN_WELCOME] = SCREEN_COUNT, [SCREEN_REGISTER] = SCREEN_WELCOME,
    [SCREEN_COUNTRY] = SCREEN_REGISTER, [SCREEN_AGENDA] = SCREEN_COUNT, [SCREEN_ITEM] = SCREEN_AGENDA,
    [SCREEN_PANELLISTS] = SCREEN_COUNT, [SCREEN_COMPOSE] = SCREEN_COUNT,
    [SCREEN_RECEIPT] = SCREEN_COUNT, [SCREEN_MINE] = SCREEN_COUNT, [SCREEN_STATUS] = SCREEN_WELCOME,
    [SCREEN_CHECK] = SCREEN_MINE,
};


static bool shows_nav(const App *app)
{
    return app->p.registered && app->screen >= SCREEN_AGENDA && app->screen != SCREEN_STATUS;
}

static Frame layout(const App *app, float w, float h)
{
    Frame f;
    memset(&f, 0, sizeof f);
    f.w = w;
    f.h = h;
    f.narrow = w < THEME_NARROW_W;
    f.pad = f.narrow ? THEME_PAGE_PAD_NARROW : THEME_PAGE_PAD;
    f.col_w = w - 2.0f * f.pad;
    if (f.col_w > THEME_MAX_COLUMN) f.col_w = THEME_MAX_COLUMN;
    if (f.col_w < THEME_MIN_COLUMN) f.col_w = THEME_MIN_COLUMN;
    f.col_x = (w - f.col_w) * 0.5f;
    f.button_w = f.col_w > THEME_BUTTON_MAX_W ? THEME_BUTTON_MAX_W : f.col_w;
    f.target = app->style.min_target_px;
    float top_h = app->screen == SCREEN_WELCOME || !app->has_event ? 0 : f.target + 2 * THEME_BAR_PAD_Y;
    f.top = (UiRect){0, 0, w, top_h};
    float osk_h = chrome_osk_height(app, &f);
    f.osk = (UiRect){0, h - osk_h, w, osk_h};
    float nav_h = shows_nav(app) && osk_h == 0 ? f.target + 2 * THEME_TABS_TOP : 0;
    f.nav = (UiRect){0, h - osk_h - nav_h, w, nav_h};
    float status_h = osk_h == 0 && app->has_event ? THEME_STATUS_H : 0;
    f.status = (UiRect){0, h - osk_h - nav_h - status_h, w, status_h};
    f.content = (UiRect){0, top_h, w, h - top_h - nav_h - osk_h - status_h};
    if (f.content.h < 1) f.content.h = 1;
    return f;
}

/* The screens whose code the web build fetches after the first frame (core/deferred.h). */
static bool screen_code_deferred(AppScreen s)
{
    return s == SCREEN_REGISTER || s == SCREEN_COUNTRY || s == SCREEN_COMPOSE || s == SCREEN_RECEIPT ||
           s == SCREEN_MINE || s == SCREEN_STATUS || s == SCREEN_CHECK;
}

static float draw_screen(App *app, Ui *ui, const Frame *f, float y)
{
    if (!app->has_event) return screen_event_error(app, ui, f, y);
    if (app->code_missing && screen_code_deferred(app->screen)) return screen_loading(app, ui, f, y);
    switch (app->screen) {
    case SCREEN_WELCOME: return screen_welcome(app, ui, f, y);
    case SCREEN_REGISTER: return screen_register(app, ui, f, y);
    case SCREEN_COUNTRY: return screen_country(app, ui, f, y);
    case SCREEN_AGENDA: return screen_agenda(app, ui, f, y);
    case SCREEN_ITEM: return screen_item(app, ui, f, y);
    case SCREEN_PANELLISTS: return screen_panellists(app, ui, f, y);
    case SCREEN_COMPOSE: return screen_compose(app, ui, f, y);
    case SCREEN_RECEIPT: return screen_receipt(app, ui, f, y);
    case SCREEN_MINE: return screen_mine(app, ui, f, y);
    case SCREEN_STATUS: return screen_status(app, ui, f, y);
    case SCREEN_CHECK: return screen_check(app, ui, f, y);
    case SCREEN_CON_SIGNIN: case SCREEN_CON_LIST: case SCREEN_CON_DETAIL: case SCREEN_CON_LOG: /* console_pass */
    case SCREEN_CON_MEETING: case SCREEN_CON_REGS: case SCREEN_CON_SUMMARY:
    case SCREEN_COUNT: break;
    }
    return 0;
}

static float max_scroll(const App *app)
{
    float m = app->content_h - app->view_h;
    return m > 0 ? m : 0;
}

/* One pass over the whole interface: the input (if any) reaches the widgets as they are laid out. */
static void pass(App *app, Ui *ui, const UiInput *in, float w, float h)
{
    if (app->console) { console_pass(app, ui, in, w, h); return; } /* its own screens (console_screens.c) */
    app->field_count = 0;
    bool modal = app->countdown;
    UiInput none = {.kind = UI_IN_NONE};
    app->style.rtl = i18n_is_rtl(app->lang); /* the whole screen is mirrored (ui.h) */
    ui_begin(ui, ui->fonts, w, h, &app->ui_mem, modal && in && in->kind != UI_IN_NONE ? &none : in, &app->style);
    ui_page_lang(ui, i18n_lang_tag(app->lang));
    Frame f = layout(app, w, h);
    app->view_h = f.content.h;
    float *scroll = &app->scroll[app->screen];
    if (*scroll > max_scroll(app)) *scroll = max_scroll(app);

    ui_rect(ui, (UiRect){0, 0, w, h}, THEME_BG, 0);
    int root = ui_node_begin(ui, "app", UI_ROLE_MAIN, NULL, 0);
    ui_node_rect(ui, root, (UiRect){0, 0, w, h});
    int area = ui_node_begin(ui, "content", UI_ROLE_SCROLL, NULL, 0);
    ui_node_rect(ui, area, f.content);
    ui_clip(ui, f.content);
    ui_input_clip(ui, f.content);
    float content_h = draw_screen(app, ui, &f, f.content.y - *scroll);
    ui_unclip(ui);
    ui_input_clip(ui, (UiRect){0, 0, w, h});
    ui_node_scroll(ui, area, *scroll, content_h);
    ui_node_end(ui);
    app->content_h = content_h;

    AppScreen back = back_of[app->screen];
    if (app->screen == SCREEN_ITEM && !app->p.registered) back = SCREEN_WELCOME;
    if (f.top.h > 0 && app->has_event) {
        /* the bar names the event; each screen's own heading says where you are */
        const EventText *t = app->event.short_title.count ? &app->event.short_title : &app->event.title;
        chrome_top_bar(app, ui, &f, app_event_text(app, ui, t), back);
    }
    if (f.nav.h > 0) chrome_nav(app, ui, &f);
    if (f.status.h > 0) chrome_status(app, ui, &f);
    if (f.osk.h > 0 && !app->code_missing) {
        /* laid out like the physical keyboard whatever the interface's direction */
        ui_fixed_begin(ui);
        chrome_keyboard(app, ui, &f, app_focused_field(app));
        ui_fixed_end(ui);
    }
    ui_node_end(ui);
    if (app->countdown) {
        ui->in = in ? *in : none; /* the dialog is the only thing that takes input */
        chrome_countdown(app, ui, &f);
    }
    ui_end(ui);

    if (app->reset_requested) {
        bool start_over = app->start_over_requested;
        app->reset_requested = app->start_over_requested = false;
        app_reset(app);
        if (start_over) app->screen = SCREEN_REGISTER;
        return;
    }
    /* the keyboard follows the focused field; it is shown only while a field has focus */
    app->osk_field = app_focused_field(app) ? app->ui_mem.focus : 0;
    keyboard_after_pass(app);
    if (app->pending_screen != SCREEN_COUNT) {
        AppScreen next = app->pending_screen;
        app->pending_screen = SCREEN_COUNT;
        if (next != app->screen) {
            app->screen = next;
            app->scroll[next] = 0;
            app->ui_mem.focus = 0;
            app->ui_mem.active = 0;
        }
    }
}

bool app_input(App *app, Ui *ui, const UiInput *in, float width_px, float height_px)
{
    app->last_input_ms = app->host.now_ms(app->host.user);
    if (app->countdown && in->kind == UI_IN_PRESS) {
        /* any touch while the countdown shows means "I'm still here" */
        app->countdown = false;
        return true;
    }
    switch (in->kind) {
    case UI_IN_PRESS:
        app->pointer_down = true;
        app->dragging = false;
        app->press_x = in->x;
        app->press_y = in->y;
        app->drag_last_y = in->y;
        break;
    case UI_IN_RELEASE:
        app->pointer_down = false;
        if (app->dragging) { app->dragging = false; return false; }
        break;
    case UI_IN_CANCEL:
        app->pointer_down = app->dragging = false;
        break;
    case UI_IN_KEY:
        if (in->key == UI_KEY_ESCAPE) {
            /* closes the on-screen keyboard (focus leaves the field) or the countdown */
            app->countdown = false;
            app->ui_mem.focus = 0;
            if (app->console) console_escape(app); /* and the console's open filter or reasons */
            return true;
        }
        if (app->ui_mem.focus == 0 || !app_focused_field(app)) {
            float page = app->view_h > THEME_SCROLL_PAGE_MIN_H ? app->view_h - THEME_SCROLL_PAGE_OVERLAP : app->view_h;
            switch (in->key) {
            case UI_KEY_UP: return app_scroll_by(app, -THEME_SCROLL_STEP);
            case UI_KEY_DOWN: return app_scroll_by(app, THEME_SCROLL_STEP);
            case UI_KEY_PAGE_UP: return app_scroll_by(app, -page);
            case UI_KEY_PAGE_DOWN: return app_scroll_by(app, page);
            case UI_KEY_HOME: return app_scroll_to(app, 0);
            case UI_KEY_END: return app_scroll_to(app, max_scroll(app));
            case UI_KEY_SPACE: if (app->ui_mem.focus == 0) return app_scroll_by(app, page); break;
            default: break;
            }
        }
        break;
    default:
        break;
    }
    uint32_t focus_before = app->ui_mem.focus;
    pass(app, ui, in, width_px, height_px);
    if (app->ui_mem.focus != focus_before && app->ui_mem.focus_visible) app->reveal_focus = true;
    return true;
}

bool app_pointer_move(App *app, float x, float y)
{
    if (!app->pointer_down) return false;
    if (!app->dragging) {
        float dx = x - app->press_x, dy = y - app->press_y;
        if (dx * dx + dy * dy < UI_TAP_SLOP_PX * UI_TAP_SLOP_PX) return false;
        app->dragging = true;
        app->ui_mem.active = 0; /* the press became a scroll: no tap */
    }
    float d = app->drag_last_y - y;
    app->drag_last_y = y;
    app->last_input_ms = app->host.now_ms(app->host.user);
    app_scroll_by(app, d);
    return true;
}

bool app_scroll_by(App *app, float dy)
{
    return app_scroll_to(app, app->scroll[app->screen] + dy);
}

bool app_scroll_to(App *app, float y)
{
    float m = max_scroll(app);
    if (y > m) y = m;
    if (y < 0) y = 0;
    if (y == app->scroll[app->screen]) return false;
    app->scroll[app->screen] = y;
    app->last_input_ms = app->host.now_ms(app->host.user);
    return true;
}

/* --- idle --------------------------------------------------------------------------------- */

/* A kiosk at rest on the welcome screen with nothing typed has nothing to clear. */
static bool has_personal_data(const App *app)
{
    return app->screen != SCREEN_WELCOME || app->p.registered || textedit_count(&app->p.name) > 0
           || textedit_count(&app->p.organization) > 0 || textedit_count(&app->p.email) > 0
           || textedit_count(&app->c.text) > 0 || app->sub_count > 0 || app->lang != app->default_lang;
}

/* The idle countdown and reset of a kiosk. */
static bool idle_tick(App *app, int64_t now_ms)
{
    if (app->mode != APP_MODE_KIOSK || !has_personal_data(app)) {
        bool was = app->countdown;
        app->countdown = false;
        return was;
    }
    int64_t idle = now_ms - app->last_input_ms;
    int64_t limit = (int64_t)app->idle_s * 1000;
    if (idle >= limit + APP_COUNTDOWN_S * 1000) {
        app_reset(app);
        return true;
    }
    if (idle >= limit) {
        int left = APP_COUNTDOWN_S - (int)((idle - limit) / 1000);
        bool changed = !app->countdown || left != app->countdown_left;
        app->countdown = true;
        app->countdown_left = left;
        return changed;
    }
    bool was = app->countdown;
    app->countdown = false;
    return was;
}

bool app_tick(App *app, int64_t now_ms)
{
    bool changed;
    if (app->console) changed = console_tick(app, now_ms);
    else {
        bool held_key = keyboard_tick(app, now_ms); /* backspace repeat, long-press alternates */
        app_live_tick(app, now_ms);                 /* the item in progress, the floor request */
        changed = idle_tick(app, now_ms) || held_key;
    }
    return app_upload_pump(app) || changed;
}

/* The sooner of two deadlines, -1 meaning none. */
static int64_t sooner(int64_t a, int64_t b)
{
    return a < 0 ? b : b < 0 || a < b ? a : b;
}

static int64_t idle_next_tick_ms(const App *app, int64_t now_ms)
{
    int64_t live = app_live_next_ms(app, now_ms);
    if (app->mode != APP_MODE_KIOSK || !has_personal_data(app)) return live;
    int64_t idle = now_ms - app->last_input_ms;
    int64_t limit = (int64_t)app->idle_s * 1000;
    int64_t next = idle < limit ? limit - idle : 1000 - (idle - limit) % 1000;
    return live >= 0 && live < next ? live : next;
}

int64_t app_next_tick_ms(const App *app, int64_t now_ms)
{
    int64_t screen = app->console ? console_next_tick_ms(app, now_ms)
                                  : sooner(idle_next_tick_ms(app, now_ms), keyboard_next_tick_ms(app, now_ms));
    return sooner(screen, app_upload_next_ms(app, now_ms));
}

void app_frame(App *app, Ui *ui, float width_px, float height_px)
{
    pass(app, ui, NULL, width_px, height_px);
    if (app->console) return; /* the console keeps its own selection and focus in view */
    if (app->reveal_focus) {
        /* keyboard focus moved to a widget scrolled out of view: bring it in */
        app->reveal_focus = false;
        for (int i = 0; i < ui->node_count; i++) {
            const UiNode *n = &ui->nodes[i];
            if (n->id != app->ui_mem.focus) continue;
            Frame f = layout(app, width_px, height_px);
            float top = f.content.y + THEME_FOCUS_MARGIN, bottom = f.content.y + f.content.h - THEME_FOCUS_MARGIN;
            float d = n->rect.y < top ? n->rect.y - top : n->rect.y + n->rect.h > bottom ? n->rect.y + n->rect.h - bottom : 0;
            if (d != 0 && app_scroll_by(app, d)) pass(app, ui, NULL, width_px, height_px);
            break;
        }
    }
}

void app_begin(App *app)
{
    if (app->console) console_begin(app);
}

bool app_http_answer(App *app, uint32_t id, int status, const char *body, size_t len, bool final,
                     const char *retry_after)
{
    if (id != 0 && id == app->check.request) return app_check_answer(app, status, body, len);
    if (app_upload_answer(app, id, status, body, len, retry_after)) return true;
    bool changed;
    if (!app->console && app_live_answer(app, id, status, body, len, &changed)) return changed;
    return app->console ? console_http(app, id, status, body, len, final) : false;
}

void app_set_deferred(App *app, bool present)
{
    bool arrived = app->code_missing && present;
    app->code_missing = !present;
    if (arrived) app_upload_pump(app);
}

bool app_http_response(App *app, uint32_t id, int status, const char *body, size_t len, bool final)
{
    return app_http_answer(app, id, status, body, len, final, NULL);
}

void app_set_base_url(App *app, const char *url)
{
    size_t n = url ? strlen(url) : 0;
    if (n == 0 || n >= sizeof app->base_url || strncmp(url, "http", 4) != 0) { app->base_url[0] = '\0'; return; }
    memcpy(app->base_url, url, n + 1);
    char *q = strpbrk(app->base_url, "?#");
    if (q) *q = '\0';
    char *slash = strrchr(app->base_url, '/');
    if (slash && slash > strstr(app->base_url, "//") + 1) slash[1] = '\0';
}

bool app_shortcut(App *app, Ui *ui, int ch, float width_px, float height_px)
{
    if (!app->console || app_focused_field(app)) return false;
    app->last_input_ms = app->host.now_ms(app->host.user);
    return console_shortcut(app, ui, ch, width_px, height_px);
}

I18nLang app_comment_lang(const App *app)
{
    if (app->c.written_in >= 0 && app->c.written_in < I18N_LANG_COUNT) return (I18nLang)app->c.written_in;
    size_t len;
    const char *text = textedit_value(&app->c.text, &len);
    return i18n_lang_of_text(text, len, app->lang);
}

const char *app_event_text(const App *app, Ui *ui, const EventText *t)
{
    const char *shown = NULL;
    const char *text = event_text_pick(&app->event, t, i18n_lang_tag(app->lang), &shown);
    if (ui && shown && *shown) ui_mark_lang(ui, text, strlen(text), shown);
    return text;
}

void app_set_lang(App *app, I18nLang lang)
{
    if ((unsigned)lang >= I18N_LANG_COUNT) return;
    if (i18n_available(lang)) {
        app->lang = lang;
        app->lang_wanted = I18N_LANG_COUNT;
        return;
    }
    if (app->lang_wanted == lang) return; /* already on its way */
    if (app->host.load_lang && app->host.load_lang(app->host.user, i18n_lang_tag(lang))) app->lang_wanted = lang;
}

bool app_lang_ready(App *app, I18nLang lang, bool ok)
{
    if ((unsigned)lang >= I18N_LANG_COUNT || app->lang_wanted != lang) return false;
    app->lang_wanted = I18N_LANG_COUNT;
    if (!ok || !i18n_available(lang)) return false;
    app->lang = lang;
    return true;
}

void app_reset(App *app)
{
    /* wipe every byte a participant typed, then rebuild the empty fields */
    textedit_clear(&app->p.name);
    textedit_clear(&app->p.organization);
    textedit_clear(&app->p.email);
    textedit_clear(&app->c.text);
    textedit_clear(&app->country_search);
    textedit_clear(&app->check.ref);
    memset(&app->check, 0, sizeof app->check);
    memset(&app->p, 0, sizeof app->p);
    memset(&app->c, 0, sizeof app->c);
    memset(app->subs, 0, sizeof app->subs);
    app->sub_count = 0;
    init_fields(app);
    live_forget_floor(&app->live); /* the request stays in the queue; this screen forgets it */
    memset(&app->ui_mem, 0, sizeof app->ui_mem);
    memset(&app->osk, 0, sizeof app->osk);
    memset(app->scroll, 0, sizeof app->scroll);
    app->screen = SCREEN_WELCOME;
    app->pending_screen = SCREEN_COUNT;
    app->countdown = false;
    app->reset_requested = app->start_over_requested = false;
    memset(app->pending_line, 0, sizeof app->pending_line);
    if (app->pending_blob) memset(app->pending_blob, 0, app->pending_blob_cap);
    app->storing = STORING_NONE; /* a record still being stored stays queued; its answer is ignored */
    app->pending_id[0] = '\0';
    app->pending_len = app->pending_blob_len = 0;
    app->lang = app->default_lang;
    app->last_input_ms = app->host.now_ms(app->host.user);
}

/* --- actions ------------------------------------------------------------------------------ */

/* The composer opens on the item in progress unless an item was chosen. */
static void preselect_item(App *app)
{
    if (app->c.agenda_item < 0) app->c.agenda_item = app_item_in_progress(app);
}

void app_go(App *app, AppScreen screen)
{
    if (screen == SCREEN_COMPOSE) preselect_item(app);
    app->pending_screen = screen;
}

void app_text_field(App *app, uint32_t id, TextEdit *te)
{
    if (app->field_count < APP_MAX_FIELDS) {
        app->field_ids[app->field_count] = id;
        app->field_te[app->field_count] = te;
        app->field_count++;
    }
}

TextEdit *app_focused_field(const App *app)
{
    for (int i = 0; i < app->field_count; i++)
        if (app->field_ids[i] == app->ui_mem.focus) return app->field_te[i];
    return NULL;
}

void app_open_item(App *app, int item)
{
    if (item < 0 || item >= app->event.agenda_count) return;
    app->detail_item = item;
    app_go(app, SCREEN_ITEM);
}

void app_compose(App *app, int item, int panellist)
{
    if (item >= 0) app->c.agenda_item = item;
    else preselect_item(app);
    app->c.panellist = panellist;
    app->c.error = MSG_NONE;
    /* commenting needs a registration first; the composer opens right after it */
    app_go(app, app->p.registered ? SCREEN_COMPOSE : SCREEN_REGISTER);
}

void app_finish(App *app)
{
    app->reset_requested = true; /* applied after the pass: the fields are still being drawn */
}

void app_save_records(App *app)
{
    if (app->save == SAVE_RUNNING || !app->host.save_records) return;
    app->save = SAVE_RUNNING;
    if (!app->host.save_records(app->host.user)) app->save = SAVE_FAILED;
}

void app_start_over(App *app)
{
    if (app->mode == APP_MODE_REMOTE) app->host.remember(app->host.user, NULL, 0);
    /* applied after the pass: the fields are still being drawn */
    app->reset_requested = app->start_over_requested = true;
}

/* The record validator's own check of one field (core/record.h), as the form's message:
 * the form and the record can never disagree. */
static I18nMsg field_error(RecordField field, const TextEdit *te, I18nMsg empty, I18nMsg invalid)
{
    size_t len;
    const char *v = textedit_value(te, &len);
    switch (record_check_field(field, v, len, NULL)) {
    case RECORD_FIELD_OK: return MSG_NONE;
    case RECORD_FIELD_EMPTY: return empty;
    default: return invalid;
    }
}

static void new_id(App *app, char out[RECORD_UUID_LEN + 1])
{
    uint8_t rnd[16];
    app->host.random(app->host.user, rnd, sizeof rnd);
    record_uuid_v4(rnd, out);
}

/* Encodes the line in pending_line for storage and hands it to the host; false (nothing
 * stored) when the record is invalid, the outbox has no room or storage cannot start. */
static bool store_pending(App *app, const char *id, size_t len)
{
    OutboxError err;
    if (outbox_room(app->outbox) == 0) {
        fprintf(stderr, "parley: the outbox is full; nothing more can be stored\n");
        return false;
    }
    if (outbox_encode(app->pending_line, len, app->pending_blob, app->pending_blob_cap, &app->pending_blob_len, &err)
        != OUTBOX_OK) {
        fprintf(stderr, "parley: record not stored: %s\n", err.message);
        return false;
    }
    if (!app->host.store_record(app->host.user, id, app->pending_blob, app->pending_blob_len)) return false;
    memcpy(app->pending_id, id, sizeof app->pending_id);
    app->pending_len = len;
    return true; /* the caller says what is being stored */
}

void app_submit_registration(App *app)
{
    Participant *p = &app->p;
    size_t len;
    if (app->storing != STORING_NONE) return; /* one record at a time */
    p->name_error = field_error(RECORD_FIELD_NAME, &p->name, MSG_ERR_NAME_REQUIRED, MSG_ERR_CHARACTERS);
    p->organization_error = field_error(RECORD_FIELD_ORGANIZATION, &p->organization, MSG_ERR_ORG_REQUIRED,
                                        MSG_ERR_CHARACTERS);
    p->category_error = p->category < 0 ? MSG_ERR_CATEGORY_REQUIRED : MSG_NONE;
    p->email_error = field_error(RECORD_FIELD_EMAIL, &p->email, MSG_NONE, MSG_ERR_EMAIL_INVALID);
    p->save_error = MSG_NONE;
    if (p->name_error || p->organization_error || p->category_error || p->email_error) return;

    char id[RECORD_UUID_LEN + 1], created[RECORD_TIME_BYTES];
    new_id(app, id);
    record_format_time(app->host.now_ms(app->host.user), created);
    RecordRegistration r = {
        .id = id, .event = app->event.id, .device = app->device, .created = created,
        .name = textedit_value(&p->name, &len), .organization = textedit_value(&p->organization, &len),
        .category = app->event.categories[p->category].id, .country = p->country,
        .email = textedit_value(&p->email, &len), .publish_consent = p->consent,
    };
    RecordError err;
    size_t n = record_write_registration(&r, app->pending_line, sizeof app->pending_line, &err);
    if (n == 0) {
        fprintf(stderr, "parley: registration refused: %s\n", err.message);
        p->save_error = MSG_ERR_SAVE;
        return;
    }
    if (!store_pending(app, id, n)) {
        p->save_error = MSG_ERR_SAVE;
        return;
    }
    app->storing = STORING_REGISTRATION;
}

void app_submit_comment(App *app)
{
    Composer *c = &app->c;
    size_t len;
    if (app->storing != STORING_NONE) return; /* one record at a time */
    c->error = c->agenda_item < 0 ? MSG_ERR_ITEM_REQUIRED
               : field_error(RECORD_FIELD_TEXT, &c->text, MSG_ERR_TEXT_REQUIRED, MSG_ERR_CHARACTERS);
    if (c->error) return;
    if (app->sub_count >= APP_MAX_SUBMISSIONS) { /* the list shows the newest; drop the oldest */
        memmove(app->subs, app->subs + 1, sizeof app->subs[0] * (APP_MAX_SUBMISSIONS - 1));
        app->sub_count--;
    }
    char id[RECORD_UUID_LEN + 1], created[RECORD_TIME_BYTES];
    new_id(app, id);
    record_format_time(app->host.now_ms(app->host.user), created);
    const EventAgendaItem *item = &app->event.agenda[c->agenda_item];
    RecordComment rc = {
        .id = id, .event = app->event.id, .device = app->device, .created = created,
        .participant = app->p.id, .agenda_item = item->id,
        .addressed_to = c->panellist >= 0 ? app->event.panellists[c->panellist].id : NULL,
        .language = i18n_lang_tag(app_comment_lang(app)), .text = textedit_value(&c->text, &len),
    };
    RecordError err;
    size_t n = record_write_comment(&rc, app->pending_line, sizeof app->pending_line, &err);
    if (n == 0) {
        fprintf(stderr, "parley: comment refused: %s\n", err.message);
        c->error = MSG_ERR_STORE;
        return;
    }
    if (!store_pending(app, id, n)) {
        memset(app->pending_line, 0, n);
        c->error = MSG_ERR_STORE;
        return;
    }
    app->storing = STORING_COMMENT;
    Submission *s = &app->subs[app->sub_count++];
    memset(s, 0, sizeof *s);
    memcpy(s->id, id, sizeof s->id);
    record_reference(id, s->reference);
    s->agenda_item = c->agenda_item;
    s->panellist = c->panellist;
    /* an excerpt cut on a code point boundary */
    const char *text = textedit_value(&c->text, &len);
    size_t cut = len < sizeof s->excerpt - 4 ? len : sizeof s->excerpt - 4;
    while (cut > 0 && cut < len && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
    memcpy(s->excerpt, text, cut);
    if (cut < len) memcpy(s->excerpt + cut, "\xe2\x80\xa6", 4); /* … */
    s->state = SUB_SAVING;
}

bool app_record_stored(App *app, const char *id, bool ok)
{
    if (app->storing == STORING_NONE || strcmp(id, app->pending_id) != 0) return false;
    AppStoring was = app->storing;
    app->storing = STORING_NONE;
    app->pending_id[0] = '\0';
    if (ok) {
        /* committed: from now on the outbox owns it until parleyd acknowledges it; if it has
         * no room after all, the record waits in storage for the next start. A sync pass
         * that read storage just after the commit may have taken it in first (a duplicate). */
        OutboxError err;
        OutboxResult r = outbox_add(app->outbox, id, app->pending_blob, app->pending_blob_len, &err);
        if (r != OUTBOX_OK && r != OUTBOX_DUPLICATE) fprintf(stderr, "parley: outbox: %s (%d)\n", err.message, (int)r);
        app_upload_pump(app);
    }
    memset(app->pending_blob, 0, app->pending_blob_len);
    app->pending_blob_len = 0;
    if (was == STORING_REGISTRATION) {
        if (ok) {
            memcpy(app->p.id, id, sizeof app->p.id);
            app->p.registered = true;
            if (app->mode == APP_MODE_REMOTE) app->host.remember(app->host.user, app->pending_line, app->pending_len);
            if (app->screen == SCREEN_REGISTER) {
                app->screen = app->c.agenda_item >= 0 ? SCREEN_COMPOSE : SCREEN_AGENDA;
                app->scroll[app->screen] = 0;
            }
        } else {
            app->p.save_error = MSG_ERR_SAVE;
        }
        memset(app->pending_line, 0, app->pending_len);
        app->pending_len = 0;
        return true;
    }
    memset(app->pending_line, 0, app->pending_len); /* a comment */
    app->pending_len = 0;
    Submission *s = app->sub_count > 0 ? &app->subs[app->sub_count - 1] : NULL;
    if (!s || strcmp(s->id, id) != 0) return true;
    if (ok) {
        s->state = SUB_STORED;
        textedit_clear(&app->c.text);
        app->c.written_in = -1; /* the next comment's language is guessed again */
        app->receipt = app->sub_count - 1;
        if (app->screen == SCREEN_COMPOSE) { app->screen = SCREEN_RECEIPT; app->scroll[SCREEN_RECEIPT] = 0; }
    } else {
        memset(s, 0, sizeof *s);
        app->sub_count--;
        app->c.error = MSG_ERR_STORE;
    }
    return true;
}

bool app_records_saved(App *app, int count, bool ok)
{
    if (app->save != SAVE_RUNNING) return false;
    app->save = ok ? SAVE_DONE : SAVE_FAILED;
    app->saved_count = count;
    return true;
}

bool app_set_status(App *app, const AppStatus *status)
{
    if (memcmp(&app->status, status, sizeof *status) == 0) return false;
    bool back_online = app->status.offline && !status->offline;
    app->status = *status;
    if (back_online && app->outbox) outbox_nudge(app->outbox, app->host.now_ms(app->host.user)); /* retry now */
    app_upload_pump(app);
    return true;
}

int app_item_in_progress(const App *app)
{
    const Event *ev = &app->event;
    int y, m, d, minutes;
    if (!app->has_event) return -1;
    if (app->live.known) return app->live.item; /* the Chair's word over the printed times */
    /* The local time in the event's zone costs the browser dearly the first time (its time
     * zone data), so it is asked only when an item could be under way: some item has times,
     * and today is the event's day give or take the widest zone offsets. */
    bool timed = false;
    for (int i = 0; i < ev->agenda_count && !timed; i++)
        timed = ev->agenda[i].start_min >= 0 && ev->agenda[i].end_min > ev->agenda[i].start_min;
    int64_t now = app->host.now_ms(app->host.user);
    int64_t day_ms = CIVIL_SECONDS_PER_DAY * 1000, event_day = civil_days_from_date(ev->year, ev->month, ev->day);
    if (!timed || now < (event_day - 1) * day_ms || now >= (event_day + 2) * day_ms) return -1;
    if (!app->host.zone_time(app->host.user, ev->timezone, now, &y, &m, &d, &minutes)) return -1;
    if (y != ev->year || m != ev->month || d != ev->day) return -1;
    for (int i = 0; i < ev->agenda_count; i++) {
        const EventAgendaItem *it = &ev->agenda[i];
        if (it->start_min >= 0 && it->end_min > it->start_min && minutes >= it->start_min && minutes < it->end_min)
            return i;
    }
    return -1;
}
