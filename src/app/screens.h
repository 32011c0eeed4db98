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

/* Shared pieces (chrome.c). */
/* A card's frame: the surface, its border (the accent's, thicker, when highlighted), the radius. */
void chrome_card_frame(Ui *ui, UiRect r, bool highlight);
/* A card of lines across the column at y, a list item named `name` (id its key) in the mirror,
 * with THEME_CARD_PAD inside: measured and drawn by this one function, so that what is
 * drawn always fits the frame. Returns its height. */
float chrome_card(Ui *ui, const Frame *f, float y, const char *id, const char *name, const CardLine *lines, int count);
float chrome_heading(Ui *ui, const Frame *f, float y, const char *key, const char *text);
float chrome_field_label(Ui *ui, const Frame *f, float x, float y, float w, const char *text);
float chrome_field_error(Ui *ui, float x, float y, float w, const char *key, const char *text);
float chrome_event_band(const App *app, Ui *ui, const Frame *f, float y, bool full);
void chrome_top_bar(App *app, Ui *ui, const Frame *f, const char *title, AppScreen back);
void chrome_nav(App *app, Ui *ui, const Frame *f);
/* An event field in the visitor's language (falling back field by field, event_text_pick); text
 * shown in another language is marked for the mirror (ui_mark_lang). */
const char *app_event_text(const App *app, Ui *ui, const EventText *t);
void chrome_keyboard(App *app, Ui *ui, const Frame *f, TextEdit *target);
void chrome_countdown(App *app, Ui *ui, const Frame *f);
void chrome_status(App *app, Ui *ui, const Frame *f);
float chrome_osk_height(const App *app, const Frame *f);

float screen_welcome(App *app, Ui *ui, const Frame *f, float y);
float screen_register(App *app, Ui *ui, const Frame *f, float y);
float screen_country(App *app, Ui *ui, const Frame *f, float y);
float screen_agenda(App *app, Ui *ui, const Frame *f, float y);
float screen_item(App *app, Ui *ui, const Frame *f, float y);
float screen_panellists(App *app, Ui *ui, const Frame *f, float y);
float screen_compose(App *app, Ui *ui, const Frame *f, float y);
float screen_receipt(App *app, Ui *ui, const Frame *f, float y);
float screen_check(App *app, Ui *ui, const Frame *f, float y);
/* Opens "Check a reference", with this reference typed in (NULL: empty). */
void app_check_open(App *app, const char *reference);
/* The server's answer to the look-up (AppHost.request); true: the screen changed. */
bool app_check_answer(App *app, int status, const char *body, size_t len);
/* The receipt's QR code of the reference page at (x, y); returns its side, 0 when there is none. */
float screen_receipt_qr(App *app, Ui *ui, const Frame *f, float x, float y, const char *reference);
float screen_mine(App *app, Ui *ui, const Frame *f, float y);
float screen_status(App *app, Ui *ui, const Frame *f, float y);
float screen_event_error(App *app, Ui *ui, const Frame *f, float y);

#endif
