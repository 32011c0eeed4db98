/* theme.h — colours and metrics shared by every screen, in one place.
 * Contrast: text colours meet WCAG AA (4.5:1) on the backgrounds they are used on. */
#ifndef PARLEY_THEME_H
#define PARLEY_THEME_H

#include "ui/ui.h"

#define THEME_BG          ((UiColor){0xF3, 0xF5, 0xF8, 0xFF})
#define THEME_SURFACE     ((UiColor){0xFF, 0xFF, 0xFF, 0xFF})
#define THEME_BORDER      ((UiColor){0xD5, 0xDC, 0xE4, 0xFF})
#define THEME_HEADER      ((UiColor){0x0A, 0x2E, 0x52, 0xFF})
#define THEME_HEADER_TEXT ((UiColor){0xFF, 0xFF, 0xFF, 0xFF})
#define THEME_HEADER_SUB  ((UiColor){0xC6, 0xDB, 0xF0, 0xFF})
#define THEME_TEXT        ((UiColor){0x16, 0x20, 0x2C, 0xFF})
#define THEME_TEXT_MUTED  ((UiColor){0x4A, 0x57, 0x68, 0xFF})
#define THEME_ACCENT      ((UiColor){0x00, 0x5E, 0xA8, 0xFF})
#define THEME_ON_ACCENT   ((UiColor){0xFF, 0xFF, 0xFF, 0xFF})
#define THEME_ERROR       ((UiColor){0xB0, 0x1E, 0x1E, 0xFF})

#define THEME_ACCENT_SOFT ((UiColor){0xDD, 0xEA, 0xF6, 0xFF})
#define THEME_PRESSED     ((UiColor){0x00, 0x48, 0x82, 0xFF})
#define THEME_FOCUS       ((UiColor){0xE0, 0x7A, 0x00, 0xFF})
#define THEME_SELECTION   ((UiColor){0xB6, 0xD4, 0xF2, 0xFF})
#define THEME_SUCCESS     ((UiColor){0x1B, 0x6E, 0x3A, 0xFF})
#define THEME_HEADER_SOFT ((UiColor){0x1E, 0x4A, 0x75, 0xFF}) /* a pressed button on the header */
#define THEME_SCRIM       ((UiColor){0x0A, 0x16, 0x24, 0xB0}) /* behind a dialog */
#define THEME_STATUS_BG   ((UiColor){0xE8, 0xEE, 0xF4, 0xFF}) /* the status line, all well */
#define THEME_STATUS_WARN ((UiColor){0xFF, 0xF4, 0xE0, 0xFF}) /* the status line, offline or refused */
#define THEME_SUCCESS_SOFT ((UiColor){0xDC, 0xF0, 0xE2, 0xFF}) /* behind success text: a published badge */
#define THEME_ERROR_SOFT   ((UiColor){0xF7, 0xE0, 0xE0, 0xFF}) /* behind error text: a withheld badge */
#define THEME_NEUTRAL_SOFT ((UiColor){0xE4, 0xE9, 0xF0, 0xFF}) /* behind plain text: a pending badge */
#define THEME_BANNER_SUCCESS ((UiColor){0xE3, 0xF3, 0xE8, 0xFF}) /* the console's banner: it worked */
#define THEME_BANNER_ERROR   ((UiColor){0xFB, 0xEA, 0xEA, 0xFF}) /* the console's banner: it failed */
#define THEME_KEYBOARD_BG  ((UiColor){0xE4, 0xE9, 0xEF, 0xFF}) /* behind the on-screen keyboard's keys */
#define THEME_QR_DARK     ((UiColor){0x00, 0x00, 0x00, 0xFF}) /* a QR code's modules, on */
#define THEME_QR_LIGHT    ((UiColor){0xFF, 0xFF, 0xFF, 0xFF}) /* its quiet zone and modules off */

/* The type scale: each step's size, and the step as the size and line height in CSS px that
 * a text call takes as two arguments (ui_text_block(..., FONT_BOLD, THEME_TYPE_SUBHEADING,
 * colour, text)); a line fitted to its box takes the size alone (THEME_SIZE_*). Fields are
 * drawn by the ui layer at UI_FIELD_FONT_PX / UI_FIELD_LINE_PX (the LARGE step). */
#define THEME_SIZE_TITLE        28.0f
#define THEME_SIZE_TITLE_NARROW 24.0f
#define THEME_SIZE_HEADING      22.0f
#define THEME_SIZE_SUBHEADING   20.0f
#define THEME_SIZE_LEAD         19.0f
#define THEME_SIZE_LARGE        18.0f
#define THEME_SIZE_BODY         17.0f
#define THEME_SIZE_SMALL        16.0f
#define THEME_SIZE_CAPTION      15.0f
#define THEME_SIZE_BADGE        14.0f /* "Now" on the item in progress */
#define THEME_SIZE_REFERENCE    36.0f /* a receipt's reference, to copy down */
#define THEME_TYPE_TITLE        THEME_SIZE_TITLE, 35.0f        /* a screen's heading, a dialog's title */
#define THEME_TYPE_TITLE_NARROW THEME_SIZE_TITLE_NARROW, 30.0f /* a screen's heading on a phone */
#define THEME_TYPE_HEADING      THEME_SIZE_HEADING, 30.0f
#define THEME_TYPE_SUBHEADING   THEME_SIZE_SUBHEADING, 28.0f   /* a section's heading, a name */
#define THEME_TYPE_LEAD         THEME_SIZE_LEAD, 27.0f         /* an introduction, an item's title */
#define THEME_TYPE_LARGE        THEME_SIZE_LARGE, 26.0f
#define THEME_TYPE_BODY         THEME_SIZE_BODY, 25.0f         /* running text, field labels */
#define THEME_TYPE_SMALL        THEME_SIZE_SMALL, 23.0f        /* secondary lines, field errors */
#define THEME_TYPE_CAPTION      THEME_SIZE_CAPTION, 22.0f      /* states, the event band's label */
/* The title's size with more leading: the receipt's heading (and on a phone), the console's sign-in. */
#define THEME_LINE_TITLE_LOOSE        36.0f
#define THEME_LINE_TITLE_LOOSE_NARROW 31.0f
/* Steps of the denser screens (the console, the Chair's desk, the keyboard's strip). */
#define THEME_SIZE_SECTION         21.0f
#define THEME_SIZE_HINT            14.0f
#define THEME_SIZE_FILTER_CAPTION  13.0f /* a console filter's name above its choice */
#define THEME_SIZE_CONSOLE_HEADING 26.0f
#define THEME_SIZE_KEY_PREVIEW     34.0f /* the letter shown above a held key */
#define THEME_TYPE_CONSOLE_TITLE   THEME_SIZE_TITLE, THEME_LINE_TITLE_LOOSE /* the console's sign-in heading */
#define THEME_TYPE_CONSOLE_HEADING THEME_SIZE_CONSOLE_HEADING, 34.0f /* a console screen's heading */
#define THEME_TYPE_SECTION         THEME_SIZE_SECTION, 28.0f     /* a section of the Chair's desk */
#define THEME_TYPE_READING         THEME_SIZE_BODY, 26.0f        /* a comment's or a draft's text */
#define THEME_LINE_DENSE           24.0f
#define THEME_TYPE_DENSE           THEME_SIZE_BODY, THEME_LINE_DENSE /* a row's title, a keyboard note */
#define THEME_TYPE_NOTE            THEME_SIZE_SMALL, 24.0f       /* an empty list's line, a floor error */
#define THEME_TYPE_LABEL           THEME_SIZE_SMALL, 22.0f       /* a console field's label */
#define THEME_TYPE_HINT_LOOSE      THEME_SIZE_HINT, 22.0f        /* a detail's label */
#define THEME_TYPE_HINT            THEME_SIZE_HINT, 20.0f        /* key help, a paragraph's references */

/* The vertical rhythm: the space after a line or a block, by what it separates. */
#define THEME_GAP_HAIR     2.0f /* a dense row's title and its status line */
#define THEME_GAP_TIGHT    4.0f /* lines of one thing: a name and its organisation, choices */
#define THEME_GAP_LABEL    6.0f /* a field's label and the field, a field and its error, a comment's facts */
#define THEME_GAP_SMALL    8.0f /* a heading and its meta line, a list's last row and a note */
#define THEME_GAP_ROW     10.0f /* a paragraph after a status line, a biography after a name */
#define THEME_GAP         12.0f /* between the cards of a list, under a section's heading */
#define THEME_GAP_GROUP   16.0f /* after a group of fields or a set of actions */
#define THEME_GAP_BLOCK   20.0f /* between blocks of one screen: an introduction and a form */
#define THEME_GAP_SECTION 24.0f /* above and below a screen's content */
#define THEME_GAP_WIDE    28.0f /* after the language choice, a button row before a list */
#define THEME_GAP_LEAD_IN 36.0f /* the welcome screen's actions and the programme below them */
#define THEME_GAP_END     40.0f /* under the last block of a screen that scrolls */
#define THEME_GAP_PAGE    48.0f /* above and below the error screen's message */

#define THEME_RADIUS      12.0f /* cards */
#define THEME_RADIUS_CONTROL 10.0f /* buttons, fields, choices */
#define THEME_RADIUS_DIALOG  16.0f
#define THEME_RADIUS_CHIP    15.0f /* a topic's chip */
#define THEME_BORDER_W        1.0f /* a card's or a control's border */
#define THEME_BORDER_SELECTED 2.0f /* the border of a selected choice or highlighted card, an open filter */
#define THEME_BORDER_FIELD    1.5f /* a field's border at rest (the ui layer draws it so), the country button's */
#define THEME_NARROW_W    600.0f /* below this width a screen is laid out for a phone */
#define THEME_PAGE_PAD     32.0f /* from the screen's edge to the column */
#define THEME_PAGE_PAD_NARROW 16.0f
#define THEME_MAX_COLUMN  880.0f
#define THEME_MIN_COLUMN  120.0f
#define THEME_BUTTON_MAX_W 420.0f /* a button is as wide as the column, up to this */
#define THEME_CARD_PAD    18.0f /* inside a card */
#define THEME_CARD_PAD_NARROW 16.0f /* inside an agenda or panellist card on a phone */
#define THEME_BUTTON_PAD_X    24.0f /* beside a button's label, when the label sets its width */
#define THEME_CARD_BUTTON_MAX_W 360.0f /* a button inside a card */
#define THEME_FIELD_MAX_W     560.0f /* a form's text fields and the country button */
#define THEME_FIELD_MIN_H      52.0f /* a one-line field, on screens whose targets are smaller */
#define THEME_THREE_COLUMNS_MIN_W 560.0f /* from this column width, choices go three to a row */
#define THEME_LANGUAGE_MAX_W  260.0f /* a language's button on the welcome screen */
#define THEME_REFERENCE_FIELD_MAX_W 320.0f /* the field of "Check a reference" */
#define THEME_COMMENT_MIN_H   200.0f /* the comment's text field */
#define THEME_COMMENT_MIN_H_NARROW 160.0f
#define THEME_START_EXTRA_H     8.0f /* the welcome screen's Start is taller than a target */
#define THEME_COUNTRY_CHEVRON_W 36.0f /* the country button's chevron and the space before it */
#define THEME_CHECKBOX_HELP_INSET 52.0f /* the consent's help, under the checkbox's label */
#define THEME_COUNTER_H        22.0f /* the comment's count of characters */
/* The receipt: a check mark on a disc, the title, the reference in a box. */
#define THEME_RECEIPT_TOP      32.0f
#define THEME_RECEIPT_MARK     56.0f
#define THEME_RECEIPT_BOX_H   100.0f
#define THEME_RECEIPT_BOX_PAD_X 20.0f
#define THEME_RECEIPT_LABEL_TOP 12.0f /* "Reference" in the box */
#define THEME_RECEIPT_LABEL_H  24.0f
#define THEME_RECEIPT_VALUE_TOP 40.0f /* the reference itself */
#define THEME_RECEIPT_VALUE_H  48.0f
/* An agenda card: its number in a round badge beside the text, times and "Now" above it. */
#define THEME_AGENDA_PAD       20.0f
#define THEME_AGENDA_BADGE     44.0f
#define THEME_AGENDA_BADGE_NARROW 36.0f
#define THEME_AGENDA_BADGE_GAP 14.0f
#define THEME_AGENDA_META_H    26.0f /* the line of times and "Now" */
#define THEME_PILL_H           22.0f /* "Now", a state's pill */
#define THEME_PILL_PAD_X        8.0f
/* A panellist card: its topics as chips that wrap. */
#define THEME_PANELLIST_PAD    24.0f
#define THEME_CHIP_H           30.0f
#define THEME_CHIP_ROW_H       38.0f /* a chip and the space under it */
#define THEME_CHIP_GAP          8.0f
#define THEME_CHIP_PAD_X       12.0f
/* The error screen: its message beside a bar in the error colour (the loading screen's the same,
 * in the accent colour). */
#define THEME_ERROR_INDENT     24.0f
#define THEME_ERROR_BAR_W       6.0f
#define THEME_CHOICE_TEXT_INSET 60.0f /* a radio choice's mark and padding beside its label */
#define THEME_CHOICE_PAD_Y      20.0f /* above and below a radio choice's label, together */
#define THEME_CHOICE_GAP         4.0f /* between the choices of a group */

/* The event band at the top of the welcome and agenda screens: the title's size (the
 * welcome's full title, the agenda's short one, a phone's) and its leading. */
#define THEME_BAND_TITLE_FULL   27.0f
#define THEME_BAND_TITLE        24.0f
#define THEME_BAND_TITLE_NARROW 21.0f
#define THEME_BAND_TITLE_LEADING 1.28f
#define THEME_BAND_PAD          32.0f /* above and below its text */
#define THEME_BAND_PAD_NARROW   20.0f
/* The top bar, the tabs, the countdown's dialog and the status line. */
#define THEME_BAR_PAD_Y          8.0f /* above and below the top bar's buttons */
#define THEME_BAR_MARGIN        16.0f /* from the screen's edge to the bar's buttons */
#define THEME_BAR_MARGIN_NARROW  8.0f
#define THEME_BAR_BUTTON_PAD_X  16.0f /* beside the language button's label */
#define THEME_BACK_BUTTON_EXTRA_W 56.0f /* the back button's chevron and padding */
#define THEME_TABS_TOP          10.0f /* the tabs below the bar's top border, and under them */
#define THEME_DIALOG_MAX_W     560.0f
#define THEME_DIALOG_PAD        28.0f
#define THEME_STATUS_H          30.0f /* the status line */
#define THEME_STATUS_DOT        10.0f /* the status line's coloured dot */
/* Scrolling by keys, and a focused control brought into view with a margin. */
#define THEME_SCROLL_STEP       48.0f /* the arrow keys */
#define THEME_SCROLL_PAGE_OVERLAP 64.0f /* Page Up/Down keep this much of the last view... */
#define THEME_SCROLL_PAGE_MIN_H 100.0f /* ...in a view taller than this */
#define THEME_FOCUS_MARGIN       8.0f

/* The console: its bars, its list's rows, and from what width it shows two panes. */
#define THEME_CONSOLE_HEADER_H  60.0f
#define THEME_CONSOLE_TABS_H    60.0f
#define THEME_CONSOLE_ROW_H     86.0f /* a comment in the list */
#define THEME_CONSOLE_LOG_ROW_H 74.0f /* an entry of the moderation log, with the space under it */
#define THEME_CONSOLE_FOOTER_H  48.0f /* the keys' help */
#define THEME_CONSOLE_TWO_PANES_MIN_W 980.0f
/* Its controls (a mouse's targets; the Chair's desk has the same) and their spacing. */
#define THEME_CONSOLE_CONTROL_H    48.0f /* a button, the search field, a bar's button */
#define THEME_CONSOLE_BUTTON_PAD_X 20.0f /* beside a button's label */
#define THEME_CONSOLE_HEADER_BUTTON_PAD_X 18.0f /* beside "Sign out" */
#define THEME_CONSOLE_DECISION_PAD_X 22.0f /* beside a decision's label: Publish, Withhold, ... */
#define THEME_CONSOLE_BUTTON_GAP   12.0f /* between a row's buttons */
#define THEME_CONSOLE_BUTTON_ROW_H 56.0f /* a row of buttons and the space under it, when they wrap */
#define THEME_CONSOLE_RADIUS        8.0f /* a filter, a state's tab, a log entry */
#define THEME_CONSOLE_MARGIN       24.0f /* from the screen's edge: the header, tabs and banner */
#define THEME_CONSOLE_MARGIN_NARROW 16.0f
#define THEME_CONSOLE_TABS_MARGIN_NARROW 12.0f
/* The header: the console's name, the event's, the account and "Sign out". */
#define THEME_CONSOLE_TITLE_GAP    20.0f /* the console's name and the event's */
#define THEME_CONSOLE_HEADER_GAP   24.0f /* the event's name and the account */
#define THEME_CONSOLE_SIGN_OUT_GAP 16.0f /* the account and "Sign out" */
/* The tabs, and the stream's state at their end: a dot and a word. */
#define THEME_CONSOLE_TAB_GAP       8.0f
#define THEME_CONSOLE_LIVE_MIN_GAP 16.0f /* the least room after the tabs, else it is left out */
#define THEME_CONSOLE_LIVE_DOT     12.0f
#define THEME_CONSOLE_LIVE_INDENT  20.0f /* the dot and its space before the word */
#define THEME_CONSOLE_BANNER_PAD_Y 10.0f /* above and below the banner's text */
/* Sign-in. */
#define THEME_CONSOLE_SIGNIN_MAX_W 460.0f
#define THEME_CONSOLE_SIGNIN_FIELD_GAP 18.0f /* the account's field and the password's label */
/* The list's pane: search, filters two by two, the states' tabs, the count, the rows. */
#define THEME_CONSOLE_LIST_SHARE    0.4f /* of the width, beside the selected comment... */
#define THEME_CONSOLE_LIST_MIN_W  420.0f /* ...within these */
#define THEME_CONSOLE_LIST_MAX_W  600.0f
#define THEME_CONSOLE_PANE_PAD     20.0f /* beside the list's controls and its empty line */
#define THEME_CONSOLE_PANE_PAD_NARROW 12.0f
#define THEME_CONSOLE_PANE_TOP     14.0f /* above the search field */
#define THEME_CONSOLE_SEARCH_INSET 14.0f /* the search field's name, shown in it while empty */
#define THEME_CONSOLE_COLUMN_GAP    8.0f /* between two filters, two withholding reasons */
#define THEME_CONSOLE_FILTER_H     52.0f /* a filter, a state's tab */
#define THEME_CONSOLE_FILTER_H_TALL 70.0f /* a filter whose name takes two lines */
#define THEME_CONSOLE_FILTER_PAD_X 12.0f /* before a filter's name and choice */
#define THEME_CONSOLE_FILTER_PAD_TOP 4.0f
#define THEME_CONSOLE_FILTER_TEXT_INSET 40.0f /* a filter's width less its text's: the pad, the chevron */
#define THEME_CONSOLE_FILTER_CAPTION_H 20.0f /* a filter's name on one line */
#define THEME_CONSOLE_FILTER_VALUE_ROOM 30.0f /* under a name on two lines: the choice */
#define THEME_CONSOLE_FILTER_VALUE_BOTTOM 29.0f /* the choice's line, from the filter's bottom */
#define THEME_CONSOLE_FILTER_VALUE_H 24.0f
#define THEME_CONSOLE_CHOICE_H     44.0f /* a filter's choice, a withholding reason */
#define THEME_CONSOLE_REASON_ROW_H 46.0f /* a reason and the space under it */
#define THEME_CONSOLE_REASONS_TWO_COLUMNS_MIN_W 560.0f
#define THEME_CONSOLE_STATE_GAP     6.0f /* between the states' tabs */
#define THEME_CONSOLE_STATE_PAD     4.0f /* inside a state's tab */
#define THEME_CONSOLE_STATE_COUNT_H 24.0f
#define THEME_CONSOLE_STATE_LABEL_Y 27.0f /* the state's name under its count */
#define THEME_CONSOLE_STATE_LABEL_H 20.0f
#define THEME_CONSOLE_COUNT_LINE_H 22.0f /* "Showing n of m" */
#define THEME_CONSOLE_EMPTY_H     120.0f /* an empty list */
/* The selected comment: its reference and state, its facts, the decisions, the text. */
#define THEME_CONSOLE_DETAIL_INDENT 32.0f /* from the list's pane, and at the right */
#define THEME_CONSOLE_DETAIL_MAX_W 980.0f
#define THEME_CONSOLE_DETAIL_END   32.0f /* under a comment read alone */
#define THEME_CONSOLE_REF_H        36.0f /* the reference, the heading */
#define THEME_CONSOLE_BADGE_GAP    16.0f /* the reference and its state's badge */
#define THEME_CONSOLE_BADGE_TOP     6.0f
#define THEME_CONSOLE_BADGE_H      26.0f
#define THEME_CONSOLE_LABEL_W     170.0f /* a fact's label, beside its value */
#define THEME_CONSOLE_LABEL_W_NARROW 130.0f
#define THEME_CONSOLE_LABEL_WIDE_MIN_W 520.0f /* from this width, the wider label */
#define THEME_CONSOLE_LABEL_GAP    12.0f /* a label and its value */
#define THEME_CONSOLE_NOTE_MIN_H   80.0f /* the withholding note's field... */
#define THEME_CONSOLE_NOTE_MAX_H  160.0f /* ...which grows up to this */
#define THEME_CONSOLE_KEYS_PAD_Y   12.0f /* above and below the keys' help under the comment */
/* The moderation log: an entry's two lines in a frame. */
#define THEME_CONSOLE_LOG_MAX_W  1100.0f
#define THEME_CONSOLE_LOG_PAD_X    16.0f
#define THEME_CONSOLE_LOG_PAD_TOP   8.0f
#define THEME_CONSOLE_LOG_TITLE_H  26.0f /* what changed */
#define THEME_CONSOLE_LOG_DETAIL_Y 36.0f /* who and when, from the entry's top */
#define THEME_CONSOLE_LOG_DETAIL_H 24.0f
/* The Chair's desk: inside its cards (its buttons are the console's). */
#define THEME_DESK_PAD      16.0f
#define THEME_DESK_BUTTON_GAP   10.0f /* between a row's buttons */
#define THEME_DESK_TEXT_MIN_W  320.0f /* a row's text beside its buttons, else they go under it */
#define THEME_DESK_FIELD_MAX_W 480.0f /* the objecting State party's field */
#define THEME_DESK_EDIT_MIN_H  140.0f /* a summary paragraph being edited */
#define THEME_DESK_COLUMN_MAX_W 1000.0f
#define THEME_DESK_COLUMN_MIN_W  200.0f /* below it, the column takes the whole width */

/* The on-screen keyboard: a strip (alternates, a message, pinyin's candidates) over the keys,
 * the keys a target tall and as wide as the widest row allows. */
#define THEME_KEYBOARD_MAX_W    1100.0f
#define THEME_KEYBOARD_MARGIN_X    8.0f /* from the screen's edges */
#define THEME_KEYBOARD_PAD_Y      10.0f /* above the strip and under the last row */
#define THEME_KEY_GAP              8.0f /* between keys and rows */
#define THEME_KEY_SYMBOLS_UNITS    1.5f /* the symbols key, in keys' widths */
#define THEME_KEY_DONE_UNITS       2.0f /* Done */
#define THEME_KEY_ALTERNATE_CELLS  1.2f /* a long press's alternate, in key heights */
#define THEME_KEY_CANDIDATE_CELLS  2.4f /* a pinyin candidate, in key heights */
#define THEME_KEY_STRIP_PAD_X      8.0f /* beside a message in the strip */
#define THEME_KEY_LABEL_PAD        4.0f /* around a label fitted to a key */
#define THEME_KEY_GLOBE_AT        16.0f /* the globe's centre, from its key's corner */
#define THEME_KEY_GLOBE_R          9.0f
#define THEME_KEY_GLOBE_LABEL_TOP 18.0f /* the next layout's name, under the globe */
#define THEME_KEY_PREVIEW_SPREAD   6.0f /* a held key shown larger: beyond the key each side */
#define THEME_KEY_PREVIEW_LIFT    10.0f /* above the key, over a key's height */
#define THEME_KEY_PREVIEW_EXTRA_H  4.0f /* taller than a key */

/* The widget style for a mode: bigger targets on the shared touch kiosk. */
static inline void theme_style(UiStyle *s, bool kiosk)
{
    *s = (UiStyle){
        .text = THEME_TEXT, .text_muted = THEME_TEXT_MUTED, .surface = THEME_SURFACE,
        .border = THEME_BORDER, .accent = THEME_ACCENT, .on_accent = THEME_ON_ACCENT,
        .accent_soft = THEME_ACCENT_SOFT, .focus = THEME_FOCUS, .error = THEME_ERROR,
        .field = THEME_SURFACE, .selection = THEME_SELECTION, .pressed = THEME_PRESSED,
        .radius = THEME_RADIUS_CONTROL, .min_target_px = kiosk ? 64.0f : 48.0f,
    };
}

#endif
