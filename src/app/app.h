/* app.h — the kiosk application: its state, the host services it needs, the input it
 * understands and one frame of UI. Portable: built on core and ui only; the platform feeds
 * input, supplies time, randomness and storage through AppHost, and draws what ui emits. */
#ifndef PARLEY_APP_H
#define PARLEY_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/live.h"
#include "core/event.h"
#include "core/i18n.h"
#include "core/osk_layout.h"
#include "core/outbox.h"
#include "core/pinyin.h"
#include "core/qr.h"
#include "core/record.h"
#include "core/textedit.h"
#include "ui/ui.h"

#define APP_MAX_SUBMISSIONS   64
#define APP_IDLE_DEFAULT_S    90
#define APP_IDLE_MIN_S        5
#define APP_IDLE_MAX_S        3600
#define APP_COUNTDOWN_S       10    /* the "Still there?" overlay before the reset */
#define APP_NAME_CHARS        RECORD_MAX_NAME_CHARS
#define APP_EMAIL_CHARS       RECORD_MAX_EMAIL_BYTES /* an address counts in bytes (record.c) */
#define APP_COMMENT_CHARS     RECORD_MAX_TEXT_CHARS
#define APP_SEARCH_CHARS      40
#define APP_MAX_FIELDS        8     /* text fields on one screen */

typedef enum AppMode { APP_MODE_REMOTE, APP_MODE_KIOSK, APP_MODE_CONSOLE } AppMode;

typedef enum AppScreen {
    SCREEN_WELCOME, SCREEN_REGISTER, SCREEN_COUNTRY, SCREEN_AGENDA, SCREEN_ITEM,
    SCREEN_PANELLISTS, SCREEN_COMPOSE, SCREEN_RECEIPT, SCREEN_MINE, SCREEN_STATUS, SCREEN_CHECK,
    /* the secretariat's console (console.h): sign-in, the list, one comment, the log */
    SCREEN_CON_SIGNIN, SCREEN_CON_LIST, SCREEN_CON_DETAIL, SCREEN_CON_LOG,
    /* the Chair's (chair_desk.h): the meeting (item in progress, queue), the registrations */
    SCREEN_CON_MEETING, SCREEN_CON_REGS, SCREEN_CON_SUMMARY, SCREEN_COUNT
} AppScreen;

/* Request ids (AppHost.request), by who asks: the console counts from 1, the others keep
 * to their own range. */
#define APP_REQUEST_CHECK  0x80000000u /* "Check a reference" */
#define APP_REQUEST_UPLOAD 0x40000000u /* the upload pump (upload.c) */
#define APP_REQUEST_SEQ    0x3FFFFFFFu /* the counter under either bit */

/* One HTTP request through the platform (AppHost.request). */
typedef struct AppRequest {
    const char *method;         /* "GET", "POST", "DELETE" */
    const char *path;           /* relative to the page, e.g. "api/v1/comments?limit=500" */
    const char *headers;        /* extra request headers, "Name: value\n" each; "" for none */
    const char *body;           /* NULL when there is none */
    size_t body_len;
    bool stream;                /* deliver the body piece by piece as it arrives (event streams) */
} AppRequest;

/* Services the platform provides. Every function must be set. */
typedef struct AppHost {
    void *user;
    /* Secure random bytes (crypto.getRandomValues, getrandom). */
    void (*random)(void *user, uint8_t *out, size_t n);
    /* Wall clock, Unix ms. */
    int64_t (*now_ms)(void *user);
    /* Local date and minutes after midnight of the instant unix_ms in an IANA time zone
     * ("" = the device's); false when the zone is unknown. */
    bool (*zone_time)(void *user, const char *tz, int64_t unix_ms, int *year, int *month, int *day,
                      int *minutes);
    /* Starts storing one record durably: blob is its storage form (outbox_encode), state
     * OUTBOX_PENDING. Returns false if it could not even start; otherwise the platform later
     * calls app_record_stored(id, ok) exactly once, after the storage transaction committed
     * (ok) or failed. */
    bool (*store_record)(void *user, const char *id, const uint8_t *blob, size_t len);
    /* Remote mode: remembers the registration line on this device (NULL: forget it). */
    void (*remember)(void *user, const char *line, size_t len);
    /* May be NULL (the platform cannot save files). Starts saving every record stored on
     * this device to one file (outbox_export_line); returns false if it could not start;
     * otherwise the platform later calls app_records_saved exactly once. */
    bool (*save_records)(void *user);
    /* May be NULL (no network: the console then says the server cannot be reached). The one
     * HTTP seam of the app: starts request `id` (chosen by the app, never 0) to the page's own
     * server, with the browser's credentials (the staff session cookie) and the given headers
     * (the console adds X-CSRF-Token and Last-Event-ID itself). Returns false if it could not
     * start; otherwise the platform later calls app_http_answer(id, ...): once with
     * final = true and the whole body, or for a stream request once per piece of body as it
     * arrives (final = false, status the HTTP status), then once with final = true and no
     * body when it ends. Status 0 means no HTTP answer (network error, timeout, cancelled).
     * The platform copies what it needs before returning. */
    bool (*request)(void *user, uint32_t id, const AppRequest *req);
    /* May be NULL with request. Stops request id; no answer comes after it. */
    void (*cancel)(void *user, uint32_t id);
    /* May be NULL (a kiosk never leaves its page). Opens a page of the server (relative to
     * the page's address) for the visitor, beside the app. */
    void (*open_url)(void *user, const char *url);
    /* May be NULL (every language compiled in). Starts fetching the pack of a language that
     * is not here yet (i18n_available; core/langpack.h); returns false if it could not start;
     * otherwise the platform installs it and calls app_lang_ready exactly once. */
    bool (*load_lang)(void *user, const char *tag);
    /* May be NULL (nothing uploads: records stay stored). Stores what the outbox decided
     * about a stored record (upload.c): OUTBOX_ACKED deletes it, OUTBOX_REJECTED and
     * OUTBOX_QUARANTINED keep it with the reason. With request, it lets the app upload. */
    void (*store_change)(void *user, const char *id, OutboxState state, const char *reason);
    /* May be NULL. parleyd answered an upload at unix_ms (other tabs' status lines show it). */
    void (*uploaded)(void *user, int64_t unix_ms);
    /* May be NULL (no pinyin candidates: letters are typed as they are). Starts fetching the
     * pinyin candidate table (core/pinyin.h); returns false if it could not start; otherwise
     * the platform later calls app_pinyin_data exactly once. */
    bool (*load_pinyin)(void *user);
} AppHost;

/* The upload pump's own state (upload.c). */
typedef struct UploadPump {
    int64_t allowed_until; /* uploads may start until then (lease_held): the lease's expiry */
    uint32_t request;      /* the batch in flight, 0 when none */
} UploadPump;

/* Saving the device's records to a file (the device status screen). */
typedef enum SaveState { SAVE_NONE, SAVE_RUNNING, SAVE_DONE, SAVE_FAILED } SaveState;

/* Before the commit; after it the outbox tells where the record is. */
typedef enum SubmissionState { SUB_SAVING, SUB_STORED } SubmissionState;

typedef struct Submission {
    char id[RECORD_UUID_LEN + 1];
    char reference[RECORD_REFERENCE_BYTES];
    int agenda_item;            /* index into the event's agenda */
    int panellist;              /* index, -1 when addressed to no one */
    char excerpt[160];          /* the start of the text, cut at a character boundary */
    SubmissionState state;
} Submission;

/* The "Check a reference" screen: what the participant typed and what became of it. */
typedef struct RefCheck {
    TextEdit ref;
    char ref_buf[TEXTEDIT_BUF_BYTES(16)];
    uint32_t request;           /* the look-up waiting for the server's answer, 0: none */
    I18nMsg result;             /* MSG_NONE until checked */
    char date[64];              /* when the secretariat received it, as the language writes dates */
    I18nMsg reason;             /* withheld: the reason's label */
    char published_url[160];    /* published: where on the published page (relative to the page) */
} RefCheck;

/* The registration form and what it produced. */
typedef struct Participant {
    TextEdit name, organization, email;
    char name_buf[TEXTEDIT_BUF_BYTES(APP_NAME_CHARS)];
    char organization_buf[TEXTEDIT_BUF_BYTES(APP_NAME_CHARS)];
    char email_buf[RECORD_MAX_EMAIL_BYTES + 1]; /* so its byte capacity is the record's limit too */
    int category;               /* index into the event's categories, -1 none */
    char country[3];            /* ISO 3166-1 alpha-2 or "" */
    bool consent;
    bool registered;
    char id[RECORD_UUID_LEN + 1];
    I18nMsg name_error, organization_error, category_error, email_error; /* MSG_NONE = fine */
    I18nMsg save_error;
} Participant;

typedef struct Composer {
    TextEdit text;
    char text_buf[TEXTEDIT_BUF_BYTES(APP_COMMENT_CHARS)];
    int agenda_item;            /* -1: not chosen */
    int panellist;              /* -1: no one in particular */
    int written_in;             /* I18nLang the writer chose; -1: guessed from the text */
    I18nMsg error;
} Composer;

/* What only the platform knows for the status line (the outbox knows the rest). */
typedef struct AppStatus {
    bool offline;
    bool storage_not_persisted; /* the browser refused navigator.storage.persist(), or has none */
    bool no_offline_start;      /* no service worker: a plain-HTTP address, not a secure context */
} AppStatus;

/* The record being stored (between host.store_record and app_record_stored): one at a time,
 * and no receipt or next screen before its commit. */
typedef enum AppStoring { STORING_NONE, STORING_REGISTRATION, STORING_COMMENT } AppStoring;

/* The kiosk's on-screen keyboard (app/keyboard.c): what one person chose and is typing. */
typedef enum OskShift { OSK_SHIFT_OFF, OSK_SHIFT_ONCE, OSK_SHIFT_CAPS } OskShift;
typedef struct OnScreenKeyboard {
    OskLayout layout;           /* chosen with the globe key, when layout_chosen */
    bool layout_chosen;         /* else the layout follows the interface language */
    OskLayer layer;
    OskShift shift;
    uint32_t held;              /* the key held down (widget id), 0: none */
    int held_row, held_col;     /* which key of the plane it is */
    float held_x;               /* and where it is drawn (CSS px, screen coordinates) */
    bool held_backspace;
    int64_t held_since;         /* when it was pressed (host now_ms) */
    int64_t repeat_at;          /* backspace held: when it deletes again */
    bool swallow_release;       /* the held key already acted (repeat, alternates opened) */
    bool more_open;             /* the long-press alternates of key (more_row, more_col) show */
    int more_row, more_col;
    float more_x;
    PinyinInput pinyin;         /* the composition being typed on the pinyin layout */
    TextEdit *composing;        /* the field the composition is in, NULL: none */
    int page;                   /* of the candidates */
} OnScreenKeyboard;

/* The pinyin candidate table: fetched the first time pinyin is used, checked, then kept. */
typedef enum PinyinState { PINYIN_ABSENT, PINYIN_LOADING, PINYIN_READY, PINYIN_FAILED } PinyinState;

typedef struct App {
    AppHost host;
    Event event;
    bool has_event;
    bool start_failed;          /* app_init could not have its memory: no event is ever loaded */
    char error[512];            /* why there is no event (or no start), shown on the error screen */
    I18nLang lang, default_lang;
    I18nLang lang_wanted;       /* chosen while its pack was on its way (I18N_LANG_COUNT: none) */
    AppMode mode;
    int idle_s;
    AppScreen screen, pending_screen;
    float scroll[SCREEN_COUNT]; /* CSS px scrolled from the top, per screen */
    float content_h, view_h;    /* of the current screen's scroll area */
    UiMemory ui_mem;
    UiStyle style;
    char device[RECORD_UUID_LEN + 1];

    Participant p;
    Composer c;
    TextEdit country_search;
    char country_search_buf[TEXTEDIT_BUF_BYTES(APP_SEARCH_CHARS)];
    int detail_item;            /* SCREEN_ITEM */
    Submission subs[APP_MAX_SUBMISSIONS];
    int sub_count;
    int receipt;                /* index of the submission the receipt shows */
    OnScreenKeyboard osk;
    PinyinState pinyin_state;
    PinyinTable pinyin_table;
    uint8_t *pinyin_bytes;      /* the table's bytes, owned (app_pinyin_data) */
    AppStatus status;
    SaveState save;
    int saved_count;            /* SAVE_DONE: records in the file */

    /* pointer and idle bookkeeping */
    bool pointer_down, dragging;
    float press_x, press_y, drag_last_y;
    int64_t last_input_ms;      /* monotonic-ish: host now_ms */
    bool countdown;             /* the "Still there?" overlay is up */
    int countdown_left;
    bool reveal_focus;          /* keyboard focus moved: scroll it into view */
    bool reset_requested, start_over_requested; /* applied after the pass */
    AppStoring storing;                         /* what the pending_* fields hold */
    char pending_id[RECORD_UUID_LEN + 1];       /* the record being stored */
    char pending_line[RECORD_MAX_LINE_BYTES + 1]; /* its line (a registration is remembered) */
    size_t pending_len;
    uint8_t *pending_blob;                      /* its storage form, for the outbox */
    size_t pending_blob_len, pending_blob_cap;
    Outbox *outbox;             /* every stored record until parleyd acknowledges it */
    UploadPump upload;

    struct Console *console;    /* APP_MODE_CONSOLE only (console.h) */
    RefCheck check;             /* SCREEN_CHECK */
    Live live;                  /* the item in progress and the floor request (app/live.h) */
    QrCode qr;                  /* the receipt's QR code, made once per reference and language */
    char qr_text[400];
    char base_url[256];         /* the page's address without query (app_set_base_url), "" unknown */
    bool code_missing;          /* the code fetched after the first frame is not here yet (app_set_deferred) */

    /* text fields of the last pass, for the on-screen keyboard */
    uint32_t field_ids[APP_MAX_FIELDS];
    TextEdit *field_te[APP_MAX_FIELDS];
    int field_count;
    uint32_t osk_field;         /* the focused field the keyboard types into, 0: none */
} App;

/* device_id: this device's id from earlier visits, or NULL/invalid to make a new one.
 * False when memory for the outbox (or the console) cannot be had: the app then stays on the
 * error screen, which says so (app_load_event refuses every event), and can still be freed. */
bool app_init(App *app, const AppHost *host, const char *lang_tag, AppMode mode, int idle_s,
              const char *device_id);
void app_free(App *app);

/* The page's address (scheme, host, path up to the last '/'), for the receipt's QR code of its
 * reference page; without one the receipt shows no QR code. */
void app_set_base_url(App *app, const char *url);
/* Whether the code the web build fetches after the first frame (core/deferred.h) is here:
 * the participant's forms, the on-screen keyboard, storing and uploading records, the QR code
 * maker. Until it is, those screens say they are loading and the outbox waits; it arrives
 * (present true) and the app carries on where it was, the outbox's upload included. Natively
 * everything is always here. */
void app_set_deferred(App *app, bool present);

/* The platform is ready to answer host.request (after the event is loaded): the console asks
 * whether a staff session exists already. Nothing to do in the other modes. */
void app_begin(App *app);

/* Loads the event from untrusted bytes; on failure the app shows the error screen.
 * name is used in the error message (a file name or URL). */
bool app_load_event(App *app, const char *name, const char *json, size_t len);
/* A newer or fuller copy of the loaded event, from an untrusted answer parsed by event_parse
 * (the live poll's, which also brings every translation after a first screen drawn from one
 * language's: GET api/v1/event?lang=): taken when it loads and is the same event with the
 * same agenda items, panellists and categories (event_same_shape), else ignored. True when
 * taken. */
bool app_take_event(App *app, const struct cJSON *answer);
/* Remote mode: restores a remembered registration line (ignored if invalid or for another
 * event). */
void app_restore_registration(App *app, const char *line, size_t len);

/* Handles one input (a UI pass over the current screen); returns true when the screen must
 * be redrawn. width/height: the viewport in CSS px. */
bool app_input(App *app, Ui *ui, const UiInput *in, float width_px, float height_px);
/* Pointer motion: a held press that moves past the slop becomes a drag that scrolls. */
bool app_pointer_move(App *app, float x, float y);
/* Wheel or drag scrolling of the current screen, CSS px (positive: towards the end). */
bool app_scroll_by(App *app, float dy);
/* The mirror's scroll container moved (screen reader, find-in-page, focus). */
bool app_scroll_to(App *app, float y);

/* Time passes: drives the idle countdown and reset. Returns true when the screen changed. */
bool app_tick(App *app, int64_t now_ms);
/* Milliseconds until app_tick has something to do, or -1 for never. */
int64_t app_next_tick_ms(const App *app, int64_t now_ms);

/* Builds one frame: draw commands and semantics nodes into ui. */
void app_frame(App *app, Ui *ui, float width_px, float height_px);

/* The platform reports the network and storage; returns true when the status line changed. */
bool app_set_status(App *app, const AppStatus *status);

/* The agenda item in progress now (event date, times and time zone), or -1. */
int app_item_in_progress(const App *app);

/* The platform's answer to host.store_record. Returns true when the screen changed. */
bool app_record_stored(App *app, const char *id, bool ok);

/* The answer to host.save_records: how many records the file holds, or ok false. Returns
 * true when the screen changed. */
bool app_records_saved(App *app, int count, bool ok);

/* The language of the comment being written: the writer's choice, else guessed from its
 * letters (i18n_lang_of_text), Latin letters taken as the interface's language. */
I18nLang app_comment_lang(const App *app);

/* The platform's answer to host.request (see AppHost.request), with the answer's Retry-After
 * header (NULL or "" when there is none: the upload pump obeys it). Returns true when the
 * screen changed. app_http_response is the same without the header. */
bool app_http_answer(App *app, uint32_t id, int status, const char *body, size_t len, bool final,
                     const char *retry_after);
bool app_http_response(App *app, uint32_t id, int status, const char *body, size_t len, bool final);

/* --- uploads (upload.c): the outbox to parleyd through host.request ------------------------ */

/* This program may upload until until_ms (the expiry of the device's upload lease it holds,
 * core/lease.h; INT64_MAX where no other program shares the device's records). Then pumps.
 * Returns true when the status line changed. */
bool app_upload_allow_until(App *app, int64_t until_ms);
/* Sends the next batch if one is due, this program may upload and the network is up
 * (app_set_status); app_tick calls it too. Returns true when it changed the status line. */
bool app_upload_pump(App *app);
/* Milliseconds until the pump has a batch to send (0: now), -1 for none or one in flight. */
int64_t app_upload_next_ms(const App *app, int64_t now_ms);
/* The platform changed the outbox (a sync pass, core/outbox.h): its decisions are stored and
 * the pump runs. Returns true when the status line changed. */
bool app_outbox_synced(App *app);
/* The answer to the pump's request id; false when id is not the pump's. */
bool app_upload_answer(App *app, uint32_t id, int status, const char *body, size_t len, const char *retry_after);

/* A character key (a letter, a digit, '/') pressed while no text field has focus: the
 * console's moderator shortcuts. Returns true when the screen changed. */
bool app_shortcut(App *app, Ui *ui, int ch, float width_px, float height_px);

/* Switches the interface language; nothing typed is lost. A language whose pack is not here
 * yet is fetched first (host.load_lang) and switched to when it arrives. */
void app_set_lang(App *app, I18nLang lang);
/* The answer to host.load_lang: the pack was installed (ok) or not (then the language stays
 * as it was). Returns true when the screen changed. */
bool app_lang_ready(App *app, I18nLang lang, bool ok);
/* The answer to host.load_pinyin: the table's bytes (malloc'd; the app owns them from now
 * on and frees them if they fail their checks) or NULL when they could not be had. Returns
 * true when the screen changed. */
bool app_pinyin_data(App *app, uint8_t *bytes, size_t len);

/* Kiosk reset: back to the welcome screen with every trace of the participant wiped from
 * memory (records already stored stay queued). */
void app_reset(App *app);

#endif
