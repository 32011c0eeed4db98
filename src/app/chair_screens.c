/* chair_screens.c — the Chair's screens in the console: the meeting (the item in progress, set
 * from the agenda, and that item's speakers' queue with its turns) and the registrations (by
 * category, organisation and country; approval, an objection with its State party, a
 * withdrawal). Drawn from the desk's state; changes go through the desk's actions only. */
#include <stdio.h>
#include <string.h>

#include "app/chair_desk.h"
#include "app/screens.h"
#include "app/theme.h"
#include "ui/ui_extra.h"


static const char *T(const App *app, I18nMsg m)
{
    return i18n_get(app->lang, m);
}

static const char *pick(const App *app, const EventText *t)
{
    return event_text_pick(&app->event, t, i18n_lang_tag(app->lang), NULL);
}

static void item_title(const App *app, int i, char *out, size_t cap)
{
    const EventAgendaItem *it = &app->event.agenda[i];
    if (it->number > 0) snprintf(out, cap, "%d. %s", it->number, pick(app, &it->title));
    else snprintf(out, cap, "%s", pick(app, &it->title));
}

static float button_width(const Ui *ui, const char *label)
{
    return font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_BODY, label, strlen(label)) + 2 * THEME_CONSOLE_BUTTON_PAD_X;
}

/* A row of buttons from the right edge of a card (the start edge in Arabic: ui mirrors it);
 * returns the index pressed, or -1. */
static int desk_buttons(Ui *ui, float right, float y, const char *const *keys, const char *const *labels, int n)
{
    int pressed = -1;
    float x = right;
    for (int k = n - 1; k >= 0; k--) {
        float bw = button_width(ui, labels[k]);
        x -= bw;
        if (ui_button(ui, keys[k], (UiRect){x, y, bw, THEME_CONSOLE_CONTROL_H}, labels[k],
                      k == 0 ? UI_BUTTON_PRIMARY : UI_BUTTON_SECONDARY))
            pressed = k;
        x -= THEME_DESK_BUTTON_GAP;
    }
    return pressed;
}

static float desk_buttons_width(const Ui *ui, const char *const *labels, int n)
{
    float w = 0;
    for (int k = 0; k < n; k++) w += button_width(ui, labels[k]) + THEME_DESK_BUTTON_GAP;
    return w;
}

/* A card holding a title, a status line, a muted line and buttons: beside them when there is
 * room, under them when not. Each line is its own paragraph, so a name in one script and a
 * status in another never share a line's direction. Returns its height; *pressed the button's
 * index or -1. */
static float desk_card(Ui *ui, const char *key, float x, float y, float w, const char *title, const char *status,
                       const char *meta, const char *const *keys, const char *const *labels, int n, bool highlight,
                       int *pressed)
{
    float bw = desk_buttons_width(ui, labels, n);
    bool beside = n == 0 || w - bw > THEME_DESK_TEXT_MIN_W;
    float tw = (beside ? w - bw : w) - 2 * THEME_DESK_PAD;
    float th = ui_paragraph_height(ui, tw, FONT_BOLD, THEME_TYPE_DENSE, title, strlen(title));
    float sh = status[0] ? THEME_GAP_HAIR + ui_paragraph_height(ui, tw, FONT_BOLD, THEME_TYPE_CAPTION, status, strlen(status)) : 0;
    float mh = meta[0] ? THEME_GAP_HAIR + ui_paragraph_height(ui, tw, FONT_REGULAR, THEME_TYPE_CAPTION, meta, strlen(meta)) : 0;
    float text_h = th + sh + mh;
    float h = beside ? (text_h > THEME_CONSOLE_CONTROL_H ? text_h : THEME_CONSOLE_CONTROL_H) + 2 * THEME_DESK_PAD
                     : text_h + THEME_CONSOLE_CONTROL_H + 3 * THEME_DESK_PAD;
    UiRect r = {x, y, w, h};
    ui_rect(ui, r, highlight ? THEME_ACCENT_SOFT : THEME_SURFACE, THEME_RADIUS);
    ui_rect(ui, (UiRect){x, y + h - THEME_BORDER_W, w, THEME_BORDER_W}, THEME_BORDER, 0);
    /* named by its text, as the agenda's cards are */
    int li = ui_node_begin(ui, key, UI_ROLE_LISTITEM, NULL, 0);
    ui_node_rect(ui, li, r);
    if (highlight) ui_node_flags(ui, li, UI_FLAG_CURRENT);
    float ty = beside ? y + (h - text_h) * 0.5f : y + THEME_DESK_PAD;
    ty += ui_text_block(ui, "title", UI_ROLE_TEXT, 0, x + THEME_DESK_PAD, ty, tw, FONT_BOLD, THEME_TYPE_DENSE, THEME_TEXT, title);
    if (status[0])
        ty += THEME_GAP_HAIR + ui_text_block(ui, "status", UI_ROLE_TEXT, 0, x + THEME_DESK_PAD, ty + THEME_GAP_HAIR, tw, FONT_BOLD, THEME_TYPE_CAPTION,
                                   highlight ? THEME_SUCCESS : THEME_ACCENT, status);
    if (meta[0])
        ui_text_block(ui, "meta", UI_ROLE_TEXT, 0, x + THEME_DESK_PAD, ty + THEME_GAP_HAIR, tw, FONT_REGULAR, THEME_TYPE_CAPTION,
                      THEME_TEXT_MUTED, meta);
    float by = beside ? y + (h - THEME_CONSOLE_CONTROL_H) * 0.5f : y + THEME_DESK_PAD * 2 + text_h;
    *pressed = n ? desk_buttons(ui, x + w - THEME_DESK_PAD, by, keys, labels, n) : -1;
    ui_node_end(ui);
    return h;
}

static float desk_column(UiRect area, float *x)
{
    float cw = area.w - 2 * THEME_GAP_SECTION > THEME_DESK_COLUMN_MAX_W ? THEME_DESK_COLUMN_MAX_W
                                                                        : area.w - 2 * THEME_GAP_SECTION;
    if (cw < THEME_DESK_COLUMN_MIN_W) cw = area.w - 2 * THEME_BAR_MARGIN_NARROW;
    *x = area.x + (area.w - cw) * 0.5f;
    return cw;
}

static const char *desk_category(const App *app, int category)
{
    return category >= 0 ? pick(app, &app->event.categories[category].label) : "";
}

/* "Organisation · Category · CC" without the empty parts. */
static void desk_person_meta(const App *app, const DeskPerson *p, const char *extra, char *out, size_t cap)
{
    const char *parts[4] = {p->organization, desk_category(app, p->category), p->country, extra};
    size_t n = 0;
    out[0] = '\0';
    for (int k = 0; k < 4; k++) {
        if (!parts[k] || !parts[k][0]) continue;
        n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%s", n ? " \xc2\xb7 " : "", parts[k]);
        if (n >= cap) break;
    }
}

/* What a row's button does: its key, its label and the state it asks for. */
typedef struct DeskAction {
    const char *key;
    I18nMsg label;
    int to;
} DeskAction;

/* A person's row of the queue or the registrations: their name, a status line, what they are
 * ("Organisation · Category · CC", then extra) and a button per action. Returns its height
 * with the gap after it; *to the pressed action's state, or -1. */
static float desk_person_row(App *app, Ui *ui, const char *id, float x, float y, float w, const DeskPerson *who,
                             const char *extra, const char *status, const DeskAction *acts, int n, bool highlight,
                             int *to)
{
    char meta[1400];
    desk_person_meta(app, who, extra, meta, sizeof meta);
    const char *keys[3], *labels[3];
    for (int k = 0; k < n; k++) {
        keys[k] = acts[k].key;
        labels[k] = T(app, acts[k].label);
    }
    int pressed;
    float h = desk_card(ui, id, x, y, w, who->name, status, meta, keys, labels, n, highlight, &pressed);
    *to = pressed >= 0 ? acts[pressed].to : -1;
    return h + THEME_GAP_SMALL;
}

/* --- the meeting ------------------------------------------------------------------------------- */

static float desk_queue(App *app, Ui *ui, float x, float y, float w)
{
    ChairDesk *d = app->console->desk;
    const DeskModel *m = &d->model;
    float y0 = y;
    if (m->current < 0) return 0; /* a queue belongs to the item in progress */
    const char *title = T(app, MSG_CON_QUEUE);
    y += ui_text_block(ui, "queue-heading", UI_ROLE_HEADING, 2, x, y, w, FONT_BOLD, THEME_TYPE_SECTION, THEME_TEXT, title) + THEME_GAP_ROW;
    if (m->queue_count == 0) {
        y += ui_text_block(ui, "queue-empty", UI_ROLE_TEXT, 0, x, y, w, FONT_REGULAR, THEME_TYPE_NOTE, THEME_TEXT_MUTED,
                           T(app, MSG_CON_QUEUE_EMPTY));
        return y + THEME_GAP - y0;
    }
    int list = ui_node_begin(ui, "queue", UI_ROLE_LIST, title, strlen(title));
    float top = y;
    for (int i = 0; i < m->queue_count; i++) {
        const DeskRequest *q = &m->queue[i];
        char state[120], to[300] = "";
        if (q->state == DESK_WAITING) snprintf(state, sizeof state, T(app, MSG_CON_WAITING), q->position);
        else snprintf(state, sizeof state, "%s", T(app, q->state == DESK_SPEAKING ? MSG_CON_SPEAKING
                                                        : q->state == DESK_DONE ? MSG_CON_MARK_DONE
                                                                                : MSG_CON_MARK_WITHDRAWN));
        if (q->panellist >= 0) snprintf(to, sizeof to, T(app, MSG_TO), pick(app, &app->event.panellists[q->panellist].name));
        DeskAction acts[2];
        int n = 0, to_state;
        if (q->state == DESK_WAITING) acts[n++] = (DeskAction){"give", MSG_CON_GIVE_FLOOR, DESK_SPEAKING};
        if (q->state == DESK_SPEAKING) acts[n++] = (DeskAction){"done", MSG_CON_MARK_DONE, DESK_DONE};
        if (q->state == DESK_WAITING || q->state == DESK_SPEAKING)
            acts[n++] = (DeskAction){"withdraw", MSG_CON_MARK_WITHDRAWN, DESK_WITHDRAWN};
        y += desk_person_row(app, ui, q->id, x, y, w, &q->who, to, state, acts, n, q->state == DESK_SPEAKING,
                             &to_state);
        if (to_state >= 0) desk_floor_state(app, q->id, (DeskFloor)to_state);
    }
    ui_node_rect(ui, list, (UiRect){x, top, w, y - top});
    ui_node_end(ui);
    return y + THEME_GAP - y0;
}

float desk_meeting_screen(App *app, Ui *ui, UiRect area, float y)
{
    ChairDesk *d = app->console->desk;
    const DeskModel *m = &d->model;
    float x, w = desk_column(area, &x), y0 = y;
    y += THEME_GAP_BLOCK;
    char title[700], now[800];
    if (m->current >= 0) {
        item_title(app, m->current, title, sizeof title);
        snprintf(now, sizeof now, T(app, MSG_CON_NOW), title);
    } else {
        snprintf(now, sizeof now, "%s", T(app, m->current_known ? MSG_CON_NOTHING_NOW : MSG_CON_LOADING));
    }
    y += ui_text_block(ui, "now", UI_ROLE_HEADING, 2, x, y, w, FONT_BOLD, THEME_TYPE_HEADING,
                       m->current >= 0 ? THEME_SUCCESS : THEME_TEXT, now) + THEME_GAP;
    if (m->current >= 0) {
        const char *end = T(app, MSG_CON_END_CURRENT);
        if (ui_button(ui, "end", (UiRect){x, y, button_width(ui, end), THEME_CONSOLE_CONTROL_H}, end, UI_BUTTON_SECONDARY))
            desk_set_current(app, -1);
        y += THEME_CONSOLE_CONTROL_H + THEME_GAP_BLOCK;
    }
    y += desk_queue(app, ui, x, y, w) + THEME_GAP;
    const char *agenda = T(app, MSG_AGENDA);
    y += ui_text_block(ui, "agenda-heading", UI_ROLE_HEADING, 2, x, y, w, FONT_BOLD, THEME_TYPE_SECTION, THEME_TEXT, agenda) + THEME_GAP_ROW;
    int list = ui_node_begin(ui, "agenda", UI_ROLE_LIST, agenda, strlen(agenda));
    float top = y;
    for (int i = 0; i < app->event.agenda_count; i++) {
        item_title(app, i, title, sizeof title);
        bool live = i == m->current;
        const char *keys[] = {"set"}, *labels[] = {T(app, MSG_CON_SET_CURRENT)};
        int pressed;
        y += desk_card(ui, app->event.agenda[i].id, x, y, w, title, live ? T(app, MSG_IN_PROGRESS) : "", "",
                       keys, labels, live ? 0 : 1, live, &pressed) + THEME_GAP_SMALL;
        if (pressed == 0) desk_set_current(app, i);
    }
    ui_node_rect(ui, list, (UiRect){x, top, w, y - top});
    ui_node_end(ui);
    return y + THEME_GAP_SECTION - y0;
}

/* --- the registrations ------------------------------------------------------------------------- */

static void desk_status_text(const App *app, const DeskRegistration *r, char *out, size_t cap)
{
    switch (r->status) {
    case DESK_APPROVED: snprintf(out, cap, "%s", T(app, MSG_CON_REG_APPROVED)); break;
    case DESK_OBJECTED: snprintf(out, cap, T(app, MSG_CON_REG_OBJECTED), r->party); break;
    case DESK_REG_WITHDRAWN: snprintf(out, cap, "%s", T(app, MSG_CON_REG_WITHDRAWN)); break;
    default: snprintf(out, cap, "%s", T(app, MSG_CON_REG_PENDING)); break;
    }
}

float desk_registrations_screen(App *app, Ui *ui, UiRect area, float y)
{
    ChairDesk *d = app->console->desk;
    const DeskModel *m = &d->model;
    float x, w = desk_column(area, &x), y0 = y;
    y += THEME_GAP_BLOCK;
    const char *label = T(app, MSG_CON_PARTY);
    float fw = w > THEME_DESK_FIELD_MAX_W ? THEME_DESK_FIELD_MAX_W : w;
    y += ui_text_block(ui, "party-label", UI_ROLE_TEXT, 0, x, y, fw, FONT_BOLD, THEME_TYPE_LABEL, THEME_TEXT, label) + THEME_GAP_LABEL;
    app_text_field(app, ui_peek_id(ui, "party"), &d->party);
    char too_long[200];
    const char *error = chrome_field_message(app, &d->party, d->party_error, too_long, sizeof too_long);
    if (ui_textfield(ui, "party", (UiRect){x, y, fw, THEME_CONSOLE_CONTROL_H}, label, &d->party, UI_HINT_TEXT, 0,
                     *error ? error : NULL))
        d->party_error = MSG_NONE;
    y += THEME_CONSOLE_CONTROL_H + THEME_GAP_SMALL;
    if (*error)
        y += ui_text_block(ui, "party-error", UI_ROLE_ALERT, 0, x, y, w, FONT_BOLD, THEME_TYPE_CAPTION, THEME_ERROR,
                           error) + THEME_GAP_LABEL;
    y += THEME_GAP;
    const char *title = T(app, MSG_CON_REGISTRATIONS);
    if (m->reg_count == 0) {
        y += ui_text_block(ui, "regs-empty", UI_ROLE_TEXT, 0, x, y, w, FONT_REGULAR, THEME_TYPE_NOTE, THEME_TEXT_MUTED,
                           T(app, d->loading_regs ? MSG_CON_LOADING : MSG_CON_REGS_EMPTY));
        return y + THEME_GAP_SECTION - y0;
    }
    int list = ui_node_begin(ui, "registrations", UI_ROLE_LIST, title, strlen(title));
    float top = y;
    int shown_category = -2;
    for (int i = 0; i < m->reg_count; i++) {
        const DeskRegistration *r = &m->regs[i];
        if (r->who.category != shown_category) {
            /* the server's order is by category: a heading where the category changes */
            shown_category = r->who.category;
            char key[40];
            snprintf(key, sizeof key, "cat-%d", i);
            const char *cat = desk_category(app, r->who.category);
            y += THEME_GAP_SMALL + ui_text_block(ui, key, UI_ROLE_HEADING, 3, x, y + THEME_GAP_SMALL, w, FONT_BOLD, THEME_TYPE_LARGE, THEME_TEXT_MUTED,
                                      cat[0] ? cat : T(app, MSG_CON_NOT_REGISTERED)) + THEME_GAP_LABEL;
        }
        char status[900];
        desk_status_text(app, r, status, sizeof status);
        DeskAction acts[3];
        int n = 0, to;
        if (r->status != DESK_APPROVED) acts[n++] = (DeskAction){"approve", MSG_CON_APPROVE, DESK_APPROVED};
        if (r->status != DESK_OBJECTED) acts[n++] = (DeskAction){"object", MSG_CON_OBJECT, DESK_OBJECTED};
        if (r->status != DESK_REG_WITHDRAWN)
            acts[n++] = (DeskAction){"withdraw", MSG_CON_RECORD_WITHDRAWAL, DESK_REG_WITHDRAWN};
        y += desk_person_row(app, ui, r->id, x, y, w, &r->who, NULL, status, acts, n, false, &to);
        if (to >= 0) desk_registration_status(app, r->id, (DeskStatus)to);
    }
    ui_node_rect(ui, list, (UiRect){x, top, w, y - top});
    ui_node_end(ui);
    return y + THEME_GAP_SECTION - y0;
}

/* --- the summary draft ------------------------------------------------------------------------- */

/* One paragraph: its number and text (or, being edited, the same C text field as everywhere),
 * its references, whether it is new, and what the Chair can do with it. Returns its height. */
static float desk_paragraph(App *app, Ui *ui, const Ui *m, float x, float y, float w, int i)
{
    ChairDesk *d = app->console->desk;
    const DraftParagraph *p = &d->draft.paragraphs[i];
    char key[24], text[DRAFT_TEXT_CHARS * 4 + 32];
    snprintf(key, sizeof key, "p%d", i + 1);
    float tw = w - 2 * THEME_DESK_PAD, h = 0;
    char refs[DRAFT_MAX_REFS * RECORD_REFERENCE_BYTES + 1] = "", line[sizeof refs + 64] = "";
    size_t n = 0;
    for (int k = 0; k < p->ref_count && n + RECORD_REFERENCE_BYTES + 2 < sizeof refs; k++)
        n += (size_t)snprintf(refs + n, sizeof refs - n, "%s%s", k ? "; " : "", p->refs[k]);
    if (p->ref_count) snprintf(line, sizeof line, T(app, MSG_CON_SUM_REFS), refs);
    bool editing = d->editing == i;
    snprintf(text, sizeof text, "%d. %s", i + 1, p->text);
    float edit_h = editing ? ui_textfield_height(m, tw, &d->edit, THEME_DESK_EDIT_MIN_H) : 0;
    if (ui) {
        /* measured first: the card is drawn under its content */
        h = desk_paragraph(app, NULL, m, x, y, w, i);
        UiRect r = {x, y, w, h};
        ui_rect(ui, r, p->fresh ? THEME_ACCENT_SOFT : THEME_SURFACE, THEME_RADIUS);
        ui_rect(ui, (UiRect){x, y + h - THEME_BORDER_W, w, THEME_BORDER_W}, THEME_BORDER, 0);
        ui_node_rect(ui, ui_node_begin(ui, key, UI_ROLE_LISTITEM, NULL, 0), r);
        ui_mark_lang(ui, text, strlen(text), "en"); /* the summary is written in English, whatever the console's language */
    }
    float cy = y + THEME_DESK_PAD;
    if (p->fresh)
        cy += THEME_GAP_TIGHT + chrome_text(ui, m, "new", UI_ROLE_TEXT, 0, x + THEME_DESK_PAD, cy, tw, FONT_BOLD,
                                            THEME_TYPE_CAPTION, THEME_ACCENT, T(app, MSG_CON_SUM_NEW)) + THEME_GAP_HAIR;
    if (editing && ui) {
        char label[64];
        snprintf(label, sizeof label, T(app, MSG_CON_SUM_PARAGRAPH), i + 1);
        app_text_field(app, ui_peek_id(ui, "text"), &d->edit);
        ui_textfield(ui, "text", (UiRect){x + THEME_DESK_PAD, cy, tw, edit_h}, label, &d->edit, UI_HINT_TEXT, 0, NULL);
    }
    cy += editing ? edit_h
                  : chrome_text(ui, m, "text", UI_ROLE_TEXT, 0, x + THEME_DESK_PAD, cy, tw, FONT_REGULAR, THEME_TYPE_READING,
                                THEME_TEXT, text);
    if (line[0])
        cy += THEME_GAP_LABEL + chrome_text(ui, m, "refs", UI_ROLE_TEXT, 0, x + THEME_DESK_PAD, cy + THEME_GAP_LABEL, tw,
                                            FONT_REGULAR, THEME_TYPE_HINT, THEME_TEXT_MUTED, line);
    cy += THEME_GAP;
    if (!ui) return cy + THEME_CONSOLE_CONTROL_H + THEME_DESK_PAD - y;
    const char *keys[] = {editing ? "keep" : "edit", "up", "down", "remove"};
    const char *labels[] = {T(app, editing ? MSG_CON_SUM_KEEP : MSG_CON_SUM_EDIT), T(app, MSG_CON_SUM_UP),
                            T(app, MSG_CON_SUM_DOWN), T(app, MSG_CON_SUM_REMOVE)};
    /* from the start edge, in the reading order of the text above */
    float bx = x + THEME_DESK_PAD;
    int pressed = -1;
    for (int k = 0; k < 4; k++) {
        float bw = button_width(ui, labels[k]);
        if (ui_button(ui, keys[k], (UiRect){bx, cy, bw, THEME_CONSOLE_CONTROL_H}, labels[k],
                      k == 0 ? UI_BUTTON_PRIMARY : UI_BUTTON_SECONDARY))
            pressed = k;
        bx += bw + THEME_DESK_BUTTON_GAP;
    }
    ui_node_end(ui);
    switch (pressed) {
    case 0: if (editing) desk_keep_paragraph(app); else desk_edit_paragraph(app, i); break;
    case 1: if (d->editing < 0) draft_move(&d->draft, i, -1); break;
    case 2: if (d->editing < 0) draft_move(&d->draft, i, 1); break;
    case 3: if (d->editing < 0) draft_remove(&d->draft, i); break;
    default: break;
    }
    return h;
}

float desk_summary_screen(App *app, Ui *ui, UiRect area, float y)
{
    ChairDesk *d = app->console->desk;
    SummaryDraft *dr = &d->draft;
    float x, w = desk_column(area, &x), y0 = y;
    y += THEME_GAP_BLOCK;
    const char *save = T(app, MSG_CON_SUM_SAVE), *reload = T(app, MSG_CON_SUM_RELOAD), *docx = T(app, MSG_CON_SUM_DOCX);
    float bx = x;
    if (ui_button(ui, "save", (UiRect){bx, y, button_width(ui, save), THEME_CONSOLE_CONTROL_H}, save, UI_BUTTON_PRIMARY))
        desk_save_summary(app);
    bx += button_width(ui, save) + THEME_DESK_BUTTON_GAP;
    if (ui_button(ui, "reload", (UiRect){bx, y, button_width(ui, reload), THEME_CONSOLE_CONTROL_H}, reload, UI_BUTTON_SECONDARY))
        desk_load_summary(app, true);
    bx += button_width(ui, reload) + THEME_DESK_BUTTON_GAP;
    if (app->host.open_url && bx + button_width(ui, docx) <= x + w &&
        ui_button(ui, "docx", (UiRect){bx, y, button_width(ui, docx), THEME_CONSOLE_CONTROL_H}, docx, UI_BUTTON_SECONDARY))
        desk_open_docx(app);
    y += THEME_CONSOLE_CONTROL_H + THEME_GAP;
    if (dr->dirty)
        y += ui_text_block(ui, "unsaved", UI_ROLE_STATUS, 0, x, y, w, FONT_BOLD, THEME_TYPE_CAPTION, THEME_FOCUS,
                           T(app, MSG_CON_SUM_UNSAVED)) + THEME_GAP_SMALL;
    if (!dr->loaded) {
        y += ui_text_block(ui, "loading", UI_ROLE_TEXT, 0, x, y, w, FONT_REGULAR, THEME_TYPE_NOTE, THEME_TEXT_MUTED,
                           T(app, MSG_CON_LOADING));
        return y + THEME_GAP_SECTION - y0;
    }
    for (int s = 0; s < dr->section_count; s++) {
        char heading[DRAFT_TITLE_CHARS * 4 + 24], key[24];
        snprintf(heading, sizeof heading, "%s. %s", dr->sections[s].number, dr->sections[s].title);
        ui_mark_lang(ui, heading, strlen(heading), "en");
        snprintf(key, sizeof key, "s%d", s);
        y += THEME_GAP + ui_text_block(ui, key, UI_ROLE_HEADING, 2, x, y + THEME_GAP, w, FONT_BOLD, THEME_TYPE_SUBHEADING, THEME_TEXT, heading) + THEME_GAP_SMALL;
        snprintf(key, sizeof key, "list%d", s);
        int list = ui_node_begin(ui, key, UI_ROLE_LIST, heading, strlen(heading));
        float top = y;
        for (int i = 0; i < dr->count; i++)
            if (dr->paragraphs[i].section == s) y += desk_paragraph(app, ui, ui, x, y, w, i) + THEME_GAP_SMALL;
        ui_node_rect(ui, list, (UiRect){x, top, w, y - top});
        ui_node_end(ui);
    }
    return y + THEME_GAP_SECTION - y0;
}
