/* ui_extra.c — the console's widgets, composed from ui.h's drawing, nodes and ui_interact:
 * list rows, badges and the password field. Never touches ui.c's internals; text is drawn
 * with ui_label and measured with font.h, so a new text layer under them changes nothing here. */
#include "ui/ui_extra.h"

#include <string.h>

/* One line of text cut to w with an ellipsis when it does not fit (no clip command: a list
 * row sits inside a clipped scroll area and clips do not nest). */
static void label_cut(Ui *ui, UiRect r, FontFace face, float size, UiColor c, const char *text)
{
    size_t len = strlen(text);
    if (font_measure(ui->fonts, face, size, text, len) <= r.w) {
        ui_label(ui, r, face, size, c, -1, text);
        return;
    }
    static const char ellipsis[] = "\xe2\x80\xa6";
    float room = r.w - font_measure(ui->fonts, face, size, ellipsis, 3);
    char cut[640];
    size_t next;
    /* one pass of the wrapper: the longest prefix that fits, cut after a word where it can */
    size_t keep = font_wrap_line(ui->fonts, face, size, text, len < sizeof cut - 4 ? len : sizeof cut - 4, room, &next);
    while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80) keep--;
    while (keep > 0 && text[keep - 1] == ' ') keep--;
    memcpy(cut, text, keep);
    memcpy(cut + keep, ellipsis, 4);
    ui_label(ui, r, face, size, c, -1, cut);
}

float ui_badge_width(const Ui *ui, const char *label)
{
    return font_measure(ui->fonts, FONT_BOLD, 13.0f, label, strlen(label)) + 20.0f;
}

float ui_badge(Ui *ui, float x, float y, float h, const char *label, UiColor fill, UiColor text)
{
    float w = ui_badge_width(ui, label);
    ui_rect(ui, (UiRect){x, y, w, h}, fill, h * 0.5f);
    ui_label(ui, (UiRect){x, y, w, h}, FONT_BOLD, 13.0f, text, 0, label);
    return w;
}

bool ui_list_row(Ui *ui, const char *key, UiRect r, const UiListRow *row, bool selected)
{
    int item = ui_node_begin(ui, key, UI_ROLE_LISTITEM, NULL, 0);
    ui_node_rect(ui, item, r);
    uint32_t id = ui_peek_id(ui, "row");
    bool pressed;
    bool fired = ui_interact(ui, id, r, &pressed);
    const UiStyle *st = &ui->style;
    ui_rect(ui, r, selected || pressed ? st->accent_soft : st->surface, 0);
    if (selected) ui_rect(ui, (UiRect){r.x, r.y, 5.0f, r.h}, st->accent, 0);
    ui_rect(ui, (UiRect){r.x, r.y + r.h - 1.0f, r.w, 1.0f}, st->border, 0);
    float x = r.x + 18.0f, w = r.w - 34.0f;
    float bw = 0;
    if (row->badge) {
        bw = ui_badge_width(ui, row->badge);
        ui_badge(ui, r.x + r.w - 16.0f - bw, r.y + 11.0f, 22.0f, row->badge, row->badge_fill, row->badge_text);
        bw += 10.0f;
    }
    label_cut(ui, (UiRect){x, r.y + 8.0f, w - bw, 26.0f}, FONT_BOLD, 16.0f, st->text, row->title ? row->title : "");
    if (row->meta) label_cut(ui, (UiRect){x, r.y + 34.0f, w, 20.0f}, FONT_REGULAR, 14.0f, st->text_muted, row->meta);
    if (row->excerpt)
        label_cut(ui, (UiRect){x, r.y + 56.0f, w, 22.0f}, FONT_REGULAR, 15.0f, st->text, row->excerpt);
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, ui_inset(r, 4.0f), 4.0f);
    const char *name = row->name ? row->name : "";
    int node = ui_node_begin(ui, "row", UI_ROLE_BUTTON, name, strlen(name));
    ui_node_rect(ui, node, r);
    ui_node_flags(ui, node, UI_FLAG_FOCUSABLE | (ui->mem->focus == id ? UI_FLAG_FOCUSED : 0)
                                | (selected ? UI_FLAG_CURRENT : 0));
    ui_node_end(ui);
    ui_node_end(ui);
    return fired;
}

bool ui_password_field(Ui *ui, const char *key, UiRect r, const char *label, TextEdit *te, uint32_t flags,
                       const char *error)
{
    /* ui_textfield gives the interaction, the editing and the node; its drawing (the text in
     * clear) is taken back and replaced by dots */
    int first_cmd = ui->cmd_count;
    bool changed = ui_textfield(ui, key, r, label, te, UI_HINT_PASSWORD, flags, error);
    ui->cmd_count = first_cmd;
    for (int i = ui->node_count - 1; i >= 0; i--) {
        if (ui->nodes[i].role == UI_ROLE_TEXTBOX) { ui->nodes[i].hint = UI_HINT_PASSWORD; break; }
    }
    const UiStyle *st = &ui->style;
    uint32_t id = ui_peek_id(ui, key);
    bool focused = ui->mem->focus == id;
    bool invalid = error && *error;
    ui_frame_rect(ui, r, st->field, invalid ? st->error : focused ? st->accent : st->text_muted,
                  focused ? 2.0f : 1.5f, 8.0f);
    size_t n = textedit_count(te), caret_chars = 0;
    size_t len;
    const char *text = textedit_value(te, &len);
    size_t caret = textedit_caret(te);
    for (size_t i = 0; i < caret && i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) caret_chars++;
    float dot = 10.0f, gap = 6.0f, x0 = r.x + 14.0f, cy = r.y + r.h * 0.5f;
    float room = r.w - 28.0f;
    size_t fit = (size_t)(room / (dot + gap));
    size_t shown = n < fit ? n : fit;
    for (size_t i = 0; i < shown; i++)
        ui_rect(ui, (UiRect){x0 + (float)i * (dot + gap), cy - dot * 0.5f, dot, dot}, st->text, dot * 0.5f);
    if (focused) {
        size_t at = caret_chars < shown ? caret_chars : shown;
        ui_rect(ui, (UiRect){x0 + (float)at * (dot + gap) - gap * 0.5f - 1.0f, cy - 12.0f, 2.0f, 24.0f}, st->accent, 0);
    }
    if (ui_focus_visible(ui, id)) ui_focus_ring(ui, r, 8.0f);
    return changed;
}
