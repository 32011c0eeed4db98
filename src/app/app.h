/* app.h — the kiosk application: its state, the input it understands and one frame of UI.
 * Portable: built on core and ui only; the platform feeds events and draws what ui emits. */
#ifndef PARLEY_APP_H
#define PARLEY_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/event.h"
#include "core/i18n.h"
#include "ui/ui.h"

typedef enum AppEventKind {
    APP_EV_POINTER_DOWN, APP_EV_POINTER_MOVE, APP_EV_POINTER_UP,
    APP_EV_WHEEL, APP_EV_KEY
} AppEventKind;

typedef enum AppKey {
    APP_KEY_NONE, APP_KEY_UP, APP_KEY_DOWN, APP_KEY_PAGE_UP, APP_KEY_PAGE_DOWN,
    APP_KEY_HOME, APP_KEY_END, APP_KEY_SPACE
} AppKey;

typedef struct AppEvent {
    AppEventKind kind;
    float x, y;     /* pointer position, CSS px */
    float dy;       /* wheel: CSS px, positive scrolls the content up (towards the end) */
    AppKey key;
} AppEvent;

typedef struct App {
    Event event;
    bool has_event;
    char error[512];        /* why there is no event, shown on the error screen */
    I18nLang lang;
    float scroll_y;         /* CSS px scrolled from the top */
    float content_h, view_h;
    bool dragging;
    float drag_last_y;
} App;

void app_init(App *app, const char *lang_tag);
void app_free(App *app);

/* Loads the event from untrusted bytes; on failure the app shows the error screen.
 * name is used in the error message (a file name or URL). */
bool app_load_event(App *app, const char *name, const char *json, size_t len);

/* Applies one input event; returns true when the screen must be redrawn. */
bool app_handle(App *app, const AppEvent *ev);

/* Builds one frame: draw commands and semantics nodes into ui. */
void app_frame(App *app, Ui *ui);

#endif
