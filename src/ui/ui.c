/* ui.c — draw commands, semantics nodes and the interaction choke point (see ui.h).
 * Never allocates: everything lives in the Ui struct, which the caller owns. */
#include "ui/ui.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/fnv.h"
#include "core/jsonguard.h"
#include "core/utf8.h"

static void overflow(Ui *ui, const char *what)
{
    if (!ui->overflow) fprintf(stderr, "ui: %s capacity exceeded; frame incomplete\n", what);
    ui->overflow = true;
}

uint32_t ui_hash(const void *data, size_t len, uint32_t seed)
{
    return fnv1a32(data, len, seed ? seed : FNV1A32_BASIS);
}

bool ui_contains(UiRect r, float x, float y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

UiRect ui_inset(UiRect r, float d)
{
    return (UiRect){r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
}

/* Tab and Shift+Tab walk the focusable widgets of the previous pass, in order. */
static void move_focus(UiMemory *mem, bool backwards)
{
    if (mem->order_count == 0) return;
    int at = -1;
    for (int i = 0; i < mem->order_count; i++)
        if (mem->order[i] == mem->focus) at = i;
    int next = at < 0 ? (backwards ? mem->order_count - 1 : 0)
                      : (at + (backwards ? mem->order_count - 1 : 1)) % mem->order_count;
    mem->focus = mem->order[next];
    mem->focus_visible = true;
    mem->focus_from_ui = true;
}

void ui_begin(Ui *ui, FontSystem *fonts, float width_px, float height_px, UiMemory *mem,
              const UiInput *in, const UiStyle *style)
{
    ui->fonts = fonts;
    ui->width_px = width_px;
    ui->height_px = height_px;
    ui->mem = mem;
    ui->in = in ? *in : (UiInput){.kind = UI_IN_NONE};
    ui->style = *style;
    ui->fired_any = false;
    ui->cmd_count = 0;
    ui->node_count = 0;
    ui->text_used = 0;
    ui->depth = 0;
    ui->order_count = 0;
    ui->overflow = false;
    ui->press_claimed = false;
    ui->fixed_depth = 0;
    ui->lang_mark_count = 0;
    ui->input_clip = (UiRect){0, 0, width_px, height_px};
    /* a mirrored screen: pointer positions in the coordinates the widgets lay out in */
    if (ui->style.rtl && (ui->in.kind == UI_IN_PRESS || ui->in.kind == UI_IN_RELEASE || ui->in.kind == UI_IN_CANCEL))
        ui->in.x = width_px - ui->in.x;
    switch (ui->in.kind) {
    case UI_IN_KEY:
        if (ui->in.key == UI_KEY_TAB) { move_focus(mem, ui->in.shift); ui->fired_any = true; }
        break;
    case UI_IN_FOCUS:
        mem->focus = ui->in.target;
        mem->focus_visible = ui->in.focus_visible;
        mem->focus_from_ui = false;
        break;
    case UI_IN_PRESS:
        mem->active = 0; /* focus goes at the end of the pass unless a widget claims the press */
        break;
    case UI_IN_CANCEL:
        mem->active = 0;
        break;
    default:
        break;
    }
}

/* Reflects the pass about the vertical axis (see ui.h, "Mirroring"). */
static void mirror(Ui *ui)
{
    float W = ui->width_px;
    for (int i = 0; i < ui->cmd_count; i++) {
        UiCmd *c = &ui->cmds[i];
        if (c->fixed) continue;
        switch (c->kind) {
        case UI_CMD_RECT:
            c->rect.x = W - c->rect.x - c->rect.w;
            break;
        case UI_CMD_CLIP:
            if (c->rect.w >= 0) c->rect.x = W - c->rect.x - c->rect.w;
            break;
        case UI_CMD_LINE:
            c->rect.x = W - c->rect.x;
            c->rect.w = -c->rect.w;
            break;
        case UI_CMD_TEXT: {
            const TextLayout *l = font_layout(ui->fonts, c->face, c->dir, ui->text + c->text_off, c->text_len);
            c->rect.x = W - c->rect.x - (l ? l->width * c->size_px : 0);
            break;
        }
        }
    }
    for (int i = 0; i < ui->node_count; i++)
        if (!ui->nodes[i].fixed) ui->nodes[i].rect.x = W - ui->nodes[i].rect.x - ui->nodes[i].rect.w;
}

bool ui_end(Ui *ui)
{
    /* remember this pass's focus order for the next Tab */
    memcpy(ui->mem->order, ui->order, (size_t)ui->order_count * sizeof ui->order[0]);
    ui->mem->order_count = ui->order_count;
    if (ui->in.kind == UI_IN_RELEASE) ui->mem->active = 0;
    if (ui->in.kind == UI_IN_PRESS && !ui->press_claimed) {
        ui->mem->focus = 0; /* a press on nothing takes focus away */
        ui->mem->focus_visible = false;
    }
    if (ui->style.rtl) mirror(ui);
    if (ui->depth != 0 || ui->fixed_depth != 0) {
        fprintf(stderr, "ui: %d semantics node(s), %d fixed region(s) left open\n", ui->depth, ui->fixed_depth);
        return false;
    }
    return !ui->overflow;
}

void ui_page_lang(Ui *ui, const char *tag)
{
    snprintf(ui->page_lang, sizeof ui->page_lang, "%s", tag ? tag : "");
}

void ui_mark_lang(Ui *ui, const char *text, size_t len, const char *tag)
{
    if (!text || !len || !tag || !*tag || strlen(tag) >= UI_LANG_TAG || !strcmp(tag, ui->page_lang)) return;
    if (ui->lang_mark_count >= UI_MAX_LANG_MARKS) return; /* unmarked: read in the page's voice */
    ui->lang_marks[ui->lang_mark_count].hash = ui_hash(text, len, 0x4C414E47u);
    ui->lang_marks[ui->lang_mark_count].len = len;
    snprintf(ui->lang_marks[ui->lang_mark_count].tag, UI_LANG_TAG, "%s", tag);
    ui->lang_mark_count++;
}

/* The marked language of a node's text, if any. */
static void node_lang(Ui *ui, UiNode *n, const char *text, size_t len)
{
    if (ui->lang_mark_count == 0 || n->lang[0] || len == 0) return;
    uint32_t h = ui_hash(text, len, 0x4C414E47u);
    for (int i = 0; i < ui->lang_mark_count; i++)
        if (ui->lang_marks[i].hash == h && ui->lang_marks[i].len == len) {
            memcpy(n->lang, ui->lang_marks[i].tag, UI_LANG_TAG);
            return;
        }
}

float ui_screen_x(const Ui *ui, float x, float w)
{
    return ui->style.rtl ? ui->width_px - x - w : x;
}

void ui_fixed_begin(Ui *ui)
{
    if (ui->fixed_depth++ == 0 && ui->style.rtl) ui->in.x = ui->width_px - ui->in.x;
}

void ui_fixed_end(Ui *ui)
{
    if (ui->fixed_depth > 0 && --ui->fixed_depth == 0 && ui->style.rtl) ui->in.x = ui->width_px - ui->in.x;
}

static UiCmd *push_cmd(Ui *ui, UiCmdKind kind)
{
    if (ui->cmd_count >= UI_MAX_CMDS) { overflow(ui, "command"); return NULL; }
    UiCmd *c = &ui->cmds[ui->cmd_count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->fixed = ui->fixed_depth > 0;
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

void ui_line(Ui *ui, float x0, float y0, float x1, float y1, float width, UiColor c)
{
    UiCmd *cmd = push_cmd(ui, UI_CMD_LINE);
    if (!cmd) return;
    cmd->rect = (UiRect){x0, y0, x1 - x0, y1 - y0};
    cmd->radius = width;
    cmd->color = c;
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

void ui_frame_rect(Ui *ui, UiRect r, UiColor fill, UiColor border, float border_px, float radius)
{
    if (border_px > 0 && border.a) {
        ui_rect(ui, r, border, radius);
        r = ui_inset(r, border_px);
        radius = radius > border_px ? radius - border_px : 0;
    }
    ui_rect(ui, r, fill, radius);
}

static void text_cmd(Ui *ui, float x, float baseline, FontFace face, TextDir dir, float size_px, UiColor c,
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
    cmd->dir = dir;
    cmd->size_px = size_px;
    cmd->text_len = (uint32_t)len;
}

void ui_text(Ui *ui, float x, float baseline, FontFace face, float size_px, UiColor c,
             const char *text, size_t len)
{
    text_cmd(ui, x, baseline, face, TEXT_DIR_AUTO, size_px, c, text, len);
}

void ui_label(Ui *ui, UiRect r, FontFace face, float size_px, UiColor c, int align, const char *text)
{
    size_t len = strlen(text);
    float w = font_measure(ui->fonts, face, size_px, text, len);
    float lh = font_line_height(ui->fonts, face, size_px);
    float x = align < 0 ? r.x : align > 0 ? r.x + r.w - w : r.x + (r.w - w) * 0.5f;
    ui_text(ui, x, r.y + (r.h - lh) * 0.5f + font_ascent(ui->fonts, face, size_px), face, size_px, c, text, len);
}

void ui_label_fit(Ui *ui, UiRect r, FontFace face, float size_px, UiColor c, int align, const char *text)
{
    size_t len = strlen(text);
    /* one line if it fits, a little smaller if that fits, else centred lines */
    if (font_measure(ui->fonts, face, size_px, text, len) > r.w) {
        float small = size_px * 0.85f < 13.0f ? 13.0f : size_px * 0.85f;
        size_px = small;
    }
    if (font_measure(ui->fonts, face, size_px, text, len) <= r.w) {
        ui_label(ui, r, face, size_px, c, align, text);
        return;
    }
    float lh = font_line_height(ui->fonts, face, size_px) * 1.05f;
    size_t starts[8], lens[8];
    int n = 0;
    for (size_t pos = 0; pos < len && n < 8;) {
        size_t next;
        lens[n] = font_wrap_line(ui->fonts, face, size_px, text + pos, len - pos, r.w, &next);
        starts[n++] = pos;
        pos += next;
    }
    int all = n;
    while (n > 1 && lh * (float)n > r.h) n--; /* what cannot fit is left out, with an ellipsis */
    float y = r.y + (r.h - lh * (float)n) * 0.5f;
    float asc = font_ascent(ui->fonts, face, size_px) + (lh - font_line_height(ui->fonts, face, size_px)) * 0.5f;
    for (int i = 0; i < n; i++, y += lh) {
        const char *line = text + starts[i];
        size_t line_len = lens[i];
        char cut[512];
        if (i == n - 1 && (n < all || starts[i] + lens[i] < len)) {
            static const char ellipsis[] = "\xe2\x80\xa6";
            float room = r.w - font_measure(ui->fonts, face, size_px, ellipsis, 3);
            size_t next;
            size_t keep = font_wrap_line(ui->fonts, face, size_px, line, len - starts[i], room, &next);
            while (keep > 0 && line[keep - 1] == ' ') keep--;
            if (keep + 3 < sizeof cut) {
                memcpy(cut, line, keep);
                memcpy(cut + keep, ellipsis, 3);
                line = cut;
                line_len = keep + 3;
            }
        }
        float w = font_measure(ui->fonts, face, size_px, line, line_len);
        float x = align < 0 ? r.x : align > 0 ? r.x + r.w - w : r.x + (r.w - w) * 0.5f;
        ui_text(ui, x, y + asc, face, size_px, c, line, line_len);
    }
}

static float paragraph(Ui *ui, const Ui *measure, float x, float y, float w, FontFace face,
                       float size_px, float line_height, UiColor c, const char *text, size_t len)
{
    FontSystem *fs = measure->fonts;
    float ascent = font_ascent(fs, face, size_px);
    /* centre the glyph box in the line: extra leading split above and below */
    float lead = (line_height - font_line_height(fs, face, size_px)) * 0.5f;
    float top = y;
    size_t pos = 0;
    TextDir dir = TEXT_DIR_LTR;
    while (pos < len) {
        /* each paragraph keeps the direction of its first strong character on every line; lines
         * start at the interface's side (mirroring puts them right in a right-to-left one) */
        if (pos == 0 || text[pos - 1] == '\n') dir = text_base_dir(&fs->text, text + pos, len - pos, TEXT_DIR_LTR);
        size_t next;
        size_t n = font_wrap_line_dir(fs, face, size_px, dir, text + pos, len - pos, w, &next);
        if (ui) text_cmd(ui, x, y + lead + ascent, face, dir, size_px, c, text + pos, n);
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
    if (n->id == 0) n->id = 1; /* 0 means "nothing" for focus and activity */
    n->parent = parent;
    n->role = role;
    if (name_len && !store_text(ui, name, name_len, &n->name_off)) {
        ui->parents[ui->depth++] = -1; /* balanced: ui_node_end follows */
        return -1;
    }
    n->name_len = (uint32_t)name_len;
    n->fixed = ui->fixed_depth > 0;
    node_lang(ui, n, name, name_len);
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

void ui_node_flags(Ui *ui, int node, uint32_t flags)
{
    if (node >= 0 && node < ui->node_count) ui->nodes[node].flags |= flags;
}

void ui_node_value(Ui *ui, int node, const char *value, size_t len)
{
    if (node < 0 || node >= ui->node_count) return;
    if (!store_text(ui, value, len, &ui->nodes[node].value_off)) return;
    ui->nodes[node].value_len = (uint32_t)len;
    node_lang(ui, &ui->nodes[node], value, len);
}

void ui_node_scroll(Ui *ui, int node, float scroll_y, float content_h)
{
    if (node < 0 || node >= ui->node_count) return;
    ui->nodes[node].scroll_y = scroll_y;
    ui->nodes[node].content_h = content_h;
}

uint32_t ui_node_id(const Ui *ui, int node)
{
    return node >= 0 && node < ui->node_count ? ui->nodes[node].id : 0;
}

uint32_t ui_peek_id(const Ui *ui, const char *key)
{
    int parent = ui->depth > 0 ? ui->parents[ui->depth - 1] : -1;
    uint32_t seed = parent >= 0 ? ui->nodes[parent].id : 0;
    uint32_t id = ui_hash(key, strlen(key), seed);
    return id ? id : 1; /* 0 means "nothing" for focus and activity */
}

float ui_text_block(Ui *ui, const char *key, UiRole role, int level, float x, float y, float w,
                    FontFace face, float size, float line_h, UiColor color, const char *text)
{
    size_t len = strlen(text);
    int node = ui_node_begin(ui, key, role, text, len);
    float h = ui_paragraph(ui, x, y, w, face, size, line_h, color, text, len);
    ui_node_rect(ui, node, (UiRect){x, y, w, h});
    if (level) ui_node_level(ui, node, level);
    ui_node_end(ui);
    return h;
}

/* --- interaction ------------------------------------------------------------------------ */

static void register_focusable(Ui *ui, uint32_t id)
{
    if (ui->order_count < UI_MAX_FOCUSABLE) ui->order[ui->order_count++] = id;
    else overflow(ui, "focus order");
}

static bool interact(Ui *ui, uint32_t id, UiRect r, bool *pressed, bool takes_focus)
{
    UiMemory *mem = ui->mem;
    const UiInput *in = &ui->in;
    bool fired = false;
    if (takes_focus) register_focusable(ui, id);
    switch (in->kind) {
    case UI_IN_PRESS:
        if (ui_contains(r, in->x, in->y) && ui_contains(ui->input_clip, in->x, in->y) && !ui->press_claimed) {
            ui->press_claimed = true;
            mem->active = id;
            if (takes_focus) {
                mem->focus = id;
                mem->focus_visible = false;
                mem->focus_from_ui = true;
            }
            ui->fired_any = true;
        }
        break;
    case UI_IN_RELEASE:
        if (mem->active == id && ui_contains(ui_inset(r, -UI_TAP_SLOP_PX), in->x, in->y)) fired = true;
        break;
    case UI_IN_ACTIVATE:
        if (in->target == id) {
            fired = true;
            if (takes_focus) mem->focus = id;
        }
        break;
    case UI_IN_KEY:
        if (takes_focus && mem->focus == id && (in->key == UI_KEY_ENTER || in->key == UI_KEY_SPACE)) fired = true;
        break;
    default:
        break;
    }
    if (pressed) *pressed = mem->active == id && in->kind != UI_IN_RELEASE;
    if (fired) ui->fired_any = true;
    return fired;
}

void ui_input_clip(Ui *ui, UiRect r)
{
    ui->input_clip = r;
}

bool ui_interact(Ui *ui, uint32_t id, UiRect r, bool *pressed)
{
    return interact(ui, id, r, pressed, true);
}

bool ui_key_button(Ui *ui, const char *key, UiRect r, const char *label, const char *name, bool on, bool *held)
{
    uint32_t id = ui_peek_id(ui, key);
    bool pressed;
    bool fired = interact(ui, id, r, &pressed, false);
    if (held) *held = pressed;
    const UiStyle *st = &ui->style;
    UiColor fill = on ? st->accent : pressed ? st->accent_soft : st->surface;
    ui_frame_rect(ui, r, fill, st->border, 1.0f, 8.0f);
    ui_label_fit(ui, ui_inset(r, 4.0f), FONT_REGULAR, 24.0f, on ? st->on_accent : st->text, 0, label);
    int node = ui_node_begin(ui, key, UI_ROLE_BUTTON, name, strlen(name));
    ui_node_rect(ui, node, r);
    ui_node_flags(ui, node, UI_FLAG_KEEP_FOCUS | (on ? UI_FLAG_TOGGLE | UI_FLAG_CHECKED : 0));
    ui_node_end(ui);
    return fired;
}

bool ui_focus_visible(const Ui *ui, uint32_t id)
{
    return ui->mem->focus == id && ui->mem->focus_visible;
}

void ui_focus_ring(Ui *ui, UiRect r, float radius)
{
    /* a square outline 3 px thick with 1 px of gap around the widget (its outer edge 4 px
     * outside), so it never hides the label; square whatever the widget's radius */
    UiRect o = ui_inset(r, -4.0f);
    UiColor c = ui->style.focus;
    ui_rect(ui, (UiRect){o.x, o.y, o.w, 3}, c, 0);
    ui_rect(ui, (UiRect){o.x, o.y + o.h - 3, o.w, 3}, c, 0);
    ui_rect(ui, (UiRect){o.x, o.y + 3, 3, o.h - 6}, c, 0);
    ui_rect(ui, (UiRect){o.x + o.w - 3, o.y + 3, 3, o.h - 6}, c, 0);
    (void)radius;
}

static void widget_node(Ui *ui, const char *key, UiRole role, const char *label, UiRect r, uint32_t flags)
{
    int node = ui_node_begin(ui, key, role, label, strlen(label));
    ui_node_rect(ui, node, r);
    uint32_t id = ui_node_id(ui, node);
    ui_node_flags(ui, node, flags | UI_FLAG_FOCUSABLE | (ui->mem->focus == id ? UI_FLAG_FOCUSED : 0));
    ui_node_end(ui);
}

bool ui_button(Ui *ui, const char *key, UiRect r, const char *label, UiButtonKind kind)
{
    uint32_t id = ui_peek_id(ui, key);
    bool pressed;
    bool fired = ui_interact(ui, id, r, &pressed);
    const UiStyle *st = &ui->style;
    UiColor fill = kind == UI_BUTTON_PRIMARY ? st->accent : st->surface;
    UiColor text = kind == UI_BUTTON_PRIMARY ? st->on_accent : st->accent;
    if (pressed) fill = kind == UI_BUTTON_PRIMARY ? st->pressed : st->accent_soft;
    if (kind == UI_BUTTON_SECONDARY) ui_frame_rect(ui, r, fill, st->accent, 2.0f, st->radius);
    else if (kind == UI_BUTTON_PRIMARY || pressed) ui_rect(ui, r, fill, st->radius);
    ui_label_fit(ui, ui_inset(r, 12.0f), FONT_BOLD, 18.0f, text, 0, label);
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, st->radius);
    widget_node(ui, key, UI_ROLE_BUTTON, label, r, 0);
    return fired;
}

bool ui_toggle(Ui *ui, const char *key, UiRect r, const char *label, bool on, uint32_t extra_flags)
{
    uint32_t id = ui_peek_id(ui, key);
    bool pressed;
    bool fired = ui_interact(ui, id, r, &pressed);
    const UiStyle *st = &ui->style;
    if (on) ui_rect(ui, r, st->accent, st->radius);
    else ui_frame_rect(ui, r, pressed ? st->accent_soft : st->surface, st->border, 1.0f, st->radius);
    ui_label_fit(ui, ui_inset(r, 6.0f), FONT_BOLD, 17.0f, on ? st->on_accent : st->text, 0, label);
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, st->radius);
    widget_node(ui, key, UI_ROLE_BUTTON, label, r, (extra_flags & UI_FLAG_CURRENT) ? (on ? UI_FLAG_CURRENT : 0)
                                                        : UI_FLAG_TOGGLE | (on ? UI_FLAG_CHECKED : 0));
    return fired;
}

#define TAB_PAD 4.0f

/* How many lines label needs at size_px in width w, breaking only between words; 0 when a
 * word alone is wider. */
static int label_lines(FontSystem *fs, float size_px, float w, const char *label)
{
    size_t len = strlen(label);
    int lines = 0;
    for (size_t pos = 0; pos < len; lines++) {
        size_t next;
        size_t n = font_wrap_line(fs, FONT_BOLD, size_px, label + pos, len - pos, w, &next);
        if (font_measure(fs, FONT_BOLD, size_px, label + pos, n) > w + 0.01f) return 0; /* a word cut */
        if (n > 0 && pos + n < len && next == n) {
            /* the break falls between two characters: where Unicode allows it, or inside a word */
            size_t b = pos + n, a = b - 1;
            while (a > pos && ((unsigned char)label[a] & 0xC0u) == 0x80u) a--;
            uint32_t before = utf8_decode(label, b, &a), after = utf8_decode(label, len, &b);
            if (!text_break_between(before, after)) return 0;
        }
        if (next == 0) break;
        pos += next;
    }
    return lines;
}

float ui_tab_size(const Ui *ui, float tab_w, float tab_h, const char *const *labels, int count)
{
    float w = tab_w - 2 * TAB_PAD;
    for (float s = 17.0f; s >= 12.0f; s -= 0.5f) {
        float lh = font_line_height(ui->fonts, FONT_BOLD, s) * 1.05f;
        bool all = true;
        for (int i = 0; i < count && all; i++) {
            int n = label_lines(ui->fonts, s, w, labels[i]);
            all = n >= 1 && n <= 2 && (float)n * lh <= tab_h - 4.0f;
        }
        if (all) return s;
    }
    return 0;
}

bool ui_tab(Ui *ui, const char *key, UiRect r, const char *label, float size_px, bool on,
            UiIconFn icon, int which)
{
    uint32_t id = ui_peek_id(ui, key);
    bool pressed;
    bool fired = ui_interact(ui, id, r, &pressed);
    const UiStyle *st = &ui->style;
    UiColor c = on ? st->on_accent : st->text;
    if (on) ui_rect(ui, r, st->accent, st->radius);
    else ui_frame_rect(ui, r, pressed ? st->accent_soft : st->surface, st->border, 1.0f, st->radius);
    if (size_px > 0) {
        UiRect in = ui_inset(r, TAB_PAD);
        size_t len = strlen(label), starts[2] = {0, 0}, lens[2] = {0, 0};
        int n = 0;
        for (size_t pos = 0; pos < len && n < 2; n++) {
            size_t next;
            lens[n] = font_wrap_line(ui->fonts, FONT_BOLD, size_px, label + pos, len - pos, in.w, &next);
            starts[n] = pos;
            if (next == 0) { n++; break; }
            pos += next;
        }
        float lh = font_line_height(ui->fonts, FONT_BOLD, size_px) * 1.05f;
        float asc = font_ascent(ui->fonts, FONT_BOLD, size_px) + (lh - font_line_height(ui->fonts, FONT_BOLD, size_px)) * 0.5f;
        float y = r.y + (r.h - lh * (float)n) * 0.5f;
        for (int i = 0; i < n; i++, y += lh) {
            float lw = font_measure(ui->fonts, FONT_BOLD, size_px, label + starts[i], lens[i]);
            ui_text(ui, in.x + (in.w - lw) * 0.5f, y + asc, FONT_BOLD, size_px, c, label + starts[i], lens[i]);
        }
    } else if (icon) {
        float side = r.h - 16.0f < r.w - 16.0f ? r.h - 16.0f : r.w - 16.0f;
        icon(ui, (UiRect){r.x + (r.w - side) * 0.5f, r.y + (r.h - side) * 0.5f, side, side}, c, which);
    }
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, st->radius);
    widget_node(ui, key, UI_ROLE_BUTTON, label, r, on ? UI_FLAG_CURRENT : 0);
    return fired;
}

/* Checkbox and radio share a layout: a mark, then the label, the whole row is the target. */
static bool mark_row(Ui *ui, const char *key, UiRect r, const char *label, bool on, UiRole role)
{
    uint32_t id = ui_peek_id(ui, key);
    bool pressed;
    bool fired = ui_interact(ui, id, r, &pressed);
    const UiStyle *st = &ui->style;
    if (pressed) ui_rect(ui, r, st->accent_soft, st->radius);
    float box = 28.0f;
    UiRect mark = {r.x + 10.0f, r.y + (r.h - box) * 0.5f, box, box};
    float round = role == UI_ROLE_RADIO ? box * 0.5f : 6.0f;
    if (on) {
        ui_rect(ui, mark, st->accent, round);
        if (role == UI_ROLE_RADIO) ui_rect(ui, ui_inset(mark, 9.0f), st->on_accent, 5.0f);
        else {
            ui_line(ui, mark.x + 7.0f, mark.y + 14.5f, mark.x + 12.0f, mark.y + 19.5f, 3.0f, st->on_accent);
            ui_line(ui, mark.x + 11.0f, mark.y + 19.5f, mark.x + 21.5f, mark.y + 8.5f, 3.0f, st->on_accent);
        }
    } else {
        ui_frame_rect(ui, mark, st->surface, st->text_muted, 2.0f, round);
    }
    float tx = mark.x + box + 14.0f, tw = r.x + r.w - tx - 8.0f;
    float th = ui_paragraph_height(ui, tw, FONT_REGULAR, 18.0f, 25.0f, label, strlen(label));
    ui_paragraph(ui, tx, r.y + (r.h - th) * 0.5f, tw, FONT_REGULAR, 18.0f, 25.0f, st->text, label, strlen(label));
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, st->radius);
    widget_node(ui, key, role, label, r, on ? UI_FLAG_CHECKED : 0);
    return fired;
}

bool ui_checkbox(Ui *ui, const char *key, UiRect r, const char *label, bool *checked)
{
    bool fired = mark_row(ui, key, r, label, *checked, UI_ROLE_CHECKBOX);
    if (fired) *checked = !*checked;
    return fired;
}

bool ui_radio(Ui *ui, const char *key, UiRect r, const char *label, bool selected)
{
    return mark_row(ui, key, r, label, selected, UI_ROLE_RADIO);
}

const char *ui_role_name(UiRole role)
{
    static const char *const names[UI_ROLE_COUNT] = {
        [UI_ROLE_GROUP] = "group", [UI_ROLE_HEADING] = "heading", [UI_ROLE_TEXT] = "text",
        [UI_ROLE_LIST] = "list", [UI_ROLE_LISTITEM] = "listitem", [UI_ROLE_BUTTON] = "button",
        [UI_ROLE_STATUS] = "status", [UI_ROLE_ALERT] = "alert", [UI_ROLE_MAIN] = "main",
        [UI_ROLE_TEXTBOX] = "textbox", [UI_ROLE_CHECKBOX] = "checkbox", [UI_ROLE_RADIO] = "radio",
        [UI_ROLE_RADIOGROUP] = "radiogroup", [UI_ROLE_SCROLL] = "scroll", [UI_ROLE_DIALOG] = "dialog",
        [UI_ROLE_NAVIGATION] = "navigation", [UI_ROLE_KEYBOARD] = "keyboard",
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

/* A coordinate to a tenth of a pixel, like "%.1f" but without printf's cost (a screen has
 * hundreds of them, and this runs in every frame that changed). */
static void out_fmt_num(Out *o, float v)
{
    char tmp[32];
    if (!isfinite(v)) v = 0.0f;
    if (!(fabsf(v) < 1e8f)) {
        int n = snprintf(tmp, sizeof tmp, "%.1f", (double)v);
        out_bytes(o, tmp, (size_t)n);
        return;
    }
    /* a float times ten is exact in a double, and rint rounds a tie to even, as printf does */
    long long tenths = llrint((double)v * 10.0);
    unsigned long long a = tenths < 0 ? (unsigned long long)-tenths : (unsigned long long)tenths;
    char *end = tmp + sizeof tmp, *p = end;
    *--p = (char)('0' + a % 10);
    *--p = '.';
    a /= 10;
    do { *--p = (char)('0' + a % 10); a /= 10; } while (a);
    if (tenths < 0) *--p = '-';
    out_bytes(o, p, (size_t)(end - p));
}

static bool out_sink(void *ctx, const char *bytes, size_t n)
{
    out_bytes(ctx, bytes, n);
    return true;
}

static void out_json_string(Out *o, const char *s, size_t n)
{
    jsonguard_write_string(s, n, out_sink, o);
}

static void out_int(Out *o, const char *key, long v)
{
    char tmp[48];
    int n = snprintf(tmp, sizeof tmp, ",\"%s\":%ld", key, v);
    out_bytes(o, tmp, (size_t)n);
}

static const char *const hint_names[UI_HINT_COUNT] = {
    [UI_HINT_TEXT] = "text", [UI_HINT_NAME] = "name", [UI_HINT_ORGANIZATION] = "organization",
    [UI_HINT_EMAIL] = "email", [UI_HINT_SEARCH] = "search", [UI_HINT_PASSWORD] = "password",
};

/* "ltr" or "rtl" for a language tag (its primary subtag). */
static const char *tag_dir(const char *tag)
{
    char primary[4] = {0};
    for (int i = 0; i < 3 && tag[i] && tag[i] != '-' && tag[i] != '_'; i++) primary[i] = tag[i];
    static const char *const rtl[] = {"ar", "he", "fa", "ur", "ps", "yi", "dv", "ku", "sd", "ug"};
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
        if (!strcmp(primary, rtl[i])) return "rtl";
    return "ltr";
}

size_t ui_semantics_json(const Ui *ui, char *buf, size_t cap)
{
    Out o = {buf, cap, 0};
    out_str(&o, "{\"lang\":");
    out_json_string(&o, ui->page_lang, strlen(ui->page_lang));
    out_str(&o, ",\"dir\":\"");
    out_str(&o, ui->style.rtl ? "rtl" : "ltr");
    out_str(&o, "\",\"nodes\":[");
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
        if (n->level) out_int(&o, "level", n->level);
        if (n->flags) out_int(&o, "f", (long)n->flags);
        out_str(&o, ",\"name\":");
        out_json_string(&o, ui->text + n->name_off, n->name_len);
        if (n->lang[0]) {
            out_str(&o, ",\"lang\":");
            out_json_string(&o, n->lang, strlen(n->lang));
            out_str(&o, ",\"dir\":\"");
            out_str(&o, tag_dir(n->lang));
            out_str(&o, "\"");
        }
        if (n->value_len || n->role == UI_ROLE_TEXTBOX) {
            out_str(&o, ",\"v\":");
            out_json_string(&o, ui->text + n->value_off, n->value_len);
        }
        if (n->role == UI_ROLE_TEXTBOX) {
            out_int(&o, "s0", (long)n->sel_start);
            out_int(&o, "s1", (long)n->sel_end);
            out_str(&o, ",\"hint\":\"");
            out_str(&o, n->hint < UI_HINT_COUNT ? hint_names[n->hint] : "text");
            out_str(&o, "\"");
        }
        if (n->role == UI_ROLE_SCROLL) {
            out_str(&o, ",\"sy\":"); out_fmt_num(&o, n->scroll_y);
            out_str(&o, ",\"ch\":"); out_fmt_num(&o, n->content_h);
        }
        out_str(&o, ",\"x\":"); out_fmt_num(&o, n->rect.x);
        out_str(&o, ",\"y\":"); out_fmt_num(&o, n->rect.y);
        out_str(&o, ",\"w\":"); out_fmt_num(&o, n->rect.w);
        out_str(&o, ",\"h\":"); out_fmt_num(&o, n->rect.h);
        out_str(&o, "}");
    }
    out_str(&o, "]}");
    if (o.len >= cap) return 0;
    buf[o.len] = '\0';
    return o.len;
}

/* --- text fields ------------------------------------------------------------------------ */

#define FIELD_PAD_X ((float)UI_FIELD_PAD_X)
#define FIELD_PAD_Y ((float)UI_FIELD_PAD_Y)
#define FIELD_SIZE ((float)UI_FIELD_FONT_PX)
#define FIELD_LINE ((float)UI_FIELD_LINE_PX)

/* The paragraph direction of a field: its text's, or the interface's when it has no strong
 * character (an empty Arabic field starts at the right). */
static TextDir field_dir(const Ui *ui, const char *text, size_t len)
{
    return text_base_dir(&ui->fonts->text, text, len, ui->style.rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR);
}

/* Where a laid-out line of a field starts: at the left, or for RTL at the right. */
static float line_left(const TextLayout *l, bool rtl, UiRect inner)
{
    return rtl ? inner.x + inner.w - l->width * FIELD_SIZE : inner.x;
}

/* The single-line field's text origin: aligned to its side, scrolled to keep the caret in view. */
static float single_line_x(const TextLayout *l, bool rtl, UiRect inner, size_t caret)
{
    float x = line_left(l, rtl, inner);
    float cx = x + text_caret_x(l, caret) * FIELD_SIZE;
    float last = inner.x + inner.w - (rtl ? 0 : 4); /* LTR keeps a little room after the caret */
    if (cx > last) x -= cx - last;
    else if (cx < inner.x) x += inner.x - cx;
    return x;
}

/* Lines of a multi-line field: byte ranges, as the paragraph layout wraps them. */
typedef struct FieldLines { int count; size_t start[256], end[256]; } FieldLines;

static void field_lines(FontSystem *fs, TextDir dir, const char *text, size_t len, float w, FieldLines *out)
{
    out->count = 0;
    size_t pos = 0;
    do {
        size_t next;
        size_t n = font_wrap_line_dir(fs, FONT_REGULAR, FIELD_SIZE, dir, text + pos, len - pos, w, &next);
        if (out->count == 256) { out->end[255] = len; break; }
        out->start[out->count] = pos;
        out->end[out->count] = pos + n;
        out->count++;
        if (pos + next >= len) {
            /* a trailing newline opens an empty last line where the caret can sit */
            if (len > 0 && text[len - 1] == '\n' && out->count < 256) {
                out->start[out->count] = out->end[out->count] = len;
                out->count++;
            }
            break;
        }
        pos += next;
    } while (pos < len);
}

static UiRect field_inner(UiRect r)
{
    return (UiRect){r.x + FIELD_PAD_X, r.y + 4, r.w - 2 * FIELD_PAD_X, r.h - 8};
}

/* The inside of a field on the screen: its text is placed by the text's own direction, so it
 * is drawn in screen coordinates (ui_fixed_begin), not mirrored. */
static UiRect field_screen_inner(const Ui *ui, UiRect r)
{
    UiRect inner = field_inner(r);
    inner.x = ui_screen_x(ui, inner.x, inner.w);
    return inner;
}

/* The selection [s0, s1) of a laid-out line at x: one rectangle per visual span (mixed text
 * can need several); extra widens the last one on the line's end side. */
static void field_selection(Ui *ui, const TextLayout *l, float x, float top, float lh, size_t s0, size_t s1,
                            float extra)
{
    float x0[TEXT_MAX_RECTS], x1[TEXT_MAX_RECTS];
    size_t n = text_selection(l, s0, s1, x0, x1, TEXT_MAX_RECTS);
    if (n == 0 && extra > 0) {                 /* an empty line inside the selection */
        float at = x + (l && l->rtl ? -extra : 0);
        ui_rect(ui, (UiRect){at, top, extra, lh}, ui->style.selection, 0);
    }
    for (size_t k = 0; k < n; k++) {
        float a = x + x0[k] * FIELD_SIZE, b = x + x1[k] * FIELD_SIZE;
        if (extra > 0 && l && (l->rtl ? k == 0 : k + 1 == n)) { if (l->rtl) a -= extra; else b += extra; }
        ui_rect(ui, (UiRect){a, top, b - a, lh}, ui->style.selection, 0);
    }
}

/* An IME composition [c0, c1) of a laid-out line at x: underlined, as input methods show it. */
static void field_composition(Ui *ui, const TextLayout *l, float x, float baseline, size_t c0, size_t c1)
{
    float x0[TEXT_MAX_RECTS], x1[TEXT_MAX_RECTS];
    size_t n = text_selection(l, c0, c1, x0, x1, TEXT_MAX_RECTS);
    for (size_t k = 0; k < n; k++)
        ui_rect(ui, (UiRect){x + x0[k] * FIELD_SIZE, baseline + 3.0f, (x1[k] - x0[k]) * FIELD_SIZE, 2.0f}, ui->style.text, 0);
}

float ui_textfield_height(const Ui *ui, float w, const TextEdit *te, float min_h)
{
    size_t len;
    const char *text = textedit_value(te, &len);
    FieldLines lines;
    field_lines(ui->fonts, field_dir(ui, text, len), text, len, w - 2 * FIELD_PAD_X, &lines);
    float h = (float)lines.count * FIELD_LINE + 2 * FIELD_PAD_Y;
    return h > min_h ? h : min_h;
}

static bool field_edit(Ui *ui, uint32_t id, TextEdit *te, UiRect r)
{
    const UiInput *in = &ui->in;
    uint32_t before = textedit_version(te);
    size_t len;
    const char *text = textedit_value(te, &len);
    if (in->kind == UI_IN_EDIT && in->target == id) {
        textedit_set_value(te, in->text, in->text_len, in->sel_start, in->sel_end);
        ui->fired_any = true;
    } else if (in->kind == UI_IN_PRESS && ui->mem->focus == id && !te->multiline && ui_contains(r, in->x, in->y)) {
        TextDir dir = field_dir(ui, text, len);
        const TextLayout *l = font_layout(ui->fonts, FONT_REGULAR, dir, text, len);
        float x = l ? single_line_x(l, dir == TEXT_DIR_RTL, field_screen_inner(ui, r), textedit_caret(te)) : 0;
        float screen_x = ui->style.rtl ? ui->width_px - in->x : in->x; /* the text is in screen coordinates */
        size_t at = l ? text_hit(l, (screen_x - x) / FIELD_SIZE) : 0;
        textedit_select(te, at, at);
    } else if (ui->mem->focus == id && in->kind == UI_IN_TEXT) {
        textedit_insert(te, in->text, in->text_len);
        ui->fired_any = true;
    } else if (ui->mem->focus == id && in->kind == UI_IN_KEY) {
        TextEditMove prev = in->word ? TEXTEDIT_PREV_WORD : TEXTEDIT_PREV_CHAR;
        TextEditMove next = in->word ? TEXTEDIT_NEXT_WORD : TEXTEDIT_NEXT_CHAR;
        /* arrows follow the paragraph: in right-to-left text, Left goes forward */
        bool rtl = field_dir(ui, text, len) == TEXT_DIR_RTL;
        TextEditMove left = rtl ? next : prev, right = rtl ? prev : next;
        switch (in->key) {
        case UI_KEY_BACKSPACE: textedit_delete(te, prev); break;
        case UI_KEY_DELETE: textedit_delete(te, next); break;
        case UI_KEY_LEFT: textedit_move(te, left, in->shift); break;
        case UI_KEY_RIGHT: textedit_move(te, right, in->shift); break;
        case UI_KEY_HOME: textedit_move(te, TEXTEDIT_START, in->shift); break;
        case UI_KEY_END: textedit_move(te, TEXTEDIT_END, in->shift); break;
        case UI_KEY_SELECT_ALL: textedit_select_all(te); break;
        case UI_KEY_ENTER: if (te->multiline) textedit_insert(te, "\n", 1); break;
        default: break;
        }
        if (textedit_version(te) != before) ui->fired_any = true;
    }
    return textedit_version(te) != before;
}

bool ui_textfield(Ui *ui, const char *key, UiRect r, const char *label, TextEdit *te,
                  UiInputHint hint, uint32_t flags, const char *error)
{
    uint32_t id = ui_peek_id(ui, key);
    ui_interact(ui, id, r, NULL);
    bool changed = field_edit(ui, id, te, r);
    const UiStyle *st = &ui->style;
    bool focused = ui->mem->focus == id;
    bool invalid = error && *error;
    ui_frame_rect(ui, r, st->field, invalid ? st->error : focused ? st->accent : st->text_muted,
                  focused ? 2.0f : 1.5f, 8.0f);

    size_t len, s0, s1, c0, c1;
    const char *text = textedit_value(te, &len);
    bool has_sel = textedit_selection(te, &s0, &s1);
    bool composing = textedit_composition(te, &c0, &c1) && c1 > c0;
    size_t caret = textedit_caret(te);
    ui_clip(ui, field_inner(r));
    ui_fixed_begin(ui);
    UiRect inner = field_screen_inner(ui, r);
    float asc = font_ascent(ui->fonts, FONT_REGULAR, FIELD_SIZE);
    float lh = font_line_height(ui->fonts, FONT_REGULAR, FIELD_SIZE);
    TextDir dir = field_dir(ui, text, len);
    bool rtl = dir == TEXT_DIR_RTL;
    if (!te->multiline) {
        const TextLayout *l = font_layout(ui->fonts, FONT_REGULAR, dir, text, len);
        /* the focused field keeps its caret in view; another shows its text's beginning */
        float x = l ? single_line_x(l, rtl, inner, focused ? caret : 0) : inner.x, top = r.y + (r.h - lh) * 0.5f;
        if (has_sel && focused) field_selection(ui, l, x, top, lh, s0, s1, 0);
        text_cmd(ui, x, top + asc, FONT_REGULAR, dir, FIELD_SIZE, st->text, text, len);
        if (composing && l) field_composition(ui, l, x, top + asc, c0, c1);
        if (focused && !has_sel) ui_rect(ui, (UiRect){x + text_caret_x(l, caret) * FIELD_SIZE - 1, top, 2, lh}, st->accent, 0);
    } else {
        FieldLines lines;
        field_lines(ui->fonts, dir, text, len, inner.w, &lines);
        float y = r.y + FIELD_PAD_Y;
        for (int i = 0; i < lines.count; i++, y += FIELD_LINE) {
            size_t a = lines.start[i], b = lines.end[i];
            bool last = i + 1 == lines.count;
            float top = y + (FIELD_LINE - lh) * 0.5f;
            const TextLayout *l = font_layout(ui->fonts, FONT_REGULAR, dir, text + a, b - a);
            float x = l ? line_left(l, rtl, inner) : inner.x;
            if (has_sel && focused && s0 <= b && s1 > a) {
                size_t from = s0 > a ? s0 : a, to = s1 < b ? s1 : b;
                /* a selection running on past the line shows a little beyond its end */
                field_selection(ui, l, x, top, lh, from - a, to - a, s1 > b ? 6.0f : 0);
            }
            text_cmd(ui, x, top + asc, FONT_REGULAR, dir, FIELD_SIZE, st->text, text + a, b - a);
            if (composing && l && c0 < b && c1 > a)
                field_composition(ui, l, x, top + asc, (c0 > a ? c0 : a) - a, (c1 < b ? c1 : b) - a);
            if (focused && !has_sel && caret >= a && caret <= b && (last || caret < lines.start[i + 1])) {
                float cx = x + text_caret_x(l, caret - a) * FIELD_SIZE;
                ui_rect(ui, (UiRect){cx - 1, top, 2, lh}, st->accent, 0);
            }
        }
    }
    ui_fixed_end(ui);
    ui_unclip(ui);
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, 8.0f);

    int node = ui_node_begin(ui, key, UI_ROLE_TEXTBOX, label, strlen(label));
    ui_node_rect(ui, node, r);
    ui_node_flags(ui, node, flags | UI_FLAG_FOCUSABLE | (focused ? UI_FLAG_FOCUSED : 0)
                                | (invalid ? UI_FLAG_INVALID : 0) | (te->multiline ? UI_FLAG_MULTILINE : 0));
    ui_node_value(ui, node, text, len);
    if (node >= 0) {
        UiNode *n = &ui->nodes[node];
        n->hint = hint;
        n->sel_start = (uint32_t)textedit_byte_to_utf16(text, len, textedit_anchor(te));
        n->sel_end = (uint32_t)textedit_byte_to_utf16(text, len, caret);
    }
    ui_node_end(ui);
    return changed;
}
