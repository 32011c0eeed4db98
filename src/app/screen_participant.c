/* screen_participant.c — the screens about the participant: registration (with the country
 * picker), the comment composer, the receipt and "my submissions".
 * Read state, draw, call actions; validation messages stand beside the field they are about. */
#include <stdio.h>
#include <string.h>

#include "app/screens.h"
#include "app/theme.h"
#include "core/countries.h"

static const char *msg(const App *app, I18nMsg m)
{
    return i18n_get(app->lang, m);
}


/* A labelled single-line field with its error under it; returns the height used. */
static float field(App *app, Ui *ui, const Frame *f, float y, const char *key, I18nMsg label,
                   TextEdit *te, UiInputHint hint, uint32_t flags, I18nMsg error)
{
    float top = y;
    y += chrome_field_label(ui, f, f->col_x, y, f->col_w, msg(app, label));
    float h = f->target > THEME_FIELD_MIN_H ? f->target : THEME_FIELD_MIN_H;
    UiRect r = {f->col_x, y, f->col_w > THEME_FIELD_MAX_W ? THEME_FIELD_MAX_W : f->col_w, h};
    char ekey[32], too_long[200];
    const char *message = chrome_field_message(app, te, error, too_long, sizeof too_long);
    app_text_field(app, ui_peek_id(ui, key), te);
    ui_textfield(ui, key, r, msg(app, label), te, hint, flags, message);
    y += h;
    snprintf(ekey, sizeof ekey, "%s-error", key);
    y += chrome_field_error(ui, f->col_x, y, f->col_w, ekey, message);
    return y - top + THEME_GAP_BLOCK;
}

float screen_register(App *app, Ui *ui, const Frame *f, float y)
{
    Participant *p = &app->p;
    float top = y;
    y += THEME_GAP_SECTION;
    y += chrome_heading(ui, f, y, "heading", msg(app, MSG_REGISTER_TITLE)) + THEME_GAP_LABEL;
    y += ui_text_block(ui, "intro", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_BODY,
                       THEME_TEXT_MUTED, msg(app, MSG_REGISTER_INTRO)) + THEME_GAP_BLOCK;
    y += field(app, ui, f, y, "name", MSG_FULL_NAME, &p->name, UI_HINT_NAME, UI_FLAG_REQUIRED, p->name_error);
    y += field(app, ui, f, y, "organization", MSG_ORGANIZATION, &p->organization, UI_HINT_ORGANIZATION,
               UI_FLAG_REQUIRED, p->organization_error);

    /* stakeholder category: radio buttons from the event's categories */
    const char *cat_label = msg(app, MSG_CATEGORY);
    y += chrome_field_label(ui, f, f->col_x, y, f->col_w, cat_label);
    int group = ui_node_begin(ui, "category", UI_ROLE_RADIOGROUP, cat_label, strlen(cat_label));
    float group_top = y;
    bool two = !f->narrow;
    float cw = two ? (f->col_w - THEME_GAP) * 0.5f : f->col_w;
    for (int i = 0; i < app->event.category_count; i++) {
        UiRect r = {f->col_x + (two && i % 2 ? cw + THEME_GAP : 0), y, cw, f->target};
        bool on = p->category == i;
        ui_frame_rect(ui, r, THEME_SURFACE, on ? THEME_ACCENT : p->category_error ? THEME_ERROR : THEME_BORDER,
                      on ? THEME_BORDER_SELECTED : THEME_BORDER_W, THEME_RADIUS_CONTROL);
        if (ui_radio(ui, app->event.categories[i].id, r, app_event_text(app, ui, &app->event.categories[i].label), on)) {
            p->category = i;
            p->category_error = MSG_NONE;
        }
        if (!two || i % 2 || i + 1 == app->event.category_count) y += f->target + THEME_GAP_ROW;
    }
    ui_node_rect(ui, group, (UiRect){f->col_x, group_top, f->col_w, y - group_top});
    ui_node_end(ui);
    /* the error takes the place of the last row's gap; a section's space after the group */
    y += chrome_field_error(ui, f->col_x, y - THEME_GAP_ROW, f->col_w, "category-error", msg(app, p->category_error))
         + (THEME_GAP_SECTION - THEME_GAP_ROW);

    /* country: a button that opens the picker */
    y += chrome_field_label(ui, f, f->col_x, y, f->col_w, msg(app, MSG_COUNTRY));
    const Country *c = country_find(p->country);
    char country_label[200];
    snprintf(country_label, sizeof country_label, "%s", c ? country_name(c, app->lang) : msg(app, MSG_COUNTRY_CHOOSE));
    UiRect cr = {f->col_x, y, f->col_w > THEME_FIELD_MAX_W ? THEME_FIELD_MAX_W : f->col_w,
                 f->target > THEME_FIELD_MIN_H ? f->target : THEME_FIELD_MIN_H};
    char country_name[260];
    snprintf(country_name, sizeof country_name, "%s: %s", msg(app, MSG_COUNTRY), country_label);
    uint32_t cid = ui_peek_id(ui, "country");
    bool pressed;
    if (ui_interact(ui, cid, cr, &pressed)) {
        textedit_clear(&app->country_search);
        app_go(app, SCREEN_COUNTRY);
    }
    ui_frame_rect(ui, cr, pressed ? THEME_ACCENT_SOFT : THEME_SURFACE, THEME_TEXT_MUTED, THEME_BORDER_FIELD, THEME_RADIUS_CONTROL);
    ui_label(ui, (UiRect){cr.x + UI_FIELD_PAD_X, cr.y, cr.w - (UI_FIELD_PAD_X + THEME_COUNTRY_CHEVRON_W), cr.h}, FONT_REGULAR, THEME_SIZE_LARGE, c ? THEME_TEXT : THEME_TEXT_MUTED, -1, country_label);
    /* a chevron drawn with strokes, so it points the other way in a mirrored screen (its own
     * proportions) */
    float chx = cr.x + cr.w - 26.0f, chy = cr.y + cr.h * 0.5f;
    ui_line(ui, chx - 4.0f, chy - 7.0f, chx + 3.0f, chy, 2.5f, THEME_ACCENT);
    ui_line(ui, chx + 3.0f, chy, chx - 4.0f, chy + 7.0f, 2.5f, THEME_ACCENT);
    if (ui_focus_visible(ui, cid)) ui_focus_ring(ui, cr, THEME_RADIUS_CONTROL - 2);
    int cn = ui_node_begin(ui, "country", UI_ROLE_BUTTON, country_name, strlen(country_name));
    ui_node_rect(ui, cn, cr);
    ui_node_flags(ui, cn, UI_FLAG_FOCUSABLE | (app->ui_mem.focus == cid ? UI_FLAG_FOCUSED : 0));
    ui_node_end(ui);
    y += cr.h + THEME_GAP_BLOCK;

    y += field(app, ui, f, y, "email", MSG_EMAIL, &p->email, UI_HINT_EMAIL, 0, p->email_error);

    float consent_h = ui_paragraph_height(ui, f->col_w - THEME_CHOICE_TEXT_INSET, FONT_REGULAR, THEME_TYPE_LARGE, msg(app, MSG_CONSENT),
                                          strlen(msg(app, MSG_CONSENT))) + THEME_CHOICE_PAD_Y;
    if (consent_h < f->target) consent_h = f->target;
    ui_checkbox(ui, "consent", (UiRect){f->col_x, y, f->col_w, consent_h}, msg(app, MSG_CONSENT), &p->consent);
    y += consent_h + THEME_GAP_TIGHT;
    y += ui_text_block(ui, "consent-help", UI_ROLE_TEXT, 0, f->col_x + THEME_CHECKBOX_HELP_INSET, y, f->col_w - THEME_CHECKBOX_HELP_INSET, FONT_REGULAR, THEME_TYPE_SMALL, THEME_TEXT_MUTED, msg(app, MSG_CONSENT_HELP)) + THEME_GAP_SECTION;

    bool invalid = p->name_error || p->organization_error || p->category_error || p->email_error;
    if (invalid || p->save_error)
        y += chrome_field_error(ui, f->col_x, y - THEME_GAP_LABEL, f->col_w, "form-error", msg(app, p->save_error ? p->save_error : MSG_ERR_FORM)) + THEME_GAP;
    float bw = f->button_w;
    if (ui_button(ui, "continue", (UiRect){f->col_x, y, bw, f->target}, msg(app, app->storing == STORING_REGISTRATION ? MSG_SAVING : MSG_CONTINUE),
                  UI_BUTTON_PRIMARY))
        app_submit_registration(app);
    y += f->target;
    /* clear a field's message as soon as it is fixed */
    if (p->name_error && textedit_count(&p->name)) p->name_error = MSG_NONE;
    if (p->organization_error && textedit_count(&p->organization)) p->organization_error = MSG_NONE;
    return y + THEME_GAP_END - top;
}

float screen_country(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    y += THEME_GAP_SECTION;
    y += field(app, ui, f, y, "search", MSG_COUNTRY_SEARCH, &app->country_search, UI_HINT_SEARCH, 0, MSG_NONE);
    size_t qlen;
    const char *query = textedit_value(&app->country_search, &qlen);
    const char *list_name = msg(app, MSG_COUNTRY);
    int list = ui_node_begin(ui, "countries", UI_ROLE_LIST, list_name, strlen(list_name));
    float list_top = y;
    float row = f->target;
    /* "no country" first, then the matches in this language's order */
    for (int k = -1; k < COUNTRY_COUNT; k++) {
        const Country *c = k < 0 ? NULL : country_at(app->lang, k);
        if (c && !country_matches(c, app->lang, query)) continue;
        if (!c && qlen) continue;
        const char *label = c ? country_name(c, app->lang) : msg(app, MSG_COUNTRY_NONE);
        bool selected = c ? strcmp(app->p.country, c->code) == 0 : app->p.country[0] == '\0';
        /* rows far outside the view cost no nodes: only their height */
        bool visible = y + row > f->content.y - 2 * row && y < f->content.y + f->content.h + 2 * row;
        if (visible) {
            int li = ui_node_begin(ui, c ? c->code : "none", UI_ROLE_LISTITEM, NULL, 0);
            ui_node_rect(ui, li, (UiRect){f->col_x, y, f->col_w, row});
            if (ui_radio(ui, "pick", (UiRect){f->col_x, y, f->col_w, row}, label, selected)) {
                snprintf(app->p.country, sizeof app->p.country, "%s", c ? c->code : "");
                app_go(app, SCREEN_REGISTER);
            }
            ui_node_end(ui);
            ui_rect(ui, (UiRect){f->col_x, y + row, f->col_w, THEME_BORDER_W}, THEME_BORDER, 0);
        }
        y += row + THEME_BORDER_W;
    }
    if (y == list_top)
        y += ui_text_block(ui, "no-match", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_LARGE,
                           THEME_TEXT_MUTED, msg(app, MSG_COUNTRY_NO_MATCH));
    ui_node_rect(ui, list, (UiRect){f->col_x, list_top, f->col_w, y - list_top});
    ui_node_end(ui);
    return y + THEME_GAP_SECTION - top;
}

float screen_compose(App *app, Ui *ui, const Frame *f, float y)
{
    Composer *c = &app->c;
    const Event *ev = &app->event;
    float top = y;
    y += THEME_GAP_SECTION;
    y += chrome_heading(ui, f, y, "heading", msg(app, MSG_COMPOSE_TITLE)) + THEME_GAP_LABEL;
    size_t len;
    char as[600];
    snprintf(as, sizeof as, msg(app, MSG_COMPOSE_AS), textedit_value(&app->p.name, &len),
             textedit_value(&app->p.organization, &len));
    y += ui_text_block(ui, "as", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT_MUTED, as) + THEME_GAP_BLOCK;

    /* the agenda item */
    const char *item_label = msg(app, MSG_COMPOSE_ITEM);
    y += chrome_field_label(ui, f, f->col_x, y, f->col_w, item_label);
    int group = ui_node_begin(ui, "item", UI_ROLE_RADIOGROUP, item_label, strlen(item_label));
    float gtop = y;
    for (int i = 0; i < ev->agenda_count; i++) {
        const EventAgendaItem *it = &ev->agenda[i];
        char label[600];
        if (it->number > 0) snprintf(label, sizeof label, "%d. %s", it->number, app_event_text(app, ui, &it->title));
        else snprintf(label, sizeof label, "%s", app_event_text(app, ui, &it->title));
        bool picked;
        y += chrome_choice(ui, f, y, it->id, label, c->agenda_item == i, &picked);
        if (picked) {
            if (c->agenda_item != i) c->panellist = -1; /* panellists belong to their item */
            c->agenda_item = i;
            if (c->error == MSG_ERR_ITEM_REQUIRED) c->error = MSG_NONE;
        }
    }
    ui_node_rect(ui, group, (UiRect){f->col_x, gtop, f->col_w, y - gtop});
    ui_node_end(ui);
    y += THEME_GAP_GROUP;

    /* addressed to: no one, or a panellist of the chosen item */
    if (c->agenda_item >= 0 && ev->agenda[c->agenda_item].panellist_count > 0) {
        y += chrome_addressed_to(app, ui, f, y, "", &ev->agenda[c->agenda_item], &c->panellist);
        y += THEME_GAP_GROUP;
    }

    /* the text, with a live counter */
    y += chrome_field_label(ui, f, f->col_x, y, f->col_w, msg(app, MSG_COMPOSE_TEXT));
    float min_h = f->narrow ? THEME_COMMENT_MIN_H_NARROW : THEME_COMMENT_MIN_H;
    float h = ui_textfield_height(ui, f->col_w, &c->text, min_h);
    app_text_field(app, ui_peek_id(ui, "text"), &c->text);
    size_t typed_len;
    const char *typed = textedit_value(&c->text, &typed_len);
    ui_mark_lang(ui, typed, typed_len, i18n_lang_tag(app_comment_lang(app))); /* read in its language */
    I18nMsg text_error = c->error == MSG_ERR_TEXT_REQUIRED ? c->error : MSG_NONE;
    char too_long[200];
    if (ui_textfield(ui, "text", (UiRect){f->col_x, y, f->col_w, h}, msg(app, MSG_COMPOSE_TEXT), &c->text,
                     UI_HINT_TEXT, UI_FLAG_REQUIRED, chrome_field_message(app, &c->text, text_error, too_long, sizeof too_long))
        && text_error && textedit_count(&c->text))
        c->error = MSG_NONE;
    y += h + THEME_GAP_LABEL;
    char count[100];
    snprintf(count, sizeof count, i18n_plural(app->lang, MSG_COMPOSE_COUNT, (long)textedit_max_count(&c->text)),
             (int)textedit_count(&c->text), (int)textedit_max_count(&c->text));
    float cw = font_measure(ui->fonts, FONT_REGULAR, THEME_SIZE_SMALL, count, strlen(count));
    int counter = ui_node_begin(ui, "count", UI_ROLE_TEXT, count, strlen(count));
    ui_node_rect(ui, counter, (UiRect){f->col_x + f->col_w - cw, y, cw, THEME_COUNTER_H});
    ui_node_end(ui);
    bool near = textedit_count(&c->text) * 10 >= textedit_max_count(&c->text) * 9;
    ui_label(ui, (UiRect){f->col_x, y, f->col_w, THEME_COUNTER_H}, near ? FONT_BOLD : FONT_REGULAR, THEME_SIZE_SMALL,
             near ? THEME_ERROR : THEME_TEXT_MUTED, 1, count);
    y += THEME_COUNTER_H;
    y += chrome_field_error(ui, f->col_x, y, f->col_w, "error",
                            chrome_field_message(app, &c->text, c->error, too_long, sizeof too_long)) + THEME_GAP;

    /* the comment's language: guessed from what is typed, the writer may correct it; each
     * language named in itself, as on the welcome screen */
    const char *lang_label = msg(app, MSG_COMPOSE_LANGUAGE);
    y += chrome_field_label(ui, f, f->col_x, y, f->col_w, lang_label);
    int langs = ui_node_begin(ui, "written-in", UI_ROLE_RADIOGROUP, lang_label, strlen(lang_label));
    I18nLang written = app_comment_lang(app);
    int cols = f->col_w >= THEME_THREE_COLUMNS_MIN_W ? 3 : 2;
    float lw = (f->col_w - THEME_GAP * (float)(cols - 1)) / (float)cols;
    float ltop = y;
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        UiRect r = {f->col_x + (float)(l % cols) * (lw + THEME_GAP), y + (float)(l / cols) * (f->target + THEME_GAP_SMALL), lw, f->target};
        char key[16];
        snprintf(key, sizeof key, "in-%s", i18n_lang_tag((I18nLang)l));
        const char *own = i18n_get((I18nLang)l, MSG_LANGUAGE_NAME);
        ui_mark_lang(ui, own, strlen(own), i18n_lang_tag((I18nLang)l));
        if (ui_radio(ui, key, r, own, written == (I18nLang)l)) c->written_in = l;
    }
    int rows = (I18N_LANG_COUNT + cols - 1) / cols;
    y += (float)rows * (f->target + THEME_GAP_SMALL) - THEME_GAP_SMALL;
    ui_node_rect(ui, langs, (UiRect){f->col_x, ltop, f->col_w, y - ltop});
    ui_node_end(ui);
    y += THEME_GAP_SECTION;
    float bw = f->button_w;
    if (ui_button(ui, "submit", (UiRect){f->col_x, y, bw, f->target}, msg(app, app->storing == STORING_COMMENT ? MSG_SAVING : MSG_SUBMIT),
                  UI_BUTTON_PRIMARY))
        app_submit_comment(app);
    y += f->target;
    return y + THEME_GAP_END - top;
}

float screen_receipt(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    const Submission *s = &app->subs[app->receipt];
    y += THEME_RECEIPT_TOP;
    /* a check mark on a disc (the tick in the icon's own proportions); a tick points no way,
     * so a right-to-left screen moves the disc and draws the tick as it is, not reflected */
    ui_rect(ui, (UiRect){f->col_x, y, THEME_RECEIPT_MARK, THEME_RECEIPT_MARK}, THEME_SUCCESS, THEME_RECEIPT_MARK * 0.5f);
    ui_fixed_begin(ui);
    float mark_x = ui_screen_x(ui, f->col_x, THEME_RECEIPT_MARK);
    ui_line(ui, mark_x + 15.0f, y + 29.0f, mark_x + 24.0f, y + 38.0f, 5.0f, THEME_ON_ACCENT);
    ui_line(ui, mark_x + 23.0f, y + 38.0f, mark_x + 42.0f, y + 18.0f, 5.0f, THEME_ON_ACCENT);
    ui_fixed_end(ui);
    y += THEME_RECEIPT_MARK + THEME_GAP_GROUP;
    y += ui_text_block(ui, "heading", UI_ROLE_HEADING, 1, f->col_x, y, f->col_w, FONT_BOLD,
                       f->narrow ? THEME_SIZE_TITLE_NARROW : THEME_SIZE_TITLE,
                       f->narrow ? THEME_LINE_TITLE_LOOSE_NARROW : THEME_LINE_TITLE_LOOSE, THEME_TEXT,
                       msg(app, MSG_RECEIPT_TITLE)) + THEME_GAP_BLOCK;
    /* the reference, large, spoken as "Reference: XXXX-XXXX" */
    char ref_name[64];
    snprintf(ref_name, sizeof ref_name, "%s: %s", msg(app, MSG_RECEIPT_REFERENCE), s->reference);
    int node = ui_node_begin(ui, "reference", UI_ROLE_TEXT, ref_name, strlen(ref_name));
    UiRect box = {f->col_x, y, f->button_w, THEME_RECEIPT_BOX_H};
    ui_frame_rect(ui, box, THEME_SURFACE, THEME_BORDER, THEME_BORDER_W, THEME_RADIUS);
    ui_label(ui, (UiRect){box.x + THEME_RECEIPT_BOX_PAD_X, box.y + THEME_RECEIPT_LABEL_TOP, box.w - 2 * THEME_RECEIPT_BOX_PAD_X,
                          THEME_RECEIPT_LABEL_H}, FONT_BOLD, THEME_SIZE_CAPTION, THEME_TEXT_MUTED, -1,
             msg(app, MSG_RECEIPT_REFERENCE));
    ui_label(ui, (UiRect){box.x + THEME_RECEIPT_BOX_PAD_X, box.y + THEME_RECEIPT_VALUE_TOP, box.w - 2 * THEME_RECEIPT_BOX_PAD_X,
                          THEME_RECEIPT_VALUE_H}, FONT_BOLD, THEME_SIZE_REFERENCE, THEME_TEXT, -1, s->reference);
    ui_node_rect(ui, node, box);
    ui_node_end(ui);
    y += box.h + THEME_GAP_BLOCK;
    /* the reference page's address as a QR code, for a phone */
    float qr = screen_receipt_qr(app, ui, f, f->col_x, y, s->reference);
    if (qr > 0) y += qr + THEME_GAP_BLOCK;
    y += ui_text_block(ui, "next", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_LARGE, THEME_TEXT,
                       msg(app, MSG_RECEIPT_NEXT)) + THEME_GAP_WIDE;
    float bw = f->button_w;
    if (ui_button(ui, "check", (UiRect){f->col_x, y, bw, f->target}, msg(app, MSG_REF_TITLE), UI_BUTTON_SECONDARY))
        app_check_open(app, s->reference);
    y += f->target + THEME_GAP;
    if (ui_button(ui, "another", (UiRect){f->col_x, y, bw, f->target}, msg(app, MSG_ANOTHER), UI_BUTTON_PRIMARY))
        app_compose(app, s->agenda_item, -1);
    y += f->target + THEME_GAP;
    if (ui_button(ui, "mine", (UiRect){f->col_x, y, bw, f->target}, msg(app, MSG_MINE_TITLE), UI_BUTTON_SECONDARY))
        app_go(app, SCREEN_MINE);
    y += f->target;
    if (app->mode == APP_MODE_KIOSK) {
        y += THEME_GAP;
        if (ui_button(ui, "finish", (UiRect){f->col_x, y, bw, f->target}, msg(app, MSG_FINISH), UI_BUTTON_SECONDARY))
            app_finish(app);
        y += f->target;
    }
    return y + THEME_GAP_END - top;
}

float screen_mine(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    y += THEME_GAP_SECTION;
    y += chrome_heading(ui, f, y, "heading", msg(app, MSG_MINE_TITLE)) + THEME_GAP_GROUP;
    float cbw = f->button_w;
    if (ui_button(ui, "check", (UiRect){f->col_x, y, cbw, f->target}, msg(app, MSG_REF_TITLE), UI_BUTTON_SECONDARY))
        app_check_open(app, NULL);
    y += f->target + THEME_GAP_BLOCK;
    if (app->sub_count == 0) {
        y += ui_text_block(ui, "empty", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_LARGE,
                           THEME_TEXT_MUTED, msg(app, MSG_MINE_EMPTY)) + THEME_GAP_BLOCK;
    } else {
        const char *list_name = msg(app, MSG_MINE_TITLE);
        int list = ui_node_begin(ui, "subs", UI_ROLE_LIST, list_name, strlen(list_name));
        float list_top = y;
        for (int i = app->sub_count - 1; i >= 0; i--) {
            const Submission *s = &app->subs[i];
            const EventAgendaItem *it = &app->event.agenda[s->agenda_item];
            char head[700], to[300] = "";
            if (it->number > 0) snprintf(head, sizeof head, "%s · %d. %s", s->reference, it->number, app_event_text(app, ui, &it->title));
            else snprintf(head, sizeof head, "%s · %s", s->reference, app_event_text(app, ui, &it->title));
            if (s->panellist >= 0) snprintf(to, sizeof to, msg(app, MSG_TO), app_event_text(app, ui, &app->event.panellists[s->panellist].name));
            /* where the record is now: the outbox knows (acknowledged ones leave it) */
            OutboxState os = s->state == SUB_SAVING ? OUTBOX_UNKNOWN : outbox_state(app->outbox, s->id);
            I18nMsg state = s->state == SUB_SAVING ? MSG_STATE_SAVING
                          : os == OUTBOX_ACKED || os == OUTBOX_UNKNOWN ? MSG_STATE_UPLOADED
                          : os == OUTBOX_REJECTED ? MSG_STATE_REJECTED
                          : os == OUTBOX_QUARANTINED ? MSG_STATE_QUARANTINED : MSG_STATE_SAVED;
            bool uploaded = state == MSG_STATE_UPLOADED, refused = state == MSG_STATE_REJECTED || state == MSG_STATE_QUARANTINED;
            CardLine lines[4] = {{NULL, UI_ROLE_TEXT, 0, FONT_BOLD, THEME_TYPE_BODY, THEME_TEXT, 0, head}};
            int n = 1;
            if (*to) lines[n++] = (CardLine){"to", UI_ROLE_TEXT, 0, FONT_REGULAR, THEME_TYPE_SMALL, THEME_TEXT_MUTED, THEME_GAP_TIGHT, to};
            lines[n++] = (CardLine){"text", UI_ROLE_TEXT, 0, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT, THEME_GAP_LABEL, s->excerpt};
            lines[n++] = (CardLine){"state", UI_ROLE_TEXT, 0, FONT_BOLD, THEME_TYPE_CAPTION,
                                    uploaded ? THEME_SUCCESS : refused ? THEME_ERROR : THEME_TEXT_MUTED, THEME_GAP_SMALL, msg(app, state)};
            y += chrome_card(ui, f, y, s->id, head, lines, n) + THEME_GAP;
        }
        ui_node_rect(ui, list, (UiRect){f->col_x, list_top, f->col_w, y - list_top});
        ui_node_end(ui);
    }
    y += THEME_GAP;
    float sbw = f->button_w;
    if (ui_button(ui, "device", (UiRect){f->col_x, y, sbw, f->target}, msg(app, MSG_DEVICE_STATUS), UI_BUTTON_QUIET))
        app_go(app, SCREEN_STATUS);
    y += f->target;
    if (app->mode == APP_MODE_REMOTE) {
        y += THEME_GAP;
        float bw = f->button_w;
        if (ui_button(ui, "not-you", (UiRect){f->col_x, y, bw, f->target}, msg(app, MSG_NOT_YOU), UI_BUTTON_SECONDARY))
            app_start_over(app);
        y += f->target;
    }
    return y + THEME_GAP_END - top;
}

/* The records that need the secretariat: refused by the server or damaged in storage, each
 * with its reference and reason; one list per state. Returns the height. */
static float dead_letters(App *app, Ui *ui, const Frame *f, float y, OutboxState state, I18nMsg title, const char *key)
{
    float top = y;
    y += ui_text_block(ui, key, UI_ROLE_HEADING, 2, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_SUBHEADING, THEME_TEXT,
                       msg(app, title)) + THEME_GAP_SMALL;
    OutboxItem items[16];
    size_t skip = 0, n, shown = 0;
    const char *list_name = msg(app, title);
    int list = ui_node_begin(ui, key, UI_ROLE_LIST, list_name, strlen(list_name));
    float list_top = y;
    while ((n = outbox_list(app->outbox, state, skip, items, 16)) > 0) {
        for (size_t i = 0; i < n; i++) {
            char ref[RECORD_REFERENCE_BYTES], head[64];
            if (!record_reference(items[i].id, ref)) snprintf(ref, sizeof ref, "?");
            snprintf(head, sizeof head, "%s", ref);
            const char *reason = items[i].reason ? items[i].reason : "";
            CardLine lines[2] = {{NULL, UI_ROLE_TEXT, 0, FONT_BOLD, THEME_TYPE_BODY, THEME_TEXT, 0, head},
                                 {"reason", UI_ROLE_TEXT, 0, FONT_REGULAR, THEME_TYPE_SMALL, THEME_TEXT_MUTED, 0, reason}};
            y += chrome_card(ui, f, y, items[i].id, head, lines, 2) + THEME_GAP_SMALL;
            shown++;
        }
        skip += n;
        if (n < 16 || shown >= 200) break; /* the counts above say how many in all */
    }
    ui_node_rect(ui, list, (UiRect){f->col_x, list_top, f->col_w, y - list_top});
    ui_node_end(ui); /* a list holds list items only: "None." stands after it */
    if (shown == 0)
        y += ui_text_block(ui, "none", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_BODY,
                           THEME_TEXT_MUTED, msg(app, MSG_DEVICE_NONE)) + THEME_GAP_SMALL;
    return y + THEME_GAP_GROUP - top;
}

/* When the network never comes back: every record on the device into one file for
 * `parleyd import`; the records stay here until the server has them. Returns the height. */
static float save_to_file(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    y += ui_text_block(ui, "save-help", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT,
                       msg(app, MSG_DEVICE_SAVE_HELP)) + THEME_GAP;
    float bw = f->button_w;
    const char *label = msg(app, app->save == SAVE_RUNNING ? MSG_SAVING : MSG_DEVICE_SAVE);
    if (ui_button(ui, "save", (UiRect){f->col_x, y, bw, f->target}, label, UI_BUTTON_SECONDARY))
        app_save_records(app);
    y += f->target + THEME_GAP;
    if (app->save == SAVE_DONE || app->save == SAVE_FAILED) {
        char text[600];
        if (app->save == SAVE_DONE) snprintf(text, sizeof text, i18n_plural(app->lang, MSG_DEVICE_SAVED, app->saved_count), app->saved_count);
        else snprintf(text, sizeof text, "%s", msg(app, MSG_DEVICE_SAVE_FAILED));
        y += ui_text_block(ui, "save-result", UI_ROLE_ALERT, 0, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_BODY,
                           app->save == SAVE_DONE ? THEME_SUCCESS : THEME_ERROR, text) + THEME_GAP;
    }
    return y + THEME_GAP - top;
}

float screen_status(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    y += THEME_GAP_SECTION;
    y += chrome_heading(ui, f, y, "heading", msg(app, MSG_DEVICE_STATUS)) + THEME_GAP_SMALL;
    y += ui_text_block(ui, "help", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_BODY, THEME_TEXT,
                       msg(app, MSG_DEVICE_HELP)) + THEME_GAP_BLOCK;
    /* What this browser allows here: staff check it on the morning of the event. */
    y += ui_text_block(ui, "device", UI_ROLE_HEADING, 2, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_SUBHEADING, THEME_TEXT,
                       msg(app, MSG_DEVICE_THIS)) + THEME_GAP_SMALL;
    y += ui_text_block(ui, "offline-start", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_BODY,
                       app->status.no_offline_start ? THEME_ERROR : THEME_TEXT,
                       msg(app, app->status.no_offline_start ? MSG_DEVICE_NO_OFFLINE_START : MSG_DEVICE_OFFLINE_START)) + THEME_GAP_SMALL;
    y += ui_text_block(ui, "storage", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_BODY,
                       app->status.storage_not_persisted ? THEME_ERROR : THEME_TEXT,
                       msg(app, app->status.storage_not_persisted ? MSG_DEVICE_STORAGE_NOT_KEPT : MSG_DEVICE_STORAGE_KEPT)) + THEME_GAP_SECTION;
    if (app->host.save_records) y += save_to_file(app, ui, f, y);
    y += dead_letters(app, ui, f, y, OUTBOX_REJECTED, MSG_DEVICE_REFUSED, "refused");
    y += dead_letters(app, ui, f, y, OUTBOX_QUARANTINED, MSG_DEVICE_DAMAGED, "damaged");
    return y + THEME_GAP_SECTION - top;
}
