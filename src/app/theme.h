/* theme.h — colours and metrics shared by every screen, in one place.
 * Contrast: text colours meet WCAG AA (4.5:1) on the backgrounds they are used on. */
#ifndef PARLEY_THEME_H
#define PARLEY_THEME_H

#include "ui/ui.h"

#define THEME_BG          ((UiColor){0xF3, 0xF5, 0xF8, 0xFF})
#define THEME_SURFACE     ((UiColor){0xFF, 0xFF, 0xFF, 0xFF})
#define THEME_BORDER      ((UiColor){0xD5, 0xDC, 0xE4, 0xFF})
#define THEME_HEADER      ((UiColor){0x0A, 0x2E, 0x52, 0xFF})
#define THEME_HEADER_TEXT ((UiColor){0xFF, 0xFF, 0xFF, 0xFF})
#define THEME_HEADER_SUB  ((UiColor){0xC6, 0xDB, 0xF0, 0xFF})
#define THEME_TEXT        ((UiColor){0x16, 0x20, 0x2C, 0xFF})
#define THEME_TEXT_MUTED  ((UiColor){0x4A, 0x57, 0x68, 0xFF})
#define THEME_ACCENT      ((UiColor){0x00, 0x5E, 0xA8, 0xFF})
#define THEME_ON_ACCENT   ((UiColor){0xFF, 0xFF, 0xFF, 0xFF})
#define THEME_ERROR       ((UiColor){0xB0, 0x1E, 0x1E, 0xFF})

#define THEME_ACCENT_SOFT ((UiColor){0xDD, 0xEA, 0xF6, 0xFF})
#define THEME_PRESSED     ((UiColor){0x00, 0x48, 0x82, 0xFF})
#define THEME_FOCUS       ((UiColor){0xE0, 0x7A, 0x00, 0xFF})
#define THEME_SELECTION   ((UiColor){0xB6, 0xD4, 0xF2, 0xFF})
#define THEME_SUCCESS     ((UiColor){0x1B, 0x6E, 0x3A, 0xFF})

#define THEME_RADIUS      12.0f
#define THEME_MAX_COLUMN  880.0f

/* The widget style for a mode: bigger targets on the shared touch kiosk. */
static inline void theme_style(UiStyle *s, bool kiosk)
{
    *s = (UiStyle){
        .text = THEME_TEXT, .text_muted = THEME_TEXT_MUTED, .surface = THEME_SURFACE,
        .border = THEME_BORDER, .accent = THEME_ACCENT, .on_accent = THEME_ON_ACCENT,
        .accent_soft = THEME_ACCENT_SOFT, .focus = THEME_FOCUS, .error = THEME_ERROR,
        .field = THEME_SURFACE, .selection = THEME_SELECTION, .pressed = THEME_PRESSED,
        .radius = 10.0f, .min_target_px = kiosk ? 64.0f : 48.0f,
    };
}

#endif
