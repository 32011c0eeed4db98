/* chrome.c — what frames every screen: the top bar (back, title, language), the section
 * tabs, the idle countdown, and small shared pieces of layout (the on-screen keyboard is
 * keyboard.c).
 * Draws from state and calls actions; holds no state of its own. */
#include <stdio.h>
#include <string.h>

#include "app/screens.h"
#include "app/theme.h"

float chrome_heading(Ui *ui, const Frame *f, float y, const char *key, const char *text)
{
    if (f->narrow)
        return ui_text_block(ui, key, UI_ROLE_HEADING, 1, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_TITLE_NARROW,
                             THEME_TEXT, text);
    return ui_text_block(ui, key, UI_ROLE_HEADING, 1, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_TITLE, THEME_TEXT, text);
}

void chrome_card_frame(Ui *ui, UiRect r, bool highlight)
{
    ui_frame_rect(ui, r, THEME_SURFACE, highlight ? THEME_ACCENT : THEME_BORDER, highlight ? THEME_BORDER_SELECTED : THEME_BORDER_W, THEME_RADIUS);
}

float chrome_text(Ui *ui, const Ui *m, const char *key, UiRole role, int level, float x, float y, float w,
                  FontFace face, float size, float line_h, UiColor color, const char *text)
{
    if (!ui) return ui_paragraph_height(m, w, face, size, line_h, text, strlen(text));
    if (key) return ui_text_block(ui, key, role, level, x, y, w, face, size, line_h, color, text);
    return ui_paragraph(ui, x, y, w, face, size, line_h, color, text, strlen(text));
}

/* The card of lines: ui NULL measures only (see chrome_text). */
static float card_of_lines(Ui *ui, const Ui *m, const Frame *f, float y, const char *id, const char *name,
                           const CardLine *lines, int count)
{
    float pad = THEME_CARD_PAD, x = f->col_x + pad, w = f->col_w - 2 * pad;
    float h = 0;
    if (ui) {
        h = card_of_lines(NULL, m, f, y, id, name, lines, count);
        UiRect r = {f->col_x, y, f->col_w, h};
        chrome_card_frame(ui, r, false);
        ui_node_rect(ui, ui_node_begin(ui, id, UI_ROLE_LISTITEM, name, strlen(name)), r);
    }
    float cy = y + pad;
    for (int i = 0; i < count; i++) {
        const CardLine *l = &lines[i];
        cy += l->gap;
        cy += chrome_text(ui, m, l->key, l->role, l->level, x, cy, w, l->face, l->size, l->line_h, l->color, l->text);
    }
    if (!ui) return cy + pad - y;
    ui_node_end(ui);
    return h;
}

float chrome_card(Ui *ui, const Frame *f, float y, const char *id, const char *name, const CardLine *lines, int count)
{
    return card_of_lines(ui, ui, f, y, id, name, lines, count);
}

float chrome_choice(Ui *ui, const Frame *f, float y, const char *key, const char *label, bool selected,
                    bool *picked)
{
    float h = ui_paragraph_height(ui, f->col_w - THEME_CHOICE_TEXT_INSET, FONT_REGULAR, THEME_TYPE_LARGE, label,
                                  strlen(label)) + THEME_CHOICE_PAD_Y;
    if (h < f->target) h = f->target;
    *picked = ui_radio(ui, key, (UiRect){f->col_x, y, f->col_w, h}, label, selected);
    return h + THEME_CHOICE_GAP;
}

float chrome_addressed_to(App *app, Ui *ui, const Frame *f, float y, const char *prefix, const EventAgendaItem *it,
                          int *choice)
{
    float top = y;
    char key[80];
    const char *label = i18n_get(app->lang, MSG_COMPOSE_TO);
    y += chrome_field_label(ui, f, f->col_x, y, f->col_w, label);
    snprintf(key, sizeof key, "%sto", prefix);
    int group = ui_node_begin(ui, key, UI_ROLE_RADIOGROUP, label, strlen(label));
    float gtop = y;
    bool picked;
    snprintf(key, sizeof key, "%sno-one", prefix);
    y += chrome_choice(ui, f, y, key, i18n_get(app->lang, MSG_COMPOSE_NO_ONE), *choice < 0, &picked);
    if (picked) *choice = -1;
    for (int k = 0; k < it->panellist_count; k++) {
        int p = it->panellists[k];
        snprintf(key, sizeof key, "%s%s", prefix, app->event.panellists[p].id);
        y += chrome_choice(ui, f, y, key, app_event_text(app, ui, &app->event.panellists[p].name), *choice == p,
                           &picked);
        if (picked) *choice = p;
    }
    ui_node_rect(ui, group, (UiRect){f->col_x, gtop, f->col_w, y - gtop});
    ui_node_end(ui);
    return y - top;
}

float chrome_field_label(Ui *ui, const Frame *f, float x, float y, float w, const char *text)
{
    (void)f;
    /* the text field's own node carries the label as its accessible name */
    return ui_paragraph(ui, x, y, w, FONT_BOLD, THEME_TYPE_BODY, THEME_TEXT, text, strlen(text)) + THEME_GAP_LABEL;
}

float chrome_field_error(Ui *ui, float x, float y, float w, const char *key, const char *text)
{
    if (!text || !*text) return 0;
    return THEME_GAP_LABEL + ui_text_block(ui, key, UI_ROLE_ALERT, 0, x, y + THEME_GAP_LABEL, w, FONT_BOLD, THEME_TYPE_SMALL,
                                THEME_ERROR, text);
}

const char *chrome_field_message(const App *app, const TextEdit *te, I18nMsg error, char *buf, size_t cap)
{
    if (!textedit_refused(te)) return i18n_get(app->lang, error);
    long max = (long)textedit_max_count(te);
    snprintf(buf, cap, i18n_plural(app->lang, MSG_ERR_TOO_LONG, max), (int)max);
    return buf;
}

float chrome_event_band(const App *app, Ui *ui, const Frame *f, float y, bool full)
{
    const Event *ev = &app->event;
    const char *body = app_event_text(app, ui, &ev->body);
    const char *title = app_event_text(app, ui, full ? &ev->title : (ev->short_title.count ? &ev->short_title : &ev->title));
    float title_size = f->narrow ? THEME_BAND_TITLE_NARROW : full ? THEME_BAND_TITLE_FULL : THEME_BAND_TITLE;
    float title_lh = title_size * THEME_BAND_TITLE_LEADING;
    float gap = f->narrow ? THEME_BAND_PAD_NARROW : THEME_BAND_PAD;
    float body_h = *body ? ui_paragraph_height(ui, f->col_w, FONT_BOLD, THEME_TYPE_CAPTION, body, strlen(body)) + THEME_GAP_ROW : 0;
    float title_h = ui_paragraph_height(ui, f->col_w, FONT_BOLD, title_size, title_lh, title, strlen(title));
    char date[64];
    i18n_format_date(app->lang, ev->year, ev->month, ev->day, date, sizeof date);
    const char *venue = app_event_text(app, ui, &ev->venue);
    char when[400];
    snprintf(when, sizeof when, *venue ? "%s · %s" : "%s", date, venue);
    float when_h = THEME_GAP_SMALL + ui_paragraph_height(ui, f->col_w, FONT_REGULAR, THEME_TYPE_BODY, when, strlen(when));
    float band_h = gap + body_h + title_h + when_h + gap;
    ui_rect(ui, (UiRect){0, y, f->w, band_h}, THEME_HEADER, 0);
    float ty = y + gap;
    if (*body) {
        ui_text_block(ui, "body", UI_ROLE_TEXT, 0, f->col_x, ty, f->col_w, FONT_BOLD, THEME_TYPE_CAPTION, THEME_HEADER_SUB, body);
        ty += body_h;
    }
    ui_text_block(ui, "title", UI_ROLE_HEADING, 1, f->col_x, ty, f->col_w, FONT_BOLD, title_size, title_lh,
                  THEME_HEADER_TEXT, title);
    ty += title_h + THEME_GAP_SMALL;
    char name[480];
    snprintf(name, sizeof name, "%s: %s", i18n_get(app->lang, MSG_DATE), when);
    int node = ui_node_begin(ui, "when", UI_ROLE_TEXT, name, strlen(name));
    float h = ui_paragraph(ui, f->col_x, ty, f->col_w, FONT_REGULAR, THEME_TYPE_BODY, THEME_HEADER_TEXT, when, strlen(when));
    ui_node_rect(ui, node, (UiRect){f->col_x, ty, f->col_w, h});
    ui_node_end(ui);
    return band_h;
}

void chrome_top_bar(App *app, Ui *ui, const Frame *f, const char *title, AppScreen back)
{
    UiRect bar = f->top;
    ui_rect(ui, bar, THEME_HEADER, 0);
    int node = ui_node_begin(ui, "top", UI_ROLE_GROUP, NULL, 0);
    ui_node_rect(ui, node, bar);
    float bh = f->target, by = bar.y + (bar.h - bh) * 0.5f;
    float x = f->narrow ? THEME_BAR_MARGIN_NARROW : THEME_BAR_MARGIN;
    UiStyle saved = ui->style;
    /* light-on-dark buttons in the bar */
    ui->style.surface = THEME_HEADER;
    ui->style.accent = THEME_HEADER_TEXT;
    ui->style.accent_soft = THEME_HEADER_SOFT;
    if (back != SCREEN_COUNT) {
        const char *label = i18n_get(app->lang, MSG_BACK);
        float w = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, label, strlen(label)) + THEME_BACK_BUTTON_EXTRA_W;
        if (ui_button(ui, "back", (UiRect){x, by, w, bh}, label, UI_BUTTON_QUIET)) app_go(app, back);
        /* a chevron, left of the centred label (the icon's own proportions) */
        float cx = x + 14.0f, cy = by + bh * 0.5f;
        ui_line(ui, cx + 6.0f, cy - 7.0f, cx, cy, 2.5f, THEME_HEADER_TEXT);
        ui_line(ui, cx, cy, cx + 6.0f, cy + 7.0f, 2.5f, THEME_HEADER_TEXT);
        x += w + THEME_GAP_SMALL;
    }
    /* the other language, named in itself: English, or from English the visitor's own */
    I18nLang other = app->lang != I18N_EN ? I18N_EN : app->default_lang != I18N_EN ? app->default_lang : I18N_FR;
    const char *lang_label = i18n_get(other, MSG_LANGUAGE_NAME);
    ui_mark_lang(ui, lang_label, strlen(lang_label), i18n_lang_tag(other));
    float lw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, lang_label, strlen(lang_label)) + 2 * THEME_BAR_BUTTON_PAD_X;
    UiRect lang_r = {bar.w - lw - (f->narrow ? THEME_BAR_MARGIN_NARROW : THEME_BAR_MARGIN), by, lw, bh};
    if (ui_button(ui, "language", lang_r, lang_label, UI_BUTTON_SECONDARY)) app_set_lang(app, other);
    ui->style = saved;
    if (title && *title) {
        UiRect tr = {x + THEME_GAP_TIGHT, bar.y, lang_r.x - x - THEME_GAP, bar.h};
        ui_clip(ui, tr);
        ui_label_fit(ui, tr, FONT_BOLD, f->narrow ? THEME_SIZE_LARGE : THEME_SIZE_SECTION, THEME_HEADER_TEXT, -1, title);
        ui_unclip(ui);
    }
    ui_node_end(ui);
}

/* The tabs' icons, drawn with strokes where no text size lets every label fit: the agenda (a
 * list), the panellists (two people), a comment (a speech bubble), my submissions (a page
 * with a tick). */
static void tab_icon(Ui *ui, UiRect r, UiColor c, int which)
{
    float x = r.x, y = r.y, s = r.w, t = 2.5f;
    switch (which) {
    case 0:
        for (int k = 0; k < 3; k++) {
            float ly = y + s * (0.25f + 0.25f * (float)k);
            ui_rect(ui, (UiRect){x + s * 0.1f, ly - 2.0f, 4.0f, 4.0f}, c, 2.0f);
            ui_line(ui, x + s * 0.3f, ly, x + s * 0.9f, ly, t, c);
        }
        break;
    case 1:
        for (int k = 0; k < 2; k++) {
            float cx = x + s * (k ? 0.68f : 0.32f);
            ui_rect(ui, (UiRect){cx - s * 0.12f, y + s * 0.12f, s * 0.24f, s * 0.24f}, c, s * 0.12f);
            ui_rect(ui, (UiRect){cx - s * 0.19f, y + s * 0.46f, s * 0.38f, s * 0.36f}, c, s * 0.14f);
        }
        break;
    case 2:
        ui_rect(ui, (UiRect){x + s * 0.08f, y + s * 0.12f, s * 0.84f, s * 0.56f}, c, s * 0.14f);
        ui_line(ui, x + s * 0.3f, y + s * 0.68f, x + s * 0.22f, y + s * 0.9f, t, c);
        ui_line(ui, x + s * 0.22f, y + s * 0.9f, x + s * 0.48f, y + s * 0.68f, t, c);
        break;
    default: { /* a page's outline, and a tick on it */
        float px = x + s * 0.18f, py = y + s * 0.06f, pw = s * 0.64f, ph = s * 0.88f;
        ui_rect(ui, (UiRect){px, py, pw, t}, c, 0);
        ui_rect(ui, (UiRect){px, py + ph - t, pw, t}, c, 0);
        ui_rect(ui, (UiRect){px, py, t, ph}, c, 0);
        ui_rect(ui, (UiRect){px + pw - t, py, t, ph}, c, 0);
        /* a tick points no way: drawn as it is on a right-to-left screen, not reflected */
        ui_fixed_begin(ui);
        float tx = ui_screen_x(ui, x, s);
        ui_line(ui, tx + s * 0.32f, y + s * 0.52f, tx + s * 0.45f, y + s * 0.66f, t, c);
        ui_line(ui, tx + s * 0.45f, y + s * 0.66f, tx + s * 0.7f, y + s * 0.36f, t, c);
        ui_fixed_end(ui);
        break;
    }
    }
}

void chrome_nav(App *app, Ui *ui, const Frame *f)
{
    static const struct { AppScreen screen; I18nMsg label; const char *key; } tabs[] = {
        {SCREEN_AGENDA, MSG_TAB_AGENDA, "agenda"}, {SCREEN_PANELLISTS, MSG_TAB_PANELLISTS, "panellists"},
        {SCREEN_COMPOSE, MSG_TAB_COMMENT, "comment"}, {SCREEN_MINE, MSG_TAB_MINE, "mine"},
    };
    UiRect bar = f->nav;
    ui_rect(ui, bar, THEME_SURFACE, 0);
    ui_rect(ui, (UiRect){bar.x, bar.y, bar.w, THEME_BORDER_W}, THEME_BORDER, 0);
    const char *name = i18n_get(app->lang, MSG_NAVIGATION);
    int node = ui_node_begin(ui, "nav", UI_ROLE_NAVIGATION, name, strlen(name));
    ui_node_rect(ui, node, bar);
    float gap = f->narrow ? THEME_GAP_LABEL : THEME_GAP_SMALL;
    float w = f->col_w + 2 * f->pad > f->w ? f->w - 2 * THEME_BAR_MARGIN_NARROW : f->col_w;
    float x0 = (f->w - w) * 0.5f, tw = (w - gap * 3) / 4.0f;
    AppScreen current = app->screen == SCREEN_ITEM ? SCREEN_AGENDA : app->screen == SCREEN_RECEIPT ? SCREEN_COMPOSE : app->screen;
    const char *labels[4];
    for (int i = 0; i < 4; i++) labels[i] = i18n_get(app->lang, tabs[i].label);
    float size = ui_tab_size(ui, tw, f->target, labels, 4); /* one size for all, or icons */
    for (int i = 0; i < 4; i++) {
        UiRect r = {x0 + (float)i * (tw + gap), bar.y + THEME_TABS_TOP, tw, f->target};
        if (ui_tab(ui, tabs[i].key, r, labels[i], size, current == tabs[i].screen, tab_icon, i)) {
            if (tabs[i].screen == SCREEN_COMPOSE) app_compose(app, -1, app->c.panellist);
            else app_go(app, tabs[i].screen);
        }
    }
    ui_node_end(ui);
}

void chrome_countdown(App *app, Ui *ui, const Frame *f)
{
    ui_rect(ui, (UiRect){0, 0, f->w, f->h}, THEME_SCRIM, 0);
    float w = f->w - 2 * THEME_BAR_MARGIN > THEME_DIALOG_MAX_W ? THEME_DIALOG_MAX_W : f->w - 2 * THEME_BAR_MARGIN;
    float pad = THEME_DIALOG_PAD;
    const char *title = i18n_get(app->lang, MSG_STILL_THERE);
    char text[300];
    snprintf(text, sizeof text, i18n_plural(app->lang, MSG_COUNTDOWN, app->countdown_left), app->countdown_left);
    float th = ui_paragraph_height(ui, w - 2 * pad, FONT_BOLD, THEME_TYPE_TITLE, title, strlen(title));
    float bh = ui_paragraph_height(ui, w - 2 * pad, FONT_REGULAR, THEME_TYPE_LEAD, text, strlen(text));
    float h = pad + th + THEME_GAP + bh + THEME_GAP_SECTION + f->target + pad;
    UiRect box = {(f->w - w) * 0.5f, (f->h - h) * 0.5f, w, h};
    ui_rect(ui, box, THEME_SURFACE, THEME_RADIUS_DIALOG);
    int node = ui_node_begin(ui, "countdown", UI_ROLE_DIALOG, title, strlen(title));
    ui_node_rect(ui, node, box);
    float y = box.y + pad;
    y += ui_text_block(ui, "title", UI_ROLE_HEADING, 2, box.x + pad, y, w - 2 * pad, FONT_BOLD, THEME_TYPE_TITLE, THEME_TEXT, title) + THEME_GAP;
    y += ui_text_block(ui, "text", UI_ROLE_ALERT, 0, box.x + pad, y, w - 2 * pad, FONT_REGULAR, THEME_TYPE_LEAD, THEME_TEXT, text) + THEME_GAP_SECTION;
    if (ui_button(ui, "stay", (UiRect){box.x + pad, y, w - 2 * pad, f->target}, i18n_get(app->lang, MSG_STAY), UI_BUTTON_PRIMARY))
        app->countdown = false;
    ui_node_end(ui);
}

/* The one status element: how many records wait, whether we are offline, the last upload,
 * and what needs the secretariat's attention. */
void chrome_status(App *app, Ui *ui, const Frame *f)
{
    const AppStatus *st = &app->status;
    OutboxCounts oc;
    int64_t now = app->host.now_ms(app->host.user);
    outbox_counts(app->outbox, now, &oc);
    char text[600], part[160];
    if (oc.waiting > 0) snprintf(text, sizeof text, i18n_plural(app->lang, MSG_STATUS_WAITING, (long)oc.waiting), (int)oc.waiting);
    else snprintf(text, sizeof text, "%s", i18n_get(app->lang, MSG_STATUS_ALL_UPLOADED));
    if (st->offline) {
        snprintf(part, sizeof part, " \xc2\xb7 %s", i18n_get(app->lang, MSG_STATUS_OFFLINE));
        strncat(text, part, sizeof text - strlen(text) - 1);
    }
    int y, m, d, minutes;
    if (oc.last_success_ms >= 0 && app->host.zone_time(app->host.user, "", oc.last_success_ms, &y, &m, &d, &minutes)) {
        char hm[8], last[100];
        i18n_format_time(minutes, hm, sizeof hm);
        snprintf(last, sizeof last, i18n_get(app->lang, MSG_STATUS_LAST), hm);
        snprintf(part, sizeof part, " \xc2\xb7 %s", last);
        strncat(text, part, sizeof text - strlen(text) - 1);
    }
    if (oc.rejected > 0) {
        char r[140];
        snprintf(r, sizeof r, i18n_plural(app->lang, MSG_STATUS_REJECTED, (long)oc.rejected), (int)oc.rejected);
        snprintf(part, sizeof part, " \xc2\xb7 %s", r);
        strncat(text, part, sizeof text - strlen(text) - 1);
    }
    if (oc.quarantined > 0) {
        char q[140];
        snprintf(q, sizeof q, i18n_plural(app->lang, MSG_STATUS_QUARANTINED, (long)oc.quarantined), (int)oc.quarantined);
        snprintf(part, sizeof part, " \xc2\xb7 %s", q);
        strncat(text, part, sizeof text - strlen(text) - 1);
    }
    /* What storage that is not persistent means for a remote participant, while it matters;
     * on a kiosk it is a note for staff, on the device status screen. */
    bool keep_page = st->storage_not_persisted && app->mode == APP_MODE_REMOTE && oc.waiting > 0;
    if (keep_page || st->no_offline_start) {
        snprintf(part, sizeof part, " \xc2\xb7 %s",
                 i18n_get(app->lang, keep_page ? MSG_STATUS_NOT_PERSISTED : MSG_STATUS_INSECURE));
        strncat(text, part, sizeof text - strlen(text) - 1);
    }
    UiRect bar = f->status;
    bool trouble = st->offline || oc.rejected || oc.quarantined;
    ui_rect(ui, bar, trouble ? THEME_STATUS_WARN : THEME_STATUS_BG, 0);
    UiColor dot = oc.waiting == 0 && !trouble ? THEME_SUCCESS : trouble ? THEME_FOCUS : THEME_ACCENT;
    float x = f->pad < THEME_GAP ? THEME_GAP : f->col_x, dot_d = THEME_STATUS_DOT;
    ui_rect(ui, (UiRect){x, bar.y + bar.h * 0.5f - dot_d * 0.5f, dot_d, dot_d}, dot, dot_d * 0.5f);
    UiRect tr = {x + (dot_d + THEME_GAP_SMALL), bar.y, bar.w - x - (dot_d + THEME_GAP_BLOCK), bar.h};
    ui_clip(ui, tr);
    ui_label_fit(ui, tr, FONT_REGULAR, THEME_SIZE_CAPTION, THEME_TEXT, -1, text);
    ui_unclip(ui);
    int node = ui_node_begin(ui, "status", UI_ROLE_STATUS, text, strlen(text));
    ui_node_rect(ui, node, bar);
    ui_node_end(ui);
}
