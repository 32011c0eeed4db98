/* ui.h — the immediate-mode UI layer: widgets emit a flat list of draw commands and a flat
 * list of semantics nodes (role, accessible name, rectangle) for the accessibility mirror.
 * Knows nothing of SDL or the browser; all geometry is in CSS px. Fixed capacities: running
 * out is reported loudly (ui->overflow and a message), never by silently dropping content. */
#ifndef PARLEY_UI_H
#define PARLEY_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/font.h"

#define UI_MAX_CMDS   8192
#define UI_MAX_NODES  1024
#define UI_TEXT_BYTES (256u * 1024u)
#define UI_MAX_DEPTH  32

typedef struct UiRect { float x, y, w, h; } UiRect;
typedef struct UiColor { uint8_t r, g, b, a; } UiColor;

typedef enum UiCmdKind { UI_CMD_RECT, UI_CMD_TEXT, UI_CMD_CLIP } UiCmdKind;

typedef struct UiCmd {
    UiCmdKind kind;
    UiRect rect;        /* RECT: the area; TEXT: x = left, y = baseline; CLIP: area, w < 0 = none */
    UiColor color;
    float radius;       /* RECT: corner radius */
    FontFace face;      /* TEXT */
    float size_px;      /* TEXT: em size */
    uint32_t text_off, text_len; /* TEXT: bytes in Ui.text */
} UiCmd;

typedef enum UiRole {
    UI_ROLE_GROUP, UI_ROLE_HEADING, UI_ROLE_TEXT, UI_ROLE_LIST, UI_ROLE_LISTITEM,
    UI_ROLE_BUTTON, UI_ROLE_STATUS, UI_ROLE_ALERT, UI_ROLE_MAIN, UI_ROLE_COUNT
} UiRole;

typedef struct UiNode {
    uint32_t id;        /* stable across frames: hashed from the id stack and a key */
    int parent;         /* index into Ui.nodes, -1 for the root */
    UiRole role;
    int level;          /* headings: 1..6 */
    UiRect rect;
    uint32_t name_off, name_len;
} UiNode;

typedef struct Ui {
    FontSystem *fonts;
    float width_px, height_px;
    UiCmd cmds[UI_MAX_CMDS];
    int cmd_count;
    UiNode nodes[UI_MAX_NODES];
    int node_count;
    char text[UI_TEXT_BYTES];
    size_t text_used;
    int parents[UI_MAX_DEPTH];
    int depth;
    bool overflow;
} Ui;

void ui_begin(Ui *ui, FontSystem *fonts, float width_px, float height_px);
/* Checks that every node was closed; returns false (and logs why) on overflow or imbalance. */
bool ui_end(Ui *ui);

void ui_rect(Ui *ui, UiRect r, UiColor c, float radius);
void ui_clip(Ui *ui, UiRect r);
void ui_unclip(Ui *ui);
void ui_text(Ui *ui, float x, float baseline, FontFace face, float size_px, UiColor c,
             const char *text, size_t len);

/* Word-wrapped paragraph in [x, x + w) starting at top y; returns its height. */
float ui_paragraph(Ui *ui, float x, float y, float w, FontFace face, float size_px,
                   float line_height, UiColor c, const char *text, size_t len);
/* Height the same paragraph would take, without drawing. */
float ui_paragraph_height(const Ui *ui, float w, FontFace face, float size_px, float line_height,
                          const char *text, size_t len);

/* Semantics: opens a node (it becomes the parent of nodes opened until ui_node_end).
 * key makes the id; the rect can be set once layout knows it. Returns the node index. */
int ui_node_begin(Ui *ui, const char *key, UiRole role, const char *name, size_t name_len);
void ui_node_end(Ui *ui);
void ui_node_rect(Ui *ui, int node, UiRect r);
void ui_node_level(Ui *ui, int node, int level);

/* The semantics list as JSON for the mirror:
 * [{"id":"a1b2c3d4","p":"<parent id or empty>","role":"heading","level":1,"name":"…",
 *   "x":0,"y":0,"w":10,"h":10}, …]. Returns the length, or 0 if cap is too small. */
size_t ui_semantics_json(const Ui *ui, char *buf, size_t cap);

const char *ui_role_name(UiRole role);
uint32_t ui_hash(const void *data, size_t len, uint32_t seed);

#endif
