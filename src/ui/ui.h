/* ui.h — the immediate-mode UI layer: widgets emit a flat list of draw commands and a flat
 * list of semantics nodes (role, accessible name, value, state, rectangle) for the
 * accessibility mirror, and react to one input at a time.
 * Knows nothing of SDL or the browser; all geometry is in CSS px. Fixed capacities: running
 * out is reported loudly (ui->overflow and a message), never by silently dropping content.
 *
 * Input model: every input (press, release, key, activation from the mirror, …) is handled by
 * a whole pass over the screen, so a widget sees a press on the very pass its rectangle is
 * known — no tap is lost because the widget was not "hovered" in an earlier frame. Buttons
 * fire on release inside their rectangle (slop-expanded); a drag cancels the press. */
#ifndef PARLEY_UI_H
#define PARLEY_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/textedit.h"
#include "ui/font.h"

#define UI_MAX_CMDS      8192
#define UI_MAX_NODES     1024
#define UI_TEXT_BYTES    (256u * 1024u)
#define UI_MAX_DEPTH     32
#define UI_MAX_FOCUSABLE 256
#define UI_MAX_LANG_MARKS 64     /* texts of another language marked in one pass */
#define UI_LANG_TAG      12       /* a BCP 47 tag as the event gives it, NUL included */
#define UI_TAP_SLOP_PX   12.0f   /* a release this far outside still counts; a move this far drags */
/* A text field's text: size and line height, and its padding. The mirror's real <input> and
 * <textarea> over it use the same (web/parley.css; test_mirror_css fails when they drift),
 * so the browser's caret, selection and IME window land where the canvas draws the text. */
#define UI_FIELD_FONT_PX 18
#define UI_FIELD_LINE_PX 26
#define UI_FIELD_PAD_X   14      /* left and right */
#define UI_FIELD_PAD_Y   12      /* above and below a multi-line field's lines */

typedef struct UiRect { float x, y, w, h; } UiRect;
typedef struct UiColor { uint8_t r, g, b, a; } UiColor;

typedef enum UiCmdKind { UI_CMD_RECT, UI_CMD_TEXT, UI_CMD_CLIP, UI_CMD_LINE } UiCmdKind;

typedef struct UiCmd {
    UiCmdKind kind;
    UiRect rect;        /* RECT: the area; TEXT: x = left, y = baseline; CLIP: area, w < 0 = none;
                         * LINE: from (x, y) to (x + w, y + h) */
    UiColor color;
    float radius;       /* RECT: corner radius; LINE: thickness */
    FontFace face;      /* TEXT */
    TextDir dir;        /* TEXT: paragraph direction of the line (AUTO: its first strong character) */
    float size_px;      /* TEXT: em size */
    uint32_t text_off, text_len; /* TEXT: bytes in Ui.text */
    bool fixed;         /* placed in screen coordinates: not mirrored (see UiStyle.rtl) */
} UiCmd;

typedef enum UiRole {
    UI_ROLE_GROUP, UI_ROLE_HEADING, UI_ROLE_TEXT, UI_ROLE_LIST, UI_ROLE_LISTITEM,
    UI_ROLE_BUTTON, UI_ROLE_STATUS, UI_ROLE_ALERT, UI_ROLE_MAIN, UI_ROLE_TEXTBOX,
    UI_ROLE_CHECKBOX, UI_ROLE_RADIO, UI_ROLE_RADIOGROUP, UI_ROLE_SCROLL, UI_ROLE_DIALOG,
    UI_ROLE_NAVIGATION, UI_ROLE_KEYBOARD, UI_ROLE_COUNT
} UiRole;

enum {
    UI_FLAG_FOCUSABLE = 1u << 0,
    UI_FLAG_FOCUSED   = 1u << 1,
    UI_FLAG_CHECKED   = 1u << 2,   /* checkbox, radio, toggle button (aria-pressed) */
    UI_FLAG_DISABLED  = 1u << 3,
    UI_FLAG_INVALID   = 1u << 4,
    UI_FLAG_MULTILINE = 1u << 5,
    UI_FLAG_CURRENT   = 1u << 6,   /* aria-current: the tab or item in progress */
    UI_FLAG_TOGGLE    = 1u << 7,   /* a button with a pressed state */
    UI_FLAG_REQUIRED  = 1u << 8,
    UI_FLAG_LIVE      = 1u << 9,   /* announced when its text changes */
    UI_FLAG_KEEP_FOCUS = 1u << 10, /* on-screen keys: pressing them leaves focus in the field */
};

/* What a text field expects, so the mirror can ask phones for the right keyboard. */
typedef enum UiInputHint { UI_HINT_TEXT, UI_HINT_NAME, UI_HINT_ORGANIZATION, UI_HINT_EMAIL,
                           UI_HINT_SEARCH, UI_HINT_PASSWORD, UI_HINT_COUNT } UiInputHint;

typedef struct UiNode {
    uint32_t id;        /* stable across frames: hashed from the parent's id and a key */
    int parent;         /* index into Ui.nodes, -1 for the root */
    UiRole role;
    int level;          /* headings: 1..6 */
    uint32_t flags;
    UiInputHint hint;
    UiRect rect;
    float scroll_y, content_h;            /* UI_ROLE_SCROLL */
    uint32_t name_off, name_len;
    uint32_t value_off, value_len;        /* text fields: the value; others: a description */
    uint32_t sel_start, sel_end;          /* text fields: selection in UTF-16 code units */
    bool fixed;                           /* placed in screen coordinates: not mirrored */
    char lang[UI_LANG_TAG];               /* its text's language when not the page's ("" = the page's) */
} UiNode;

typedef enum UiInputKind {
    UI_IN_NONE,      /* a drawing pass */
    UI_IN_PRESS,     /* pointer down at x, y */
    UI_IN_RELEASE,   /* pointer up at x, y */
    UI_IN_CANCEL,    /* the press became a drag or was taken by the system */
    UI_IN_KEY,       /* key (with shift) for the focused widget */
    UI_IN_TEXT,      /* typed text for the focused text field (desktop, on-screen keyboard) */
    UI_IN_ACTIVATE,  /* the mirror activated node `target` (keyboard, screen reader) */
    UI_IN_FOCUS,     /* the mirror moved focus to node `target` (0: nothing focused) */
    UI_IN_EDIT,      /* the mirror's field `target` now holds `text`, selection sel_start..sel_end */
} UiInputKind;

typedef enum UiKey {
    UI_KEY_NONE, UI_KEY_TAB, UI_KEY_ENTER, UI_KEY_SPACE, UI_KEY_ESCAPE,
    UI_KEY_UP, UI_KEY_DOWN, UI_KEY_LEFT, UI_KEY_RIGHT, UI_KEY_HOME, UI_KEY_END,
    UI_KEY_PAGE_UP, UI_KEY_PAGE_DOWN, UI_KEY_BACKSPACE, UI_KEY_DELETE, UI_KEY_SELECT_ALL
} UiKey;

typedef struct UiInput {
    UiInputKind kind;
    float x, y;
    UiKey key;
    bool shift, word;            /* word: ctrl/alt, move or delete by word */
    uint32_t target;
    const char *text;            /* UI_IN_TEXT, UI_IN_EDIT */
    size_t text_len;
    uint32_t sel_start, sel_end; /* UI_IN_EDIT, UTF-16 code units */
    bool focus_visible;          /* UI_IN_FOCUS: the focus came from the keyboard */
} UiInput;

/* What survives between passes; owned by the application. */
typedef struct UiMemory {
    uint32_t active;             /* widget pressed, waiting for the release */
    uint32_t focus;              /* widget with keyboard focus (0: none) */
    bool focus_visible;          /* focus came from the keyboard: draw the ring */
    bool focus_from_ui;          /* focus moved by C (tap, Tab): the mirror should follow */
    uint32_t order[UI_MAX_FOCUSABLE]; /* focusable widgets of the last pass, in order */
    int order_count;
} UiMemory;

typedef struct UiStyle {
    UiColor text, text_muted, surface, border, accent, on_accent, accent_soft, focus, error,
        field, selection, pressed;
    float radius;
    float min_target_px;         /* 48 on phones and laptops, 64 on the touch kiosk */
    bool rtl;                    /* the interface language is written right to left: the whole
                                  * screen is mirrored (see "Mirroring" below) */
} UiStyle;

typedef struct Ui {
    FontSystem *fonts;
    float width_px, height_px;
    UiMemory *mem;
    UiInput in;
    UiStyle style;
    bool fired_any;              /* some widget reacted to this pass's input */
    bool press_claimed;          /* a widget took this pass's press */
    UiRect input_clip;           /* presses outside it reach no widget (scrolled-away content) */
    UiCmd cmds[UI_MAX_CMDS];
    int cmd_count;
    UiNode nodes[UI_MAX_NODES];
    int node_count;
    char text[UI_TEXT_BYTES];
    size_t text_used;
    int parents[UI_MAX_DEPTH];
    int depth;
    uint32_t order[UI_MAX_FOCUSABLE];
    int order_count;
    int fixed_depth;             /* inside ui_fixed_begin/end */
    char page_lang[UI_LANG_TAG]; /* the interface's language, for the mirror's page */
    struct { uint32_t hash; size_t len; char tag[UI_LANG_TAG]; } lang_marks[UI_MAX_LANG_MARKS];
    int lang_mark_count;
    bool overflow;
} Ui;

/* A pass: in may be NULL for drawing only. */
void ui_begin(Ui *ui, FontSystem *fonts, float width_px, float height_px, UiMemory *mem,
              const UiInput *in, const UiStyle *style);
/* Checks that every node was closed; returns false (and logs why) on overflow or imbalance.
 * Mirrors the pass for a right-to-left interface. */
bool ui_end(Ui *ui);

/* Mirroring. Screens lay out in reading order from the left edge, as for a left-to-right
 * language; with UiStyle.rtl the pass is mirrored as a whole at ui_end: every rectangle, line
 * and semantics node is reflected about the screen's vertical axis, and each line of text is
 * moved as a block (its glyphs keep their order, which the text layer has set). Pointer input is
 * reflected the same way at ui_begin, so widgets test presses where they laid themselves out.
 * So tabs, cards, chevrons, progress and countdown bars all run right to left. What must keep
 * its screen geometry (the inside of a text field, whose text the text layer already placed by
 * its own direction; an on-screen keyboard laid out like the physical one) is drawn between
 * ui_fixed_begin and ui_fixed_end, in screen coordinates, with in.x in screen coordinates too. */
void ui_fixed_begin(Ui *ui);
/* Languages for the mirror, so a screen reader reads each text in its own voice: the page's
 * (with its direction), and a text shown in another language (an event field that falls back
 * to another translation, a participant's comment): every node whose name or value is that
 * text carries the tag. Call before the node is made; marks last one pass. */
void ui_page_lang(Ui *ui, const char *tag);
void ui_mark_lang(Ui *ui, const char *text, size_t len, const char *tag);
void ui_fixed_end(Ui *ui);
/* The screen x of a rectangle's left edge laid out at x with width w (ui_fixed_* code). */
float ui_screen_x(const Ui *ui, float x, float w);

/* --- drawing ---------------------------------------------------------------------------- */
void ui_rect(Ui *ui, UiRect r, UiColor c, float radius);
void ui_frame_rect(Ui *ui, UiRect r, UiColor fill, UiColor border, float border_px, float radius);
/* A straight stroke with square ends, e.g. check marks and chevrons. */
void ui_line(Ui *ui, float x0, float y0, float x1, float y1, float width, UiColor c);
void ui_clip(Ui *ui, UiRect r);
void ui_unclip(Ui *ui);
void ui_text(Ui *ui, float x, float baseline, FontFace face, float size_px, UiColor c,
             const char *text, size_t len);
/* A single line centred vertically in r (left, centre or right aligned: align -1, 0, 1). */
void ui_label(Ui *ui, UiRect r, FontFace face, float size_px, UiColor c, int align, const char *text);

/* A label (aligned as ui_label) that shrinks a little, then wraps, rather than spill out of r. */
void ui_label_fit(Ui *ui, UiRect r, FontFace face, float size_px, UiColor c, int align, const char *text);

/* Word-wrapped paragraph in [x, x + w) starting at top y; returns its height. */
float ui_paragraph(Ui *ui, float x, float y, float w, FontFace face, float size_px,
                   float line_height, UiColor c, const char *text, size_t len);
/* Height the same paragraph would take, without drawing. */
float ui_paragraph_height(const Ui *ui, float w, FontFace face, float size_px, float line_height,
                          const char *text, size_t len);

/* --- semantics -------------------------------------------------------------------------- */
/* Opens a node (it becomes the parent of nodes opened until ui_node_end). key makes the id
 * (unique among siblings); the rect can be set once layout knows it. Returns the node index. */
int ui_node_begin(Ui *ui, const char *key, UiRole role, const char *name, size_t name_len);
void ui_node_end(Ui *ui);
void ui_node_rect(Ui *ui, int node, UiRect r);
void ui_node_level(Ui *ui, int node, int level);
void ui_node_flags(Ui *ui, int node, uint32_t flags);
void ui_node_value(Ui *ui, int node, const char *value, size_t len);
void ui_node_scroll(Ui *ui, int node, float scroll_y, float content_h);
uint32_t ui_node_id(const Ui *ui, int node);
/* The id a node with this key would get under the currently open node. */
uint32_t ui_peek_id(const Ui *ui, const char *key);

/* A heading, paragraph or other text block with a node of its own; returns its height. */
float ui_text_block(Ui *ui, const char *key, UiRole role, int level, float x, float y, float w,
                    FontFace face, float size, float line_h, UiColor color, const char *text);

/* --- interaction ------------------------------------------------------------------------ */
/* Presses outside r reach no widget until the next call (whole viewport at ui_begin). */
void ui_input_clip(Ui *ui, UiRect r);

/* The one choke point: makes the widget `id` at r focusable and reports whether this pass's
 * input activates it (release after press inside, Enter/Space when focused, mirror
 * activation). *pressed is true while a press on it is held. */
bool ui_interact(Ui *ui, uint32_t id, UiRect r, bool *pressed);

/* An on-screen keyboard key: never takes focus (typing goes on in the focused field).
 * label is drawn, name is the accessible name ("Shift", "é"); *held (may be NULL) says
 * whether a press on it is held down (for the key preview, repeat and long press). */
bool ui_key_button(Ui *ui, const char *key, UiRect r, const char *label, const char *name, bool on, bool *held);

typedef enum UiButtonKind { UI_BUTTON_PRIMARY, UI_BUTTON_SECONDARY, UI_BUTTON_QUIET } UiButtonKind;
bool ui_button(Ui *ui, const char *key, UiRect r, const char *label, UiButtonKind kind);
/* A toggle button (aria-pressed) or a tab: drawn selected when on. */
bool ui_toggle(Ui *ui, const char *key, UiRect r, const char *label, bool on, uint32_t extra_flags);
/* A tab bar's tabs share one text size: the largest (17 px down to 12 px) at which every label
 * fits its tab on at most two lines without breaking a word; 0 when none does, and the tabs
 * then show icons (icon draws one; the label stays each tab's accessible name). */
typedef void (*UiIconFn)(Ui *ui, UiRect r, UiColor c, int which);
float ui_tab_size(const Ui *ui, float tab_w, float tab_h, const char *const *labels, int count);
bool ui_tab(Ui *ui, const char *key, UiRect r, const char *label, float size_px, bool on,
            UiIconFn icon, int which);
bool ui_checkbox(Ui *ui, const char *key, UiRect r, const char *label, bool *checked);
bool ui_radio(Ui *ui, const char *key, UiRect r, const char *label, bool selected);

/* A text field: drawn value, caret and selection; in the mirror a real editable element.
 * Returns true when its value changed in this pass. error may be NULL. */
bool ui_textfield(Ui *ui, const char *key, UiRect r, const char *label, TextEdit *te,
                  UiInputHint hint, uint32_t flags, const char *error);
/* Height a multi-line field needs to show te at width w (at least min_h). */
float ui_textfield_height(const Ui *ui, float w, const TextEdit *te, float min_h);

bool ui_focus_visible(const Ui *ui, uint32_t id);
/* The keyboard focus around r: a square outline 3 px thick, 1 px outside r (radius is not
 * used: a square ring reads as focus on every shape). */
void ui_focus_ring(Ui *ui, UiRect r, float radius);

/* The semantics list as JSON for the mirror (see web/mirror.js). Returns the length, or 0
 * if cap is too small. */
size_t ui_semantics_json(const Ui *ui, char *buf, size_t cap);

const char *ui_role_name(UiRole role);
uint32_t ui_hash(const void *data, size_t len, uint32_t seed);
bool ui_contains(UiRect r, float x, float y);
UiRect ui_inset(UiRect r, float d);

#endif
