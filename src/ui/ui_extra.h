/* ui_extra.h — widgets composed from ui.h for the staff console: a selectable list row (a
 * virtualised list draws only the rows in view), a state badge, and a password field that
 * draws dots and is a type=password field in the mirror. Portable; built on ui.h only, and
 * never changes how ui.c lays out or draws text. */
#ifndef PARLEY_UI_EXTRA_H
#define PARLEY_UI_EXTRA_H

#include "ui/ui.h"

/* What one row of a list shows. name is its accessible name (all of it in words). */
typedef struct UiListRow {
    const char *name;
    const char *title;      /* bold, first line */
    const char *meta;       /* muted, second line */
    const char *excerpt;    /* third line, cut to the row */
    const char *badge;      /* a small label on the title line, at the end; NULL: none */
    UiColor badge_fill, badge_text;
} UiListRow;

/* A list item holding one button (aria-current when selected). Returns true when activated. */
bool ui_list_row(Ui *ui, const char *key, UiRect r, const UiListRow *row, bool selected);

/* A pill with a short label; returns its width. align 1: r's right edge ends it. */
float ui_badge(Ui *ui, float x, float y, float h, const char *label, UiColor fill, UiColor text);
float ui_badge_width(const Ui *ui, const char *label);

/* A single-line secret field: the canvas shows one dot per character, the mirror holds a
 * real <input type=password> (hint UI_HINT_PASSWORD). Same contract as ui_textfield. */
bool ui_password_field(Ui *ui, const char *key, UiRect r, const char *label, TextEdit *te, uint32_t flags,
                       const char *error);

#endif
