/* platform.h — the written contract between the kiosk and the system it runs on.
 * web.c (browser, Emscripten) and native.c (desktop SDL2) implement it; kiosk.c uses it.
 * Nothing outside src/platform and src/gfx may include SDL or Emscripten headers. */
#ifndef PARLEY_PLATFORM_H
#define PARLEY_PLATFORM_H

#include <stddef.h>

/* Ask for one frame soon (coalesced): the kiosk draws only when something changed. */
void plat_request_frame(void);

/* Hands the semantics list (ui_semantics_json) to the accessibility mirror; called only
 * when it changed since the last call. */
void plat_publish_semantics(const char *json, size_t len);

/* Notes that a phase of the start-up ended ("parley-sdl-init", "parley-first-draw"...): the
 * browser records it with performance.mark for `make bench`; the desktop ignores it. */
void plat_mark(const char *name);

#endif
