/* web.c — the browser platform: boot from bytes the page fetched, the host services
 * (crypto random, clock, time zones, IndexedDB storage, this device's memory), input from
 * the accessibility mirror, and frames from requestAnimationFrame only when requested —
 * an idle kiosk draws nothing and wakes only for its own timers. */
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "platform/kiosk.h"
#include "platform/platform.h"

/* Implemented in web/parley_lib.js. */
extern void parley_js_publish_semantics(const char *json, size_t len);
extern void parley_js_frame_drawn(double ms);
extern void parley_js_random(uint8_t *out, size_t n);
extern int parley_js_zone_time(const char *tz, double unix_ms, int *out4);
extern int parley_js_store_record(const char *id, const uint8_t *blob, size_t len);
extern void parley_js_remember(const char *line, size_t len);
extern void parley_js_upload(const uint8_t *body, size_t len);
extern void parley_js_store_change(const char *id, int state, const char *reason);

static bool frame_pending;
static long timer_id = -1;
static bool uploader;        /* this tab holds the upload lock (one uploader per device) */
static bool upload_in_flight;
static bool online = true;

static void upload_pump(void);

static void schedule_timer(void);

static EM_BOOL on_animation_frame(double time_ms, void *user)
{
    (void)time_ms;
    (void)user;
    frame_pending = false;
    double t0 = emscripten_get_now();
    if (kiosk_frame()) parley_js_frame_drawn(emscripten_get_now() - t0); /* CPU cost, for the benchmark */
    upload_pump();
    schedule_timer();
    return EM_FALSE; /* one frame per request: no permanent loop */
}

void plat_request_frame(void)
{
    if (frame_pending) return;
    frame_pending = true;
    emscripten_request_animation_frame(on_animation_frame, NULL);
}

static void on_timer(void *user)
{
    (void)user;
    timer_id = -1;
    plat_request_frame();
}

/* The idle countdown and the next upload need a wake-up at a known time even with no input. */
static void schedule_timer(void)
{
    int64_t ms = kiosk_next_tick_ms();
    if (uploader && online && !upload_in_flight) {
        int64_t now = (int64_t)emscripten_date_now();
        int64_t due = outbox_next_due_ms(kiosk_app()->outbox, now);
        if (due >= 0 && (ms < 0 || due - now < ms)) ms = due > now ? due - now : 0;
    }
    if (timer_id >= 0) { emscripten_clear_timeout(timer_id); timer_id = -1; }
    if (ms >= 0) timer_id = emscripten_set_timeout(on_timer, (double)(ms + 5), NULL);
}

void plat_publish_semantics(const char *json, size_t len)
{
    parley_js_publish_semantics(json, len);
}

/* --- host services ----------------------------------------------------------------------- */

static void host_random(void *user, uint8_t *out, size_t n)
{
    (void)user;
    parley_js_random(out, n);
}

static int64_t host_now_ms(void *user)
{
    (void)user;
    return (int64_t)emscripten_date_now();
}

static bool host_zone_time(void *user, const char *tz, int64_t unix_ms, int *year, int *month, int *day, int *minutes)
{
    (void)user;
    int v[4];
    if (!parley_js_zone_time(tz, (double)unix_ms, v)) return false;
    *year = v[0];
    *month = v[1];
    *day = v[2];
    *minutes = v[3];
    return true;
}

static bool host_store_record(void *user, const char *id, const uint8_t *blob, size_t len)
{
    (void)user;
    return parley_js_store_record(id, blob, len) != 0;
}

/* --- the outbox: storage changes and uploads ----------------------------------------------- */

/* Hands every state change to the page's store: acknowledged records are deleted, refused
 * and damaged ones are kept with their reason. */
static void persist_changes(void)
{
    OutboxChange changes[32];
    size_t n;
    while ((n = outbox_take_changes(kiosk_app()->outbox, changes, 32)) > 0) {
        for (size_t i = 0; i < n; i++) parley_js_store_change(changes[i].id, (int)changes[i].state, changes[i].reason);
        if (n < 32) break;
    }
}

static void upload_pump(void)
{
    if (!uploader || !online || upload_in_flight) return;
    App *app = kiosk_app();
    int64_t now = (int64_t)emscripten_date_now();
    int64_t due = outbox_next_due_ms(app->outbox, now);
    if (due < 0 || due > now) return;
    const OutboxBatch *batch;
    OutboxResult r = outbox_next_batch(app->outbox, now, 0, 0, &batch);
    persist_changes(); /* a record found damaged on the way is quarantined */
    if (r != OUTBOX_OK) return;
    upload_in_flight = true;
    parley_js_upload(batch->body, batch->body_len);
    kiosk_invalidate(); /* the status line counts what is in flight */
}

static void host_remember(void *user, const char *line, size_t len)
{
    (void)user;
    parley_js_remember(line, line ? len : 0);
}

/* --- calls from the page ------------------------------------------------------------------ */

int parley_boot(const unsigned char *font_regular, int font_regular_len, const unsigned char *font_bold,
                int font_bold_len, const char *event_json, int event_len, const char *event_name,
                const char *lang, int kiosk_mode, int idle_s, const char *device_id, const char *remembered);
void parley_pointer(int kind, float x, float y);
void parley_activate(unsigned id);
void parley_focus(unsigned id, int visible);
void parley_edit(unsigned id, const char *text, int len, int anchor_u16, int caret_u16);
void parley_scroll_to(float y);
void parley_key(int key, int shift);
void parley_set_status(int offline, int not_persisted);
void parley_record_stored(const char *id, int ok);
int parley_outbox_restore(const char *id, const uint8_t *blob, int len, int state, const char *reason);
void parley_outbox_restored(void);
void parley_upload_done(int status, const char *body, int len, const char *retry_after);
void parley_set_uploader(int on);

/* Buffers come from _malloc in the boot script and stay owned by the kiosk. */
EMSCRIPTEN_KEEPALIVE int parley_boot(const unsigned char *font_regular, int font_regular_len,
                                     const unsigned char *font_bold, int font_bold_len,
                                     const char *event_json, int event_len, const char *event_name,
                                     const char *lang, int kiosk_mode, int idle_s, const char *device_id,
                                     const char *remembered)
{
    KioskConfig cfg = {
        .font_regular = font_regular, .font_regular_len = (size_t)font_regular_len,
        .font_bold = font_bold, .font_bold_len = (size_t)font_bold_len,
        .event_name = event_name, .event_json = event_json, .event_len = (size_t)event_len,
        .lang = lang, .mode = kiosk_mode ? APP_MODE_KIOSK : APP_MODE_REMOTE,
        .idle_s = idle_s > 0 ? idle_s : APP_IDLE_DEFAULT_S,
        .device_id = device_id, .remembered = remembered && *remembered ? remembered : NULL,
        .host = {.user = NULL, .random = host_random, .now_ms = host_now_ms, .zone_time = host_zone_time,
                 .store_record = host_store_record, .remember = host_remember},
        .width = 800, .height = 600,
    };
    return kiosk_start(&cfg) ? 0 : 1;
}

/* Pointer input over mirror controls, forwarded so a tap on them is a tap for C too.
 * kind: 0 press, 1 move, 2 release, 3 cancel (the browser took the gesture). */
EMSCRIPTEN_KEEPALIVE void parley_pointer(int kind, float x, float y)
{
    if (kind == 1) { kiosk_pointer_move(x, y); return; }
    UiInput in = {.kind = kind == 0 ? UI_IN_PRESS : kind == 2 ? UI_IN_RELEASE : UI_IN_CANCEL, .x = x, .y = y};
    kiosk_input(&in);
}

/* A click with no pointer behind it: keyboard or screen reader. */
EMSCRIPTEN_KEEPALIVE void parley_activate(unsigned id)
{
    UiInput in = {.kind = UI_IN_ACTIVATE, .target = id};
    kiosk_input(&in);
}

EMSCRIPTEN_KEEPALIVE void parley_focus(unsigned id, int visible)
{
    UiInput in = {.kind = UI_IN_FOCUS, .target = id, .focus_visible = visible != 0};
    kiosk_input(&in);
}

/* The mirror's text field now holds this value (typing, IME, paste, autofill, fill()). */
EMSCRIPTEN_KEEPALIVE void parley_edit(unsigned id, const char *text, int len, int anchor_u16, int caret_u16)
{
    UiInput in = {.kind = UI_IN_EDIT, .target = id, .text = text, .text_len = (size_t)len,
                  .sel_start = (uint32_t)anchor_u16, .sel_end = (uint32_t)caret_u16};
    kiosk_input(&in);
}

/* Keys the page passes on (UiKey values): scrolling with nothing focused, Escape. */
EMSCRIPTEN_KEEPALIVE void parley_key(int key, int shift)
{
    if (key <= UI_KEY_NONE || key > UI_KEY_SELECT_ALL) return;
    UiInput in = {.kind = UI_IN_KEY, .key = (UiKey)key, .shift = shift != 0};
    kiosk_input(&in);
}

/* The page's view of the outbox for the status line (and its role="status" node). */
EMSCRIPTEN_KEEPALIVE void parley_set_status(int offline, int not_persisted)
{
    AppStatus st = {.offline = offline != 0, .storage_not_persisted = not_persisted != 0};
    bool back = !online && !offline;
    online = !offline;
    if (back) outbox_nudge(kiosk_app()->outbox, (int64_t)emscripten_date_now()); /* retry now */
    if (app_set_status(kiosk_app(), &st)) kiosk_invalidate();
    upload_pump();
    schedule_timer();
}

EMSCRIPTEN_KEEPALIVE void parley_scroll_to(float y)
{
    kiosk_scroll_to(y);
}

EMSCRIPTEN_KEEPALIVE void parley_record_stored(const char *id, int ok)
{
    if (app_record_stored(kiosk_app(), id, ok != 0)) kiosk_invalidate();
    persist_changes();
    upload_pump();
}

/* At start (and when this tab becomes the uploader): one call per stored record, oldest
 * first. Returns the OutboxResult (a duplicate is a record this tab already holds). */
EMSCRIPTEN_KEEPALIVE int parley_outbox_restore(const char *id, const uint8_t *blob, int len, int state,
                                               const char *reason)
{
    OutboxError err;
    OutboxResult r = outbox_restore(kiosk_app()->outbox, id, blob, (size_t)len, (OutboxState)state,
                                    reason && *reason ? reason : NULL, &err);
    if (r != OUTBOX_OK && r != OUTBOX_DUPLICATE) fprintf(stderr, "parley: stored record %s: %s\n", id, err.message);
    return (int)r;
}

EMSCRIPTEN_KEEPALIVE void parley_outbox_restored(void)
{
    persist_changes();
    kiosk_invalidate();
    upload_pump();
}

/* The answer to the batch in flight: HTTP status (0: network error, timeout, reset),
 * the body, and the Retry-After header ("" when absent). */
EMSCRIPTEN_KEEPALIVE void parley_upload_done(int status, const char *body, int len, const char *retry_after)
{
    App *app = kiosk_app();
    int64_t now = (int64_t)emscripten_date_now();
    uint8_t rnd[4];
    app->host.random(app->host.user, rnd, sizeof rnd);
    uint32_t jitter = (uint32_t)rnd[0] | (uint32_t)rnd[1] << 8 | (uint32_t)rnd[2] << 16 | (uint32_t)rnd[3] << 24;
    int64_t after = outbox_parse_retry_after(retry_after, now);
    upload_in_flight = false;
    outbox_batch_done(app->outbox, now, status, body, (size_t)len, after, jitter, NULL);
    persist_changes();
    kiosk_invalidate();
    upload_pump();
    schedule_timer();
}

/* This tab got (or lost) the device's upload lock; online is the browser's view. */
EMSCRIPTEN_KEEPALIVE void parley_set_uploader(int on)
{
    uploader = on != 0;
    upload_pump();
    schedule_timer();
}
