/* web.c — the browser platform: boot from bytes the page fetched, the host services
 * (crypto random, clock, time zones, IndexedDB storage, this device's memory), input from
 * the accessibility mirror, and frames from requestAnimationFrame only when requested —
 * an idle kiosk draws nothing and wakes only for its own timers. */
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/devicefile.h"
#include "core/langpack.h"
#include "core/lease.h"
#include "platform/kiosk.h"
#include "platform/platform.h"

/* Implemented in web/parley_lib.js. */
extern void parley_js_publish_semantics(const char *json, size_t len);
extern void parley_js_frame_drawn(double ms, int final);
extern void parley_js_random(uint8_t *out, size_t n);
extern int parley_js_zone_time(const char *tz, double unix_ms, int *out4);
extern int parley_js_store_record(const char *id, const uint8_t *blob, size_t len);
extern void parley_js_remember(const char *line, size_t len);
extern void parley_js_store_change(const char *id, int state, const char *reason);
extern void parley_js_uploaded(double unix_ms);
extern int parley_js_save_records(void);
extern int parley_js_shaper_state(void);
extern int parley_js_shaper_request(void);
extern int parley_js_shaper_add_face(int id, const unsigned char *data, size_t len, int index, int group, int style);
extern int parley_js_shaper_layout(int style, int dir, const char *text, size_t len, unsigned char **out);
extern int parley_js_shaper_base_dir(const char *text, size_t len, int fallback);
extern int parley_js_font_want(int group);
extern int parley_js_request(unsigned id, const char *method, const char *path, const char *headers,
                             const char *body, size_t len, int stream);
extern void parley_js_request_cancel(unsigned id);
extern void parley_js_mark(const char *name);
extern int parley_js_load_lang(const char *tag);
extern int parley_js_load_pinyin(void);

static bool frame_pending;
static long timer_id = -1;
static char tab_id[RECORD_UUID_LEN + 1]; /* this tab, as the lease knows it */
static bool deferred_ready; /* parley.deferred.wasm is in (parley_deferred_ready) */

static void schedule_timer(void);

static int64_t now_ms(void)
{
    return (int64_t)emscripten_date_now();
}

static void frame(void)
{
    frame_pending = false;
    double t0 = emscripten_get_now();
    /* CPU cost, for the benchmark; a frame is final once no text waits for a face or the engine */
    if (kiosk_frame()) parley_js_frame_drawn(emscripten_get_now() - t0, !kiosk_text_pending());
    schedule_timer();
}

static EM_BOOL on_animation_frame(double time_ms, void *user)
{
    (void)time_ms;
    (void)user;
    frame();
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
    if (timer_id >= 0) { emscripten_clear_timeout(timer_id); timer_id = -1; }
    if (ms >= 0) timer_id = emscripten_set_timeout(on_timer, (double)(ms + 5), NULL);
}

void plat_mark(const char *name)
{
    parley_js_mark(name);
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
    return now_ms();
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

/* The outbox's decisions about stored records (app/upload.c): acknowledged → deleted,
 * refused, damaged → kept with the reason, by the page's store. */
static void host_store_change(void *user, const char *id, OutboxState state, const char *reason)
{
    (void)user;
    parley_js_store_change(id, (int)state, reason ? reason : "");
}

static void host_uploaded(void *user, int64_t unix_ms)
{
    (void)user;
    parley_js_uploaded((double)unix_ms);
}
static void host_remember(void *user, const char *line, size_t len)
{
    (void)user;
    parley_js_remember(line, line ? len : 0);
}

static bool host_save_records(void *user)
{
    (void)user;
    return parley_js_save_records() != 0;
}

/* The one HTTP seam (AppHost.request): fetch with the page's credentials, in web/parley_lib.js;
 * the answer comes back through parley_http. */
extern void parley_js_open_url(const char *url);

static void host_open_url(void *user, const char *url)
{
    (void)user;
    parley_js_open_url(url);
}

static bool host_request(void *user, uint32_t id, const AppRequest *req)
{
    (void)user;
    return parley_js_request(id, req->method, req->path, req->headers ? req->headers : "", req->body,
                             req->body ? req->body_len : 0, req->stream ? 1 : 0) != 0;
}

static void host_cancel(void *user, uint32_t id)
{
    (void)user;
    parley_js_request_cancel(id);
}
/* Fetches a language's pack; the page answers through parley_lang_data exactly once. */
static bool host_load_lang(void *user, const char *tag)
{
    (void)user;
    return parley_js_load_lang(tag) != 0;
}

/* Fetches the pinyin candidate table; the page answers through parley_pinyin_data once. */
static bool host_load_pinyin(void *user)
{
    (void)user;
    return parley_js_load_pinyin() != 0;
}

static bool booted;

/* --- calls from the page ------------------------------------------------------------------ */

/* The shaping engine is a module of its own (build/web/shape.wasm, src/platform/shape_module.c)
 * that the page fetches when text first needs it; these calls reach it through web/parley_lib.js.
 * A laid-out line comes back as the bytes of text_layout_pack, checked by text_layout_unpack. */
enum { SHAPER_ABSENT, SHAPER_LOADING, SHAPER_READY, SHAPER_FAILED }; /* parley_js_shaper_state */

static bool shaper_ready(void *ctx)
{
    (void)ctx;
    return parley_js_shaper_state() == SHAPER_READY;
}

static bool shaper_request(void *ctx)
{
    (void)ctx;
    return parley_js_shaper_request() != 0;
}

static bool shaper_add_face(void *ctx, int id, const TextFace *f)
{
    (void)ctx;
    return parley_js_shaper_add_face(id, f->data, f->len, f->index, (int)f->group, (int)f->style) != 0;
}

static bool shaper_layout(void *ctx, TextStyle style, TextDir dir, const char *text, size_t len, TextLayout *out)
{
    (void)ctx;
    unsigned char *bytes = NULL;
    int n = parley_js_shaper_layout((int)style, (int)dir, text, len, &bytes);
    bool ok = n > 0 && bytes && text_layout_unpack(bytes, (size_t)n, out) && out->len <= len;
    free(bytes);
    if (!ok) memset(out, 0, sizeof *out);
    return ok;
}

static TextDir shaper_base_dir(void *ctx, const char *text, size_t len, TextDir fallback)
{
    (void)ctx;
    int d = parley_js_shaper_base_dir(text, len, (int)fallback);
    return d == TEXT_DIR_LTR || d == TEXT_DIR_RTL ? (TextDir)d : fallback;
}

static const TextEngine shaper_bridge = {NULL, shaper_ready, shaper_request, shaper_add_face, shaper_layout, shaper_base_dir};

/* A face of this group is on its way (the page fetches the next one it has for the group). */
static bool font_want(void *user, TextGroup group)
{
    (void)user;
    return parley_js_font_want((int)group) != 0;
}

int parley_boot(const unsigned char *font_regular, int font_regular_len, const unsigned char *font_bold,
                int font_bold_len, const char *event_json, int event_len, const char *event_name,
                const char *lang, int kiosk_mode, int idle_s, const char *device_id, const char *remembered);
int parley_add_font(const unsigned char *data, int len, int index, int group, int style);
void parley_text_changed(int engine_ready);
int parley_text_pending(void);
void parley_set_base_url(const char *url);
void parley_pointer(int kind, float x, float y);
void parley_activate(unsigned id);
void parley_focus(unsigned id, int visible);
void parley_edit(unsigned id, const char *text, int len, int anchor_u16, int caret_u16);
void parley_scroll_to(float y);
void parley_key(int key, int shift);
void parley_set_status(int offline, int not_persisted, int no_offline_start);
void parley_record_stored(const char *id, int ok);
const char *parley_device_id(void);
const char *parley_tab_id(void);
unsigned parley_sync_begin(void);
int parley_sync_entry(unsigned epoch, const char *id, const uint8_t *blob, int len, int state, const char *reason);
void parley_sync_end(unsigned epoch, double last_upload_ms);
double parley_lease_claim(const char *owner, double expires_ms, int released);
double parley_lease_set(double expires_ms);
int parley_export_header(int count);
int parley_export_entry(const char *id, const uint8_t *blob, int len, int state, const char *reason);
const char *parley_export_text(void);
void parley_records_saved(int count, int ok);
void parley_http(unsigned id, int status, const char *body, int len, int final, const char *retry_after);
int parley_shortcut(int ch);
int parley_lang_data(const char *tag, const char *bytes, int len);
void parley_deferred_ready(void);
int parley_dict_data(const uint8_t *bytes, int len);
void parley_pinyin_data(uint8_t *bytes, int len);

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
        .lang = lang, .mode = kiosk_mode == 2 ? APP_MODE_CONSOLE : kiosk_mode ? APP_MODE_KIOSK : APP_MODE_REMOTE,
        .idle_s = idle_s > 0 ? idle_s : APP_IDLE_DEFAULT_S,
        .device_id = device_id, .remembered = remembered && *remembered ? remembered : NULL,
        .host = {.user = NULL, .random = host_random, .now_ms = host_now_ms, .zone_time = host_zone_time,
                 .store_record = host_store_record, .remember = host_remember,
                 .save_records = host_save_records, .request = host_request, .cancel = host_cancel,
                 .open_url = kiosk_mode == 1 ? NULL : host_open_url, .load_lang = host_load_lang,
                 .store_change = host_store_change, .uploaded = host_uploaded,
                 .load_pinyin = host_load_pinyin},
        .width = 800, .height = 600, .opengl = true,
        .text_engine = &shaper_bridge, .text_want = font_want,
    };
    uint8_t rnd[16];
    host_random(NULL, rnd, sizeof rnd);
    record_uuid_v4(rnd, tab_id);
    if (!kiosk_start(&cfg)) return 1;
    /* What only the forms, storing and the console reach is split out of parley.wasm at
     * build time (parley.deferred.wasm) and arrives after the first frame (parley_deferred_ready;
     * in console mode it came before C started). */
    app_set_deferred(kiosk_app(), deferred_ready);
    booted = true;
    /* The first frame is drawn now, not at the next animation frame: everything it needs is
     * here, and the browser shows it at its next paint either way (the frame requested by
     * kiosk_start then finds nothing changed). */
    frame();
    return 0;
}

/* A face (Arabic, Chinese) the page fetched when text needed it; group and style are
 * TextGroup and FontFace values. The buffer stays owned by the kiosk. */
EMSCRIPTEN_KEEPALIVE int parley_add_font(const unsigned char *data, int len, int index, int group, int style)
{
    if (!data || len <= 0 || group < 0 || group >= TEXT_GROUP_COUNT || style < 0 || style >= FONT_FACE_COUNT) return 1;
    KioskFont f = {data, (size_t)len, index, (TextGroup)group, (FontFace)style};
    return kiosk_add_font(&f) ? 0 : 1;
}

/* The shaping engine arrived (1), or a face or the engine the page was fetching will not come (0). */
EMSCRIPTEN_KEEPALIVE void parley_text_changed(int engine_ready)
{
    kiosk_text_changed(engine_ready != 0);
}

/* The page's address, for the receipt's QR code of its reference page. */
EMSCRIPTEN_KEEPALIVE void parley_set_base_url(const char *url)
{
    app_set_base_url(kiosk_app(), url);
}

/* Whether text on screen waits for a face or the engine (for tests and the benchmark). */
EMSCRIPTEN_KEEPALIVE int parley_text_pending(void)
{
    return kiosk_text_pending() ? 1 : 0;
}

/* This device's id (made at the first visit, when the page had none to give) and this
 * tab's: the page keeps the first and names the second in the upload lease. */
EMSCRIPTEN_KEEPALIVE const char *parley_device_id(void)
{
    return kiosk_app()->device;
}

EMSCRIPTEN_KEEPALIVE const char *parley_tab_id(void)
{
    return tab_id;
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
EMSCRIPTEN_KEEPALIVE void parley_set_status(int offline, int not_persisted, int no_offline_start)
{
    AppStatus st = {.offline = offline != 0, .storage_not_persisted = not_persisted != 0,
                    .no_offline_start = no_offline_start != 0};
    if (app_set_status(kiosk_app(), &st)) kiosk_invalidate(); /* back online: uploads resume */
    schedule_timer();
}

EMSCRIPTEN_KEEPALIVE void parley_scroll_to(float y)
{
    kiosk_scroll_to(y);
}

EMSCRIPTEN_KEEPALIVE void parley_record_stored(const char *id, int ok)
{
    if (app_record_stored(kiosk_app(), id, ok != 0)) kiosk_invalidate();
    schedule_timer();
}

/* A sync pass (core/outbox.h, "other tabs"): the page reads the device's storage and hands
 * every stored record over, oldest first, between begin and end; at start this restores
 * the outbox, later it brings in what other tabs stored, uploaded or refused. The begin
 * comes before the read starts. parley_sync_entry returns the OutboxResult. */
/* Taking in stored records checks each one (decoding it: code in parley.deferred.wasm), so
 * the page runs its sync passes once that code is in; before, nothing changes. Without an
 * outbox the app could not start, and shows why. */
static bool may_sync(void)
{
    return kiosk_app()->outbox && deferred_ready;
}

EMSCRIPTEN_KEEPALIVE unsigned parley_sync_begin(void)
{
    return may_sync() ? outbox_sync_begin(kiosk_app()->outbox) : 0;
}

EMSCRIPTEN_KEEPALIVE int parley_sync_entry(unsigned epoch, const char *id, const uint8_t *blob, int len, int state,
                                           const char *reason)
{
    OutboxError err;
    if (!may_sync()) return (int)OUTBOX_NO_MEMORY; /* nothing changed; the page tries again */
    OutboxResult r = outbox_sync_entry(kiosk_app()->outbox, epoch, id, blob, (size_t)len, (OutboxState)state,
                                       reason && *reason ? reason : NULL, &err);
    if (r != OUTBOX_OK && r != OUTBOX_DUPLICATE) fprintf(stderr, "parley: stored record %s: %s\n", id, err.message);
    return (int)r;
}

EMSCRIPTEN_KEEPALIVE void parley_sync_end(unsigned epoch, double last_upload_ms)
{
    if (!may_sync()) return;
    outbox_sync_end(kiosk_app()->outbox, epoch, (int64_t)last_upload_ms);
    app_outbox_synced(kiosk_app());
    kiosk_invalidate(); /* draws only if the status or a screen really changed */
    schedule_timer();
}

/* The upload lease (core/lease.h), inside the page's storage transaction: the stored owner
 * and expiry in, the expiry to store out (0: another tab holds it). */
EMSCRIPTEN_KEEPALIVE double parley_lease_claim(const char *owner, double expires_ms, int released)
{
    Lease stored = {.expires_ms = (int64_t)expires_ms};
    snprintf(stored.owner, sizeof stored.owner, "%s", owner ? owner : "");
    return (double)lease_claim(&stored, tab_id, released != 0, now_ms());
}

/* The claim's transaction committed with this expiry (0: not held). Returns the
 * milliseconds until the next claim. */
EMSCRIPTEN_KEEPALIVE double parley_lease_set(double expires_ms)
{
    /* Only the lease holder uploads, and only while its lease runs: a holder that was frozen
     * past its expiry sends nothing until it has claimed the lease again. */
    if (app_upload_allow_until(kiosk_app(), (int64_t)expires_ms)) kiosk_invalidate();
    schedule_timer();
    return (double)lease_next_claim_ms(lease_held((int64_t)expires_ms, now_ms()));
}

/* --- saving the device's records to a file (core/devicefile.h) ----------------------------- */

static char *export_line;
static size_t export_cap;

static bool export_room(size_t need)
{
    if (need <= export_cap) return true;
    char *p = realloc(export_line, need);
    if (!p) return false;
    export_line = p;
    export_cap = need;
    return true;
}

/* The page reads storage and asks for the file line by line: the header first, then one
 * line per stored entry; each answer is the line's length (0: failed) and its text stays in
 * parley_export_text() until the next call. */
EMSCRIPTEN_KEEPALIVE int parley_export_header(int count)
{
    char exported[RECORD_TIME_BYTES];
    if (count < 0 || !record_format_time(now_ms(), exported) || !export_room(DEVICEFILE_HEADER_BOUND)) return 0;
    return (int)devicefile_write_header(kiosk_app()->device, exported, (uint64_t)count, export_line, export_cap, NULL);
}

EMSCRIPTEN_KEEPALIVE int parley_export_entry(const char *id, const uint8_t *blob, int len, int state, const char *reason)
{
    OutboxError err = {.message = "the code that writes it has not arrived yet"};
    size_t n = 0;
    /* (the file is asked for from the status screen, which itself comes with that code) */
    if (deferred_ready && len >= 0 && export_room(outbox_export_bound((size_t)len, reason ? strlen(reason) : 0)))
        n = outbox_export_line(id, blob, (size_t)len, (OutboxState)state, reason, export_line, export_cap, &err);
    if (n == 0) fprintf(stderr, "parley: saving record %s: %s\n", id, err.message);
    return (int)n;
}

EMSCRIPTEN_KEEPALIVE const char *parley_export_text(void)
{
    return export_line ? export_line : "";
}

EMSCRIPTEN_KEEPALIVE void parley_records_saved(int count, int ok)
{
    if (app_records_saved(kiosk_app(), count, ok != 0)) kiosk_invalidate();
}

/* --- HTTP answers and the console's keys ------------------------------------------------------ */

/* The answer to host_request id (see AppHost.request): the whole body with final = 1, or a
 * stream's pieces with final = 0 and then its end, with the Retry-After header ("" when
 * absent). Status 0: no HTTP answer. */
EMSCRIPTEN_KEEPALIVE void parley_http(unsigned id, int status, const char *body, int len, int final,
                                      const char *retry_after)
{
    if (len < 0) len = 0;
    if (app_http_answer(kiosk_app(), id, status, body, (size_t)len, final != 0, retry_after)) kiosk_invalidate();
    schedule_timer(); /* a dropped stream is reconnected on a timer */
}

/* A character key pressed outside text fields; returns 1 when it did something (the page
 * then keeps the browser from acting on it too). */
EMSCRIPTEN_KEEPALIVE int parley_shortcut(int ch)
{
    int r = kiosk_shortcut(ch) ? 1 : 0;
    schedule_timer();
    return r;
}

/* The page instantiated parley.deferred.wasm, which filled in the functions split out of
 * parley.wasm (core/deferred.h): the forms carry on where the visitor is, and the outbox uploads. */
EMSCRIPTEN_KEEPALIVE void parley_deferred_ready(void)
{
    deferred_ready = true;
    if (booted) {
        app_set_deferred(kiosk_app(), true);
        kiosk_invalidate();
        schedule_timer();
    }
}

/* The LZ4 dictionary's bytes, fetched after the first frame (untrusted: checked against the
 * length and checksum compiled in). Records stored from now on use it, and the page runs a
 * sync pass to take in the stored records that need it. Returns 1 when installed. */
EMSCRIPTEN_KEEPALIVE int parley_dict_data(const uint8_t *bytes, int len)
{
    char err[128];
    if (len >= 0 && outbox_install_dict(bytes, (size_t)len, err, sizeof err)) return 1;
    fprintf(stderr, "parley: the LZ4 dictionary: %s\n", err);
    return 0;
}

/* A language pack the page fetched (bytes NULL: the fetch failed), before the boot (the
 * visitor's language, so that the first frame is already in it) or after host_load_lang.
 * The bytes are untrusted: langpack_load checks them all and a bad pack changes nothing.
 * Returns 1 when the pack was installed. */
EMSCRIPTEN_KEEPALIVE int parley_lang_data(const char *tag, const char *bytes, int len)
{
    I18nLang lang = i18n_lang_from_tag(tag);
    char err[160] = "";
    bool ok = lang != I18N_EN && strcmp(i18n_lang_tag(lang), tag) == 0 && bytes && len > 0 &&
              langpack_load(lang, bytes, (size_t)len, err, sizeof err);
    if (!ok) fprintf(stderr, "parley: the %s language pack: %s\n", tag, err[0] ? err : "not available");
    if (booted && app_lang_ready(kiosk_app(), lang, ok)) kiosk_invalidate();
    return ok ? 1 : 0;
}

/* The pinyin candidate table the page fetched (bytes NULL: it could not be had), from
 * _malloc; the kiosk owns the bytes from now on. They are untrusted: pinyin_table_load checks
 * them all, and a table that fails is refused with a message and pinyin disabled. */
EMSCRIPTEN_KEEPALIVE void parley_pinyin_data(uint8_t *bytes, int len)
{
    if (booted && app_pinyin_data(kiosk_app(), bytes, bytes && len > 0 ? (size_t)len : 0)) kiosk_invalidate();
    else if (!booted) free(bytes);
}
