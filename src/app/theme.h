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

#define THEME_RADIUS      12.0f
#define THEME_MAX_COLUMN  880.0f

#endif
