/* ui.c — draw-command and semantics-node lists for one frame (see ui.h).
 * Never allocates: everything lives in the Ui struct, which the caller owns. */
#include "ui/ui.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void overflow(Ui *ui, const char *what)
{
    if (!ui->overflow) fprintf(stderr, "ui: %s capacity exceeded; frame incomplete\n", what);
    ui->overflow = true;
}

uint32_t ui_hash(const void *data, size_t len, uint32_t seed)
{
    /* FNV-1a: cheap, stable, good enough for widget ids and change detection */
    const unsigned char *p = data;
    uint32_t h = seed ? seed : 2166136261u;
    for (size_t i = 0; i < len; i++) { h ^= p[i]; h *= 16777619u; }
    return h;
}

void ui_begin(Ui *ui, FontSystem *fonts, float width_px, float height_px)
{
    ui->fonts = fonts;
    ui->width_px = width_px;
    ui->height_px = height_px;
    ui->cmd_count = 0;
    ui->node_count = 0;
    ui->text_used = 0;
    ui->depth = 0;
    ui->overflow = false;
}

bool ui_end(Ui *ui)
{
    if (ui->depth != 0) {
        fprintf(stderr, "ui: %d semantics node(s) left open\n", ui->depth);
        return false;
    }
    return !ui->overflow;
}

static UiCmd *push_cmd(Ui *ui, UiCmdKind kind)
{
    if (ui->cmd_count >= UI_MAX_CMDS) { overflow(ui, "command"); return NULL; }
    UiCmd *c = &ui->cmds[ui->cmd_count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    return c;
}

static bool store_text(Ui *ui, const char *text, size_t len, uint32_t *off)
{
    if (len > UI_TEXT_BYTES - ui->text_used) { overflow(ui, "text"); return false; }
    memcpy(ui->text + ui->text_used, text, len);
    *off = (uint32_t)ui->text_used;
    ui->text_used += len;
    return true;
}

void ui_rect(Ui *ui, UiRect r, UiColor c, float radius)
{
    if (r.w <= 0 || r.h <= 0 || c.a == 0) return;
    UiCmd *cmd = push_cmd(ui, UI_CMD_RECT);
    if (!cmd) return;
    cmd->rect = r;
    cmd->color = c;
    cmd->radius = radius;
}

void ui_clip(Ui *ui, UiRect r)
{
    UiCmd *cmd = push_cmd(ui, UI_CMD_CLIP);
    if (cmd) cmd->rect = r;
}

void ui_unclip(Ui *ui)
{
    ui_clip(ui, (UiRect){0, 0, -1, -1});
}

void ui_text(Ui *ui, float x, float baseline, FontFace face, float size_px, UiColor c,
             const char *text, size_t len)
{
    if (len == 0) return;
    /* runs entirely outside the viewport cost nothing to skip */
    if (baseline < -size_px * 2 || baseline - size_px > ui->height_px + size_px * 2) return;
    UiCmd *cmd = push_cmd(ui, UI_CMD_TEXT);
    if (!cmd) return;
    if (!store_text(ui, text, len, &cmd->text_off)) { ui->cmd_count--; return; }
    cmd->rect = (UiRect){x, baseline, 0, 0};
    cmd->color = c;
    cmd->face = face;
    cmd->size_px = size_px;
    cmd->text_len = (uint32_t)len;
}

static float paragraph(Ui *ui, const Ui *measure, float x, float y, float w, FontFace face,
                       float size_px, float line_height, UiColor c, const char *text, size_t len)
{
    const FontSystem *fs = measure->fonts;
    float ascent = font_ascent(fs, face, size_px);
    /* centre the glyph box in the line: extra leading split above and below */
    float lead = (line_height - font_line_height(fs, face, size_px)) * 0.5f;
    float top = y;
    size_t pos = 0;
    while (pos < len) {
        size_t next;
        size_t n = font_wrap_line(fs, face, size_px, text + pos, len - pos, w, &next);
        if (ui) ui_text(ui, x, y + lead + ascent, face, size_px, c, text + pos, n);
        y += line_height;
        if (next == 0) break; /* cannot happen: font_wrap_line always advances */
        pos += next;
    }
    return y - top;
}

float ui_paragraph(Ui *ui, float x, float y, float w, FontFace face, float size_px,
                   float line_height, UiColor c, const char *text, size_t len)
{
    return paragraph(ui, ui, x, y, w, face, size_px, line_height, c, text, len);
}

float ui_paragraph_height(const Ui *ui, float w, FontFace face, float size_px, float line_height,
                          const char *text, size_t len)
{
    return paragraph(NULL, ui, 0, 0, w, face, size_px, line_height, (UiColor){0}, text, len);
}

int ui_node_begin(Ui *ui, const char *key, UiRole role, const char *name, size_t name_len)
{
    if (ui->node_count >= UI_MAX_NODES || ui->depth >= UI_MAX_DEPTH) {
        overflow(ui, "semantics");
        /* keep begin/end balanced even when the node is dropped */
        if (ui->depth < UI_MAX_DEPTH) ui->parents[ui->depth++] = -1;
        return -1;
    }
    int parent = ui->depth > 0 ? ui->parents[ui->depth - 1] : -1;
    uint32_t seed = parent >= 0 ? ui->nodes[parent].id : 0;
    UiNode *n = &ui->nodes[ui->node_count];
    memset(n, 0, sizeof *n);
    n->id = ui_hash(key, strlen(key), seed);
    n->parent = parent;
    n->role = role;
    if (name_len && !store_text(ui, name, name_len, &n->name_off)) return -1;
    n->name_len = (uint32_t)name_len;
    ui->parents[ui->depth++] = ui->node_count;
    return ui->node_count++;
}

void ui_node_end(Ui *ui)
{
    if (ui->depth > 0) ui->depth--;
}

void ui_node_rect(Ui *ui, int node, UiRect r)
{
    if (node >= 0 && node < ui->node_count) ui->nodes[node].rect = r;
}

void ui_node_level(Ui *ui, int node, int level)
{
    if (node >= 0 && node < ui->node_count) ui->nodes[node].level = level;
}

const char *ui_role_name(UiRole role)
{
    static const char *const names[UI_ROLE_COUNT] = {
        [UI_ROLE_GROUP] = "group", [UI_ROLE_HEADING] = "heading", [UI_ROLE_TEXT] = "text",
        [UI_ROLE_LIST] = "list", [UI_ROLE_LISTITEM] = "listitem", [UI_ROLE_BUTTON] = "button",
        [UI_ROLE_STATUS] = "status", [UI_ROLE_ALERT] = "alert", [UI_ROLE_MAIN] = "main",
    };
    return role < UI_ROLE_COUNT ? names[role] : "group";
}

/* Appends to a bounded buffer; once full, *len runs past cap and the caller reports 0. */
typedef struct Out { char *buf; size_t cap, len; } Out;

static void out_bytes(Out *o, const char *s, size_t n)
{
    if (o->len + n < o->cap) memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void out_str(Out *o, const char *s) { out_bytes(o, s, strlen(s)); }

static void out_fmt_num(Out *o, float v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%.1f", (double)(isfinite(v) ? v : 0.0f));
    out_bytes(o, tmp, (size_t)n);
}

static void out_json_string(Out *o, const char *s, size_t n)
{
    out_bytes(o, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') { char e[2] = {'\\', (char)ch}; out_bytes(o, e, 2); }
        else if (ch < 0x20) { char e[8]; int k = snprintf(e, sizeof e, "\\u%04x", ch); out_bytes(o, e, (size_t)k); }
        else out_bytes(o, (const char *)&ch, 1);
    }
    out_bytes(o, "\"", 1);
}

size_t ui_semantics_json(const Ui *ui, char *buf, size_t cap)
{
    Out o = {buf, cap, 0};
    out_str(&o, "[");
    for (int i = 0; i < ui->node_count; i++) {
        const UiNode *n = &ui->nodes[i];
        char id[16];
        snprintf(id, sizeof id, "%08x", (unsigned)n->id);
        out_str(&o, i ? ",{\"id\":\"" : "{\"id\":\"");
        out_str(&o, id);
        out_str(&o, "\",\"p\":\"");
        if (n->parent >= 0) {
            snprintf(id, sizeof id, "%08x", (unsigned)ui->nodes[n->parent].id);
            out_str(&o, id);
        }
        out_str(&o, "\",\"role\":\"");
        out_str(&o, ui_role_name(n->role));
        out_str(&o, "\"");
        if (n->level) { char lv[24]; snprintf(lv, sizeof lv, ",\"level\":%d", n->level); out_str(&o, lv); }
        out_str(&o, ",\"name\":");
        out_json_string(&o, ui->text + n->name_off, n->name_len);
        out_str(&o, ",\"x\":"); out_fmt_num(&o, n->rect.x);
        out_str(&o, ",\"y\":"); out_fmt_num(&o, n->rect.y);
        out_str(&o, ",\"w\":"); out_fmt_num(&o, n->rect.w);
        out_str(&o, ",\"h\":"); out_fmt_num(&o, n->rect.h);
        out_str(&o, "}");
    }
    out_str(&o, "]");
    if (o.len >= cap) return 0;
    buf[o.len] = '\0';
    return o.len;
}
