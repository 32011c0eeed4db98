/* native.c — the desktop platform: reads the fonts and the event file from disk and runs the
 * same kiosk in an SDL2 window, waiting for input instead of polling. Records go to the
 * outbox log (below), written and fsynced before the kiosk is told they are stored; with
 * --server they are uploaded to parleyd by the app's upload pump (app/upload.c) over
 * libcurl (native_http.c), as the browser does. Also renders headless screenshots
 * (--screenshot) for looking at screens without a browser. */
#define _DEFAULT_SOURCE /* getentropy, fsync, flock */
#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/file.h>
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
#include "platform/native_http.h"
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

/* --- the outbox log ----------------------------------------------------------------------
 * STATE_DIR/outbox.log holds the records this program stored and what the outbox decided
 * about them, one line each, appended and fsynced before the app hears of it:
 *     S <id> <storage form in hex>     stored, waiting to upload
 *     C <id> <state> <reason>          decided: 3 acknowledged (forgotten), 4 refused by
 *                                      parleyd, 5 damaged (both kept, with the reason)
 * At start the lines are replayed into the outbox (outbox_restore) and the file is written
 * again with what is left. One program at a time uploads from a state directory (an flock
 * on STATE_DIR/outbox.lock, a file never replaced): a second one stores but does not upload. */
#define LOG_NAME "outbox.log"

typedef struct LogEntry {
    char id[OUTBOX_KEY_BYTES + 1];
    uint8_t *blob;
    size_t len;
    OutboxState state;
    char reason[OUTBOX_REASON_BYTES];
} LogEntry;

static int log_lock_fd = -1;

static void state_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", state_dir, name);
}

static bool append_line(const char *line, size_t len)
{
    return append_durably(LOG_NAME, line, len, false);
}

static bool host_store_record(void *user, const char *id, const uint8_t *blob, size_t len)
{
    (void)user;
    char *line = malloc(2 + RECORD_UUID_LEN + 1 + 2 * len + 1);
    if (!line) return false;
    size_t n = (size_t)sprintf(line, "S %s ", id);
    for (size_t i = 0; i < len; i++) n += (size_t)sprintf(line + n, "%02x", blob[i]);
    stored_ok = append_line(line, n);
    free(line);
    snprintf(stored_id, sizeof stored_id, "%s", id);
    return true;
}

static void host_store_change(void *user, const char *id, OutboxState state, const char *reason)
{
    (void)user;
    char line[2 + OUTBOX_KEY_BYTES + 4 + OUTBOX_REASON_BYTES];
    int n = snprintf(line, sizeof line, "C %s %d %s", id, (int)state, reason ? reason : "");
    for (int i = 0; i < n; i++)
        if ((unsigned char)line[i] < 0x20) line[i] = ' '; /* one line per change */
    if (n > 0) append_line(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static LogEntry *log_find(LogEntry *e, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].id, id) == 0) return &e[i];
    return NULL;
}

/* One line of the log into the entries; false (why in *why) for a line that is not one. */
static bool log_line(char *line, size_t len, LogEntry **entries, size_t *count, size_t *cap, const char **why)
{
    size_t max_blob = outbox_encode_bound(RECORD_MAX_LINE_BYTES);
    char *id = line + 2, *sp = len > 2 ? memchr(id, ' ', len - 2) : NULL;
    if (len < 4 || (line[0] != 'S' && line[0] != 'C') || line[1] != ' ' || !sp) { *why = "not a log line"; return false; }
    *sp = '\0';
    if ((size_t)(sp - id) > OUTBOX_KEY_BYTES || !record_is_id(id)) { *why = "not a record id"; return false; }
    char *rest = sp + 1;
    size_t rest_len = len - (size_t)(rest - line);
    LogEntry *e = log_find(*entries, *count, id);
    if (line[0] == 'S') {
        if (rest_len % 2 || rest_len / 2 > max_blob || rest_len == 0) { *why = "a stored form of a wrong length"; return false; }
        if (e) { *why = "stored twice"; return false; }
        uint8_t *blob = malloc(rest_len / 2);
        if (!blob) { *why = "out of memory"; return false; }
        for (size_t i = 0; i < rest_len / 2; i++) {
            int hi = hex_value(rest[2 * i]), lo = hex_value(rest[2 * i + 1]);
            if (hi < 0 || lo < 0) { free(blob); *why = "not hexadecimal"; return false; }
            blob[i] = (uint8_t)(hi * 16 + lo);
        }
        if (*count == *cap) {
            size_t ncap = *cap ? *cap * 2 : 64;
            LogEntry *grown = realloc(*entries, ncap * sizeof *grown);
            if (!grown) { free(blob); *why = "out of memory"; return false; }
            *entries = grown;
            *cap = ncap;
        }
        e = &(*entries)[(*count)++];
        memset(e, 0, sizeof *e);
        snprintf(e->id, sizeof e->id, "%s", id);
        e->blob = blob;
        e->len = rest_len / 2;
        e->state = OUTBOX_PENDING;
        return true;
    }
    int state = rest_len > 0 ? rest[0] - '0' : -1;
    if (rest_len < 1 || (state != OUTBOX_ACKED && state != OUTBOX_REJECTED && state != OUTBOX_QUARANTINED) ||
        (rest_len > 1 && rest[1] != ' ')) { *why = "not a decision"; return false; }
    if (!e) { *why = "a decision about a record never stored"; return false; }
    e->state = (OutboxState)state;
    snprintf(e->reason, sizeof e->reason, "%s", rest_len > 2 ? rest + 2 : "");
    return true;
}

/* Replays the log into the outbox and writes it again with what is left (acknowledged
 * records gone). Returns false when the log could not be read or written. */
static bool restore_outbox(App *app)
{
    char path[1024], tmp[1040];
    state_path(path, sizeof path, "outbox.lock");
    mkdir(state_dir, 0700);
    log_lock_fd = open(path, O_RDWR | O_CREAT, 0600);
    if (log_lock_fd < 0 || flock(log_lock_fd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "parley: %s: %s; records are stored but not uploaded by this program\n", path,
                log_lock_fd < 0 ? strerror(errno) : "another program uses this state directory");
        return false;
    }
    state_path(path, sizeof path, LOG_NAME);
    FILE *f = fopen(path, "r");
    if (!f && errno != ENOENT) { fprintf(stderr, "parley: %s: %s\n", path, strerror(errno)); return false; }
    LogEntry *entries = NULL;
    size_t count = 0, cap = 0, line_no = 0, max_line = 2 + OUTBOX_KEY_BYTES + 1 + 2 * outbox_encode_bound(RECORD_MAX_LINE_BYTES);
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t got;
    while (f && (got = getline(&line, &line_cap, f)) >= 0) {
        line_no++;
        size_t n = (size_t)got;
        if (n && line[n - 1] == '\n') line[--n] = '\0';
        const char *why = NULL;
        if (n > max_line) why = "over the longest line a record makes";
        if (n == 0) continue;
        if (why || !log_line(line, n, &entries, &count, &cap, &why))
            fprintf(stderr, "parley: %s:%zu: %s; line skipped\n", path, line_no, why);
    }
    free(line);
    if (f) fclose(f);
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *out = fopen(tmp, "w");
    bool ok = out != NULL;
    for (size_t i = 0; i < count; i++) {
        LogEntry *e = &entries[i];
        OutboxError err;
        if (e->state != OUTBOX_ACKED &&
            outbox_restore(app->outbox, e->id, e->blob, e->len, e->state, e->reason[0] ? e->reason : NULL, &err) != OUTBOX_OK)
            fprintf(stderr, "parley: stored record %s: %s\n", e->id, err.message);
        if (ok && e->state != OUTBOX_ACKED) {
            fprintf(out, "S %s ", e->id);
            for (size_t k = 0; k < e->len; k++) fprintf(out, "%02x", e->blob[k]);
            fputc('\n', out);
            if (e->state != OUTBOX_PENDING) fprintf(out, "C %s %d %s\n", e->id, (int)e->state, e->reason);
        }
        free(e->blob);
    }
    free(entries);
    if (out) ok = fflush(out) == 0 && fsync(fileno(out)) == 0 && fclose(out) == 0 && ok;
    if (ok) ok = rename(tmp, path) == 0;
    if (!ok) fprintf(stderr, "parley: writing %s: %s\n", path, strerror(errno));
    return ok;
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
            "              [--server URL] [--font-dir DIR] [--state-dir DIR] [--pinyin FILE]\n"
            "              [--screenshot OUT.bmp] [--dump-semantics]\n"
            "Runs the Parley kiosk in a desktop window. Records are kept in STATE_DIR/outbox.log\n"
            "(default build/native-state) and, with --server (parleyd's address, e.g.\n"
            "http://192.168.1.10:8080/), uploaded there; the console signs in there too.\n"
            "--pinyin: the on-screen keyboard's pinyin table (default build/web/pinyin.bin).\n"
            "--screenshot renders one frame without showing a window (SDL_VIDEODRIVER=dummy\n"
            "works) and exits.\n");
}

int main(int argc, char **argv)
{
    const char *event_path = "assets/events/untoc-som-2022.json", *lang = "en";
    const char *font_dir = "/usr/share/fonts/truetype/noto", *shot = NULL, *server = NULL;
    int w = 1280, h = 800, idle = APP_IDLE_DEFAULT_S;
    AppMode mode = APP_MODE_REMOTE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (!strcmp(a, "--dump-semantics")) dump_semantics = true;
        else if (!strcmp(a, "--kiosk")) mode = APP_MODE_KIOSK;
        else if (!strcmp(a, "--console")) mode = APP_MODE_CONSOLE;
        else if (v && !strcmp(a, "--server")) { server = v; i++; }
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
                 .store_record = host_store_record, .remember = host_remember,
                 .store_change = host_store_change, .load_pinyin = host_load_pinyin},
        .width = w, .height = h, .hidden = shot != NULL, .text_input = true,
    };
    if (server && !shot) {
        if (!native_http_init(server)) return 2;
        cfg.host.request = native_http_request;
        cfg.host.cancel = native_http_cancel;
    }
    if (!kiosk_start(&cfg)) return 1;
    /* the only uploader of its state directory (the log's lock): allowed for good */
    if (!shot) {
        bool only_one = restore_outbox(kiosk_app());
        app_outbox_synced(kiosk_app()); /* what the restore decided is stored */
        if (only_one && server) app_upload_allow_until(kiosk_app(), INT64_MAX);
    }
    int status = 0;
    if (shot) {
        status = kiosk_screenshot(shot) ? 0 : 1;
    } else {
        for (;;) {
            kiosk_frame(); /* drains input; draws only if something changed */
            if (native_http_deliver(kiosk_app())) kiosk_invalidate();
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
    native_http_stop();
    kiosk_stop();
    if (log_lock_fd >= 0) close(log_lock_fd);
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
