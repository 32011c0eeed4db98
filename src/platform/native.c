/* native.c — the desktop platform: reads the fonts and the event file from disk and runs the
 * same kiosk in an SDL2 window, waiting for input instead of polling. Records go to an
 * NDJSON file, written and fsynced before the kiosk is told they are stored.
 * Also renders headless screenshots (--screenshot) for looking at screens without a browser. */
#define _DEFAULT_SOURCE /* getentropy, fsync */
#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/event.h"
#include "platform/kiosk.h"
#include "text/shape.h"
#include "platform/platform.h"

static bool dump_semantics;
static const char *state_dir = "build/native-state";
static char stored_id[RECORD_UUID_LEN + 1]; /* an answer to deliver after the current pass */
static bool stored_ok;

/* The desktop loop wakes on every SDL event and checks for changes itself. */
void plat_request_frame(void)
{
}

void plat_mark(const char *name)
{
    (void)name;
}

void plat_publish_semantics(const char *json, size_t len)
{
    if (dump_semantics) printf("%.*s\n", (int)len, json);
}

static void host_random(void *user, uint8_t *out, size_t n)
{
    (void)user;
    for (size_t i = 0; i < n; i += 256) {
        size_t k = n - i < 256 ? n - i : 256;
        if (getentropy(out + i, k) != 0) { perror("parley: getentropy"); abort(); }
    }
}

static int64_t host_now_ms(void *user)
{
    (void)user;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Only the device's own zone is known here without a time zone database of our own. */
static bool host_zone_time(void *user, const char *tz, int64_t unix_ms, int *year, int *month, int *day, int *minutes)
{
    (void)user;
    time_t now = (time_t)(unix_ms / 1000);
    struct tm tm;
    if (tz && *tz) {
        const char *local = getenv("TZ");
        if (!local || strcmp(local, tz) != 0) return false;
    }
    if (!localtime_r(&now, &tm)) return false;
    *year = tm.tm_year + 1900;
    *month = tm.tm_mon + 1;
    *day = tm.tm_mday;
    *minutes = tm.tm_hour * 60 + tm.tm_min;
    return true;
}

static bool append_durably(const char *name, const char *line, size_t len, bool replace)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", state_dir, name);
    mkdir(state_dir, 0700);
    int fd = open(path, O_WRONLY | O_CREAT | (replace ? O_TRUNC : O_APPEND), 0600);
    if (fd < 0) { fprintf(stderr, "parley: %s: %s\n", path, strerror(errno)); return false; }
    bool ok = write(fd, line, len) == (ssize_t)len && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
    if (!ok) fprintf(stderr, "parley: writing %s: %s\n", path, strerror(errno));
    return close(fd) == 0 && ok;
}

/* One line per record: its id and its storage form in hex. The desktop program keeps
 * records; it does not upload them. */
static bool host_store_record(void *user, const char *id, const uint8_t *blob, size_t len)
{
    (void)user;
    char *line = malloc(RECORD_UUID_LEN + 2 + 2 * len + 1);
    if (!line) return false;
    size_t n = (size_t)sprintf(line, "%s ", id);
    for (size_t i = 0; i < len; i++) n += (size_t)sprintf(line + n, "%02x", blob[i]);
    stored_ok = append_durably("outbox.txt", line, n, false);
    free(line);
    snprintf(stored_id, sizeof stored_id, "%s", id);
    return true;
}

static void host_remember(void *user, const char *line, size_t len)
{
    (void)user;
    if (line) append_durably("registration.ndjson", line, len, true);
    else {
        char path[1024];
        snprintf(path, sizeof path, "%s/registration.ndjson", state_dir);
        unlink(path);
    }
}

/* The pinyin table is read from a file between frames, as the web build fetches it. */
static const char *pinyin_path = "build/web/pinyin.bin";
static bool pinyin_wanted;
static bool host_load_pinyin(void *user)
{
    (void)user;
    pinyin_wanted = true;
    return true;
}

static unsigned char *read_file(const char *path, size_t limit, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    unsigned char *buf = malloc(limit + 1);
    size_t n = buf ? fread(buf, 1, limit, f) : 0;
    fclose(f);
    if (!buf) return NULL;
    buf[n] = 0;
    *len = n;
    return buf;
}

static void usage(FILE *to)
{
    fprintf(to,
            "usage: parley [--event FILE] [--lang TAG] [--kiosk | --console] [--idle SECONDS] [--size WxH]\n"
            "              [--font-dir DIR] [--state-dir DIR] [--pinyin FILE] [--screenshot OUT.bmp] [--dump-semantics]\n"
            "Runs the Parley kiosk in a desktop window. Records are appended to\n"
            "STATE_DIR/outbox.txt (default build/native-state). --screenshot renders one\n"
            "frame without showing a window (SDL_VIDEODRIVER=dummy works) and exits.\n"
            "--pinyin: the on-screen keyboard's pinyin table (default build/web/pinyin.bin).\n");
}

int main(int argc, char **argv)
{
    const char *event_path = "assets/events/untoc-som-2022.json", *lang = "en";
    const char *font_dir = "/usr/share/fonts/truetype/noto", *shot = NULL;
    int w = 1280, h = 800, idle = APP_IDLE_DEFAULT_S;
    AppMode mode = APP_MODE_REMOTE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (!strcmp(a, "--dump-semantics")) dump_semantics = true;
        else if (!strcmp(a, "--kiosk")) mode = APP_MODE_KIOSK;
        else if (!strcmp(a, "--console")) mode = APP_MODE_CONSOLE; /* no network here: sign-in only */
        else if (v && !strcmp(a, "--event")) { event_path = v; i++; }
        else if (v && !strcmp(a, "--lang")) { lang = v; i++; }
        else if (v && !strcmp(a, "--font-dir")) { font_dir = v; i++; }
        else if (v && !strcmp(a, "--state-dir")) { state_dir = v; i++; }
        else if (v && !strcmp(a, "--pinyin")) { pinyin_path = v; i++; }
        else if (v && !strcmp(a, "--screenshot")) { shot = v; i++; }
        else if (v && !strcmp(a, "--idle") && (idle = atoi(v)) > 0) { i++; }
        else if (v && !strcmp(a, "--size") && sscanf(v, "%dx%d", &w, &h) == 2 && w > 0 && h > 0) { i++; }
        else { usage(stderr); return 2; }
    }
    char regular_path[1024], bold_path[1024], remembered_path[1024];
    snprintf(regular_path, sizeof regular_path, "%s/NotoSans-Regular.ttf", font_dir);
    snprintf(bold_path, sizeof bold_path, "%s/NotoSans-Bold.ttf", font_dir);
    snprintf(remembered_path, sizeof remembered_path, "%s/registration.ndjson", state_dir);
    size_t regular_len = 0, bold_len = 0, event_len = 0, remembered_len = 0;
    unsigned char *regular = read_file(regular_path, 16u << 20, &regular_len);
    unsigned char *bold = read_file(bold_path, 16u << 20, &bold_len);
    /* one byte over the limit is read so the loader reports the size, not a truncation */
    char *event = (char *)read_file(event_path, EVENT_MAX_FILE_BYTES + 1, &event_len);
    char *remembered = mode == APP_MODE_REMOTE ? (char *)read_file(remembered_path, RECORD_MAX_LINE_BYTES + 1, &remembered_len) : NULL;
    if (!regular) { fprintf(stderr, "parley: cannot read %s\n", regular_path); return 1; }
    if (!event) { fprintf(stderr, "parley: cannot read %s\n", event_path); event = calloc(1, 1); event_len = 0; }
    if (remembered) remembered[strcspn(remembered, "\n")] = '\0';
    /* the fallback faces, when installed: Arabic, and Chinese (face 2 of Noto Sans CJK: SC) */
    char arabic_path[1024], arabic_bold_path[1024];
    snprintf(arabic_path, sizeof arabic_path, "%s/NotoSansArabic-Regular.ttf", font_dir);
    snprintf(arabic_bold_path, sizeof arabic_bold_path, "%s/NotoSansArabic-Bold.ttf", font_dir);
    size_t arabic_len = 0, arabic_bold_len = 0, cjk_len = 0;
    unsigned char *arabic = read_file(arabic_path, 16u << 20, &arabic_len);
    unsigned char *arabic_bold = read_file(arabic_bold_path, 16u << 20, &arabic_bold_len);
    unsigned char *cjk = read_file("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 32u << 20, &cjk_len);

    /* the shaping engine is linked in */
    Shaper *shaper = shaper_new();
    if (!shaper) { fprintf(stderr, "parley: out of memory for the shaping engine\n"); return 1; }
    TextEngine engine;
    shaper_bind(shaper, &engine);

    KioskConfig cfg = {
        .font_regular = regular, .font_regular_len = regular_len,
        .font_bold = bold, .font_bold_len = bold_len,
        .extra_fonts = {{arabic, arabic_len, 0, TEXT_GROUP_ARABIC, FONT_REGULAR},
                        {arabic_bold, arabic_bold_len, 0, TEXT_GROUP_ARABIC, FONT_BOLD},
                        {cjk, cjk_len, 2, TEXT_GROUP_CJK, FONT_REGULAR}},
        .text_engine = &engine,
        .event_name = event_path, .event_json = event, .event_len = event_len,
        .lang = lang, .mode = mode, .idle_s = idle, .remembered = remembered,
        .host = {.random = host_random, .now_ms = host_now_ms, .zone_time = host_zone_time,
                 .store_record = host_store_record, .remember = host_remember, .load_pinyin = host_load_pinyin},
        .width = w, .height = h, .hidden = shot != NULL, .text_input = true,
    };
    if (!kiosk_start(&cfg)) return 1;
    int status = 0;
    if (shot) {
        status = kiosk_screenshot(shot) ? 0 : 1;
    } else {
        for (;;) {
            kiosk_frame(); /* drains input; draws only if something changed */
            if (stored_id[0]) {
                char id[sizeof stored_id];
                memcpy(id, stored_id, sizeof id);
                stored_id[0] = '\0';
                if (app_record_stored(kiosk_app(), id, stored_ok)) kiosk_invalidate();
                continue;
            }
            if (pinyin_wanted) {
                pinyin_wanted = false;
                size_t len = 0;
                /* one byte over the limit is read so the loader reports the size */
                unsigned char *table = read_file(pinyin_path, PINYIN_MAX_TABLE_BYTES + 1, &len);
                if (app_pinyin_data(kiosk_app(), table, len)) kiosk_invalidate();
                continue;
            }
            int64_t wait = kiosk_next_tick_ms();
            /* sleeps until input or the idle timer; leaves the input queued */
            if (wait < 0 ? !SDL_WaitEvent(NULL) : (SDL_WaitEventTimeout(NULL, (int)(wait + 5)), false)) break;
            SDL_Event quit;
            if (SDL_PeepEvents(&quit, 1, SDL_PEEKEVENT, SDL_QUIT, SDL_QUIT) > 0) break;
        }
    }
    kiosk_stop();
    free(regular);
    free(bold);
    free(arabic);
    free(arabic_bold);
    free(cjk);
    shaper_free(shaper);
    free(event);
    free(remembered);
    return status;
}
