/* screen_floor.c — the running meeting on the participant's screens: the agenda's line about
 * the item in progress, and "Request the floor" on that item's screen (the place in the
 * queue, withdrawing). Offline the button says it needs the network instead of pretending. */
#include <stdio.h>
#include <string.h>

#include "app/screens.h"
#include "app/theme.h"

static const char *msg(const App *app, I18nMsg m)
{
    return i18n_get(app->lang, m);
}

float screen_live_note(App *app, Ui *ui, const Frame *f, float y)
{
    const Live *l = &app->live;
    char clock[8], text[300];
    if (!l->known) return 0;
    bool offline = app->status.offline;
    if (offline) {
        if (!app_live_clock(app, "", l->seen_ms, clock)) return 0;
        snprintf(text, sizeof text, msg(app, MSG_LIVE_OFFLINE), clock);
    } else if (l->item >= 0 && app_live_clock(app, app->event.timezone, l->since_ms, clock)) {
        snprintf(text, sizeof text, msg(app, MSG_LIVE_SINCE), clock);
    } else {
        return 0;
    }
    return ui_text_block(ui, "live-note", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_DENSE,
                         offline ? THEME_TEXT_MUTED : THEME_SUCCESS, text) + THEME_GAP;
}

float screen_floor(App *app, Ui *ui, const Frame *f, float y, int item)
{
    Live *l = &app->live;
    const EventAgendaItem *it = &app->event.agenda[item];
    float top = y;
    float bw = f->col_w > THEME_BUTTON_MAX_W ? THEME_BUTTON_MAX_W : f->col_w;
    y += ui_text_block(ui, "floor-heading", UI_ROLE_HEADING, 2, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_HEADING,
                       THEME_TEXT, msg(app, MSG_FLOOR_REQUEST)) + THEME_GAP;
    LiveFloorState state = l->floor.id[0] && l->floor.item == item ? l->floor.state : LIVE_FLOOR_NONE;
    if (state == LIVE_FLOOR_WAITING || state == LIVE_FLOOR_SPEAKING) {
        char text[200];
        if (state == LIVE_FLOOR_WAITING) snprintf(text, sizeof text, msg(app, MSG_FLOOR_PLACE), l->floor.position);
        else snprintf(text, sizeof text, "%s", msg(app, MSG_FLOOR_SPEAKING));
        y += ui_text_block(ui, "floor-state", UI_ROLE_STATUS, 0, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_SUBHEADING,
                           THEME_SUCCESS, text) + THEME_GAP_GROUP;
        if (ui_button(ui, "floor-withdraw", (UiRect){f->col_x, y, bw, f->target}, msg(app, MSG_FLOOR_WITHDRAW),
                      UI_BUTTON_SECONDARY))
            app_floor_withdraw(app);
        y += f->target + THEME_GAP;
    } else {
        if (state == LIVE_FLOOR_DONE || state == LIVE_FLOOR_WITHDRAWN)
            y += ui_text_block(ui, "floor-state", UI_ROLE_STATUS, 0, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_LARGE,
                               THEME_TEXT, msg(app, state == LIVE_FLOOR_DONE ? MSG_FLOOR_DONE : MSG_FLOOR_WITHDRAWN)) + THEME_GAP_ROW;
        y += ui_text_block(ui, "floor-intro", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_LARGE,
                           THEME_TEXT_MUTED, msg(app, MSG_FLOOR_INTRO)) + THEME_GAP;
        if (it->panellist_count > 0 && !app->status.offline)
            y += chrome_addressed_to(app, ui, f, y, "floor-", it, &l->choice) + THEME_GAP;
        bool offline = app->status.offline || !app->host.request;
        const char *label = offline ? msg(app, MSG_FLOOR_OFFLINE) : l->floor_req ? msg(app, MSG_FLOOR_SENDING)
                                                                                : msg(app, MSG_FLOOR_REQUEST);
        float lw = font_measure(ui->fonts, FONT_BOLD, THEME_SIZE_LARGE, label, strlen(label)) + 2 * THEME_BUTTON_PAD_X;
        float w = lw > bw ? (lw > f->col_w ? f->col_w : lw) : bw;
        if (ui_button(ui, "floor-ask", (UiRect){f->col_x, y, w, f->target}, label,
                      offline ? UI_BUTTON_SECONDARY : UI_BUTTON_PRIMARY) && !offline)
            app_floor_request(app, item);
        y += f->target + THEME_GAP;
    }
    if (l->error != MSG_NONE)
        y += ui_text_block(ui, "floor-error", UI_ROLE_ALERT, 0, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_NOTE,
                           THEME_ERROR, msg(app, (I18nMsg)l->error)) + THEME_GAP_SMALL;
    return y + THEME_GAP_GROUP - top;
}
