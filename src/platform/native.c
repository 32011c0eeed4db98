/* native.c — the desktop platform: reads the fonts and the event file from disk and runs
 * the same kiosk in an SDL2 window, waiting for input instead of polling.
 * Also renders headless screenshots (--screenshot) for looking at screens without a browser. */
#include <SDL.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "platform/kiosk.h"
#include "platform/platform.h"

static bool dump_semantics;

/* The desktop loop wakes on every SDL event and checks for changes itself. */
void plat_request_frame(void)
{
}

void plat_publish_semantics(const char *json, size_t len)
{
    if (dump_semantics) printf("%.*s\n", (int)len, json);
}

static unsigned char *read_file(const char *path, size_t limit, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "parley: cannot open %s\n", path); return NULL; }
    unsigned char *buf = malloc(limit + 1);
    size_t n = buf ? fread(buf, 1, limit + 1, f) : 0;
    fclose(f);
    if (!buf) return NULL;
    if (n > limit) {
        fprintf(stderr, "parley: %s is larger than %zu bytes\n", path, limit);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static void usage(FILE *to)
{
    fprintf(to,
            "usage: parley [--event FILE] [--lang TAG] [--size WxH] [--font-dir DIR]\n"
            "              [--screenshot OUT.bmp] [--dump-semantics]\n"
            "Runs the Parley kiosk in a desktop window. --screenshot renders one frame\n"
            "without showing a window (SDL_VIDEODRIVER=dummy works) and exits.\n");
}

int main(int argc, char **argv)
{
    const char *event_path = "assets/events/untoc-som-2022.json", *lang = "en";
    const char *font_dir = "/usr/share/fonts/truetype/noto", *shot = NULL;
    int w = 1280, h = 800;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (!strcmp(a, "--dump-semantics")) dump_semantics = true;
        else if (v && !strcmp(a, "--event")) { event_path = v; i++; }
        else if (v && !strcmp(a, "--lang")) { lang = v; i++; }
        else if (v && !strcmp(a, "--font-dir")) { font_dir = v; i++; }
        else if (v && !strcmp(a, "--screenshot")) { shot = v; i++; }
        else if (v && !strcmp(a, "--size") && sscanf(v, "%dx%d", &w, &h) == 2 && w > 0 && h > 0) { i++; }
        else { usage(stderr); return 2; }
    }
    char regular_path[1024], bold_path[1024];
    snprintf(regular_path, sizeof regular_path, "%s/NotoSans-Regular.ttf", font_dir);
    snprintf(bold_path, sizeof bold_path, "%s/NotoSans-Bold.ttf", font_dir);
    size_t regular_len = 0, bold_len = 0, event_len = 0;
    unsigned char *regular = read_file(regular_path, 16u << 20, &regular_len);
    unsigned char *bold = read_file(bold_path, 16u << 20, &bold_len);
    /* one byte over the limit is read so the loader reports the size, not a truncation */
    char *event = (char *)read_file(event_path, EVENT_MAX_FILE_BYTES + 1, &event_len);
    if (!regular) return 1;
    if (!event) { event = calloc(1, 1); event_len = 0; }

    KioskConfig cfg = {
        .font_regular = regular, .font_regular_len = regular_len,
        .font_bold = bold, .font_bold_len = bold_len,
        .event_name = event_path, .event_json = event, .event_len = event_len,
        .lang = lang, .width = w, .height = h, .hidden = shot != NULL,
    };
    if (!kiosk_start(&cfg)) return 1;
    int status = 0;
    if (shot) {
        status = kiosk_screenshot(shot) ? 0 : 1;
    } else {
        for (;;) {
            kiosk_frame(); /* drains input; draws only if something changed */
            if (!SDL_WaitEvent(NULL)) break; /* sleeps until input; leaves it queued */
            SDL_Event quit;
            if (SDL_PeepEvents(&quit, 1, SDL_PEEKEVENT, SDL_QUIT, SDL_QUIT) > 0) break;
        }
    }
    kiosk_stop();
    free(regular);
    free(bold);
    free(event);
    return status;
}
