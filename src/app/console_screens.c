/* console_screens.c — the console's screens, drawn with the same ui layer and mirrored the
 * same way as the kiosk: sign-in, the comment list (filters, search, counts per state, a
 * virtualised list: only rows in view are drawn or mirrored) beside the selected comment with
 * its decisions, the comment alone (narrow screens, long comments) and the moderation log.
 * Draws from state and calls console actions; keeps no state of its own. */
#include <stdio.h>
#include <string.h>

#include "app/chair_desk.h"
#include "app/console.h"
#include "app/screens.h"
#include "app/theme.h"
#include "core/jsonguard.h"
#include "ui/ui_extra.h"


/* A publication state's badge: its fill, and its text on that fill. */
static UiColor badge_fill(ConsolePub state)
{
    return state == CONSOLE_PUBLISHED ? THEME_SUCCESS_SOFT : state == CONSOLE_WITHHELD ? THEME_ERROR_SOFT
                                                                                      : THEME_NEUTRAL_SOFT;
}

static UiColor badge_text(ConsolePub state)
{
    return state == CONSOLE_PUBLISHED ? THEME_SUCCESS : state == CONSOLE_WITHHELD ? THEME_ERROR : THEME_TEXT;
}
static const I18nMsg pub_label[CONSOLE_PUB_COUNT] = {MSG_CON_PENDING, MSG_CON_PUBLISHED, MSG_CON_WITHHELD};
static const I18nMsg pub_count[CONSOLE_PUB_COUNT] = {MSG_CON_COUNT_PENDING, MSG_CON_COUNT_PUBLISHED,
                                                     MSG_CON_COUNT_WITHHELD};
static const I18nMsg reason_label[CONSOLE_REASON_COUNT] = {MSG_CON_R_OFF_TOPIC, MSG_CON_R_ABUSIVE,
                                                           MSG_CON_R_PERSONAL, MSG_CON_R_DUPLICATE, MSG_CON_R_OTHER};

static const char *T(const App *app, I18nMsg m)
{
    return i18n_get(app->lang, m);
}

static const char *pick(const App *app, const EventText *t)
{
    return event_text_pick(&app->event, t, i18n_lang_tag(app->lang), NULL);
}

/* "2022-07-01T09:30:05.123Z" → "2022-07-01 09:30 UTC"; anything else as it came. */
static void format_time(const char *iso, char *out, size_t cap)
{
    if (strlen(iso) >= 16 && iso[4] == '-' && iso[10] == 'T' && iso[13] == ':' && iso[strlen(iso) - 1] == 'Z')
        snprintf(out, cap, "%.10s %.5s UTC", iso, iso + 11);
    else
        snprintf(out, cap, "%s", iso);
}

static const char *item_label(const App *app, int item, char *buf, size_t cap)
{
    if (item < 0 || item >= app->event.agenda_count) return T(app, MSG_CON_OTHER_ITEM);
    const EventAgendaItem *it = &app->event.agenda[item];
    if (it->number > 0) snprintf(buf, cap, "%d. %s", it->number, pick(app, &it->title));
    else snprintf(buf, cap, "%s", pick(app, &it->title));
    jsonguard_trim_utf8(buf);
    return buf;
}

static const char *panellist_label(const App *app, const ConsoleComment *c)
{
    if (!c->addressed_to[0]) return T(app, MSG_COMPOSE_NO_ONE);
    if (c->panellist < 0) return c->addressed_to;
    return pick(app, &app->event.panellists[c->panellist].name);
}

static const char *category_label(const App *app, int i)
{
    return i >= 0 && i < app->event.category_count ? pick(app, &app->event.categories[i].label) : "";
}

/* A comment language's own name when it is one of the interface's, else its tag. */
static const char *language_label(const char *tag)
{
    I18nLang l = i18n_lang_from_tag(tag);
    return strcmp(i18n_lang_tag(l), tag) == 0 ? i18n_get(l, MSG_LANGUAGE_NAME) : tag;
}

static void banner_text(const App *app, const Console *c, I18nMsg msg, int num, char *out, size_t cap)
{
    const char *fmt = T(app, msg);
    switch (msg) {
    case MSG_CON_SAVING: case MSG_CON_DONE_PUBLISHED: case MSG_CON_DONE_WITHHELD: case MSG_CON_DONE_PENDING:
    case MSG_CON_CONFLICT: case MSG_CON_ERR_NOT_FOUND: case MSG_CON_REG_DONE:
        snprintf(out, cap, fmt, c->banner_arg);
        break;
    case MSG_CON_ERR_SERVER: case MSG_CON_SUM_SAVED:
        snprintf(out, cap, fmt, num);
        break;
    default:
        snprintf(out, cap, "%s", fmt);
        break;
    }
}

/* --- pieces -------------------------------------------------------------------------------- */

static void text_line(Ui *ui, const char *key, float x, float y, float w, float h, FontFace face, float size,
                      UiColor color, int align, const char *text)
{
    int node = ui_node_begin(ui, key, UI_ROLE_TEXT, text, strlen(text));
    UiRect r = {x, y, w, h};
    ui_node_rect(ui, node, r);
    ui_label_fit(ui, r, face, size, color, align, text);
    ui_node_end(ui);
}

/* A button on the dark header bar. */
static bool header_button(App *app, Ui *ui, const char *key, UiRect r, const char *label)
{
    UiStyle saved = ui->style;
    ui->style.surface = THEME_HEADER;
    ui->style.accent = THEME_HEADER_TEXT;
    ui->style.accent_soft = THEME_HEADER_SOFT;
    bool fired = ui_button(ui, key, r, label, UI_BUTTON_SECONDARY);
    ui->style = saved;
    (void)app;
    return fired;
}

/* A filter's button: its name small, its current choice under it. */
static bool filter_button(Ui *ui, const char *key, UiRect r, const char *caption, const char *value, bool open)
{
    uint32_t id = ui_peek_id(ui, key);
    bool pressed;
    bool fired = ui_interact(ui, id, r, &pressed);
    const UiStyle *st = &ui->style;
    ui_frame_rect(ui, r, pressed || open ? st->accent_soft : st->surface, open ? st->accent : st->border,
                  open ? THEME_BORDER_SELECTED : THEME_BORDER_W, THEME_CONSOLE_RADIUS);
    /* a long caption takes two lines (the row is then taller), the choice one */
    bool one = font_measure(ui->fonts, FONT_REGULAR, THEME_SIZE_FILTER_CAPTION, caption, strlen(caption)) <= r.w - THEME_CONSOLE_FILTER_TEXT_INSET;
    ui_label_fit(ui, (UiRect){r.x + THEME_CONSOLE_FILTER_PAD_X, r.y + THEME_CONSOLE_FILTER_PAD_TOP, r.w - THEME_CONSOLE_FILTER_TEXT_INSET,
                              one ? THEME_CONSOLE_FILTER_CAPTION_H : r.h - THEME_CONSOLE_FILTER_VALUE_ROOM}, FONT_REGULAR, THEME_SIZE_FILTER_CAPTION, st->text_muted, -1,
                 caption);
    ui_label_fit(ui, (UiRect){r.x + THEME_CONSOLE_FILTER_PAD_X, r.y + r.h - THEME_CONSOLE_FILTER_VALUE_BOTTOM,
                              r.w - THEME_CONSOLE_FILTER_TEXT_INSET, THEME_CONSOLE_FILTER_VALUE_H}, FONT_BOLD, THEME_SIZE_CAPTION, st->text, -1, value);
    /* a chevron, down when closed, up when open (the icon's own proportions) */
    float cx = r.x + r.w - 20, cy = r.y + r.h * 0.5f, d = open ? -4.0f : 4.0f;
    ui_line(ui, cx - 6, cy - d * 0.5f, cx, cy + d, 2.0f, st->text_muted);
    ui_line(ui, cx, cy + d, cx + 6, cy - d * 0.5f, 2.0f, st->text_muted);
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, THEME_CONSOLE_RADIUS);
    int node = ui_node_begin(ui, key, UI_ROLE_BUTTON, caption, strlen(caption));
    ui_node_rect(ui, node, r);
    ui_node_value(ui, node, value, strlen(value));
    ui_node_flags(ui, node, UI_FLAG_FOCUSABLE | UI_FLAG_TOGGLE | (open ? UI_FLAG_CHECKED : 0)
                                | (ui->mem->focus == id ? UI_FLAG_FOCUSED : 0));
    ui_node_end(ui);
    return fired;
}

/* A state tab: its name and its count, selected when it is the state shown. */
static bool state_tab(Ui *ui, const char *key, UiRect r, const char *label, int count, const char *name, bool on)
{
    uint32_t id = ui_peek_id(ui, key);
    bool pressed;
    bool fired = ui_interact(ui, id, r, &pressed);
    const UiStyle *st = &ui->style;
    if (on) ui_rect(ui, r, st->accent, THEME_CONSOLE_RADIUS);
    else ui_frame_rect(ui, r, pressed ? st->accent_soft : st->surface, st->border, THEME_BORDER_W, THEME_CONSOLE_RADIUS);
    char num[16];
    snprintf(num, sizeof num, "%d", count);
    ui_label_fit(ui, (UiRect){r.x + THEME_CONSOLE_STATE_PAD, r.y + THEME_CONSOLE_STATE_PAD, r.w - 2 * THEME_CONSOLE_STATE_PAD,
                              THEME_CONSOLE_STATE_COUNT_H}, FONT_BOLD, THEME_SIZE_LARGE, on ? st->on_accent : st->text, 0, num);
    ui_label_fit(ui, (UiRect){r.x + THEME_CONSOLE_STATE_PAD, r.y + THEME_CONSOLE_STATE_LABEL_Y, r.w - 2 * THEME_CONSOLE_STATE_PAD,
                              THEME_CONSOLE_STATE_LABEL_H}, FONT_REGULAR, THEME_SIZE_FILTER_CAPTION, on ? st->on_accent : st->text_muted,
                 0, label);
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, THEME_CONSOLE_RADIUS);
    int node = ui_node_begin(ui, key, UI_ROLE_BUTTON, name, strlen(name));
    ui_node_rect(ui, node, r);
    ui_node_flags(ui, node, UI_FLAG_FOCUSABLE | UI_FLAG_TOGGLE | (on ? UI_FLAG_CHECKED : 0)
                                | (ui->mem->focus == id ? UI_FLAG_FOCUSED : 0));
    ui_node_end(ui);
    return fired;
}

/* --- the header, the tabs and the banner ------------------------------------------------------ */

static void header(App *app, Ui *ui, float w)
{
    Console *c = app->console;
    UiRect bar = {0, 0, w, THEME_CONSOLE_HEADER_H};
    ui_rect(ui, bar, THEME_HEADER, 0);
    int node = ui_node_begin(ui, "header", UI_ROLE_GROUP, NULL, 0);
    ui_node_rect(ui, node, bar);
    float x = w < THEME_NARROW_W ? THEME_CONSOLE_MARGIN_NARROW : THEME_CONSOLE_MARGIN;
    const char *title = T(app, MSG_CON_TITLE);
    float tw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_SUBHEADING, title, strlen(title));
    int h = ui_node_begin(ui, "title", UI_ROLE_HEADING, title, strlen(title));
    ui_node_level(ui, h, 1);
    ui_node_rect(ui, h, (UiRect){x, 0, tw, THEME_CONSOLE_HEADER_H});
    ui_label(ui, (UiRect){x, 0, tw, THEME_CONSOLE_HEADER_H}, FONT_BOLD, THEME_SIZE_SUBHEADING, THEME_HEADER_TEXT, -1, title);
    ui_node_end(ui);
    float right = w - x;
    if (c->signed_in) {
        const char *out = T(app, MSG_CON_SIGN_OUT);
        float bw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, out, strlen(out)) + 2 * THEME_CONSOLE_HEADER_BUTTON_PAD_X;
        if (header_button(app, ui, "signout", (UiRect){right - bw, (THEME_CONSOLE_HEADER_H - THEME_CONSOLE_CONTROL_H) * 0.5f, bw, THEME_CONSOLE_CONTROL_H}, out)) console_sign_out(app);
        right -= bw + THEME_CONSOLE_SIGN_OUT_GAP;
        char who[200];
        snprintf(who, sizeof who, T(app, MSG_CON_SIGNED_IN_AS), c->account);
        float ww = font_measure(ui->fonts, FONT_REGULAR, THEME_SIZE_CAPTION, who, strlen(who));
        if (right - ww > x + tw + THEME_CONSOLE_HEADER_GAP) {
            text_line(ui, "who", right - ww, 0, ww, THEME_CONSOLE_HEADER_H, FONT_REGULAR, THEME_SIZE_CAPTION, THEME_HEADER_SUB, 1, who);
            right -= ww + THEME_CONSOLE_HEADER_GAP;
        }
    }
    if (app->has_event) {
        const EventText *t = app->event.short_title.count ? &app->event.short_title : &app->event.title;
        const char *ev = pick(app, t);
        float ex = x + tw + THEME_CONSOLE_TITLE_GAP, ew = right - ex;
        /* one line or nothing: the console's own name and the account come first */
        if (font_measure(ui->fonts, FONT_REGULAR, THEME_SIZE_CAPTION, ev, strlen(ev)) <= ew) text_line(ui, "event", ex, 0, ew, THEME_CONSOLE_HEADER_H, FONT_REGULAR, THEME_SIZE_CAPTION, THEME_HEADER_SUB, -1, ev);
    }
    ui_node_end(ui);
}

static float tabs(App *app, Ui *ui, float w, float y)
{
    Console *c = app->console;
    UiRect bar = {0, y, w, THEME_CONSOLE_TABS_H};
    ui_rect(ui, bar, THEME_SURFACE, 0);
    ui_rect(ui, (UiRect){0, y + THEME_CONSOLE_TABS_H - THEME_BORDER_W, w, THEME_BORDER_W}, THEME_BORDER, 0);
    int nav = ui_node_begin(ui, "tabs", UI_ROLE_NAVIGATION, T(app, MSG_CON_TITLE), strlen(T(app, MSG_CON_TITLE)));
    ui_node_rect(ui, nav, bar);
    float x = w < THEME_NARROW_W ? THEME_CONSOLE_TABS_MARGIN_NARROW : THEME_CONSOLE_MARGIN;
    /* the Chair's tabs only for an account that may use them */
    static const struct { const char *key; I18nMsg label; ConsoleView view; AppScreen screen; } tab[] = {
        {"comments", MSG_CON_COMMENTS, CONSOLE_VIEW_LIST, SCREEN_COUNT},
        {"log", MSG_CON_LOG, CONSOLE_VIEW_LOG, SCREEN_CON_LOG},
        {"meeting", MSG_CON_MEETING, CONSOLE_VIEW_MEETING, SCREEN_CON_MEETING},
        {"registrations", MSG_CON_REGISTRATIONS, CONSOLE_VIEW_REGS, SCREEN_CON_REGS},
        {"summary", MSG_CON_SUMMARY, CONSOLE_VIEW_SUMMARY, SCREEN_CON_SUMMARY},
    };
    int tabs_n = desk_allowed(app) ? 5 : 2;
    bool on_other = false;
    for (int k = 1; k < tabs_n; k++) on_other = on_other || app->screen == tab[k].screen;
    float tx = x;
    for (int k = 0; k < tabs_n; k++) {
        const char *label = T(app, tab[k].label);
        float tw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_BODY, label, strlen(label)) + 2 * THEME_CONSOLE_BUTTON_PAD_X;
        bool on = k == 0 ? !on_other : app->screen == tab[k].screen;
        if (ui_toggle(ui, tab[k].key, (UiRect){tx, y + (THEME_CONSOLE_TABS_H - THEME_CONSOLE_CONTROL_H) * 0.5f, tw, THEME_CONSOLE_CONTROL_H}, label, on, UI_FLAG_CURRENT))
            console_show(app, tab[k].view);
        tx += tw + THEME_CONSOLE_TAB_GAP;
    }
    /* live or not: a dot and a word */
    const char *live = T(app, c->stream_live ? MSG_CON_LIVE : MSG_CON_RECONNECTING);
    float lw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_CAPTION, live, strlen(live));
    float lx = w - x - lw;
    if (lx > tx + THEME_CONSOLE_LIVE_MIN_GAP) {
        ui_rect(ui, (UiRect){lx - THEME_CONSOLE_LIVE_INDENT, y + THEME_CONSOLE_TABS_H * 0.5f - THEME_CONSOLE_LIVE_DOT * 0.5f,
                             THEME_CONSOLE_LIVE_DOT, THEME_CONSOLE_LIVE_DOT},
                c->stream_live ? THEME_SUCCESS : THEME_FOCUS, THEME_CONSOLE_LIVE_DOT * 0.5f);
        int st = ui_node_begin(ui, "live", UI_ROLE_STATUS, live, strlen(live));
        ui_node_rect(ui, st, (UiRect){lx - THEME_CONSOLE_LIVE_INDENT, y, lw + THEME_CONSOLE_LIVE_INDENT, THEME_CONSOLE_TABS_H});
        ui_label(ui, (UiRect){lx, y, lw, THEME_CONSOLE_TABS_H}, FONT_BOLD, THEME_SIZE_CAPTION, c->stream_live ? THEME_SUCCESS : THEME_TEXT_MUTED, -1, live);
        ui_node_end(ui);
    }
    ui_node_end(ui);
    return THEME_CONSOLE_TABS_H;
}

/* The last answer in words: role=status, or role=alert for errors. Returns its height. */
static float banner(App *app, Ui *ui, float w, float y)
{
    Console *c = app->console;
    if (c->banner == MSG_NONE) return 0;
    char text[600];
    banner_text(app, c, c->banner, c->banner_num, text, sizeof text);
    float pad = w < THEME_NARROW_W ? THEME_CONSOLE_MARGIN_NARROW : THEME_CONSOLE_MARGIN;
    float th = ui_paragraph_height(ui, w - 2 * pad, FONT_BOLD, THEME_TYPE_CAPTION, text, strlen(text));
    float h = th + 2 * THEME_CONSOLE_BANNER_PAD_Y;
    UiColor fill = c->banner_tone == CONSOLE_TONE_ERROR ? THEME_BANNER_ERROR
                   : c->banner_tone == CONSOLE_TONE_SUCCESS ? THEME_BANNER_SUCCESS : THEME_ACCENT_SOFT;
    UiColor ink = c->banner_tone == CONSOLE_TONE_ERROR ? THEME_ERROR
                  : c->banner_tone == CONSOLE_TONE_SUCCESS ? THEME_SUCCESS : THEME_TEXT;
    ui_rect(ui, (UiRect){0, y, w, h}, fill, 0);
    ui_text_block(ui, "banner", c->banner_tone == CONSOLE_TONE_ERROR ? UI_ROLE_ALERT : UI_ROLE_STATUS, 0, pad,
                  y + THEME_CONSOLE_BANNER_PAD_Y, w - 2 * pad, FONT_BOLD, THEME_TYPE_CAPTION, ink, text);
    return h;
}

/* --- sign-in --------------------------------------------------------------------------------- */

static float signin(App *app, Ui *ui, UiRect area, float y)
{
    Console *c = app->console;
    float cw = area.w - 2 * THEME_CONSOLE_MARGIN_NARROW < THEME_CONSOLE_SIGNIN_MAX_W ? area.w - 2 * THEME_CONSOLE_MARGIN_NARROW
                                                                                : THEME_CONSOLE_SIGNIN_MAX_W;
    float x = area.x + (area.w - cw) * 0.5f, y0 = y;
    y += THEME_GAP_END;
    const char *title = T(app, MSG_CON_SIGN_IN);
    y += ui_text_block(ui, "h", UI_ROLE_HEADING, 2, x, y, cw, FONT_BOLD, THEME_TYPE_CONSOLE_TITLE, THEME_TEXT, title) + THEME_GAP_SMALL;
    if (c->checking) {
        y += ui_text_block(ui, "checking", UI_ROLE_STATUS, 0, x, y, cw, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT_MUTED,
                           T(app, MSG_CON_CHECKING));
        return y - y0 + THEME_GAP_END;
    }
    y += ui_text_block(ui, "intro", UI_ROLE_TEXT, 0, x, y, cw, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT_MUTED,
                       T(app, MSG_CON_SIGNIN_INTRO)) + THEME_GAP_BLOCK;
    bool enter = ui->in.kind == UI_IN_KEY && ui->in.key == UI_KEY_ENTER;
    const char *nl = T(app, MSG_CON_ACCOUNT), *pl = T(app, MSG_CON_PASSWORD);
    y += ui_paragraph(ui, x, y, cw, FONT_BOLD, THEME_TYPE_DENSE, THEME_TEXT, nl, strlen(nl)) + THEME_GAP_LABEL;
    uint32_t name_id = ui_peek_id(ui, "name");
    ui_textfield(ui, "name", (UiRect){x, y, cw, THEME_FIELD_MIN_H}, nl, &c->name, UI_HINT_TEXT, UI_FLAG_REQUIRED, NULL);
    app_text_field(app, name_id, &c->name);
    y += THEME_FIELD_MIN_H + THEME_CONSOLE_SIGNIN_FIELD_GAP;
    y += ui_paragraph(ui, x, y, cw, FONT_BOLD, THEME_TYPE_DENSE, THEME_TEXT, pl, strlen(pl)) + THEME_GAP_LABEL;
    uint32_t pw_id = ui_peek_id(ui, "password");
    ui_password_field(ui, "password", (UiRect){x, y, cw, THEME_FIELD_MIN_H}, pl, &c->password, UI_FLAG_REQUIRED, NULL);
    app_text_field(app, pw_id, &c->password);
    y += THEME_FIELD_MIN_H;
    if (c->signin_error != MSG_NONE) {
        char text[400];
        banner_text(app, c, c->signin_error, c->banner_num, text, sizeof text);
        y += THEME_GAP_ROW + ui_text_block(ui, "error", UI_ROLE_ALERT, 0, x, y + THEME_GAP_ROW, cw, FONT_BOLD, THEME_TYPE_SMALL, THEME_ERROR, text);
    }
    y += THEME_GAP_SECTION;
    const char *label = T(app, c->signing_in ? MSG_CON_SIGNING_IN : MSG_CON_SIGN_IN);
    bool go = ui_button(ui, "signin", (UiRect){x, y, cw, THEME_FIELD_MIN_H}, label, UI_BUTTON_PRIMARY);
    if (enter && (app->ui_mem.focus == name_id || app->ui_mem.focus == pw_id)) go = true;
    if (go) console_sign_in(app);
    y += THEME_FIELD_MIN_H + THEME_GAP_END;
    return y - y0;
}

/* --- the list ---------------------------------------------------------------------------------- */

static const char *filter_value(const App *app, int which, char *buf, size_t cap)
{
    const ConsoleFilter *f = &app->console->model.filter;
    switch (which) {
    case 0: return f->item == CONSOLE_ALL ? T(app, MSG_CON_ALL) : item_label(app, f->item, buf, cap);
    case 1: return f->category == CONSOLE_ALL ? T(app, MSG_CON_ALL) : category_label(app, f->category);
    case 2:
        if (f->panellist == CONSOLE_ALL) return T(app, MSG_CON_ALL);
        if (f->panellist == CONSOLE_TO_NO_ONE) return T(app, MSG_COMPOSE_NO_ONE);
        return pick(app, &app->event.panellists[f->panellist].name);
    default:
        return f->language == CONSOLE_ALL ? T(app, MSG_CON_ALL) : language_label(app->console->model.langs[f->language]);
    }
}

/* The choices of the open filter as radio rows; returns their height. */
static float filter_choices(App *app, Ui *ui, float x, float y, float w)
{
    Console *c = app->console;
    ConsoleFilter *f = &c->model.filter;
    int *target = c->filter_open == 0 ? &f->item : c->filter_open == 1 ? &f->category
                  : c->filter_open == 2 ? &f->panellist : &f->language;
    static const I18nMsg names[4] = {MSG_CON_F_ITEM, MSG_CON_F_CATEGORY, MSG_CON_F_PANELLIST, MSG_LANGUAGE};
    const char *gname = T(app, names[c->filter_open]);
    int g = ui_node_begin(ui, "choices", UI_ROLE_RADIOGROUP, gname, strlen(gname));
    float y0 = y;
    int values[EVENT_MAX_AGENDA + EVENT_MAX_PANELLISTS + 4];
    const char *labels[EVENT_MAX_AGENDA + EVENT_MAX_PANELLISTS + 4];
    char bufs[EVENT_MAX_AGENDA + 2][600];
    int n = 0;
    values[n] = CONSOLE_ALL;
    labels[n++] = T(app, MSG_CON_ALL);
    if (c->filter_open == 0) {
        for (int i = 0; i < app->event.agenda_count; i++) {
            values[n] = i;
            labels[n++] = item_label(app, i, bufs[i], sizeof bufs[i]);
        }
        values[n] = CONSOLE_ITEM_OTHER;
        labels[n++] = T(app, MSG_CON_OTHER_ITEM);
    } else if (c->filter_open == 1) {
        for (int i = 0; i < app->event.category_count; i++) { values[n] = i; labels[n++] = category_label(app, i); }
    } else if (c->filter_open == 2) {
        values[n] = CONSOLE_TO_NO_ONE;
        labels[n++] = T(app, MSG_COMPOSE_NO_ONE);
        for (int i = 0; i < app->event.panellist_count; i++) {
            values[n] = i;
            labels[n++] = pick(app, &app->event.panellists[i].name);
        }
    } else {
        for (int i = 0; i < c->model.lang_count; i++) { values[n] = i; labels[n++] = language_label(c->model.langs[i]); }
    }
    for (int i = 0; i < n; i++) {
        char key[16];
        snprintf(key, sizeof key, "c%d", i);
        if (ui_radio(ui, key, (UiRect){x, y, w, THEME_CONSOLE_CHOICE_H}, labels[i], *target == values[i])) {
            *target = values[i];
            c->filter_open = -1;
            console_filter_changed(app);
        }
        y += THEME_CONSOLE_CHOICE_H;
    }
    ui_node_rect(ui, g, (UiRect){x, y0, w, y - y0});
    ui_node_end(ui);
    return y - y0 + THEME_GAP_SMALL;
}

/* Search, filters and state tabs above the list; returns their height. */
static float list_controls(App *app, Ui *ui, float x, float y, float w)
{
    Console *c = app->console;
    ConsoleModel *m = &c->model;
    float y0 = y;
    const char *sl = T(app, MSG_CON_SEARCH);
    uint32_t sid = ui_peek_id(ui, "search");
    if (ui_textfield(ui, "search", (UiRect){x, y, w, THEME_CONSOLE_CONTROL_H}, sl, &c->search, UI_HINT_SEARCH, 0, NULL))
        console_filter_changed(app);
    app_text_field(app, sid, &c->search);
    if (textedit_count(&c->search) == 0) /* the field's name, shown in it while it is empty */
        ui_label_fit(ui, (UiRect){x + THEME_CONSOLE_SEARCH_INSET, y, w - 2 * THEME_CONSOLE_SEARCH_INSET, THEME_CONSOLE_CONTROL_H}, FONT_REGULAR, THEME_SIZE_SMALL, THEME_TEXT_MUTED, -1, sl);
    y += THEME_CONSOLE_CONTROL_H + THEME_GAP_ROW;
    static const I18nMsg captions[4] = {MSG_CON_F_ITEM, MSG_CON_F_CATEGORY, MSG_CON_F_PANELLIST, MSG_LANGUAGE};
    float fw = (w - THEME_CONSOLE_COLUMN_GAP) * 0.5f;
    float row_h[2] = {THEME_CONSOLE_FILTER_H, THEME_CONSOLE_FILTER_H};
    for (int i = 0; i < 4; i++) {
        const char *cap = T(app, captions[i]);
        if (font_measure(ui->fonts, FONT_REGULAR, THEME_SIZE_FILTER_CAPTION, cap, strlen(cap)) > fw - THEME_CONSOLE_FILTER_TEXT_INSET)
            row_h[i / 2] = THEME_CONSOLE_FILTER_H_TALL;
    }
    for (int i = 0; i < 4; i++) {
        char key[16], buf[600];
        snprintf(key, sizeof key, "f%d", i);
        UiRect r = {x + (float)(i % 2) * (fw + THEME_CONSOLE_COLUMN_GAP), y + (i >= 2 ? row_h[0] + THEME_CONSOLE_COLUMN_GAP : 0), fw, row_h[i / 2]};
        if (filter_button(ui, key, r, T(app, captions[i]), filter_value(app, i, buf, sizeof buf), c->filter_open == i))
            c->filter_open = c->filter_open == i ? -1 : i;
    }
    y += row_h[0] + row_h[1] + THEME_GAP_GROUP;
    if (c->filter_open >= 0) y += filter_choices(app, ui, x, y, w);
    /* the states, with their counts under the other filters */
    float tw = (w - 3 * THEME_CONSOLE_STATE_GAP) / 4.0f; /* four tabs: all, and each state */
    for (int i = -1; i < CONSOLE_PUB_COUNT; i++) {
        char key[16], name[120];
        snprintf(key, sizeof key, "s%d", i + 1);
        int count = i < 0 ? m->counted : m->counts[i];
        snprintf(name, sizeof name, T(app, i < 0 ? MSG_CON_COUNT_ALL : pub_count[i]), count);
        UiRect r = {x + (float)(i + 1) * (tw + THEME_CONSOLE_STATE_GAP), y, tw, THEME_CONSOLE_FILTER_H};
        if (state_tab(ui, key, r, T(app, i < 0 ? MSG_CON_ALL : pub_label[i]), count, name, m->filter.state == i)) {
            m->filter.state = i;
            console_filter_changed(app);
        }
    }
    y += THEME_CONSOLE_FILTER_H + THEME_GAP_SMALL;
    char shown[120];
    snprintf(shown, sizeof shown, T(app, MSG_CON_SHOWING), m->view_count, m->count);
    text_line(ui, "shown", x, y, w, THEME_CONSOLE_COUNT_LINE_H, FONT_REGULAR, THEME_SIZE_HINT, THEME_TEXT_MUTED, -1, shown);
    y += THEME_CONSOLE_COUNT_LINE_H + THEME_GAP_LABEL;
    return y - y0;
}

static void row_texts(const App *app, const ConsoleComment *cm, char *title, size_t tcap, char *meta, size_t mcap,
                      char *name, size_t ncap)
{
    char item[600], when[40];
    const ConsoleModel *m = &app->console->model;
    const char *who = cm->registered ? console_str(m, cm->name) : T(app, MSG_CON_NOT_REGISTERED);
    const char *org = console_str(m, cm->organization);
    snprintf(title, tcap, "%s · %s%s%s", cm->reference, who, *org ? " — " : "", org);
    format_time(cm->received, when, sizeof when);
    snprintf(meta, mcap, "%s · %s · %s", when, language_label(cm->language), item_label(app, cm->item, item, sizeof item));
    snprintf(name, ncap, "%s, %s. %s. %s", title, T(app, pub_label[cm->state]), meta, console_str(m, cm->excerpt));
    jsonguard_trim_utf8(title);
    jsonguard_trim_utf8(meta);
    jsonguard_trim_utf8(name);
}

/* The rows in view of the list (virtualised: nothing else is drawn or mirrored). */
static void list_rows(App *app, Ui *ui, UiRect area)
{
    Console *c = app->console;
    ConsoleModel *m = &c->model;
    float *scroll = &app->scroll[app->screen];
    float content_h = (float)m->view_count * THEME_CONSOLE_ROW_H;
    const char *empty = NULL;
    if (m->view_count == 0)
        empty = T(app, c->loading ? MSG_CON_LOADING : m->count == 0 ? MSG_CON_EMPTY : MSG_CON_NO_MATCH);
    if (empty) content_h = THEME_CONSOLE_EMPTY_H;
    app->view_h = area.h;
    app->content_h = content_h;
    float max = content_h > area.h ? content_h - area.h : 0;
    if (c->reveal_selection) {
        c->reveal_selection = false;
        int row = console_selected_row(m);
        if (row >= 0) {
            float top = (float)row * THEME_CONSOLE_ROW_H;
            if (top < *scroll) *scroll = top;
            else if (top + THEME_CONSOLE_ROW_H > *scroll + area.h) *scroll = top + THEME_CONSOLE_ROW_H - area.h;
        }
    }
    if (*scroll > max) *scroll = max;
    if (*scroll < 0) *scroll = 0;
    ui_rect(ui, area, THEME_SURFACE, 0);
    int sc = ui_node_begin(ui, "content", UI_ROLE_SCROLL, NULL, 0);
    ui_node_rect(ui, sc, area);
    ui_clip(ui, area);
    ui_input_clip(ui, area);
    if (empty) {
        ui_text_block(ui, "empty", UI_ROLE_TEXT, 0, area.x + THEME_CONSOLE_PANE_PAD, area.y + THEME_GAP_SECTION - *scroll,
                      area.w - 2 * THEME_CONSOLE_PANE_PAD, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT_MUTED, empty);
    } else {
        const char *lname = T(app, MSG_CON_COMMENTS);
        int list = ui_node_begin(ui, "list", UI_ROLE_LIST, lname, strlen(lname));
        ui_node_rect(ui, list, (UiRect){area.x, area.y - *scroll, area.w, content_h});
        int first = (int)(*scroll / THEME_CONSOLE_ROW_H), last = (int)((*scroll + area.h) / THEME_CONSOLE_ROW_H);
        if (last >= m->view_count) last = m->view_count - 1;
        for (int r = first; r <= last; r++) {
            const ConsoleComment *cm = &m->comments[m->view[r]];
            char title[900], meta[800], name[2400];
            row_texts(app, cm, title, sizeof title, meta, sizeof meta, name, sizeof name);
            UiListRow row = {.name = name, .title = title, .meta = meta, .excerpt = console_str(m, cm->excerpt),
                             .badge = T(app, pub_label[cm->state]), .badge_fill = badge_fill(cm->state),
                             .badge_text = badge_text(cm->state)};
            UiRect rr = {area.x, area.y + (float)r * THEME_CONSOLE_ROW_H - *scroll, area.w, THEME_CONSOLE_ROW_H};
            if (ui_list_row(ui, cm->id, rr, &row, strcmp(cm->id, m->selected) == 0)) console_pick(app, cm->id);
        }
        ui_node_end(ui);
    }
    ui_unclip(ui);
    ui_input_clip(ui, (UiRect){0, 0, ui->width_px, ui->height_px});
    ui_node_scroll(ui, sc, *scroll, content_h);
    ui_node_end(ui);
}

static float shortcuts(App *app, Ui *ui, float x, float y, float w)
{
    return ui_text_block(ui, "keys", UI_ROLE_TEXT, 0, x, y, w, FONT_REGULAR, THEME_TYPE_HINT, THEME_TEXT_MUTED,
                         T(app, MSG_CON_SHORTCUTS));
}

/* --- one comment ------------------------------------------------------------------------------ */

static float meta_line(Ui *ui, const char *key, float x, float y, float w, float label_w, const char *label,
                       const char *value)
{
    char name[4400];
    if (*label) snprintf(name, sizeof name, "%s: %s", label, value);
    else snprintf(name, sizeof name, "%s", value);
    jsonguard_trim_utf8(name);
    float vh = ui_paragraph_height(ui, w - label_w, FONT_REGULAR, THEME_TYPE_CAPTION, value, strlen(value));
    int node = ui_node_begin(ui, key, UI_ROLE_TEXT, name, strlen(name));
    ui_node_rect(ui, node, (UiRect){x, y, w, vh});
    ui_paragraph(ui, x, y, label_w - THEME_CONSOLE_LABEL_GAP, FONT_BOLD, THEME_TYPE_HINT_LOOSE, THEME_TEXT_MUTED, label, strlen(label));
    ui_paragraph(ui, x + label_w, y, w - label_w, FONT_REGULAR, THEME_TYPE_CAPTION, THEME_TEXT, value, strlen(value));
    ui_node_end(ui);
    return vh + THEME_GAP_LABEL;
}

static float withhold_form(App *app, Ui *ui, float x, float y, float w)
{
    Console *c = app->console;
    float y0 = y;
    const char *rl = T(app, MSG_CON_REASON);
    int g = ui_node_begin(ui, "reasons", UI_ROLE_RADIOGROUP, rl, strlen(rl));
    y += ui_paragraph(ui, x, y, w, FONT_BOLD, THEME_TYPE_DENSE, THEME_TEXT, rl, strlen(rl)) + THEME_GAP_TIGHT;
    float rw = w > THEME_CONSOLE_REASONS_TWO_COLUMNS_MIN_W ? (w - THEME_CONSOLE_COLUMN_GAP) * 0.5f : w;
    float ry = y;
    for (int i = 0; i < CONSOLE_REASON_COUNT; i++) {
        char key[16], label[120];
        snprintf(key, sizeof key, "r%d", i);
        snprintf(label, sizeof label, "%d · %s", i + 1, T(app, reason_label[i]));
        int col = rw < w ? i % 2 : 0, rowi = rw < w ? i / 2 : i;
        if (ui_radio(ui, key, (UiRect){x + (float)col * (rw + THEME_CONSOLE_COLUMN_GAP), ry + (float)rowi * THEME_CONSOLE_REASON_ROW_H, rw,
                                     THEME_CONSOLE_CHOICE_H}, label,
                     c->withhold_reason == i)) {
            c->withhold_reason = (ConsoleReason)i;
            c->withhold_error = MSG_NONE;
        }
    }
    y = ry + (float)(rw < w ? 3 : CONSOLE_REASON_COUNT) * THEME_CONSOLE_REASON_ROW_H;
    ui_node_rect(ui, g, (UiRect){x, y0, w, y - y0});
    ui_node_end(ui);
    if (c->withhold_error != MSG_NONE)
        y += ui_text_block(ui, "reason-error", UI_ROLE_ALERT, 0, x, y, w, FONT_BOLD, THEME_TYPE_CAPTION, THEME_ERROR,
                           T(app, c->withhold_error)) + THEME_GAP_LABEL;
    const char *nl = T(app, MSG_CON_NOTE);
    y += ui_paragraph(ui, x, y + THEME_GAP_LABEL, w, FONT_BOLD, THEME_TYPE_CAPTION, THEME_TEXT, nl, strlen(nl)) + THEME_GAP_ROW;
    uint32_t nid = ui_peek_id(ui, "note");
    float nh = ui_textfield_height(ui, w, &c->note, THEME_CONSOLE_NOTE_MIN_H);
    if (nh > THEME_CONSOLE_NOTE_MAX_H) nh = THEME_CONSOLE_NOTE_MAX_H;
    char too_long[200];
    const char *refused = chrome_field_message(app, &c->note, MSG_NONE, too_long, sizeof too_long);
    ui_textfield(ui, "note", (UiRect){x, y, w, nh}, nl, &c->note, UI_HINT_TEXT, 0, refused);
    app_text_field(app, nid, &c->note);
    y += nh + chrome_field_error(ui, x, y + nh, w, "note-error", refused) + THEME_GAP;
    const char *ok = T(app, MSG_CON_WITHHOLD_CONFIRM), *cancel = T(app, MSG_CON_CANCEL);
    float bw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, ok, strlen(ok)) + 2 * THEME_CONSOLE_BUTTON_PAD_X;
    float cwid = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, cancel, strlen(cancel)) + 2 * THEME_CONSOLE_BUTTON_PAD_X;
    if (bw > w) bw = w;
    if (ui_button(ui, "withhold-ok", (UiRect){x, y, bw, THEME_CONSOLE_CONTROL_H}, ok, UI_BUTTON_PRIMARY)) console_decide(app, CONSOLE_WITHHELD);
    float cx = x + bw + THEME_CONSOLE_BUTTON_GAP, cy = y;
    if (cx + cwid > x + w) { cx = x; cy = y + THEME_CONSOLE_BUTTON_ROW_H; }
    if (ui_button(ui, "withhold-cancel", (UiRect){cx, cy, cwid, THEME_CONSOLE_CONTROL_H}, cancel, UI_BUTTON_QUIET)) {
        c->withhold_open = false;
        c->withhold_error = MSG_NONE;
    }
    y = cy + THEME_CONSOLE_CONTROL_H + THEME_GAP_GROUP;
    return y - y0;
}

/* The selected comment: heading, what is known of it, the decisions, its text. flow: all of
 * it, one column (the scroll area holds it); otherwise it fits in max_h and a long text is
 * cut, with a button to read all of it. Returns its height. */
static float detail(App *app, Ui *ui, float x, float y, float w, float max_h, bool flow)
{
    Console *c = app->console;
    ConsoleModel *m = &c->model;
    const ConsoleComment *cm = console_selected(m);
    float y0 = y;
    int grp = ui_node_begin(ui, "detail", UI_ROLE_GROUP, NULL, 0);
    if (!cm) {
        y += THEME_GAP_SECTION;
        y += ui_text_block(ui, "choose", UI_ROLE_TEXT, 0, x, y, w, FONT_REGULAR, THEME_TYPE_LARGE, THEME_TEXT_MUTED,
                           T(app, MSG_CON_CHOOSE)) + THEME_GAP_GROUP;
        y += shortcuts(app, ui, x, y, w);
        ui_node_rect(ui, grp, (UiRect){x, y0, w, y - y0});
        ui_node_end(ui);
        return y - y0;
    }
    char heading[80];
    snprintf(heading, sizeof heading, "%s", cm->reference);
    float hw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_CONSOLE_HEADING, heading, strlen(heading));
    int h = ui_node_begin(ui, "ref", UI_ROLE_HEADING, heading, strlen(heading));
    ui_node_level(ui, h, 2);
    ui_node_rect(ui, h, (UiRect){x, y, hw, THEME_CONSOLE_REF_H});
    ui_label(ui, (UiRect){x, y, hw, THEME_CONSOLE_REF_H}, FONT_BOLD, THEME_SIZE_CONSOLE_HEADING, THEME_TEXT, -1, heading);
    ui_node_end(ui);
    const char *state = T(app, pub_label[cm->state]);
    int sn = ui_node_begin(ui, "state", UI_ROLE_TEXT, state, strlen(state));
    float bw = ui_badge(ui, x + hw + THEME_CONSOLE_BADGE_GAP, y + THEME_CONSOLE_BADGE_TOP, THEME_CONSOLE_BADGE_H, state, badge_fill(cm->state), badge_text(cm->state));
    ui_node_rect(ui, sn, (UiRect){x + hw + THEME_CONSOLE_BADGE_GAP, y + THEME_CONSOLE_BADGE_TOP, bw, THEME_CONSOLE_BADGE_H});
    ui_node_end(ui);
    y += THEME_CONSOLE_REF_H + THEME_GAP;

    float lw = w > THEME_CONSOLE_LABEL_WIDE_MIN_W ? THEME_CONSOLE_LABEL_W : THEME_CONSOLE_LABEL_W_NARROW;
    bool meta = flow || !c->withhold_open; /* beside the list, the reasons take the place of the facts */
    char item[600], when[40], who[2000], buf[600];
    if (meta) {
    y += meta_line(ui, "m-item", x, y, w, lw, T(app, MSG_CON_F_ITEM), item_label(app, cm->item, item, sizeof item));
    y += meta_line(ui, "m-to", x, y, w, lw, T(app, MSG_CON_F_PANELLIST), panellist_label(app, cm));
    if (cm->registered) {
        const char *org = console_str(m, cm->organization), *cat = category_label(app, cm->category_index);
        snprintf(who, sizeof who, "%s%s%s%s%s%s%s", console_str(m, cm->name), *org ? " — " : "", org,
                 *cat ? " · " : "", cat, cm->country[0] ? " · " : "", cm->country);
    } else {
        snprintf(who, sizeof who, "%s", T(app, MSG_CON_NOT_REGISTERED));
    }
    jsonguard_trim_utf8(who);
    y += meta_line(ui, "m-who", x, y, w, lw, T(app, MSG_CON_PARTICIPANT), who);
    if (cm->registered)
        y += meta_line(ui, "m-consent", x, y, w, lw, "", T(app, cm->consent ? MSG_CON_CONSENT_YES : MSG_CON_CONSENT_NO));
    format_time(cm->received, when, sizeof when);
    snprintf(buf, sizeof buf, "%s · %s", language_label(cm->language), when);
    y += meta_line(ui, "m-lang", x, y, w, lw, T(app, MSG_LANGUAGE), buf);
    if (cm->version > 0 && cm->changed_by[0]) {
        char at[40];
        format_time(cm->changed_at, at, sizeof at);
        snprintf(buf, sizeof buf, T(app, MSG_CON_CHANGED), cm->changed_by, at);
        if (cm->state == CONSOLE_WITHHELD) {
            size_t n = strlen(buf);
            snprintf(buf + n, sizeof buf - n, " · %s", T(app, reason_label[cm->reason]));
        }
    } else {
        snprintf(buf, sizeof buf, "%s", T(app, MSG_CON_NEVER));
    }
    y += meta_line(ui, "m-decision", x, y, w, lw, T(app, MSG_CON_DECISION), buf);
    const char *note = console_str(m, cm->note);
    if (*note) y += meta_line(ui, "m-note", x, y, w, lw, T(app, MSG_CON_NOTE_LABEL), note);
    y += THEME_GAP_ROW;
    }

    /* the decisions: every state but the current one */
    float bx = x, by = y;
    static const I18nMsg actions[CONSOLE_PUB_COUNT] = {MSG_CON_TO_PENDING, MSG_CON_PUBLISH, MSG_CON_WITHHOLD};
    static const ConsolePub order[CONSOLE_PUB_COUNT] = {CONSOLE_PUBLISHED, CONSOLE_WITHHELD, CONSOLE_PENDING};
    for (int k = 0; k < CONSOLE_PUB_COUNT; k++) {
        ConsolePub to = order[k];
        if (to == cm->state) continue;
        const char *label = T(app, actions[to]);
        float wb = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, label, strlen(label)) + 2 * THEME_CONSOLE_DECISION_PAD_X;
        if (bx > x && bx + wb > x + w) { bx = x; by += THEME_CONSOLE_BUTTON_ROW_H; }
        UiButtonKind kind = to == CONSOLE_PUBLISHED ? UI_BUTTON_PRIMARY : UI_BUTTON_SECONDARY;
        if (ui_button(ui, console_pub_name(to), (UiRect){bx, by, wb, THEME_CONSOLE_CONTROL_H}, label, kind)) {
            if (to == CONSOLE_WITHHELD) console_open_withhold(app);
            else console_decide(app, to);
        }
        bx += wb + THEME_CONSOLE_BUTTON_GAP;
    }
    y = by + THEME_CONSOLE_CONTROL_H + THEME_GAP_GROUP;
    if (c->withhold_open && cm->state != CONSOLE_WITHHELD) y += withhold_form(app, ui, x, y, w);

    /* the text itself, in its own language */
    const char *text = console_str(m, cm->text);
    float th = ui_paragraph_height(ui, w, FONT_REGULAR, THEME_TYPE_READING, text, cm->text_len);
    ui_rect(ui, (UiRect){x, y, w, THEME_BORDER_W}, THEME_BORDER, 0);
    y += THEME_GAP_GROUP;
    float room = y0 + max_h - y - (THEME_CONSOLE_CONTROL_H + THEME_GAP_GROUP); /* for "Read all" */
    bool cut = !flow && th > room;
    int tn = ui_node_begin(ui, "text", UI_ROLE_TEXT, text, cm->text_len);
    if (cut) {
        UiRect clip = {x, y, w, room > 0 ? room : 0};
        ui_node_rect(ui, tn, clip);
        ui_clip(ui, clip);
        ui_paragraph(ui, x, y, w, FONT_REGULAR, THEME_TYPE_READING, THEME_TEXT, text, cm->text_len);
        ui_unclip(ui);
        y += clip.h + THEME_GAP_SMALL;
    } else {
        ui_node_rect(ui, tn, (UiRect){x, y, w, th});
        ui_paragraph(ui, x, y, w, FONT_REGULAR, THEME_TYPE_READING, THEME_TEXT, text, cm->text_len);
        y += th + THEME_GAP_GROUP;
    }
    ui_node_end(ui);
    if (cut) {
        const char *more = T(app, MSG_CON_READ_ALL);
        float mw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, more, strlen(more)) + 2 * THEME_CONSOLE_BUTTON_PAD_X;
        if (ui_button(ui, "read-all", (UiRect){x, y, mw, THEME_CONSOLE_CONTROL_H}, more, UI_BUTTON_SECONDARY)) console_show(app, CONSOLE_VIEW_DETAIL);
        y += THEME_CONSOLE_BUTTON_ROW_H;
    }
    ui_node_rect(ui, grp, (UiRect){x, y0, w, y - y0});
    ui_node_end(ui);
    return y - y0;
}

/* --- the log ------------------------------------------------------------------------------------ */

static float log_rows(App *app, Ui *ui, float x, float y, float w, UiRect area)
{
    Console *c = app->console;
    ConsoleModel *m = &c->model;
    float y0 = y;
    y += THEME_GAP_SECTION;
    const char *title = T(app, MSG_CON_LOG);
    y += ui_text_block(ui, "h", UI_ROLE_HEADING, 2, x, y, w, FONT_BOLD, THEME_TYPE_CONSOLE_HEADING, THEME_TEXT, title) + THEME_GAP;
    if (m->log_count == 0) {
        y += ui_text_block(ui, "empty", UI_ROLE_TEXT, 0, x, y, w, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT_MUTED,
                           T(app, c->log_loading ? MSG_CON_LOADING : MSG_CON_LOG_EMPTY));
        return y - y0 + THEME_GAP_SECTION;
    }
    int list = ui_node_begin(ui, "entries", UI_ROLE_LIST, title, strlen(title));
    ui_node_rect(ui, list, (UiRect){x, y, w, (float)m->log_count * THEME_CONSOLE_LOG_ROW_H});
    for (int i = 0; i < m->log_count; i++) {
        float ry = y + (float)i * THEME_CONSOLE_LOG_ROW_H;
        if (ry + THEME_CONSOLE_LOG_ROW_H < area.y || ry > area.y + area.h) continue; /* only what is in view */
        const ConsoleLogEntry *e = &m->log[m->log_count - 1 - i];   /* newest first */
        char ref[RECORD_REFERENCE_BYTES], line1[400], line2[4400], at[40], key[24];
        record_reference(e->comment, ref);
        /* the fonts have no arrows: "»" on screen, "→" for screen readers */
        const char *reason = e->reason != CONSOLE_REASON_NONE ? T(app, reason_label[e->reason]) : "";
        snprintf(line1, sizeof line1, "%s · %s » %s%s%s", ref, T(app, pub_label[e->from]), T(app, pub_label[e->to]),
                 *reason ? " · " : "", reason);
        format_time(e->at, at, sizeof at);
        const char *note = console_str(m, e->note);
        char by[300];
        snprintf(by, sizeof by, T(app, MSG_CON_CHANGED), e->by, at);
        snprintf(line2, sizeof line2, "%s%s%s", by, *note ? " · " : "", note);
        jsonguard_trim_utf8(line2);
        snprintf(key, sizeof key, "e%lld", e->seq);
        char name[4800];
        snprintf(name, sizeof name, "%s · %s → %s%s%s. %s", ref, T(app, pub_label[e->from]), T(app, pub_label[e->to]),
                 *reason ? " · " : "", reason, line2);
        int it = ui_node_begin(ui, key, UI_ROLE_LISTITEM, name, strlen(name));
        UiRect rr = {x, ry, w, THEME_CONSOLE_LOG_ROW_H - THEME_GAP_LABEL};
        ui_node_rect(ui, it, rr);
        ui_frame_rect(ui, rr, THEME_SURFACE, THEME_BORDER, THEME_BORDER_W, THEME_CONSOLE_RADIUS);
        ui_label_fit(ui, (UiRect){x + THEME_CONSOLE_LOG_PAD_X, ry + THEME_CONSOLE_LOG_PAD_TOP, w - 2 * THEME_CONSOLE_LOG_PAD_X,
                                  THEME_CONSOLE_LOG_TITLE_H}, FONT_BOLD, THEME_SIZE_SMALL, THEME_TEXT, -1, line1);
        ui_label_fit(ui, (UiRect){x + THEME_CONSOLE_LOG_PAD_X, ry + THEME_CONSOLE_LOG_DETAIL_Y, w - 2 * THEME_CONSOLE_LOG_PAD_X,
                                  THEME_CONSOLE_LOG_DETAIL_H}, FONT_REGULAR, THEME_SIZE_HINT, THEME_TEXT_MUTED, -1, line2);
        ui_node_end(ui);
    }
    ui_node_end(ui);
    y += (float)m->log_count * THEME_CONSOLE_LOG_ROW_H + THEME_GAP_SECTION;
    return y - y0;
}

/* --- the pass ----------------------------------------------------------------------------------- */

/* A scroll area holding flowing content (sign-in, one comment, the log). */
typedef float (*FlowFn)(App *app, Ui *ui, UiRect area, float y);

static float flow_detail(App *app, Ui *ui, UiRect area, float y)
{
    float cw = area.w - 2 * THEME_CONSOLE_MARGIN > THEME_MAX_COLUMN ? THEME_MAX_COLUMN : area.w - 2 * THEME_CONSOLE_MARGIN;
    float x = area.x + (area.w - cw) * 0.5f, y0 = y;
    y += THEME_GAP_GROUP;
    const char *back = T(app, MSG_CON_BACK_LIST);
    float bw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, back, strlen(back)) + 2 * THEME_CONSOLE_BUTTON_PAD_X;
    if (ui_button(ui, "back", (UiRect){x, y, bw, THEME_CONSOLE_CONTROL_H}, back, UI_BUTTON_QUIET)) console_show(app, CONSOLE_VIEW_LIST);
    y += THEME_CONSOLE_CONTROL_H + THEME_GAP_GROUP;
    y += detail(app, ui, x, y, cw, 0, true);
    y += shortcuts(app, ui, x, y, cw) + THEME_CONSOLE_DETAIL_END;
    return y - y0;
}

static float flow_log(App *app, Ui *ui, UiRect area, float y)
{
    float cw = area.w - 2 * THEME_CONSOLE_MARGIN > THEME_CONSOLE_LOG_MAX_W ? THEME_CONSOLE_LOG_MAX_W
                                                                          : area.w - 2 * THEME_CONSOLE_MARGIN;
    return log_rows(app, ui, area.x + (area.w - cw) * 0.5f, y, cw, area);
}

static void flow(App *app, Ui *ui, UiRect area, FlowFn fn)
{
    float *scroll = &app->scroll[app->screen];
    int sc = ui_node_begin(ui, "content", UI_ROLE_SCROLL, NULL, 0);
    ui_node_rect(ui, sc, area);
    ui_clip(ui, area);
    ui_input_clip(ui, area);
    float h = fn(app, ui, area, area.y - *scroll);
    ui_unclip(ui);
    ui_input_clip(ui, (UiRect){0, 0, ui->width_px, ui->height_px});
    app->view_h = area.h;
    app->content_h = h;
    float max = h > area.h ? h - area.h : 0;
    if (*scroll > max) *scroll = max;
    ui_node_scroll(ui, sc, *scroll, h);
    ui_node_end(ui);
}

void console_pass(App *app, Ui *ui, const UiInput *in, float w, float h)
{
    Console *c = app->console;
    app->field_count = 0;
    app->style.rtl = i18n_is_rtl(app->lang); /* mirrored in Arabic, as the kiosk (ui.h) */
    ui_begin(ui, ui->fonts, w, h, &app->ui_mem, in, &app->style);
    ui_page_lang(ui, i18n_lang_tag(app->lang));
    AppScreen screen = app->screen;
    ui_rect(ui, (UiRect){0, 0, w, h}, THEME_BG, 0);
    int root = ui_node_begin(ui, "app", UI_ROLE_MAIN, NULL, 0);
    ui_node_rect(ui, root, (UiRect){0, 0, w, h});
    header(app, ui, w);
    float y = THEME_CONSOLE_HEADER_H;
    if (c->signed_in) y += tabs(app, ui, w, y);
    y += banner(app, ui, w, y);
    UiRect rest = {0, y, w, h - y > 1 ? h - y : 1};
    c->wide = w >= THEME_CONSOLE_TWO_PANES_MIN_W;
    if (screen == SCREEN_CON_SIGNIN || !c->signed_in) {
        flow(app, ui, rest, signin);
    } else if (screen == SCREEN_CON_LOG) {
        flow(app, ui, rest, flow_log);
    } else if (screen == SCREEN_CON_MEETING && desk_allowed(app)) {
        flow(app, ui, rest, desk_meeting_screen);
    } else if (screen == SCREEN_CON_REGS && desk_allowed(app)) {
        flow(app, ui, rest, desk_registrations_screen);
    } else if (screen == SCREEN_CON_SUMMARY && desk_allowed(app)) {
        flow(app, ui, rest, desk_summary_screen);
    } else if (screen == SCREEN_CON_DETAIL && console_selected(&c->model)) {
        flow(app, ui, rest, flow_detail);
    } else {
        /* the list, and beside it (wide) the selected comment */
        float pw = c->wide ? w * THEME_CONSOLE_LIST_SHARE : w;
        if (c->wide && pw < THEME_CONSOLE_LIST_MIN_W) pw = THEME_CONSOLE_LIST_MIN_W;
        if (c->wide && pw > THEME_CONSOLE_LIST_MAX_W) pw = THEME_CONSOLE_LIST_MAX_W;
        float pad = w < THEME_NARROW_W ? THEME_CONSOLE_PANE_PAD_NARROW : THEME_CONSOLE_PANE_PAD;
        int pane = ui_node_begin(ui, "filters", UI_ROLE_GROUP, NULL, 0);
        float top = rest.y + THEME_CONSOLE_PANE_TOP;
        top += list_controls(app, ui, pad, top, pw - 2 * pad);
        ui_node_rect(ui, pane, (UiRect){0, rest.y, pw, top - rest.y});
        ui_node_end(ui);
        float foot = c->wide ? 0 : THEME_CONSOLE_FOOTER_H;
        UiRect list = {0, top, pw, h - top - foot};
        if (list.h < THEME_CONSOLE_ROW_H) list.h = THEME_CONSOLE_ROW_H;
        if (c->wide) ui_rect(ui, (UiRect){pw, rest.y, THEME_BORDER_W, rest.h}, THEME_BORDER, 0);
        list_rows(app, ui, list);
        if (!c->wide) {
            ui_rect(ui, (UiRect){0, list.y + list.h, pw, foot}, THEME_BG, 0);
            shortcuts(app, ui, pad, list.y + list.h + THEME_GAP_LABEL, pw - 2 * pad);
        } else {
            float dx = pw + THEME_CONSOLE_DETAIL_INDENT, dw = w - pw - 2 * THEME_CONSOLE_DETAIL_INDENT;
            if (dw > THEME_CONSOLE_DETAIL_MAX_W) dw = THEME_CONSOLE_DETAIL_MAX_W;
            const char *keys = T(app, MSG_CON_SHORTCUTS);
            float kh = ui_paragraph_height(ui, dw, FONT_REGULAR, THEME_TYPE_HINT, keys, strlen(keys)) + 2 * THEME_CONSOLE_KEYS_PAD_Y;
            if (console_selected(&c->model)) {
                ui_rect(ui, (UiRect){pw + THEME_BORDER_W, h - kh, w - pw - THEME_BORDER_W, kh}, THEME_BG, 0);
                ui_rect(ui, (UiRect){pw + THEME_BORDER_W, h - kh, w - pw - THEME_BORDER_W, THEME_BORDER_W}, THEME_BORDER, 0);
                shortcuts(app, ui, dx, h - kh + THEME_CONSOLE_KEYS_PAD_Y, dw);
            }
            detail(app, ui, dx, rest.y + THEME_GAP_SECTION, dw, rest.h - THEME_GAP_SECTION - kh, false);
        }
    }
    ui_node_end(ui);
    ui_end(ui);
    /* a view that moved during the pass is drawn at the next one (kiosk_input draws again) */
    (void)screen;
}
