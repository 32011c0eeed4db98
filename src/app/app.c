/* app.c — kiosk state, input handling (scrolling by wheel, drag and keys) and screen choice.
 * Screens live in their own files; this file never draws directly. */
#include "app/app.h"

#include <stdio.h>
#include <string.h>

#include "app/screens.h"

void app_init(App *app, const char *lang_tag)
{
    memset(app, 0, sizeof *app);
    app->lang = i18n_lang_from_tag(lang_tag);
}

void app_free(App *app)
{
    if (app->has_event) event_free(&app->event);
    app->has_event = false;
}

bool app_load_event(App *app, const char *name, const char *json, size_t len)
{
    EventError err;
    if (app->has_event) event_free(&app->event);
    app->has_event = event_load(&app->event, json, len, &err);
    if (!app->has_event) {
        event_error_format(&err, name, app->error, sizeof app->error);
        fprintf(stderr, "parley: %s\n", app->error);
    }
    app->scroll_y = 0;
    return app->has_event;
}

static float max_scroll(const App *app)
{
    float m = app->content_h - app->view_h;
    return m > 0 ? m : 0;
}

static bool scroll_to(App *app, float y)
{
    float m = max_scroll(app);
    if (y > m) y = m;
    if (y < 0) y = 0;
    if (y == app->scroll_y) return false;
    app->scroll_y = y;
    return true;
}

bool app_handle(App *app, const AppEvent *ev)
{
    const float line = 48.0f, page = app->view_h > 100 ? app->view_h - 64.0f : app->view_h;
    switch (ev->kind) {
    case APP_EV_WHEEL:
        return scroll_to(app, app->scroll_y + ev->dy);
    case APP_EV_POINTER_DOWN:
        app->dragging = true;
        app->drag_last_y = ev->y;
        return false;
    case APP_EV_POINTER_MOVE:
        if (!app->dragging) return false;
        {
            float dy = app->drag_last_y - ev->y;
            app->drag_last_y = ev->y;
            return scroll_to(app, app->scroll_y + dy);
        }
    case APP_EV_POINTER_UP:
        app->dragging = false;
        return false;
    case APP_EV_KEY:
        switch (ev->key) {
        case APP_KEY_UP: return scroll_to(app, app->scroll_y - line);
        case APP_KEY_DOWN: return scroll_to(app, app->scroll_y + line);
        case APP_KEY_PAGE_UP: return scroll_to(app, app->scroll_y - page);
        case APP_KEY_PAGE_DOWN: case APP_KEY_SPACE: return scroll_to(app, app->scroll_y + page);
        case APP_KEY_HOME: return scroll_to(app, 0);
        case APP_KEY_END: return scroll_to(app, max_scroll(app));
        case APP_KEY_NONE: return false;
        }
    }
    return false;
}

void app_frame(App *app, Ui *ui)
{
    app->view_h = ui->height_px;
    /* a resize can leave the offset past the end */
    if (app->scroll_y > max_scroll(app)) app->scroll_y = max_scroll(app);
    float h = app->has_event ? screen_overview(app, ui) : screen_event_error(app, ui);
    app->content_h = h;
    if (app->scroll_y > max_scroll(app)) app->scroll_y = max_scroll(app);
}
