/* screen_overview.c — the event at a glance: title, working group, date, venue, chair and the
 * numbered agenda; and the error screen shown when the event file cannot be used.
 * Reads app state only; every visible string comes from the event or the catalogue. */
#include <stdio.h>
#include <string.h>

#include "app/screens.h"
#include "app/theme.h"

/* Column geometry for the current viewport, in CSS px. */
typedef struct Column { float x, w, pad; bool narrow; } Column;

static Column column_for(const Ui *ui)
{
    Column c;
    c.narrow = ui->width_px < 600.0f;
    c.pad = c.narrow ? 16.0f : 32.0f;
    c.w = ui->width_px - 2.0f * c.pad;
    if (c.w > THEME_MAX_COLUMN) c.w = THEME_MAX_COLUMN;
    if (c.w < 120.0f) c.w = 120.0f;
    c.x = (ui->width_px - c.w) * 0.5f;
    return c;
}

/* A paragraph with a semantics node of its own; returns its height. */
static float text_block(Ui *ui, const char *key, UiRole role, int level, float x, float y, float w,
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

/* "Label" above a value, inside a card row; returns the height used. */
static float labelled_value(Ui *ui, const char *key, float x, float y, float w, const char *label,
                            const char *value)
{
    char name[1200];
    snprintf(name, sizeof name, "%s: %s", label, value);
    int node = ui_node_begin(ui, key, UI_ROLE_TEXT, name, strlen(name));
    float h = ui_paragraph(ui, x, y, w, FONT_BOLD, 14.0f, 20.0f, THEME_TEXT_MUTED, label, strlen(label));
    h += 2.0f;
    h += ui_paragraph(ui, x, y + h, w, FONT_REGULAR, 18.0f, 26.0f, THEME_TEXT, value, strlen(value));
    ui_node_rect(ui, node, (UiRect){x, y, w, h});
    ui_node_end(ui);
    return h;
}

float screen_overview(const App *app, Ui *ui)
{
    const Event *ev = &app->event;
    const char *lang = i18n_lang_tag(app->lang);
    Column col = column_for(ui);
    float y = -app->scroll_y;
    ui_rect(ui, (UiRect){0, 0, ui->width_px, ui->height_px}, THEME_BG, 0);

    int main_node = ui_node_begin(ui, "overview", UI_ROLE_MAIN, NULL, 0);

    /* Header band: working group, then the title. */
    float title_size = col.narrow ? 21.0f : 27.0f, title_lh = title_size * 1.28f;
    const char *body = event_text(&ev->body, lang);
    const char *title = event_text(&ev->title, lang);
    float inner = col.w;
    float band_top = y;
    y += col.narrow ? 24.0f : 40.0f;
    float body_h = *body ? ui_paragraph_height(ui, inner, FONT_BOLD, 15.0f, 22.0f, body, strlen(body)) + 10.0f : 0;
    float title_h = ui_paragraph_height(ui, inner, FONT_BOLD, title_size, title_lh, title, strlen(title));
    float band_h = (y - band_top) + body_h + title_h + (col.narrow ? 24.0f : 40.0f);
    ui_rect(ui, (UiRect){0, band_top, ui->width_px, band_h}, THEME_HEADER, 0);
    if (*body) {
        text_block(ui, "body", UI_ROLE_TEXT, 0, col.x, y, inner, FONT_BOLD, 15.0f, 22.0f, THEME_HEADER_SUB, body);
        y += body_h;
    }
    text_block(ui, "title", UI_ROLE_HEADING, 1, col.x, y, inner, FONT_BOLD, title_size, title_lh,
               THEME_HEADER_TEXT, title);
    y = band_top + band_h + (col.narrow ? 16.0f : 24.0f);

    /* Facts card: date, venue, chair. */
    char date[64];
    i18n_format_date(app->lang, ev->year, ev->month, ev->day, date, sizeof date);
    const char *venue = event_text(&ev->venue, lang);
    char chair[1100];
    const char *chair_name = event_text(&ev->chair_name, lang), *chair_role = event_text(&ev->chair_role, lang);
    snprintf(chair, sizeof chair, *chair_role ? "%s, %s" : "%s", chair_name, chair_role);

    float card_pad = col.narrow ? 16.0f : 24.0f, cw = col.w - 2 * card_pad;
    /* measure, then draw the card behind its content */
    float facts_h = card_pad;
    int fact_count = *venue ? 3 : 2;
    const char *labels[3] = {i18n_get(app->lang, MSG_DATE), i18n_get(app->lang, MSG_VENUE), i18n_get(app->lang, MSG_CHAIR)};
    const char *values[3] = {date, venue, chair};
    const char *keys[3] = {"date", "venue", "chair"};
    for (int i = 0; i < 3; i++) {
        if (!*values[i]) continue;
        facts_h += 22.0f + ui_paragraph_height(ui, cw, FONT_REGULAR, 18.0f, 26.0f, values[i], strlen(values[i]));
        facts_h += --fact_count > 0 ? 16.0f : 0;
    }
    facts_h += card_pad;
    ui_rect(ui, (UiRect){col.x - 1, y - 1, col.w + 2, facts_h + 2}, THEME_BORDER, THEME_RADIUS + 1);
    ui_rect(ui, (UiRect){col.x, y, col.w, facts_h}, THEME_SURFACE, THEME_RADIUS);
    float fy = y + card_pad;
    for (int i = 0; i < 3; i++) {
        if (!*values[i]) continue;
        fy += labelled_value(ui, keys[i], col.x + card_pad, fy, cw, labels[i], values[i]) + 16.0f;
    }
    y += facts_h + (col.narrow ? 24.0f : 32.0f);

    /* Agenda. */
    y += text_block(ui, "agenda-heading", UI_ROLE_HEADING, 2, col.x, y, col.w, FONT_BOLD, 22.0f, 30.0f,
                    THEME_TEXT, i18n_get(app->lang, MSG_AGENDA));
    y += 12.0f;
    int list = ui_node_begin(ui, "agenda", UI_ROLE_LIST, i18n_get(app->lang, MSG_AGENDA),
                             strlen(i18n_get(app->lang, MSG_AGENDA)));
    float list_top = y;
    float badge = col.narrow ? 36.0f : 44.0f, gap = col.narrow ? 12.0f : 16.0f;
    for (int i = 0; i < ev->agenda_count; i++) {
        const EventAgendaItem *item = &ev->agenda[i];
        const char *item_title = event_text(&item->title, lang);
        const char *summary = event_text(&item->summary, lang);
        float tx = col.x + card_pad + badge + gap, tw = col.w - 2 * card_pad - badge - gap;
        float th = ui_paragraph_height(ui, tw, FONT_BOLD, 19.0f, 26.0f, item_title, strlen(item_title));
        float sh = *summary ? 8.0f + ui_paragraph_height(ui, tw, FONT_REGULAR, 16.0f, 24.0f, summary, strlen(summary)) : 0;
        float content_h = th + sh;
        float card_h = card_pad * 2 + (content_h > badge ? content_h : badge);

        char name[1200];
        if (item->number > 0) snprintf(name, sizeof name, "%d. %s", item->number, item_title);
        else snprintf(name, sizeof name, "%s", item_title);
        int node = ui_node_begin(ui, item->id, UI_ROLE_LISTITEM, name, strlen(name));
        ui_node_rect(ui, node, (UiRect){col.x, y, col.w, card_h});
        ui_rect(ui, (UiRect){col.x - 1, y - 1, col.w + 2, card_h + 2}, THEME_BORDER, THEME_RADIUS + 1);
        ui_rect(ui, (UiRect){col.x, y, col.w, card_h}, THEME_SURFACE, THEME_RADIUS);

        float bx = col.x + card_pad, by = y + card_pad;
        if (item->number > 0) {
            char num[8];
            int n = snprintf(num, sizeof num, "%d", item->number);
            ui_rect(ui, (UiRect){bx, by, badge, badge}, THEME_ACCENT, badge * 0.5f);
            float nw = font_measure(ui->fonts, FONT_BOLD, 18.0f, num, (size_t)n);
            float asc = font_ascent(ui->fonts, FONT_BOLD, 18.0f);
            float lh = font_line_height(ui->fonts, FONT_BOLD, 18.0f);
            ui_text(ui, bx + (badge - nw) * 0.5f, by + (badge - lh) * 0.5f + asc, FONT_BOLD, 18.0f,
                    THEME_ON_ACCENT, num, (size_t)n);
        } else {
            ui_rect(ui, (UiRect){bx + badge * 0.5f - 8.0f, by + badge * 0.5f - 2.0f, 16.0f, 4.0f}, THEME_ACCENT, 2.0f);
        }
        /* vertically centre a short title next to the badge */
        float ty = by + (content_h < badge ? (badge - content_h) * 0.5f : 0);
        ui_paragraph(ui, tx, ty, tw, FONT_BOLD, 19.0f, 26.0f, THEME_TEXT, item_title, strlen(item_title));
        if (*summary)
            text_block(ui, "summary", UI_ROLE_TEXT, 0, tx, ty + th + 8.0f, tw, FONT_REGULAR, 16.0f, 24.0f,
                       THEME_TEXT_MUTED, summary);
        ui_node_end(ui);
        y += card_h + 12.0f;
    }
    ui_node_rect(ui, list, (UiRect){col.x, list_top, col.w, y - list_top});
    ui_node_end(ui);
    y += 20.0f;
    ui_node_rect(ui, main_node, (UiRect){0, 0, ui->width_px, ui->height_px});
    ui_node_end(ui);
    return y + app->scroll_y;
}

float screen_event_error(const App *app, Ui *ui)
{
    Column col = column_for(ui);
    float y = 48.0f - app->scroll_y;
    ui_rect(ui, (UiRect){0, 0, ui->width_px, ui->height_px}, THEME_BG, 0);
    int main_node = ui_node_begin(ui, "error", UI_ROLE_MAIN, NULL, 0);
    ui_rect(ui, (UiRect){col.x, y, 6.0f, 120.0f}, THEME_ERROR, 3.0f);
    float x = col.x + 24.0f, w = col.w - 24.0f;
    y += text_block(ui, "title", UI_ROLE_HEADING, 1, x, y, w, FONT_BOLD, 26.0f, 34.0f, THEME_ERROR,
                    i18n_get(app->lang, MSG_EVENT_ERROR_TITLE));
    y += 12.0f;
    y += text_block(ui, "help", UI_ROLE_TEXT, 0, x, y, w, FONT_REGULAR, 18.0f, 26.0f, THEME_TEXT,
                    i18n_get(app->lang, MSG_EVENT_ERROR_HELP));
    y += 8.0f;
    y += text_block(ui, "detail", UI_ROLE_ALERT, 0, x, y, w, FONT_REGULAR, 16.0f, 24.0f, THEME_TEXT_MUTED,
                    app->error);
    ui_node_rect(ui, main_node, (UiRect){0, 0, ui->width_px, ui->height_px});
    ui_node_end(ui);
    return y + 48.0f + app->scroll_y;
}
