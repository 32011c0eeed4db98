/* screens.h — the layout every screen shares and one function per screen. A screen draws
 * its content into the scroll area starting at y (already offset by the scroll position)
 * and returns the content's height.
 *
 * What a screen may change in App directly: the state of the form it shows and edits, as
 * the visitor edits it — the TextEdits of its fields, the choices its radios and checkboxes
 * are bound to (Participant's category, country and consent, Composer's item, panellist and
 * language), and the field errors it clears once the visitor corrects the field; screen_check
 * owns RefCheck whole (its look-up and answer). Chrome (chrome.c) owns the on-screen
 * keyboard's state (App.osk), drops the focus when the keyboard's Done is pressed, and
 * dismisses the countdown. Everything else — which screen is shown, storing a record,
 * saving the device's records, resetting or starting over, anything sent to the host — goes
 * through the actions below, applied by app.c. */
#ifndef PARLEY_SCREENS_H
#define PARLEY_SCREENS_H

#include "app/app.h"
#include "core/deferred.h"

typedef struct Frame {
    float w, h;            /* viewport, CSS px */
    bool narrow;           /* phone-sized */
    float pad;             /* outer margin */
    float col_x, col_w;    /* the reading column */
    float button_w;        /* a button's width: the column's, at most THEME_BUTTON_MAX_W */
    float target;          /* minimum touch target: 48, or 64 on the kiosk */
    UiRect top, nav, osk, status; /* chrome bars (h = 0 when absent) */
    UiRect content;        /* the scrolled area between them */
} Frame;

/* Actions (app.c). */
void app_go(App *app, AppScreen screen);
void app_open_item(App *app, int item);
void app_compose(App *app, int item, int panellist);
void app_submit_registration(App *app);
void app_submit_comment(App *app);
void app_start_over(App *app);
void app_finish(App *app);        /* a kiosk visitor is done: the app is wiped after the pass */
void app_save_records(App *app);  /* every record on the device to one file (host.save_records) */
void app_text_field(App *app, uint32_t id, TextEdit *te);  /* registers a field for the keyboard */
/* The field that has the focus in this pass (among those registered so far), or NULL. */
TextEdit *app_focused_field(const App *app);

/* One line of a card (chrome_card): drawn in face at size / line_h (a THEME_TYPE_* step), gap
 * px below the line before it; key names its node (role, level), or is NULL for a line only
 * drawn (the first line, when the card's name in the mirror already says it). */
typedef struct CardLine {
    const char *key;
    UiRole role;
    int level;
    FontFace face;
    float size, line_h;
    UiColor color;
    float gap;
    const char *text;
} CardLine;

/* The running meeting (app_live.c, app/live.h): polls due now, the time until the next one
 * (-1: none), and the answers to them (false: not one of theirs; *changed: redraw). */
void app_live_tick(App *app, int64_t now_ms);
int64_t app_live_next_ms(const App *app, int64_t now_ms);
bool app_live_answer(App *app, uint32_t id, int status, const char *body, size_t len, bool *changed);
/* Asks for the floor on `item` (addressed to app->live.choice); registration first. */
void app_floor_request(App *app, int item);
void app_floor_withdraw(App *app);
/* "HH:MM" of unix_ms in the zone tz ("" the device's); false (and "") when unknown. */
bool app_live_clock(const App *app, const char *tz, int64_t unix_ms, char out[8]);
/* screen_floor.c: the agenda's line about the item in progress (since when; offline, as last
 * seen when), and the item screen's "Request the floor"; each returns its height. */
float screen_live_note(App *app, Ui *ui, const Frame *f, float y);
PARLEY_OUT_OF_LINE float screen_floor(App *app, Ui *ui, const Frame *f, float y, int item);

/* Shared pieces (chrome.c). */
/* A card's frame: the surface, its border (the accent's, thicker, when highlighted), the radius. */
void chrome_card_frame(Ui *ui, UiRect r, bool highlight);
/* Cards are measured and drawn by one function each: called with ui NULL it only measures (m
 * gives the fonts, as ui_paragraph_height does) and returns the card's height; called with ui
 * it first measures itself that way, draws the frame that height, then its content on top.
 * chrome_text is such a card's text: a text block (key NULL: a plain paragraph) or, measuring,
 * its height. */
float chrome_text(Ui *ui, const Ui *m, const char *key, UiRole role, int level, float x, float y, float w,
                  FontFace face, float size, float line_h, UiColor color, const char *text);
/* A card of lines across the column at y, a list item named `name` (id its key) in the mirror,
 * with THEME_CARD_PAD inside: measured and drawn by this one function, so that what is
 * drawn always fits the frame. Returns its height. */
float chrome_card(Ui *ui, const Frame *f, float y, const char *id, const char *name, const CardLine *lines, int count);
float chrome_heading(Ui *ui, const Frame *f, float y, const char *key, const char *text);
/* One choice of a radio group across the column, as tall as its label needs and at least a
 * target; returns its height with the gap after it, *picked when it was tapped. */
float chrome_choice(Ui *ui, const Frame *f, float y, const char *key, const char *label, bool selected,
                    bool *picked);
/* "Addressed to": no one in particular (*choice -1), or one of the item's panellists (its
 * index); every key starts with prefix. Returns its height. */
float chrome_addressed_to(App *app, Ui *ui, const Frame *f, float y, const char *prefix, const EventAgendaItem *it,
                          int *choice);
float chrome_field_label(Ui *ui, const Frame *f, float x, float y, float w, const char *text);
float chrome_field_error(Ui *ui, float x, float y, float w, const char *key, const char *text);
/* The message a text field shows: that it refused text too long for it (textedit_refused),
 * formatted into buf, while that stands; otherwise `error` (MSG_NONE: ""). */
const char *chrome_field_message(const App *app, const TextEdit *te, I18nMsg error, char *buf, size_t cap);
float chrome_event_band(const App *app, Ui *ui, const Frame *f, float y, bool full);
void chrome_top_bar(App *app, Ui *ui, const Frame *f, const char *title, AppScreen back);
void chrome_nav(App *app, Ui *ui, const Frame *f);
/* An event field in the visitor's language (falling back field by field, event_text_pick); text
 * shown in another language is marked for the mirror (ui_mark_lang; ui NULL: not marked). */
const char *app_event_text(const App *app, Ui *ui, const EventText *t);
void chrome_countdown(App *app, Ui *ui, const Frame *f);
void chrome_status(App *app, Ui *ui, const Frame *f);

/* The on-screen keyboard (keyboard.c): its height in this frame (0: hidden), the keys, time
 * passing while a key is held (backspace repeat, long-press alternates), and after each pass
 * the end of a composition whose field lost focus or was changed by the mirror. */
float chrome_osk_height(const App *app, const Frame *f);
PARLEY_OUT_OF_LINE void chrome_keyboard(App *app, Ui *ui, const Frame *f, TextEdit *target);
bool keyboard_tick(App *app, int64_t now_ms);
int64_t keyboard_next_tick_ms(const App *app, int64_t now_ms);
void keyboard_after_pass(App *app);
/* The pinyin letters being composed become typed text as they are. */
PARLEY_OUT_OF_LINE void keyboard_commit_letters(App *app);

float screen_welcome(App *app, Ui *ui, const Frame *f, float y);
PARLEY_OUT_OF_LINE float screen_register(App *app, Ui *ui, const Frame *f, float y);
PARLEY_OUT_OF_LINE float screen_country(App *app, Ui *ui, const Frame *f, float y);
float screen_agenda(App *app, Ui *ui, const Frame *f, float y);
float screen_item(App *app, Ui *ui, const Frame *f, float y);
float screen_panellists(App *app, Ui *ui, const Frame *f, float y);
PARLEY_OUT_OF_LINE float screen_compose(App *app, Ui *ui, const Frame *f, float y);
PARLEY_OUT_OF_LINE float screen_receipt(App *app, Ui *ui, const Frame *f, float y);
PARLEY_OUT_OF_LINE float screen_check(App *app, Ui *ui, const Frame *f, float y);
/* Opens "Check a reference", with this reference typed in (NULL: empty). */
void app_check_open(App *app, const char *reference);
/* The server's answer to the look-up (AppHost.request); true: the screen changed. */
PARLEY_OUT_OF_LINE bool app_check_answer(App *app, int status, const char *body, size_t len);
/* The receipt's QR code of the reference page at (x, y); returns its side, 0 when there is none. */
float screen_receipt_qr(App *app, Ui *ui, const Frame *f, float x, float y, const char *reference);
PARLEY_OUT_OF_LINE float screen_mine(App *app, Ui *ui, const Frame *f, float y);
PARLEY_OUT_OF_LINE float screen_status(App *app, Ui *ui, const Frame *f, float y);
float screen_event_error(App *app, Ui *ui, const Frame *f, float y);
float screen_loading(App *app, Ui *ui, const Frame *f, float y);

#endif
