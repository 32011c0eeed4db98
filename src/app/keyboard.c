/* keyboard.c — the kiosk's on-screen keyboard: the layouts of core/osk_layout.h drawn as
 * keys, shift and caps, the digit and accent layers, the globe key, long-press alternates,
 * backspace repeat, and Chinese typed by pinyin (core/pinyin.h) into an IME-like composition
 * with a candidate bar. It types into the focused field only through core/textedit, and
 * refuses (never cuts) what would take a field past its limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screens.h"
#include "app/theme.h"
#include "core/utf8.h"

#define HOLD_MS           500   /* a press held this long repeats backspace or opens alternates */
#define REPEAT_MS         80    /* backspace held: one deletion each */

static const char *msg(const App *app, I18nMsg m) { return i18n_get(app->lang, m); }

static OskLayout current_layout(const App *app)
{
    return app->osk.layout_chosen ? app->osk.layout : osk_layout_for(app->lang);
}

static const OskPlane *current_plane(const App *app)
{
    const OskPlane *p = osk_plane(current_layout(app), app->osk.layer);
    return p ? p : osk_plane(current_layout(app), OSK_LAYER_LETTERS);
}

static bool composing_pinyin(const App *app)
{
    return app->osk.composing && pinyin_input_active(&app->osk.pinyin);
}

/* The focused field the keyboard types into, or NULL. */
static TextEdit *focused_field(const App *app)
{
    for (int i = 0; i < app->field_count; i++)
        if (app->field_ids[i] == app->osk_field && app->osk_field == app->ui_mem.focus) return app->field_te[i];
    return NULL;
}

float chrome_osk_height(const App *app, const Frame *f)
{
    if (app->mode != APP_MODE_KIOSK || app->osk_field == 0 || app->osk_field != app->ui_mem.focus) return 0;
    /* the strip for candidates, alternates and messages, four rows of keys and the bottom row */
    return f->target + (OSK_ROWS + 1) * (f->target + THEME_KEY_GAP) + 2 * THEME_KEYBOARD_PAD_Y;
}

/* --- typing -------------------------------------------------------------------------------- */

/* Whether the field has room for text in place of its selection and `replaced` code points. */
static bool has_room(const TextEdit *te, size_t replaced, const char *text, size_t len)
{
    size_t s0, s1, value_len;
    const char *value = textedit_value(te, &value_len);
    size_t selected = textedit_selection(te, &s0, &s1) ? utf8_count(value + s0, s1 - s0) : 0;
    size_t after = textedit_count(te) - selected - replaced + utf8_count(text, len);
    return after <= textedit_max_count(te);
}

/* Code points of the field's composition (0: none). */
static size_t composition_count(const TextEdit *te)
{
    size_t c0, c1, len;
    const char *value = textedit_value(te, &len);
    return textedit_composition(te, &c0, &c1) ? utf8_count(value + c0, c1 - c0) : 0;
}

/* Types text into the field; textedit refuses all of it when it would not fit, and the field
 * shows its message. */
static void type_text(TextEdit *te, const char *text)
{
    if (te) textedit_insert(te, text, strlen(text));
}

/* The composition as the field shows it, after the letters changed. */
static PARLEY_OUT_OF_LINE void show_composition(App *app, TextEdit *te)
{
    OnScreenKeyboard *k = &app->osk;
    char shown[PINYIN_MAX_LETTERS * 2 + 1];
    size_t n = pinyin_input_display(&k->pinyin, shown, sizeof shown);
    if (n == 0) {
        textedit_composition_set(te, "", 0);
        textedit_composition_cancel(te);
        k->composing = NULL;
        return;
    }
    if (!has_room(te, composition_count(te), shown, n)) {
        /* the syllables' separators would not fit (the table came in late): the letters stay */
        k->composing = te;
        keyboard_commit_letters(app);
        textedit_mark_refused(te);
        return;
    }
    textedit_composition_set(te, shown, n);
    k->composing = te;
    k->page = 0;
}

/* Ends the composition keeping `text` in its place (a candidate, or the letters as typed). */
static void commit_composition(App *app, TextEdit *te, const char *text, size_t len)
{
    textedit_composition_set(te, text, len);
    textedit_composition_commit(te);
    app->osk.composing = NULL;
}

/* The letters as typed become text (Done, another layout, leaving the field). */
void keyboard_commit_letters(App *app)
{
    OnScreenKeyboard *k = &app->osk;
    if (!k->composing) return;
    if (pinyin_input_active(&k->pinyin)) commit_composition(app, k->composing, k->pinyin.letters, k->pinyin.len);
    k->composing = NULL;
    pinyin_input_clear(&k->pinyin);
}

static void choose_candidate(App *app, TextEdit *te, int i)
{
    OnScreenKeyboard *k = &app->osk;
    size_t len;
    const char *text = pinyin_input_choose(&k->pinyin, &app->pinyin_table, i, &len);
    if (!text) return;
    char chosen[256];
    memcpy(chosen, text, len);  /* the table's bytes; the field needs its own copy anyway */
    commit_composition(app, te, chosen, len);
    if (pinyin_input_active(&k->pinyin)) show_composition(app, te);
    k->page = 0;
}

/* Before anything else a key does: a composition is committed, its first candidate (or the
 * letters when there is none), as input methods do. */
static void settle_composition(App *app, TextEdit *te)
{
    if (!composing_pinyin(app) || app->osk.composing != te) return;
    if (app->osk.pinyin.candidate_count > 0) choose_candidate(app, te, 0);
    keyboard_commit_letters(app);
}

static void ask_for_table(App *app)
{
    if (app->pinyin_state != PINYIN_ABSENT) return;
    bool started = app->host.load_pinyin && app->host.load_pinyin(app->host.user);
    app->pinyin_state = started ? PINYIN_LOADING : PINYIN_FAILED;
}

/* A letter on the pinyin layout: into the composition, unless pinyin cannot be had. */
static void type_pinyin_letter(App *app, TextEdit *te, char letter)
{
    OnScreenKeyboard *k = &app->osk;
    ask_for_table(app);
    if (app->pinyin_state == PINYIN_FAILED || !te) {
        char s[2] = {letter, 0};
        type_text(te, s);
        return;
    }
    if (k->composing && k->composing != te) keyboard_commit_letters(app);
    const PinyinTable *t = app->pinyin_state == PINYIN_READY ? &app->pinyin_table : NULL;
    size_t before = composition_count(te);
    if (!pinyin_input_add(&k->pinyin, t, letter)) return;  /* the composition is full */
    char shown[PINYIN_MAX_LETTERS * 2 + 1];
    size_t n = pinyin_input_display(&k->pinyin, shown, sizeof shown);
    if (!has_room(te, before, shown, n)) {
        pinyin_input_backspace(&k->pinyin, t);
        textedit_mark_refused(te);
        return;
    }
    show_composition(app, te);
}

static PARLEY_OUT_OF_LINE void backspace(App *app, TextEdit *te)
{
    if (!te) return;
    if (composing_pinyin(app) && app->osk.composing == te) {
        pinyin_input_backspace(&app->osk.pinyin, app->pinyin_state == PINYIN_READY ? &app->pinyin_table : NULL);
        show_composition(app, te);
        return;
    }
    /* the character before the caret in logical order, in Arabic as in Latin */
    textedit_delete(te, TEXTEDIT_PREV_CHAR);
}

/* A character key: a letter of the pinyin layout composes; anything else is typed. */
static void press_char(App *app, TextEdit *te, const char *out)
{
    OnScreenKeyboard *k = &app->osk;
    bool lower_letter = out[0] >= 'a' && out[0] <= 'z' && out[1] == '\0';
    bool separator = out[0] == '\'' && out[1] == '\0' && composing_pinyin(app);
    if (current_layout(app) == OSK_PINYIN && k->layer == OSK_LAYER_LETTERS && (lower_letter || separator)) {
        type_pinyin_letter(app, te, out[0]);
    } else {
        settle_composition(app, te);
        type_text(te, out);
    }
    if (k->shift == OSK_SHIFT_ONCE) k->shift = OSK_SHIFT_OFF; /* one capital, like a phone */
}

/* --- time: backspace repeat and long press ------------------------------------------------- */

static bool held_still(const App *app)
{
    return app->osk.held && app->pointer_down && app->ui_mem.active == app->osk.held;
}

static const OskKey *plane_key(const App *app, int row, int col)
{
    const OskPlane *p = current_plane(app);
    if (row < 0 || row >= OSK_ROWS || col < 0 || col >= p->rows[row].count) return NULL;
    return &p->rows[row].keys[col];
}

bool keyboard_tick(App *app, int64_t now_ms)
{
    OnScreenKeyboard *k = &app->osk;
    if (!k->held || app->code_missing) return false; /* (held: a key the keyboard drew) */
    if (!held_still(app)) { k->held = 0; return false; }
    if (k->held_backspace) {
        if (now_ms < k->repeat_at) return false;
        k->repeat_at = now_ms + REPEAT_MS;
        k->swallow_release = true;
        backspace(app, focused_field(app));
        return true;
    }
    const OskKey *key = plane_key(app, k->held_row, k->held_col);
    if (!k->more_open && key && key->more && now_ms - k->held_since >= HOLD_MS) {
        k->more_open = true;
        k->more_row = k->held_row;
        k->more_col = k->held_col;
        k->more_x = k->held_x;
        k->swallow_release = true;
        return true;
    }
    return false;
}

int64_t keyboard_next_tick_ms(const App *app, int64_t now_ms)
{
    const OnScreenKeyboard *k = &app->osk;
    if (!held_still(app)) return -1;
    if (k->held_backspace) return k->repeat_at > now_ms ? k->repeat_at - now_ms : 0;
    const OskKey *key = plane_key(app, k->held_row, k->held_col);
    if (k->more_open || !key || !key->more) return -1;
    int64_t due = k->held_since + HOLD_MS;
    return due > now_ms ? due - now_ms : 0;
}

/* A key was pressed down in this pass: the clock of its long press or repeat starts. */
static void note_press(App *app, uint32_t id, int row, int col, bool is_backspace, float x)
{
    OnScreenKeyboard *k = &app->osk;
    if (k->held == id) return;
    int64_t now = app->host.now_ms(app->host.user);
    k->held = id;
    k->held_row = row;
    k->held_col = col;
    k->held_backspace = is_backspace;
    k->held_since = now;
    k->held_x = x;
    k->repeat_at = now + HOLD_MS;
    k->swallow_release = false;
}

/* The release of a key whose hold already acted does nothing more. */
static bool released(App *app, bool fired)
{
    if (!fired) return false;
    bool swallow = app->osk.swallow_release;
    app->osk.swallow_release = false;
    app->osk.held = 0;
    return !swallow;
}

/* After each pass: a composition whose field lost focus, or that the mirror replaced (the
 * DOM's own typing ends it in textedit), is over. */
void keyboard_after_pass(App *app)
{
    OnScreenKeyboard *k = &app->osk;
    if (!k->composing || app->code_missing) return;
    size_t a, b;
    if (!textedit_composition(k->composing, &a, &b)) {
        pinyin_input_clear(&k->pinyin);
        k->composing = NULL;
        return;
    }
    if (focused_field(app) != k->composing) keyboard_commit_letters(app);
}

/* --- the table ----------------------------------------------------------------------------- */

bool app_pinyin_data(App *app, uint8_t *bytes, size_t len)
{
    char err[120] = "";
    if (app->pinyin_state == PINYIN_READY) { free(bytes); return false; }
    if (bytes && pinyin_table_load(&app->pinyin_table, bytes, len, err, sizeof err)) {
        app->pinyin_bytes = bytes;
        app->pinyin_state = PINYIN_READY;
        if (app->osk.composing) {
            pinyin_input_update(&app->osk.pinyin, &app->pinyin_table);
            show_composition(app, app->osk.composing);
        }
        return true;
    }
    fprintf(stderr, "parley: the pinyin table is refused: %s\n", bytes ? err : "it could not be fetched");
    free(bytes);
    app->pinyin_state = PINYIN_FAILED;
    keyboard_commit_letters(app);  /* what was typed stays, as letters */
    return true;
}

/* --- drawing ------------------------------------------------------------------------------- */

/* Key icons drawn with strokes (the font has no arrows), in their own proportions. */
static void arrow_icon(Ui *ui, UiRect k, int dir, UiColor c, bool bar)
{
    float cx = k.x + k.w * 0.5f, cy = k.y + k.h * 0.5f, a = 10.0f, t = 2.5f;
    if (dir == 0) { /* up: shift; with a bar under it: caps lock */
        ui_line(ui, cx, cy - a, cx, cy + a, t, c);
        ui_line(ui, cx - 8.0f, cy - a + 8.0f, cx, cy - a, t, c);
        ui_line(ui, cx, cy - a, cx + 8.0f, cy - a + 8.0f, t, c);
        if (bar) ui_rect(ui, (UiRect){cx - 9.0f, cy + a + 4.0f, 18.0f, 3.0f}, c, 0);
    } else if (dir == 1) { /* left: backspace */
        ui_line(ui, cx - a, cy, cx + a, cy, t, c);
        ui_line(ui, cx - a + 8.0f, cy - 8.0f, cx - a, cy, t, c);
        ui_line(ui, cx - a, cy, cx - a + 8.0f, cy + 8.0f, t, c);
    } else if (dir == 2) { /* down then left: new line */
        ui_line(ui, cx + a, cy - a, cx + a, cy + 4.0f, t, c);
        ui_line(ui, cx + a, cy + 4.0f, cx - a, cy + 4.0f, t, c);
        ui_line(ui, cx - a + 7.0f, cy - 3.0f, cx - a, cy + 4.0f, t, c);
        ui_line(ui, cx - a, cy + 4.0f, cx - a + 7.0f, cy + 11.0f, t, c);
    } else { /* a chevron for paging: 3 left, 4 right */
        float s = dir == 3 ? 1.0f : -1.0f;
        ui_line(ui, cx + 5.0f * s, cy - 9.0f, cx - 5.0f * s, cy, t, c);
        ui_line(ui, cx - 5.0f * s, cy, cx + 5.0f * s, cy + 9.0f, t, c);
    }
}

/* A globe: the key that switches layouts (bg: the key's own fill, to hollow the rings); the
 * icon's own proportions. */
static void globe_icon(Ui *ui, float cx, float cy, float r, UiColor c, UiColor bg)
{
    float t = 2.0f, m = r * 0.4f;
    ui_rect(ui, (UiRect){cx - r, cy - r, 2 * r, 2 * r}, c, r);
    ui_rect(ui, (UiRect){cx - r + t, cy - r + t, 2 * (r - t), 2 * (r - t)}, bg, r - t);
    ui_rect(ui, (UiRect){cx - m, cy - r, 2 * m, 2 * r}, c, m);              /* a meridian */
    ui_rect(ui, (UiRect){cx - m + t, cy - r + t, 2 * (m - t), 2 * (r - t)}, bg, m - t);
    ui_rect(ui, (UiRect){cx - r, cy - t * 0.5f, 2 * r, t}, c, 0);           /* the equator */
}

/* The language a key's text is marked with for the mirror, so a screen reader reads "ё" in
 * Russian on an English page; Latin letters (pinyin's too) are the page's unless the page is
 * in a language of another script. NULL: no mark. */
static const char *key_lang(const App *app)
{
    OskLayout layout = current_layout(app);
    if (layout == OSK_RUSSIAN || layout == OSK_ARABIC) return i18n_lang_tag(osk_layout_lang(layout));
    return osk_layout_for(app->lang) == OSK_LATIN ? NULL : i18n_lang_tag(I18N_EN);
}

static void mark_key(const App *app, Ui *ui, const char *text)
{
    const char *tag = key_lang(app);
    if (tag) ui_mark_lang(ui, text, strlen(text), tag);
}

typedef struct KeyPreview { bool on; UiRect r; char label[48]; } KeyPreview;

/* One key of the plane at r. */
static void draw_key(App *app, Ui *ui, TextEdit *te, const OskKey *key, int row, int col, UiRect r, KeyPreview *pv)
{
    OnScreenKeyboard *k = &app->osk;
    char id[32];
    bool held = false;
    snprintf(id, sizeof id, "k%d-%d", row % 10, col % 100);
    if (key->kind == OSK_KEY_SHIFT) {
        bool caps = k->shift == OSK_SHIFT_CAPS;
        const char *name = msg(app, caps ? MSG_KEY_CAPS : MSG_KEY_SHIFT);
        if (ui_key_button(ui, "shift", r, "", name, k->shift != OSK_SHIFT_OFF, NULL)) {
            k->shift = k->shift == OSK_SHIFT_OFF ? OSK_SHIFT_ONCE : k->shift == OSK_SHIFT_ONCE ? OSK_SHIFT_CAPS : OSK_SHIFT_OFF;
            ui->fired_any = true;
        }
        arrow_icon(ui, r, 0, k->shift != OSK_SHIFT_OFF ? THEME_ON_ACCENT : THEME_TEXT, caps);
        return;
    }
    if (key->kind == OSK_KEY_BACKSPACE) {
        bool fired = ui_key_button(ui, "backspace", r, "", msg(app, MSG_KEY_BACKSPACE), false, &held);
        if (held) note_press(app, ui_peek_id(ui, "backspace"), row, col, true, r.x);
        if (released(app, fired)) backspace(app, te);
        arrow_icon(ui, r, 1, THEME_TEXT, false);
        return;
    }
    char out[32], label[48];
    osk_key_output(key, k->shift != OSK_SHIFT_OFF, out, sizeof out);
    /* a haraka alone would sit on nothing: shown on a tatweel, typed alone */
    size_t i = 0;
    uint32_t cp = utf8_decode(out, strlen(out), &i);
    if (cp >= 0x64B && cp <= 0x652) snprintf(label, sizeof label, "\xd9\x80%s", out);
    else snprintf(label, sizeof label, "%s", out);
    mark_key(app, ui, out);
    bool fired = ui_key_button(ui, id, r, label, out, false, &held);
    if (held) {
        note_press(app, ui_peek_id(ui, id), row, col, false, r.x);
        pv->on = true;
        pv->r = r;
        snprintf(pv->label, sizeof pv->label, "%s", label);
    }
    if (key->more) { /* a dot in the corner (a mark's own size): a long press offers more */
        ui_rect(ui, (UiRect){r.x + r.w - 10.0f, r.y + 6.0f, 4.0f, 4.0f}, THEME_TEXT_MUTED, 2.0f);
    }
    if (released(app, fired)) {
        k->more_open = false;
        press_char(app, te, out);
    }
}

/* The strip above the keys: a key's alternates, the field-full message, or pinyin's candidates. */
static void draw_strip(App *app, Ui *ui, TextEdit *te, UiRect strip)
{
    OnScreenKeyboard *k = &app->osk;
    float kh = strip.h;
    if (k->more_open) {
        const OskKey *key = plane_key(app, k->more_row, k->more_col);
        int count = 0;
        char probe[32];
        while (key && count < OSK_MORE_MAX && osk_key_more(key, count, false, probe, sizeof probe)) count++;
        /* over the key held, as far as the strip allows */
        float w = (float)count * (kh * THEME_KEY_ALTERNATE_CELLS + THEME_KEY_GAP) - THEME_KEY_GAP;
        float x = k->more_x + w > strip.x + strip.w ? strip.x + strip.w - w : k->more_x;
        if (x < strip.x) x = strip.x;
        char out[32], id[16];
        for (int i = 0; key && i < OSK_MORE_MAX && osk_key_more(key, i, k->shift != OSK_SHIFT_OFF, out, sizeof out); i++) {
            snprintf(id, sizeof id, "more%d", i);
            mark_key(app, ui, out);
            if (ui_key_button(ui, id, (UiRect){x, strip.y, kh * THEME_KEY_ALTERNATE_CELLS, kh}, out, out, false, NULL)) {
                k->more_open = false;
                press_char(app, te, out);
            }
            x += kh * THEME_KEY_ALTERNATE_CELLS + THEME_KEY_GAP;
        }
        return;
    }
    if (te && textedit_refused(te)) {
        /* the field's own message, repeated where the eyes are (the alert is the field's); a
         * sentence of the interface, so it starts on the interface's side, unlike the keys */
        char too_long[200];
        ui_fixed_end(ui);
        ui_text_block(ui, "full", UI_ROLE_TEXT, 0, strip.x + THEME_KEY_STRIP_PAD_X, strip.y + (kh - THEME_LINE_DENSE) * 0.5f,
                      strip.w - 2 * THEME_KEY_STRIP_PAD_X,
                      FONT_BOLD, THEME_TYPE_DENSE, THEME_ERROR, chrome_field_message(app, te, MSG_NONE, too_long, sizeof too_long));
        ui_fixed_begin(ui);
        return;
    }
    if (current_layout(app) != OSK_PINYIN) return;
    if (app->pinyin_state == PINYIN_FAILED || app->pinyin_state == PINYIN_LOADING) {
        I18nMsg m = app->pinyin_state == PINYIN_FAILED ? MSG_PINYIN_UNAVAILABLE : MSG_PINYIN_LOADING;
        /* the one status element is the outbox's (docs/interface.md §5): this is an alert; a
         * sentence of the interface too, on the interface's side */
        ui_fixed_end(ui);
        ui_text_block(ui, "pinyin-status", m == MSG_PINYIN_UNAVAILABLE ? UI_ROLE_ALERT : UI_ROLE_TEXT, 0,
                      strip.x + THEME_KEY_STRIP_PAD_X, strip.y + (kh - THEME_LINE_DENSE) * 0.5f,
                      strip.w - 2 * THEME_KEY_STRIP_PAD_X, FONT_REGULAR, THEME_TYPE_DENSE, THEME_TEXT, msg(app, m));
        ui_fixed_begin(ui);
        return;
    }
    if (!composing_pinyin(app) || k->composing != te) return;
    const PinyinInput *in = &k->pinyin;
    float arrow = kh, cell = kh * THEME_KEY_CANDIDATE_CELLS;
    /* a page's room leaves both arrows' places, so that paging keeps the pages as they were */
    int per_page = (int)((strip.w - 2 * (arrow + THEME_KEY_GAP) + THEME_KEY_GAP) / (cell + THEME_KEY_GAP));
    if (per_page < 1) per_page = 1;
    int pages = pinyin_page_count(in, per_page);
    if (k->page >= pages) k->page = pages > 0 ? pages - 1 : 0;
    const char *group = msg(app, MSG_CANDIDATES);
    int node = ui_node_begin(ui, "candidates", UI_ROLE_GROUP, group, strlen(group));
    ui_node_rect(ui, node, strip);
    if (k->page > 0 && ui_key_button(ui, "cand-prev", (UiRect){strip.x, strip.y, arrow, kh}, "",
                                     msg(app, MSG_KEY_PREV_PAGE), false, NULL)) {
        k->page--;
        ui->fired_any = true;
    }
    if (k->page > 0) arrow_icon(ui, (UiRect){strip.x, strip.y, arrow, kh}, 3, THEME_TEXT, false);
    /* the first page starts where the keys do; a later one after the arrow back */
    float x = k->page > 0 ? strip.x + arrow + THEME_KEY_GAP : strip.x;
    int first = k->page * per_page;
    for (int i = first; i < in->candidate_count && i < first + per_page; i++) {
        const PinyinCandidate *c = &in->candidates[i];
        char text[256], id[16];
        memcpy(text, c->text, c->len);
        text[c->len] = '\0';
        snprintf(id, sizeof id, "cand%d", i - first);
        ui_mark_lang(ui, text, c->len, "zh");
        if (ui_key_button(ui, id, (UiRect){x, strip.y, cell, kh}, text, text, false, NULL)) {
            choose_candidate(app, te, i);
            ui_node_end(ui);
            return;
        }
        x += cell + THEME_KEY_GAP;
    }
    UiRect next = {strip.x + strip.w - arrow, strip.y, arrow, kh};
    if (k->page + 1 < pages) {
        if (ui_key_button(ui, "cand-next", next, "", msg(app, MSG_KEY_NEXT_PAGE), false, NULL)) {
            k->page++;
            ui->fired_any = true;
        }
        arrow_icon(ui, next, 4, THEME_TEXT, false);
    }
    ui_node_end(ui);
}

void chrome_keyboard(App *app, Ui *ui, const Frame *f, TextEdit *te)
{
    OnScreenKeyboard *k = &app->osk;
    UiRect area = f->osk;
    ui_rect(ui, area, THEME_KEYBOARD_BG, 0);
    const char *name = msg(app, MSG_KEYBOARD);
    int node = ui_node_begin(ui, "osk", UI_ROLE_KEYBOARD, name, strlen(name));
    ui_node_rect(ui, node, area);
    float gap = THEME_KEY_GAP, kh = f->target;
    float width = f->w - 2 * THEME_KEYBOARD_MARGIN_X > THEME_KEYBOARD_MAX_W ? THEME_KEYBOARD_MAX_W
                                                                            : f->w - 2 * THEME_KEYBOARD_MARGIN_X;
    float x0 = (f->w - width) * 0.5f;
    if (!held_still(app)) k->held = 0;

    draw_strip(app, ui, te, (UiRect){x0, area.y + THEME_KEYBOARD_PAD_Y, width, kh});

    const OskPlane *plane = current_plane(app);
    int units = 10; /* a row is at least ten keys wide, so keys are as wide in every layout */
    for (int r = 0; r < OSK_ROWS; r++)
        if (plane->rows[r].count > units) units = plane->rows[r].count;
    float unit = (width + gap) / (float)units, kw = unit - gap;
    float y = area.y + THEME_KEYBOARD_PAD_Y + kh + gap;
    KeyPreview pv = {0};
    for (int r = 0; r < OSK_ROWS; r++, y += kh + gap) {
        const OskRow *row = &plane->rows[r];
        /* a row with fewer keys is centred; its shift and backspace widen to the edges */
        int extra = units - row->count;
        float x = x0;
        for (int c = 0; c < row->count; c++) {
            const OskKey *key = &row->keys[c];
            float w = kw;
            bool edge = key->kind != OSK_KEY_CHAR;
            if (extra > 0 && edge) w += unit * (float)extra * 0.5f;
            if (c == 0 && !edge) x += unit * (float)extra * 0.5f;
            draw_key(app, ui, te, key, r, c, (UiRect){x, y, w, kh}, &pv);
            x += w + gap;
        }
    }

    /* the bottom row: layers, globe, punctuation, space, new line or @, Done */
    OskLayout layout = current_layout(app);
    float x = x0;
    bool symbols = k->layer == OSK_LAYER_SYMBOLS;
    const char *sym_label = symbols ? osk_layout_sample(layout) : "?123";
    UiRect sym = {x, y, unit * THEME_KEY_SYMBOLS_UNITS - gap, kh};
    if (ui_key_button(ui, "symbols", sym, sym_label, msg(app, symbols ? MSG_KEY_LETTERS : MSG_KEY_SYMBOLS), symbols, NULL)) {
        k->layer = k->layer == OSK_LAYER_SYMBOLS ? OSK_LAYER_LETTERS : OSK_LAYER_SYMBOLS;
        k->more_open = false;
        ui->fired_any = true;
    }
    x += unit * THEME_KEY_SYMBOLS_UNITS;
    if (osk_plane(layout, OSK_LAYER_ACCENTS)) {
        bool on = k->layer == OSK_LAYER_ACCENTS;
        if (ui_key_button(ui, "accents", (UiRect){x, y, kw, kh}, on ? "abc" : "àé",
                          msg(app, on ? MSG_KEY_LETTERS : MSG_KEY_ACCENTS), on, NULL)) {
            k->layer = on ? OSK_LAYER_LETTERS : OSK_LAYER_ACCENTS;
            k->more_open = false;
            ui->fired_any = true;
        }
        x += unit;
    }
    I18nLang langs[EVENT_MAX_LANGS];
    int nl = 0;
    for (int i = 0; i < app->event.language_count && nl < EVENT_MAX_LANGS; i++)
        langs[nl++] = i18n_lang_from_tag(app->event.languages[i]);
    OskLayout next = osk_layout_next(layout, langs, nl, app->lang);
    if (next != layout) {
        char gname[160];
        const char *next_name = osk_layout_name(next);
        snprintf(gname, sizeof gname, msg(app, MSG_KEY_NEXT_LAYOUT), next_name);
        UiRect g = {x, y, kw, kh};
        ui_mark_lang(ui, next_name, strlen(next_name), i18n_lang_tag(osk_layout_lang(next)));
        if (ui_key_button(ui, "globe", g, "", gname, false, NULL)) {
            settle_composition(app, te);
            keyboard_commit_letters(app);
            k->layout = next;
            k->layout_chosen = true;
            k->layer = OSK_LAYER_LETTERS;
            k->more_open = false;
            ui->fired_any = true;
        }
        globe_icon(ui, g.x + THEME_KEY_GLOBE_AT, g.y + THEME_KEY_GLOBE_AT, THEME_KEY_GLOBE_R, THEME_TEXT_MUTED, ui->style.surface);
        ui_label_fit(ui, (UiRect){g.x + THEME_KEY_LABEL_PAD, g.y + THEME_KEY_GLOBE_LABEL_TOP, g.w - 2 * THEME_KEY_LABEL_PAD,
                                  g.h - (THEME_KEY_GLOBE_LABEL_TOP + THEME_KEY_LABEL_PAD)}, FONT_REGULAR, THEME_SIZE_BODY, THEME_TEXT, 0,
                     next_name);
        x += unit;
    }
    float right = x0 + width;
    float done_w = unit * THEME_KEY_DONE_UNITS - gap, small = kw;
    float space_w = right - x - (small + gap) * 3 - done_w - gap;
    if (ui_key_button(ui, "comma", (UiRect){x, y, small, kh}, plane->comma, plane->comma, false, NULL))
        press_char(app, te, plane->comma);
    x += small + gap;
    const char *space = msg(app, MSG_KEY_SPACE);
    if (ui_key_button(ui, "space", (UiRect){x, y, space_w, kh}, space, space, false, NULL)) {
        if (composing_pinyin(app) && k->composing == te) settle_composition(app, te);
        else press_char(app, te, " ");
    }
    x += space_w + gap;
    if (ui_key_button(ui, "stop", (UiRect){x, y, small, kh}, plane->stop, plane->stop, false, NULL))
        press_char(app, te, plane->stop);
    x += small + gap;
    if (te && te->multiline) {
        if (ui_key_button(ui, "enter", (UiRect){x, y, small, kh}, "", msg(app, MSG_KEY_ENTER), false, NULL)) {
            if (composing_pinyin(app) && k->composing == te) keyboard_commit_letters(app);
            else press_char(app, te, "\n");
            ui->fired_any = true;
        }
        arrow_icon(ui, (UiRect){x, y, small, kh}, 2, THEME_TEXT, false);
    } else if (ui_key_button(ui, "at", (UiRect){x, y, small, kh}, "@", "@", false, NULL)) {
        press_char(app, te, "@");
    }
    x += small + gap;
    const char *done = msg(app, MSG_KEY_DONE);
    if (ui_key_button(ui, "done", (UiRect){x, y, right - x, kh}, done, done, false, NULL)) {
        keyboard_commit_letters(app);  /* the field keeps what was typed */
        k->more_open = false;
        app->ui_mem.focus = 0;         /* hides the keyboard */
        ui->fired_any = true;
    }
    /* the key under the finger, shown larger above it (drawn last: over everything) */
    if (pv.on) {
        UiRect b = {pv.r.x - THEME_KEY_PREVIEW_SPREAD, pv.r.y - kh - THEME_KEY_PREVIEW_LIFT, pv.r.w + 2 * THEME_KEY_PREVIEW_SPREAD,
                     kh + THEME_KEY_PREVIEW_EXTRA_H};
        ui_frame_rect(ui, b, THEME_SURFACE, THEME_ACCENT, THEME_BORDER_SELECTED, THEME_RADIUS_CONTROL);
        ui_label_fit(ui, ui_inset(b, THEME_KEY_LABEL_PAD), FONT_REGULAR, THEME_SIZE_KEY_PREVIEW, THEME_TEXT, 0, pv.label);
    }
    ui_node_end(ui);
}
