/* screen_event.c — the screens about the event: welcome, agenda, agenda item, panellists,
 * and the error screen shown when the event file cannot be used.
 * Read state, draw, call actions; every visible string comes from the event or the catalogue. */
#include <stdio.h>
#include <string.h>

#include "app/screens.h"
#include "app/theme.h"


static const char *msg(const App *app, I18nMsg m)
{
    return i18n_get(app->lang, m);
}

static void time_range(const EventAgendaItem *it, char *buf, size_t cap)
{
    char a[8], b[8];
    buf[0] = '\0';
    if (it->start_min < 0) return;
    i18n_format_time(it->start_min, a, sizeof a);
    i18n_format_time(it->end_min, b, sizeof b);
    snprintf(buf, cap, it->end_min >= 0 ? "%s – %s" : "%s", a, b);
}

static float programme(App *app, Ui *ui, const Frame *f, float y);

float screen_welcome(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    y += chrome_event_band(app, ui, f, y, true);
    y += f->narrow ? THEME_GAP_BLOCK : THEME_GAP_WIDE;
    const char *intro = msg(app, MSG_WELCOME_INTRO);
    y += ui_text_block(ui, "intro", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_LEAD, THEME_TEXT, intro);
    y += THEME_GAP_SECTION;

    /* language choice: each language named in itself */
    const char *lang_label = msg(app, MSG_LANGUAGE);
    y += ui_paragraph(ui, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_BODY, THEME_TEXT, lang_label, strlen(lang_label)) + THEME_GAP_SMALL;
    int group = ui_node_begin(ui, "languages", UI_ROLE_RADIOGROUP, lang_label, strlen(lang_label));
    /* every language, in rows of three (two on a narrow screen) */
    I18nLang shown[I18N_LANG_COUNT];
    int count = 0;
    for (int l = 0; l < I18N_LANG_COUNT; l++) shown[count++] = (I18nLang)l;
    int cols = f->col_w >= THEME_THREE_COLUMNS_MIN_W ? 3 : 2;
    int rows = (count + cols - 1) / cols;
    float bw = (f->col_w - THEME_GAP * (float)(cols - 1)) / (float)cols;
    if (bw > THEME_LANGUAGE_MAX_W) bw = THEME_LANGUAGE_MAX_W;
    for (int k = 0; k < count; k++) {
        I18nLang l = shown[k];
        UiRect r = {f->col_x + (float)(k % cols) * (bw + THEME_GAP), y + (float)(k / cols) * (f->target + THEME_GAP), bw, f->target};
        ui_frame_rect(ui, r, THEME_SURFACE, app->lang == l ? THEME_ACCENT : THEME_BORDER, app->lang == l ? THEME_BORDER_SELECTED : THEME_BORDER_W, THEME_RADIUS_CONTROL);
        const char *own = i18n_get(l, MSG_LANGUAGE_NAME);
        ui_mark_lang(ui, own, strlen(own), i18n_lang_tag(l)); /* read in its own language */
        if (ui_radio(ui, i18n_lang_tag(l), r, own, app->lang == l)) app_set_lang(app, l);
    }
    float group_h = (float)rows * f->target + THEME_GAP * (float)(rows - 1);
    ui_node_rect(ui, group, (UiRect){f->col_x, y, f->col_w, group_h});
    ui_node_end(ui);
    y += group_h + THEME_GAP_WIDE;

    float bw2 = f->button_w;
    if (app->p.registered) {
        size_t len;
        char hello[320];
        snprintf(hello, sizeof hello, msg(app, MSG_WELCOME_BACK), textedit_value(&app->p.name, &len));
        y += ui_text_block(ui, "hello", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_SUBHEADING, THEME_TEXT, hello) + THEME_GAP;
        if (ui_button(ui, "continue", (UiRect){f->col_x, y, bw2, f->target}, msg(app, MSG_CONTINUE), UI_BUTTON_PRIMARY))
            app_go(app, SCREEN_AGENDA);
        y += f->target + THEME_GAP;
        if (ui_button(ui, "not-you", (UiRect){f->col_x, y, bw2, f->target}, msg(app, MSG_NOT_YOU), UI_BUTTON_SECONDARY))
            app_start_over(app);
        y += f->target;
    } else {
        if (ui_button(ui, "start", (UiRect){f->col_x, y, bw2, f->target + THEME_START_EXTRA_H}, msg(app, MSG_START), UI_BUTTON_PRIMARY))
            app_go(app, SCREEN_REGISTER);
        y += f->target + THEME_GAP_SMALL;
    }
    /* what is on, before anyone commits to registering */
    y += THEME_GAP_LEAD_IN;
    y += programme(app, ui, f, y);
    /* for the secretariat: what this device still holds */
    float sbw = f->button_w;
    if (ui_button(ui, "device", (UiRect){f->col_x, y, sbw, f->target}, msg(app, MSG_DEVICE_STATUS), UI_BUTTON_QUIET))
        app_go(app, SCREEN_STATUS);
    y += f->target;
    return y + THEME_GAP_SECTION - top;
}

/* One agenda item as a tappable card; returns its height. ui NULL measures only (m the fonts):
 * see chrome_text. */
static float agenda_card(App *app, Ui *ui, const Ui *m, const Frame *f, float y, int i, bool in_progress)
{
    const EventAgendaItem *it = &app->event.agenda[i];
    const char *title = app_event_text(app, ui, &it->title), *summary = app_event_text(app, ui, &it->summary);
    float pad = f->narrow ? THEME_CARD_PAD_NARROW : THEME_AGENDA_PAD, badge = f->narrow ? THEME_AGENDA_BADGE_NARROW : THEME_AGENDA_BADGE;
    float gap = THEME_AGENDA_BADGE_GAP;
    float tx0 = f->col_x + pad + badge + gap, tw = f->col_w - 2 * pad - badge - gap;
    char when[32];
    time_range(it, when, sizeof when);
    float meta_h = (*when || in_progress) ? THEME_AGENDA_META_H : 0;
    float h = 0;
    uint32_t id = 0;
    UiRect r = {0};
    if (ui) {
        h = agenda_card(app, NULL, m, f, y, i, in_progress);
        r = (UiRect){f->col_x, y, f->col_w, h};
        /* in the mirror: a list item holding one button named by the item, described by the rest */
        int li = ui_node_begin(ui, it->id, UI_ROLE_LISTITEM, NULL, 0); /* the button inside names it */
        ui_node_rect(ui, li, r);
        if (in_progress) ui_node_flags(ui, li, UI_FLAG_CURRENT);
        id = ui_peek_id(ui, "open");
        bool pressed;
        if (ui_interact(ui, id, r, &pressed)) app_open_item(app, i);
        chrome_card_frame(ui, r, in_progress);
        if (pressed) ui_rect(ui, ui_inset(r, THEME_BORDER_W), THEME_ACCENT_SOFT, THEME_RADIUS - THEME_BORDER_W);
        float bx = f->col_x + pad, by = y + pad;
        if (it->number > 0) {
            char num[16];
            snprintf(num, sizeof num, "%d", it->number);
            ui_rect(ui, (UiRect){bx, by, badge, badge}, THEME_ACCENT, badge * 0.5f);
            ui_label(ui, (UiRect){bx, by, badge, badge}, FONT_BOLD, THEME_SIZE_LARGE, THEME_ON_ACCENT, 0, num);
        } else {
            /* an item without a number: a dash in the badge's place (the mark's own size) */
            ui_rect(ui, (UiRect){bx + badge * 0.5f - 8.0f, by + badge * 0.5f - 2.0f, 16.0f, 4.0f}, THEME_ACCENT, 2.0f);
        }
    }
    float ty = y + pad;
    if (ui && meta_h > 0) {
        float mx = tx0;
        if (in_progress) {
            const char *live = msg(app, MSG_IN_PROGRESS);
            float lw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_BADGE, live, strlen(live)) + 2 * THEME_PILL_PAD_X;
            ui_rect(ui, (UiRect){mx, ty, lw, THEME_PILL_H}, THEME_SUCCESS, THEME_PILL_H * 0.5f);
            ui_label(ui, (UiRect){mx, ty, lw, THEME_PILL_H}, FONT_BOLD, THEME_SIZE_BADGE, THEME_ON_ACCENT, 0, live);
            mx += lw + THEME_GAP_ROW;
        }
        if (*when) ui_label(ui, (UiRect){mx, ty, tw, THEME_PILL_H}, FONT_BOLD, THEME_SIZE_CAPTION, THEME_TEXT_MUTED, -1, when);
    }
    ty += meta_h;
    ty += chrome_text(ui, m, NULL, UI_ROLE_TEXT, 0, tx0, ty, tw, FONT_BOLD, THEME_TYPE_LEAD, THEME_TEXT, title);
    if (*summary)
        ty += THEME_GAP_LABEL + chrome_text(ui, m, NULL, UI_ROLE_TEXT, 0, tx0, ty + THEME_GAP_LABEL, tw, FONT_REGULAR, THEME_TYPE_SMALL,
                                 THEME_TEXT_MUTED, summary);
    if (!ui) {
        float content = ty - (y + pad);
        h = 2 * pad + (content > badge ? content : badge);
        return h < f->target ? f->target : h;
    }
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, THEME_RADIUS);

    char name[600];
    if (it->number > 0) snprintf(name, sizeof name, "%d. %s", it->number, title);
    else snprintf(name, sizeof name, "%s", title);
    int button = ui_node_begin(ui, "open", UI_ROLE_BUTTON, name, strlen(name));
    ui_node_rect(ui, button, r);
    ui_node_flags(ui, button, UI_FLAG_FOCUSABLE | (app->ui_mem.focus == id ? UI_FLAG_FOCUSED : 0));
    char desc[900];
    snprintf(desc, sizeof desc, "%s%s%s%s%s", in_progress ? msg(app, MSG_IN_PROGRESS) : "", in_progress && *when ? ", " : "",
             when, (*when || in_progress) ? ". " : "", summary);
    ui_node_value(ui, button, desc, strlen(desc));
    ui_node_end(ui);
    ui_node_end(ui);
    return h;
}

/* The chair, the "Agenda" heading and the numbered items; returns the height. */
static float programme(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    const char *chair_name = app_event_text(app, ui, &app->event.chair_name), *chair_role = app_event_text(app, ui, &app->event.chair_role);
    char chair[700];
    snprintf(chair, sizeof chair, *chair_role ? "%s: %s, %s" : "%s: %s", msg(app, MSG_CHAIR), chair_name, chair_role);
    y += ui_text_block(ui, "chair", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT_MUTED, chair);
    y += THEME_GAP_BLOCK;
    y += ui_text_block(ui, "agenda-heading", UI_ROLE_HEADING, 2, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_HEADING,
                       THEME_TEXT, msg(app, MSG_AGENDA)) + THEME_GAP;
    y += screen_live_note(app, ui, f, y);
    const char *list_name = msg(app, MSG_AGENDA);
    int list = ui_node_begin(ui, "agenda", UI_ROLE_LIST, list_name, strlen(list_name));
    float list_top = y;
    int live = app_item_in_progress(app);
    for (int i = 0; i < app->event.agenda_count; i++)
        y += agenda_card(app, ui, ui, f, y, i, i == live) + THEME_GAP;
    ui_node_rect(ui, list, (UiRect){f->col_x, list_top, f->col_w, y - list_top});
    ui_node_end(ui);
    return y - top;
}

float screen_agenda(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    y += chrome_event_band(app, ui, f, y, false);
    y += THEME_GAP_SECTION;
    y += programme(app, ui, f, y);
    return y + THEME_GAP_SECTION - top;
}

/* A panellist card with "Ask this panellist"; returns its height. ui NULL measures only (m the
 * fonts): see chrome_text. */
static float panellist_card(App *app, Ui *ui, const Ui *m, const Frame *f, float y, int p, int item)
{
    const EventPanellist *pl = &app->event.panellists[p];
    const char *name = app_event_text(app, ui, &pl->name), *org = app_event_text(app, ui, &pl->organization), *role = app_event_text(app, ui, &pl->role), *bio = app_event_text(app, ui, &pl->bio);
    float pad = f->narrow ? THEME_CARD_PAD_NARROW : THEME_PANELLIST_PAD, w = f->col_w - 2 * pad, x = f->col_x + pad;
    float h = 0;
    if (ui) {
        h = panellist_card(app, NULL, m, f, y, p, item);
        UiRect r = {f->col_x, y, f->col_w, h};
        chrome_card_frame(ui, r, false);
        int li = ui_node_begin(ui, pl->id, UI_ROLE_LISTITEM, NULL, 0); /* its heading names it */
        ui_node_rect(ui, li, r);
    }
    float cy = y + pad;
    cy += chrome_text(ui, m, "name", UI_ROLE_HEADING, 3, x, cy, w, FONT_BOLD, THEME_TYPE_SUBHEADING, THEME_TEXT, name) + THEME_GAP_TIGHT;
    char sub[500];
    snprintf(sub, sizeof sub, *role ? "%s · %s" : "%s", org, role);
    cy += chrome_text(ui, m, "org", UI_ROLE_TEXT, 0, x, cy, w, FONT_REGULAR, THEME_TYPE_SMALL, THEME_TEXT_MUTED, sub);
    if (*bio)
        cy += THEME_GAP_ROW + chrome_text(ui, m, "bio", UI_ROLE_TEXT, 0, x, cy + THEME_GAP_ROW, w, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT,
                                  bio);
    if (pl->topic_count) {
        cy += THEME_GAP;
        const char *topics_name = msg(app, MSG_TOPICS);
        int list = ui ? ui_node_begin(ui, "topics", UI_ROLE_LIST, topics_name, strlen(topics_name)) : -1;
        float cx = 0, list_top = cy;
        for (int t = 0; t < pl->topic_count; t++) {
            const char *topic = app_event_text(app, ui, &pl->topics[t]);
            float tw = font_measure(m->fonts, FONT_REGULAR, THEME_SIZE_CAPTION, topic, strlen(topic)) + 2 * THEME_CHIP_PAD_X;
            if (tw > w) tw = w;
            if (cx > 0 && cx + tw > w) { cx = 0; cy += THEME_CHIP_ROW_H; }
            UiRect chip = {x + cx, cy, tw, THEME_CHIP_H};
            cx += tw + THEME_CHIP_GAP;
            if (!ui) continue;
            ui_rect(ui, chip, THEME_ACCENT_SOFT, THEME_RADIUS_CHIP);
            ui_clip(ui, chip);
            ui_label(ui, chip, FONT_REGULAR, THEME_SIZE_CAPTION, THEME_TEXT, 0, topic);
            ui_unclip(ui);
            char key[24];
            snprintf(key, sizeof key, "t%d", t);
            int n = ui_node_begin(ui, key, UI_ROLE_LISTITEM, topic, strlen(topic));
            ui_node_rect(ui, n, chip);
            ui_node_end(ui);
        }
        cy += THEME_CHIP_ROW_H;
        if (ui) {
            ui_node_rect(ui, list, (UiRect){x, list_top, w, cy - list_top});
            ui_node_end(ui);
        }
    }
    cy += THEME_GAP_GROUP;
    if (!ui) return cy + f->target + pad - y;
    float bw = w > THEME_CARD_BUTTON_MAX_W ? THEME_CARD_BUTTON_MAX_W : w;
    if (ui_button(ui, "ask", (UiRect){x, cy, bw, f->target}, msg(app, MSG_ASK_PANELLIST), UI_BUTTON_SECONDARY))
        app_compose(app, item, p);
    ui_node_end(ui);
    return h;
}

/* The first agenda item a panellist speaks under, or -1. */
static int item_of_panellist(const Event *ev, int p)
{
    for (int i = 0; i < ev->agenda_count; i++)
        for (int k = 0; k < ev->agenda[i].panellist_count; k++)
            if (ev->agenda[i].panellists[k] == p) return i;
    return -1;
}

/* The "Panellists" list of cards for these panellists (indexes); "ask" opens the composer
 * under `item`, or (-1) under the first item each one speaks at. Returns the height. */
static float panellist_list(App *app, Ui *ui, const Frame *f, float y, const int *panellists, int count, int item)
{
    float top = y;
    const char *list_name = msg(app, MSG_PANELLISTS);
    int list = ui_node_begin(ui, "panellists", UI_ROLE_LIST, list_name, strlen(list_name));
    for (int k = 0; k < count; k++)
        y += panellist_card(app, ui, ui, f, y, panellists[k], item >= 0 ? item : item_of_panellist(&app->event, panellists[k]))
             + THEME_GAP;
    ui_node_rect(ui, list, (UiRect){f->col_x, top, f->col_w, y - top});
    ui_node_end(ui);
    return y - top;
}

float screen_item(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    const EventAgendaItem *it = &app->event.agenda[app->detail_item];
    y += THEME_GAP_SECTION;
    char title[600], when[32];
    const char *t = app_event_text(app, ui, &it->title);
    if (it->number > 0) snprintf(title, sizeof title, "%d. %s", it->number, t);
    else snprintf(title, sizeof title, "%s", t);
    y += chrome_heading(ui, f, y, "item-title", title) + THEME_GAP_SMALL;
    time_range(it, when, sizeof when);
    bool live = app_item_in_progress(app) == app->detail_item;
    if (*when || live) {
        char meta[80];
        snprintf(meta, sizeof meta, "%s%s%s", when, *when && live ? " · " : "", live ? msg(app, MSG_IN_PROGRESS) : "");
        y += ui_text_block(ui, "when", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_BODY,
                           live ? THEME_SUCCESS : THEME_TEXT_MUTED, meta) + THEME_GAP_SMALL;
    }
    const char *summary = app_event_text(app, ui, &it->summary);
    if (*summary)
        y += ui_text_block(ui, "summary", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_LEAD, THEME_TEXT, summary);
    y += THEME_GAP_BLOCK;
    float bw = f->button_w;
    if (ui_button(ui, "comment", (UiRect){f->col_x, y, bw, f->target}, msg(app, MSG_ITEM_COMMENT), UI_BUTTON_PRIMARY))
        app_compose(app, app->detail_item, -1);
    y += f->target + THEME_GAP_WIDE;
    if (live && app->live.known && !app->code_missing) y += screen_floor(app, ui, f, y, app->detail_item);
    if (it->panellist_count) {
        y += ui_text_block(ui, "panel-heading", UI_ROLE_HEADING, 2, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_HEADING,
                           THEME_TEXT, msg(app, MSG_PANELLISTS)) + THEME_GAP;
        y += panellist_list(app, ui, f, y, it->panellists, it->panellist_count, app->detail_item);
    }
    return y + THEME_GAP_SECTION - top;
}

float screen_panellists(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    y += THEME_GAP_SECTION;
    y += chrome_heading(ui, f, y, "heading", msg(app, MSG_PANELLISTS)) + THEME_GAP_GROUP;
    int all[EVENT_MAX_PANELLISTS];
    for (int p = 0; p < app->event.panellist_count; p++) all[p] = p;
    y += panellist_list(app, ui, f, y, all, app->event.panellist_count, -1);
    return y + THEME_GAP_SECTION - top;
}

/* A notice in place of a screen: a title, its help and, when given, a detail (an alert), beside
 * a bar of the notice's colour. */
static float notice(Ui *ui, const Frame *f, float y, UiColor title_color, UiColor bar_color, const char *title,
                    const char *help, const char *detail)
{
    float top = y;
    y += THEME_GAP_PAGE;
    float x = f->col_x + THEME_ERROR_INDENT, w = f->col_w - THEME_ERROR_INDENT, start = y;
    y += ui_text_block(ui, "title", UI_ROLE_HEADING, 1, x, y, w, FONT_BOLD, THEME_TYPE_TITLE, title_color, title)
       + THEME_GAP;
    y += ui_text_block(ui, "help", UI_ROLE_TEXT, 0, x, y, w, FONT_REGULAR, THEME_TYPE_LARGE, THEME_TEXT, help)
       + THEME_GAP_SMALL;
    if (detail)
        y += ui_text_block(ui, "detail", UI_ROLE_ALERT, 0, x, y, w, FONT_REGULAR, THEME_TYPE_SMALL, THEME_TEXT_MUTED,
                           detail);
    ui_rect(ui, (UiRect){f->col_x, start, THEME_ERROR_BAR_W, y - start}, bar_color, THEME_ERROR_BAR_W * 0.5f);
    return y + THEME_GAP_PAGE - top;
}

/* In place of a screen whose code has not arrived yet (core/deferred.h): the page is
 * fetching it, and it takes over by itself. */
float screen_loading(App *app, Ui *ui, const Frame *f, float y)
{
    return notice(ui, f, y, THEME_TEXT, THEME_ACCENT, msg(app, MSG_LOADING_TITLE),
                  msg(app, app->status.offline ? MSG_LOADING_OFFLINE : MSG_LOADING_HELP), NULL);
}

float screen_event_error(App *app, Ui *ui, const Frame *f, float y)
{
    return notice(ui, f, y, THEME_ERROR, THEME_ERROR,
                  msg(app, app->start_failed ? MSG_START_ERROR_TITLE : MSG_EVENT_ERROR_TITLE),
                  msg(app, MSG_EVENT_ERROR_HELP), app->error);
}
