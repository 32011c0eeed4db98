/* kiosk.h — the SDL2 side shared by the web and desktop builds: window, renderer, input
 * translation and the frame (app → ui → gfx → present → mirror). */
#ifndef PARLEY_KIOSK_H
#define PARLEY_KIOSK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* A fallback face for a script group (Arabic, Chinese), see font_add_face. */
typedef struct KioskFont {
    const unsigned char *data;                     /* bytes; must outlive the kiosk */
    size_t len;
    int index;                                     /* face in a collection */
    TextGroup group;
    FontFace style;
} KioskFont;

typedef struct KioskConfig {
    const unsigned char *font_regular, *font_bold; /* TTF bytes; must outlive the kiosk */
    size_t font_regular_len, font_bold_len;
    KioskFont extra_fonts[4];                      /* optional; data NULL = none */
    const TextEngine *text_engine;                 /* the shaping engine (text.h); NULL = simple text only */
    TextWantFn text_want;                          /* asked for faces text lacks (text.h); may be NULL */
    void *text_want_user;
    const char *event_name;                        /* for error messages */
    const char *event_json;
    size_t event_len;
    const char *lang;                              /* BCP 47 tag of the interface language */
    AppMode mode;
    int idle_s;
    const char *device_id;                         /* from an earlier visit, or NULL */
    const char *remembered;                        /* remote mode: the registration line, or NULL */
    AppHost host;
    int width, height;                             /* initial window size, CSS px */
    bool hidden;                                   /* native screenshots: no visible window */
    bool text_input;                               /* SDL text input (desktop); the web uses the mirror */
    bool opengl;                                   /* the window is made for OpenGL at once (the web:
                                                      SDL would otherwise re-create it, and the
                                                      canvas, when the renderer starts) */
} KioskConfig;

/* Once per program (false if called again, or when SDL or the app cannot start). */
bool kiosk_start(const KioskConfig *cfg);
/* A fallback face that arrived after start (the web fetches them after the first frame);
 * the screen is drawn again with it. */
bool kiosk_add_font(const KioskFont *f);
/* The shaping engine became ready, or a face that was asked for will not come: lines are
 * laid out again and the screen drawn. */
void kiosk_text_changed(bool engine_ready);
/* Some text on screen waits for a face or the engine (text_pending). */
bool kiosk_text_pending(void);
/* Drains pending SDL input, runs the idle timer and, if anything changed, draws and presents
 * one frame. Returns true when a frame was drawn. */
bool kiosk_frame(void);
/* Input that does not come through SDL (the web mirror). Returns true when it changed something. */
bool kiosk_input(const UiInput *in);
bool kiosk_pointer_move(float x, float y);
bool kiosk_scroll_to(float y);
/* A character key with no text field focused (the console's shortcuts). */
bool kiosk_shortcut(int ch);
/* Milliseconds until the kiosk wants a frame for its timers, or -1. */
int64_t kiosk_next_tick_ms(void);
App *kiosk_app(void);
/* The state changed outside kiosk_input (e.g. a storage answer): draw again. */
void kiosk_invalidate(void);
/* Native screenshots: draws now and writes the renderer's pixels as a BMP. */
bool kiosk_screenshot(const char *path);
void kiosk_stop(void);

#endif
