/* kiosk.h — the SDL2 side shared by the web and desktop builds: window, renderer, input
 * translation and the frame (app → ui → gfx → present → mirror). */
#ifndef PARLEY_KIOSK_H
#define PARLEY_KIOSK_H

#include <stdbool.h>
#include <stddef.h>

typedef struct KioskConfig {
    const unsigned char *font_regular, *font_bold; /* TTF bytes; must outlive the kiosk */
    size_t font_regular_len, font_bold_len;
    const char *event_name;                        /* for error messages */
    const char *event_json;
    size_t event_len;
    const char *lang;                              /* BCP 47 tag of the interface language */
    int width, height;                             /* initial window size, CSS px */
    bool hidden;                                   /* native screenshots: no visible window */
} KioskConfig;

bool kiosk_start(const KioskConfig *cfg);
/* Drains pending input and, if anything changed, draws and presents one frame.
 * Returns true when a frame was drawn. */
bool kiosk_frame(void);
/* Native screenshots: draws now and writes the renderer's pixels as a BMP. */
bool kiosk_screenshot(const char *path);
void kiosk_stop(void);

#endif
