/* web.c — the browser platform: the page's boot script hands in the font and event bytes
 * (fetched in parallel with the wasm) and calls parley_boot; frames run from
 * requestAnimationFrame only when requested, so an idle kiosk draws nothing. */
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <stdbool.h>
#include <stdio.h>

#include "platform/kiosk.h"
#include "platform/platform.h"

/* Implemented in web/parley_lib.js. */
extern void parley_js_publish_semantics(const char *json, size_t len);
extern void parley_js_frame_drawn(void);

static bool frame_pending;

static EM_BOOL on_animation_frame(double time_ms, void *user)
{
    (void)time_ms;
    (void)user;
    frame_pending = false;
    if (kiosk_frame()) parley_js_frame_drawn();
    return EM_FALSE; /* one frame per request: no permanent loop */
}

void plat_request_frame(void)
{
    if (frame_pending) return;
    frame_pending = true;
    emscripten_request_animation_frame(on_animation_frame, NULL);
}

void plat_publish_semantics(const char *json, size_t len)
{
    parley_js_publish_semantics(json, len);
}

int parley_boot(const unsigned char *font_regular, int font_regular_len, const unsigned char *font_bold,
                int font_bold_len, const char *event_json, int event_len, const char *event_name,
                const char *lang);

/* Buffers come from _malloc in the boot script and stay owned by the kiosk. */
EMSCRIPTEN_KEEPALIVE int parley_boot(const unsigned char *font_regular, int font_regular_len,
                                     const unsigned char *font_bold, int font_bold_len,
                                     const char *event_json, int event_len, const char *event_name,
                                     const char *lang)
{
    KioskConfig cfg = {
        .font_regular = font_regular, .font_regular_len = (size_t)font_regular_len,
        .font_bold = font_bold, .font_bold_len = (size_t)font_bold_len,
        .event_name = event_name, .event_json = event_json, .event_len = (size_t)event_len,
        .lang = lang, .width = 800, .height = 600,
    };
    return kiosk_start(&cfg) ? 0 : 1;
}
